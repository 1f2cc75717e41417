"""Validating one file's data against its model, with messages an editor can act on.

Pydantic reports errors by path (``steps → 3 → role``); the loaded :class:`Document` knows the
line and column of every path, so each error becomes a located :class:`Problem` in Chinese, with a
hint (for an unknown key: the closest allowed key and the full list).
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar, Union

from pydantic import BaseModel, ValidationError

from handbook.data.load import Document, plain, written
from handbook.data.model import ID_PATTERN, REVISION_PATTERN, Strict

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
            data = data[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _describe(value: Any) -> str:
    kind = next((name for t, name in _KIND_NAMES.items() if isinstance(value, t)), "值")
    if isinstance(value, (dict, list)):
        return kind
    return f"{kind} {written(value)}"


def _message(error: dict[str, Any], raw: Any, model: type[BaseModel]) -> tuple[str, str | None, bool]:
    """Message, hint, and whether the problem is located at the key (rather than the value)."""
    kind = error["type"]
    loc = tuple(error["loc"])
    ctx = error.get("ctx") or {}
    field = next((p for p in reversed(loc) if isinstance(p, str)), "")
    owner = _model_at(model, loc[:-1])
    description = None
    if owner is not None and field in owner.model_fields:
        description = owner.model_fields[field].description
    if kind == "missing":
        return f"缺少必填字段 '{field}'", description, False
    if kind == "extra_forbidden":
        allowed = sorted(owner.model_fields) if owner is not None else []
        guess = closest(field, allowed, 1)
        hint = (f"是否想写 '{guess[0]}'？" if guess else "") + ("可用的字段：" + "、".join(allowed) if allowed else "")
        return f"未知字段 '{field}'", hint or None, True
    if kind == "string_type":
        shown = written(raw)
        return (
            f"应为文字，这里是{_describe(raw)}",
            f"加引号写成 \"{shown}\"，它就会原样保留为文字" if not isinstance(raw, (dict, list)) else description,
            False,
        )
    if kind in ("bool_type", "bool_parsing"):
        return f"应为 true 或 false，这里是 {written(raw)}", "只能写 true 或 false（yes/no/on/off 不算）", False
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"应为整数，这里是{_describe(raw)}", description, False
    if kind == "list_type":
        return f"应为列表，这里是{_describe(raw)}", "列表的每一项单独一行，以“- ”开头", False
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"应为一组键值（key: value），这里是{_describe(raw)}", description, False
    if kind == "literal_error" and ctx.get("expected") == "True":
        return f"应为 true，这里是 {written(raw)}", "写 true；yes、no、on、off 在本手册中不算布尔值", False
    if kind == "literal_error":
        return f"'{written(raw)}' 不是允许的取值", f"可选：{ctx.get('expected', '')}", False
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if pattern == ID_PATTERN:
            return f"'{raw}' 不是合法的 id", "id 只能用小写英文字母、数字和连字符，例如 cs-assistant", False
        if pattern == REVISION_PATTERN:
            return f"版号/改次 '{raw}' 格式不对", "写成“大写字母/数字”，例如 A/0、B/2", False
        return f"'{raw}' 格式不对", description, False
    if kind == "string_too_short":
        return "不能为空", description, False
    if kind == "too_short":
        return f"至少需要 {ctx.get('min_length')} 项", description, False
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = ctx.get("ge", ctx.get("le"))
        word = "不小于" if kind == "greater_than_equal" else "不大于"
        return f"{written(raw)} 超出范围：应{word} {bound}", description, False
    if kind == "value_error":
        return str(ctx.get("error", error["msg"])), None, False
    return str(error["msg"]), description, False


def validate(doc: Document, model: type[M]) -> tuple[M | None, list]:
    """Validate a document; return the model (or None) and located problems."""
    try:
        return model.model_validate(plain(doc.data)), []
    except ValidationError as exc:
        problems = []
        seen: set[tuple[Any, ...]] = set()
        for error in exc.errors(include_url=False):
            path = _data_path(doc.data, tuple(error["loc"]))
            raw = _lookup(doc.data, path)
            message, hint, at_key = _message(error, raw, model)
            key = (path, message)
            if key in seen:
                continue
            seen.add(key)
            problems.append(doc.problem(path, message, hint, key=at_key))
        return None, problems
