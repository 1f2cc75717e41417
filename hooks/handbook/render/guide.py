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
    FormSection, Glossary, HistoryEntry, KeyPoint, Kpi, Organization, Part, Partner, Position, ProcedureGroup,
    Responsibility, Role, SelfCheck, Sop, Standard, Step, Term, Unit,
)
from handbook.data.estates import (
    AddedProcedure, EstateFile, Headcount, OmittedProcedure, ProcedureDepartures, ReplacedProcedure,
    StricterCommitment,
)

GUIDE_MARKER = "<!-- handbook:fields -->"

#: What each model is called in the guide (its headings, and the 类型 column where a field holds
#: one): the editors read Chinese, not the code's class names. A model shown without a name here
#: stops the build (``label``), so a new one cannot appear in English.
LABELS: dict[type[BaseModel], str] = {
    Sop: "程序", Step: "步骤", Decision: "判断", Branch: "判断的分支", Responsibility: "职责分工",
    Definition: "术语定义", ChecklistGroup: "检查单分组", ChecklistItem: "检查项", KeyPoint: "注意事项",
    SelfCheck: "自查问答", HistoryEntry: "修订记录", Role: "岗位", Duty: "职责条目", Kpi: "考核指标",
    Form: "表格", FormSection: "栏目分组", FormField: "栏目", Organization: "架构及编制", Unit: "组别",
    Position: "岗位设置", Partner: "协作单位", Standard: "公司标准", Part: "手册的部分", ProcedureGroup: "程序分组",
    EstateFile: "项目文件", Estate: "项目基本信息", ProcedureDepartures: "与公司标准不同的程序",
    StricterCommitment: "更严的服务承诺", AddedProcedure: "本项目增加的程序",
    ReplacedProcedure: "本项目替换的程序", OmittedProcedure: "本项目不采用的程序", Headcount: "本项目编制",
    Commitment: "服务承诺", Glossary: "术语表", Term: "术语", SearchWords: "常用说法表", Alias: "常用说法",
    Laws: "法律法规清单", Law: "法律法规", Article: "条款", Verified: "核对记录",
}


def label(model: type[BaseModel]) -> str:
    """The model's name in the guide (``LABELS``)."""
    try:
        return LABELS[model]
    except KeyError:
        raise KeyError(f"{model.__name__} has no Chinese name in handbook.render.guide.LABELS: add one") from None

#: (file, model, nested models shown below it)
SECTIONS: list[tuple[str, type[BaseModel], list[type[BaseModel]]]] = [
    ("sops/<id>.yaml 程序", Sop, [Step, Decision, Branch, Responsibility, Definition, ChecklistGroup,
                                  ChecklistItem, KeyPoint, SelfCheck, HistoryEntry]),
    ("roles/<id>.yaml 岗位职责", Role, [Duty, Kpi]),
    ("forms/<id>.yaml 记录表格", Form, [FormSection, FormField]),
    ("organization.yaml 架构及编制", Organization, [Unit, Position, Partner]),
    ("handbook.yaml 公司标准的文件控制", Standard, [Part, ProcedureGroup]),
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
            return label(annotation)
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
            out.append(Md("#### {}\n\n{}").format(label(sub), model_table(sub)))
    return Md("\n").join(out)
