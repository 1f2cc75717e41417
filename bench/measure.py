"""Measurements of one project: a build, ``handbook check``, and an edit under ``mkdocs serve``.

Every build runs in its own process (``probe.py``), so peak memory is that process's own
(``os.wait4`` rusage) and nothing is shared between runs except what a developer's machine keeps
as well after the first build: jieba's dictionary cache in the temporary folder, and Python's
compiled modules (``__pycache__``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"NO_MKDOCS_2_WARNING": "1"}


@dataclass
class Run:
    """What a process cost: wall and CPU seconds (``os.wait4``), peak memory in MB."""

    wall: float
    cpu: float
    peak_mb: float


@dataclass
class Build:
    run: Run
    probe: dict[str, Any]  # probe.py's JSON: build_s, build_cpu_s, parts, cpu_parts
    index_bytes: int
    site_bytes: int
    sop_page_bytes: list[int] = field(default_factory=list)


def run_process(args: list[str], log: Path, cwd: Path | None = None) -> Run:
    """Run ``args`` to the end; raise with the end of its output when it fails."""
    started = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=ENV, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"{' '.join(map(str, args))} failed ({proc.returncode}):\n{tail}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def build(project: Path, rebuild: bool = False, cold: bool = True) -> Build:
    """``mkdocs build --strict`` of ``project`` (through probe.py), and what it produced.

    ``cold``: remove the project's disk cache (``.cache/``) first, as on a fresh clone; a build
    with ``cold=False`` right after another one is a build with nothing changed.

    ``rebuild``: build a second time in the same process, as ``mkdocs serve`` does after a save,
    with the title of the first procedure edited in between
    (the process's time and memory then cover both builds; the probe has each build's times).
    """
    site = project / "site"
    if site.exists():
        shutil.rmtree(site)
    if cold and (project / ".cache").exists():
        shutil.rmtree(project / ".cache")
    out = project / "probe.json"
    args = [sys.executable, str(BENCH / "probe.py"), str(project / "mkdocs.yml"), str(site), str(out)]
    if rebuild:
        sop = sorted((project / "procedures" / "sops").glob("*.yaml"))[0]
        args += ["--rebuild", str(sop)]
    run = run_process(args, project / "build.log")
    index = site / "search" / "search_index.json"
    pages = [p / "index.html" for p in (site / "sops").iterdir() if (p / "index.html").is_file()] \
        if (site / "sops").is_dir() else []
    probe = json.loads(out.read_text(encoding="utf-8"))
    if probe.get("peak_mb"):  # see probe.peak_mb: rusage also counts the parent at the fork
        run.peak_mb = probe["peak_mb"]
    return Build(
        run=run,
        probe=probe,
        index_bytes=index.stat().st_size if index.exists() else 0,
        site_bytes=sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
        sop_page_bytes=[p.stat().st_size for p in pages],
    )


def zensical_build(project: Path) -> Run | None:
    """The same handbook built by Zensical (``python -m handbook_zensical``), its cache cleared
    first; None when it fails (Zensical not installed, or the data's editions need the git history
    the bench's copy lacks), with the reason in ``zensical.log``."""
    for stale in (project / ".cache", project / "site-zensical"):
        if stale.exists():
            shutil.rmtree(stale)
    try:
        return run_process([sys.executable, "-m", "handbook_zensical", "--root", str(project)],
                           project / "zensical.log", cwd=project / "hooks")  # the snapshot's adapter
    except RuntimeError:
        return None


def check_cli(snap: Path, data: Path, log: Path, edited: bool = False) -> Run:
    """``handbook check DATA`` as a user runs it: a fresh interpreter, imports included.

    ``edited``: as after an edit to the data, its remembered answer (``.cache/handbook/check.json``
    beside the data) removed first, so that everything is loaded and checked."""
    if edited:
        (data.resolve().parent / ".cache" / "handbook" / "check.json").unlink(missing_ok=True)
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from handbook.cli import main; "
            "sys.exit(main(['check', sys.argv[2]]))")
    return run_process([sys.executable, "-c", code, str(snap / "hooks"), str(data)], log)


def pdf_cli(snap: Path, project: Path, out: Path, log: Path) -> tuple[Run, dict[str, int]]:
    """``handbook pdf`` (what ``make pdf`` runs) on a project: the three PDFs and their pages."""
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from handbook.cli import main; "
            "sys.exit(main(['pdf', '--out', sys.argv[2], '--date', '2026-12-01']))")
    run = run_process([sys.executable, "-c", code, str(snap / "hooks"), str(out)], log, cwd=project)
    pages = {}
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("已写出 ") and "页" in line:
            name = line.split("已写出 ", 1)[1].split("：", 1)[0].rsplit("/", 1)[-1]
            pages[name] = int(line.split("：", 1)[1].split(" 页", 1)[0])
    return run, pages


def check_in_process(data: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one ``check(data)`` in this process (imports already done)."""
    from handbook.checks import reading
    from handbook.checks.check import check

    reading._PARSED.clear()  # as after a fresh start: every file parsed and validated
    wall, cpu = time.perf_counter(), time.process_time()
    manual, _ = check(data)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if manual is None:
        raise RuntimeError(f"{data} has errors")
    return wall, cpu


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, marker: str | None, timeout: float, proc: subprocess.Popen[bytes]) -> float:
    """Poll ``url`` every 50 ms until it answers (and contains ``marker``); the time it did."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("mkdocs serve stopped")
        body = _fetch(url)
        if body is not None and (marker is None or marker in body):
            return time.perf_counter()
        time.sleep(0.05)
    raise RuntimeError(f"{url} did not show {marker!r} within {timeout:.0f} s")


EDITS = {  # what an author changes, by the line it is on
    "step": re.compile(r"^\s+action: "),  # the wording of the first step: two pages change
    "title": re.compile(r"^title: "),  # the procedure's title: every page that names it changes
}


def serve_latency(project: Path, sop_id: str, edits: int, kind: str = "step") -> list[float]:
    """Seconds from saving an edited procedure to ``mkdocs serve`` serving the changed page.

    ``kind``: which line of the procedure is edited (``EDITS``); a marker is appended to it.
    """
    port = _free_port()
    url = f"http://127.0.0.1:{port}/sops/{sop_id}/"
    source = project / "procedures" / "sops" / f"{sop_id}.yaml"
    original = source.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    title_at = next(i for i, line in enumerate(lines) if EDITS[kind].match(line))
    log = (project / "serve.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"),
         "--dev-addr", f"127.0.0.1:{port}"],
        stdout=log, stderr=subprocess.STDOUT, env={**ENV, "PYTHONPATH": str(project / "hooks")}, cwd=project,
    )
    latencies: list[float] = []
    try:
        _wait_for(url, None, 300, proc)
        for n in range(edits):
            marker = f"测速{n + 1:02d}"
            edited = lines.copy()
            edited[title_at] = edited[title_at].rstrip("\n") + marker + "\n"
            time.sleep(1.0)  # let the watcher settle after the previous build
            source.write_text("".join(edited), encoding="utf-8")
            saved = time.perf_counter()
            latencies.append(_wait_for(url, marker, 300, proc) - saved)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        source.write_text(original, encoding="utf-8")
    return latencies


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
