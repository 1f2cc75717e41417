"""A procedure's flowchart from the checked manual: the chart every page and the paper take.

The lanes are the roles that own a step, in the organization's order; the time limits and the
titles of the procedures handed off to come from the manual. Laying out a chart is the costliest
part of rendering a procedure, and the same inputs give the same chart, so the charts are kept
by their inputs: a rebuild under ``mkdocs serve`` redraws only those whose inputs changed, and
the site page and the printed book share one drawing.
"""

from __future__ import annotations

import json

from handbook.charts import flowchart
from handbook.charts.flowchart import Chart
from handbook.data.memo import Recent
from handbook.manual.manual import Manual

#: How many charts are kept (the largest synthetic handbook has a thousand procedures).
KEPT = 2_000


def sop_chart(manual: Manual, sop_id: str) -> Chart:
    """The flowchart of procedure ``sop_id``, titled "<title>流程图"."""
    sop = manual.sops[sop_id]
    owners = {s.role for s in sop.steps}
    lanes = [(r, manual.role_title(r)) for r in manual.lane_order() if r in owners]
    limits = {}
    for step in sop.steps:
        limit = manual.step_limit(sop, step.id)
        if limit is not None:
            limits[step.id] = limit.label
    handoffs = {s.handoff: manual.sops[s.handoff].title for s in sop.steps if s.handoff}
    for step in sop.steps:
        if step.decision:
            handoffs.update({b.handoff: manual.sops[b.handoff].title for b in step.decision.branches if b.handoff})
    title = f"{sop.title}流程图"
    key = json.dumps([sop.model_dump(mode="json"), lanes, limits, handoffs, title],
                     ensure_ascii=False, sort_keys=True)
    chart = _CHARTS.get(key)
    if chart is None:
        chart = flowchart.draw(sop, lanes, limits=limits, handoff_titles=handoffs, title=title)
        _CHARTS.put(key, chart)
    return chart


_CHARTS: Recent[str, Chart] = Recent(KEPT)
