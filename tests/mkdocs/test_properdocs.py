"""ProperDocs (the maintained fork of MkDocs 1.x) builds the same handbook as MkDocs, file for
file and byte for byte, apart from the generator tag (``<meta name="generator">``).

ProperDocs installs beside MkDocs and, run as ``properdocs``, puts itself in ``mkdocs``'s place
(``mkdocs.*`` imports resolve to ``properdocs.*``); it loads the ``mkdocs.plugins`` entry points,
so the handbook plugin and Material's run unchanged. Both builds here use the disk cache, each its
own file (the cache keys on which generator runs).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import mini_project

pytestmark = pytest.mark.build

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _build(project: Path, generator: str, site: Path) -> None:
    result = subprocess.run([sys.executable, "-m", generator, "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)],
                            cwd=project, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr[-4000:]


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): GENERATOR.sub(b'<meta name="generator">', p.read_bytes())
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path: Path) -> None:
    pytest.importorskip("properdocs", reason="make test installs it (the test extra)")
    project = mini_project(tmp_path)
    _build(project, "mkdocs", tmp_path / "mkdocs-site")
    _build(project, "properdocs", tmp_path / "properdocs-site")
    html = (tmp_path / "properdocs-site" / "index.html").read_text(encoding="utf-8")
    assert 'content="mkdocs-ProperDocs' in html  # it was ProperDocs that built it
    built, proper = _files(tmp_path / "mkdocs-site"), _files(tmp_path / "properdocs-site")
    assert built.keys() == proper.keys()
    assert [name for name in built if built[name] != proper[name]] == []
    kept = sorted(p.name for p in (project / ".cache" / "handbook").glob("*.json"))
    assert len(kept) == 3 and "site.json" in kept  # one page cache per generator; the engine's work is the same for both
