"""The estate overlay as pure functions on models: placement, commitments, headcounts, glossary."""

from __future__ import annotations

from datetime import date

from handbook.data.estates import (
    EstateFile, marks, merged_handbook, overlay_commitments, overlay_glossary, summary, without_omitted,
)
from handbook.data.model import Commitments, Glossary, Part, Role, Standard

ESTATE = {
    "name": "示例花园", "code": "SLHY", "city": "某市", "office": "示例花园项目管理处",
    "hotline": "010-1234 5678（24 小时）", "front_desk_hours": "08:00–20:00", "households": 800,
    "service_level": "一级",
}


def _estate(**more) -> EstateFile:
    return EstateFile.model_validate({
        "estate": ESTATE, "company": "示例物业", "prepared_by": ["示例物业"], "document_number": "S-1",
        "revision": "A/0", "effective_date": "2026-12-20", **more,
    })


def _standard(**more) -> Standard:
    return Standard.model_validate({
        "title": "手册", "revision": "C/0", "effective_date": "2026-12-15", "approver": "经理",
        "review_cycle_months": 12,
        "parts": [{"kind": "organization", "title": "架构"},
                  {"kind": "procedures", "title": "程序", "procedures": ["a", "b", "c"]}],
        **more,
    })


def _why(**more) -> dict:
    return {"reason": "理由", "date": "2026-12-01", **more}


def test_estate_values_and_the_standards_structure() -> None:
    hb = merged_handbook(_standard(estates=["slhy"]), _estate())
    assert hb is not None
    assert (hb.estate.name, hb.document_number, hb.revision, hb.approver) == ("示例花园", "S-1", "A/0", "经理")
    assert hb.parts[1].procedures == ["a", "b", "c"]


def test_one_estate_handbook_without_estate_values_is_incomplete() -> None:
    assert merged_handbook(_standard(), None) is None
    hb = merged_handbook(_standard(estate=ESTATE, company="示例物业", prepared_by=["示例物业"],
                                   document_number="S-1"), None)
    assert hb is not None and hb.estate.code == "SLHY" and hb.revision == "C/0"


def test_added_and_omitted_procedures_take_their_places() -> None:
    ef = _estate(procedures={"added": [_why(id="x", after="a"), _why(id="y"), _why(id="z", after="b")],
                             "omitted": [_why(id="b")]})
    hb = merged_handbook(_standard(estates=["slhy"]), ef)
    assert hb.parts[1].procedures == ["a", "x", "c", "y", "z"]  # after an omitted one: at the end


def test_added_procedures_in_groups() -> None:
    std = _standard(parts=[{"kind": "organization", "title": "架构"}, Part(
        kind="procedures", title="程序",
        groups=[{"title": "一", "procedures": ["a", "b"]}, {"title": "二", "procedures": ["c"]}]).model_dump()])
    ef = _estate(procedures={"added": [_why(id="x", after="a"), _why(id="y")], "omitted": [_why(id="c")]})
    groups = merged_handbook(std, ef).parts[1].groups
    assert [(g.title, g.procedures) for g in groups] == [("一", ["a", "x", "b"]), ("二", ["y"])]


def test_stricter_commitment_replaces_the_standards() -> None:
    std = Commitments.model_validate({"commitments": [
        {"id": "reply", "title": "答复", "time_limit": "24h", "promise": "24 小时内答复"},
        {"id": "visit", "title": "回访", "time_limit": "3d", "promise": "3 天内回访"}]})
    ef = _estate(commitments=[_why(id="reply", time_limit="12h", promise="12 小时内答复")])
    merged = {c.id: c for c in overlay_commitments(std, ef).commitments}
    assert (merged["reply"].time_limit, merged["reply"].promise) == ("12h", "12 小时内答复")
    assert merged["visit"] == std.commitments[1]


def test_glossary_additions_and_omitted_links() -> None:
    glossary = Glossary.model_validate({"terms": [{"term": "业主", "meaning": "房屋的所有权人"}]})
    ef = _estate(glossary=[{"term": "平街层", "meaning": "与街道同一标高的楼层"}])
    assert [t.term for t in overlay_glossary(glossary, ef).terms] == ["业主", "平街层"]
    role = Role.model_validate({
        "title": "助理", "summary": "接待", "reports_to": "boss", "qualifications": ["高中"], "hours": "白班",
        "duties": [{"text": "办入伙", "procedures": ["move-in"]}, {"text": "办两样", "procedures": ["move-in", "keys"]}],
    })
    roles, _ = without_omitted({"clerk": role}, {}, {"move-in": "早已交付"})
    first, second = roles["clerk"].duties
    assert (first.procedures, first.no_procedure) == ([], "本项目不采用：早已交付")
    assert second.procedures == ["keys"]


def test_marks_and_summary() -> None:
    ef = _estate(also_known_as=["示例园"], commitments=[_why(id="reply", time_limit="12h")])
    found = {(m.text, m.what) for m in marks(ef)}
    assert found == {("示例花园", "项目名称"), ("示例园", "项目名称"), ("示例花园项目管理处", "管理处名称"),
                     ("010-1234 5678", "服务电话")}
    assert summary("slhy", ef, date(2026, 12, 19)).status == "pending"
    s = summary("slhy", ef, date(2026, 12, 20))
    assert (s.status_label, s.departures) == ("现行", 1)


def test_the_procedure_overlay_is_pure_and_leaves_out_what_names_nothing() -> None:
    from handbook.data.estates import ProcedureDepartures, overlay_sops

    a, b, c, mine, new = (object() for _ in range(5))  # stand-ins: the overlay only places them
    standard = {"a": a, "b": b, "c": c}
    departures = ProcedureDepartures.model_validate({
        "replaced": [_why(id="b"), _why(id="nowhere")],
        "omitted": [_why(id="c"), _why(id="b")],  # b is replaced too: not omitted
        "added": [_why(id="x"), _why(id="a")],  # a is the standard's: not added
    })
    overlay = overlay_sops(standard, {"b": mine, "x": new}, departures)  # type: ignore[arg-type]
    assert overlay.sops == {"a": a, "b": mine, "x": new}
    assert overlay.omitted == {"c": "理由"}
    assert overlay.declared == {"b", "x"} and overlay.own == {"b", "x"}
    assert standard == {"a": a, "b": b, "c": c}  # nothing changed in place
