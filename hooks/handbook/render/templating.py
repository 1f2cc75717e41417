"""The core's own Jinja2 environment, from which every HTML fragment of the pages is made.

Autoescaping is on, and every value a template prints that is not already markup goes through
:func:`handbook.render.markup.escape_text` first (the environment's ``finalize``): data text can
therefore open neither an HTML tag nor a Markdown link or image, whether the fragment is a raw
HTML block or sits inside Markdown (``md_in_html``). Data text that may carry ``**bold**`` goes
through the ``inline`` filter (:func:`handbook.render.markup.inline`); data for a script goes
through ``json_data`` (:func:`handbook.render.markup.json_data`). Undefined names are errors.

This environment is not the theme's: Material's templates never see these, and ours never see
MkDocs' context.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from handbook.render.markup import Md, escape_text, inline, json_data

TEMPLATES = Path(__file__).parent / "templates"


def _finalize(value: Any) -> Any:
    """Every printed value: markup as it is, anything else escaped as text."""
    if hasattr(value, "__html__"):
        return value
    return Md(escape_text(str(value)))


ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    finalize=_finalize,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
    auto_reload=False,
)
ENV.filters["inline"] = inline
ENV.filters["json_data"] = json_data


def render(name: str, **context: Any) -> Md:
    """The template ``name`` (under ``templates/``) filled in with ``context``, as safe markup."""
    return Md(ENV.get_template(name).render(**context))
