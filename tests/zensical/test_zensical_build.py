"""The second generator: the same handbook built by Zensical from the core's pages.

Builds a copy of the project (data, docs, mkdocs.yml) with ``python -m handbook_zensical``, checks
that every page the MkDocs build has exists at the same address, and types Chinese queries into
Zensical's search box in Chromium.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from handbook.checks.check import check
from handbook.site.build import render_pages

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.build]


def _address(md_path: str) -> str:
    """The page address MkDocs gives a Markdown file with use_directory_urls (x/index.md, x.md → x/)."""
    stem = md_path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("zensical", path=str(Path(sys.executable).parent)) is None:
        pytest.fail("zensical is not installed: make test installs the .[test] extra, which includes it")
    project = tmp_path_factory.mktemp("zensical-project")
    for name in ("procedures", "docs", "overrides"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    result = subprocess.run([sys.executable, "-m", "handbook_zensical", "--root", str(project)],
                            capture_output=True, text=True, check=False, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return project / "site-zensical"


def test_every_page_at_the_same_address(zensical_site: Path) -> None:
    manual, _ = check(ROOT / "procedures")
    assert manual is not None
    pages = set(render_pages(manual)) | {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    missing = [p for p in sorted(pages) if not (zensical_site / _address(p) / "index.html").is_file()]
    assert missing == []
    assert len(pages) > 100


def test_the_guide_carries_its_field_reference(zensical_site: Path) -> None:
    guide = (zensical_site / "guide" / "index.html").read_text(encoding="utf-8")
    assert "handbook:fields" not in guide
    assert "<table>" in guide


def test_a_chinese_query_finds_its_procedure(zensical_site: Path, browser) -> None:
    from browser import serve_folder

    manual, _ = check(ROOT / "procedures")
    assert manual is not None
    queries = {"投诉": "sops/complaint-handling/", "钥匙": "sops/key-management/", "回访": "sops/follow-up-visits/"}
    queries |= {sop.title: f"sops/{sop_id}/" for sop_id, sop in list(manual.sops.items())[:5]}
    with serve_folder(zensical_site) as url:
        page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        external: list[str] = []
        page.on("request", lambda r: external.append(r.url) if not r.url.startswith(url) else None)
        page.goto(url + "/")
        page.click("button.md-search__button")
        box = page.locator("input[type=text]:visible, input[type=search]:visible").first
        for query, expected in queries.items():
            box.fill(query)
            page.wait_for_function(
                """() => [...document.querySelectorAll('*')].some(e => e.shadowRoot
                     && e.shadowRoot.querySelectorAll('a').length > 0)""", timeout=15_000)
            page.wait_for_timeout(300)
            hrefs = page.evaluate("""() => [...document.querySelectorAll('*')].filter(e => e.shadowRoot)
                .flatMap(e => [...e.shadowRoot.querySelectorAll('a')].map(a => new URL(a.href).pathname))""")
            top = [h.lstrip("/") for h in hrefs[:8]]
            assert expected in top, (query, top)
        page.close()
        assert [u for u in external if not u.startswith(("data:", "blob:"))] == []


def test_the_offline_variant_loads_nothing_from_the_internet(tmp_path: Path) -> None:
    """Zensical's offline plugin would fetch its worker shim from unpkg.com; the adapter gives it
    the local one, as mkdocs-offline.yml does for MkDocs."""
    for name in ("procedures", "docs", "overrides"):  # overrides: the theme's custom_dir
        shutil.copytree(ROOT / name, tmp_path / name)
    for name in ("mkdocs.yml", "mkdocs-offline.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    result = subprocess.run([sys.executable, "-m", "handbook_zensical", "--root", str(tmp_path), "--offline",
                             "--site-dir", "offline"], capture_output=True, text=True, check=False, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    site = tmp_path / "offline"
    assert (site / "sops" / "complaint-handling.html").is_file()
    remote = [p.relative_to(site).as_posix() for p in site.rglob("*.html")
              if re.search(r"""<script[^>]+src=["']?(https?:)?//""", p.read_text(encoding="utf-8"))]
    assert remote == []
    assert "javascripts/iframe-worker.js" in (site / "index.html").read_text(encoding="utf-8")


def test_the_project_is_written_from_the_site_with_name_and_author_escaped(tmp_path: Path) -> None:
    """The site's name and author go into <title>, the header and <meta name="author"> as they
    are: a company named '鲁能"><script>' ran script on every Zensical page."""
    import html

    import yaml

    from handbook_zensical.build import read_config, write_project
    from helpers import mini_project

    project = mini_project(tmp_path)
    handbook = project / "procedures" / "handbook.yaml"
    evil = '鲁能"><script>alert(1)</script>'
    handbook.write_text(handbook.read_text(encoding="utf-8").replace("company: 测试物业", "company: '" + evil + "'"),
                        encoding="utf-8")
    (project / "pdf").mkdir()
    (project / "pdf" / "forms.pdf").write_bytes(b"%PDF-1.7 forms")  # make pdf's output: an asset of the site
    config_file = write_project(project, project / ".zensical", project / "site-zensical")
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    assert config["site_author"] == html.escape(evil) and "<script>" not in config["site_author"]
    assert "<" not in config["site_name"]
    assert "handbook" not in (config.get("plugins") or {}) and "hooks" not in config
    assert (project / ".zensical" / "docs" / "pdf" / "forms.pdf").read_bytes() == b"%PDF-1.7 forms"
    assert (project / ".zensical" / "docs" / "sops" / "repair.md").is_file()
    assert read_config(project / "mkdocs.yml")["plugins"]["handbook"]["estate"] in (None, "")


def test_the_estate_comes_from_the_plugin_s_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``make build-zensical ESTATE=hkyz`` builds the estate ``make build ESTATE=hkyz`` builds:
    both read ``estate: !ENV [ESTATE, ""]`` of the handbook plugin in mkdocs.yml."""
    from handbook_zensical.build import read_config

    monkeypatch.setenv("ESTATE", "hkyz")
    monkeypatch.setenv("HANDBOOK_CACHE", "0")
    options = read_config(ROOT / "mkdocs.yml")["plugins"]["handbook"]
    assert options["estate"] == "hkyz" and options["cache"] == 0
    monkeypatch.delenv("ESTATE")
    assert read_config(ROOT / "mkdocs.yml")["plugins"]["handbook"]["estate"] == ""
