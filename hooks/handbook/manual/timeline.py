"""The revisions of each controlled document in the order they take effect, and which applies when.

A controlled document is a procedure (``sops/<id>``, with its own revision) or the handbook itself
(:data:`HANDBOOK`: ``handbook.yaml``, or an estate's ``estate.yaml`` when the estate keeps its own
history; the roles, the organization, the forms, the glossary and the commitments follow its
revision). Its revisions come from its ``history`` and its current ``revision`` and
``effective_date``. A revision's text and the day it takes effect, when it is an earlier one, are
in the repository's history: :func:`documents` asks ``lookup`` for them
(:mod:`handbook.site.inforce` reads git); without it the history entries' dates stand in.

On any day each revision of a document is **in force** (the last whose day has come),
**pending** (its day has not come) or **superseded** (a later one is in force). Nothing here reads
git or the clock: the day is always given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from handbook.data.model import HistoryEntry
from handbook.manual.manual import Manual

#: The key of the handbook's own document control (every other key is ``sops/<id>``).
HANDBOOK = "handbook"

Status = Literal["in-force", "pending", "superseded"]

#: ``lookup(rel, revision)``: the blob of the last committed version of the file ``rel`` carrying
#: ``revision``, and the effective date that version states (None: the history does not hold it).
Lookup = Callable[[str, str], "tuple[str, date | None] | None"]


@dataclass(frozen=True)
class Version:
    """One revision of a controlled document: the day it takes effect, what its history entry says
    it changes, and where its text is (``blob`` None: the working file, or ``missing``)."""

    revision: str
    effective: date
    summary: str
    blob: str | None = None
    missing: bool = False  # an earlier revision whose text the history does not hold
    written: date | None = None  # the history entry's date (when the revision was written)
    author: str = ""
    entry: int | None = None  # its (first) entry in the document's ``history``, to locate it


@dataclass(frozen=True)
class Controlled:
    """A controlled document (``sops/<id>`` or :data:`HANDBOOK`), read from ``rel`` (relative to the
    data folder), with its revisions in the order they take effect; the last is the working one."""

    key: str
    rel: str
    versions: tuple[Version, ...]
    title: str = ""

    def in_force(self, day: date) -> Version | None:
        found = [v for v in self.versions if v.effective <= day]
        return found[-1] if found else None

    def pending(self, day: date) -> tuple[Version, ...]:
        return tuple(v for v in self.versions if v.effective > day)

    @property
    def current(self) -> Version:
        return self.versions[-1]

    def status(self, version: Version, day: date) -> Status:
        if version.effective > day:
            return "pending"
        return "in-force" if self.in_force(day) == version else "superseded"

    def before(self, version: Version) -> Version | None:
        """The revision this one replaces (None: the first)."""
        at = self.versions.index(version)
        return self.versions[at - 1] if at else None

    def after(self, version: Version) -> Version | None:
        """The revision that replaces this one (None: the last)."""
        at = self.versions.index(version)
        return self.versions[at + 1] if at + 1 < len(self.versions) else None


@dataclass(frozen=True)
class Timeline:
    """Every controlled document's revisions and the day they are read on: what the revision log,
    the banners and the sign-off sheets say.

    ``codes`` gives a document's number as it is in the edition of one of its revisions (numbers
    move when a revision adds or reorders procedures); ``signoffs`` the days that have a page of
    修订学习签收表 and the roles that have a sheet on it."""

    today: date
    docs: Mapping[str, Controlled]
    codes: Mapping[tuple[str, str], str] = field(default_factory=dict)
    signoffs: Mapping[date, frozenset[str]] = field(default_factory=dict)
    #: True when the earlier texts and dates come from the repository's history (False: from the
    #: history entries only; the dates are when the revisions were written).
    from_history: bool = False

    def days(self) -> list[date]:
        """Every day on which some revision takes effect, in order."""
        return sorted({v.effective for d in self.docs.values() for v in d.versions})

    def pending_days(self) -> list[date]:
        return [d for d in self.days() if d > self.today]

    def latest_in_force_day(self) -> date | None:
        """The last day, up to today, on which a revision took effect."""
        past = [d for d in self.days() if d <= self.today]
        return past[-1] if past else None


def controlled(key: str, rel: str, revision: str, effective: date, history: Iterable[HistoryEntry],
               lookup: Lookup | None = None, title: str = "") -> Controlled:
    """The revisions of one document from its history entries and its current revision; the text
    and effective date of an earlier revision are looked up (``lookup``), its entry's date stands
    in for the latter when the history does not hold the text."""
    summaries: dict[str, list[str]] = {}
    written: dict[str, date] = {}
    authors: dict[str, str] = {}
    first: dict[str, int] = {}
    for i, h in enumerate(history):
        summaries.setdefault(h.revision, []).append(h.summary)
        written.setdefault(h.revision, h.date)
        first.setdefault(h.revision, i)
        if h.author:
            authors.setdefault(h.revision, h.author)
    days = dict(written)
    days[revision] = effective
    versions = []
    for rev, day in sorted(days.items(), key=lambda item: item[1]):
        text = "；".join(s.strip().rstrip("。；") for s in summaries.get(rev, []))
        found = lookup(rel, rev) if lookup is not None and rev != revision else None
        # a committed version says its own effective date; the history entry's date is when the
        # revision was written, which may be earlier
        versions.append(Version(
            rev, (found[1] if found else None) or day, text, blob=found[0] if found else None,
            missing=lookup is not None and rev != revision and found is None,
            written=written.get(rev), author=authors.get(rev, ""), entry=first.get(rev)))
    # in the order they take effect (a committed date may move a revision), the current one last
    # whatever its date says: a date going backwards is the checker's
    current = [v for v in versions if v.revision == revision]
    earlier = sorted((v for v in versions if v.revision != revision), key=lambda v: v.effective)
    return Controlled(key, rel, tuple(earlier + current), title)


def handbook_source(manual: Manual) -> str:
    """The file of the handbook's own document control: the estate's ``estate.yaml`` when it keeps
    its own history, ``handbook.yaml`` otherwise."""
    if manual.company is not None and manual.estate_id is not None:
        estate = manual.company.estates.get(manual.estate_id)
        if estate is not None and estate.history:
            return f"estates/{manual.estate_id}/estate.yaml"
    return "handbook.yaml"


def sop_source(manual: Manual, sop_id: str) -> str:
    path = manual.sources.get(f"sops/{sop_id}")
    return path.relative_to(manual.data_dir).as_posix() if path is not None else f"sops/{sop_id}.yaml"


def documents(manual: Manual, lookup: Lookup | None = None) -> dict[str, Controlled]:
    """Every controlled document of ``manual``: the handbook first, then the procedures in order."""
    hb = manual.handbook
    docs = {HANDBOOK: controlled(HANDBOOK, handbook_source(manual), hb.revision, hb.effective_date, hb.history,
                                 lookup, hb.title)}
    for sop_id, sop in manual.sops.items():
        docs[f"sops/{sop_id}"] = controlled(f"sops/{sop_id}", sop_source(manual, sop_id), sop.revision,
                                            sop.effective_date, sop.history, lookup, sop.title)
    return docs


def timeline_of(manual: Manual, today: date | None = None) -> Timeline:
    """The timeline from the data alone (no repository history): earlier revisions take effect on
    their history entries' dates."""
    return Timeline(today or manual.checked_on, documents(manual))
