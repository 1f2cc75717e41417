"""Test helpers: a copy of the small valid fixture handbook that a test may damage."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

from handbook.checks.check import check
from handbook.data.load import read_document
from handbook.data.problems import Problem

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def bench_module(name: str) -> ModuleType:
    """``bench/<name>.py`` imported by its path (the bench is scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[f"bench_{name}"] = module
    spec.loader.exec_module(module)
    return module
TODAY = date(2026, 6, 1)


def as_of_latest_review(data: Path) -> date:
    """The day a check of ``data`` is pinned to: its latest ``last_reviewed``. Deterministic for a
    commit (no test turns red on a calendar day), and still strict: a procedure whose review
    was due before the latest review of any other is overdue."""
    days = []
    for path in sorted((data / "sops").glob("*.yaml")):
        doc, problems = read_document(path, path.name)
        assert doc is not None and problems == [], [p.format() for p in problems]
        days.append(date.fromisoformat(doc.data["last_reviewed"]))
    return max(days)


class PinnedDate(date):
    """``date`` whose ``today()`` is TODAY: patched into a module that asks for the date."""

    @classmethod
    def today(cls) -> date:  # type: ignore[override]
        return TODAY


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
    if (ROOT / "overrides").is_dir():  # the theme's overrides (custom_dir)
        shutil.copytree(ROOT / "overrides", project / "overrides")
    shutil.copytree(ROOT / "hooks", project / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(MINI, project / "procedures")
    return project


def mini_estates(data: Path, names: dict[str, str]) -> None:
    """The mini handbook's estate moved into ``estates/<id>/estate.yaml``, once per ``names``
    (estate id -> the estate's name), the first listed being the default."""
    import re

    text = (data / "handbook.yaml").read_text(encoding="utf-8")
    block = re.search(r"^estate:\n(?:  .*\n)+", text, re.M)
    assert block is not None
    own, text = block.group(0), text.replace(block.group(0), "")
    for key in ("company", "prepared_by", "document_number"):
        line = re.search(rf"^{key}:.*\n", text, re.M)
        assert line is not None
        own, text = own + line.group(0), text.replace(line.group(0), "")
    for n, (estate_id, name) in enumerate(names.items()):
        (data / "estates" / estate_id).mkdir(parents=True)
        # each estate its own office and hotline: one estate's in another's text is an error
        (data / "estates" / estate_id / "estate.yaml").write_text(
            own.replace("name: 测试花园", f"name: {name}").replace("code: TEST", f"code: {estate_id.upper()}")
            .replace("office: 测试管理处", f"office: {name}管理处").replace("hotline: 000-0000", f"hotline: 000-000{n}")
            + "approver: 测试经理\n", encoding="utf-8")
    (data / "handbook.yaml").write_text(f"estates: [{', '.join(names)}]\n" + text, encoding="utf-8")


def pages_showing(data_dir: Path, text: str) -> list[str]:
    """The generated pages of the handbook in ``data_dir`` whose Markdown shows ``text``: the pages
    an edit of that text must convert again, and no others (from the site model, not counted by hand)."""
    from handbook.checks.check import check
    from handbook.site.build import build_site

    manual, _ = check(data_dir)
    assert manual is not None
    return [page.path for page in build_site(manual).pages if text in page.markdown]
