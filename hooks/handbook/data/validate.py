"""Validating one file's data against its model, with messages an editor can act on.

Pydantic reports errors by path (``steps → 3 → role``); the loaded :class:`Document` knows the
line and column of every path, so each error becomes a located :class:`Problem` in Chinese, with a
hint (for an unknown key: the closest allowed key and the full list).
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, Union

from pydantic import BaseModel, ValidationError

from handbook.data.document import Document
from handbook.data.yamlnodes import plain, written
from handbook.data.problems import Problem, shown
from handbook.data.fields import ID_PATTERN, REVISION_PATTERN, Strict

M = TypeVar("M", bound=Strict)

_KIND_NAMES = {
    bool: "布尔值",
    int: "数字",
    float: "数字",
    str: "文字",
    list: "列表",
    dict: "一组键值",
    type(None): "空值",
}


def closest(word: str, choices: typing.Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` of ``choices`` that look like ``word`` (for "did you mean …")."""
    return difflib.get_close_matches(word, sorted(set(choices)), n=n, cutoff=0.6)


def _unwrap(annotation: Any) -> type[BaseModel] | None:
    """The model class inside list[...], X | None, Annotated[...]; None for plain values."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (list, Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _unwrap(arg)
            if found is not None:
                return found
    return None


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that owns the mapping at ``loc`` (list indices are skipped)."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            continue  # pydantic adds union / validator names to some paths
        current = _unwrap(field.annotation)
    return current


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """The part of a pydantic ``loc`` that exists in the data (drops union member names)."""
    path: list[str | int] = []
    current = data
    for part in loc:
        if isinstance(current, dict) and isinstance(part, str) and part in current:
            current = current[part]
            path.append(part)
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
            path.append(part)
        elif isinstance(current, (dict, list)) and isinstance(part, (str, int)):
            path.append(part)
            current = None
        # anything else is a pydantic-internal path element: skip it
    return tuple(path)


def _lookup(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _describe(value: Any) -> str:
    kind = next((name for t, name in _KIND_NAMES.items() if isinstance(value, t)), "值")
    if isinstance(value, (dict, list)):
        return kind
    return f"{kind} {shown(written(value))}"


@dataclass(frozen=True)
class _Error:
    """One pydantic error, with what a message needs to know about it."""

    kind: str
    raw: Any  # the value in the data (None when missing)
    field: str  # the last key of its path
    ctx: dict[str, Any]
    msg: str
    owner: type[BaseModel] | None  # the model that owns the field
    description: str | None  # the field's description, the default hint
    item: bool = False  # the value is an item of a list (``- …``), not after a key


Message = tuple[str, str | None, bool, str]  # message, hint, located at the key rather than the value, code


def _missing(e: _Error) -> Message:
    return f"缺少必填字段 '{e.field}'", e.description, False, "field.missing"


def _extra(e: _Error) -> Message:
    allowed = sorted(e.owner.model_fields) if e.owner is not None else []
    guess = closest(e.field, allowed, 1)
    hint = (f"是否想写 '{guess[0]}'？" if guess else "") + ("可用的字段：" + "、".join(allowed) if allowed else "")
    return f"未知字段 '{shown(e.field)}'", hint or None, True, "field.unknown"


def _string_type(e: _Error) -> Message:
    if e.raw is None:  # ``title:`` (or ``-``) with nothing after it
        where = "“- ”" if e.item else "冒号"
        return (f"不能为空：{where}后没有填写内容",
                f"在{where}后写上内容" + (f"（{e.description}）" if e.description else ""), False, "field.empty")
    hint = (f"加引号写成 \"{shown(written(e.raw))}\"，它就会原样保留为文字"
            if not isinstance(e.raw, (dict, list)) else e.description)
    return f"应为文字，这里是{_describe(e.raw)}", hint, False, "field.type"


def _bool(e: _Error) -> Message:
    return f"应为 true 或 false，这里是 {shown(written(e.raw))}", "只能写 true 或 false（yes/no/on/off 不算）", False, "field.type"


def _int(e: _Error) -> Message:
    return f"应为整数，这里是{_describe(e.raw)}", e.description, False, "field.type"


def _list(e: _Error) -> Message:
    return f"应为列表，这里是{_describe(e.raw)}", "列表的每一项单独一行，以“- ”开头", False, "field.type"


def _mapping(e: _Error) -> Message:
    return f"应为一组键值（key: value），这里是{_describe(e.raw)}", e.description, False, "field.type"


def _literal(e: _Error) -> Message:
    if e.ctx.get("expected") == "True":
        return f"应为 true，这里是 {shown(written(e.raw))}", "写 true；yes、no、on、off 在本手册中不算布尔值", False, "field.choice"
    return f"'{shown(written(e.raw))}' 不是允许的取值", f"可选：{e.ctx.get('expected', '')}", False, "field.choice"


def _pattern(e: _Error) -> Message:
    pattern = e.ctx.get("pattern", "")
    if pattern == ID_PATTERN:
        return f"'{shown(e.raw)}' 不是合法的 id", "id 只能用小写英文字母、数字和连字符，例如 cs-assistant", False, "id.invalid"
    if pattern == REVISION_PATTERN:
        return f"版号/改次 '{shown(e.raw)}' 格式不对", "写成“大写字母/数字”，例如 A/0、B/2", False, "revision.invalid"
    return f"'{shown(e.raw)}' 格式不对", e.description, False, "field.format"


def _too_short_text(e: _Error) -> Message:
    return "不能为空", e.description, False, "field.empty"


def _too_short(e: _Error) -> Message:
    return f"至少需要 {e.ctx.get('min_length')} 项", e.description, False, "field.too-few"


def _bound(e: _Error) -> Message:
    bound = e.ctx.get("ge", e.ctx.get("le"))
    word = "不小于" if e.kind == "greater_than_equal" else "不大于"
    return f"{shown(written(e.raw))} 超出范围：应{word} {bound}", e.description, False, "field.range"


def _value_error(e: _Error) -> Message:
    return str(e.ctx.get("error", e.msg)), None, False, "field.invalid"


#: How each kind of pydantic error is worded (anything else: pydantic's message, the description).
_MESSAGES: dict[str, Callable[[_Error], Message]] = {
    "missing": _missing,
    "extra_forbidden": _extra,
    "string_type": _string_type,
    "bool_type": _bool, "bool_parsing": _bool,
    "int_type": _int, "int_parsing": _int, "int_from_float": _int,
    "list_type": _list,
    "model_type": _mapping, "dict_type": _mapping, "model_attributes_type": _mapping,
    "literal_error": _literal,
    "string_pattern_mismatch": _pattern,
    "string_too_short": _too_short_text,
    "too_short": _too_short,
    "greater_than_equal": _bound, "less_than_equal": _bound,
    "value_error": _value_error,
}


def _message(error: dict[str, Any], raw: Any, model: type[BaseModel]) -> Message:
    """Message, hint, whether the problem is located at the key (rather than the value), code."""
    loc = tuple(error["loc"])
    field = next((p for p in reversed(loc) if isinstance(p, str)), "")
    owner = _model_at(model, loc[:-1])
    description = None
    if owner is not None and field in owner.model_fields:
        description = owner.model_fields[field].description
    item = bool(loc) and isinstance(loc[-1], int)
    e = _Error(error["type"], raw, field, error.get("ctx") or {}, error["msg"], owner, description, item)
    wording = _MESSAGES.get(e.kind)
    if wording is None:
        return str(e.msg), e.description, False, "field.invalid"
    return wording(e)


def field_names(model: type[BaseModel]) -> frozenset[str]:
    """Every key that ``model`` and the models inside it accept."""
    names: set[str] = set()
    stack, seen = [model], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        for name, info in current.model_fields.items():
            names.add(info.alias or name)
            for annotation in _members(info.annotation):
                stack.append(annotation)
    return frozenset(names)


def _members(annotation: Any) -> list[type[BaseModel]]:
    """Every model class inside an annotation (list[...], unions, Annotated[...])."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _members(arg)]


