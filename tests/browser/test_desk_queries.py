"""The desk's own queries (``desk_queries.yaml``), typed into the search box in headless Chromium.

Each query is typed the way a clerk types it (see ``searchbox``) into the served handbook, and
the result groups are read from the page. The share of queries whose page comes first must be at
least 95 %, and every page must be in the top three. The five queries named in issue 19 must each
come first. The measured shares and the misses are printed (``pytest -s``) and written to
``$DESK_QUERIES_REPORT`` when that is set, so a before/after comparison can be made.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from searchbox import search

pytestmark = pytest.mark.browser

def load(name: str) -> list[dict[str, str]]:
    return yaml.safe_load((Path(__file__).with_name(name)).read_text(encoding="utf-8"))["queries"]


QUERIES = load("desk_queries.yaml")
HELD_OUT = load("desk_queries_holdout.yaml")
MUST_BE_FIRST = {"丢钥匙", "退押金", "噪音", "开发票", "水管爆了"}




def typed(page, queries: list[dict[str, str]]) -> dict[str, list[str]]:
    """For each query, the pages of its first five result groups, in order."""
    return {entry["q"]: [hit.path for hit in search(page, entry["q"], "/")[:5]] for entry in queries}


@pytest.fixture(scope="module")
def ranks(home) -> dict[str, list[str]]:
    return typed(home, QUERIES)


def shares(ranks: dict[str, list[str]], queries: list[dict[str, str]] = QUERIES) -> tuple[float, float, list[str]]:
    first = top3 = 0
    misses = []
    for entry in queries:
        pages = ranks[entry["q"]]
        first += bool(pages) and pages[0] == entry["first"]
        top3 += entry["first"] in pages[:3]
        if not pages or pages[0] != entry["first"]:
            misses.append(f"{entry['q']} → {entry['first']}: {pages[:3]}")
    return first / len(queries), top3 / len(queries), misses


def test_the_query_set_is_large_and_distinct() -> None:
    assert len(QUERIES) >= 60
    assert len({e["q"] for e in QUERIES + HELD_OUT}) == len(QUERIES) + len(HELD_OUT)
    assert MUST_BE_FIRST <= {e["q"] for e in QUERIES}


def test_the_desk_queries_find_their_page(ranks: dict[str, list[str]]) -> None:
    first, top3, misses = shares(ranks)
    summary = f"{len(QUERIES)} queries: first {first:.1%}, top 3 {top3:.1%}"
    print("\n" + summary + "".join("\n  " + m for m in misses))
    if os.environ.get("DESK_QUERIES_REPORT"):
        Path(os.environ["DESK_QUERIES_REPORT"]).write_text(
            json.dumps({"first": first, "top3": top3, "misses": misses, "ranks": ranks}, ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
    assert first >= 0.95 and top3 == 1.0, summary + "\n" + "\n".join(misses)


@pytest.mark.parametrize("query", sorted(MUST_BE_FIRST))
def test_the_queries_of_the_issue_put_their_procedure_first(ranks: dict[str, list[str]], query: str) -> None:
    expected = next(e["first"] for e in QUERIES if e["q"] == query)
    assert ranks[query][:1] == [expected], f"{query}: {ranks[query]}"


def test_the_held_out_queries_keep_their_measured_level(home) -> None:
    """desk_queries_holdout.yaml was kept out of the tuning (see its header). When this was written
    it gave 84.6 % first and 97.4 % top 3 (before the search work: 59.0 % and 79.5 %); a change
    that loses more than a few of them is a step back for words nobody fitted the search to."""
    first, top3, misses = shares(typed(home, HELD_OUT), HELD_OUT)
    summary = f"{len(HELD_OUT)} held-out queries: first {first:.1%}, top 3 {top3:.1%}"
    print("\n" + summary + "".join("\n  " + m for m in misses))
    assert first >= 0.80 and top3 >= 0.95, summary + "\n" + "\n".join(misses)
