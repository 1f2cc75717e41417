"""偏离标准一览: every departure of an estate, with its reason and date, in its handbook and on
the company site; and nothing of another estate in an estate's page."""

from __future__ import annotations

import html
from datetime import date

import pytest

from handbook.checks.check import check
from handbook.data.load import read_document
from handbook.render.deviation_page import company_pages
from handbook.render.urls import DEVIATIONS as PAGE
from handbook.site.build import build_site, render_pages

from conftest import DATA

TODAY = date(2026, 12, 7)


@pytest.fixture(scope="module")
def manuals():
    return {e: check(DATA, TODAY, e)[0] for e in ("lnxc", "hkyz")}


def _declared(estate: str) -> list[tuple[str, str, str]]:
    """(kind, id, reason) of every departure, read from estate.yaml as written."""
    path = DATA / "estates" / estate / "estate.yaml"
    doc, problems = read_document(path, str(path))
    assert problems == []
    found = [("commitment", c["id"], c["reason"]) for c in doc.data.get("commitments", [])]
    for kind in ("added", "replaced", "omitted"):
        found += [(kind, p["id"], p["reason"]) for p in doc.data.get("procedures", {}).get(kind, [])]
    return found


def test_every_departure_of_the_second_estate_is_listed_with_its_reason(manuals) -> None:
    declared = _declared("hkyz")
    assert [k for k, _, _ in declared].count("replaced") == 2  # planned-outages and shift-handover
    assert {k for k, _, _ in declared} == {"commitment", "added", "replaced", "omitted"}  # every kind, replaced twice
    page = render_pages(manuals["hkyz"])[PAGE]
    site = company_pages(manuals["hkyz"].company, TODAY)["deviations.html"]
    lnxc = check(DATA, TODAY, "lnxc")[0]
    for kind, item, reason in declared:
        assert reason in page, (kind, item)
        assert html.escape(reason) in site, (kind, item)
        if kind in ("added", "replaced"):
            assert f"(../sops/{item}.md)" in page
            assert f'href="hkyz/sops/{item}/"' in site
        elif kind == "omitted":
            assert lnxc.sops[item].title in page
        else:
            assert lnxc.commitments[item].title in page
    assert f"共 {len(declared)} 处偏离" in page
    assert "2026-12-10" in page


def test_each_handbook_carries_only_its_own_departures(manuals) -> None:
    lnxc_page = render_pages(manuals["lnxc"])[PAGE]
    assert "没有偏离" in lnxc_page
    for reason in (r for _, _, r in _declared("hkyz")):
        assert reason not in lnxc_page
    assert "海客瀛洲" not in lnxc_page and "鲁能" not in render_pages(manuals["hkyz"])[PAGE]
    nav = str(build_site(manuals["hkyz"]).nav)
    assert "'偏离标准一览': 'appendix/deviations.md'" in nav


def test_company_index_lists_estates_with_revision_and_status(manuals) -> None:
    index = company_pages(manuals["lnxc"].company, TODAY)["index.html"]
    rows = index.split("<tr><td>")[1:]
    assert [r.split('">', 1)[1].split("<", 1)[0] for r in rows] == ["鲁能·星城", "海客瀛洲"]
    assert "<td>C/0</td>" in rows[0] and "<td>A/0</td>" in rows[1]
    assert "待生效" in rows[1] and "0 处" in rows[0] and "5 处" in rows[1] and "示例数据" in rows[1]
    later = company_pages(manuals["lnxc"].company, date(2026, 12, 20))["index.html"]
    assert later.count("现行") == 2


def test_company_page_escapes_data() -> None:
    manual = check(DATA, TODAY, "hkyz")[0]
    company = manual.company
    ef = company.estates["hkyz"]
    bad = ef.model_copy(update={"estate": ef.estate.model_copy(update={"name": "<script>alert(1)</script>"})})
    pages = company_pages(type(company)(**{**company.__dict__, "estates": {"hkyz": bad}}), TODAY)
    assert "<script>" not in pages["index.html"]  # escaped (as character references) ...
    assert "<script>alert(1)</script>" in html.unescape(pages["index.html"])  # ... and shown as text
