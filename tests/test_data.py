"""The real handbook data: zero problems, complete, in Simplified Chinese, and lawful."""

from __future__ import annotations

import re
import unicodedata

import pytest

from handbook.checks.check import check
from handbook.data.load import read_document

from conftest import DATA
from helpers import as_of_latest_review

# Characters that copy-protected document sites scatter through scraped text, and invisible ones.
STRAY = re.compile("[\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufffd\ue000-\uf8ff]")
OTHER_ESTATES = ["海客瀛洲"]


@pytest.fixture(scope="module")
def manual():
    manual, problems = check(DATA, today=as_of_latest_review(DATA))
    assert [p.format() for p in problems] == []
    assert manual is not None
    return manual


def test_real_data_has_zero_problems(manual) -> None:
    assert len(manual.sops) >= 20


def _texts():
    for path in sorted(DATA.rglob("*.yaml")):
        doc, problems = read_document(path, str(path))
        assert problems == []
        stack = [((), doc.data)]
        while stack:
            where, value = stack.pop()
            if isinstance(value, str):
                yield path.relative_to(DATA).as_posix(), doc.where(where)[0], value
            elif isinstance(value, dict):
                stack.extend((where + (k,), v) for k, v in value.items())
            elif isinstance(value, list):
                stack.extend((where + (i,), v) for i, v in enumerate(value))


def test_simplified_chinese_only() -> None:
    """OpenCC's Traditional-to-Simplified conversion must leave every text unchanged."""
    import opencc

    to_simplified = opencc.OpenCC("t2s")
    found = []
    for f, line, text in _texts():
        converted = to_simplified.convert(text)
        if converted != text:
            chars = sorted({a for a, b in zip(text, converted) if a != b})
            found.append(f"{f}:{line}: {''.join(chars)}")
    assert found == []


def test_no_stray_or_invisible_characters() -> None:
    found = [f"{f}:{line}: {STRAY.findall(t)!r}" for f, line, t in _texts() if STRAY.search(t)]
    controls = [f"{f}:{line}" for f, line, t in _texts()
                if any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in t)]
    assert found == [] and controls == []


def _estate_names() -> dict[str, list[str]]:
    """Each estate's name, its other spellings and its office, read from its estate.yaml."""
    names = {}
    for path in sorted((DATA / "estates").glob("*/estate.yaml")):
        doc, problems = read_document(path, str(path))
        assert problems == []
        names[path.parent.name] = [doc.data["estate"]["name"], doc.data["estate"]["office"],
                                   *doc.data.get("also_known_as", [])]
    return names


def test_no_other_estate_named() -> None:
    """The standard names no estate; an estate's own files name no other estate."""
    names = _estate_names()
    assert {"lnxc", "hkyz"} <= set(names) and "鲁能星城" in names["lnxc"]
    found = []
    for f, line, text in _texts():
        own = f.split("/")[1] if f.startswith("estates/") else None
        for estate, marks in names.items():
            if estate != own:
                found += [f"{f}:{line}: {m}" for m in marks + OTHER_ESTATES if m in text and m not in names.get(own, [])]
    assert found == []


def test_no_utility_cutoff_to_collect_fees() -> None:
    """Civil Code art. 944: stopping water, power, heat or gas may only be mentioned as forbidden."""
    cutoff = re.compile(r"停(水|电|气|暖|供)|断(水|电|气)|限(水|电)")
    forbidden = re.compile(r"不得|不以|不能|严禁|禁止|不允许|不会|不采用|不准|不可")
    found = []
    for f, line, text in _texts():
        for sentence in re.split(r"[。；！？\n]", text):
            if cutoff.search(sentence) and ("费" in sentence or "催" in sentence) and not forbidden.search(sentence):
                found.append(f"{f}:{line}: {sentence}")
    assert found == []


def test_every_procedure_is_complete(manual) -> None:
    short = []
    for sop_id, sop in manual.sops.items():
        if not 6 <= len(sop.steps) <= 15:
            short.append(f"{sop_id}: {len(sop.steps)} steps")
        if len(sop.self_check) < 3:
            short.append(f"{sop_id}: {len(sop.self_check)} self-check questions")
        if not sop.key_points:
            short.append(f"{sop_id}: no key points")
        if not any(s.records for s in sop.steps) and not sop.records:
            short.append(f"{sop_id}: no records")
        if not any(s.time_limit or s.commitment for s in sop.steps):
            short.append(f"{sop_id}: no time limit")
    assert short == []


def test_surviving_table_of_contents_is_present(manual) -> None:
    titles = [s.title for s in manual.sops.values()]
    assert titles[:3] == ["特约服务处理程序", "客户投诉处理程序", "“一站式”服务操作规程"]
    roles = [r.title for r in manual.roles.values()]
    for title in ["客服中心经理", "客服助理", "客户维修技工", "会所助理"]:
        assert any(r.startswith(title) for r in roles), title
    assert manual.organization.duties and manual.organization.units
    # the 2008 numbers of the positions stay (4.0, missing from the contents, is the cashier)
    from handbook.manual.numbering import role_heading

    headings = [role_heading(manual, r) for r in manual.roles_by_number()]
    assert headings[:5] == ["1.0 客服中心经理", "2.0 客服助理（前台接待及热线）", "3.0 客户维修技工", "4.0 收银员",
                            "5.0 会所助理"]


def test_appendices_are_full(manual) -> None:
    assert len(manual.forms) >= 20
    assert len(manual.glossary.terms) >= 40
    used = {f for sop in manual.sops.values() for s in sop.steps for f in s.records} | {
        f for sop in manual.sops.values() for f in sop.records}
    assert used <= set(manual.forms)
