"""The handbook in force on a day, and as it will be on each day a pending revision takes effect.

The data holds the latest text of every controlled document — the working files. A revision whose
effective date has not come is **pending**: until then staff follow the revision in force. Its
text is taken from the repository's history (:mod:`handbook.data.history`): for a revision, the
last committed version of the file that carries it.

Controlled documents are the procedures (each with its own revision) and the handbook itself
(``handbook.yaml``, or an estate's ``estate.yaml`` when the estate keeps its own history): the
roles, the organization, the forms, the glossary and the commitments follow the handbook's
revision. The handbook on a day (an **edition**) is assembled in a folder of its own from the
working data: when the handbook's revision in force is older than the working one, every file it
controls is taken as it was in the last commit that carried that revision; each procedure is then
taken at its own revision in force on that day (a procedure that has none yet keeps its working
text, and its pages say 待生效). The folder is checked like any data folder, so an edition is a
:class:`~handbook.manual.manual.Manual` like the working one, and every page renders from it.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from handbook.checks.check import check
from handbook.data.estates import ESTATES_DIR
from handbook.data.history import DELETED, BlobCache, History, HistoryError
from handbook.data.load import parse_document
from handbook.data.problems import Problem, errors
from handbook.data.read import unrecorded
from handbook.manual import fingerprint
from handbook.manual.manual import Manual
from handbook.manual.timeline import HANDBOOK, Controlled, Timeline, Version, documents

__all__ = ["HANDBOOK", "Controlled", "Editions", "Register", "Version", "editions", "open_register"]

#: What the blob cache remembers per blob: ``revision|effective_date`` (bump when that changes).
STAMP_VERSION = "revision|effective/1"


def revision_of(raw: bytes) -> str | None:
    """``revision|effective_date`` of a YAML data file (its top-level keys), or None."""
    doc, problems = parse_document(raw, "history")
    if doc is None or errors(problems) or not isinstance(doc.data, dict):
        return None
    value = doc.data.get("revision")
    day = doc.data.get("effective_date")
    if not isinstance(value, str):
        return None
    return f"{value}|{day}" if isinstance(day, str) else value


@dataclass
class Register:
    """The git history of a data folder, as the editions need it (None: no history to read)."""

    history: History | None
    cache: BlobCache
    problem: str | None = None

    def revision(self, blob: str) -> str | None:
        """The revision a committed version carries."""
        found = self._stamp(blob)
        return found.split("|", 1)[0] if found else None

    def effective(self, blob: str) -> date | None:
        """The effective date a committed version carries (when it is a valid date)."""
        found = self._stamp(blob)
        if not found or "|" not in found:
            return None
        try:
            return date.fromisoformat(found.split("|", 1)[1])
        except ValueError:
            return None

    def _stamp(self, blob: str) -> str | None:
        assert self.history is not None
        history = self.history
        return self.cache.get(blob, lambda: revision_of(history.read(blob)))

    def lookup(self, rel: str, revision: str) -> tuple[str, date | None] | None:
        """The blob of the last committed version of ``rel`` carrying ``revision``, and the effective
        date that version states (see :data:`handbook.manual.timeline.Lookup`)."""
        found = self.text_of(rel, revision)
        return (found[0], self.effective(found[0])) if found else None

    def text_of(self, rel: str, revision: str) -> tuple[str, str] | None:
        """(blob, commit) of the last committed version of ``rel`` that carries ``revision``."""
        if self.history is None:
            return None
        for version in self.history.versions(rel):
            if version.blob != DELETED and self.revision(version.blob) == revision:
                return version.blob, version.commit
        return None

    def last_commit_carrying(self, rel: str, revision: str) -> str | None:
        """The last commit in which ``rel`` carried ``revision`` (the commit before the next
        version of the file, or the newest commit when it still carries it)."""
        if self.history is None:
            return None
        versions = self.history.versions(rel)
        commits = self.history.commits
        for i, version in enumerate(versions):
            if version.blob != DELETED and self.revision(version.blob) == revision:
                if i == 0:
                    return commits[0] if commits else None
                newer = versions[i - 1].commit
                at = commits.index(newer)
                return commits[at + 1] if at + 1 < len(commits) else None
        return None


def open_register(data_dir: Path, cache_file: Path | None) -> Register:
    try:
        history: History | None = History(data_dir)
    except HistoryError as exc:
        return Register(None, BlobCache(None), f"{exc}（{exc.hint}）")
    assert history is not None
    if history.shallow:
        return Register(None, BlobCache(None),
                        "仓库是浅克隆（git clone --depth），没有文件的历史版本：运行 git fetch --unshallow 后重新构建")
    return Register(history, BlobCache(cache_file, STAMP_VERSION))


@dataclass
class Editions:
    """The working handbook, and the handbook in force today and on each later day that matters."""

    today: date
    current: Manual
    in_force: Manual | None  # None: nothing in force yet, or (``unknown``) its text cannot be had
    pending: list[tuple[date, Manual]] = field(default_factory=list)  # ascending; the last is ``current``
    docs: dict[str, Controlled] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # why an edition could not be made
    #: The edition in force the day before the latest revision in force took effect (what that
    #: revision is compared with; None: there was none, or its text is not in the history).
    before: Manual | None = None
    #: True when the earlier texts come from the repository's history.
    from_history: bool = False

    def edition_on(self, day: date) -> Manual | None:
        """The handbook as it applies on ``day`` (today or later): the last edition whose day has come."""
        found = self.in_force
        for when, manual in self.pending:
            if when <= day:
                found = manual
        return found

    @property
    def unknown(self) -> bool:
        """The text in force today cannot be had (no history, or a revision missing from it),
        although a revision of the handbook is in force: no page may pretend to be it."""
        return self.in_force is None and self.docs[HANDBOOK].in_force(self.today) is not None

    def timeline(self) -> Timeline:
        return Timeline(self.today, self.docs, from_history=self.from_history)


def _listed(raw: bytes) -> set[str] | None:
    """The procedures a ``handbook.yaml`` lists (None: it cannot be read)."""
    doc, problems = parse_document(raw, "handbook.yaml")
    if doc is None or errors(problems) or not isinstance(doc.data, dict):
        return None
    listed: set[str] = set()
    for part in doc.data.get("parts") or []:
        if isinstance(part, dict):
            listed.update(p for p in part.get("procedures") or [] if isinstance(p, str))
            for group in part.get("groups") or []:
                if isinstance(group, dict):
                    listed.update(p for p in group.get("procedures") or [] if isinstance(p, str))
    return listed


def assemble(manual: Manual, docs: dict[str, Controlled], register: Register, day: date, folder: Path) -> bool:
    """Write the data of the handbook as it is on ``day`` into ``folder``; False when the
    handbook has no revision in force on that day."""
    shutil.copytree(manual.data_dir, folder, ignore=shutil.ignore_patterns(".*"))
    handbook = docs[HANDBOOK]
    version = handbook.in_force(day)
    if version is None:
        return False
    if version.missing:
        raise HistoryError(f"历史中没有手册 {version.revision} 的文本（没有一次提交带有这个版号）",
                           "检查 git log，或在修订记录中改正这一改次")
    procedures = {d.rel for key, d in docs.items() if key != HANDBOOK}
    if version.blob is not None and register.history is not None:  # an older handbook: its files
        commit = register.last_commit_carrying(handbook.rel, version.revision)
        if commit is None:
            raise HistoryError(f"历史中找不到手册 {version.revision} 的提交", "检查 git log")
        base = register.history.tree(commit)
        for path in sorted(folder.rglob("*"), reverse=True):  # files first, then the folders left empty
            rel = path.relative_to(folder).as_posix()
            if path.is_file() and rel not in base and rel not in procedures:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
        for rel, blob in base.items():
            if rel not in procedures:
                target = folder / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(register.history.read(blob))
    listed = _listed((folder / "handbook.yaml").read_bytes()) if (folder / "handbook.yaml").is_file() else None
    for key, doc in docs.items():
        if key == HANDBOOK:
            continue
        chosen = doc.in_force(day)
        if chosen is None:  # nothing in force yet: its working text, marked 待生效, if the edition lists it
            if listed is not None and key.split("/", 1)[1] not in listed and (folder / doc.rel).is_file():
                (folder / doc.rel).unlink()
            continue
        if chosen.missing:
            raise HistoryError(f"历史中没有 {doc.rel} {chosen.revision} 的文本（没有一次提交带有这个版号）",
                               "检查 git log，或在修订记录中改正这一改次")
        if chosen.blob is not None:
            assert register.history is not None
            (folder / doc.rel).write_bytes(register.history.read(chosen.blob))
    return True


def editions(manual: Manual, today: date, *, cache_file: Path | None = None,
             register: Register | None = None) -> Editions:
    """The handbook in force on ``today`` and on every later date at which a pending revision
    takes effect; the working ``manual`` is the last edition. Also the edition in force before the
    latest revision in force took effect (what that revision changed)."""
    register = register or open_register(manual.data_dir, cache_file)
    docs = documents(manual, register.lookup if register.history is not None else None)
    dates = sorted({v.effective for d in docs.values() for v in d.pending(today)})
    result = Editions(today, manual, manual if not dates else None, docs=docs,
                      from_history=register.history is not None)
    if register.history is None:
        if dates:  # the text in force is in the history this copy does not have
            result.problems.append(register.problem or "无法读取历史版本")
            result.pending = [(dates[-1], fingerprint.replaced(manual, checked_on=max(dates[-1], manual.checked_on)))]
        return result
    for day in [today, *dates[:-1]] if dates else []:
        edition = _with_desk_words(_edition(manual, docs, register, day, result.problems), manual)
        if day == today:
            result.in_force = edition
        elif edition is not None:
            result.pending.append((day, edition))
    if dates:  # the working text, read on the day it takes effect (its review status, its marks)
        result.pending.append((dates[-1], fingerprint.replaced(manual, checked_on=max(dates[-1], manual.checked_on))))
    latest = result.timeline().latest_in_force_day()
    if latest is not None and docs[HANDBOOK].in_force(latest - timedelta(days=1)) is not None:
        result.before = _edition(manual, docs, register, latest - timedelta(days=1), [])  # none: read it whole
    register.cache.save()
    return result


_EDITIONS: dict[str, Manual | None] = {}


def _edition(manual: Manual, docs: dict[str, Controlled], register: Register, day: date,
             problems: list[str]) -> Manual | None:
    with tempfile.TemporaryDirectory(prefix="handbook-edition-") as tmp:
        folder = Path(tmp) / "procedures"
        try:
            if not assemble(manual, docs, register, day, folder):
                return None
        except (HistoryError, OSError) as exc:
            problems.append(f"{day.isoformat()} 的版本无法从历史中取出：{exc}")
            return None
        key = _digest(folder, day, manual.estate_id)
        if key in _EDITIONS:
            return _EDITIONS[key]
        estate = manual.estate_id if (folder / ESTATES_DIR).is_dir() else None
        with unrecorded():  # made from the history and the data, not read from the data folder
            edition, found = check(folder, today=day, estate=estate)
        if edition is None:
            first = errors(found)[:3]
            problems.append(f"{day.isoformat()} 执行的版本有错误，无法生成：" + "；".join(_shown(p) for p in first))
        _EDITIONS[key] = edition
        if len(_EDITIONS) > 64:
            _EDITIONS.pop(next(iter(_EDITIONS)))
        return edition


def _with_desk_words(edition: Manual | None, manual: Manual) -> Manual | None:
    """``edition`` with the desk's words of the working ``search.yaml`` that lead to a page it has.

    The words people say are not part of a revision: an edition taken from history would otherwise
    carry the words of its day, and its page in force would not be found by the words added since
    (only its pending page would, which the desk must not follow)."""
    if edition is None or edition is manual:
        return edition
    there: dict[str, Mapping[str, object]] = {"procedure": edition.sops, "role": edition.roles, "form": edition.forms}
    words = [a for a in manual.aliases
             if all(getattr(a, kind) is None or getattr(a, kind) in pages for kind, pages in there.items())]
    return fingerprint.replaced(edition, aliases=words)


def _shown(problem: Problem) -> str:
    return f"{problem.file}:{problem.line}: {problem.message}"


def _digest(folder: Path, day: date, estate: str | None) -> str:
    digest = hashlib.sha256(f"{day.isoformat()}\0{estate}\0".encode())
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
