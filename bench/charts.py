"""What a flowchart costs as it grows: ``python bench/charts.py [SIZES] [--before HOOKS]``.

A synthetic procedure of N steps (a chain over four roles, a decision every tenth step whose
second branch loops back five steps or skips ahead three, a time limit every seventh step) is
drawn the way a procedure page and the printed book draw it:

- ``draw``: the layout and the chart's SVG;
- ``page``: the chart for the site page with its print tiles (``printing.printable_chart``);
- ``paper``: the book's tiles (``flowtiles``, as ``paper/document.chart_pages`` makes them).

For each size it reports the seconds of each part, the bytes of the chart's SVG, of the page
part (figure and print tiles) and of the book's tiles, and the peak memory Python allocated for
the three (``tracemalloc``, measured in a second pass so that tracing does not slow the timed
one). Each size runs in a process of its own. ``--before DIR`` measures another version of the
engine in the same run (``DIR`` is its ``hooks`` folder, e.g. from ``git archive <commit> hooks``)
at the sizes given by ``--before-sizes`` (default: those that stay under a few GB before the
tiles stopped copying the drawing). Reported, not a test: numbers vary from run to run.

    python bench/charts.py 100,1000,10000 --before /tmp/charts-before/hooks --before-sizes 100,1000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ROLES = [("cs-assistant", "客服助理（前台接待及热线）"), ("cs-supervisor", "客服主管"),
         ("cs-manager", "客服中心经理"), ("engineering", "工程部")]
ACTIONS = ["受理并登记", "核对房号与身份，填写《维修派工单》", "通知工程部派人到场处理", "电话回访客户，记录意见",
           "整理资料并归档", "审核处理结果并签字确认"]
LIMITS = ["immediate", "30min", "2h", "1d", "3wd"]


def synthetic(count: int) -> dict[str, Any]:
    """The data of a procedure of ``count`` steps (see the module's docstring)."""
    steps: list[dict[str, Any]] = []
    for i in range(count):
        step: dict[str, Any] = {"id": f"s{i}", "role": ROLES[(i // 3) % len(ROLES)][0],
                                "action": f"{ACTIONS[i % len(ACTIONS)]}（第 {i + 1} 项）"}
        if i % 7 == 3:
            step["time_limit"] = LIMITS[i % len(LIMITS)]
        if i % 10 == 9 and i + 1 < count:
            back = (i // 10) % 2 == 0 and i >= 5
            other = f"s{i - 5}" if back else f"s{min(i + 3, count - 1)}"
            step["decision"] = {"question": "检查结果是否合格？",
                                "branches": [{"label": "合格", "next": f"s{i + 1}"},
                                             {"label": "不合格，返工" if back else "免检", "next": other}]}
        if i == count - 1:
            step["end"] = True
        steps.append(step)
    return {"title": "合成流程", "kind": "procedure", "revision": "A/0", "effective_date": "2026-12-01",
            "owner": "cs-assistant", "last_reviewed": "2026-12-01", "purpose": "测试。", "scope": "测试。",
            "trigger": "客户来电或到前台提出申请",
            "responsibilities": [{"role": "cs-assistant", "duty": "受理"}],
            "checklist": [{"title": "受理时", "items": ["核对房号"]}],
            "history": [{"revision": "A/0", "date": "2026-12-01", "summary": "首版"}], "steps": steps}


def _measure(count: int) -> dict[str, Any]:
    """Draw a chart of ``count`` steps in this process: times, sizes (bytes), peak memory."""
    from handbook.charts import flowchart, flowtiles
    from handbook.data.model import Sop
    from handbook.data.timelimit import parse_time_limit
    from handbook.render import printing

    sop = Sop.model_validate(synthetic(count))
    limits = {s.id: parse_time_limit(s.time_limit).label for s in sop.steps if s.time_limit}
    title = "合成流程流程图"
    new_api = hasattr(flowtiles, "on_paper")

    def run() -> tuple[dict[str, float], dict[str, int]]:
        times: dict[str, float] = {}
        start = time.perf_counter()
        if new_api:
            chart: Any = flowchart.draw(sop, ROLES, limits=limits, handoff_titles={}, title=title)
            svg = chart.svg
        else:  # the engine before charts returned a Chart: a figure string
            chart = flowchart.render_flowchart(sop, ROLES, limits=limits, handoff_titles={}, title=title)
            svg = chart[chart.index("<svg"): chart.rindex("</svg>") + 6]
        times["draw"] = time.perf_counter() - start
        start = time.perf_counter()
        page = str(printing.printable_chart(chart) if new_api else printing.printable_chart(chart, title))
        times["page"] = time.perf_counter() - start
        start = time.perf_counter()
        if new_api:
            tiles = flowtiles.on_paper(chart).tiles
        else:
            _, scale, units = flowtiles.paper_layout(svg)
            tiles = flowtiles.tiles(svg, units, scale=scale)
        times["paper"] = time.perf_counter() - start
        sizes = {"svg": len(svg.encode()), "page": len(page.encode()),
                 "paper": sum(len(t.svg.encode()) for t in tiles), "tiles": len(tiles)}
        return times, sizes

    times, sizes = run()
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"steps": count, "times": times, "sizes": sizes, "peak_mb": peak / 1e6}


def _child(count: int, hooks: Path) -> dict[str, Any] | str:
    env = {**os.environ, "PYTHONPATH": str(hooks)}
    done = subprocess.run([sys.executable, __file__, "--one", str(count)], env=env, capture_output=True, text=True)
    if done.returncode:
        return (done.stderr.strip().splitlines() or ["failed"])[-1]
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _row(label: str, result: dict[str, Any] | str) -> str:
    if isinstance(result, str):
        return f"{label:<8} failed: {result}"
    t, s = result["times"], result["sizes"]
    return (f"{label:<8} {result['steps']:>6} {t['draw']:>7.2f} {t['page']:>7.2f} {t['paper']:>7.2f} "
            f"{s['svg'] / 1e6:>8.2f} {s['page'] / 1e6:>9.2f} {s['paper'] / 1e6:>9.2f} {s['tiles']:>6} "
            f"{result['peak_mb']:>8.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="?", default="100,1000,10000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--before", type=Path, help="the hooks folder of another version of the engine")
    parser.add_argument("--before-sizes", default="100,1000")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_measure(args.one)))
        return
    print(f"{'':<8} {'steps':>6} {'draw s':>7} {'page s':>7} {'paper s':>7} {'svg MB':>8} {'page MB':>9} "
          f"{'paper MB':>9} {'tiles':>6} {'peak MB':>8}")
    runs = [("before", args.before, args.before_sizes)] if args.before else []
    runs.append(("now", ROOT / "hooks", args.sizes))
    for label, hooks, sizes in runs:
        for count in (int(n) for n in sizes.split(",")):
            print(_row(label, _child(count, hooks)), flush=True)


if __name__ == "__main__":
    main()
