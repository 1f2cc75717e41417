"""The benchmarks' synthetic handbooks are valid handbooks in the shape of the real one."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from handbook.check import check
from handbook.load import plain, read_document
from handbook.pages import render_pages

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "procedures"


def _synth() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_synth", ROOT / "bench" / "synth.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_synth"] = module
    spec.loader.exec_module(module)
    return module


synth = _synth()


def _data(path: Path) -> dict:
    doc, problems = read_document(path, path.name)
    assert doc is not None and not problems
    return plain(doc.data)


def _real_ids() -> list[str]:
    parts = _data(DATA / "handbook.yaml")["parts"]
    return next(p["procedures"] for p in parts if p["kind"] == "procedures")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("synth") / "procedures"
    ids = synth.generate(DATA, out, 45)
    return out, ids


def test_synthetic_handbook_passes_the_checker_without_a_problem(synthetic: tuple[Path, list[str]]) -> None:
    out, ids = synthetic
    manual, problems = check(out)
    assert [p.format() for p in problems] == []
    assert manual is not None
    assert list(manual.sops) == ids
    assert len(ids) == 45 == len(set(ids))
    # grouped by copy of the real procedures: one full group per copy, the last copy partial
    n = len(_real_ids())
    sizes = [n] * (45 // n) + ([45 % n] if 45 % n else [])
    assert [(title, len(members)) for title, members in manual.sop_groups()] == [
        (f"第{i}组程序", size) for i, size in enumerate(sizes, 1)]


def test_copies_are_renamed_and_refer_to_their_own_copy(synthetic: tuple[Path, list[str]]) -> None:
    out, ids = synthetic
    real_ids = _real_ids()
    assert ids[: len(real_ids)] == real_ids  # copy 0 keeps the real ids
    assert ids[len(real_ids)] == f"{real_ids[0]}-2"
    for sop_id in ids[len(real_ids): 2 * len(real_ids)]:
        sop = _data(out / "sops" / f"{sop_id}.yaml")
        targets = list(sop.get("related", [])) + [s["handoff"] for s in sop["steps"] if s.get("handoff")]
        assert all(t.endswith("-2") for t in targets), (sop_id, targets)


def test_copies_vary_steps_decisions_checklists_and_forms(synthetic: tuple[Path, list[str]]) -> None:
    out, ids = synthetic
    changed_flow = 0
    n = len(_real_ids())
    for sop_id in ids[n:2 * n]:
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
