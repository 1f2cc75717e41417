"""The whole handbook's data, loaded and validated: what the renderers work from."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from datetime import date
from pathlib import Path

from handbook.data.aliases import Alias
from handbook.data.reads import Noted
from handbook.data.estates import Company
from handbook.data.laws import Register
from handbook.data.document import Document
from handbook.data.model import Commitment, Form, Glossary, Handbook, Organization, Partner, Role, Sop
from handbook.data.rules import Placeholders, applicable_limit, forms_of, placeholder_table
from handbook.data.timelimit import TimeLimit


@dataclass(frozen=True)
class Manual(Noted):
    """The checked handbook. Frozen: renderers may remember what they derive from it.

    Its attribute reads are noted (:class:`~handbook.data.reads.Noted`; the dict fields made by
    ``check`` note their entries themselves): what a page read of the data is known, and the page
    can be reused while those parts are unchanged (:mod:`handbook.site.pagememo`).
    """

    data_dir: Path
    handbook: Handbook
    organization: Organization
    commitments: dict[str, Commitment]
    glossary: Glossary
    roles: dict[str, Role]  # in organization order
    sops: dict[str, Sop]  # in the order of the handbook's procedures part
    forms: dict[str, Form]  # in order of first use by the procedures, then by id
    docs: dict[str, Document] = field(default_factory=dict)  # by path relative to data_dir
    sources: dict[str, Path] = field(default_factory=dict)  # "sops/x" -> file
    # The day the data was checked: review status and warnings are computed from it, never from git.
    checked_on: date = field(default_factory=date.today)
    aliases: list[Alias] = field(default_factory=list)  # procedures/search.yaml, if there is one
    # With estates: the company standard and every estate (deviation report), and which one this is.
    company: Company | None = None
    estate_id: str | None = None
    #: The register of laws and other requirements (laws.yaml, and the estate's own); see manual.laws.
    laws: Register = field(default_factory=Register)

    @property
    def partners(self) -> dict[str, Partner]:
        return {p.id: p for p in self.organization.partners}

    def sop_groups(self) -> list[tuple[str | None, list[str]]]:
        """The procedures by group of ``handbook.yaml`` (title, ids), in order; one group
        without a title when the procedures are not grouped."""
        part = next((p for p in self.handbook.parts if p.kind == "procedures"), None)
        if part is None or not part.groups:
            return [(None, list(self.sops))]
        return [(g.title, [s for s in g.procedures if s in self.sops]) for g in part.groups]

    def role_title(self, role_id: str) -> str:
        if role_id in self.roles:
            return self.roles[role_id].title
        return self.partners[role_id].title

    def lane_order(self) -> list[str]:
        """Every role and partner id in the order lanes and matrices show them."""
        partners = [p.id for p in self.organization.partners]
        first = [p for p in partners if p == "customer"]
        return first + list(self.roles) + [p for p in partners if p != "customer"]

    def headcount(self, role_id: str) -> int:
        return sum(p.headcount for u in self.organization.units for p in u.positions if p.role == role_id)

    def step_limit(self, sop: Sop, step_id: str) -> TimeLimit | None:
        step = next(s for s in sop.steps if s.id == step_id)
        return applicable_limit(self.commitments, step.time_limit, step.commitment)

    def next_review(self, sop: Sop) -> date:
        return add_months(sop.last_reviewed, self.handbook.review_cycle_months)

    def lookup(self, namespace: str, name: str) -> str | None:
        """Value of a ``{{namespace.name}}`` placeholder, or None if unknown."""
        return self.placeholders.get((namespace, name))

    @cached_property
    def placeholders(self) -> Placeholders:
        """Every placeholder the handbook may write, and what it stands for."""
        return placeholder_table(self.handbook.estate, self.commitments, self.laws)

    def sop_number(self, sop_id: str) -> int:
        return self._sop_numbers[sop_id]

    def role_number(self, role_id: str) -> int:
        return self._role_numbers[role_id]

    # Asked for thousands of times while rendering; a manual is not changed once built
    # (``dataclasses.replace`` makes a new one, with its own cache).
    @cached_property
    def _sop_numbers(self) -> dict[str, int]:
        return {sop_id: n for n, sop_id in enumerate(self.sops, 1)}

    @cached_property
    def _role_numbers(self) -> dict[str, int]:
        """The position numbers the organization gives (岗位编号, fixed once), or the order of the
        organization when it gives none."""
        given = {p.role: p.number for u in self.organization.units for p in u.positions if p.number is not None}
        if given and all(r in given for r in self.roles):
            return {r: given[r] for r in self.roles}
        return {role_id: n for n, role_id in enumerate(self.roles, 1)}

    def roles_by_number(self) -> list[str]:
        """The roles in the order of their numbers (the job descriptions' order in the handbook)."""
        return sorted(self.roles, key=self.role_number)

    @cached_property
    def form_users(self) -> dict[str, list[str]]:
        """For each form id, the procedures that fill it in (in a step or as an extra record),
        in the handbook's order."""
        users: dict[str, list[str]] = {}
        for sop_id, sop in self.sops.items():
            for form_id in forms_of(sop):
                users.setdefault(form_id, []).append(sop_id)
        return users


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the last day of the month where that day does not exist)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover
