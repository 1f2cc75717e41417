"""Seconds of the builds ``mkdocs serve`` makes after each saved edit, in this process:
``python bench/rebuild.py PROJECT SOP_ID step|title [SAVES]``.

Builds PROJECT (a copy of this repository with its git history, so the editions in force and
pending exist) once as ``serve`` does, then SAVES times (5 by default) appends a marker to the
first step's action (``step``) or to the title (``title``) of ``procedures/sops/SOP_ID.yaml`` and
builds again, restoring the file at the end. Prints each rebuild's wall and CPU seconds and how
many pages the page memo (``handbook.site.pagememo``) gave and rendered; the medians and the
process's peak memory last. Unlike
``bench/run.py`` (``mkdocs serve`` in a child, timed to the reloaded page), it leaves out the
watcher and the HTTP round trip, so two trees can be compared on the same work. Reports; asserts
nothing.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from measure import EDITS  # noqa: E402  (the lines an author's save changes, as bench/run.py edits them)
from probe import peak_mb  # noqa: E402


def main(argv: list[str]) -> int:
    project, sop_id, kind = Path(argv[0]).resolve(), argv[1], argv[2]
    saves = int(argv[3]) if len(argv) > 3 else 5
    os.chdir(project)
    sys.path.insert(0, str(project / "hooks"))  # the tree under test, not this one
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    try:
        from handbook.site.pagememo import PAGES
    except ImportError:  # a tree from before the page memo
        PAGES = None

    site = tempfile.mkdtemp(prefix="bench-rebuild-")  # not in the project: nothing left behind there

    def once(startup: bool) -> None:
        config = load_config(config_file="mkdocs.yml", site_dir=site, strict=False)
        if startup:
            config.plugins.on_startup(command="serve", dirty=False)
        build(config)

    once(True)
    source = project / "procedures" / "sops" / f"{sop_id}.yaml"
    original = source.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if EDITS[kind].match(line))
    walls, cpus = [], []
    try:
        for n in range(saves):
            edited = lines.copy()
            edited[at] = edited[at].rstrip("\n") + f"测速{n:02d}\n"
            source.write_text("".join(edited), encoding="utf-8")
            if PAGES is not None:
                PAGES.hits = PAGES.misses = 0
            wall, cpu = time.perf_counter(), time.process_time()
            once(False)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            memo = f", pages remembered {PAGES.hits}, rendered {PAGES.misses}" if PAGES is not None else ""
            print(f"rebuild {n + 1}: {walls[-1]:.2f} s wall, {cpus[-1]:.2f} s CPU{memo}", flush=True)
    finally:
        source.write_text(original, encoding="utf-8")
        shutil.rmtree(site, ignore_errors=True)
    peak = peak_mb() or float("nan")
    print(f"median of {saves}: {statistics.median(walls):.2f} s wall, {statistics.median(cpus):.2f} s CPU; "
          f"peak memory {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
