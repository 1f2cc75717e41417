"""The folder build (``make build-offline``): opened from file:// in Chromium, with no server.

Navigation and search must work by double-clicking ``index.html``, and no page may load
anything from another host: not the offline plugin's worker shim from unpkg.com, nothing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from handbook_mkdocs.offline import external_scripts, is_external, missing_targets, page_references
from handbook_mkdocs.search_worker import WORKER_GLOB, fix_query_segmenter

from conftest import ROOT
from helpers import mini_project
from searchbox import search

LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


def build_offline(project: Path, site: Path, config: str = "mkdocs-offline.yml", **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / config), "-d", str(site)],
        capture_output=True, text=True, cwd=project, env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **env),
    )


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real handbook's folder build, made once for this module."""
    site = tmp_path_factory.mktemp("offline") / "site-offline"
    result = build_offline(ROOT, site)
    assert result.returncode == 0, result.stderr[-4000:]
    return site


# --------------------------------------------------------------------------- without a browser

def test_external_addresses_are_recognised() -> None:
    assert is_external("https://unpkg.com/iframe-worker/shim") and is_external("//cdn.example.org/x.js")
    assert not is_external("javascripts/iframe-worker.js") and not is_external("../assets/x.css")
    urls = ["javascripts/handbook.js", "https://unpkg.com/iframe-worker/shim", "http://x.org/a.js"]
    assert external_scripts(urls) == urls[1:]


def test_page_references_are_unescaped() -> None:
    html = '<a href="../sops/a.html#x">a</a><img src="x&amp;y.png"><link href="s.css" rel="stylesheet">'
    assert page_references(html) == ["../sops/a.html#x", "x&y.png", "s.css"]


def test_missing_targets_finds_folder_links_and_absolute_paths(tmp_path: Path) -> None:
    (tmp_path / "sops").mkdir()
    (tmp_path / "sops" / "a.html").write_text('<a href="../index.html">ok</a> <a href="#top">ok</a>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="sops/a.html">ok</a> <a href="sops/">folder</a> <script src="/x.js"></script>'
        ' <a href="https://example.org/">outside</a> <a href="mailto:a@b.c">mail</a>',
        encoding="utf-8",
    )
    assert missing_targets(tmp_path) == {"index.html": ["sops/", "/x.js"]}


# --------------------------------------------------------------------------- the real folder build

@pytest.mark.build
def test_every_link_and_asset_of_the_folder_build_is_a_file(offline_site: Path) -> None:
    missing = missing_targets(offline_site)
    missing.pop("404.html", None)  # a server's error page, with absolute paths; never opened from a folder
    assert missing == {}


