"""Swimlane flowcharts and the organization chart: golden files, geometry, and property tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowchart_checks import PROCEDURES, check_layout, check_svg, overlap, real_manual, segments
from handbook.charts.flowchart import draw, render_org_chart
from handbook.charts.flowlayout import layout
from handbook.data.model import Organization, Sop
from handbook.charts.orgchart import org_layout
from handbook.charts.sopchart import sop_chart
from handbook.charts.textwidth import text_width, wrap
from handbook.data.timelimit import parse_time_limit

BASE: dict[str, Any] = {
    "title": "测试程序",
    "kind": "procedure",
    "revision": "A/0",
    "effective_date": "2026-12-01",
    "owner": "cs-assistant",
    "last_reviewed": "2026-12-01",
    "purpose": "测试。",
    "scope": "测试。",
    "responsibilities": [{"role": "cs-assistant", "duty": "受理"}],
    "checklist": [{"title": "受理时", "items": ["核对房号"]}],
    "history": [{"revision": "A/0", "date": "2026-12-01", "summary": "首版"}],
}
TITLES = {
    "cs-manager": "客服中心经理",
    "cs-supervisor": "客服主管",
    "cs-assistant": "客服助理",
    "cashier": "收银员",
    "repair-technician": "客户维修技工",
    "customer": "业主/住户",
    "engineering": "工程部",
    "security": "秩序维护部",
    "finance": "财务部",
}


def make_sop(trigger: str, steps: list[dict[str, Any]]) -> Sop:
    return Sop.model_validate({**BASE, "trigger": trigger, "steps": steps})


def lanes_for(sop: Sop, order: list[str] | None = None) -> list[tuple[str, str]]:
    roles = {step.role for step in sop.steps}
    ordered = [r for r in (order or list(TITLES)) if r in roles] + sorted(roles - set(order or TITLES))
    return [(role, TITLES.get(role, role)) for role in ordered]


def limits_for(sop: Sop) -> dict[str, str]:
    return {s.id: parse_time_limit(s.time_limit).label for s in sop.steps if s.time_limit}


def render(sop: Sop, title: str = "测试流程", handoffs: dict[str, str] | None = None) -> str:
    return draw(sop, lanes_for(sop), limits=limits_for(sop), handoff_titles=handoffs or {}, title=title).figure


def check(sop: Sop, handoffs: dict[str, str] | None = None) -> str:
    """Check the layout invariants and the SVG of ``sop``; return the rendered figure."""
    chart = layout(sop, lanes_for(sop), limits=limits_for(sop), handoff_titles=handoffs or {})
    check_layout(sop, chart)
    html = render(sop, handoffs=handoffs)
    svg = check_svg(html)
    steps = [g.get("data-step") for g in svg.iter("{http://www.w3.org/2000/svg}g") if g.get("data-step")]
    assert steps == [step.id for step in sop.steps], "every step drawn exactly once"
    again = Sop.model_validate(sop.model_dump(mode="json"))
    assert render(again, handoffs=handoffs) == html, "deterministic"
    return html


# --------------------------------------------------------------------------- representative shapes

LINEAR = make_sop(
    "业主来电或到前台咨询",
    [
        {"id": "receive", "role": "cs-assistant", "action": "礼貌接待，问清咨询事项并登记", "time_limit": "immediate"},
        {"id": "answer", "role": "cs-assistant", "action": "当场答复；不能当场答复的，约定答复时间"},
        {"id": "follow", "role": "cs-supervisor", "action": "核查登记表，跟踪未办结事项", "time_limit": "1d", "end": True},
    ],
)
DECISION = make_sop(
    "客户报修户内设施故障",
    [
        {"id": "receive", "role": "cs-assistant", "action": "受理报修，填写《维修派工单》", "time_limit": "immediate"},
        {
            "id": "paid",
            "role": "cs-assistant",
            "action": "判断",
            "decision": {
                "question": "是否属于有偿服务？",
                "branches": [{"label": "是", "next": "repair"}, {"label": "否", "end": True}],
            },
        },
        {"id": "repair", "role": "repair-technician", "action": "30 分钟内上门维修，完工后请客户签字", "time_limit": "30min", "end": True},
    ],
)
LOOP = make_sop(
    "客户对维修结果提出异议",
    [
        {"id": "repair", "role": "repair-technician", "action": "按约定时间上门维修", "time_limit": "2h"},
        {
            "id": "accept",
            "role": "customer",
            "action": "验收",
            "decision": {
                "question": "验收是否合格？",
                "branches": [{"label": "不合格，返工", "next": "repair"}, {"label": "合格", "next": "visit"}],
            },
        },
        {"id": "visit", "role": "cs-assistant", "action": "电话回访，记录客户意见", "time_limit": "3wd", "end": True},
    ],
)
FIVE_LANES = make_sop(
    "监控中心发现或接到公共区域突发事件报告",
    [
        {"id": "report", "role": "security", "action": "到场核实，报告客服中心", "time_limit": "immediate"},
        {"id": "notify", "role": "cs-assistant", "action": "通知相关部门和受影响的业主"},
        {"id": "repair", "role": "engineering", "action": "抢修公共设施，恢复运行", "time_limit": "2h"},
        {
            "id": "loss",
            "role": "cs-supervisor",
            "action": "判断",
            "decision": {
                "question": "是否造成业主财产损失？",
                "branches": [{"label": "是", "next": "claim"}, {"label": "否", "next": "close"}],
            },
        },
        {"id": "claim", "role": "finance", "action": "核定损失，办理赔付或保险理赔", "time_limit": "5wd"},
        {"id": "inform", "role": "customer", "action": "确认处理结果并签字"},
        {"id": "close", "role": "cs-supervisor", "action": "编写事件报告，归档", "end": True},
    ],
)
HANDOFF = make_sop(
    "客户来电投诉服务质量",
    [
        {"id": "receive", "role": "cs-assistant", "action": "耐心倾听，记录投诉内容", "time_limit": "immediate"},
        {
            "id": "kind",
            "role": "cs-assistant",
            "action": "判断",
            "decision": {
                "question": "投诉属于哪一类？",
                "branches": [
                    {"label": "户内维修", "handoff": "home-repair"},
                    {"label": "公共设施", "handoff": "public-repair"},
                    {"label": "服务态度", "next": "handle"},
                ],
            },
        },
        {"id": "handle", "role": "cs-supervisor", "action": "调查核实，向客户道歉并说明整改措施", "time_limit": "1d", "end": True},
    ],
)
HANDOFF_TITLES = {"home-repair": "户内维修程序", "public-repair": "公共部位报修处理程序"}

SHAPES = {
    "linear": (LINEAR, {}),
    "decision": (DECISION, {}),
    "loop": (LOOP, {}),
    "five-lanes": (FIVE_LANES, {}),
    "handoff": (HANDOFF, HANDOFF_TITLES),
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_golden_shapes(name: str, golden) -> None:
    sop, handoffs = SHAPES[name]
    html = check(sop, handoffs)
    golden(f"flowchart/{name}.svg", html + "\n")


def test_five_lanes_has_five_lanes() -> None:
    chart = layout(FIVE_LANES, lanes_for(FIVE_LANES), limits={}, handoff_titles={})
    assert len(chart.lanes) >= 5


def test_loop_goes_round_the_right() -> None:
    chart = layout(LOOP, lanes_for(LOOP), limits={}, handoff_titles={})
    (back,) = [c for c in chart.connectors if c.back]
    assert max(x for x, _ in back.points) > chart.lanes_x[1]
    assert back.points[-1] == (chart.boxes[1].cx, chart.boxes[1].y), "enters the repeated step from the top"


PATROL = make_sop(  # renovation's patrol: three ways back to one step, and one forward past two
    "装修施工开始",
    [
        {"id": "patrol", "role": "engineering", "action": "巡查",
         "decision": {"question": "巡查发现违规了吗？", "branches": [
             {"label": "有违规", "next": "notice"}, {"label": "无违规未完工", "next": "plan"},
             {"label": "无违规已完工", "next": "accept"}]}},
        {"id": "notice", "role": "engineering", "action": "制止违规并开整改通知单"},
        {"id": "recheck", "role": "engineering", "action": "复查",
         "decision": {"question": "已按要求整改了吗？", "branches": [
             {"label": "已整改", "next": "patrol"}, {"label": "拒不整改", "next": "report"}]}},
        {"id": "report", "role": "cs-manager", "action": "报告管理处经理和主管部门", "next": "patrol"},
        {"id": "plan", "role": "engineering", "action": "排定下次巡查", "next": "patrol"},
        {"id": "accept", "role": "engineering", "action": "完工后联合验收", "end": True},
    ],
)


def test_lines_into_one_step_are_joined() -> None:
    """Three loops back to one step run up one line, not three side by side (renovation's steps
    8–12 had four parallel lines, three of them loops into step 8)."""
    chart = layout(PATROL, lanes_for(PATROL), limits={}, handoff_titles={})
    check_layout(PATROL, chart)
    loops = [c for c in chart.connectors if c.back]
    assert len(loops) == 3 and {c.target for c in loops} == {"patrol"}
    right = chart.lanes_x[1]
    assert len({a[0] for c in loops for a, b in zip(c.points, c.points[1:]) if a[0] == b[0] and a[0] > right}) == 1


def test_a_chart_reads_from_the_left() -> None:
    """A procedure that starts at the front desk and goes up to the supervisor (complaint-handling)
    is drawn with the front desk's lane first: the organization's order, mirrored."""
    lanes = lanes_for(LINEAR)
    assert [role for role, _ in lanes] == ["cs-supervisor", "cs-assistant"]  # the organization's order
    chart = layout(LINEAR, lanes, limits={}, handoff_titles={})
    assert [lane.role for lane in chart.lanes] == ["cs-assistant", "cs-supervisor"]
    assert chart.boxes[0].lane == 0 and chart.boxes[-1].lane == 1
    assert "由客服助理、客服主管分工完成" in render(LINEAR)  # the description names them as drawn
    # a procedure that starts on the left keeps the organization's order
    assert [lane.role for lane in layout(DECISION, lanes_for(DECISION), limits={}, handoff_titles={}).lanes] == [
        role for role, _ in lanes_for(DECISION)]


def test_time_limit_and_handoff_titles_are_shown() -> None:
    chart = layout(HANDOFF, lanes_for(HANDOFF), limits=limits_for(HANDOFF), handoff_titles=HANDOFF_TITLES)
    texts = {box.id: "".join(box.lines) for box in chart.boxes}
    assert texts["@handoff:home-repair#kind"] == "转入《户内维修程序》"
    assert texts["@handoff:public-repair#kind"] == "转入《公共部位报修处理程序》"
    assert texts["kind"] == "投诉属于哪一类？" and texts["@start"] == "客户来电投诉服务质量"
    assert {box.id: box.limit for box in chart.boxes if box.limit} == {"receive": "立即", "handle": "1 天内"}
    html = render(HANDOFF, handoffs=HANDOFF_TITLES)
    assert ">1 天内</text>" in html and ">户内维修</text>" in html


def test_missing_lane_or_target_is_an_error() -> None:
    with pytest.raises(ValueError, match="no lane"):
        layout(LINEAR, [("cs-assistant", "客服助理")], limits={}, handoff_titles={})
    broken = make_sop("x", [{"id": "a", "role": "cs-assistant", "action": "做", "next": "nowhere"}])
    with pytest.raises(ValueError, match="does not exist"):
        layout(broken, lanes_for(broken), limits={}, handoff_titles={})


def test_wrap_keeps_chinese_rules() -> None:
    lines = wrap("受理需求，填写《特约服务工作单》，告知收费标准", 120, 12)
    assert "《特约服务工作单》，" in lines
    assert not any(line[0] in "，。、》）" or line[-1] in "《（" for line in lines)
    assert wrap("拨打 023-6000 0000 报修", 300, 12) == ["拨打 023-6000 0000 报修"]
    assert all(text_width(line, 12) <= 40 for line in wrap("很长很长很长很长的一句话", 40, 12))
    assert wrap("1. 礼貌接待，问清咨询事项并登记", 152, 12) == ["1. 礼貌接待，", "问清咨询事项并登记"]
    assert wrap("这项委托属于哪一类？", 48, 12) == ["这项委托", "属于哪", "一类？"], "balanced, fewest lines"
    assert wrap("  ", 48, 12) == []


# --------------------------------------------------------------------------- organization chart

ORG = Organization.model_validate(
    {
        "center": "客户服务中心",
        "reports_to": "office-manager",
        "overview": "说明",
        "staffing_rule": "规则",
        "duties": ["受理"],
        "units": [
            {"id": "management", "name": "中心管理", "positions": [{"role": "cs-manager", "headcount": 1}, {"role": "cs-supervisor", "headcount": 1}]},
            {"id": "front-desk", "name": "前台服务组", "positions": [{"role": "cs-assistant", "headcount": 6}, {"role": "cashier", "headcount": 2}]},
            {"id": "repair", "name": "户内维修组", "positions": [{"role": "repair-technician", "headcount": 3}]},
        ],
        "partners": [{"id": "office-manager", "title": "管理处经理"}],
    }
)


def test_org_chart_golden(golden) -> None:
    html = render_org_chart(ORG, TITLES)
    check_svg(html)
    assert "管理处经理" in html and "编制 13 人" in html and "6 人" in html
    assert render_org_chart(ORG, dict(reversed(list(TITLES.items())))) == html
    golden("flowchart/orgchart.svg", html + "\n")


def test_org_chart_headcount_override_and_geometry() -> None:
    html = render_org_chart(ORG, TITLES, {"cs-assistant": 7})
    assert "编制 14 人" in html and "7 人" in html
    chart = org_layout(ORG, TITLES, {})
    for i, a in enumerate(chart.boxes):
        assert all(text_width(line, 12) <= a.w - 16 + 0.01 for line in a.lines)
        for b in chart.boxes[i + 1 :]:
            assert not (a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h)


# --------------------------------------------------------------------------- property tests

WORDS = ["受理", "登记", "派工", "回访", "《特约服务工作单》", "App", "30min", "业主", "确认", "，", "。", "并", "签字",
         "检查", "023-6000 0000", "维修", "（必要时）", "通知工程部", "ABC", "归档", "  ", "A&B <x>", "😀",
         "a_very_long_identifier_without_any_spaces", "Ünïcödé", "——", "…"]
LABELS = ["是", "否", "合格", "不合格，返工", "属有偿服务，需报价后再派工", "同意", "OK", " ", "x<y & z"]
LIMITS = ["immediate", "same-day", "30min", "2h", "1d", "3wd", "12wd"]
ROLES = list(TITLES)


@st.composite
def flows(draw: st.DrawFn) -> Sop:
    count = draw(st.integers(1, 10))
    ids = [f"s{i}" for i in range(count)]
    roles = draw(st.lists(st.sampled_from(ROLES), min_size=1, max_size=7, unique=True))
    text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map("".join)

    def target() -> dict[str, Any]:
        kind = draw(st.sampled_from(["next", "next", "end", "handoff"]))
        if kind == "next":
            return {"next": draw(st.sampled_from(ids))}
        if kind == "end":
            return {"end": True}
        return {"handoff": draw(st.sampled_from(["home-repair", "public-repair"]))}

    steps = []
    for step_id in ids:
        step: dict[str, Any] = {"id": step_id, "role": draw(st.sampled_from(roles)), "action": draw(text)}
        if draw(st.booleans()):
            step["time_limit"] = draw(st.sampled_from(LIMITS))
        if draw(st.integers(0, 2)) == 0:
            branches = draw(st.integers(2, 5))
            step["decision"] = {
                "question": draw(text) + "？",
                "branches": [{"label": draw(st.sampled_from(LABELS)), **target()} for _ in range(branches)],
            }
        elif draw(st.booleans()):
            step.update(target())
        steps.append(step)
    return make_sop(draw(text), steps)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(flows())
def test_random_flows(sop: Sop) -> None:
    check(sop, HANDOFF_TITLES)


@pytest.mark.parametrize("sop_id", PROCEDURES)
def test_every_procedure(sop_id: str) -> None:
    check(real_manual().sops[sop_id], {p: p for p in PROCEDURES})


@pytest.mark.parametrize("sop_id", ["common-area-use", "maintenance-fund-use"])
def test_branch_labels_of_narrowed_charts_cover_no_line(sop_id: str) -> None:
    """In charts narrowed to fit the page, a branch label with no room beside its exit at its
    width is wrapped narrower (common-area-use: 投递员要求前台代收快递 between two lines): no label
    covers another connector's line or another label."""
    chart = sop_chart(real_manual(), sop_id).layout
    labelled = [c for c in chart.connectors if c.label]
    for c in labelled:
        rect = (c.label.x, c.label.y, c.label.w, c.label.h)
        for d in chart.connectors:
            for (ax, ay), (bx, by) in segments(d.points) if d is not c else []:
                run = (min(ax, bx) - 0.5, min(ay, by) - 0.5, abs(bx - ax) + 1, abs(by - ay) + 1)
                assert not overlap(rect, run), (c.source, c.target, d.source, d.target)
        for d in labelled:
            assert d is c or not overlap(rect, (d.label.x, d.label.y, d.label.w, d.label.h)), (c.target, d.target)


