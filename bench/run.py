"""``make bench``: what building the handbook costs, and how it grows with the number of procedures.

Builds, in a temporary folder, the real handbook and synthetic handbooks of ``BENCH_SIZES``
procedures (default ``100,1000``), each ``BENCH_RUNS`` times (default 3), interleaved with the
yardstick (the same pages built by plain Material), times ``handbook check`` on the real data and
the time from saving a procedure to the changed page under ``mkdocs serve``; prints medians as a
Markdown table and the goals met or missed. ``BENCH_KEEP=1`` keeps the temporary folder,
``BENCH_JSON=path`` writes every measurement, ``BENCH_PDF=0`` skips timing ``make pdf``. No timing is asserted anywhere: this is a report.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import measure  # noqa: E402
import sites  # noqa: E402
from measure import Build, median  # noqa: E402

GOAL_ENGINE_SHARE = 0.10
GOAL_CHECK_S = 0.3
GOAL_SERVE_S = {"step": 0.7, "title": 1.5}
GOAL_WARM_SHARE = 0.45  # a build with nothing changed: at most 45 % of plain Material's time
GOAL_COLD = 0.92  # a cold build: at most 0.92 × plain Material's time


def _say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _settings() -> tuple[int, list[int]]:
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "100,1000").split(",") if s.strip()]
    real = len(list((BENCH.parent / "procedures" / "sops").glob("*.yaml")))
    if runs < 1 or any(s < real for s in sizes):
        raise SystemExit(f"BENCH_RUNS ≥ 1; BENCH_SIZES: sizes of at least {real} procedures (the real "
                         "handbook's count), e.g. 100,1000")
    return runs, sizes


def _cpu(builds: list[Build], part: str) -> float:
    return median([b.probe["cpu_parts"].get(part, 0.0) for b in builds])


def _summary(label: str, procedures: int, pages: int, ours: list[Build],
             plain: list[Build], warm: list[Build], zensical: list[measure.Run | None]) -> dict[str, Any]:
    build_cpu = median([b.run.cpu for b in ours])
    engine = _cpu(ours, "engine") + _cpu(ours, "flowchart")
    mkdocs_rest = {
        "jieba": _cpu(ours, "jieba"),
        "search": _cpu(ours, "search"),
        "markdown": _cpu(ours, "markdown"),
        "theme": _cpu(ours, "theme"),
    }
    imported = median([b.probe.get("engine_import_cpu_s", 0.0) for b in ours])
    startup = median([b.run.cpu - b.probe["build_cpu_s"] for b in ours]) - imported
    return {
        "label": label,
        "procedures": procedures,
        "pages": pages,
        "wall": median([b.run.wall for b in ours]),
        "cpu": build_cpu,
        "engine": engine,
        "engine_import": imported,
        "flowchart": _cpu(ours, "flowchart"),
        "hook": _cpu(ours, "hook"),
        **mkdocs_rest,
        "other": _cpu(ours, "other") + _cpu(ours, "plugins") + startup,
        "peak_mb": median([b.run.peak_mb for b in ours]),
        "index_mb": median([b.index_bytes / 1e6 for b in ours]),
        "site_mb": median([b.site_bytes / 1e6 for b in ours]),
        "sop_page_kb": median([median(b.sop_page_bytes) / 1e3 for b in ours if b.sop_page_bytes]),
        "plain_wall": median([b.run.wall for b in plain]),
        "plain_cpu": median([b.run.cpu for b in plain]),
        "plain_peak_mb": median([b.run.peak_mb for b in plain]),
        "warm_wall": median([b.run.wall for b in warm]),
        "warm_cpu": median([b.run.cpu for b in warm]),
        "zensical_wall": median([z.wall for z in zensical if z is not None]),  # nan: it did not build
        "zensical_cpu": median([z.cpu for z in zensical if z is not None]),
    }


def _table(rows: list[dict[str, Any]]) -> str:
    def share(r: dict[str, Any], key: str) -> str:
        return f"{r[key]:.2f} s ({r[key] / r['cpu']:.0%})"

    lines = [
        ("procedures / pages built", lambda r: f"{r['procedures']} / {r['pages']}"),
        ("cold build (no cache), wall time", lambda r: f"{r['wall']:.1f} s"),
        ("cold build (no cache), CPU time", lambda r: f"{r['cpu']:.1f} s"),
        ("build with nothing changed (disk cache), wall / CPU",
         lambda r: f"{r['warm_wall']:.1f} s / {r['warm_cpu']:.1f} s"),
        ("our engine: load, check, render (CPU)", lambda r: share(r, "engine")),
        ("  of which flowcharts", lambda r: share(r, "flowchart")),
        ("  hook glue", lambda r: share(r, "hook")),
        ("importing our engine (pydantic, models), once", lambda r: share(r, "engine_import")),
        ("jieba: dictionary and segmentation", lambda r: share(r, "jieba")),
        ("search indexing (without jieba)", lambda r: share(r, "search")),
        ("Python-Markdown", lambda r: share(r, "markdown")),
        ("theme templates, writing pages", lambda r: share(r, "theme")),
        ("other MkDocs, start-up, imports", lambda r: share(r, "other")),
        ("CPU per procedure (whole build)", lambda r: f"{r['cpu'] / r['procedures'] * 1e3:.0f} ms"),
        ("CPU per procedure (our engine)", lambda r: f"{r['engine'] / r['procedures'] * 1e3:.1f} ms"),
        ("peak memory", lambda r: f"{r['peak_mb']:.0f} MB"),
        ("search index", lambda r: f"{r['index_mb']:.1f} MB"),
        ("site", lambda r: f"{r['site_mb']:.0f} MB"),
        ("procedure page (median HTML)", lambda r: f"{r['sop_page_kb']:.0f} kB"),
        ("yardstick: plain Material, same pages (wall / CPU)",
         lambda r: f"{r['plain_wall']:.1f} s / {r['plain_cpu']:.1f} s"),
        ("ours ÷ plain Material (CPU)", lambda r: f"{r['cpu'] / r['plain_cpu']:.2f}×"),
        ("Zensical, same handbook via handbook_zensical (wall / CPU)",
         lambda r: f"{r['zensical_wall']:.1f} s / {r['zensical_cpu']:.1f} s"),
    ]
    out = ["| | " + " | ".join(r["label"] for r in rows) + " |",
           "|---|" + "---|" * len(rows)]
    out += [f"| {name} | " + " | ".join(cell(r) for r in rows) + " |" for name, cell in lines]
    return "\n".join(out)


def _rebuild_line(rebuilds: list[Build]) -> str:
    """What one rebuild under ``mkdocs serve`` costs: the second build in the same process."""
    second = [b.probe["rebuild"] for b in rebuilds]
    total = median([r["build_cpu_s"] for r in second])
    parts: dict[str, float] = {}
    for key in ("engine", "flowchart", "hook", "markdown", "jieba", "search", "theme", "other", "plugins"):
        parts[key] = median([r["cpu_parts"].get(key, 0.0) for r in second])
    parts["engine"] += parts.pop("flowchart") + parts.pop("hook")
    parts["other"] += parts.pop("plugins")
    shown = ", ".join(f"{k} {v:.2f} s" for k, v in parts.items())
    return (f"A rebuild under `mkdocs serve` (real handbook, second build in the same process, after "
            f"the title of the first procedure was edited): "
            f"{median([r['build_s'] for r in second]):.1f} s wall, {total:.1f} s CPU — {shown}.")


def _goals(rows: list[dict[str, Any]], check_cli: list[measure.Run], check_edited: list[measure.Run],
           check_in: list[tuple[float, float]], serve: dict[str, list[float]]) -> list[str]:
    def mark(ok: bool) -> str:
        return "met" if ok else "MISSED"

    out = []
    for r in rows:
        warm = r["warm_wall"] / r["plain_wall"]
        out.append(f"- a build with nothing changed at most {GOAL_WARM_SHARE:.0%} of plain Material ({r['label']}): "
                   f"{r['warm_wall']:.1f} s against {r['plain_wall']:.1f} s = {warm:.0%} — "
                   f"{mark(warm <= GOAL_WARM_SHARE)}")
        cold = r["wall"] / r["plain_wall"]
        out.append(f"- a cold build at most {GOAL_COLD:.2f}× plain Material ({r['label']}): {r['wall']:.1f} s against "
                   f"{r['plain_wall']:.1f} s = {cold:.2f}× — {mark(cold <= GOAL_COLD)}")
        share = r["engine"] / r["cpu"]
        with_import = (r["engine"] + r["engine_import"] + r["hook"]) / r["cpu"]
        out.append(f"- our engine under {GOAL_ENGINE_SHARE:.0%} of the build ({r['label']}): "
                   f"{share:.1%} — {mark(share < GOAL_ENGINE_SHARE)}; with importing it and the hook's "
                   f"glue {with_import:.1%} — {mark(with_import < GOAL_ENGINE_SHARE)}")
    synthetic = [r for r in rows if r["label"] != "real"]
    if len(synthetic) >= 2:
        small, big = synthetic[0], synthetic[-1]
        for key, what in (("cpu", "whole build"), ("engine", "our engine")):
            growth = (big[key] / big["procedures"]) / (small[key] / small["procedures"])
            out.append(f"- cost linear in procedures ({what}): per-procedure cost at {big['procedures']} "
                       f"is {growth:.2f}× that at {small['procedures']} — {mark(growth <= 1.25)} "
                       f"(within 25 %)")
    cli_wall = median([c.wall for c in check_cli])
    cli_cpu = median([c.cpu for c in check_cli])
    in_wall = median([c[0] for c in check_in])
    in_cpu = median([c[1] for c in check_in])
    edited_wall = median([c.wall for c in check_edited])
    edited_cpu = median([c.cpu for c in check_edited])
    out.append(f"- `handbook check` on the real data under {GOAL_CHECK_S} s (start-up and imports included): "
               f"unchanged data (the remembered answer) {cli_wall:.2f} s wall / {cli_cpu:.2f} s CPU; after an "
               f"edit (everything loaded and checked) {edited_wall:.2f} s wall / {edited_cpu:.2f} s CPU, of which "
               f"the check itself {in_wall:.2f} s wall / {in_cpu:.2f} s CPU — "
               f"{mark(max(cli_wall, edited_wall) < GOAL_CHECK_S)}")
    for kind, times in serve.items():
        what = {"step": "a step's wording", "title": "a procedure's title"}.get(kind, kind)
        goal = GOAL_SERVE_S.get(kind, 1.0)
        out.append(f"- saved edit ({what}) visible under `mkdocs serve` in under {goal:.1f} s: median "
                   f"{median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f}, {len(times)} edits) — "
                   f"{mark(median(times) < goal)}")
    return out


def main() -> int:
    runs, sizes = _settings()
    tmp = Path(tempfile.mkdtemp(prefix="handbook-bench-"))
    _say(f"working in {tmp}; {runs} run(s); sizes: real, {', '.join(map(str, sizes))}")
    try:
        snap = sites.snapshot(tmp / "snapshot")
        sites.use_snapshot(snap)
        projects: dict[str, tuple[int, Path, Path, int]] = {}
        for label, count in [("real", None), *((str(n), n) for n in sizes)]:
            _say(f"preparing {label}")
            ours = sites.handbook_project(snap, tmp / f"site-{label}", count)
            plain = tmp / f"plain-{label}"
            pages = sites.plain_project(ours, plain)
            procedures = count or len(list((ours / "procedures" / "sops").glob("*.yaml")))
            projects[label] = (procedures, ours, plain, pages)
        results: dict[str, dict[str, list[Any]]] = {k: {"ours": [], "warm": [], "plain": [], "zensical": []}
                                                   for k in projects}
        rebuilds: list[Build] = []
        for n in range(runs):
            for label, (_, ours, plain, _) in projects.items():
                _say(f"run {n + 1}/{runs}: building {label} (ours cold, ours again unchanged, plain Material, Zensical)")
                results[label]["ours"].append(measure.build(ours, cold=True))
                results[label]["warm"].append(measure.build(ours, cold=False))
                results[label]["plain"].append(measure.build(plain))
                results[label]["zensical"].append(measure.zensical_build(ours))
            _say(f"run {n + 1}/{runs}: building real twice in one process (a serve rebuild)")
            rebuilds.append(measure.build(projects["real"][1], rebuild=True))
        real = projects["real"][1]
        _say("timing handbook check on the real data")
        measure.check_cli(snap, real / "procedures", tmp / "check.log")  # writes __pycache__, as a user's first run
        check_cli = [measure.check_cli(snap, real / "procedures", tmp / "check.log") for _ in range(max(runs, 5))]
        check_edited = [measure.check_cli(snap, real / "procedures", tmp / "check.log", edited=True)
                        for _ in range(max(runs, 5))]
        check_in = [measure.check_in_process(real / "procedures") for _ in range(max(runs, 5))]
        serve: dict[str, list[float]] = {}
        for kind in measure.EDITS:
            _say(f"timing a saved edit ({kind}) under mkdocs serve")
            serve[kind] = measure.serve_latency(real, sites.first_procedure(real), max(runs, 5), kind)
        _say("building real with a step action of 20,000 characters, the most a text may hold (cold)")
        long = sites.handbook_project(snap, tmp / "site-long", None)
        sites.long_action(long, sites.first_procedure(long))
        long_builds = [measure.build(long, cold=True) for _ in range(runs)]
        pdf_runs: list[tuple[measure.Run, dict[str, int]]] = []
        if os.environ.get("BENCH_PDF", "1") != "0":
            for n in range(runs):
                _say(f"run {n + 1}/{runs}: make pdf on the real handbook")
                pdf_runs.append(measure.pdf_cli(snap, real, tmp / f"pdf-{n}", tmp / "pdf.log"))
        rows = [_summary(label, procedures, pages, results[label]["ours"], results[label]["plain"],
                         results[label]["warm"], results[label]["zensical"])
                for label, (procedures, _, _, pages) in projects.items()]
        print(f"\nMedians of {runs} run(s); {os.cpu_count()} CPU(s); shares are of the build's CPU time.\n")
        print(_table(rows))
        print()
        print(_rebuild_line(rebuilds))
        print()
        print("\n".join(_goals(rows, check_cli, check_edited, check_in, serve)))
        real_cold = rows[0]["wall"]
        print(f"- a cold build with a step action of 20,000 characters (the most a text may hold): median "
              f"{median([b.run.wall for b in long_builds]):.1f} s wall, {median([b.run.cpu for b in long_builds]):.1f} s "
              f"CPU (jieba {median([b.probe['cpu_parts'].get('jieba', 0.0) for b in long_builds]):.1f} s), against "
              f"{real_cold:.1f} s without it")
        if pdf_runs:
            pages = ", ".join(f"{name} {count} pages" for name, count in pdf_runs[0][1].items())
            print(f"- `make pdf` (real handbook, WeasyPrint): median {median([r.wall for r, _ in pdf_runs]):.1f} s "
                  f"wall, {median([r.cpu for r, _ in pdf_runs]):.1f} s CPU, peak "
                  f"{median([r.peak_mb for r, _ in pdf_runs]):.0f} MB ({pages})")
        if os.environ.get("BENCH_JSON"):
            Path(os.environ["BENCH_JSON"]).write_text(json.dumps({
                "rows": rows,
                "builds": {k: {kind: [asdict(b) for b in v] for kind, v in r.items()} for k, r in results.items()},
                "rebuilds": [asdict(b) for b in rebuilds],
                "check_cli": [asdict(c) for c in check_cli],
                "check_cli_edited": [asdict(c) for c in check_edited],
                "check_in_process": check_in,
                "serve": serve,
                "long_action": [asdict(b) for b in long_builds],
                "pdf": [{**asdict(r), "pages": p} for r, p in pdf_runs],
            }, indent=1, ensure_ascii=False), encoding="utf-8")
    finally:
        if os.environ.get("BENCH_KEEP"):
            _say(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
