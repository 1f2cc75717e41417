"""The page memo's reads proven complete: a page is the same whatever changes in what it did not read.

The memo (``handbook.site.pagememo``) reuses a page while the parts of the manual it read are
unchanged. That is sound only if every read is noted. For every page of the real handbook (and of
the mini one), the page is rendered while its reads are noted; then every procedure, form, role and
commitment it did not read gets every text field of its own changed, and the page, rendered from
that manual, must be the same. A read that escaped the notes (a copy made behind the manual's back,
a remembered answer that forgot what it read) shows as a page that changed.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from pydantic import BaseModel

from handbook.checks.check import check
from handbook.data.memo import DERIVED, REGISTRY
from handbook.data.reads import ALL, Read, TrackedDict, reading
from handbook.manual.manual import Manual
from handbook.manual.questions import role_bank
from handbook.render.spec import SiteOptions
from handbook.site.build import render_page
from handbook.site.pagememo import PageMemo, held, spec_key, version
from handbook.site.registry import page_specs
from helpers import MINI, ROOT

DAY = date(2026, 12, 7)
FIELDS = ("sops", "forms", "roles", "commitments")


def changed(model: BaseModel) -> BaseModel:
    """``model`` with every Chinese text field of its own changed (a mark appended; ids, kinds
    and dates are left as they are)."""
    texts = {name: f"{value}〇" for name, value in model
             if isinstance(value, str) and any("\u4e00" <= c <= "\u9fff" for c in value)}
    return model.model_copy(update=texts)


def elsewhere(manual: Manual, read: set[tuple[object, ...]]) -> Manual:
    """``manual`` with every entry of its dict fields that was not read changed."""
    fields = {}
    for field in FIELDS:
        entries = object.__getattribute__(manual, field)
        if (field, ALL) in read:
            continue
        fields[field] = TrackedDict(field, {k: v if (field, k) in read else changed(v) for k, v in dict.items(entries)})
    return dataclasses.replace(manual, **fields)


def through_derived(manual: Manual, parts: tuple[Read, ...]) -> set[Read]:
    """``parts`` with what each derived value among them read (and what those read in turn)."""
    out: set[Read] = set()
    todo = list(parts)
    while todo:
        read = todo.pop()
        if read in out:
            continue
        out.add(read)
        if read[0] == DERIVED:
            inner = PageMemo._parts(manual, None, REGISTRY[read[1]].reads(manual, *read[2:]))
            assert inner is not None, read  # a derived value reads its own manual only
            todo += inner
    return out


@pytest.mark.parametrize("data", [ROOT / "procedures", MINI], ids=["real", "mini"])
def test_a_page_is_the_same_whatever_changes_in_what_it_did_not_read(data: Path) -> None:
    """What a derived value read counts as read here (it is changed nowhere), and the derived
    value must then come out the same: that proves its own reads complete too."""
    manual, _ = check(data, today=DAY)
    assert manual is not None
    options = SiteOptions()
    compared = 0
    for spec in page_specs(manual, options):
        held(spec.render, manual, options)  # every page can be keyed: none holds data behind the manual
        with reading() as reads:
            text = str(render_page(spec))
        parts = PageMemo._parts(manual, options, reads.pairs())
        assert parts is not None, spec.path  # it read its own manual only
        other = elsewhere(manual, through_derived(manual, parts))
        for read in parts:
            if read[0] == DERIVED:
                assert version(other, read) == version(manual, read), (spec.path, read)
        again = next(s for s in page_specs(other, options) if s.path == spec.path)
        if spec_key(again) != spec_key(spec):
            continue  # its description changed (a title it shows): the memo's key is another one
        assert str(render_page(again)) == text, spec.path
        compared += 1
    assert compared > 0.8 * len(page_specs(manual, options))


def test_a_page_held_by_its_parts_is_reused_only_while_they_are_the_same() -> None:
    manual, _ = check(MINI, today=DAY)
    assert manual is not None
    memo, options = PageMemo(), SiteOptions()
    spec = next(s for s in page_specs(manual, options) if s.path == "sops/repair.md")
    first = memo.markdown(manual, options, spec, lambda: str(render_page(spec)))
    assert (memo.hits, memo.misses) == (0, 1)
    again, _ = check(MINI, today=DAY)  # the same data, checked again: another manual, the same parts
    assert again is not None and again is not manual
    same = next(s for s in page_specs(again, options) if s.path == "sops/repair.md")
    assert memo.markdown(again, options, same, lambda: "不应再渲染") == first
    assert (memo.hits, memo.misses) == (1, 1)
    sops = dict(dict.items(object.__getattribute__(again, "sops")))
    sops["repair"] = changed(sops["repair"])
    edited = dataclasses.replace(again, sops=TrackedDict("sops", sops))
    spec = next(s for s in page_specs(edited, options) if s.path == "sops/repair.md")
    text = memo.markdown(edited, options, spec, lambda: str(render_page(spec)))
    assert text != first and "〇" in text and memo.misses == 2


def test_a_page_that_reads_a_derived_value_is_reused_while_its_result_is_the_same() -> None:
    """The fixer's training test reads every procedure (through the question bank) but shows only
    the questions of its own path (the repair procedure): an edit to the step of another
    procedure that is not the fixer's leaves it; an edit to its own procedure renders it again."""
    manual, _ = check(MINI, today=DAY)
    assert manual is not None
    memo, options = PageMemo(), SiteOptions()

    def test_page(of: Manual) -> str:
        spec = next(s for s in page_specs(of, options) if s.path == "training/fixer/test.md")
        return memo.markdown(of, options, spec, lambda: str(render_page(spec)))

    def edited(sop_id: str) -> Manual:
        sops = dict(dict.items(object.__getattribute__(manual, "sops")))
        sop = sops[sop_id]
        steps = [sop.steps[0].model_copy(update={"action": sop.steps[0].action + "〇"}), *sop.steps[1:]]
        sops[sop_id] = sop.model_copy(update={"steps": steps})
        return dataclasses.replace(manual, sops=TrackedDict("sops", sops))

    first = test_page(manual)
    assert memo.misses == 1
    elsewhere_ = edited("complaint")
    assert test_page(elsewhere_) == first and (memo.hits, memo.misses) == (1, 1)
    own = edited("repair")
    again = test_page(own)
    assert memo.misses == 2 and again != first and "〇" in again
    bank = (DERIVED, role_bank.name, "fixer")  # the part that changed is the derived value itself
    assert version(elsewhere_, bank) == version(manual, bank) != version(own, bank)