def test_real_organization_chart() -> None:
    org = real_manual().organization
    html = render_org_chart(org, TITLES)
    check_svg(html)
    chart = org_layout(org, TITLES)
    assert chart.total == sum(p.headcount for u in org.units for p in u.positions)
    assert len(chart.boxes) == 2 + len(org.units) + sum(len(u.positions) for u in org.units)
    for box in chart.boxes:
        assert 0 <= box.x and box.x + box.w <= chart.width and 0 <= box.y and box.y + box.h <= chart.height
        assert all(text_width(line, 12 * 1.06) <= box.w - 16 + 0.01 for line in box.lines[: box.name_lines])


def test_a_chart_is_drawn_again_only_when_its_procedure_changed(tmp_path: Path) -> None:
    from dataclasses import replace

    from handbook.checks.check import check
    from handbook.charts.sopchart import sop_chart

    from helpers import TODAY, copy_mini

    manual, _ = check(copy_mini(tmp_path), today=TODAY)
    assert manual is not None
    first = sop_chart(manual, "repair")
    assert sop_chart(manual, "repair") is first  # the same inputs: the chart drawn before
    sop = manual.sops["repair"]
    steps = [s.model_copy(update={"action": "到场维修并拍照"}) if s.action == "到场维修" else s for s in sop.steps]
    edited = replace(manual, sops={**manual.sops, "repair": sop.model_copy(update={"steps": steps})})
    redrawn = sop_chart(edited, "repair")
    assert "到场维修并拍照" in redrawn.svg and "到场维修并拍照" not in first.svg
    assert any("到场维修并拍照" in "".join(box.lines) for box in redrawn.layout.boxes)
