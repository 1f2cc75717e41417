"""`handbook check` remembers its answer for the same data, code and day."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from handbook.checks.cache import cached_answer
from handbook.cli import _check_answer, main
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


# --------------------------------------------------------------------------- hostile and careless


BROKEN = ("role: fixer", "role: fixxer")  # an unknown role in sops/repair.yaml: the check fails


def _break(data: Path) -> bytes:
    """Break sops/repair.yaml; return its good bytes."""
    path = data / "sops" / "repair.yaml"
    good = path.read_bytes()
    path.write_bytes(good.replace(BROKEN[0].encode(), BROKEN[1].encode()))
    return good


def _saving_while_read(monkeypatch: pytest.MonkeyPatch, path: Path, new: bytes) -> None:
    """An editor's autosave: the first time the check reads ``path``, ``new`` is saved just before."""
    import handbook.checks.reading as reading

    real = reading.read_file
    saved: list[bool] = []

    def read_file(at: Path, file: str, root: Path | None = None):  # type: ignore[no-untyped-def]
        if Path(at) == path and not saved:
            saved.append(True)
            path.write_bytes(new)
        return real(at, file, root)

    monkeypatch.setattr(reading, "read_file", read_file)


def _cli(data: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(["check", str(data)])
    out, err = capsys.readouterr()
    return status, out, err


def test_a_save_during_the_check_is_not_remembered_for_the_bytes_before_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    data = _copy(tmp_path)
    good = _break(data)
    broken = (data / "sops" / "repair.yaml").read_bytes()
    with monkeypatch.context() as m:
        _saving_while_read(m, data / "sops" / "repair.yaml", good)  # saved while the check runs
        assert _cli(data, capsys)[0] == 0  # it checked the saved (good) bytes
    (data / "sops" / "repair.yaml").write_bytes(broken)  # undo: the broken file again
    status, out, _ = _cli(data, capsys)
    assert status == 1 and "未知的岗位 'fixxer'" in out and "没有发现问题" not in out


#: Each a change of one file that a second application undoes: a check's answer differs with each.
_TOGGLES = [
    ("sops/repair.yaml", "role: fixer", "role: fixxer"),
    ("sops/complaint.yaml", "title:", "titel:"),
    ("roles/clerk.yaml", "title:", "title: 甲\ntitle:"),
    ("handbook.yaml", "\n", "\n\t"),
]
_EDITS = st.lists(st.tuples(st.integers(0, len(_TOGGLES) - 1), st.booleans()), min_size=1, max_size=6)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(edits=[(0, True), (0, False)])  # broken while a check runs, then undone
@example(edits=[(1, False), (1, True), (2, True), (1, False)])
@given(edits=_EDITS)
def test_the_remembered_answer_is_the_answer_from_scratch(edits: list[tuple[int, bool]]) -> None:
    """After any edits, some saved while a check ran (an editor's autosave), ``handbook check``
    answers what a check from scratch answers; an edit saved during a check is judged at the next."""
    import handbook.checks.reading as reading

    real = reading.read_file
    with tempfile.TemporaryDirectory() as tmp:
        data = _copy(Path(tmp))
        for which, during in edits:
            rel, one, other = _TOGGLES[which]
            path = data / rel
            text = path.read_bytes()
            edited = (text.replace(other.encode(), one.encode(), 1) if other.encode() in text
                      else text.replace(one.encode(), other.encode(), 1))
            if not during:
                path.write_bytes(edited)
                assert cached_answer(data, DAY, lambda: _check_answer(data)) == _check_answer(data)
                continue
            pending: list[bytes] = [edited]

            def read_file(at: Path, file: str, root: Path | None = None, *, _path: Path = path,
                          _pending: list[bytes] = pending):  # type: ignore[no-untyped-def]
                if _pending and Path(at) == _path:
                    _path.write_bytes(_pending.pop())
                return real(at, file, root)

            reading.read_file = read_file  # type: ignore[assignment]
            try:
                cached_answer(data, DAY, lambda: _check_answer(data))
            finally:
                reading.read_file = real  # type: ignore[assignment]
        assert cached_answer(data, DAY, lambda: _check_answer(data)) == _check_answer(data)


def _store(tmp_path: Path) -> Path:
    return tmp_path / ".cache" / "handbook" / "check.json"


def test_a_planted_answer_is_not_used(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _copy(tmp_path)
    _break(data)
    assert _cli(data, capsys)[0] == 1
    planted = json.loads(_store(tmp_path).read_text(encoding="utf-8"))
    planted.update(text="没有发现问题。", status=0)  # the key kept: an answer that is not this data's
    _store(tmp_path).write_text(json.dumps(planted, ensure_ascii=False), encoding="utf-8")
    status, out, err = _cli(data, capsys)
    assert status == 1 and "没有发现问题" not in out
    assert "check.json" in err and "Traceback" not in err


@pytest.mark.parametrize("content", [
    "[]", "null", '"text"', "{}", '{"format": "2"}', "[" * 100_000, '{"status": 1e999}',
    '{"format": 3, "key": [], "text": 5, "status": 1e999, "seal": {}}',
    '{"format": 3, "key": "k", "text": "没有发现问题。", "status": true, "seal": "00"}',
])
def test_a_cache_file_of_the_wrong_shape_is_a_message(content: str, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    data = _copy(tmp_path)
    _break(data)
    _store(tmp_path).parent.mkdir(parents=True)
    _store(tmp_path).write_text(content, encoding="utf-8")
    status, out, err = _cli(data, capsys)
    assert status == 1 and "未知的岗位 'fixxer'" in out
    assert "Traceback" not in err and "check.json" in err  # ignored, and said so
    assert _cli(data, capsys)[2] == ""  # rewritten: the next check has nothing to say about it


def test_a_fifo_in_place_of_the_cache_file_does_not_hang_the_check(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    data = _copy(tmp_path)
    _store(tmp_path).parent.mkdir(parents=True)
    os.mkfifo(_store(tmp_path))
    done = subprocess.run([sys.executable, "-m", "handbook.cli", "check", str(data)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0 and "Traceback" not in done.stderr


@pytest.mark.parametrize("linked", [".cache", ".cache/handbook"])
def test_the_cache_never_writes_through_a_link(linked: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    data = _copy(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / linked).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / linked).symlink_to(elsewhere)
    assert _cli(data, capsys)[0] == 0
    assert list(elsewhere.rglob("*")) == []
    assert _cli(data, capsys)[0] == 0  # still checks, every time


def test_started_from_another_folder_the_paths_are_right_from_there(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    data = _copy(tmp_path)
    _break(data)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "procedures"]) == 1
    assert "procedures/sops/repair.yaml:13:11: 错误" in capsys.readouterr().out
    monkeypatch.chdir(data / "sops")
    assert main(["check", str(data)]) == 1
    out = capsys.readouterr().out
    assert "\nrepair.yaml:13:11: 错误" in out and "procedures/sops/repair.yaml" not in out
