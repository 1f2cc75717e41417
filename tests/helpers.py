"""Test helpers: a copy of the small valid fixture handbook that a test may damage."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from handbook.checks.check import check
from handbook.data.problems import Problem

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
TODAY = date(2026, 6, 1)


def copy_mini(root: Path) -> Path:
    """Copy the fixture to ``root/data`` and return that folder."""
    data = root / "data"
    shutil.copytree(MINI, data)
    return data


def edit(data: Path, rel: str, old: str, new: str) -> None:
    path = data / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run(data: Path) -> list[Problem]:
    _, problems = check(data, today=TODAY)
    return problems


def brief(problems: list[Problem]) -> list[str]:
    """``file:line:col: message`` for each problem, with the file relative to the data folder."""
    out = []
    for p in problems:
        file = p.file.split("data/", 1)[-1]
        out.append(f"{file}:{p.line}:{p.column}: {p.message}")
    return out


def mini_project(root: Path) -> Path:
    """A copy of the whole project (configs, docs, hooks) whose data is the mini fixture."""
    project = root / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "mkdocs-offline.yml"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "hooks", project / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(MINI, project / "procedures")
    return project
