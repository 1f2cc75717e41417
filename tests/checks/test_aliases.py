"""procedures/search.yaml: the desk's words, checked like every other reference."""

from __future__ import annotations

from pathlib import Path

from handbook.checks.check import check
from handbook.data.aliases import said_words
from handbook.render import urls
from handbook.site.build import page_markdown

from conftest import DATA
from helpers import TODAY, brief, copy_mini, run

GOOD = """\
aliases:
  - said: [保修, 修理]
    written: 报修
    procedure: repair
  - said: [吵闹]
    procedure: complaint
  - said: [投拆]
    written: 投诉
    slip: true
"""


def _with(tmp_path: Path, text: str) -> Path:
    data = copy_mini(tmp_path)
    (data / "search.yaml").write_text(text, encoding="utf-8")
    return data


def test_a_handbook_without_search_yaml_has_no_aliases(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    manual, problems = check(data, today=TODAY)
    assert manual is not None and manual.aliases == [] and problems == []


def test_good_aliases_pass_and_reach_the_manual(tmp_path: Path) -> None:
    manual, problems = check(_with(tmp_path, GOOD), today=TODAY)
    assert problems == [] and manual is not None
    assert said_words(manual.aliases, "repair") == ["保修", "修理"]
    assert said_words(manual.aliases, "complaint") == ["吵闹"]


def test_an_alias_to_a_missing_procedure_is_located_with_a_hint(tmp_path: Path) -> None:
    problems = run(_with(tmp_path, "aliases:\n  - said: [保修]\n    procedure: repairs\n"))
    assert brief(problems) == ["search.yaml:3:16: 别名指向未知的程序 'repairs'"]
    assert problems[0].hint == "是否想写 'repair'？"


def test_a_field_name_is_not_a_word_of_the_handbook(tmp_path: Path) -> None:
    """``written`` is looked up in what the handbook says, never in the names of its fields or the
    punctuation of a JSON dump (``action``, ``details``, ``": "`` are in none of its pages)."""
    text = ('aliases:\n  - said: [动作]\n    written: action\n    procedure: repair\n'
            '  - said: [细节]\n    written: details\n  - said: [冒号]\n    written: \'": "\'\n')
    assert brief(run(_with(tmp_path, text))) == [
        "search.yaml:3:14: 程序 'repair' 中找不到 'action'",
        "search.yaml:6:14: 整本手册中找不到 'details'",
        "search.yaml:8:14: 整本手册中找不到 '\": \"'",
    ]


def test_an_id_is_not_a_word_of_the_handbook(tmp_path: Path) -> None:
    """Ids (of a role, a form, a step, the procedure a branch hands off to) are values of the data
    but no page shows them as text: a reader sees the role's or form's title. ``written: clerk``
    would pass the check and then find nothing."""
    text = ('aliases:\n  - said: [办事员]\n    written: clerk\n    procedure: repair\n'
            '  - said: [单子]\n    written: repair-order\n  - said: [到场]\n    written: go\n    procedure: repair\n')
    assert brief(run(_with(tmp_path, text))) == [
        "search.yaml:3:14: 程序 'repair' 中找不到 'clerk'",
        "search.yaml:6:14: 整本手册中找不到 'repair-order'",
        "search.yaml:8:14: 程序 'repair' 中找不到 'go'",
    ]


def test_a_written_word_that_the_procedure_does_not_use_is_an_error(tmp_path: Path) -> None:
    text = "aliases:\n  - said: [保修]\n    written: 维修基金\n    procedure: repair\n  - said: [吵]\n    written: 噪声\n"
    assert brief(run(_with(tmp_path, text))) == [
        "search.yaml:3:14: 程序 'repair' 中找不到 '维修基金'",
        "search.yaml:6:14: 整本手册中找不到 '噪声'",
    ]


def test_a_word_only_in_the_self_check_leads_nowhere(tmp_path: Path) -> None:
    """The self-check is not searched: 多久 (only in repair's self-check question) is not a target."""
    problems = run(_with(tmp_path, "aliases:\n  - said: [上门]\n    written: 多久\n    procedure: repair\n"))
    assert brief(problems) == ["search.yaml:3:14: 程序 'repair' 中找不到 '多久'"]


def test_said_words_are_single_words_distinct_and_slips_say_what_they_mean(tmp_path: Path) -> None:
    text = (
        "aliases:\n"
        "  - said: [楼上 太吵, 报修]\n"
        "    written: 报修\n"
        "    procedure: repair\n"
        "  - said: [吵闹]\n"
        "    procedure: complaint\n"
        "  - said: [吵闹]\n"
        "    procedure: repair\n"
        "  - said: [投拆]\n"
        "    procedure: complaint\n"
        "    slip: true\n"
    )
    assert brief(run(_with(tmp_path, text))) == [
        "search.yaml:2:12: 说法 '楼上 太吵' 中有空格或标点",
        "search.yaml:2:19: 说法 '报修' 与 written 相同",
        "search.yaml:7:12: 说法 '吵闹' 重复，且指向不同的地方",
        "search.yaml:11:11: 错字条目没有写 written",
    ]


def test_an_alias_to_a_role_or_form_names_one_that_exists(tmp_path: Path) -> None:
    text = ("aliases:\n  - said: [修理工]\n    role: fixr\n  - said: [派工单]\n    form: repair-ordr\n"
            "  - said: [办事员]\n    role: clerk\n")
    problems = run(_with(tmp_path, text))
    assert brief(problems) == ["search.yaml:3:11: 别名指向未知的岗位 'fixr'", "search.yaml:5:11: 别名指向未知的表格 'repair-ordr'"]
    assert [p.code for p in problems] == ["ref.unknown-role", "ref.unknown-form"]
    assert [p.hint for p in problems] == ["是否想写 'fixer'？", "是否想写 'repair-order'？"]


def test_an_alias_leads_to_one_page_and_its_kind_is_known(tmp_path: Path) -> None:
    text = "aliases:\n  - said: [修理工]\n    role: fixer\n    procedure: repair\n  - said: [娃儿]\n    written: 报修\n    kind: kids\n"
    problems = run(_with(tmp_path, text))
    assert [p.line for p in problems] == [2, 7]
    assert "只能写一个" in problems[0].message and "animals" in (problems[1].hint or "") + problems[1].message


def test_one_said_word_may_not_lead_to_a_role_and_a_procedure(tmp_path: Path) -> None:
    text = "aliases:\n  - said: [修理工]\n    role: fixer\n  - said: [修理工]\n    procedure: repair\n"
    problems = run(_with(tmp_path, text))
    assert brief(problems) == ["search.yaml:4:12: 说法 '修理工' 重复，且指向不同的地方"]
    assert problems[0].code == "alias.duplicate"


def test_an_alias_must_lead_somewhere(tmp_path: Path) -> None:
    problems = run(_with(tmp_path, "aliases:\n  - said: [随便]\n"))
    assert len(problems) == 1 and problems[0].line == 2
    assert "written" in problems[0].message and "procedure" in problems[0].message


def test_the_procedure_page_lists_its_aliases_and_the_glossary_all_of_them(tmp_path: Path) -> None:
    manual, _ = check(_with(tmp_path, GOOD), today=TODAY)
    assert manual is not None
    page = page_markdown(manual, urls.sop("repair"))
    assert "**常用说法**：保修、修理" in page and "**适用情形**：客户报修" in page
    assert "投拆" not in page_markdown(manual, urls.sop("complaint"))  # a slip is searched, not printed
    glossary = page_markdown(manual, urls.GLOSSARY)
    assert "## 常用说法" in glossary
    assert "| 保修、修理 | 报修 | [报修处理程序](../sops/repair.md) |" in glossary
    assert "| 投拆（常见误输） | 投诉 |" in glossary


def test_the_real_aliases_are_many_and_all_lead_somewhere() -> None:
    manual, problems = check(DATA)
    assert manual is not None and not [p for p in problems if "search.yaml" in p.file]
    pairs = [(w, a.procedure or a.written) for a in manual.aliases for w in a.said]
    assert len(pairs) >= 60
    for word, sop_id in [("噪音", "neighbour-matters"), ("退押金", "renovation"), ("丢钥匙", "key-management"),
                         ("开发票", "fee-collection"), ("水管爆了", "emergencies")]:
        assert (word, sop_id) in pairs
