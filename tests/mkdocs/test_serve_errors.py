"""``mkdocs serve`` with broken data shows the problems in the browser, and recovers by itself.

A real ``mkdocs serve`` runs in a child process on a copy of the project with the mini data. A
broken file must not leave page requests hanging: every page answers with the located problems
(file:line:column, message, hint). Fixing the file brings the real page back, and an open page
reloads by itself (checked in Chromium). ``mkdocs build`` of the broken data still fails.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import mkdocs_build
from helpers import mini_project

pytestmark = pytest.mark.build

BROKEN = ("sops/repair.yaml", "role: clerk", "role: clerc")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 20) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def _wait_for(predicate, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            result = predicate()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            result = None
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError("timed out")


def _edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / "procedures" / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def served(tmp_path: Path):
    project = mini_project(tmp_path)
    _edit(project, *BROKEN)  # broken from the start: the first build fails too
    yield from _serve(project)


@pytest.fixture
def served_good(tmp_path: Path):
    yield from _serve(mini_project(tmp_path))


def _serve(project: Path):
    port = _free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    log = (project.parent / "serve.log").open("w", encoding="utf-8")  # a pipe nobody reads would fill up
    child = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
        cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=log, text=True,
    )
    try:
        yield project, f"http://127.0.0.1:{port}"
    finally:
        child.terminate()
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            child.kill()
        log.close()


@pytest.mark.browser
def test_broken_data_is_shown_in_the_browser_and_a_fix_brings_the_page_back(served, browser) -> None:
    project, url = served
    status, body = _wait_for(lambda: _get(f"{url}/sops/repair/"))
    assert status == 200
    assert "手册数据有错误" in body
    assert "repair.yaml:" in body and "clerc" in body  # located: file:line:column and the wrong value
    assert "提示" in body  # the checker's hint
    status, body = _get(f"{url}/no/such/page/")
    assert status == 404 and "手册数据有错误" in body
    # the terminal shows the problems, not MkDocs's list of the pages left out of the error's navigation
    terminal = (project.parent / "serve.log").read_text(encoding="utf-8")
    assert "手册数据有错误" in terminal and "clerc" in terminal
    assert 'not included in the "nav"' not in terminal

    page = browser.new_page()
    try:
        page.goto(f"{url}/sops/repair/")
        assert page.locator("h1").first.inner_text().startswith("手册数据有错误")
        assert page.locator(".data-error-list li").count() >= 1
        _edit(project, BROKEN[0], BROKEN[2], BROKEN[1])
        # the open page reloads by itself once the rebuild is done
        # (while the page reloads it has no h1 for a moment: the check must not throw then)
        page.wait_for_function("() => document.querySelector('h1')?.innerText.includes('报修处理程序')", timeout=60_000)
    finally:
        page.close()
    status, body = _get(f"{url}/sops/repair/")
    assert status == 200 and "手册数据有错误" not in body


def test_a_docs_file_in_a_generated_page_s_place_is_shown_and_serve_recovers(served_good) -> None:
    """A file saved in docs/ under a generated page's address (docs/roles/clerk.md) made every
    request hang: serve now answers every page with the located message, and the page comes back
    once the file is gone."""
    project, url = served_good
    status, body = _wait_for(lambda: _get(f"{url}/roles/clerk/"), 120)
    assert status == 200 and "手册数据有错误" not in body
    taken = project / "docs" / "roles" / "clerk.md"
    taken.parent.mkdir()
    taken.write_text("# 我自己的收银员页面\n", encoding="utf-8")

    def shows_the_problem():
        status, body = _get(f"{url}/roles/clerk/", timeout=30)
        return (status, body) if "手册数据有错误" in body else None

    status, body = _wait_for(shows_the_problem, 120)
    assert status == 200 and "docs/roles/clerk.md" in body and "与生成的页面同名" in body
    assert "请删除或改名该文件" in body  # the hint
    status, body = _get(f"{url}/sops/repair/", timeout=30)  # every page says so, none hangs
    assert status == 200 and "docs/roles/clerk.md" in body
    taken.unlink()

    def recovered():
        status, body = _get(f"{url}/roles/clerk/", timeout=30)
        return (status, body) if status == 200 and "手册数据有错误" not in body else None

    status, body = _wait_for(recovered, 120)
    assert "我自己的收银员页面" not in body and "clerk" in body


def test_build_still_fails_on_broken_data(tmp_path: Path) -> None:
    project = mini_project(tmp_path)
    _edit(project, *BROKEN)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "repair.yaml:" in result.stderr and "手册数据有错误" in result.stderr
