"""Rebuilds under ``mkdocs serve`` reuse unchanged work and give the same site as a fresh build.

The serve builds run in a child process, as ``mkdocs serve`` runs them: ``on_startup`` once with
``serve``, then a build, an author's edit, another build, and one more with nothing changed. The
site they leave must equal, byte for byte, what a fresh ``mkdocs build`` of the edited data gives.
"""

from __future__ import annotations

import json
import os
from datetime import date
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import mkdocs_build
from helpers import mini_project, pages_showing

pytestmark = pytest.mark.build

SERVE_BUILDS = r"""
import json, logging, os, shutil, subprocess, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

project, site, groups, compare = Path(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3]), sys.argv[4] == "1"


class Keep(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


keep = Keep()
logging.getLogger("mkdocs").addHandler(keep)
report = []


def once(startup):
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site)
    if startup:
        config.plugins.on_startup(command="serve", dirty=False)
    keep.messages.clear()
    from handbook.site.pagememo import PAGES
    PAGES.hits = PAGES.misses = 0
    build(config)
    cache = config.plugins["handbook"].cache
    report.append({"last": cache.last, "warnings": list(keep.messages), "memo": [PAGES.hits, PAGES.misses]})


def fresh(n):  # the served site as it is now, and a build of the same data from scratch, side by side
    shutil.copytree(site, f"{site}-served-{n}")
    env = {**os.environ, "HANDBOOK_CACHE": "0"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                    "-d", f"{site}-fresh-{n}"], check=True, env=env, cwd=project, capture_output=True)


once(True)
for n, edits in enumerate(groups):
    for rel, old, new in edits:
        path = project / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    once(False)
    if compare:
        fresh(n)
once(False)
print(json.dumps(report, ensure_ascii=False))
"""


def serve_builds(project: Path, site: Path, *groups: list[tuple[str, str, str]], day: date | None = None,
                 compare: bool = False) -> list[dict]:
    """Builds as ``mkdocs serve`` makes them: one, then one after each group of edits, then one
    with nothing changed (``day``: the day the handbook is read on). With ``compare``, the site
    after each group's build is copied to ``SITE-served-N`` and the same data built from scratch
    into ``SITE-fresh-N``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **({"HANDBOOK_TODAY": day.isoformat()} if day else {})}
    result = subprocess.run(
        [sys.executable, "-c", SERVE_BUILDS, str(project), str(site), json.dumps(groups, ensure_ascii=False),
         "1" if compare else "0"], capture_output=True, text=True, cwd=project, env=env)
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[dict]]:
    """The mini project built three times under serve: before an edit, after it, and again."""
    root = tmp_path_factory.mktemp("rebuild")
    project = mini_project(root)
    # A hand-written page with a broken link: MkDocs warns while converting it.
    (project / "docs" / "notes.md").write_text("# 备注\n\n见 [不存在的页面](missing.md)。\n", encoding="utf-8")
    edits = [("procedures/sops/repair.yaml", "action: 到场维修", "action: 到场维修并拍照留存")]
    report = serve_builds(project, root / "serve-site", edits)
    return project, root, report


def test_a_rebuild_after_an_edit_equals_a_fresh_build(edited: tuple[Path, Path, list[dict]]) -> None:
    project, root, _ = edited
    fresh = root / "fresh-site"
    result = mkdocs_build(project, fresh)
    # not --strict-clean: the broken link above is a warning; the files are what matters here
    assert "missing.md" in result.stderr
    served, built = site_files(root / "serve-site"), site_files(fresh)
    assert served.keys() == built.keys()
    different = [name for name in built if served[name] != built[name]]
    assert different == []
    assert "到场维修并拍照留存" in (fresh / "sops" / "repair" / "index.html").read_text(encoding="utf-8")


def test_a_rebuild_converts_only_the_pages_the_edit_changed(edited: tuple[Path, Path, list[dict]]) -> None:
    project, _, (first, after_edit, unchanged) = edited
    reused, converted = first["last"]["pages"]
    assert reused == 0 and converted > 10  # the first build converts everything
    reused, converted = after_edit["last"]["pages"]
    # the procedure, its checklist, the binder of all checklists, the role page listing the step
    # the pages that show the edited action (procedure, role, training path and tests, time limits)
    assert 1 <= converted <= len(pages_showing(project / "procedures", "到场维修")), after_edit
    assert reused == first["last"]["pages"][1] - converted
    search_reused, search_indexed = after_edit["last"]["search"]
    assert search_indexed == converted and search_reused == reused
    assert unchanged["last"]["pages"][1] == 0 and unchanged["last"]["search"][1] == 0


def test_warnings_of_a_reused_conversion_are_shown_again(edited: tuple[Path, Path, list[dict]]) -> None:
    _, _, builds = edited
    for build in builds:
        assert any("missing.md" in message for message in build["warnings"]), build["warnings"]


def test_a_step_edit_themes_again_only_the_pages_it_changed(edited: tuple[Path, Path, list[dict]]) -> None:
    _, _, (first, after_edit, unchanged) = edited
    reused, themed = first["last"]["theme"]
    assert reused == 0 and themed == first["last"]["pages"][1]  # every page, once
    reused, themed = after_edit["last"]["theme"]
    assert themed == after_edit["last"]["pages"][1]  # the navigation is as it was
    assert reused == first["last"]["theme"][1] - themed
    assert unchanged["last"]["theme"][1] == 0


@pytest.fixture(scope="module")
def retitled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[dict]]:
    """The mini project under serve, with a procedure's title edited: the navigation changes."""
    root = tmp_path_factory.mktemp("retitled")
    project = mini_project(root)
    edits = [("procedures/sops/repair.yaml", "title: 报修处理程序", "title: 报修与维修处理程序")]
    return project, root, serve_builds(project, root / "serve-site", edits)


