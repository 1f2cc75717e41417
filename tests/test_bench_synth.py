"""The benchmarks' synthetic handbooks are valid handbooks in the shape of the real one."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.checks.check import check
from handbook.data.yamlnodes import plain
from handbook.data.load import read_document
from handbook.site.build import render_pages
from helpers import bench_module

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "procedures"

synth = bench_module("synth")


def _data(path: Path) -> dict:
    doc, problems = read_document(path, path.name)
    assert doc is not None and not problems
    return plain(doc.data)


def _real_ids() -> list[str]:
    parts = _data(DATA / "handbook.yaml")["parts"]
    part = next(p for p in parts if p["kind"] == "procedures")
    return list(part.get("procedures") or []) + [s for g in part.get("groups") or [] for s in g["procedures"]]


# Two whole copies of the real procedures and part of a third, whatever the real count.
SIZE = 2 * len(_real_ids()) + 5


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("synth") / "procedures"
    ids = synth.generate(DATA, out, SIZE)
    return out, ids


def test_synthetic_handbook_passes_the_checker_without_a_problem(synthetic: tuple[Path, list[str]]) -> None:
    out, ids = synthetic
    manual, problems = check(out)
    assert [p.format() for p in problems] == []
    assert manual is not None
    assert list(manual.sops) == ids
    assert len(ids) == SIZE == len(set(ids))
    # one group per copy of the real procedures (24 of them: 24 and 21), the last one cut short
    n = len(_real_ids())
    assert n >= 20
    sizes = [min(n, len(ids) - start) for start in range(0, len(ids), n)]
    assert [(title, len(members)) for title, members in manual.sop_groups()] == [
        (f"第{k + 1}组程序", size) for k, size in enumerate(sizes)]


def test_copies_are_renamed_and_refer_to_their_own_copy(synthetic: tuple[Path, list[str]]) -> None:
    out, ids = synthetic
    real_ids = _real_ids()
    assert ids[: len(real_ids)] == real_ids  # copy 0 keeps the real ids
    assert ids[len(real_ids)] == f"{real_ids[0]}-2"
    for sop_id in ids[len(real_ids): 2 * len(real_ids)]:
        sop = _data(out / "sops" / f"{sop_id}.yaml")
        targets = list(sop.get("related", [])) + [s["handoff"] for s in sop["steps"] if s.get("handoff")]
        # to the second copy of the target where the handbook is big enough to have one
        assert all(t.endswith("-2") or f"{t}-2" not in ids for t in targets), (sop_id, targets)
        assert any(t.endswith("-2") for t in targets) or not targets, (sop_id, targets)


def test_copies_vary_steps_decisions_checklists_and_forms(synthetic: tuple[Path, list[str]]) -> None:
    out, ids = synthetic
    changed_flow = 0
    n = len(_real_ids())
    copies = ids[n: 2 * n]  # the second copy: real ids with the suffix -2
    assert len(copies) >= 20 and all(s.endswith("-2") for s in copies)
    for sop_id in copies:
        original = _data(DATA / "sops" / f"{sop_id.rsplit('-', 1)[0]}.yaml")
        copy = _data(out / "sops" / f"{sop_id}.yaml")
        assert copy["title"] != original["title"]
        assert copy["checklist"] != original["checklist"]
        decisions = [s for s in copy["steps"] if s.get("decision")]
        if len(copy["steps"]) > len(original["steps"]):
            changed_flow += 1
            known = {s["id"] for s in original["steps"]}
            added = [s for s in copy["steps"] if s["id"] not in known]
            assert added and all(s["records"] for s in added)
        assert len(decisions) >= len([s for s in original["steps"] if s.get("decision")])
    assert changed_flow >= 15


def test_synthetic_pages_render_with_flowcharts(synthetic: tuple[Path, list[str]]) -> None:
    out, ids = synthetic
    manual, _ = check(out)
    assert manual is not None
    pages = render_pages(manual)
    for sop_id in ids:
        assert "<svg" in pages[f"sops/{sop_id}.md"]


def test_too_few_procedures_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="至少需要"):
        synth.generate(DATA, tmp_path / "out", 5)
