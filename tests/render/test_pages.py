"""Rendered pages: golden files for the small fixture, escaping, numbering and determinism."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handbook.checks.check import check
from handbook.site.build import build_site, render_pages

from helpers import MINI, TODAY, copy_mini, edit

GOLDEN_PAGES = [
    "index.md", "organization/index.md", "roles/clerk.md", "sops/repair.md", "sops/complaint.md",
    "checklists/repair.md", "forms/repair-order.md", "appendix/commitments.md",
]


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    manual, problems = check(MINI, today=TODAY)
    assert problems == [] and manual is not None
    return render_pages(manual)


@pytest.mark.parametrize("path", GOLDEN_PAGES)
def test_golden_page(pages: dict[str, str], golden, path: str) -> None:
    golden("pages/" + path, pages[path])


def test_page_set_and_stable_urls(pages: dict[str, str]) -> None:
    assert set(pages) == {
        "index.md", "organization/index.md", "sops/index.md", "forms/index.md", "checklists/index.md",
        "appendix/glossary.md", "appendix/commitments.md", "appendix/laws.md", "roles/clerk.md", "roles/fixer.md",
        "sops/repair.md", "sops/complaint.md", "checklists/repair.md", "checklists/complaint.md",
        "checklists/all.md", "forms/repair-order.md",
        "appendix/matrix.md", "appendix/coverage.md", "training/index.md",
        "appendix/status.md", "appendix/revisions.md", "appendix/time-limits.md", "appendix/poster.md",
        *(f"training/{r}/{name}.md" for r in ("clerk", "fixer") for name in ("index", "test", "record", "quiz", "answers")),
    }


def test_numbers_follow_the_data_order(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "handbook.yaml", "procedures: [repair, complaint]", "procedures: [complaint, repair]")
    manual, _ = check(data, today=TODAY)
    pages = render_pages(manual)
    assert "\n# 一、投诉处理程序\n" in pages["sops/complaint.md"]
    assert "\n# 二、报修处理程序\n" in pages["sops/repair.md"]
    assert "TEST-KF-QP-02" in pages["sops/repair.md"]
    assert "TEST-KF-QP-01" in pages["sops/complaint.md"]  # kind policy: QP series


def test_html_in_data_is_shown_as_text(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "sops/repair.yaml", "title: 报修处理程序", "title: <script>alert(1)</script>")
    edit(data, "sops/repair.yaml", "action: 受理报修", "action: '受理 | 报修 [x](javascript:alert(1)) <b>'")
    manual, problems = check(data, today=TODAY)
    assert problems == []
    pages = render_pages(manual)
    text = "\n".join(pages.values())
    assert "<script>" not in text and "<b>" not in text
    assert "# 一、&#60;script&#62;alert(1)&#60;/script&#62;" in pages["sops/repair.md"]
    assert 'title: "一、&lt;script&gt;alert(1)&lt;/script&gt;"' in pages["sops/repair.md"]
    assert "](javascript" not in text


def test_bold_is_the_only_markup(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "sops/repair.yaml", "purpose: 及时修好。", "purpose: 必须 **当日** 修好 *不* 推诿")
    manual, _ = check(data, today=TODAY)
    page = render_pages(manual)["sops/repair.md"]
    assert "必须 <strong>当日</strong> 修好 &#42;不&#42; 推诿" in page
    assert "javascript" not in page


def test_placeholders_expanded(pages: dict[str, str]) -> None:
    assert "问清房号，电话 000-0000。" in pages["sops/repair.md"]
    assert "30 分钟内。" in pages["sops/repair.md"]  # {{commitment.arrive}} in a self-check answer
    assert "适用于测试花园。" in pages["sops/repair.md"]


def test_deterministic(tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(MINI, copy)
    first = render_pages(check(MINI, today=TODAY)[0])
    second = render_pages(check(copy, today=TODAY)[0])
    assert first == second


def test_navigation_and_sources(pages: dict[str, str]) -> None:
    manual, _ = check(MINI, today=TODAY)
    nav = build_site(manual, extra_nav=[{"编写与维护指南": "guide.md"}]).nav
    # the front desk's checklists are one tap from the top, right under the cover
    assert [list(item)[0] for item in nav] == [
        "封面", "前台检查单", "第一部分 组织架构及岗位职责", "第二部分 操作流程及制度", "附录", "新员工培训", "编写与维护指南"]
    assert nav[1]["前台检查单"][:2] == [{"检查单目录": "checklists/index.md"}, {"打印全部检查单": "checklists/all.md"}]
    assert nav[3]["第二部分 操作流程及制度"][1] == {"一、报修处理程序": "sops/repair.md"}
    sources = build_site(manual).sources()
    assert sources["sops/repair.md"] == "sops/repair.yaml"
    assert sources["checklists/repair.md"] == "sops/repair.yaml"
    assert set(sources) <= set(pages)


GROUPED = "    groups:\n      - title: 工程服务\n        procedures: [repair]\n      - title: 客户关系\n        procedures: [complaint]\n"


def test_grouped_procedures_are_sections_of_the_navigation_and_indexes(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "handbook.yaml", "    procedures: [repair, complaint]\n", GROUPED)
    manual, problems = check(data, today=TODAY)
    assert problems == [] and manual is not None
    assert list(manual.sops) == ["repair", "complaint"]  # numbering runs on across the groups
    nav = build_site(manual).nav
    assert nav[3]["第二部分 操作流程及制度"] == [
        {"程序一览": "sops/index.md"},
        {"工程服务": [{"一、报修处理程序": "sops/repair.md"}]},
        {"客户关系": [{"二、投诉处理程序": "sops/complaint.md"}]},
    ]
    appendix = {k: v for item in nav[4]["附录"] for k, v in item.items()}
    assert nav[1]["前台检查单"][2:] == [
        {"工程服务": [{"报修处理程序": "checklists/repair.md"}]},
        {"客户关系": [{"投诉处理程序": "checklists/complaint.md"}]},
    ]
    # a form goes with the group of the first procedure that fills it in
    assert appendix["记录表格"][1:] == [{"工程服务": [{"TEST-KF-R-01 维修工作单": "forms/repair-order.md"}]}]
    pages = render_pages(manual)
    index = pages["sops/index.md"]
    assert index.index("## 工程服务") < index.index("(repair.md)") < index.index("## 客户关系") < index.index("(complaint.md)")
    assert "## 工程服务" in pages["checklists/index.md"] and "## 工程服务" in pages["forms/index.md"]
    flat = render_pages(check(MINI, today=TODAY)[0])
    assert pages["sops/repair.md"] == flat["sops/repair.md"]  # grouping changes no procedure page


def test_pages_link_to_the_pdfs_that_exist(tmp_path: Path) -> None:
    """The cover and the form and checklist indexes link to the PDFs of make pdf, when they exist."""
    mini, _ = check(MINI, today=TODAY)

    none = {p.path: p.markdown for p in build_site(mini, root=tmp_path).pages}
    assert "pdf/" not in none["index.md"] and "打印版" not in none["forms/index.md"]
    (tmp_path / "pdf").mkdir()
    for name in ("handbook.pdf", "forms.pdf"):
        (tmp_path / "pdf" / name).write_bytes(b"%PDF-1.7")
    site = build_site(mini, root=tmp_path)
    assert [(a.path, a.source) for a in site.assets] == [
        ("pdf/handbook.pdf", tmp_path / "pdf/handbook.pdf"), ("pdf/forms.pdf", tmp_path / "pdf/forms.pdf")]
    some = {p.path: p.markdown for p in site.pages}
    assert "[整本手册（PDF）](pdf/handbook.pdf)" in some["index.md"]
    assert "[空白记录表格（PDF，全部表格）](pdf/forms.pdf)" in some["index.md"]
    assert "checklists.pdf" not in some["index.md"] and "打印版" not in some["checklists/index.md"]
    assert "(../pdf/forms.pdf)" in some["forms/index.md"]


def test_steps_and_key_points_have_anchors_on_the_site_only(tmp_path: Path) -> None:
    """The 测验 links a question to the step that answers it (``#step-<id>``, the step's id, not its
    number) or to the key points (``#key-points``); the book, one document of every procedure,
    carries none of them (ids would repeat)."""
    from datetime import date

    from handbook.paper import document

    data = copy_mini(tmp_path)
    edit(data, "sops/repair.yaml", "self_check:", "key_points:\n  - 不得私下收费。\nself_check:")
    manual, problems = check(data, today=TODAY)
    assert manual is not None, problems
    page = render_pages(manual)["sops/repair.md"]
    for number, step in enumerate(manual.sops["repair"].steps, 1):
        assert f'| <span class="step-anchor" id="step-{step.id}">{number}</span> |' in page
    assert "## 7.0 注意事项 { #key-points }\n" in page
    book = document.to_html(manual, document.manual_book(manual, date(2026, 12, 1)), date(2026, 12, 1))
    assert "step-anchor" not in book and 'id="key-points"' not in book
