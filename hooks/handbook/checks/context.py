"""What every rule is given: one :class:`CheckContext` of the handbook being checked.

A rule is a function ``rule(ctx) -> Iterable[Problem]`` (see ``handbook.checks.rules``). It reads
the files of the handbook (after the estate overlay), the standard's files as read, the estate's
departures, and the :class:`~handbook.manual.manual.Manual` when one could be assembled; it
locates each problem with :meth:`CheckContext.at` or :func:`unknown`. Rules never report into
shared state: what they yield is all they say.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

from handbook.checks.estates import Estates
from handbook.data.problems import display_path
from handbook.data.document import Document
from handbook.data.estates import SopOverlay
from handbook.data.files import Files, valid
from handbook.data.laws import FILE as LAWS_FILE, Register, register
from handbook.data.model import Commitment, Form, Role, Sop
from handbook.data.problems import Problem, Severity, shown
from handbook.data.validate import closest
from handbook.manual.manual import Manual

Where = tuple[str | int, ...]


@dataclass(frozen=True)
class Kind:
    """What a reference names: its word in messages (岗位) and the code of naming nothing."""

    word: str
    code: str


ROLE = Kind("岗位", "ref.unknown-role")
PARTNER = Kind("外部角色", "ref.unknown-partner")
FORM = Kind("表格", "ref.unknown-form")
PROCEDURE = Kind("程序", "ref.unknown-procedure")
STEP = Kind("步骤", "ref.unknown-step")
COMMITMENT = Kind("服务承诺", "ref.unknown-commitment")


@dataclass(frozen=True)
class CheckContext:
    data_dir: Path
    today: date
    files: Files  # the handbook being checked: the chosen estate's, or the one-estate handbook
    standard: Files  # the company standard as read, before any estate's overlay
    estates: Estates
    overlay: SopOverlay | None  # the chosen estate's procedures, when it has an estate file
    docs: Mapping[str, Document]  # by the path they stand at in the handbook (an estate's own file at sops/<id>.yaml)
    read_docs: Mapping[str, Document]  # every document read, by its own path
    sources: Mapping[str, Path]  # "sops/<id>" -> the file it was read from
    manual: Manual | None = None  # None while the data is too broken to assemble one

    # ------------------------------------------------------------------ locating

    def at(self, rel: str, path: Where, message: str, hint: str | None = None,
           severity: Severity = "error", *, code: str, key: bool = False) -> Problem:
        """A problem at ``path`` in the document ``rel`` (its key when ``key``)."""
        return self.docs[rel].problem(path, message, hint, severity=severity, key=key, code=code)

    def whole_file(self, source: str, message: str, hint: str, *, code: str) -> Problem:
        """A problem of a whole file (``source``: its key, such as ``sops/repair``), at its first line."""
        return Problem(display_path(self.sources[source]), 1, 1, message, hint, code=code)

    def ref(self, rel: str, path: Where, value: str, known: Iterable[str], kind: Kind) -> list[Problem]:
        """Nothing when ``value`` names one of ``known``; else the unknown reference, located."""
        return unknown(self.docs[rel], path, value, known, kind)

    # ------------------------------------------------------------------ what many rules ask

    @cached_property
    def roles(self) -> dict[str, Role]:
        return valid(self.files.roles)

    @cached_property
    def sops(self) -> dict[str, Sop]:
        return valid(self.files.sops)

    @cached_property
    def forms(self) -> dict[str, Form]:
        return valid(self.files.forms)

    @cached_property
    def commitments(self) -> dict[str, Commitment]:
        """The commitments by id (the first of a repeated id counts)."""
        found: dict[str, Commitment] = {}
        for c in self.files.commitments.commitments if self.files.commitments is not None else []:
            found.setdefault(c.id, c)
        return found

    @cached_property
    def register(self) -> Register:
        """The register of laws of the handbook: the standard's laws.yaml, then the estate's own."""
        files = [(LAWS_FILE, self.files.laws)]
        if self.estates.chosen is not None:
            files.append((self.estates.laws_rel, self.estates.laws))
        return register(files)

    @cached_property
    def everyone(self) -> list[str]:
        """Every role id (valid or not: a broken role file is not an unknown role) and partner id."""
        return list(self.files.roles) + partner_ids(self)


def partner_ids(ctx: CheckContext) -> list[str]:
    """Partner ids; from the raw data when organization.yaml is invalid, so that one mistake
    there does not make every procedure report its partners as unknown."""
    org = ctx.files.organization
    if org is not None:
        return [p.id for p in org.partners]
    doc = ctx.docs.get("organization.yaml")
    raw = doc.data.get("partners") if doc is not None and isinstance(doc.data, dict) else None
    if not isinstance(raw, list):
        return []
    return [p["id"] for p in raw if isinstance(p, dict) and isinstance(p.get("id"), str)]


def unknown(doc: Document, path: Where, value: str, known: Iterable[str], kind: Kind) -> list[Problem]:
    """Nothing when ``value`` names one of ``known``; else ``未知的<岗位>`` with a did-you-mean."""
    known = list(known)
    if value in known:
        return []
    guess = closest(value, known)
    if guess:
        hint = "是否想写 " + "、".join(f"'{g}'" for g in guess) + "？"
    else:
        hint = f"可用的{kind.word}：" + "、".join(sorted(known)[:30]) + ("……" if len(known) > 30 else "")
    return [doc.problem(path, f"未知的{kind.word} '{shown(value)}'", hint, code=kind.code, subject=value)]
