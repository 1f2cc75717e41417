"""Pages for reading on a phone and at the desk: the cover's doors, the step list's wrapper, the
待生效 banner without the repository's history, the folded 维护说明 and the 手机扫码访问 poster (mini fixture, dates pinned)."""

from __future__ import annotations

import os
import re
import subprocess
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


def _git(repo: Path, *args: str) -> None:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.invalid", "PATH": os.environ["PATH"], "HOME": str(repo)}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def _site(data: Path, today: date) -> dict[str, str]:
    manual, problems = check(data, today=today)
    assert manual is not None and not [p for p in problems if p.severity == "error"]
    return {p.path: p.markdown for p in build_site(manual, editions=editions(manual, today)).pages}


def test_a_revision_not_yet_in_force_has_its_own_page_and_the_page_shows_the_text_in_force(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "A/0 in force")
    edit(data, "sops/repair.yaml", "revision: A/0", "revision: A/1")
    edit(data, "sops/repair.yaml", "effective_date: 2026-01-01", "effective_date: 2026-07-01")
    edit(data, "sops/repair.yaml", "action: 到场维修", "action: 立即到场维修")
    edit(data, "sops/repair.yaml", "    summary: 首版\n",
         "    summary: 首版\n  - revision: A/1\n    date: 2026-07-01\n    summary: 第 3 步改为立即到场维修。\n")
    _git(tmp_path, "commit", "-q", "-am", "A/1 from 2026-07-01")
    pages = _site(data, TODAY)
    # the address shows the text in force, and links the new revision
    in_force = pages["sops/repair.md"]
    assert "立即到场维修" not in in_force and "**到场维修**" in in_force
    banner = in_force.split('data-hb-version="newer"')[1].split("</div>")[0]
    assert "现行版本 A/0（2026-01-01 起执行）" in banner
    assert "新版 A/1 自 2026-07-01 起执行：[查看新版](repair/2026-07-01.md)" in banner
    # the new revision on a page of its own, 待生效 from top to bottom
    pending = pages["sops/repair/2026-07-01.md"]
    assert "（待生效 · 2026-07-01 起）" in pending.split("\n# ")[1].split("\n")[0]
    assert "待生效：本程序 A/1 自 2026-07-01 起执行" in pending and "**立即到场维修**" in pending
    assert "2026-07-01 之前仍执行 A/0：[查看现行版本](../repair.md)" in pending
    assert "**改了什么**：第 3 步改为立即到场维修" in pending
    assert 'class="pending-watermark"' in pending and "待生效 · 自 2026-07-01 起执行" in pending
    assert "待生效 · 自 2026-07-01 起执行" in pages["checklists/repair/2026-07-01.md"].split("checklist-sheet")[1]
    assert "pending-watermark" not in in_force and "pending-watermark" not in pages["checklists/repair.md"]
    # once the date has come the new text is the page, and nothing is pending
    later = _site(data, date(2026, 7, 1))
    assert "**立即到场维修**" in later["sops/repair.md"] and "data-hb-version" not in later["sops/repair.md"]
    assert "sops/repair/2026-07-01.md" not in later


def test_without_history_the_new_text_says_it_is_not_yet_in_force(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)  # no git repository: the text in force cannot be read
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
