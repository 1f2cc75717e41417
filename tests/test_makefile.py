"""The Makefile hands the values a user gives (``make diff OLD=…``, ``make pdf ESTATE=…``) to the
command as they are: never to the shell to read, so no metacharacter in them runs anything."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Values that would run ``touch`` if the shell read them, or write ``pwned`` if make expanded them
#: (make expands a variable it puts into a command's environment, and every command-line one goes there).
HOSTILE = ["HEAD;touch pwned", "HEAD`touch pwned`", "x $(touch pwned)", "x' ; touch pwned; '", 'x" ; touch pwned; "',
           "a b|touch pwned", "HEAD&&touch pwned", "$(shell touch pwned)", "x$(file >pwned,x)"]
#: Every install stamp the Makefile keeps in the venv (``NAME_STAMP := $(VENV)/.x-stamp``), read from it.
STAMPS = re.findall(r"^\w*STAMP\s*:=\s*\$\(VENV\)/(\S+)", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)


@pytest.fixture
def fake(tmp_path: Path) -> Path:
    """A venv whose ``handbook`` only records its arguments (one JSON line per run)."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    handbook = venv / "bin" / "handbook"
    handbook.write_text('#!/usr/bin/env python3\nimport json, sys\n'
                        f'open({str(tmp_path / "argv.jsonl")!r}, "a").write(json.dumps(sys.argv[1:]) + "\\n")\n',
                        encoding="utf-8")
    handbook.chmod(0o755)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for stamp in STAMPS:  # newer than pyproject.toml: nothing is installed
        (venv / stamp).touch()
    return venv


def _make(fake: Path, *args: str) -> list[list[str]]:
    work = fake.parent
    done = subprocess.run(["make", "-s", "-f", str(ROOT / "Makefile"), f"VENV={fake}", *args],
                          cwd=work, capture_output=True, text=True, check=False)
    assert not (work / "pwned").exists(), done.stdout + done.stderr
    assert done.returncode == 0, done.stdout + done.stderr
    log = work / "argv.jsonl"
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []


@pytest.mark.parametrize("value", HOSTILE)
def test_make_diff_passes_old_and_new_as_they_are(value: str, fake: Path) -> None:
    assert _make(fake, "diff", f"OLD={value}", f"NEW={value}") == [["diff", value, value]]


@pytest.mark.parametrize("value", HOSTILE)
def test_make_pdf_passes_the_estate_as_it_is(value: str, fake: Path) -> None:
    assert _make(fake, "pdf", f"ESTATE={value}") == [["pdf", "--estate", value]]


def test_the_usual_values_still_work(fake: Path) -> None:
    assert _make(fake, "diff") == [["diff", "HEAD", "procedures"]]
    assert _make(fake, "pdf", "ESTATE=hkyz", "NEXT=1")[-1] == ["pdf", "--estate", "hkyz", "--next"]
    assert _make(fake, "pdf")[-1] == ["pdf"]


def test_next_is_not_expanded_by_make(fake: Path) -> None:
    assert _make(fake, "pdf", "NEXT=$(shell touch pwned)") == [["pdf", "--next"]]
