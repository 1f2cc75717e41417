"""Every rule of the checker, registered here and nowhere else.

A rule is a function that takes the :class:`~handbook.checks.context.CheckContext` of the handbook
being checked and yields the problems it finds, each located (file:line:column) with a hint. A
new rule is a function in one of these modules and a line in :data:`RULES`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from handbook.checks.context import CheckContext
from handbook.checks.rules import (
    documents, estates, laws, organization, parts, placeholders, procedures, registers, search,
)
from handbook.data.problems import Problem

Rule = Callable[[CheckContext], Iterable[Problem]]

#: The rules, in no particular order (the report sorts what they find).
RULES: tuple[Rule, ...] = (
    organization.organization,
    organization.numbers,
    organization.roles,
    organization.forms,
    registers.commitments,
    registers.glossary,
    procedures.references,
    procedures.time_limits,
    procedures.flows,
    procedures.review_dates,
    parts.parts,
    search.search_words,
    placeholders.placeholders,
    placeholders.estate_values,
    estates.handbook_values,
    estates.procedures,
    estates.commitments,
    estates.staffing_and_terms,
    estates.document_control,
    estates.leftovers,
    laws.register_entries,
    laws.citations,
    laws.bases,
    documents.revisions,
    documents.limits,
)

#: Rules whose findings are noise while the data has errors (a gap in broken data is no gap):
#: they run only when :data:`RULES` found no error.
RULES_ON_CLEAN_DATA: tuple[Rule, ...] = (
    documents.coverage,
)


def run(rules: Iterable[Rule], ctx: CheckContext) -> list[Problem]:
    return [problem for rule in rules for problem in rule(ctx)]
