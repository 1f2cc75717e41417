"""The handbook plugin's options (``plugins: handbook:`` in ``mkdocs.yml``)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, ValidationError


class Switch(BaseConfigOption[bool]):
    """On or off: ``true``/``false``, or ``1``/``0`` as an environment variable gives it through
    ``!ENV`` (``HANDBOOK_CACHE=0``)."""

    def __init__(self, default: bool) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> bool:
        if isinstance(value, bool):
            return value
        if value in (0, 1, "0", "1"):
            return str(value) == "1"
        raise ValidationError(f"应为 true 或 false（或 1、0），不是 {value!r}")


class HandbookConfig(base.Config):  # type: ignore[no-untyped-call]  # MkDocs' __init_subclass__
    #: The data folder, relative to ``mkdocs.yml``.
    data_dir = c.Type(str, default="procedures")
    #: The estate whose handbook is built (``procedures/estates/<id>/``); empty: the first listed.
    #: ``mkdocs.yml`` gives it as ``!ENV [ESTATE, ""]`` (``make build ESTATE=hkyz``).
    estate = c.Optional(c.Type(str))
    #: Keep each page's conversion and search entries on disk between builds.
    cache = Switch(default=True)
    #: Where, relative to ``mkdocs.yml``.
    cache_dir = c.Type(str, default=".cache/handbook")
    #: Under ``mkdocs serve``, reuse a page's themed HTML while nothing it shows changed
    #: (``themecache.py``): off unless asked for, since its key models Material's templates.
    reuse_theme = Switch(default=False)
