"""One company standard, many estates: ``estates/<id>/estate.yaml`` and the overlay.

``procedures/`` holds the company standard (procedures, roles, forms, glossary, and the
commitments as the company's floor). Each estate is a folder ``procedures/estates/<id>/`` with
its ``estate.yaml`` (its own values and document control) and, only where it departs from the
standard, ``sops/<id>.yaml`` files: a procedure of its own (``procedures.added``) or one that
takes the place of a standard procedure of the same id (``procedures.replaced``). Every departure
is declared in ``estate.yaml`` with its reason and date, so the deviation report (偏离标准一览)
is read from one place.

This module holds the models and the overlay as pure functions on validated models: what an
estate's handbook says, given the standard and the estate's files. Reading those files is
``handbook.checks.estates``; what is wrong with them, ``handbook.checks.rules.estates``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from handbook.data.aliases import Alias
from handbook.data.document import Document
from handbook.data.files import Files, valid
from handbook.data.fields import Id, IsoDate, Revision, Strict, Text, TimeLimit
from handbook.data.model import (
    Commitment, Commitments, Duty, Estate, Glossary, Handbook, HistoryEntry, Organization, Part, Role, Sop,
    Standard, Term,
)
from handbook.data.rules import forms_of

ESTATES_DIR = "estates"
ESTATE_FILE = "estate.yaml"


# --------------------------------------------------------------------------- estate.yaml


class Departure(Strict):
    reason: Text = Field(description="为什么偏离公司标准（写给公司品质管理人员看）")
    date: IsoDate = Field(description="决定偏离的日期")


class StricterCommitment(Departure):
    id: Id = Field(description="公司标准中服务承诺的 id（commitments.yaml）")
    time_limit: TimeLimit = Field(description="本项目的时限：只能比公司标准更严（更短）")
    promise: Text | None = Field(default=None, description="本项目对客户的承诺（时限变了，一般要改写）")


class AddedProcedure(Departure):
    id: Id = Field(description="本项目独有程序的 id，文件为 estates/<项目>/sops/<id>.yaml")
    after: Id | None = Field(default=None, description="排在公司标准哪个程序之后（决定编号）；不写则排在最后")


class ReplacedProcedure(Departure):
    id: Id = Field(description="被替换的公司标准程序 id；替换文本为 estates/<项目>/sops/<id>.yaml")


class OmittedProcedure(Departure):
    id: Id = Field(description="本项目不采用的公司标准程序 id")


class ProcedureDepartures(Strict):
    added: list[AddedProcedure] = Field(default_factory=list, description="本项目独有的程序")
    replaced: list[ReplacedProcedure] = Field(default_factory=list, description="替换公司标准的程序")
    omitted: list[OmittedProcedure] = Field(default_factory=list, description="本项目不采用的公司标准程序")


class Headcount(Strict):
    role: Id = Field(description="岗位 id")
    headcount: int = Field(ge=0, description="本项目编制人数")
    rule: Text | None = Field(default=None, description="本项目的定编依据")


class EstateFile(Strict):
    estate: Estate = Field(description="本项目的基本信息（程序中用 {{estate.name}} 等引用）")
    also_known_as: list[Text] = Field(
        default_factory=list,
        description="项目名称的其他写法（如不带间隔号）：检查器在公司标准和其他项目的文件中查找它们",
    )
    examples: list[Text] = Field(
        default_factory=list,
        description="编造的示例值（如 estate.hotline）：正式使用前必须换成真实值",
    )
    company: Text = Field(description="物业服务企业（或管理处）名称")
    prepared_by: list[Text] = Field(min_length=1, description="编制单位")
    document_number: Text = Field(description="本项目手册的文件编号")
    revision: Revision | None = Field(
        default=None, description="本项目手册的版号/改次；不写时跟随公司标准（有自己的 history 时必须写）"
    )
    effective_date: IsoDate | None = Field(
        default=None, description="本项目手册的生效日期；不写时跟随公司标准（有自己的 history 时必须写）"
    )
    approver: Text | None = Field(default=None, description="签发人；不写时采用公司标准的")
    history: list[HistoryEntry] = Field(
        default_factory=list, description="本项目手册的修订记录；不写时采用公司标准的修订记录"
    )
    headcounts: list[Headcount] = Field(default_factory=list, description="本项目与公司标准不同的岗位编制")
    commitments: list[StricterCommitment] = Field(
        default_factory=list, description="比公司标准更严的服务承诺（公司标准是下限，不能放宽）"
    )
    procedures: ProcedureDepartures = Field(
        default_factory=ProcedureDepartures, description="本项目独有、替换和不采用的程序"
    )
    glossary: list[Term] = Field(default_factory=list, description="本项目增加的术语")
    search_aliases: list[Alias] = Field(
        default_factory=list,
        description="本项目增加的搜索别名（写法同 search.yaml 的 aliases）：只用于本项目的手册，与公司标准的别名合并",
    )


# --------------------------------------------------------------------------- what the pages see

Status = Literal["in-force", "pending"]
STATUS_LABEL: dict[str, str] = {"in-force": "现行", "pending": "待生效"}


@dataclass(frozen=True)
class EstateSummary:
    """One estate as the company page lists it."""

    id: str
    name: str
    city: str
    document_number: str
    revision: str
    effective_date: date
    status: Status
    departures: int
    examples: tuple[str, ...] = ()

    @property
    def status_label(self) -> str:
        return STATUS_LABEL[self.status]


@dataclass(frozen=True)
class Company:
    """The standard and every estate that could be read: what the deviation report shows."""

    standard_revision: str
    standard_date: date
    estates: dict[str, EstateFile] = field(default_factory=dict)  # in handbook.yaml's order
    titles: dict[str, str] = field(default_factory=dict)  # standard procedure id -> title
    commitments: dict[str, Commitment] = field(default_factory=dict)  # the standard's
    estate_titles: dict[str, dict[str, str]] = field(default_factory=dict)  # estate -> its own procedure titles

    def summaries(self, today: date) -> list[EstateSummary]:
        return [summary(estate_id, ef, today, self.standard_revision, self.standard_date)
                for estate_id, ef in self.estates.items()]


def summary(estate_id: str, ef: EstateFile, today: date, standard_revision: str = "",
            standard_date: date | None = None) -> EstateSummary:
    """The estate's line on the company page; revision and date follow the standard unless the
    estate writes its own."""
    p = ef.procedures
    count = len(ef.commitments) + len(p.added) + len(p.replaced) + len(p.omitted)
    revision = ef.revision or standard_revision
    effective = ef.effective_date or standard_date or today
    return EstateSummary(
        estate_id, ef.estate.name, ef.estate.city, ef.document_number, revision, effective,
        "in-force" if effective <= today else "pending", count, tuple(ef.examples),
    )


# --------------------------------------------------------------------------- the overlay


def merged_handbook(std: Standard, ef: EstateFile | None) -> Handbook | None:
    """The handbook of one estate: the standard's structure with the estate's own values.
    Without an estate file (a one-estate handbook), the values written in handbook.yaml;
    None when they are missing there."""
    parts = list(std.parts)
    if ef is None:
        values: dict[str, Any] = {
            "estate": std.estate, "company": std.company, "prepared_by": std.prepared_by,
            "document_number": std.document_number, "approver": std.approver,
            "revision": std.revision, "effective_date": std.effective_date, "history": std.history,
        }
        if any(v is None for v in values.values()):
            return None
    else:
        values = {
            "estate": ef.estate, "company": ef.company, "prepared_by": ef.prepared_by,
            "document_number": ef.document_number, "approver": ef.approver or std.approver or "管理处经理",
            "revision": ef.revision or std.revision, "effective_date": ef.effective_date or std.effective_date,
            "history": ef.history or std.history,
        }
        parts = [_part_for_estate(part, ef.procedures) for part in std.parts]
    return Handbook.model_construct(
        title=std.title, edition=std.edition, review_cycle_months=std.review_cycle_months, parts=parts,
        **values,
    )


def _part_for_estate(part: Part, departures: ProcedureDepartures) -> Part:
    if part.kind != "procedures":
        return part
    omitted = {o.id for o in departures.omitted}

    def place(ids: list[str], last: bool) -> list[str]:
        out = [s for s in ids if s not in omitted]
        for added in departures.added:
            if added.after in ids:
                at = out.index(added.after) + 1 if added.after in out else len(out)
                out.insert(at, added.id)
            elif last and (added.after is None or added.after not in _all_ids(part)):
                out.append(added.id)
        return out

    if part.groups:
        groups = [g.model_copy(update={"procedures": place(list(g.procedures), i == len(part.groups) - 1)})
                  for i, g in enumerate(part.groups)]
        return part.model_copy(update={"groups": [g for g in groups if g.procedures]})
    return part.model_copy(update={"procedures": place(list(part.procedures), True)})


def _all_ids(part: Part) -> set[str]:
    return set(part.procedure_ids())


def overlay_commitments(standard: Commitments, ef: EstateFile) -> Commitments:
    """The standard's commitments with the estate's stricter ones in their place (the checker
    has refused any that would loosen the standard)."""
    stricter = {c.id: c for c in ef.commitments}
    merged = []
    for c in standard.commitments:
        s = stricter.get(c.id)
        if s is None:
            merged.append(c)
        else:
            update: dict[str, Any] = {"time_limit": s.time_limit, "basis": "项目标准（严于公司标准）"}
            if s.promise is not None:
                update["promise"] = s.promise
            merged.append(c.model_copy(update=update))
    return standard.model_copy(update={"commitments": merged})


def overlay_organization(org: Organization, ef: EstateFile) -> Organization:
    counts = {h.role: h for h in ef.headcounts}
    if not counts:
        return org
    units = []
    for unit in org.units:
        positions = []
        for pos in unit.positions:
            h = counts.get(pos.role)
            if h is not None:
                pos = pos.model_copy(update={"headcount": h.headcount, "rule": h.rule or pos.rule})
            positions.append(pos)
        units.append(unit.model_copy(update={"positions": positions}))
    return org.model_copy(update={"units": units})


def overlay_glossary(glossary: Glossary, ef: EstateFile) -> Glossary:
    known = {t.term for t in glossary.terms}
    added = [t for t in ef.glossary if t.term not in known]
    return glossary.model_copy(update={"terms": list(glossary.terms) + added}) if added else glossary


def without_omitted(roles: dict[str, Role], sops: dict[str, Sop], omitted: dict[str, str]) -> tuple[
        dict[str, Role], dict[str, Sop]]:
    """Roles and procedures with their links to omitted procedures taken out. A duty that only
    an omitted procedure carried out keeps the estate's reason as its known gap."""
    if not omitted:
        return roles, sops
    new_roles: dict[str, Role] = {}
    for role_id, role in roles.items():
        duties = []
        for duty in role.duties:
            kept = [s for s in duty.procedures if s not in omitted]
            if len(kept) != len(duty.procedures):
                if kept:
                    duty = duty.model_copy(update={"procedures": kept})
                else:
                    reason = "；".join(omitted[s] for s in duty.procedures)
                    duty = Duty.model_construct(text=duty.text, procedures=[], no_procedure=f"本项目不采用：{reason}")
            duties.append(duty)
        new_roles[role_id] = role.model_copy(update={"duties": duties})
    new_sops = {}
    for sop_id, sop in sops.items():
        if any(r in omitted for r in sop.related):
            sop = sop.model_copy(update={"related": [r for r in sop.related if r not in omitted]})
        new_sops[sop_id] = sop
    return new_roles, new_sops


