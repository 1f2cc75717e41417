"""A test run leaves the project's own cache as it found it (``conftest.kept_aside``): the tests'
builds seal what they remember with the tests' own secret, which the user's next build rejects."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import kept_aside


def _files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_folder_is_put_back_as_it_was_and_what_the_block_wrote_is_gone(tmp_path: Path) -> None:
    folder, aside = tmp_path / ".cache" / "handbook", tmp_path / ".cache" / "kept"
    (folder / "pages").mkdir(parents=True)
    (folder / "site.json").write_text("the user's")
    (folder / "pages" / "a.json").write_text("a")
    before = _files(folder)
    with kept_aside(folder, aside):
        assert not folder.exists() and _files(_mine(aside)) == before
        folder.mkdir()
        (folder / "site.json").write_text("sealed with the tests' secret")
        (folder / "check.json").write_text("the tests'")
    assert _files(folder) == before and not _mine(aside).exists()


def test_an_absent_folder_is_absent_after_even_when_the_block_fails(tmp_path: Path) -> None:
    folder, aside = tmp_path / "handbook", tmp_path / "kept"
    with pytest.raises(RuntimeError), kept_aside(folder, aside):
        folder.mkdir()
        (folder / "site.json").write_text("the tests'")
        raise RuntimeError("a test session stopped")
    assert not folder.exists() and not list(tmp_path.glob("kept*"))


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


def _mine(aside: Path) -> Path:
    return aside.with_name(f"{aside.name}.{os.getpid()}")


def test_after_a_killed_run_the_folder_set_aside_is_the_users_and_comes_back(tmp_path: Path) -> None:
    folder, aside = tmp_path / "handbook", tmp_path / "kept"
    killed = aside.with_name(f"kept.{_dead_pid()}")
    killed.mkdir()
    (killed / "site.json").write_text("the user's")
    folder.mkdir()
    (folder / "site.json").write_text("left by the killed run")
    with kept_aside(folder, aside):
        assert _files(_mine(aside)) == {"site.json": "the user's"} and not killed.exists()
    assert _files(folder) == {"site.json": "the user's"} and not list(tmp_path.glob("kept*"))


def test_while_another_run_holds_the_users_folder_nothing_is_moved(tmp_path: Path) -> None:
    """Two test runs in one checkout: the second touches nothing, so the first puts the user's
    folder back whole."""
    folder, aside = tmp_path / "handbook", tmp_path / "kept"
    other = aside.with_name(f"kept.{os.getppid()}")  # a live process: the run that set it aside
    other.mkdir()
    (other / "site.json").write_text("the user's")
    folder.mkdir()
    (folder / "site.json").write_text("the first run's")
    with kept_aside(folder, aside):
        (folder / "check.json").write_text("the second run's")
    assert _files(other) == {"site.json": "the user's"}
    assert _files(folder) == {"check.json": "the second run's", "site.json": "the first run's"}


def test_a_link_is_moved_and_removed_as_a_link_never_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("not the cache's")
    folder, aside = tmp_path / "handbook", tmp_path / "kept"
    folder.symlink_to(elsewhere)
    with kept_aside(folder, aside):
        folder.symlink_to(elsewhere)  # the block leaves a link too: removing it spares its target
    assert folder.is_symlink() and (elsewhere / "keep.txt").read_text() == "not the cache's"


def test_every_test_runs_with_the_projects_cache_set_aside(request: pytest.FixtureRequest) -> None:
    """The session fixture over ``kept_aside`` is used by every test, without being asked for."""
    assert "_project_cache_kept" in request.fixturenames
