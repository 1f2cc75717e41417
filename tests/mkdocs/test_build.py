"""Real ``mkdocs build --strict`` runs: the real handbook, and the fixture with hostile text."""

from __future__ import annotations

import json
from html import unescape
import subprocess
from pathlib import Path

import pytest

from handbook.checks.check import check

from conftest import DATA, ROOT, mkdocs_build
from helpers import edit, mini_project

pytestmark = pytest.mark.build


def build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return mkdocs_build(project, site)


@pytest.fixture(scope="module")
def real_site(built_site: Path) -> Path:
    return built_site


def test_every_generated_page_exists(real_site: Path) -> None:
    manual, _ = check(DATA)
    for sop_id, sop in manual.sops.items():
        # the working text is the page of its revision: its own page (in force, or new and
        # pending), or the page of a revision not yet in force (sops/<id>/<day>/)
        pending = real_site / "sops" / sop_id / str(sop.effective_date) / "index.html"
        page = pending if pending.is_file() else real_site / "sops" / sop_id / "index.html"
        html = page.read_text(encoding="utf-8")
        for step in sop.steps:
            assert step.action.split("**")[0][:6] in html, (sop_id, step.id)
        assert (real_site / "checklists" / sop_id / "index.html").is_file()
    for role_id in manual.roles:
        assert (real_site / "roles" / role_id / "index.html").is_file()
    for form_id in manual.forms:
        assert (real_site / "forms" / form_id / "index.html").is_file()
    for page in ["index.html", "organization/index.html", "appendix/glossary/index.html", "guide/index.html"]:
        assert (real_site / page).is_file(), page


def test_guide_lists_fields_from_the_schema(real_site: Path) -> None:
    html = unescape((real_site / "guide" / "index.html").read_text(encoding="utf-8"))
    assert "<code>time_limit</code>" in html and "min=分钟" in html
    assert "handbook:fields" not in html


def test_search_index_is_segmented(real_site: Path) -> None:
    index = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["separator"].startswith("[\\s\\u200b")
    texts = " ".join(doc["text"] for doc in index["docs"])
    assert "\u200b" in texts  # jieba ran: Chinese text is split into words


def test_no_external_urls_in_pages(real_site: Path) -> None:
    """No CDN, no web font, no analytics: only links in the text itself may point outside."""
    for path in real_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for marker in ("fonts.googleapis", "fonts.gstatic", "cdn.jsdelivr", "unpkg.com", "googletagmanager"):
            assert marker not in html, (path, marker)


def test_two_builds_are_identical(real_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = build(ROOT, again)
    assert result.returncode == 0, result.stderr[-4000:]
    # the pages reached by links only (pending revisions, sign-off sheets) are left out of the
    # navigation on purpose: MkDocs does not list them (300 lines that buried what mattered)
    assert 'not included in the "nav"' not in result.stderr
    first = {p.relative_to(real_site): p.read_bytes() for p in real_site.rglob("*.html")}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*.html")}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_hostile_text_is_escaped_in_html(tmp_path: Path) -> None:
    project = mini_project(tmp_path)
    edit(project / "procedures", "sops/repair.yaml", "title: 报修处理程序", "title: <script>alert(1)</script>")
    site = tmp_path / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stderr[-4000:]
    html = (site / "sops" / "repair" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<title>一、&lt;script&gt;" in html  # the page title in the head, and the header
    assert "<script>alert" not in html


def test_bad_data_fails_the_build_with_located_messages(tmp_path: Path) -> None:
    project = mini_project(tmp_path)
    edit(project / "procedures", "sops/repair.yaml", "records: [repair-order]", "records: [repair-ordr]")
    result = build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "sops/repair.yaml:20:15: 错误: 未知的表格 'repair-ordr'" in result.stderr
    assert "Traceback" not in result.stderr


def test_warnings_fail_strict_build(tmp_path: Path) -> None:
    project = mini_project(tmp_path)
    edit(project / "procedures", "sops/repair.yaml", "last_reviewed: 2026-01-01", "last_reviewed: 2020-01-01")
    result = build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "已过复审期" in result.stderr


def test_edit_links_point_at_the_yaml(tmp_path: Path) -> None:
    project = mini_project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "\nrepo_url: https://git.example.internal/handbook\nedit_uri: edit/main/docs/\n",
        encoding="utf-8",
    )
    site = tmp_path / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stderr[-4000:]
    for page, source in [("sops/repair", "sops/repair.yaml"), ("checklists/repair", "sops/repair.yaml"),
                         ("roles/clerk", "roles/clerk.yaml"), ("forms/repair-order", "forms/repair-order.yaml")]:
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert f'href="https://git.example.internal/handbook/edit/main/procedures/{source}"' in html, page
    guide = (site / "guide" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://git.example.internal/handbook/edit/main/docs/guide.md"' in guide


def test_a_character_yaml_forbids_stops_the_build_with_a_located_message(tmp_path: Path) -> None:
    project = mini_project(tmp_path)
    edit(project / "procedures", "sops/repair.yaml", "purpose: 及时修好。", "purpose: 及时\x0b修好。")
    result = build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert ("procedures/sops/repair.yaml:7:12: 错误: 不允许的字符 U+000B：垂直制表符（Word 的手动换行符 Shift+Enter）"
            in result.stderr)
