"""What each role must re-read for each revision: the data of the 修订学习签收表.

A revision is what takes effect on one day. For the latest revision in force and for each pending
one, the edition of that day is compared with the edition in force the day before, exactly as
``handbook diff`` compares two versions (:func:`handbook.changes.diff.compare`), and its
"请以下岗位重新学习" becomes one :class:`~handbook.render.signoff_page.Rereading`: the staff roles,
each with the documents and the parts of them to re-read. When the edition before is not in the
repository's history, the revision is compared with nothing, so every role reads its documents
whole.
"""

from __future__ import annotations

from datetime import date, timedelta

from handbook.changes.diff import compare
from handbook.changes.notice import parts_text, role_order
from handbook.changes.diff_sop import title
from handbook.changes.snapshot import Snapshot, snapshot_of
from handbook.data.memo import Recent
from handbook.manual import fingerprint
from handbook.manual.manual import Manual
from handbook.manual.timeline import HANDBOOK
from handbook.render.signoff_page import Rereading
from handbook.site.inforce import Editions


def revised_on(editions: Editions, day: date) -> tuple[str, ...]:
    """What takes effect on ``day``: the handbook's revision, then each procedure's, in order."""
    out = []
    for key, doc in editions.docs.items():
        for version in doc.versions:
            if version.effective == day:
                out.append(f"手册 {version.revision}" if key == HANDBOOK else f"{title(doc.title)} {version.revision}")
    return tuple(out)


def _edition_of(editions: Editions, day: date) -> Manual | None:
    """The edition that takes effect on ``day`` (None: it could not be made)."""
    if day <= editions.today:
        return editions.in_force
    return next((manual for when, manual in editions.pending if when == day), None)


def rereading(editions: Editions, day: date) -> Rereading | None:
    """The revision of ``day``, compared with the edition in force the day before."""
    new = _edition_of(editions, day)
    if new is None:
        return None
    old = editions.before if day <= editions.today else editions.edition_on(day - timedelta(days=1))
    # Comparing two editions is the dearest part of document control; under ``mkdocs serve`` the
    # editions before the one being edited are the same from save to save.
    sides = (fingerprint.of(old) if old is not None else "", fingerprint.of(new))
    key = fingerprint.digest(*sides, day) if None not in sides else None
    kept = _ROLES.get(key) if key is not None else None
    roles = dict(kept) if kept is not None else _roles(old, new, day)
    if key is not None and kept is None:
        _ROLES.put(key, dict(roles))
    handbook = editions.docs[HANDBOOK].in_force(day)
    return Rereading(day, handbook.revision if handbook is not None else new.handbook.revision,
                     revised_on(editions, day), roles, compared=old is not None)


#: What each role re-reads, by the two editions compared (their fingerprints) and the day.
_ROLES: Recent[str, dict[str, tuple[tuple[str, str], ...]]] = Recent(64)


def _roles(old: Manual | None, new: Manual, day: date) -> dict[str, tuple[tuple[str, str], ...]]:
    before = snapshot_of(old, f"{(day - timedelta(days=1)).isoformat()} 执行的版本") if old is not None \
        else Snapshot("（无）")
    digest = compare(before, snapshot_of(new, f"{day.isoformat()} 起执行的版本"))
    roles = {}
    for role in role_order(digest):
        documents = digest.readers.by_role.get(role)
        if documents and digest.new.is_staff(role):
            roles[role] = tuple((document, parts_text(parts)) for document, parts in documents.items())
    return roles


def rereadings(editions: Editions) -> list[Rereading]:
    """The latest revision in force and every pending one (none without the repository's history:
    the editions cannot be compared)."""
    if editions.in_force is None:
        return []
    timeline = editions.timeline()
    days = timeline.pending_days()
    latest = timeline.latest_in_force_day()
    found = [rereading(editions, day) for day in ([latest] if latest is not None else []) + days]
    return [r for r in found if r is not None]
