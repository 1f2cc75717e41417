"""A git repository made inside a test: the mini handbook with dated revisions, as an editor makes them.

Read on :data:`TODAY` (2026-06-01), the repository holds:

- **one revision in force**: the handbook A/0 and both procedures' A/0, all from 2026-01-01;
- **one pending**: 报修处理程序 A/1 from 2026-07-01 (step 1 becomes 受理报修并登记房号, a checklist
  item becomes 问清房号和电话);
- **two stacked pending**: 投诉处理程序 A/1 from 2026-07-01 (a step 电话联系客户 inserted as step 2,
  the later steps renumbered) and A/2 from 2026-09-01 (step 3 becomes 处理并书面答复), with the
  handbook A/1 from 2026-09-01 (客服助理's duty gains 登记每一件事).

Each revision is committed on a day of its own (``GIT_*_DATE``), with a history entry that names
what it changes, so the history checks are clean. The texts are chosen to be told apart on a page:
``IN_FORCE`` words only in the text in force, ``PENDING`` words only in the pending ones.
"""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

from helpers import edit, mini_project

TODAY = date(2026, 6, 1)
FIRST, SECOND = date(2026, 7, 1), date(2026, 9, 1)


def git(repo: Path, *args: str, when: str = "2026-01-01T09:00:00+08:00") -> str:
    env = dict(os.environ, GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when, GIT_CONFIG_NOSYSTEM="1",
               GIT_CONFIG_GLOBAL=os.devnull)
    done = subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=测试编辑", "-c", "user.email=editor@example.invalid",
         "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        capture_output=True, text=True, env=env, check=True)
    return done.stdout


def commit(repo: Path, message: str, when: str) -> None:
    git(repo, "add", "-A", when=when)
    git(repo, "commit", "-q", "-m", message, when=when)


def add_entry(data: Path, rel: str, revision: str, written: str, summary: str) -> None:
    """A history entry after the last one of ``rel``."""
    path = data / rel
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(text + f"\n  - revision: {revision}\n    date: {written}\n    summary: {summary}\n",
                    encoding="utf-8")


def raise_revision(data: Path, rel: str, old: str, new: str, old_day: str, new_day: str) -> None:
    edit(data, rel, f"revision: {old}\n", f"revision: {new}\n")
    edit(data, rel, f"effective_date: {old_day}\n", f"effective_date: {new_day}\n")


def make_repo(root: Path) -> Path:
    """The project (configuration, docs, hooks, data) as a git repository; returns its folder."""
    project = mini_project(root)
    data = project / "procedures"
    (project / ".gitignore").write_text(".cache/\nsite/\npdf/\n", encoding="utf-8")
    git(project, "init", "-q")
    commit(project, "首版：手册 A/0，报修、投诉程序 A/0", "2025-12-20T10:00:00+08:00")

    # one pending revision: 报修处理程序 A/1 from 2026-07-01
    raise_revision(data, "sops/repair.yaml", "A/0", "A/1", "2026-01-01", FIRST.isoformat())
    edit(data, "sops/repair.yaml", "action: 受理报修\n", "action: 受理报修并登记房号\n")
    edit(data, "sops/repair.yaml", "      - 问清房号\n", "      - 问清房号和电话\n")
    add_entry(data, "sops/repair.yaml", "A/1", "2026-05-10", "第 1 步改为受理报修并登记房号；检查单：问清房号和电话。")
    commit(project, "报修处理程序 A/1", "2026-05-10T10:00:00+08:00")

    # two stacked: 投诉处理程序 A/1 from 2026-07-01 ...
    raise_revision(data, "sops/complaint.yaml", "A/0", "A/1", "2026-01-01", FIRST.isoformat())
    edit(data, "sops/complaint.yaml", "  - id: handle\n",
         "  - id: call\n    role: clerk\n    action: 电话联系客户\n  - id: handle\n")
    add_entry(data, "sops/complaint.yaml", "A/1", "2026-05-12", "新增第 2 步电话联系客户，其后各步顺延。")
    commit(project, "投诉处理程序 A/1", "2026-05-12T10:00:00+08:00")

    # ... and A/2 from 2026-09-01, with the handbook A/1 the same day
    raise_revision(data, "sops/complaint.yaml", "A/1", "A/2", FIRST.isoformat(), SECOND.isoformat())
    edit(data, "sops/complaint.yaml", "action: 处理并答复\n", "action: 处理并书面答复\n")
    add_entry(data, "sops/complaint.yaml", "A/2", "2026-05-20", "第 3 步改为处理并书面答复。")
    raise_revision(data, "handbook.yaml", "A/0", "A/1", "2026-01-01", SECOND.isoformat())
    edit(data, "roles/clerk.yaml", "  - text: 接待来访来电。\n", "  - text: 接待来访来电，登记每一件事。\n")
    path = data / "handbook.yaml"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\nhistory:\n"
                    "  - revision: A/0\n    date: 2026-01-01\n    summary: 首版\n"
                    "  - revision: A/1\n    date: 2026-05-20\n    summary: 客服助理的岗位职责增加登记每一件事。\n",
                    encoding="utf-8")
    commit(project, "投诉处理程序 A/2，手册 A/1", "2026-05-20T10:00:00+08:00")
    return project


#: Words of the texts in force only, and of the pending texts only (see the module's docstring).
IN_FORCE = {"repair": "问清房号</span>", "complaint": "处理并答复"}
PENDING = {"repair": "受理报修并登记房号", "complaint-1": "电话联系客户", "complaint-2": "处理并书面答复"}
