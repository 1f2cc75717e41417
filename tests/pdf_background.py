"""The real handbook's PDFs laid out beside the other tests (``tests/paper/pdf_job.py``).

WeasyPrint lays the three books out on one core for minutes, and most of the suite is one process
on one core: when the collected tests include one that uses the ``pdfs`` fixture, :func:`start`
(called by ``conftest.pytest_collection_finish``) starts the job in a process of its own, and the
fixture takes its PDFs with :func:`wait`. Without such a test nothing starts; the session's end
stops a job nobody waited for and removes its folder (:func:`stop`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
JOB = ROOT / "tests" / "paper" / "pdf_job.py"
FIXTURE = "pdfs"


@dataclass
class Job:
    process: subprocess.Popen[bytes]
    out: Path

    @property
    def log(self) -> Path:
        return self.out / "job.log"


_job: Job | None = None


def start(items: Iterable[Any]) -> bool:
    """Start the job if a test of ``items`` uses the PDFs and none is running; whether one runs."""
    global _job
    if _job is None and any(FIXTURE in getattr(item, "fixturenames", ()) for item in items):
        out = Path(tempfile.mkdtemp(prefix="handbook-pdf-"))
        # its own cache home, as the tests' (conftest._private_cache_home)
        env = dict(os.environ, XDG_CACHE_HOME=str(out / "cache-home"))
        (out / "books").mkdir()
        with (out / "job.log").open("wb") as log:
            process = subprocess.Popen([sys.executable, str(JOB), str(out / "books")], cwd=ROOT, env=env,
                                       stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        _job = Job(process, out)
    return _job is not None


def wait() -> dict[str, tuple[Path, int, float]] | None:
    """{file name: (path, pages, seconds)} of the job's PDFs once it has finished; None when no
    job was started. A job that failed raises ``RuntimeError`` with the end of its output."""
    if _job is None:
        return None
    code = _job.process.wait()
    books = _job.out / "books"
    result = books / "written.json"
    if code != 0 or not result.is_file():
        tail = _job.log.read_text(encoding="utf-8", errors="replace")[-4000:]
        raise RuntimeError(f"the PDF job ({JOB.relative_to(ROOT)}) exited with {code}:\n{tail}")
    written = json.loads(result.read_text(encoding="utf-8"))
    return {name: (books / name, int(w["pages"]), float(w["seconds"])) for name, w in written.items()}


def stop() -> None:
    """Stop a job still running and remove what it made."""
    global _job
    if _job is None:
        return
    if _job.process.poll() is None:
        _job.process.kill()
        _job.process.wait()
    shutil.rmtree(_job.out, ignore_errors=True)
    _job = None
