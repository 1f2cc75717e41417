"""Checks of ``search.yaml``: every alias leads to something that is there.

- ``procedure`` must name a procedure of the handbook (a file in ``sops/``); ``role`` a role
  (``roles/``), ``form`` a form (``forms/``), each located with a did-you-mean.
- ``written`` must be a word the handbook really uses: in that procedure when one is named,
  anywhere in the data otherwise (not counting the self-check and the revision history, which
  are not searched). An alias to a word the text does not contain finds nothing.
- A said word is one word as typed (no spaces or punctuation: the search cuts a query there),
  and says something else than the written word.
- The same said word may not lead to two different places.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, StringConstraints
from pydantic_core import to_jsonable_python

from handbook.data.aliases import FILE, Alias, SearchWords
from handbook.data.document import Document
from handbook.data.problems import Problem
from handbook.data.validate import closest

# What a query is cut at before any word is looked up: spaces and punctuation, ASCII or full-width.
_BREAK = re.compile(r"[\s,.;:!?'\"()\[\]/\\，。、；：！？“”‘’（）《》【】·…—]")


# What the search index leaves out of a procedure's page (render.sop_page.NOT_SEARCHED): a word
# found only there leads nowhere.
NOT_SEARCHED = {"self_check", "history"}


#: What separates two values in :func:`model_text`: a character no text of the data may hold
#: (the checker refuses control characters), so no word is found across two values.
_APART = "\0"


def model_text(value: Any) -> str:
    """The searchable text of a validated model, in one string to look words up in: its values
    only (texts, numbers, dates), never the names of its fields or any punctuation around them,
    nor an id (of a step, a role, a form, a procedure handed off to, a law): no page shows one as
    text, a reader sees the title it stands for."""
    return _APART.join(_values(_shown(value, NOT_SEARCHED)))


def _shown(value: Any, left_out: Iterable[str] = ()) -> Any:
    """``value`` as JSON-like data, every field that holds ids (and those ``left_out``) dropped."""
    if isinstance(value, BaseModel):
        return {name: _shown(getattr(value, name)) for name in _shown_fields(type(value), frozenset(left_out))}
    if isinstance(value, (list, tuple)):
        return [_shown(item) for item in value]
    if isinstance(value, dict):
        return {key: _shown(item) for key, item in value.items()}
    return to_jsonable_python(value)


@functools.cache
def _shown_fields(model: type[BaseModel], left_out: frozenset[str]) -> tuple[str, ...]:
    """The fields of ``model`` that :func:`_shown` keeps, in order (a model's fields and their
    types do not change while the process runs)."""
    return tuple(name for name, info in model.model_fields.items()
                 if name not in left_out and not _holds_ids(info.annotation, info.metadata))


def _holds_ids(annotation: Any, metadata: Iterable[Any] = ()) -> bool:
    """Whether a field's type is an id or a reference (a string with a pattern, as ``fields.Id``),
    alone, optional or in a list."""
    if any(isinstance(m, StringConstraints) and m.pattern is not None for m in metadata):
        return True
    if get_origin(annotation) is Annotated:
        base, *extra = get_args(annotation)
        return _holds_ids(base, extra)
    return any(_holds_ids(arg) for arg in get_args(annotation) if arg is not type(None))


def _values(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for item in data.values():
            yield from _values(item)
    elif isinstance(data, list):
        for item in data:
            yield from _values(item)
    elif isinstance(data, str):
        yield data
    elif isinstance(data, (int, float)) and not isinstance(data, bool):
        yield str(data)


def alias_problems(doc: Document, words: SearchWords, sop_ids: Iterable[str],
                   sop_texts: Mapping[str, str], all_text: str, *, key: str = "aliases",
                   taken: Mapping[str, tuple[str | None, str | None]] | None = None,
                   role_ids: Iterable[str] | None = None, form_ids: Iterable[str] | None = None) -> list[Problem]:
    """Problems of ``search.yaml`` (``doc``) given the procedure ids that exist, the text of each
    procedure that validated, and the text of the whole data. An estate's own aliases are checked
    the same way: ``doc`` is its ``estate.yaml``, ``key`` the list's name there, and ``taken``
    where the standard's said words already lead (an estate may not send one elsewhere). With
    ``role_ids`` and ``form_ids``, an alias's ``role`` and ``form`` must name one of them."""
    ids = sorted(sop_ids)
    pages = (("procedure", ids, "程序", "ref.unknown-procedure"),
             ("role", None if role_ids is None else sorted(role_ids), "岗位", "ref.unknown-role"),
             ("form", None if form_ids is None else sorted(form_ids), "表格", "ref.unknown-form"))
    problems: list[Problem] = []
    leads: dict[str, tuple[str | None, str | None]] = dict(taken or {})
    for i, alias in enumerate(words.aliases):
        where = (key, i)
        for j, word in enumerate(alias.said):
            if _BREAK.search(word):
                problems.append(doc.problem(
                    (*where, "said", j), f"说法 '{word}' 中有空格或标点",
                    "搜索在空格和标点处断开查询；一个说法写成一个词，多个说法分开写在列表里", code="alias.punctuation",
                ))
            elif word == alias.written:
                problems.append(doc.problem((*where, "said", j), f"说法 '{word}' 与 written 相同",
                                            "删去这个说法：手册原文本来就能搜到它", code="alias.same-as-written"))
            target = (_page(alias), alias.written)
            if word in leads and leads[word] != target:
                problems.append(doc.problem((*where, "said", j), f"说法 '{word}' 重复，且指向不同的地方",
                                            "同一个说法只写一次；要指向多处时只保留最常用的那个程序", code="alias.duplicate"))
            leads.setdefault(word, target)
        unknown = False
        for field, names, what, code in pages:
            given = getattr(alias, field)
            if given is None or names is None or given in names:
                continue
            guess = closest(given, names)
            hint = ("是否想写 " + "、".join(f"'{g}'" for g in guess) + "？") if guess else \
                f"可用的{what}：" + "、".join(names[:30]) + ("……" if len(names) > 30 else "")
            problems.append(doc.problem((*where, field), f"别名指向未知的{what} '{given}'", hint,
                                        code=code, subject=given))
            unknown = True
        if unknown:
            continue
        if alias.written is None:
            if alias.slip:
                problems.append(doc.problem((*where, "slip"), "错字条目没有写 written",
                                            "错字不列在程序页上，只在搜索时换成 written 的词；请写上正确的词", code="alias.no-written"))
            continue
        if alias.procedure is not None:
            text = sop_texts.get(alias.procedure)
            if text is not None and alias.written not in text:
                problems.append(doc.problem(
                    (*where, "written"), f"程序 '{alias.procedure}' 中找不到 '{alias.written}'",
                    "written 要写该程序原文里的词（可在程序页上搜索核对）；没有合适的词就删去 written", code="alias.not-found",
                ))
        elif alias.written not in all_text:
            problems.append(doc.problem(
                (*where, "written"), f"整本手册中找不到 '{alias.written}'",
                "written 要写手册原文里的词；或者加上 procedure，让这些说法直接指向一个程序", code="alias.not-found",
            ))
    return problems


def leads_of(words: SearchWords) -> dict[str, tuple[str | None, str | None]]:
    """Where each said word of ``words`` leads: (procedure, role or form; written), the first one counting."""
    leads: dict[str, tuple[str | None, str | None]] = {}
    for alias in words.aliases:
        for word in alias.said:
            leads.setdefault(word, (_page(alias), alias.written))
    return leads


def _page(alias: Alias) -> str | None:
    """The page an alias leads to (its procedure, role or form), if any: at most one is written."""
    return alias.procedure or alias.role or alias.form


__all__ = ["FILE", "alias_problems", "leads_of", "model_text"]