@dataclass(frozen=True)
class SopOverlay:
    """The estate's procedures: the standard's, with its own files in place of those it replaces,
    its own added, and those it omits taken out (a departure that names nothing is left out:
    the rules report it)."""

    sops: dict[str, Sop | None]  # in the standard's order, added ones after
    omitted: dict[str, str]  # id -> the estate's reason
    declared: frozenset[str]  # ids that estate.yaml replaces or adds (and the standard allows)
    own: frozenset[str]  # the estate's own files that stand in the handbook


def overlay_sops(standard: Mapping[str, Sop | None], own: Mapping[str, Sop | None],
                 departures: ProcedureDepartures) -> SopOverlay:
    sops = dict(standard)
    declared: set[str] = set()
    for item in departures.replaced:
        if item.id in standard:
            declared.add(item.id)
            if item.id in own:
                sops[item.id] = own[item.id]
    omitted: dict[str, str] = {}
    for gone in departures.omitted:
        if gone.id in standard and gone.id not in declared:
            omitted[gone.id] = gone.reason
            sops.pop(gone.id, None)
    for new in departures.added:
        if new.id not in standard:
            declared.add(new.id)
            if new.id in own:
                sops[new.id] = own[new.id]
    return SopOverlay(sops, omitted, frozenset(declared), frozenset(declared & set(own)))


