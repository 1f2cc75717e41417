"""Document control for a build: the editions, the sign-off sheets and the history checks, at once.

Every consumer of the site (the MkDocs and Zensical adapters, ``handbook pages``) and ``handbook
check`` need the same three things from the repository's history: the handbook in force and as it
will be (:func:`handbook.site.inforce.editions`), what each role must re-read for each revision
(:mod:`rereading`), and the checks that need the history (:mod:`history_check`). This opens the
history once and gives all three; ``notes`` says what could not be done and what to run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from handbook.changes.history_check import check_history
from handbook.changes.rereading import rereadings
from handbook.data.problems import Problem
from handbook.manual.manual import Manual
from handbook.render.signoff_page import Rereading
from handbook.site.inforce import Editions, editions, open_register

#: The files kept in the cache folder (``.cache/handbook/``).
REVISIONS_CACHE = "revisions.json"
MENTIONS_CACHE = "history-check.json"


@dataclass
class DocumentControl:
    editions: Editions
    rereadings: list[Rereading] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # located: errors and warnings of the history checks
    notes: list[str] = field(default_factory=list)  # what could not be done, and what to run


def document_control(manual: Manual, today: date, cache_dir: Path | None = None) -> DocumentControl:
    register = open_register(manual.data_dir, cache_dir / REVISIONS_CACHE if cache_dir else None)
    found = editions(manual, today, register=register)
    checked = check_history(manual, today, register, cache_dir / MENTIONS_CACHE if cache_dir else None)
    if register.history is None:  # one note says it all: what is missing, and what to run
        notes = found.problems[:1]
    else:
        notes = list(dict.fromkeys(found.problems + checked.notes))
    return DocumentControl(found, rereadings(found), checked.problems, notes)
