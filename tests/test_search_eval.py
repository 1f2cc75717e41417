"""``bench/search_eval.py`` counts what it says: right first is the wanted page only; the top three
accept the wanted page or one of the other pages a query's ``also`` lists."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from helpers import bench_module


def _search_eval() -> ModuleType:
    return bench_module("search_eval")


def test_also_counts_for_the_top_three_and_never_for_right_first(tmp_path: Path) -> None:
    queries = tmp_path / "set.yaml"
    queries.write_text(
        "queries:\n"
        "  - {q: 甲, want: a/, kind: lookup, also: [b/]}\n"
        "  - {q: 乙, first: c/}\n", encoding="utf-8")
    search_eval = _search_eval()
    entries = search_eval.load(queries)
    assert entries[0]["also"] == ["b/"] and entries[1] == {"q": "乙", "want": "c/", "kind": "-", "also": []}
    report = search_eval.figures(entries, [["b/", "x/"], ["x/", "y/", "z/", "c/"]])
    assert report["first"] == 0 and report["top3"] == 0.5 and report["nothing"] == 0
    report = search_eval.figures(entries, [["a/"], []])
    assert report["first"] == 0.5 and report["top3"] == 0.5 and report["nothing"] == 0.5
    assert report["kinds"] == {"-": {"n": 1, "first": 0.0}, "lookup": {"n": 1, "first": 1.0}}
