"""The register as the handbook relies on it: law → article → the procedures, steps and key
points that rely on it, by basis, by placeholder or by a citation in free text."""

from __future__ import annotations

from pathlib import Path

from handbook.checks.check import check
from handbook.data.placeholders import expand
from handbook.manual.laws import ArticleUse, Reliance, law_index, procedure_basis

from helpers import TODAY, copy_mini, edit


def manual_with_citations(root: Path):  # type: ignore[no-untyped-def]
    data = copy_mini(root)
    edit(data, "sops/repair.yaml", "    action: 受理报修\n", "    action: 受理报修\n    basis: [civil-code:944]\n")
    edit(data, "sops/repair.yaml", "self_check:", "key_points:\n  - 不与客户争辩。\n  - text: 制止违规装修并报告。\n"
                                              "    basis: [property-regulation:46]\nself_check:")
    edit(data, "sops/repair.yaml", "purpose: 及时修好。", "purpose: 及时修好（《物业管理条例》）。")
    edit(data, "sops/complaint.yaml", "purpose: 处理投诉。", "purpose: 处理投诉，不以停水停电催费（{{law.civil-code:944}}）。")
    manual, problems = check(data, today=TODAY)
    assert problems == [] and manual is not None
    return manual


def test_every_law_of_the_register_with_what_relies_on_it(tmp_path: Path) -> None:
    index = {use.law.id: use for use in law_index(manual_with_citations(tmp_path))}
    assert list(index) == ["civil-code", "property-regulation", "property-regulation-2003"]
    civil = index["civil-code"]
    assert civil.uses == (ArticleUse("944", civil.law.article("944"), (
        Reliance("repair", "第 1 步", step_id="receive", via="basis"),
        Reliance("complaint", "目的", via="placeholder"),
    )),)
    assert civil.uses[0].label == "第九百四十四条"
    assert civil.sop_ids == ["repair", "complaint"]
    regulation = index["property-regulation"]
    assert [(u.no, [(r.sop_id, r.place, r.via) for r in u.reliances]) for u in regulation.uses] == [
        (None, [("repair", "目的", "text")]),  # cited by name: the law as a whole comes first
        ("46", [("repair", "注意事项第 2 条", "basis")]),
    ]
    assert regulation.uses[1].reliances[0].key_point == 1
    assert index["property-regulation-2003"].uses == ()  # in the register, relied on by nothing


def test_a_procedures_own_basis(tmp_path: Path) -> None:
    basis = procedure_basis(manual_with_citations(tmp_path), "complaint")
    assert [(use.law.id, [u.no for u in use.uses]) for use in basis] == [("civil-code", ["944"])]


def test_a_law_placeholder_renders_through_the_lookup(tmp_path: Path) -> None:
    manual = manual_with_citations(tmp_path)
    assert manual.lookup("law", "civil-code:944") == "《民法典》第九百四十四条"
    assert manual.lookup("law", "civil-code") == "《民法典》"
    assert manual.lookup("law", "civil-code:946") is None
    text = manual.sops["complaint"].purpose
    assert expand(text, manual.lookup) == "处理投诉，不以停水停电催费（《民法典》第九百四十四条）。"
