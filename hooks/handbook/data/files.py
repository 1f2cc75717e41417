"""The files of a data folder as they were read: each validated model, or None where it failed.

:class:`Files` is what the reader hands to the estate overlay and to the rules. A single file is
its model, or None when it is missing or has errors; a collection (``roles/``, ``sops/``,
``forms/``) keeps every file that exists by its id, None for one with errors, so that a
reference to a broken file is not reported as a reference to nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from handbook.data.aliases import SearchWords
from handbook.data.laws import Laws
from handbook.data.model import Commitments, Form, Glossary, Handbook, Organization, Role, Sop, Standard

T = TypeVar("T")


def valid(items: dict[str, T | None]) -> dict[str, T]:
    """The items of a collection that validated, in the collection's order."""
    return {k: v for k, v in items.items() if v is not None}


@dataclass(frozen=True)
class Files:
    standard: Standard | None = None  # handbook.yaml as written
    organization: Organization | None = None
    commitments: Commitments | None = None
    glossary: Glossary | None = None
    search: SearchWords | None = None  # search.yaml: optional
    laws: Laws | None = None  # laws.yaml, the register of laws: optional
    roles: dict[str, Role | None] = field(default_factory=dict)
    sops: dict[str, Sop | None] = field(default_factory=dict)
    forms: dict[str, Form | None] = field(default_factory=dict)
    #: The document control of the handbook being built: the standard's structure with the
    #: estate's values (set by the estate overlay; None until then, or when they are missing).
    handbook: Handbook | None = None
