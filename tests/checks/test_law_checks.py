"""The register of laws (laws.yaml) and every citation of it: located errors with hints.

The small handbook carries a register (tests/fixtures/mini/laws.yaml): 民法典 (article 944
verified, 945-2 not), 物业管理条例 (article 46 verified) and its 2003 text, amended and replaced.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handbook.checks.check import check
from handbook.data.problems import Problem

from helpers import TODAY, brief, copy_mini, edit, run

R = "sops/repair.yaml"
PURPOSE = "purpose: 及时修好。"


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


CASES = [
    pytest.param("依据《民法》及时修好。", ["sops/repair.yaml:7:12: 法规清单中没有《民法》"], ["law.unknown-title"],
                 id="title-not-in-register"),
    pytest.param("依照《民法典》第九百四十六条修好。", ["sops/repair.yaml:7:12: 法规清单中《民法典》没有登记第九百四十六条"],
                 ["law.unknown-article"], id="article-not-listed"),
    pytest.param("依照《民法典》第九百四十四条、第九百四十六条至第九百四十八条修好。",
                 ["sops/repair.yaml:7:12: 法规清单中《民法典》没有登记第九百四十六条、第九百四十七条、第九百四十八条"],
                 ["law.unknown-article"], id="list-and-range"),
    pytest.param("按《民法典》第九百四十五条第二款告知。",
                 ["sops/repair.yaml:7:11: 《民法典》第九百四十五条第二款 尚未核对原文，不能按条号引用"],
                 ["law.unverified-article"], id="unverified-article"),
    pytest.param("按《中华人民共和国民法典》第945条第2款告知。",
                 ["sops/repair.yaml:7:11: 《民法典》第九百四十五条第二款 尚未核对原文，不能按条号引用"],
                 ["law.unverified-article"], id="full-title-arabic-numerals"),
    pytest.param("按《民法典》第九百四十四条收费；见《维修工作单》和《投诉处理程序》。", [], [],
                 id="verified-article-and-own-documents"),
    pytest.param("依照《物业管理条例（2003 年）》第四十六条制止。",
                 ["sops/repair.yaml:7:12: 《物业管理条例（2003 年）》已修订，由《物业管理条例》取代，这里仍在引用它",
                  "sops/repair.yaml:7:12: 法规清单中《物业管理条例（2003 年）》没有登记第四十六条"],
                 ["law.superseded", "law.unknown-article"], id="superseded"),
    pytest.param("依照{{law.civil}}办理。", ["sops/repair.yaml:7:12: 法规清单中没有 id 'civil'"], ["law.unknown"],
                 id="placeholder-unknown-law"),
    pytest.param("依照{{law.civil-code:1}}办理。", ["sops/repair.yaml:7:12: 法规清单中《民法典》没有登记第一条"],
                 ["law.unknown-article"], id="placeholder-unknown-article"),
    pytest.param("依照{{law.civil-code:945-2}}办理。",
                 ["sops/repair.yaml:7:12: 《民法典》第九百四十五条第二款 尚未核对原文，不能按条号引用"],
                 ["law.unverified-article"], id="placeholder-unverified-article"),
    pytest.param("依照{{law.civil-code:944}}和{{law.property-regulation}}办理。", [], [], id="placeholders"),
]


@pytest.mark.parametrize("purpose, expected, expected_codes", CASES)
def test_citations_in_text(tmp_path: Path, purpose: str, expected: list[str], expected_codes: list[str]) -> None:
    data = copy_mini(tmp_path)
    edit(data, R, PURPOSE, f"purpose: {purpose}")
    problems = run(data)
    assert brief(problems) == expected
    assert codes(problems) == expected_codes


def test_a_hint_names_the_title_meant(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, R, PURPOSE, "purpose: 依据《民法》及时修好。")
    (problem,) = run(data)
    assert problem.hint == "是否想写《民法典》？"


def test_without_a_register_titles_are_not_judged(tmp_path: Path) -> None:
    """Until a laws.yaml exists the 《》 rule has nothing to judge by; basis and placeholders still must name one."""
    data = copy_mini(tmp_path)
    (data / "laws.yaml").unlink()
    edit(data, R, PURPOSE, "purpose: 依据《民法》及时修好。")
    assert run(data) == []
    edit(data, R, "依据《民法》及时修好。", "依据{{law.civil-code}}及时修好。")
    assert brief(run(data)) == ["sops/repair.yaml:7:12: 法规清单中没有 id 'civil-code'"]


def test_a_citation_in_a_folded_text_is_located_at_its_line(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, R, "    details: 问清房号，电话 {{estate.hotline}}。\n",
         "    details: >-\n      问清房号，电话 {{estate.hotline}}。\n      不得以停水停电催费（《民法》）。\n")
    assert brief(run(data)) == ["sops/repair.yaml:21:17: 法规清单中没有《民法》"]


def test_basis_of_steps_and_key_points(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, R, "    action: 受理报修\n", "    action: 受理报修\n    basis: [fire-law, civil-code:946, civil-code:944]\n")
    edit(data, R, "self_check:", "key_points:\n  - 不与客户争辩。\n  - text: 告知转租须知会物业。\n"
                                 "    basis: [civil-code:945-2, property-regulation-2003]\nself_check:")
    problems = run(data)
    assert brief(problems) == [
        "sops/repair.yaml:19:13: 法规清单中没有 id 'fire-law'",
        "sops/repair.yaml:19:23: 法规清单中《民法典》没有登记第九百四十六条",
        "sops/repair.yaml:49:13: 《民法典》第九百四十五条第二款 尚未核对原文，不能按条号引用",
        "sops/repair.yaml:49:31: 《物业管理条例（2003 年）》已修订，由《物业管理条例》取代，这里仍在引用它",
    ]
    assert problems[0].hint == "可用的 id：civil-code、property-regulation、property-regulation-2003"



@pytest.mark.parametrize("old, new, expected, expected_codes", [
    ("  - id: property-regulation\n", "  - id: civil-code\n",
     ["laws.yaml:18:9: 法规 id 'civil-code' 重复（laws.yaml 中已有）",
      "laws.yaml:36:20: 法规清单中没有 id 'property-regulation'"], ["law.duplicate-id", "law.unknown"]),
    ("    title: 物业管理条例\n", "    title: 民法典\n",
     ["laws.yaml:19:12: 《民法典》已是条目 'civil-code' 的写法"], ["law.duplicate-title"]),
    ("    superseded_by: property-regulation\n", "    superseded_by: property-regulaton\n",
     ["laws.yaml:36:20: 法规清单中没有 id 'property-regulaton'"], ["law.unknown"]),
    ('      - no: "46"\n', '      - no: 46\n', ["laws.yaml:27:13: 应为文字，这里是数字 46"], ["field.type"]),
    ("    status: amended\n", "    status: current\n", ["laws.yaml:35:13: 'current' 不是允许的取值"], ["field.choice"]),
    ("    status: amended\n", "    status: in-force\n",
     ["laws.yaml:30:5: 现行（in-force）的条目不写 superseded_by：只有已修订或已废止的条目才有取代它的条目"],
     ["field.invalid"]),
    ('        says: 业主转让、出租专有部分的，应当及时告知物业服务人。\n',
     '        says: 业主转让、出租专有部分的，应当及时告知物业服务人。\n      - no: "944"\n        says: 重复\n',
     ["laws.yaml:18:13: 条号 944 重复"], ["list.duplicate"]),
])
def test_register_entries(tmp_path: Path, old: str, new: str, expected: list[str], expected_codes: list[str]) -> None:
    data = copy_mini(tmp_path)
    edit(data, "laws.yaml", old, new)
    problems = run(data)
    assert brief(problems) == expected
    assert codes(problems) == expected_codes


def test_an_entry_not_reviewed_in_twelve_months_is_a_warning(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "laws.yaml", '    reviewed: "2026-01-01"\n    articles:\n      - no: "46"',
         '    reviewed: "2025-05-31"\n    articles:\n      - no: "46"')
    manual, problems = check(data, today=TODAY)
    assert brief(problems) == ["laws.yaml:25:15: 《物业管理条例》已超过 12 个月没有复核（最近 2025-05-31，应于 2026-05-31 前复核）"]
    assert [(p.severity, p.code) for p in problems] == [("warning", "law.review-due")]
    assert manual is not None
    assert check(data, today=date(2026, 5, 31))[1] == []  # due that day: not yet overdue


# --------------------------------------------------------------------------- an estate's own register


def mini_company(root: Path) -> Path:
    """The small handbook as a company standard with two estates, ``north`` and ``south``."""
    data = copy_mini(root)
    edit(data, "handbook.yaml", "review_cycle_months: 12\n", "review_cycle_months: 12\nestates: [north, south]\n")
    for estate_id, name, code in (("north", "北苑", "BY"), ("south", "南苑", "NY")):
        folder = data / "estates" / estate_id
        folder.mkdir(parents=True)
        (folder / "estate.yaml").write_text(
            f"estate:\n  name: {name}\n  code: {code}\n  city: 测试市\n  office: {name}管理处\n"
            f"  hotline: 000-{code}\n  front_desk_hours: 08:00–20:00\n  households: 300\n  service_level: 一级\n"
            f"company: 测试物业\nprepared_by: [测试物业]\ndocument_number: {code}-001\n", encoding="utf-8")
    return data


LOCAL = """laws:
  - id: local-dog-rule
    title: 某市养犬管理条例
    kind: local-regulation
    issuer: 某市人民代表大会常务委员会
    status: in-force
    reviewed: "2026-01-01"
    articles:
      - no: "12"
        says: 携犬出户应当束犬链。
        verified: {source: 测试用的来源, date: "2026-01-01"}
