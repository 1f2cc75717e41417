"""What relies on which law: the register of laws (``Manual.laws``) indexed by the handbook.

For every law of the register, and every article of it, the procedures and the steps or key
points that rely on it, whether by ``basis``, by a placeholder (``{{law.civil-code:944}}``) or by
a citation in free text (《民法典》第九百四十四条). The appendix 法律法规清单 lists the register with
this index (:func:`law_index`); each procedure's 依据 section lists what it relies on
(:func:`procedure_basis`). The change notice uses the same index to name the procedures to check
again when an entry of the register changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from handbook.data.memo import ByIdentity
from handbook.data.laws import Article, Law, Register, article_text, find_citations, split_ref
from handbook.data.model import Sop
from handbook.data.placeholders import find
from handbook.data.walk import strings
from handbook.manual.manual import Manual

Via = Literal["basis", "placeholder", "text"]
VIA_LABEL: dict[str, str] = {"basis": "依据", "placeholder": "引用", "text": "正文"}

#: Where in a procedure a reliance sits, for the parts that are not a step or a key point.
PART_LABEL: dict[str, str] = {
    "purpose": "目的", "scope": "适用范围", "trigger": "适用情形", "responsibilities": "职责", "definitions": "定义",
    "checklist": "检查单", "self_check": "自测题", "history": "修订记录", "title": "标题",
}


@dataclass(frozen=True, order=True)
class Reliance:
    """One place of one procedure that relies on a law (or an article of it)."""

    sop_id: str
    place: str  # 第 3 步, 注意事项第 2 条, 检查单, 目的 …
    step_id: str | None = None  # the step that relies on it
    key_point: int | None = None  # the key point (0-based) that relies on it
    via: Via = "text"


@dataclass(frozen=True)
class ArticleUse:
    """A law as a whole (``no`` None: cited by name) or one article of it, and what relies on it."""

    no: str | None
    article: Article | None  # the register's entry (None for the law as a whole, or one it lacks)
    reliances: tuple[Reliance, ...]

    @property
    def label(self) -> str:
        """第九百四十四条, or nothing for the law as a whole."""
        return article_text(self.no) if self.no else ""


@dataclass(frozen=True)
class LawUse:
    law: Law
    uses: tuple[ArticleUse, ...]  # the law by name first, then its articles in the register's order

    @property
    def sop_ids(self) -> list[str]:
        """The procedures that rely on the law (any article of it), in the handbook's order."""
        return list(dict.fromkeys(r.sop_id for u in self.uses for r in u.reliances))


def law_index(manual: Manual) -> list[LawUse]:
    """Every law of the manual's register, in the register's order, with what relies on it."""
    return index(manual.laws, manual.sops)


def procedure_basis(manual: Manual, sop_id: str) -> list[LawUse]:
    """The laws one procedure relies on (only those), with its own reliances only."""
    return [use for use in index(manual.laws, {sop_id: manual.sops[sop_id]}) if use.uses]


def index(register: Register, sops: Mapping[str, Sop | None]) -> list[LawUse]:
    """Every law of ``register`` with the reliances of ``sops`` (in their order) on it; a law
    nothing relies on has no uses."""
    found: dict[tuple[str, str | None], list[Reliance]] = {}
    by_name = register.by_name()
    for sop_id, sop in sops.items():
        if sop is not None:
            for law_id, no, reliance in reliances(sop_id, sop, by_name):
                found.setdefault((law_id, no), [])
                if reliance not in found[(law_id, no)]:
                    found[(law_id, no)].append(reliance)
    out = []
    for law in register.laws.values():
        nos: list[str | None] = [None, *(a.no for a in law.articles)]
        nos += sorted((no for lid, no in found if lid == law.id and no not in nos), key=_article_key)
        uses = tuple(ArticleUse(no, law.article(no) if no else None, tuple(found[(law.id, no)]))
                     for no in nos if (law.id, no) in found)
        out.append(LawUse(law, uses))
    return out


def reliances(sop_id: str, sop: Sop, by_name: Mapping[str, str]) -> tuple[tuple[str, str | None, Reliance], ...]:
    """(law id, article or None, where) for every reliance of one procedure on the register:
    its ``basis`` lists, its placeholders and its citations in free text (``by_name``: every
    spelling of a title in the register -> the law's id). Each edition and each build asks again
    for procedures that did not change: the answer is remembered by the procedure's identity."""
    return _RELIANCES.get((sop,), (sop_id, frozenset(by_name.items())),
                          lambda: tuple(_reliances(sop_id, sop, by_name)))


_RELIANCES = ByIdentity(limit=4096)


def _reliances(sop_id: str, sop: Sop, by_name: Mapping[str, str]) -> list[tuple[str, str | None, Reliance]]:
    found: list[tuple[str, str | None, Reliance]] = []
    for i, step in enumerate(sop.steps):
        found += [(*split_ref(ref), _at(sop_id, ("steps", i), sop, "basis")) for ref in step.basis]
    for k, point in enumerate(sop.key_points):
        found += [(*split_ref(ref), _at(sop_id, ("key_points", k), sop, "basis")) for ref in point.basis]
    for path, text in strings(sop.model_dump(mode="json")):
        if path and path[0] == "history":  # the record of past revisions relies on nothing
            continue
        for namespace, name, _ in find(text):
            if namespace == "law":
                found.append((*split_ref(name), _at(sop_id, path, sop, "placeholder")))
        for c in find_citations(text):
            law_id = by_name.get(c.title)
            if law_id is not None:
                where = _at(sop_id, path, sop, "text")
                found += [(law_id, no, where) for no in c.articles] or [(law_id, None, where)]
    return found


def _at(sop_id: str, path: tuple[str | int, ...], sop: Sop, via: Via) -> Reliance:
    part = path[0]
    if part == "steps" and isinstance(path[1], int):
        return Reliance(sop_id, f"第 {path[1] + 1} 步", step_id=sop.steps[path[1]].id, via=via)
    if part == "key_points" and isinstance(path[1], int):
        return Reliance(sop_id, f"注意事项第 {path[1] + 1} 条", key_point=path[1], via=via)
    return Reliance(sop_id, PART_LABEL.get(str(part), str(part)), via=via)


def _article_key(no: str | None) -> tuple[int, ...]:
    return tuple(int(n) for n in (no or "0").split("-") if n.isdigit())
