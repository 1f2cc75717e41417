"""Shared fixtures: the real data folder, and golden files with an update switch.

Run ``pytest --update-golden`` (or ``make golden``) to rewrite the golden files after an intended
change, then review ``git diff tests/golden``.
"""

from __future__ import annotations

import difflib
import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "procedures"
GOLDEN = Path(__file__).resolve().parent / "golden"


#: Fixtures that run a real mkdocs build: every test that uses one (directly or through another
#: fixture, such as a served site) is a build test, so ``-m "not build"`` leaves it out.
BUILDING_FIXTURES = frozenset({"built_site", "real_site", "offline_site", "public_site"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BUILDING_FIXTURES & set(getattr(item, "fixturenames", ())) and item.get_closest_marker("build") is None:
            item.add_marker(pytest.mark.build)


def pytest_collection_finish(session: pytest.Session) -> None:
    """The PDFs of the real handbook are laid out in a process of their own from here on, when a
    selected test needs them (``pdf_background``)."""
    import pdf_background

    pdf_background.start(session.items)


def pytest_sessionfinish(session: pytest.Session) -> None:
    import pdf_background

    pdf_background.stop()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden files under tests/golden instead of comparing against them",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare ``text`` with ``tests/golden/<name>``; with --update-golden, write it instead."""

    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            return
        if not path.exists():
            pytest.fail(f"golden file {path.relative_to(ROOT)} is missing: run pytest --update-golden")
        expected = path.read_text(encoding="utf-8")
        if text != expected:
            diff = "".join(
                difflib.unified_diff(
                    expected.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    fromfile=f"golden/{name}",
                    tofile="rendered",
                    n=2,
                )
            )
            pytest.fail(f"{name} differs from its golden file (pytest --update-golden to accept):\n{diff[:6000]}")

    return check


def mkdocs_build(project: Path, site: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run a real ``mkdocs build --strict`` of ``project`` into ``site`` (not quiet: warnings count)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site), *extra],
        capture_output=True, text=True, env=env, cwd=project,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real handbook, built once per test session (``HANDBOOK_BUILT_SITE=DIR``: a site
    already built from this tree, e.g. by ``mkdocs build -d DIR``, is used as it is)."""
    if os.environ.get("HANDBOOK_BUILT_SITE"):
        return Path(os.environ["HANDBOOK_BUILT_SITE"])
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr[-4000:]
    return site


# Browser fixtures (site_url, browser, page) live in tests/browser.py.
pytest_plugins = ["browser"]


def _remove(path: Path) -> None:
    """Remove what is at ``path``: a link itself, never what it points to."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


@contextmanager
def kept_aside(folder: Path, aside: Path) -> Iterator[None]:
    """Move ``folder`` to ``aside`` for the time of the block, then remove what the block left at
    ``folder`` and put the old one back; a ``folder`` that was absent (``aside`` + ``.absent``
    says so) is absent after.

    The block holds a lock (``aside`` + ``.lock``, ``flock``) from start to end. A block that
    finds the lock held (another test run in this checkout) moves nothing, so the user's folder
    is put back once, by the run that set it aside. The system releases the lock of a run that was
    killed; the next block then finds that run's ``aside`` (or ``.absent``) and puts the user's
    folder back first."""
    absent = aside.with_name(aside.name + ".absent")
    aside.parent.mkdir(parents=True, exist_ok=True)
    with open(aside.with_name(aside.name + ".lock"), "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield
            return
        if absent.exists() or aside.exists() or aside.is_symlink():  # a killed run's
            _remove(folder)
            if absent.exists():
                absent.unlink()
            else:
                aside.rename(folder)
        if folder.exists() or folder.is_symlink():
            folder.rename(aside)
        else:
            absent.touch()
        try:
            yield
        finally:
            _remove(folder)
            if absent.exists():
                absent.unlink()
            else:
                aside.rename(folder)


@pytest.fixture(autouse=True, scope="session")
def _project_cache_kept():
    """The tests build the real handbook and check its data in place, and what they remember
    (``.cache/handbook``) is sealed with the tests' own secret: the user's next ``make serve``
    would find every entry 封印不符, say so, and build cold. The project's cache is set aside for
    the session and put back as it was; what the tests wrote there is removed."""
    with kept_aside(ROOT / ".cache" / "handbook", ROOT / ".cache" / "handbook.kept-during-tests"):
        yield


@pytest.fixture(autouse=True, scope="session")
def _private_cache_home(tmp_path_factory: pytest.TempPathFactory):
    """``handbook check`` seals its remembered answers with a secret in the user's cache folder
    (``$XDG_CACHE_HOME/handbook``): the tests keep theirs in a folder of their own."""
    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache-home"))
    yield
    if saved is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = saved