"""


def test_an_estates_own_laws_join_its_register_only(tmp_path: Path) -> None:
    data = mini_company(tmp_path)
    assert run(data) == [] and check(data, TODAY, "south")[1] == []
    (data / "estates" / "north" / "laws.yaml").write_text(LOCAL, encoding="utf-8")
    edit(data, R, "    action: 受理报修\n", "    action: 受理报修\n    basis: [local-dog-rule:12]\n")
    edit(data, R, PURPOSE, "purpose: 遛狗须束犬链（《某市养犬管理条例》第十二条）。")
    north, problems = check(data, TODAY, "north")
    assert problems == [] and north is not None
    assert north.lookup("law", "local-dog-rule:12") == "《某市养犬管理条例》第十二条"
    _, problems = check(data, TODAY, "south")  # the standard's text, in the other estate's handbook
    assert brief(problems) == [
        "sops/repair.yaml:7:17: 法规清单中没有《某市养犬管理条例》",
        "sops/repair.yaml:19:13: 法规清单中没有 id 'local-dog-rule'",
    ]


def test_an_estates_entry_may_not_repeat_the_standards(tmp_path: Path) -> None:
    data = mini_company(tmp_path)
    (data / "estates" / "north" / "laws.yaml").write_text(LOCAL.replace("local-dog-rule", "civil-code"), encoding="utf-8")
    _, problems = check(data, TODAY, "north")
    assert brief(problems) == ["estates/north/laws.yaml:2:9: 法规 id 'civil-code' 重复（laws.yaml 中已有）"]
