"""A test run leaves the project's own cache as it found it (``conftest.kept_aside``): the tests'
builds seal what they remember with the tests' own secret, which the user's next build rejects."""

from __future__ import annotations

import fcntl
from pathlib import Path

import pytest

from conftest import kept_aside


def _files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()}


def _paths(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / ".cache" / "handbook", tmp_path / ".cache" / "kept"


def _leftovers(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in (tmp_path / ".cache").iterdir() if p.name not in ("handbook", "kept.lock"))


def test_the_folder_is_put_back_as_it_was_and_what_the_block_wrote_is_gone(tmp_path: Path) -> None:
    folder, aside = _paths(tmp_path)
    (folder / "pages").mkdir(parents=True)
    (folder / "site.json").write_text("the user's")
    (folder / "pages" / "a.json").write_text("a")
    before = _files(folder)
    with kept_aside(folder, aside):
        assert not folder.exists() and _files(aside) == before
        folder.mkdir()
        (folder / "site.json").write_text("sealed with the tests' secret")
        (folder / "check.json").write_text("the tests'")
    assert _files(folder) == before and _leftovers(tmp_path) == []


def test_an_absent_folder_is_absent_after_even_when_the_block_fails(tmp_path: Path) -> None:
    folder, aside = _paths(tmp_path)
    with pytest.raises(RuntimeError), kept_aside(folder, aside):
        folder.mkdir()
        (folder / "site.json").write_text("the tests'")
        raise RuntimeError("a test session stopped")
    assert not folder.exists() and _leftovers(tmp_path) == []


def test_after_a_killed_run_the_folder_set_aside_is_the_users_and_comes_back(tmp_path: Path) -> None:
    """A run killed with its folder set aside: its lock went with it, and the next run finds what
    it set aside and puts it back before setting it aside again."""
    folder, aside = _paths(tmp_path)
    aside.mkdir(parents=True)
    (aside / "site.json").write_text("the user's")
    folder.mkdir()
    (folder / "site.json").write_text("left by the killed run")
    with kept_aside(folder, aside):
        assert _files(aside) == {"site.json": "the user's"} and not folder.exists()
    assert _files(folder) == {"site.json": "the user's"} and _leftovers(tmp_path) == []


def test_after_a_killed_run_that_found_no_folder_none_is_left(tmp_path: Path) -> None:
    """What a killed run wrote where the user had no folder is not taken for the user's."""
    folder, aside = _paths(tmp_path)
    folder.mkdir(parents=True)
    (folder / "site.json").write_text("left by the killed run")
    aside.with_name("kept.absent").touch()
    with kept_aside(folder, aside):
        assert not folder.exists()
    assert not folder.exists() and _leftovers(tmp_path) == []


def test_while_another_run_holds_the_lock_nothing_is_moved(tmp_path: Path) -> None:
    """Two test runs in one checkout: the second touches nothing, so the first puts the user's
    folder back whole, once."""
    folder, aside = _paths(tmp_path)
    folder.mkdir(parents=True)
    (folder / "site.json").write_text("the user's")
    with kept_aside(folder, aside):  # the first run
        folder.mkdir()
        (folder / "site.json").write_text("the first run's")
        with kept_aside(folder, aside):  # the second: the lock is held (another open file, flock)
            (folder / "check.json").write_text("the second run's")
        assert _files(aside) == {"site.json": "the user's"}
        assert _files(folder) == {"check.json": "the second run's", "site.json": "the first run's"}
    assert _files(folder) == {"site.json": "the user's"} and _leftovers(tmp_path) == []


def test_the_lock_is_released_at_the_end(tmp_path: Path) -> None:
    folder, aside = _paths(tmp_path)
    with kept_aside(folder, aside):
        pass
    with open(aside.with_name("kept.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises if a block still held it


def test_a_link_is_moved_and_put_back_as_a_link_never_followed(tmp_path: Path) -> None:
    users, other = tmp_path / "users-target", tmp_path / "other-target"
    for target in (users, other):
        target.mkdir()
        (target / "keep.txt").write_text(target.name)
    folder, aside = _paths(tmp_path)
    folder.parent.mkdir()
    folder.symlink_to(users)
    with kept_aside(folder, aside):
        folder.symlink_to(other)  # the block leaves a link elsewhere: removed as a link
    assert folder.is_symlink() and folder.resolve() == users.resolve()
    assert (users / "keep.txt").read_text() == "users-target" and (other / "keep.txt").read_text() == "other-target"
