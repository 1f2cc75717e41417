"""Browser test support: serve a built site on 127.0.0.1 and drive Debian's Chromium.

Playwright's own browser download does not work on these machines; we launch
``/usr/bin/chromium`` (``apt-get install chromium``) with the flags that keep it off the network.
Outside CI a missing Chromium skips the browser tests; in CI (``CI`` set) it fails them.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic", "--disable-default-apps",
]


def require_chromium() -> None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} not found: .ci/run must apt-get install chromium")
        pytest.skip(f"{CHROMIUM} not found (apt-get install chromium fonts-noto-cjk)")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """A folder served over HTTP on a free loopback port; yields its URL (no trailing slash)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The real handbook served over HTTP on a free loopback port."""
    with serve_folder(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


class RecordingPage:
    """A page plus every request it made, to prove that nothing leaves the machine."""

    def __init__(self, page, allowed_hosts: set[str]) -> None:
        self.page = page
        self.requests: list[str] = []
        self.allowed_hosts = allowed_hosts
        page.on("request", lambda request: self.requests.append(request.url))

    def external_requests(self) -> list[str]:
        out = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about", "file", "chrome-extension"):
                continue
            if parts.hostname not in self.allowed_hosts:
                out.append(url)
        return out


@pytest.fixture
def page(browser, site_url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    recorder = RecordingPage(page, {"127.0.0.1", "localhost"})
    try:
        yield recorder
    finally:
        context.close()


@pytest.fixture(scope="module")
def home(browser, site_url: str):
    """One page for all the queries of a module: the search index is built once, as for a person."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{site_url}/", wait_until="load")
    try:
        yield page
    finally:
        context.close()


#: The address of a revision not yet in force: the page's own address, then the day (sops/repair/2027-01-01/).
PENDING_PAGE = re.compile(r"/\d{4}-\d{2}-\d{2}/$")


def built_pages(site: Path) -> list[str]:
    """Every page of a built site, by its address (/, /sops/, /sops/renovation/)."""
    return sorted(
        "/" + str(p.parent.relative_to(site)).replace(".", "").strip("/") + ("/" if p.parent != site else "")
        for p in site.rglob("index.html")
        if "search" not in p.parts and "assets" not in p.parts
    )


@pytest.fixture(scope="session")
def walked(browser, site_url: str, built_site: Path) -> dict[str, dict[str, dict]]:
    """Every page of the site (and its 404 page) as the desk and a phone showed it: one walk,
    shared by the accessibility and the reading tests (``site_walk``)."""
    from site_walk import walk

    return walk(browser, site_url, built_site, built_pages(built_site) + ["/404.html"])
