"""Pages for reading on a phone and at the desk: the cover's doors, the step list's wrapper, the
待生效 banner without the repository's history, the folded 维护说明 and the 手机扫码访问 poster (mini fixture, dates pinned)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from handbook.checks.check import check
from handbook.site.build import build_site, render_pages
from handbook.site.inforce import editions
from handbook.render.printing import qr_svg

from helpers import MINI, TODAY, copy_mini, edit

PUBLIC = "https://handbook.example.cn/"


def _pages(data: Path = MINI, today: date = TODAY, site_url: str | None = None) -> dict[str, str]:
    manual, problems = check(data, today=today)
    assert manual is not None and not [p for p in problems if p.severity == "error"]
    return render_pages(manual, site_url=site_url)


def test_the_cover_opens_with_three_doors_before_document_control() -> None:
    cover = _pages()["index.md"]
    doors = [m for m in re.findall(r'<p class="door-title">(.+?)</p>', cover)]
    assert doors == ["新员工", "前台值班", "主管/经理"]
    assert cover.index('class="doors"') < cover.index("## 文件控制")
    assert "](training/index.md)" in cover and "](checklists/index.md)" in cover and "](appendix/status.md)" in cover
    assert "| 项目 |" in cover and "| 项目 | 测试花园" not in cover  # the header and the first row no longer both say 项目
    assert "`procedures/`" not in cover.split("维护说明")[0]  # no folder names for staff


def test_the_step_table_is_wrapped_for_the_screen_styles_and_keeps_its_columns() -> None:
    page = _pages()["sops/repair.md"]
    block = page.split('<div class="steps" markdown>')[1].split("</div>")[0]
    assert "| 序号 | 岗位 | 工作内容 | 时限 | 记录 | 去向 |" in block  # print keeps the six columns


def test_the_procedure_index_says_when_to_use_each_procedure() -> None:
    manual, _ = check(MINI, today=TODAY)
    index = render_pages(manual)["sops/index.md"]
    for sop_id, sop in manual.sops.items():
        assert f"]({sop_id}.md)<br><small>{sop.trigger}</small>" in index
    assert '<span class="doc-no">TEST-KF-QP-01</span>' in index


def test_without_the_history_a_pending_revision_never_passes_for_the_text_in_force(tmp_path: Path) -> None:
    """A copy of the data without its repository (no history) cannot show the text in force: the
    pages of the pending revision say so and what to run, never pretend to be in force."""
    data = copy_mini(tmp_path)
    edit(data, "sops/repair.yaml", "revision: A/0", "revision: A/1")
    edit(data, "sops/repair.yaml", "effective_date: 2026-01-01", "effective_date: 2026-07-01")
    edit(data, "sops/repair.yaml", "    summary: 首版\n",
         "    summary: 首版\n  - revision: A/1\n    date: 2026-07-01\n    summary: 派工时限改为 30 分钟。\n")
    manual, _ = check(data, today=TODAY)
    assert manual is not None
    versions = editions(manual, TODAY)
    assert versions.unknown and versions.problems
    pages = build_site(manual, editions=versions)
    page = pages.page("sops/repair.md").markdown  # type: ignore[union-attr]
    banner = page.split('<div class="admonition warning version-banner version-pending"')[1].split("</div>")[0]
    assert page.index("version-banner") < page.index('<table class="doc-control"')
    assert "待生效：本程序 A/1 自 2026-07-01 起执行；今天执行的文本无法显示" in banner
    assert "2026-07-01 之前仍执行 A/0，但它的文本在仓库历史中" in banner
    assert "待生效 · 自 2026-07-01 起执行" in pages.page("checklists/repair.md").markdown  # type: ignore[union-attr]
    assert "version-banner" not in pages.page("sops/complaint.md").markdown  # type: ignore[union-attr]
    # once the date has come, nothing is pending: the working text is the text in force
    manual, _ = check(data, today=date(2026, 7, 1))
    assert manual is not None
    later = build_site(manual, editions=editions(manual, date(2026, 7, 1)))
    assert "version-banner" not in later.page("sops/repair.md").markdown  # type: ignore[union-attr]


def test_maintainer_words_are_folded(tmp_path: Path) -> None:
    pages = _pages()
    for path in ("appendix/status.md", "appendix/time-limits.md", "appendix/revisions.md", "appendix/coverage.md"):
        staff, _, maint = pages[path].partition('<details class="maint" markdown data-search-exclude>')
        assert maint, path
        for word in ("make build", "last_reviewed", "commitments.yaml", "time_limit:", "no_procedure", "history"):
            assert word not in staff, (path, word)
    assert "排序规则" not in pages["training/index.md"].split("维护说明")[0]


def test_the_poster_has_the_qr_code_of_the_public_address_only() -> None:
    poster = _pages(site_url=PUBLIC)["appendix/poster.md"]
    assert qr_svg(PUBLIC) in poster and PUBLIC in poster
    local = _pages(site_url="http://127.0.0.1:8000/")["appendix/poster.md"]
    assert "<svg" not in local and "site_url" in local.split("维护说明")[1]
