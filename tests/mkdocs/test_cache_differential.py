"""The caches proven, not trusted: random sequences of edits, each followed by a build that uses
the disk cache and one without any (``HANDBOOK_CACHE=0``), compared byte for byte.

The project is the mini handbook made to exercise every input a cache could miss: an estate
(``procedures/estates/garden/``), the desk's words (``search.yaml``), a jieba user dictionary
that Material's search loads (``jieba_dict_user``), a snippet that ``pymdownx.snippets`` pastes
into a hand-written page, the configuration and a page of ``docs/``. Each kind of edit below
changes one of them; hypothesis draws short sequences of them (derandomized, no example database,
so ``make test`` runs the same few every time), and the two explicit examples are the inputs the
disk cache once ignored (jieba's dictionaries, a snippet: the warm site kept the old text).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from helpers import mini_estates, mini_project

pytestmark = pytest.mark.build

SUFFIXES = "甲乙丙丁戊己庚辛壬癸"


def build(project: Path, site: Path, cache: bool) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_CACHE": "1" if cache else "0"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                            cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "Traceback" not in result.stderr


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


class Project:
    """The mini project and the edits a test may make to it, each giving new text every time."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.dir = mini_project(root)
        self.count = 0
        data = self.dir / "procedures"
        mini_estates(data, {"garden": "测试花园"})
        (data / "search.yaml").write_text(
            "aliases:\n  - said: [坏了]\n    written: 维修\n    procedure: repair\n", encoding="utf-8")
        (self.dir / "jieba_user.txt").write_text("到场维修 50000\n", encoding="utf-8")
        (self.dir / "snippets").mkdir()
        (self.dir / "snippets" / "note.md").write_text("维修人员到场后先拍照。\n", encoding="utf-8")
        (self.dir / "docs" / "notes.md").write_text("# 备注\n\n报修时请说明位置。\n\n--8<-- \"note.md\"\n",
                                                    encoding="utf-8")
        config = (self.dir / "mkdocs.yml").read_text(encoding="utf-8")
        config = config.replace("    lang: zh\n", "    lang: zh\n    jieba_dict_user: jieba_user.txt\n", 1)
        config = config.replace("  - pymdownx.details\n",
                                "  - pymdownx.details\n  - pymdownx.snippets:\n      base_path: [snippets]\n"
                                "      check_paths: true\n", 1)
        config = config.replace("  - 编写与维护指南: guide.md\n", "  - 编写与维护指南: guide.md\n  - 备注: notes.md\n", 1)
        (self.dir / "mkdocs.yml").write_text(config, encoding="utf-8")

    def _next(self) -> str:
        self.count += 1
        return SUFFIXES[self.count % len(SUFFIXES)] + str(self.count)

    def _replace(self, rel: str, pattern: str, new: Callable[[str], str]) -> None:
        path = self.dir / rel
        text = path.read_text(encoding="utf-8")
        changed, n = re.subn(pattern, lambda m: new(m.group(0)), text, count=1, flags=re.M)
        assert n == 1, (rel, pattern)
        path.write_text(changed, encoding="utf-8")

    def edit(self, kind: str) -> None:
        mark = self._next()
        if kind == "step":
            self._replace("procedures/sops/repair.yaml", r"action: 到场维修\S*", lambda _: f"action: 到场维修{mark}")
        elif kind == "title":
            self._replace("procedures/sops/repair.yaml", r"^title: 报修处理程序\S*", lambda _: f"title: 报修处理程序{mark}")
        elif kind == "docs":
            self._replace("docs/notes.md", r"报修时请说明位置\S*", lambda _: f"报修时请说明位置{mark}")
        elif kind == "config":
            self._replace("mkdocs.yml", r"^site_description: .*$", lambda _: f"site_description: 手册{mark}")
            self._replace("mkdocs.yml", r"permalink: \S+", lambda old: "permalink: true" if "¶" in old else "permalink: ¶")
        elif kind == "aliases":
            self._replace("procedures/search.yaml", r"said: \[[^\]]*\]", lambda _: f"said: [坏了{mark}]")
        elif kind == "jieba":  # a word jieba keeps whole, or not: the index's words change
            path = self.dir / "jieba_user.txt"
            words = path.read_text(encoding="utf-8")
            path.write_text("" if "到场维修" in words else "到场维修 50000\n拍照 50000\n", encoding="utf-8")
        elif kind == "snippet":
            (self.dir / "snippets" / "note.md").write_text(f"维修人员到场后先拍照{mark}。\n", encoding="utf-8")
        elif kind == "estate":
            self._replace("procedures/estates/garden/estate.yaml", r"^  hotline: .*$", lambda _: f"  hotline: 000-{self.count:04d}")
        else:
            raise AssertionError(kind)

    def compare(self) -> None:
        warm, cold = self.root / "warm", self.root / "cold"
        for site in (warm, cold):
            shutil.rmtree(site, ignore_errors=True)
        build(self.dir, warm, cache=True)
        build(self.dir, cold, cache=False)
        warm_files, cold_files = site_files(warm), site_files(cold)
        assert warm_files.keys() == cold_files.keys()
        different = [name for name in cold_files if warm_files[name] != cold_files[name]]
        assert different == [], f"the warm build differs from a cold one in {different}"


KINDS = ("step", "title", "docs", "config", "aliases", "jieba", "snippet", "estate")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    made = Project(tmp_path_factory.mktemp("differential"))
    build(made.dir, made.root / "first", cache=True)  # the disk cache, filled
    return made


@settings(max_examples=2, derandomize=True, database=None, deadline=None, phases=(Phase.explicit, Phase.generate),
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=st.lists(st.sampled_from(KINDS), min_size=1, max_size=2))
@example(edits=["jieba"])
@example(edits=["snippet", "estate"])
def test_a_warm_build_after_any_edits_equals_a_cold_one(project: Project, edits: list[str]) -> None:
    for kind in edits:
        project.edit(kind)
        project.compare()