def test_a_title_edit_rethemes_the_pages_that_show_it_and_equals_a_fresh_build(
        retitled: tuple[Path, Path, list[dict]]) -> None:
    project, root, (first, after_edit, unchanged) = retitled
    reused, themed = after_edit["last"]["theme"]
    # the procedures' section, and the pages naming the procedure, are themed again; the other
    # sections show the procedures only as a pruned "操作程序" entry (navigation.prune)
    assert themed >= after_edit["last"]["pages"][1] and reused >= 1, after_edit
    assert reused + themed == first["last"]["theme"][1]
    assert unchanged["last"]["theme"][1] == 0
    fresh = root / "fresh-site"
    mkdocs_build(project, fresh)
    served, built = site_files(root / "serve-site"), site_files(fresh)
    assert served.keys() == built.keys()
    assert [name for name in built if served[name] != built[name]] == []
    assert "报修与维修处理程序" in (fresh / "sops" / "repair" / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def revising(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    """A handbook with revisions in force and pending (``history_repo``), built under serve while
    its author edits the working texts: a step of the latest pending revision, then a title and a
    role's duty (the handbook's pending revision), then the step of a revision due earlier, then
    nothing. After each build with edits, the same data is also built from scratch."""
    from history_repo import TODAY, make_repo

    root = tmp_path_factory.mktemp("revising")
    project = make_repo(root)
    groups = [
        [("procedures/sops/complaint.yaml", "action: 处理并书面答复", "action: 处理并书面答复投诉人")],
        [("procedures/sops/complaint.yaml", "title: 投诉处理程序", "title: 投诉受理与处理程序"),
         ("procedures/roles/clerk.yaml", "登记每一件事。", "登记每一件事和来电号码。")],
        [("procedures/sops/repair.yaml", "action: 受理报修并登记房号", "action: 受理报修并登记房号和电话")],
    ]
    return root, serve_builds(project, root / "serve-site", *groups, day=TODAY, compare=True)


def test_pages_remembered_between_rebuilds_equal_a_build_from_scratch(revising: tuple[Path, list[dict]]) -> None:
    """The page memo (``handbook.site.pagememo``) proven: every file of the site after every
    rebuild is the file a build from scratch of the same data makes."""
    root, report = revising
    for n in range(len(report) - 2):
        served, built = site_files(root / f"serve-site-served-{n}"), site_files(root / f"serve-site-fresh-{n}")
        assert served.keys() == built.keys(), n
        assert [name for name in built if served[name] != built[name]] == [], n
    final = (root / "serve-site-served-2" / "sops" / "repair" / "index.html").read_text(encoding="utf-8")
    assert "受理报修并登记房号和电话" not in final.split("修订记录")[0]  # the page in force keeps its text


def test_an_edit_of_a_pending_text_renders_again_only_the_pages_of_the_editions_it_changes(
        revising: tuple[Path, list[dict]]) -> None:
    _, (first, step, title, earlier, unchanged) = revising
    hits, misses = first["memo"]
    # a first build renders every page; a page an edition has as the edition before had it is
    # the same page (the same parts read, the same links): rendered once
    assert misses > 20 and hits < misses, first
    hits, misses = step["memo"]
    # the edition in force and the one of 2026-07-01 are as they were: their pages are reused
    assert hits > misses > 0, step
    # a title (and a role's duty, which the handbook's revision controls) is on many pages, and in
    # the revision tables; the pages that show neither are reused
    hits, misses = title["memo"]
    assert misses > hits > 0, title
    hits, misses = earlier["memo"]
    assert hits > 0 and misses > 0, earlier
    assert unchanged["memo"][1] == 0, unchanged  # nothing changed: no page is rendered again


def test_the_theme_stamp_follows_the_overrides(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from handbook_mkdocs.themecache import theme_stamp

    def stamp(custom: Path | None) -> str:
        return theme_stamp({"theme": SimpleNamespace(name="material", custom_dir=str(custom) if custom else None)})

    plain = stamp(None)
    assert plain and plain == stamp(None)
    overrides = tmp_path / "overrides"
    (overrides / "partials").mkdir(parents=True)
    footer = overrides / "partials" / "footer.html"
    footer.write_text("<footer>a</footer>", encoding="utf-8")
    first = stamp(overrides)
    assert first not in ("", plain)
    footer.write_text("<footer>ab</footer>", encoding="utf-8")
    assert stamp(overrides) not in ("", first)  # an edited override: no page reuses its old HTML
    footer.write_text("<footer>{{ build_date_utc }}</footer>", encoding="utf-8")
    assert stamp(overrides) == ""  # shows the build time: themed pages are never reused


def test_the_real_handbook_rebuilt_after_a_title_and_a_step_edit_equals_a_fresh_build(
        tmp_path: Path) -> None:
    """The real navigation is deeper than the mini one (pruned sections, index pages)."""
    import shutil

    from helpers import ROOT

    project = mini_project(tmp_path)
    shutil.rmtree(project / "procedures")
    shutil.copytree(ROOT / "procedures", project / "procedures", ignore=shutil.ignore_patterns("__pycache__"))
    first_sop = sorted((project / "procedures" / "sops").glob("*.yaml"))[0]
    title = next(line for line in first_sop.read_text(encoding="utf-8").splitlines() if line.startswith("title: "))
    step = next(line for line in (project / "procedures" / "sops" / "parking.yaml").read_text(
        encoding="utf-8").splitlines() if line.lstrip().startswith("action: "))
    edits = [(f"procedures/sops/{first_sop.name}", title, title + "（修订）"),
             ("procedures/sops/parking.yaml", step, step + "，并登记")]
    report = serve_builds(project, tmp_path / "serve-site", edits)
    reused, themed = report[1]["last"]["theme"]
    assert reused > 0 and themed > 0
    fresh = tmp_path / "fresh-site"
    mkdocs_build(project, fresh)
    served, built = site_files(tmp_path / "serve-site"), site_files(fresh)
    assert served.keys() == built.keys()
    assert [name for name in built if served[name] != built[name]] == []


def test_a_context_value_seen_only_by_its_type_turns_the_reuse_off_for_the_page() -> None:
    from handbook_mkdocs.memo import seen_whole as _seen_whole

    assert _seen_whole({"a": [1, "x", None, (2.5, True)], "b": {"c": frozenset({"d"})}})
    assert not _seen_whole({"a": [object()]})  # its repr is an address: stable_repr names the type
    assert not _seen_whole(lambda: None)
