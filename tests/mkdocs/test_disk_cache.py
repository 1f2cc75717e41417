"""The rebuild cache on disk (.cache/handbook/): a second build reuses the first one's work and
gives the same site, byte for byte, as a build without any cache; a damaged or foreign cache file
is ignored with a message and never fails the build."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import mini_project, pages_showing

pytestmark = pytest.mark.build

BUILD = r"""
import json, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

project, site = Path(sys.argv[1]), sys.argv[2]
config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site, strict=True)
config.plugins.on_startup(command="build", dirty=False)
build(config)
print(json.dumps(config.plugins["handbook"].cache.last))
"""


def build(project: Path, site: Path, **env: str) -> tuple[dict, str]:
    """One build in a fresh process, as `mkdocs build` runs it; returns the cache's (reused,
    computed) counts by kind, and what it printed on stderr."""
    result = subprocess.run([sys.executable, "-c", BUILD, str(project), str(site)], capture_output=True,
                            text=True, cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env})
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stderr


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return mini_project(tmp_path_factory.mktemp("disk-cache"))


@pytest.fixture(scope="module")
def uncached(project: Path) -> dict[str, bytes]:
    site = project.parent / "uncached"
    build(project, site, HANDBOOK_CACHE="0")
    assert not (project / ".cache").exists()
    return site_files(site)


def cache_files(project: Path) -> list[Path]:
    """The page cache's files (named by a digest; the engine's ``site.json`` and the history's
    caches sit beside them)."""
    return sorted(p for p in (project / ".cache" / "handbook").glob("*.json") if re.fullmatch(r"[0-9a-f]{20}\.json", p.name))


def test_a_second_process_reuses_the_first_ones_work(project: Path, uncached: dict[str, bytes]) -> None:
    cold, _ = build(project, project.parent / "cold")
    assert cold["pages"][0] == 0 and cold["pages"][1] > 10
    assert len(cache_files(project)) == 1
    warm, _ = build(project, project.parent / "warm")
    assert warm["pages"] == [cold["pages"][1], 0]  # every page's conversion reused
    assert warm["search"] == [cold["search"][1], 0]
    assert site_files(project.parent / "cold") == uncached
    assert site_files(project.parent / "warm") == uncached


def test_an_edit_redoes_only_what_it_changed(project: Path, uncached: dict[str, bytes]) -> None:
    build(project, project.parent / "before-edit")
    repair = project / "procedures" / "sops" / "repair.yaml"
    text = repair.read_text(encoding="utf-8")
    try:
        repair.write_text(text.replace("action: 到场维修", "action: 到场维修并拍照", 1), encoding="utf-8")
        after, _ = build(project, project.parent / "after-edit")
        build(project, project.parent / "after-edit-uncached", HANDBOOK_CACHE="0")
        assert 1 <= after["pages"][1] <= len(pages_showing(project / "procedures", "到场维修")), after
        assert site_files(project.parent / "after-edit") == site_files(project.parent / "after-edit-uncached")
    finally:
        repair.write_text(text, encoding="utf-8")


def _wrong_types(value: dict) -> dict:
    return {**value, "content": 1, "toc": "x", "records": [{"name": 3, "levelno": "x", "msg": None}]}


def _planted(value: dict) -> dict:
    return {**value, "content": "<p>PLANTED</p>"}


@pytest.mark.parametrize("damage", ["not json {", '{"format": 2, "versions": {"mkdocs": "0.0"}, "entries": {}}', "[]",
                                    "wrong types", "planted", "re-sealed"])
def test_a_damaged_or_foreign_cache_file_is_ignored(project: Path, uncached: dict[str, bytes], damage: str) -> None:
    from handbook_mkdocs.diskcache import entry_sum

    build(project, project.parent / "seed")
    (path,) = cache_files(project)
    said = {"wrong types": "形状不对", "planted": "封印不符", "re-sealed": "封印不符"}.get(damage, "已忽略")
    if damage in ("wrong types", "planted", "re-sealed"):
        data = json.loads(path.read_text(encoding="utf-8"))
        pages = data["entries"]["pages"]
        for key, (summed, value) in pages.items():
            if damage == "wrong types":  # valid JSON, its digest right, its values of the wrong types
                value = _wrong_types(value)
                pages[key] = [entry_sum("pages", key, value), value]
            elif damage == "re-sealed":  # planted, its digest recomputed by whoever planted it (no secret)
                text = json.dumps(["pages", key, _planted(value)], ensure_ascii=False, sort_keys=True,
                                  separators=(",", ":"))
                pages[key] = [hashlib.sha256(text.encode("utf-8")).hexdigest(), _planted(value)]
            else:  # content that does not match its key: the digest is the old one
                pages[key] = [summed, _planted(value)]
        damage = json.dumps(data, ensure_ascii=False)
    path.write_text(damage, encoding="utf-8")
    counts, stderr = build(project, project.parent / "after-damage")
    assert "构建缓存" in stderr and "已忽略" in stderr and said in stderr, stderr
    assert "Traceback" not in stderr
    assert counts["pages"][0] == 0  # nothing reused from the damaged file
    assert site_files(project.parent / "after-damage") == uncached
    json.loads(path.read_text(encoding="utf-8"))  # written anew, whole


def test_the_cache_is_never_written_through_a_link(tmp_path: Path) -> None:
    project = mini_project(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / ".cache").mkdir()
    (project / ".cache" / "handbook").symlink_to(elsewhere, target_is_directory=True)
    _, stderr = build(project, tmp_path / "site")
    assert list(elsewhere.iterdir()) == []  # neither the pages' cache nor a temporary file
    assert "符号链接" in stderr
    (project / ".cache" / "handbook").unlink()
    (project / ".cache").rmdir()
    (project / ".cache").symlink_to(elsewhere, target_is_directory=True)
    _, stderr = build(project, tmp_path / "site2")
    assert list(elsewhere.iterdir()) == [] and "符号链接" in stderr


SERVE = r"""
import sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

project, site, stop = Path(sys.argv[1]), sys.argv[2], sys.argv[3] == "stop"
repair = project / "procedures" / "sops" / "repair.yaml"
config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site)
config.plugins.on_startup(command="serve", dirty=False)
build(config)
first = {p.name: p.read_bytes() for p in (project / ".cache" / "handbook").glob("*.json")}
repair.write_text(repair.read_text(encoding="utf-8").replace("action: 到场维修", "action: 到场维修并拍照", 1),
                  encoding="utf-8")
config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site)
build(config)
after = {p.name: p.read_bytes() for p in (project / ".cache" / "handbook").glob("*.json")}
print("unchanged" if after == first else "rewritten")
if stop:
    config.plugins.on_shutdown()
"""


@pytest.mark.parametrize("stop", [True, False])
def test_under_serve_the_cache_is_written_after_the_first_build_and_when_serve_stops(
        tmp_path: Path, stop: bool) -> None:
    project = mini_project(tmp_path)
    result = subprocess.run([sys.executable, "-c", SERVE, str(project), str(tmp_path / "served"),
                             "stop" if stop else "kill"], capture_output=True, text=True, cwd=project,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr[-4000:]
    assert result.stdout.strip().splitlines()[-1] == "unchanged"  # a save does not rewrite it
    after, _ = build(project, tmp_path / "after")  # the edited data, in a new process
    if stop:
        assert after["pages"][1] == 0  # every conversion of the last serve build was kept
    else:  # stopped without on_shutdown: the first build's work is there, the edit's is not
        shown = len(pages_showing(project / "procedures", "到场维修"))  # the pages the edit changed
        assert 1 <= after["pages"][1] <= shown and after["pages"][0] > 10
