"""The PDF job started beside the tests (``pdf_background``): started only for a test that needs
the PDFs, its failure reported with its output, its folder removed at the end. The job's PDFs
themselves are what ``tests/paper/test_pdf.py`` checks."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

import pdf_background


@pytest.fixture
def own_job(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """pdf_background with no job of the session's (a running one is put back after the test)."""
    monkeypatch.setattr(pdf_background, "_job", None)
    yield tmp_path
    pdf_background.stop()


def test_nothing_starts_without_a_test_that_needs_the_pdfs(own_job) -> None:
    items = [SimpleNamespace(fixturenames=["real", "tmp_path"]), SimpleNamespace()]
    assert pdf_background.start(items) is False
    assert pdf_background.wait() is None


def test_a_failed_job_is_reported_with_its_output_and_its_folder_removed(own_job, monkeypatch) -> None:
    script = own_job / "job.py"
    script.write_text("import sys\nprint('数据有错误：sops/x.yaml 第 3 行')\nsys.exit(3)\n", encoding="utf-8")
    monkeypatch.setattr(pdf_background, "JOB", script)
    monkeypatch.setattr(pdf_background, "ROOT", own_job)
    assert pdf_background.start([SimpleNamespace(fixturenames=["pdfs"])]) is True
    folder = pdf_background._job.out
    with pytest.raises(RuntimeError, match=r"exited with 3:\n数据有错误：sops/x.yaml 第 3 行"):
        pdf_background.wait()
    pdf_background.stop()
    assert not folder.exists()


def test_a_finished_job_gives_its_books_and_one_left_running_is_stopped(own_job, monkeypatch) -> None:
    script = own_job / "job.py"
    script.write_text(
        "import json, sys, pathlib\nout = pathlib.Path(sys.argv[1])\n(out / 'a.pdf').write_bytes(b'%PDF')\n"
        "(out / 'written.json').write_text(json.dumps({'a.pdf': {'pages': 7, 'seconds': 1.5}}))\n",
        encoding="utf-8")
    monkeypatch.setattr(pdf_background, "JOB", script)
    assert pdf_background.start([SimpleNamespace(fixturenames=["pdfs"])])
    made = pdf_background.wait()
    assert made is not None and set(made) == {"a.pdf"}
    path, pages, seconds = made["a.pdf"]
    assert path.read_bytes() == b"%PDF" and (pages, seconds) == (7, 1.5)
    pdf_background.stop()

    script.write_text("import time\ntime.sleep(60)\n", encoding="utf-8")
    assert pdf_background.start([SimpleNamespace(fixturenames=["pdfs"])])
    job = pdf_background._job
    pdf_background.stop()
    assert job.process.poll() is not None and not job.out.exists()
