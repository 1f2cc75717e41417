"""The handbook's own registers: each commitment and each glossary term written once."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.checks.context import CheckContext
from handbook.data.problems import Problem


def commitments(ctx: CheckContext) -> Iterator[Problem]:
    """A repeated commitment id is an error (the first one counts)."""
    seen: set[str] = set()
    for i, c in enumerate(ctx.files.commitments.commitments if ctx.files.commitments is not None else []):
        if c.id in seen:
            yield ctx.at("commitments.yaml", ("commitments", i, "id"), f"重复的承诺 id '{c.id}'",
                         "每项承诺只写一次；合并两处，或给其中一项换一个 id", code="id.duplicate")
        seen.add(c.id)


def glossary(ctx: CheckContext) -> Iterator[Problem]:
    standard = ctx.standard.glossary  # an estate's additions are judged in rules.estates
    seen: set[str] = set()
    for i, term in enumerate(standard.terms if standard is not None else []):
        if term.term in seen:
            yield ctx.at("glossary.yaml", ("terms", i, "term"), f"术语 '{term.term}' 重复", "合并为一条", code="list.duplicate")
        seen.add(term.term)
