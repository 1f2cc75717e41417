"""Rules over the assembled manual: revisions against histories, one time limit per task, and the
coverage of job descriptions by procedures (the registers themselves live in ``checks.revisions``,
``checks.limits`` and ``checks.coverage``, where the pages that list them find them too)."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.checks.context import CheckContext
from handbook.checks.coverage import coverage_problems
from handbook.checks.limits import limit_problems
from handbook.checks.revisions import revision_problems
from handbook.data.problems import Problem


def revisions(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.manual is not None:
        yield from revision_problems(ctx.manual)


def limits(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.manual is not None:
        yield from limit_problems(ctx.manual)


def coverage(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.manual is not None:
        yield from coverage_problems(ctx.manual)
