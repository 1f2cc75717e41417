"""A page's Markdown conversion, remembered: what ``Page.render`` gives, and what it read.

The key is the page's final Markdown, its address, every file of the site (links resolve against
them) and the Markdown configuration (``rebuild.py``). A Markdown extension may read files the key
cannot see: ``pymdownx.snippets`` pastes a file into the page, ``abbr`` may append a glossary. So
every file opened while a page is converted is recorded (Python's audit hook, event ``open``, the
same for ``open``, ``codecs.open`` and ``os.open``) with the digest of its bytes, and a remembered
conversion is used only while each of those files still has those bytes. Python's own modules and
packages (imports during a first conversion) are not recorded.

Warnings logged while a page was converted are logged again when the conversion is reused, so the
terminal shows the same problems on every rebuild.
"""

from __future__ import annotations

import copy
import logging
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from handbook_mkdocs import diskcache
from handbook_mkdocs.internals import mkdocs as internals
from handbook_mkdocs.memo import Generations

#: Files under these folders are code (imports), not input of a page.
_CODE = tuple({os.path.join(p, "") for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)})
_CODE_SUFFIXES = (".py", ".pyc", ".so", ".pth")
_WRITING = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT
# The files opened by each conversion under way (innermost last), with the thread converting: the
# live-reload server's thread opens the site's files while serve converts, and they are no input.
_reading: list[tuple[int, set[str]]] = []
_hooked: list[bool] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event != "open" or not _reading or _reading[-1][0] != threading.get_ident():
        return
    path, mode, flags = (tuple(args) + (None, None, None))[:3]
    if not isinstance(path, (str, bytes, os.PathLike)):
        return  # a file descriptor
    if isinstance(mode, str) and any(c in mode for c in "wax+"):
        return
    if mode is None and isinstance(flags, int) and flags & _WRITING:
        return
    name = os.path.abspath(os.fsdecode(path))
    if name.startswith(_CODE) or name.endswith(_CODE_SUFFIXES):
        return
    _reading[-1][1].add(name)


def _record_reads() -> set[str]:
    if not _hooked:
        sys.addaudithook(_audit)  # for the life of the process; idle while nothing converts
        _hooked.append(True)
    reads: set[str] = set()
    _reading.append((threading.get_ident(), reads))
    return reads


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass(frozen=True)
class Rendered:
    content: str
    toc: TableOfContents
    converted: internals.Converted
    records: tuple[logging.LogRecord, ...]
    reads: tuple[tuple[str, str], ...] = ()  # (file, digest of its bytes) the conversion read

    def to_json(self) -> dict[str, Any]:
        done = self.converted
        return {"content": self.content, "toc": diskcache.toc_to_json(self.toc), "title": done.title,
                "anchors": sorted(done.anchors) if done.anchors is not None else None,
                "links": done.links, "records": [diskcache.record_to_json(r) for r in self.records],
                "reads": [list(r) for r in self.reads]}

    @classmethod
    def from_json(cls, data: Any) -> Rendered:
        """Raises ``diskcache.Damaged`` for anything but what ``to_json`` writes."""
        check = diskcache.expect
        check(isinstance(data, dict), "page entry")
        content, title, anchors, links = data.get("content"), data.get("title"), data.get("anchors"), data.get("links")
        check(isinstance(content, str), "content")
        check(title is None or isinstance(title, str), "title")
        check(anchors is None or (isinstance(anchors, list) and all(isinstance(a, str) for a in anchors)), "anchors")
        check(links is None or (isinstance(links, dict) and all(
            isinstance(v, dict) and all(isinstance(a, str) and isinstance(b, str) for a, b in v.items())
            for v in links.values())), "links")
        reads = data.get("reads", [])
        check(isinstance(reads, list) and all(
            isinstance(r, list) and len(r) == 2 and all(isinstance(x, str) for x in r) for r in reads), "reads")
        records = data.get("records")
        check(isinstance(records, list), "records")
        return cls(content=content, toc=diskcache.toc_from_json(data.get("toc")),
                   converted=internals.Converted(title, frozenset(anchors) if anchors is not None else None, links),
                   records=tuple(diskcache.record_from_json(r) for r in records),
                   reads=tuple((a, b) for a, b in reads))


def render_and_record(page: Page, original: internals.Render, config: MkDocsConfig, files: Files,
                      digest_of: Callable[[str], str]) -> Rendered:
    """Convert ``page`` with MkDocs' own ``render`` and remember the result, its warnings and the
    files it read."""
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    reads = _record_reads()
    try:
        original(config, files)
    finally:
        _reading.pop()
        logger.removeHandler(collect)
    assert page.content is not None
    return Rendered(content=page.content, toc=copy.deepcopy(page.toc), converted=internals.converted(page),
                    records=tuple(r for r in collect.records if r.levelno >= logging.INFO),
                    reads=tuple((path, digest_of(path)) for path in sorted(reads)))


def reuse(page: Page, hit: Rendered, files: Files) -> None:
    """Leave on ``page`` what converting it gave when ``hit`` was remembered."""
    page.content = hit.content
    page.toc = copy.deepcopy(hit.toc)
    internals.set_converted(page, hit.converted, files)
    for record in hit.records:  # the same warnings as a fresh conversion
        logging.getLogger(record.name).handle(record)


def cache_render(page: Page, kept: Generations[Rendered], key: Callable[[], str],
                 digest_of: Callable[[str], str]) -> None:
    """Make ``page.render`` (this page object only) reuse a remembered conversion under ``key()``
    while the files it read are unchanged."""

    def render(config: MkDocsConfig, files: Files) -> None:
        at = key()
        hit = kept.get(at)
        if hit is not None and all(digest_of(path) == was for path, was in hit.reads):
            reuse(page, hit, files)
            return
        if hit is not None:
            kept.drop(at)  # a file it read has changed since
        kept.put(at, render_and_record(page, original, config, files, digest_of))

    original = internals.replace_render(page, render)
