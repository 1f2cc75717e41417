"""Rules of the domain that more than one stage needs, each written once.

- Which time limit applies to a step or a checklist item: its own ``time_limit``, else the limit
  of the commitment it names (``commitment:``).
- The forms a procedure fills in, and the order of the record forms, which gives their numbers: as the procedures, in the handbook's
  order, first fill them in, step by step, then the rest by id.
- Who takes part in a procedure: its owner, the roles with responsibilities, every step's role and
  the roles supporting it.
- What each ``{{namespace.name}}`` placeholder stands for: a table of data, looked up by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

from handbook.data.laws import Register, placeholder_entries
from handbook.data.model import Commitment, Estate, Sop
from handbook.data.timelimit import TimeLimit, parse_time_limit

T = TypeVar("T")


def applicable_limit(commitments: Mapping[str, Commitment], time_limit: str | None,
                     commitment: str | None) -> TimeLimit | None:
    """The time limit of a step or checklist item: its own, or that of the commitment it names."""
    if time_limit:
        return parse_time_limit(time_limit)
    return commitment_limit(commitments, commitment)


def commitment_limit(commitments: Mapping[str, Commitment], commitment: str | None) -> TimeLimit | None:
    """The limit a commitment promises, or None (unknown commitment, or one without a limit)."""
    c = commitments.get(commitment) if commitment else None
    return parse_time_limit(c.time_limit) if c is not None and c.time_limit else None


def forms_of(sop: Sop) -> list[str]:
    """The forms a procedure fills in: those of its steps in step order, then its other records."""
    return list(dict.fromkeys([*(f for step in sop.steps for f in step.records), *sop.records]))


def order_forms(forms: Mapping[str, T], sops: Iterable[Sop]) -> dict[str, T]:
    """``forms`` in their numbering order: as the procedures (in order) first fill them in, step
    by step, then the rest by id."""
    order: dict[str, None] = {}
    for sop in sops:
        order.update((f, None) for f in forms_of(sop) if f in forms)
    order.update((f, None) for f in sorted(forms) if f not in order)
    return {f: forms[f] for f in order}


def participants(sop: Sop) -> set[str]:
    """Every role and partner that takes part in a procedure."""
    found = {sop.owner} | {r.role for r in sop.responsibilities}
    for step in sop.steps:
        found.add(step.role)
        found.update(step.support)
    return found


Placeholders = dict[tuple[str, str], str]


def estate_values(estate: Estate) -> dict[str, str]:
    """What ``{{estate.<field>}}`` stands for: each field the estate declares, as text. A table of
    data, never an attribute of the model: ``{{estate.__class__}}`` or ``{{estate.copy}}`` name nothing."""
    return {name: str(value) for name, value in estate.model_dump().items()}


def placeholder_table(estate: Estate | None, commitments: Mapping[str, Commitment],
                      laws: Register | None = None) -> Placeholders:
    """Every placeholder the handbook may write, ``(namespace, name)``, and what it stands for:
    the estate's values, each commitment's time limit (those that have one), and each law of the
    register and each article it lists (《民法典》第九百四十四条)."""
    table = {("estate", name): value for name, value in estate_values(estate).items()} if estate is not None else {}
    for cid in commitments:
        limit = commitment_limit(commitments, cid)
        if limit is not None:
            table[("commitment", cid)] = limit.label
    if laws is not None:
        table.update(placeholder_entries(laws))
    return table
