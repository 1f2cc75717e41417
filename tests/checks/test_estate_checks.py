"""The checker knows estates: leftovers of one estate in another's handbook or in the standard,
commitments below the company's floor, and overrides that refer to nothing, all located."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from handbook.checks.check import check, check_all
from handbook.cli import main
from handbook.data.problems import errors

from conftest import DATA

TODAY = date(2026, 12, 7)  # pinned: after every review date of the real data, before any is due


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "procedures"
    shutil.copytree(DATA, target)
    return target


def _edit(data: Path, rel: str, old: str, new: str) -> tuple[int, int]:
    """Replace ``old`` by ``new`` once; return the line and column where ``new`` starts."""
    path = data / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    at = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def _where(data: Path, rel: str, needle: str) -> tuple[int, int]:
    text = (data / rel).read_text(encoding="utf-8")
    at = text.index(needle)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def _errors(data: Path, estate: str | None = None) -> list[str]:
    _, problems = check_all(data, estate) if estate is None else check(data, TODAY, estate)
    return [f"{p.file.split('procedures/', 1)[-1]}:{p.line}:{p.column}: {p.message}" for p in errors(problems)]


def test_real_data_checks_for_every_estate() -> None:
    for estate in ("lnxc", "hkyz"):
        manual, problems = check(DATA, TODAY, estate)
        assert [p.format() for p in problems] == []
        assert manual is not None and manual.estate_id == estate
    lnxc, hkyz = check(DATA, TODAY, "lnxc")[0], check(DATA, TODAY, "hkyz")[0]
    assert lnxc.handbook.estate.name == "鲁能·星城" and hkyz.handbook.estate.name == "海客瀛洲"
    assert check(DATA, TODAY)[0].estate_id == "lnxc"  # the first estate is the default
    # the overlay: hkyz omits move-in, adds its own procedure after emergencies, replaces shift-handover
    assert "move-in" in lnxc.sops and "move-in" not in hkyz.sops
    ids = list(hkyz.sops)
    assert ids[ids.index("emergencies") + 1] == "slope-rainstorm-watch"
    # hkyz replaces the standard's planned-outages with its own file, which keeps the standard's 24-hour commitment
    assert hkyz.sources["sops/planned-outages"].parts[-4:] == ("estates", "hkyz", "sops", "planned-outages.yaml")
    assert lnxc.sources["sops/planned-outages"].parts[-2:] == ("sops", "planned-outages.yaml")
    for m in (lnxc, hkyz):
        assert [s.commitment for s in m.sops["planned-outages"].steps if s.id == "post-notices"] == ["outage-notice"]
    assert "prepare-water-lifts" in [s.id for s in hkyz.sops["planned-outages"].steps]
    assert "prepare-water-lifts" not in [s.id for s in lnxc.sops["planned-outages"].steps]
    assert "slope-rainstorm-watch" not in lnxc.sops
    assert hkyz.sources["sops/shift-handover"].parts[-4:] == ("estates", "hkyz", "sops", "shift-handover.yaml")
    count = [next(s for s in m.sops["shift-handover"].steps if s.id == "count-items").action for m in (lnxc, hkyz)]
    assert count == ["当面点交现金票据和钥匙", "当面核对收款记录、票据和钥匙"]
    assert lnxc.commitments["complaint-reply"].time_limit == "24h"
    assert hkyz.commitments["complaint-reply"].time_limit == "12h"
    assert {t.term for t in hkyz.glossary.terms} - {t.term for t in lnxc.glossary.terms} == {"平街层"}  # 二次供水 is in the standard since C/0
    assert hkyz.headcount("cs-assistant") == 6 and lnxc.headcount("cs-assistant") == 8
    # forms only move-in filled in leave with it; every other form stays
    assert set(lnxc.forms) - set(hkyz.forms) == {f for f in lnxc.form_users if lnxc.form_users[f] == ["move-in"]}


def test_estate_name_typed_into_a_standard_procedure_fails_check(data: Path, capsys) -> None:
    rel = "sops/shift-handover.yaml"
    line, column = _edit(data, rel, "适用于{{estate.name}}客户服务中心", "适用于海客瀛洲客户服务中心")
    column += len("适用于")
    assert main(["check", str(data)]) == 1
    out = capsys.readouterr().out
    assert f"{rel}:{line}:{column}: 错误: 公司标准中写入了项目「海客瀛洲」的项目名称 '海客瀛洲'" in out
    assert "改写为 {{estate.name}}" in out
    assert "Traceback" not in out


def test_hotline_and_office_typed_into_the_standard_are_located(data: Path) -> None:
    rel = "sops/front-desk-telephone.yaml"
    text = (data / rel).read_text(encoding="utf-8")
    assert "{{estate.hotline}}" in text
    line, column = _edit(data, rel, "{{estate.hotline}}", "023-6000 0000（24 小时）")
    found = _errors(data)
    assert f"{rel}:{line}:{column}: 公司标准中写入了项目「鲁能·星城」的服务电话 '023-6000 0000'" in found
    line, column = _edit(data, "organization.yaml", "客户服务中心是管理处面向", "客户服务中心是鲁能星城项目管理处面向")
    found = _errors(data)
    # reported once, as the office (which contains the other spelling of the name)
    assert f"organization.yaml:{line}:{column + len('客户服务中心是')}: 公司标准中写入了项目「鲁能·星城」的管理处名称 '鲁能星城项目管理处'" in found
    assert not any("鲁能星城'" in f for f in found)


def test_another_estates_name_in_an_estates_handbook(data: Path) -> None:
    rel = "estates/hkyz/sops/planned-outages.yaml"
    line, column = _edit(data, rel, "按统一口径答复询问", "按鲁能·星城的口径答复询问")
    found = _errors(data)
    assert f"{rel}:{line}:{column + 1}: 出现了另一个项目「鲁能·星城」的项目名称 '鲁能·星城'" in found
    # the other estate's own check is not disturbed by it
    assert _errors(data, "lnxc") == []


def test_a_looser_commitment_is_refused(data: Path) -> None:
    rel = "estates/hkyz/estate.yaml"
    line, column = _edit(data, rel, "time_limit: 12h", "time_limit: 36h")
    column += len("time_limit: ")
    manual, problems = check(data, TODAY, "hkyz")
    assert manual is None
    found = errors(problems)
    assert len(found) == 1
    p = found[0]
    assert p.file.endswith(rel) and (p.line, p.column) == (line, column)
    assert p.message == "时限 36h（36 小时内）比公司标准 24h（24 小时内）宽松"
    assert "公司标准是下限" in (p.hint or "")


def test_the_same_commitment_is_a_warning_not_a_departure(data: Path) -> None:
    _edit(data, "estates/hkyz/estate.yaml", "time_limit: 12h", "time_limit: 24h")
    manual, problems = check(data, TODAY, "hkyz")
    assert manual is not None
    assert [p.message for p in problems] == ["时限 24h 与公司标准相同，不是偏离"]


@pytest.mark.parametrize("old, new, needle, message", [
    ("  replaced:\n    - id: planned-outages", "  replaced:\n    - id: planned-outage", "planned-outage\n",
     "公司标准中没有程序 'planned-outage'"),
    ("  omitted:\n    - id: move-in", "  omitted:\n    - id: move-inn", "move-inn", "公司标准中没有程序 'move-inn'"),
    ("commitments:\n  - id: complaint-reply", "commitments:\n  - id: complaint-replay", "complaint-replay",
     "公司标准中没有服务承诺 'complaint-replay'"),
    ("      after: emergencies", "      after: emergency", "emergency", "公司标准中没有程序 'emergency'"),
    ("  - role: cashier\n", "  - role: casher\n", "casher", "公司标准中没有岗位 'casher'"),
    ("  - term: 平街层", "  - term: 业主", "业主\n", "术语 '业主' 公司标准中已有"),
    ("    - id: slope-rainstorm-watch", "    - id: key-management", "key-management", "程序 'key-management' 在公司标准中已有"),
], ids=["replaced", "omitted", "commitment", "after", "headcount", "glossary", "added-clash"])
def test_overrides_that_refer_to_nothing(data: Path, old: str, new: str, needle: str, message: str) -> None:
    rel = "estates/hkyz/estate.yaml"
    _edit(data, rel, old, new)
    line, column = _where(data, rel, needle)
    assert f"{rel}:{line}:{column}: {message}" in _errors(data, "hkyz")


def test_an_undeclared_estate_procedure_and_a_missing_replacement(data: Path) -> None:
    shutil.copy(data / "sops/goods-release.yaml", data / "estates/hkyz/sops/goods-release.yaml")
    (data / "estates/hkyz/sops/shift-handover.yaml").unlink()
    found = _errors(data, "hkyz")
    assert "estates/hkyz/sops/goods-release.yaml:1:1: 程序文件 'goods-release' 没有在 estate.yaml 中声明" in found
    line, column = _where(data, "estates/hkyz/estate.yaml", "shift-handover")
    assert f"estates/hkyz/estate.yaml:{line}:{column}: 替换程序 'shift-handover' 缺少替换文本" in found


def test_omitting_a_procedure_others_hand_off_to(data: Path) -> None:
    rel = "estates/hkyz/estate.yaml"
    _edit(data, rel, "    - id: move-in\n", "    - id: mail-and-parcels\n")
    line, column = _where(data, rel, "mail-and-parcels")
    found = _errors(data, "hkyz")
    assert f"{rel}:{line}:{column}: 不采用程序 'mail-and-parcels'，但程序 'convenience-services' 的步骤会转入它" in found


def test_unknown_and_unlisted_estates(data: Path) -> None:
    manual, problems = check(data, TODAY, "nowhere")
    assert manual is None and [p.message for p in errors(problems)] == ["没有项目 'nowhere'"]
    (data / "estates/other").mkdir()
    assert "estates/other:0:0: 项目目录 other 没有列入 handbook.yaml 的 estates" in _errors(data)


def test_an_estate_without_its_own_history_follows_the_standards_revision(data: Path) -> None:
    _edit(data, "handbook.yaml", "revision: C/0\neffective_date: \"2026-12-15\"", "revision: C/1\neffective_date: \"2026-12-18\"")
    text = (data / "handbook.yaml").read_text(encoding="utf-8")
    (data / "handbook.yaml").write_text(text + "  - revision: C/1\n    date: \"2026-12-18\"\n    summary: 标准的一次修订。\n",
                                        encoding="utf-8")
    lnxc, problems = check(data, TODAY, "lnxc")
    assert problems == [] and lnxc is not None
    assert (lnxc.handbook.revision, lnxc.handbook.effective_date) == ("C/1", date(2026, 12, 18))
    hkyz, problems = check(data, TODAY, "hkyz")
    assert problems == [] and hkyz is not None and hkyz.handbook.revision == "A/0"


def test_revision_problems_of_an_estates_own_history_are_located_in_its_file(data: Path) -> None:
    rel = "estates/hkyz/estate.yaml"
    line, column = _edit(data, rel, "revision: A/0\neffective_date", "revision: A/1\neffective_date")
    _, problems = check(data, TODAY, "hkyz")
    assert [(p.file.split("procedures/", 1)[-1], p.line, p.column, p.message) for p in problems] == [
        (rel, line, column + len("revision: "), "版号 A/1 在修订记录中没有对应的一条")]


def test_an_estate_revision_without_history_must_be_the_standards(data: Path) -> None:
    rel = "estates/lnxc/estate.yaml"
    line, _ = _edit(data, rel, "approver: 管理处经理\n", "approver: 管理处经理\nrevision: C/9\n")
    assert f"{rel}:{line + 1}:{len('revision: ') + 1}: 版号 C/9 与公司标准的 C/0 不同，但本项目没有自己的修订记录" \
        in _errors(data, "lnxc")


def test_an_estates_aliases_join_only_its_own_handbook() -> None:
    lnxc, hkyz = check(DATA, TODAY, "lnxc")[0], check(DATA, TODAY, "hkyz")[0]
    assert lnxc is not None and hkyz is not None
    own = [a for a in hkyz.aliases if "水箱清洗" in a.said]
    assert [a.procedure for a in own] == ["planned-outages"]
    assert [a.procedure for a in hkyz.aliases if "挡土墙开裂" in a.said] == ["slope-rainstorm-watch"]
    assert not any("水箱清洗" in a.said for a in lnxc.aliases)
    # the standard's aliases to a procedure the estate omits are left out of its handbook
    assert any(a.procedure == "move-in" for a in lnxc.aliases)
    assert not any(a.procedure == "move-in" for a in hkyz.aliases)


@pytest.mark.parametrize("old, new, needle, message", [
    ("    procedure: slope-rainstorm-watch", "    procedure: slope-rainstorm-wach", "slope-rainstorm-wach",
     "别名指向未知的程序 'slope-rainstorm-wach'"),
    ("  - said: [滑坡, 挡土墙开裂, 落石]", "  - said: [滑坡, 挡土墙开裂, 噪音]", "噪音]",
     "说法 '噪音' 重复，且指向不同的地方"),  # the standard's search.yaml sends it to neighbour-matters
    ("    procedure: slope-rainstorm-watch", "    written: 不存在的词", "不存在的词", "整本手册中找不到 '不存在的词'"),
])
def test_an_estates_alias_to_nothing_is_located(data: Path, old: str, new: str, needle: str, message: str) -> None:
    rel = "estates/hkyz/estate.yaml"
    _edit(data, rel, old, new)
    line, column = _where(data, rel, needle)
    assert _errors(data, "hkyz") == [f"{rel}:{line}:{column}: {message}"]
    assert _errors(data, "lnxc") == []


def test_a_link_out_of_the_data_in_estates_is_refused(data: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    shutil.copy(data / "estates" / "hkyz" / "estate.yaml", outside)
    target = data / "estates" / "hkyz" / "estate.yaml"
    target.unlink()
    target.symlink_to(outside)
    found = _errors(data, "hkyz")
    assert any(f.startswith("estates/hkyz/estate.yaml:0:0: 这是指向数据目录之外的符号链接") for f in found), found


def test_the_check_answer_is_cached_per_estate(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(data)]) == 0
    both = capsys.readouterr().out
    assert main(["check", str(data), "--estate", "hkyz"]) == 0
    one = capsys.readouterr().out
    assert "（鲁能·星城）" in both and "（海客瀛洲）" in both
    assert "（海客瀛洲）" in one and "（鲁能·星城）" not in one  # not the cached answer of the plain check
    assert main(["check", str(data)]) == 0
    assert capsys.readouterr().out == both


def test_an_estates_value_holds_no_placeholder(data: Path) -> None:
    rel = "estates/hkyz/estate.yaml"
    line, column = _edit(data, rel, "hotline: 023-6100 0000（24 小时）", 'hotline: "{{estate.hotline}}"')
    assert _errors(data, "hkyz") == [
        f"{rel}:{line}:{column + len('hotline: ')}: 项目信息 hotline 中写了引用 {{{{estate.hotline}}}}：项目信息就是引用所代表的值"]