def overlay_files(files: Files, ef: EstateFile, own_sops: Mapping[str, Sop | None]) -> tuple[Files, SopOverlay]:
    """The estate's handbook: the standard's files with the estate's departures and values."""
    overlay = overlay_sops(files.sops, own_sops, ef.procedures)
    sops = overlay.sops
    # Forms only the omitted procedures filled in leave with them.
    kept = {f for sop in valid(sops).values() for f in forms_of(sop)}
    dropped = {f for s in overlay.omitted if (sop := files.sops.get(s)) is not None for f in forms_of(sop)}
    roles, valid_sops = without_omitted(valid(files.roles), valid(sops), overlay.omitted)
    std = files.standard
    return replace(
        files,
        roles={**files.roles, **roles},
        sops={k: valid_sops.get(k) for k in sops},
        forms={k: v for k, v in files.forms.items() if k not in dropped - kept},
        commitments=overlay_commitments(files.commitments, ef) if files.commitments is not None else None,
        organization=overlay_organization(files.organization, ef) if files.organization is not None else None,
        glossary=overlay_glossary(files.glossary, ef) if files.glossary is not None else None,
        handbook=merged_handbook(std, ef) if std is not None else None,
    ), overlay


def estate_sop_path(data_dir: Path, estate_id: str, sop_id: str) -> Path:
    """The file of an estate's own procedure (added, or in place of the standard's)."""
    return data_dir / ESTATES_DIR / estate_id / "sops" / f"{sop_id}.yaml"


