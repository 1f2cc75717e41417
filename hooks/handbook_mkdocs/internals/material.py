"""Material for MkDocs' internals the adapter uses (Material 9.x).

- The search plugin (``material.plugins.search.plugin.SearchPlugin``) builds its index in
  ``search_index``, a ``SearchIndex`` whose ``add_entry_from_context(page)`` appends a page's
  entries to ``entries`` and whose private ``_segment_chinese(text)`` runs jieba over each run of
  Chinese characters (the pattern ``HAN_RUN``, copied from it). The rebuild cache replaces both on
  the index object; the search words make the segmenter tidy and remember runs.
- The plugin loads ``jieba_dict`` and ``jieba_dict_user`` (paths from the working folder) on every
  build; their bytes shape the index, so the disk cache keys on them (``dictionaries``).
- The search worker ships as ``templates/assets/javascripts/workers/search.*.min.js`` inside the
  package (``worker_files``); ``search_worker.py`` recognises the places it changes by their shape.

``tests/mkdocs/test_internals.py`` (and ``test_search.py`` for the worker) check each of these
against the installed Material.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

from backrefs import bre
from material.plugins.search.plugin import SearchIndex as SearchIndex, SearchPlugin as SearchPlugin
from mkdocs.config.defaults import MkDocsConfig

Segment = Callable[[str], str]
AddEntry = Callable[[Any], None]

#: Material's pattern for a run of Chinese characters, which it segments one run at a time.
HAN_RUN = bre.compile(r"(\p{script: Han}+)", bre.UNICODE)
WORKERS = "templates/assets/javascripts/workers"


def search_plugin(config: MkDocsConfig) -> SearchPlugin | None:
    """Material's search plugin of this build (configured before the handbook's ``on_config``)."""
    found = [p for p in config.plugins.values() if isinstance(p, SearchPlugin)]
    return found[0] if found else None


def search_index(plugin: SearchPlugin) -> SearchIndex:
    return plugin.search_index


def dictionaries(plugin: SearchPlugin) -> list[Path]:
    """The jieba dictionaries the plugin loads (``jieba_dict``, ``jieba_dict_user``), as it
    finds them: relative to the working folder."""
    return [Path(os.path.normpath(p)) for p in (plugin.config.jieba_dict, plugin.config.jieba_dict_user) if p]


def segmenter(index: SearchIndex) -> Segment:
    segment: Segment = index._segment_chinese
    return segment


def set_segmenter(index: SearchIndex, segment: Segment) -> None:
    index._segment_chinese = segment


def add_entry(index: SearchIndex) -> AddEntry:
    add: AddEntry = index.add_entry_from_context
    return add


def set_add_entry(index: SearchIndex, add: AddEntry) -> None:
    index.add_entry_from_context = add


def entries(index: SearchIndex) -> list[dict[str, Any]]:
    """The index's entries so far (``location``, ``title``, ``text``, and ``boost`` or ``tags``)."""
    found: list[dict[str, Any]] = index.entries
    return found


def index_config(index: SearchIndex) -> dict[str, Any]:
    config: dict[str, Any] = index.config
    return config


def worker_files() -> list[Path]:
    """Material's search worker scripts as the package ships them."""
    folder = package_files("material") / WORKERS
    return sorted(Path(str(folder)).glob("search.*.min.js"))


def prunes(features: set[str]) -> bool:
    """Whether Material draws only the current page's sections of the navigation: the feature
    ``navigation.prune`` without tabs or sections (its ``partials/nav-item.html``)."""
    return "navigation.prune" in features and not features & {"navigation.tabs", "navigation.sections"}


#: The longest run of Chinese characters given to jieba in one piece. jieba's HMM (Viterbi over
#: the characters its dictionary does not join) copies its path at every character, so one run's
#: cost grows with the square of its length: a step action of 150,000 characters took minutes.
#: The handbook's real pages have no run near this long (``test_search_runs``), so they are
#: segmented exactly as before; a longer run is segmented in pieces of this length.
LONGEST_RUN = 400
ZWSP = "\u200b"


def bounded(segment: Segment, longest: int = LONGEST_RUN) -> Segment:
    """Material's ``segment`` giving each run of Chinese characters longer than ``longest`` to
    it in pieces: linear in the text's length, and the same as ``segment`` for shorter runs."""

    def segment_bounded(text: str) -> str:
        long = [m for m in HAN_RUN.finditer(text) if len(m.group(0)) > longest]
        if not long:
            return segment(text)
        parts, at = [], 0
        for match in long:
            if match.start() > at:
                parts.append(segment(text[at:match.start()]))
            run = match.group(0)
            parts.append(ZWSP.join(segment(run[i:i + longest]) for i in range(0, len(run), longest)))
            at = match.end()
        if at < len(text):
            parts.append(segment(text[at:]))
        return ZWSP.join(p for p in parts if p)

    return segment_bounded
