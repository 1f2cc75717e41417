"""A procedure's flowchart, drawn once per set of inputs (the costliest part of rendering)."""

from __future__ import annotations

import json
from collections import OrderedDict

from handbook.charts import flowchart as _flowchart
from handbook.manual.manual import Manual


def sop_flowchart(manual: Manual, sop_id: str) -> str:
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
    # The same inputs give the same SVG, so a rebuild under ``mkdocs serve`` redraws only the
    # charts whose inputs changed.
    key = json.dumps([sop.model_dump(mode="json"), lanes, limits, handoffs, title],
                     ensure_ascii=False, sort_keys=True)
    svg = _CHARTS.get(key)
    if svg is None:
        svg = _flowchart.render_flowchart(sop, lanes, limits=limits, handoff_titles=handoffs, title=title)
        _CHARTS[key] = svg
        if len(_CHARTS) > 2_000:
            _CHARTS.popitem(last=False)
    else:
        _CHARTS.move_to_end(key)
    return svg


_CHARTS: OrderedDict[str, str] = OrderedDict()
