"""``handbook diff OLD NEW``: open two versions, print the change notice, report what broke."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from handbook.changes.diff import compare
from handbook.changes.estate_notice import estate_notices
from handbook.changes.notice import render_notice
from handbook.changes.schedule import schedule_for
from handbook.changes.snapshot import SnapshotError, open_version
from handbook.data.problems import errors, report, visible


def diff_command(old: str, new: str, data_dir: str = "procedures", cwd: Path | None = None,
                 today: date | None = None) -> int:
    """``handbook diff OLD NEW``: print the change notice, then the errors of either version,
    located, on standard error; 1 when a version cannot be opened or a file in it was refused.
    The notice says which revision is in force when (read on ``today``), with the days of earlier
    revisions from the repository's history."""
    here = cwd or Path.cwd()
    schedule = schedule_for(here / data_dir, today or date.today())
    try:
        with open_version(old, cwd, data_dir) as before, open_version(new, cwd, data_dir) as after:
            per_estate = estate_notices(before, after, schedule)  # a company with estates: one notice each
            if per_estate is None:
                digest = compare(before, after)
                notice = render_notice(digest, schedule(after, digest))
            else:
                notice = per_estate
            print(visible(notice), end="")  # no control character reaches the terminal
            broken = errors(before.problems + after.problems)
    except SnapshotError as exc:
        print(f"错误：{visible(str(exc))}", file=sys.stderr)
        if exc.hint:
            print(f"    提示：{visible(exc.hint)}", file=sys.stderr)
        return 1
    if broken:  # the notice marks them ⚠; here is where they are and what to do
        print(report(broken), file=sys.stderr)
    # A file refused unread (a link out of the folder, a FIFO, one too big to read) is hostile
    # input, not a slip in the data: the notice cannot say what it holds.
    return 1 if any(p.code in UNREAD for p in broken) else 0


#: The codes of a file refused unread, in a git version (``file.refused``) or a folder (a file
#: over the size read at all: ``file.too-big``).
UNREAD = frozenset({"file.refused", "file.too-big"})