def keys_in_text(doc: Document, model: type[BaseModel]) -> list[Problem]:
    """Warnings for lines inside a text value that read like one of the model's keys.

    ``details: >-`` followed by ``time_limit: 12h`` indented one level too deep makes the time
    limit part of the text: the step silently loses it. The loader records such lines; here
    those naming a real key of the model become warnings at their line."""
    names = field_names(model)
    problems = []
    for path, lines in doc.keylike.items():
        for line, column, key, colon in lines:
            if key not in names:
                continue
            field = next((p for p in reversed(path) if isinstance(p, str)), "")
            if (line, column) == doc.where(path):  # the whole value: ``- text：…`` on one line
                problems.append(Problem(
                    doc.file, line, column + len(key),
                    f"'{shown(key)}' 后面是全角冒号“：”，整行被读成了一段文字，而不是字段 {shown(key)}",
                    f"键名后的冒号要用英文半角冒号加一个空格：{key}: …（切换到英文输入法再输入冒号）",
                    "warning", code="yaml.full-width-colon",
                ))
                continue
            width = "（全角冒号“：”）" if colon == "：" else ""
            problems.append(Problem(
                doc.file, line, column,
                f"'{shown(key)}{colon}' 成了 '{shown(field)}' 文字的一部分{width}，不会作为字段读取",
                f"如果这是字段 {key}，把它与 {field} 对齐（少缩进一级）" + ("，并改用半角冒号" if width else "")
                + "；如果确是文字，改写这一行，不要以“键名:”开头",
                "warning", code="yaml.key-in-text",
            ))
    return problems


def validate(doc: Document, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate a document; return the model (or None) and located problems (and warnings)."""
    warnings = keys_in_text(doc, model) if doc.keylike else []
    try:
        return model.model_validate(plain(doc.data)), warnings
    except ValidationError as exc:
        problems = []
        seen: set[tuple[Any, ...]] = set()
        for error in exc.errors(include_url=False):
            path = _data_path(doc.data, tuple(error["loc"]))
            raw = _lookup(doc.data, path)
            message, hint, at_key, code = _message(dict(error), raw, model)
            key = (path, message)
            if key in seen:
                continue
            seen.add(key)
            subject = raw if isinstance(raw, str) else None
            problems.append(doc.problem(path, message, hint, key=at_key, code=code, subject=subject))
        return None, problems + warnings
