"""The field reference of the 编写与维护指南 page, generated from the models' descriptions.

The guide's prose lives in ``docs/guide.md``; the marker ``<!-- handbook:fields -->`` there is
replaced by these tables, so the description of each field can never disagree with the checker.
"""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from handbook.render.markup import Md, inline, table
from handbook.data.aliases import Alias, SearchWords
from handbook.data.laws import Article, Law, Laws, Verified
from handbook.data.model import (
    Branch, ChecklistGroup, ChecklistItem, Commitment, Decision, Definition, Duty, Estate, Form, FormField,
    FormSection, Glossary, HistoryEntry, KeyPoint, Kpi, Organization, Part, Partner, Position,
    Responsibility, Role, SelfCheck, Sop, Standard, Step, Term, Unit,
)
from handbook.data.estates import (
    AddedProcedure, EstateFile, Headcount, OmittedProcedure, ProcedureDepartures, ReplacedProcedure,
    StricterCommitment,
)

GUIDE_MARKER = "<!-- handbook:fields -->"

#: (file, model, nested models shown below it)
SECTIONS: list[tuple[str, type[BaseModel], list[type[BaseModel]]]] = [
    ("sops/<id>.yaml 程序", Sop, [Step, Decision, Branch, Responsibility, Definition, ChecklistGroup,
                                  ChecklistItem, KeyPoint, SelfCheck, HistoryEntry]),
    ("roles/<id>.yaml 岗位职责", Role, [Duty, Kpi]),
    ("forms/<id>.yaml 记录表格", Form, [FormSection, FormField]),
    ("organization.yaml 架构及编制", Organization, [Unit, Position, Partner]),
    ("handbook.yaml 公司标准的文件控制", Standard, [Part]),
    ("estates/<id>/estate.yaml 项目", EstateFile, [Estate, ProcedureDepartures, StricterCommitment,
                                                 AddedProcedure, ReplacedProcedure, OmittedProcedure,
                                                 Headcount]),
    ("commitments.yaml 服务承诺", Commitment, []),
    ("glossary.yaml 术语", Glossary, [Term]),
    ("search.yaml 常用说法（可选）", SearchWords, [Alias]),
    ("laws.yaml 法律法规及其他要求清单（可选）", Laws, [Law, Article, Verified]),
]


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin is list:
        return f"列表（{_type_name(args[0])}）"
    if origin is typing.Literal:
        return " / ".join(str(a).lower() if isinstance(a, bool) else str(a) for a in args)
    if args and type(None) in args:
        return " / ".join(_type_name(a) for a in args if a is not type(None))
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return annotation.__name__
        return {str: "文字", int: "整数", bool: "true/false", float: "数字"}.get(annotation, annotation.__name__)
    return "日期" if "date" in str(annotation) else str(annotation)


def _description(info: FieldInfo) -> str:
    """The field's description, or that of the annotated type it uses (``TimeLimit | None``)."""
    if info.description:
        return info.description
    stack: list[Any] = [info.annotation, *info.metadata]
    while stack:
        item = stack.pop(0)
        if isinstance(item, FieldInfo) and item.description:
            return item.description
        stack.extend(typing.get_args(item))
        if typing.get_origin(item) is typing.Annotated:
            stack.extend(item.__metadata__)
    return ""


def model_table(model: type[BaseModel]) -> Md:
    rows = []
    for name, info in model.model_fields.items():
        required = "必填" if info.is_required() else "可选"
        code = Md("`{}`").format(Md(name))  # a field name of the model, not data
        rows.append([code, inline(_type_name(info.annotation)), required, inline(_description(info))])
    return table(["字段", "类型", "", "说明"], rows)


def field_reference() -> Md:
    out = []
    for title, model, nested in SECTIONS:
        out.append(Md("### {}\n\n{}").format(title, model_table(model)))
        for sub in nested:
            out.append(Md("#### {}\n\n{}").format(sub.__name__, model_table(sub)))
    return Md("\n").join(out)
