"""The kinds of value the data model is made of: ids, texts, dates, revisions, time limits.

Each is a pydantic type with its rule and its description for the editor; ``Strict`` is the base
of every model (unknown keys are errors, nothing is coerced). ``text_or_schema`` and ``from_text``
let an entry be written as its text alone (``- 问清房号``) or as a mapping with more fields.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema

from handbook.data.problems import shown
from handbook.data.timelimit import parse_time_limit

# Patterns are matched whole (pydantic's regex engine; ``re.fullmatch`` in Python code), so a
# trailing line break never passes for the ``$``.
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
REVISION_PATTERN = r"^[A-Z]/[0-9]+$"
#: Names Windows reserves for devices: a file or folder ``con`` or ``con.yaml`` cannot exist there,
#: so an id like these would break a clone on Windows and a copy of the offline build to a USB stick.
WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{name}{n}" for name in ("com", "lpt") for n in range(10)]
)


def _iso_date(value: Any) -> Any:
    """Accept only text written as YYYY-MM-DD (the loader never turns bare dates into objects)."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"日期 '{value}' 不存在，请检查年月日") from None
    if isinstance(value, str) and re.fullmatch(r"\d{4}[-－]\d{2}[-－]\d{2}", value.strip()):
        raise ValueError(f"日期 '{shown(value)}' 中有全角数字或全角符号：请切换到英文输入法，用半角数字写成 YYYY-MM-DD")
    raise ValueError("日期应写成 YYYY-MM-DD，例如 2008-03-06")


def _not_reserved(value: str) -> str:
    if value in WINDOWS_RESERVED:
        raise ValueError(f"'{value}' 是 Windows 的保留设备名，不能用作 id：换一个，例如 {value}-items")
    return value


def _time_limit(value: str) -> str:
    parse_time_limit(value)  # raises ValueError with a message for the editor
    return value


Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN),
    AfterValidator(_not_reserved),
    Field(description="编号（id）：小写英文字母、数字和连字符，例如 cs-assistant"),
]
Text = Annotated[str, StringConstraints(min_length=1)]
IsoDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
Revision = Annotated[
    str,
    StringConstraints(pattern=REVISION_PATTERN),
    Field(description="版号/改次，如 A/0：字母为版号，数字为改次"),
]
TimeLimit = Annotated[
    str,
    AfterValidator(_time_limit),
    Field(
        description=(
            "时限：数字加单位，min=分钟、h=小时、d=天、wd=工作日，如 30min、2h、1d、3wd；"
            "或 immediate（立即）、same-day（当日）"
        ),
        examples=["30min", "2h", "1d", "3wd", "same-day", "immediate"],
    ),
]


class Strict(BaseModel):
    """Base: unknown keys are errors, and values are never coerced between types."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def from_text(value: Any) -> Any:
    """An entry written as its text alone is the mapping ``{text: …}``."""
    return {"text": value} if isinstance(value, str) else value


def text_or_schema(model: type[BaseModel], description: str) -> dict[str, Any]:
    """The JSON Schema of an entry that is either its text or the whole ``model``."""
    return {"anyOf": [{"type": "string", "minLength": 1, "description": description}, model.model_json_schema()]}