def overlay_sources(docs: Mapping[str, Document], sources: Mapping[str, Path], data_dir: Path, estate_id: str,
                    overlay: SopOverlay) -> tuple[dict[str, Document], dict[str, Path]]:
    """The parsed documents (by path in the data folder) and procedure sources (``sops/<id>``)
    of the estate's handbook: its own files stand where the standard's would, omitted ones leave."""
    docs, sources = dict(docs), dict(sources)
    for sop_id in overlay.own:
        doc = docs.get(f"{ESTATES_DIR}/{estate_id}/sops/{sop_id}.yaml")
        if doc is not None:
            docs[f"sops/{sop_id}.yaml"] = doc
        sources[f"sops/{sop_id}"] = estate_sop_path(data_dir, estate_id, sop_id)
    for sop_id in overlay.omitted:
        docs.pop(f"sops/{sop_id}.yaml", None)
        sources.pop(f"sops/{sop_id}", None)
    return docs, sources


# --------------------------------------------------------------------------- what must not leak

_PHONE = re.compile(r"\d[\d\- ]{5,}\d")


@dataclass(frozen=True)
class Mark:
    """A text that identifies one estate: its name (and other spellings), office, hotline."""

    text: str
    what: str  # 项目名称, 管理处名称, 服务电话
    placeholder: str  # what the standard should write instead


def marks(ef: EstateFile) -> list[Mark]:
    est = ef.estate
    found = [Mark(est.name, "项目名称", "{{estate.name}}")]
    found += [Mark(n, "项目名称", "{{estate.name}}") for n in ef.also_known_as]
    found.append(Mark(est.office, "管理处名称", "{{estate.office}}"))
    found += [Mark(m.group(0), "服务电话", "{{estate.hotline}}") for m in _PHONE.finditer(est.hotline)]
    # longest first, so that an office containing the name is reported as the office
    seen: dict[str, Mark] = {}
    for m in sorted(found, key=lambda m: -len(m.text)):
        seen.setdefault(m.text, m)
    return list(seen.values())
