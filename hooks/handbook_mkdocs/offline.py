"""Nothing from the internet: checks for the served site and for the folder build.

The handbook runs on intranets in mainland China, often with no internet at all, and the folder
build (``make build-offline``) is opened by double-clicking ``index.html``. Two things break that
silently, and both are checked here, without MkDocs:

- a script from another host in the configuration: Material's offline plugin adds the
  iframe-worker shim from the unpkg CDN to ``extra.polyfills`` unless a polyfill named
  ``iframe-worker`` is already there (ours is ``docs/javascripts/iframe-worker.js``);
- a link or asset in the built pages that points at no file: with ``file://`` there is no server
  to turn ``sops/x/`` into ``sops/x/index.html`` or to answer with a 404 page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

# href/src attributes of the built HTML (Material writes them double-quoted).
_REF = re.compile(r'\b(?:href|src)="([^"]*)"')
_SKIPPED_SCHEMES = {"mailto", "tel", "data", "javascript", "blob", "about"}


def is_external(url: str) -> bool:
    """True for an address on another host (``https://…``, ``//host/…``)."""
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme in ("http", "https", "ftp", "ws", "wss")


def external_scripts(urls: Iterable[str]) -> list[str]:
    """The script addresses that would be fetched from another host."""
    return [url for url in urls if is_external(url)]


def page_references(html: str) -> list[str]:
    """Every ``href`` and ``src`` value of a page, unescaped, in order."""
    return [unescape(value) for value in _REF.findall(html)]


def missing_targets(site_dir: Path) -> dict[str, list[str]]:
    """Local links and assets of every page that point at no file: ``{page: [reference, …]}``.

    External addresses are not followed (the pages may link to the outside world in their text;
    what matters here is that nothing the page *needs* is missing). Links to a folder count as
    missing: opened from a folder, the browser shows a file listing, not the page.
    """
    missing: dict[str, list[str]] = {}
    for page in sorted(site_dir.rglob("*.html")):
        for ref in page_references(page.read_text(encoding="utf-8")):
            target = _local_target(page, ref)
            if target is not None and not target.is_file():
                missing.setdefault(page.relative_to(site_dir).as_posix(), []).append(ref)
    return missing


def _local_target(page: Path, ref: str) -> Path | None:
    if not ref or ref.startswith("#") or is_external(ref):
        return None
    parts = urlsplit(ref)
    if parts.scheme in _SKIPPED_SCHEMES or parts.scheme:
        return None
    if not parts.path:
        return None
    return (page.parent / unquote(parts.path)).resolve()