@pytest.mark.build
def test_the_folder_build_loads_nothing_from_another_host(offline_site: Path) -> None:
    tag = re.compile(r"<(script|link|img|iframe|source|video|audio)\b[^>]*>")
    fetched_links = re.compile(r'rel="[^"]*\b(stylesheet|icon|preload|modulepreload|manifest)\b')
    pages = sorted(offline_site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for element in tag.finditer(html):
            if element.group(1) == "link" and not fetched_links.search(element.group(0)):
                continue  # <link rel="prev"> and the like are not fetched
            assert not [r for r in page_references(element.group(0)) if is_external(r)], (page, element.group(0))
    index = (offline_site / "index.html").read_text(encoding="utf-8")
    assert '<script src="javascripts/iframe-worker.js"></script>' in index
    assert "unpkg.com" not in index


@pytest.mark.build
def test_the_folder_build_has_the_search_index_as_a_script_and_the_fixed_worker(offline_site: Path) -> None:
    script = (offline_site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert script.startswith("var __index = {")
    [worker] = offline_site.glob(WORKER_GLOB)
    text = worker.read_text(encoding="utf-8")
    assert fix_query_segmenter(text) == text  # recognised, and already fixed by the build


@pytest.mark.build
def test_a_worker_shim_from_the_internet_fails_the_build(tmp_path: Path) -> None:
    """Without our own shim, Material's offline plugin would add https://unpkg.com/iframe-worker/shim."""
    project = mini_project(tmp_path)
    config = project / "mkdocs-offline.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.split("\nextra:")[0] + "\n", encoding="utf-8")
    result = build_offline(project, tmp_path / "site")
    assert result.returncode == 1
    assert "https://unpkg.com/iframe-worker/shim" in result.stderr and "来自互联网" in result.stderr
    assert "Traceback" not in result.stderr


# --------------------------------------------------------------------------- in Chromium, from file://

@pytest.fixture
def folder_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        yield page, requests
    finally:
        context.close()


@pytest.mark.browser
def test_navigation_works_from_the_folder(folder_page, offline_site: Path) -> None:
    page, requests = folder_page
    page.goto(offline_site.joinpath("index.html").as_uri(), wait_until="load")
    # the cover's table of contents, then the procedure list, then a procedure, by clicking
    page.locator("article a", has_text="第二部分").first.click()
    page.wait_for_url("**/sops/index.html")
    page.locator("article a", has_text="钥匙管理规程").first.click()
    page.wait_for_url("**/sops/key-management.html")
    assert "钥匙管理规程" in page.locator("h1").first.inner_text()
    assert page.locator("figure.flowchart svg").count() == 1
    # a role named in the procedure, then the footer's "next" link
    page.locator("article a[href$='roles/cs-supervisor.html']").first.click()
    page.wait_for_url("**/roles/cs-supervisor.html")
    assert "客服主管" in page.locator("h1").first.inner_text()
    page.locator("a.md-footer__link--next").click()
    page.wait_for_url(re.compile(r".*/roles/[a-z-]+\.html$"))
    assert "cs-supervisor" not in page.url
    assert [r for r in requests if not r.startswith(LOCAL_SCHEMES)] == []


@pytest.mark.browser
def test_search_works_from_the_folder_without_a_server(folder_page, offline_site: Path) -> None:
    page, requests = folder_page
    root = offline_site.as_posix()
    page.goto(offline_site.joinpath("sops", "complaint-handling.html").as_uri(), wait_until="load")
    hits = search(page, "钥匙", root)
    assert hits[0].path == "sops/key-management.html", [h.path for h in hits[:5]]
    assert search(page, "投诉", root)[0].path == "sops/complaint-handling.html"
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_url("**/sops/complaint-handling.html**")
    loaded = " ".join(requests)
    for needed in ("search/search_index.js", "javascripts/iframe-worker.js", "workers/search.", "lunr.zh.min.js"):
        assert needed in loaded, f"{needed} was never loaded"
    assert [r for r in requests if not r.startswith(LOCAL_SCHEMES)] == []


def _served_path(path: str) -> str:
    """sops/x.html -> sops/x/, sops/index.html -> sops/, index.html -> '' (the served addresses)."""
    path = path.removesuffix(".html")
    path = "" if path == "index" else path.removesuffix("/index")
    return path + "/" if path else ""


@pytest.mark.browser
def test_the_folder_build_searches_the_way_the_served_site_does(folder_page, offline_site: Path, site_url: str) -> None:
    """Every desk query (tests/browser/desk_queries.yaml) gives the same pages, in the same order,
    from file:// as over HTTP: the same index, worker, prelude and aliases."""
    import yaml

    queries = yaml.safe_load((ROOT / "tests/browser/desk_queries.yaml").read_text(encoding="utf-8"))["queries"]
    # the slips of the tuning set too: traditional characters, wrong sounds, pinyin, pasted chat
    tuning = yaml.safe_load((ROOT / "tests/browser/desk_queries_tuning.yaml").read_text(encoding="utf-8"))["queries"]
    queries += [{"q": e["q"], "first": e["want"]} for e in tuning if e["kind"] == "slip"]
    page, requests = folder_page
    page.goto(offline_site.joinpath("index.html").as_uri(), wait_until="load")
    from_folder = {e["q"]: [_served_path(h.path) for h in search(page, e["q"], offline_site.as_posix())[:3]]
                   for e in queries}
    page.goto(f"{site_url}/", wait_until="load")
    served = {e["q"]: [h.path for h in search(page, e["q"], "/")[:3]] for e in queries}
    assert from_folder == served
    assert sum(from_folder[e["q"]][:1] == [e["first"]] for e in queries) >= 0.95 * len(queries)
    assert all(from_folder[e["q"]] for e in queries)  # none finds nothing
    assert [r for r in requests if not r.startswith(LOCAL_SCHEMES + ("http://127.0.0.1",))] == []


@pytest.mark.browser
def test_the_test_is_taken_and_scored_from_the_folder(folder_page, offline_site: Path) -> None:
    """The 测验 from file://: drawn, answered, scored, and a wrong answer's link opens the step in
    the folder's own procedure page. Nothing is fetched from anywhere."""
    page, requests = folder_page
    page.goto(offline_site.joinpath("training", "cs-assistant", "test.html").as_uri() + "#n=42", wait_until="load")
    bank = page.evaluate("() => JSON.parse(document.querySelector('script[data-quiz-bank]').textContent)")
    answers = {q["id"]: q["answer"] for q in bank["questions"]}
    items = page.locator(".quiz-q")
    assert items.count() == 10
    for i in range(10):
        right = answers[items.nth(i).get_attribute("data-q")]
        items.nth(i).locator(".quiz-choice").nth(right if i else (right + 1) % 3).click()
    page.click("[data-quiz-submit]")
    assert page.inner_text("[data-quiz-points]") == "9" and page.inner_text("[data-quiz-total]") == "10"
    link = items.nth(0).locator("a.quiz-link")
    href = link.get_attribute("href")
    assert re.fullmatch(r"\.\./\.\./sops/[a-z-]+\.html(#(step-[a-z0-9-]+|key-points))?", href), href
    with page.expect_navigation(wait_until="load"):
        link.click()
    assert page.url.startswith("file://") and page.url.endswith(href.replace("../..", ""))
    if "#" in href:
        assert page.evaluate("document.querySelector(':target').id") == href.split("#")[1]
    assert [u for u in requests if not u.startswith(("file://", "data:", "blob:"))] == []
