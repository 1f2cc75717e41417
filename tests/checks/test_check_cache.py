"""`handbook check` remembers its answer for the same data, code and day."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

from handbook.checks.cache import cached_answer
from helpers import MINI

DAY = date(2026, 12, 1)


def _copy(tmp_path: Path) -> Path:
    data = tmp_path / "procedures"
    shutil.copytree(MINI, data)
    return data


def test_the_same_data_and_day_are_answered_from_the_cache(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    calls: list[int] = []

    def compute() -> tuple[str, int]:
        calls.append(1)
        return f"answer {len(calls)}", 0

    assert cached_answer(data, DAY, compute) == ("answer 1", 0)
    assert cached_answer(data, DAY, compute) == ("answer 1", 0)
    assert len(calls) == 1
    assert cached_answer(data, date(2026, 12, 2), compute) == ("answer 2", 0)  # another day
    (data / "sops" / "repair.yaml").write_text(
        (data / "sops" / "repair.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert cached_answer(data, date(2026, 12, 2), compute) == ("answer 3", 0)  # one byte changed
    (data / "extra.yaml").symlink_to("/etc/hostname")
    assert cached_answer(data, date(2026, 12, 2), compute) == ("answer 4", 0)  # a new link, not followed
    assert not (data / ".cache").exists()  # the cache lives beside the data, never inside it


def test_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    cached_answer(data, DAY, lambda: ("first", 1))
    (tmp_path / ".cache" / "handbook" / "check.json").write_text("{not json", encoding="utf-8")
    assert cached_answer(data, DAY, lambda: ("second", 0)) == ("second", 0)


def test_not_a_data_folder_is_never_cached(tmp_path: Path) -> None:
    calls: list[int] = []
    for _ in range(2):
        cached_answer(tmp_path, DAY, lambda: (calls.append(1), ("x", 1))[1])
    assert len(calls) == 2


def test_a_second_check_prints_the_same_without_loading_the_models(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    probe = ("import sys; from handbook.cli import main; code = main(['check', sys.argv[1]]); "
             "print('pydantic loaded' if 'pydantic' in sys.modules else 'pydantic not loaded'); sys.exit(code)")
    first = subprocess.run([sys.executable, "-c", probe, str(data)], capture_output=True, text=True, check=False)
    second = subprocess.run([sys.executable, "-c", probe, str(data)], capture_output=True, text=True, check=False)
    assert first.returncode == second.returncode == 0, first.stderr
    assert first.stdout.replace("pydantic loaded", "") == second.stdout.replace("pydantic not loaded", "")
    assert "pydantic loaded" in first.stdout and "pydantic not loaded" in second.stdout
