"""The guide's field reference (编写与维护指南 → 字段说明), generated from the models: every model a
data file can hold has its table, under a Chinese name; no class name of the code reaches the page."""

from __future__ import annotations

import re
import typing
from typing import Any

from pydantic import BaseModel

from handbook.render.guide import LABELS, SECTIONS, field_reference


def _models_in(annotation: Any) -> set[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {annotation}
    return {m for arg in typing.get_args(annotation) for m in _models_in(arg)}


def _reachable(model: type[BaseModel]) -> set[type[BaseModel]]:
    seen: set[type[BaseModel]] = set()
    todo = [model]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for info in current.model_fields.values():
            todo.extend(_models_in(info.annotation))
    return seen


def test_every_model_a_data_file_can_hold_has_its_table() -> None:
    shown = {m for _, model, nested in SECTIONS for m in (model, *nested)}
    reachable = {m for _, model, _ in SECTIONS for m in _reachable(model)}
    assert reachable - shown == set()  # a nested object whose fields the editors would not find
    assert shown <= set(LABELS)


def test_the_reference_names_models_in_chinese_only() -> None:
    text = str(field_reference())
    headings = re.findall(r"^#{3,4} (.*)$", text, re.M)
    assert len(headings) == sum(1 + len(nested) for _, _, nested in SECTIONS)
    assert len(set(headings)) == len(headings)  # each its own anchor
    class_names = {m.__name__ for m in LABELS}
    for heading in headings:
        assert not re.search(r"[A-Z][a-z]+[A-Z]?", heading), heading  # Step, ChecklistGroup …
    # nor in the 类型 column, where a field holds a list of objects (列表（步骤）)
    cells = re.findall(r"\| *([^|]*?) *\|", text)
    assert not class_names & set(re.findall(r"[A-Za-z]+", " ".join(cells))) - {"true", "false"}
