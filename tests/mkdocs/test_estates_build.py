"""``make build-all``: one complete handbook per estate, and nothing of one estate in another's.

Every file of both builds is read — pages, inline and separate SVG, the search index (its
``\\uXXXX`` escapes decoded and jieba's word breaks removed), scripts, the sitemap — and searched
for the other estate's name (both spellings, and each half, in case a flowchart label was broken
between two lines), office, hotline and document codes.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.build

MARKS = {
    "lnxc": ["鲁能", "星城", "6000 0000", "LNXC-", "CELE2008"],
    "hkyz": ["海客", "瀛洲", "6100 0000", "HKYZ-", "HKYZ2026"],
}
OWN_NAME = {"lnxc": "鲁能·星城", "hkyz": "海客瀛洲"}
TEXT = {".html", ".svg", ".json", ".js", ".xml", ".txt", ".css", ".gz", ".md"}


@pytest.fixture(scope="module")
def estates_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site-estates")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("ESTATE", None)
    result = subprocess.run([sys.executable, "-m", "handbook_mkdocs.estates", "--out", str(out)],
                            capture_output=True, text=True, env=env, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-4000:]
    return out


def _texts(site: Path):
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in TEXT:
            continue
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        text = raw.decode("utf-8")
        if path.suffix == ".json":
            text = json.dumps(json.loads(text), ensure_ascii=False)
        text = unescape(text).replace("\u200b", "")
        yield path, text, re.sub(r"<[^>]+>", "", text)  # labels split across SVG lines join up


@pytest.mark.parametrize("estate, other", [("hkyz", "lnxc"), ("lnxc", "hkyz")])
def test_no_estate_says_anothers_name(estates_site: Path, estate: str, other: str) -> None:
    site = estates_site / estate
    found, pages, files = [], 0, 0
    for path, text, bare in _texts(site):
        files += 1
        for mark in MARKS[other]:
            if mark in text or mark in bare:
                found.append(f"{path.relative_to(site)}: {mark}")
        if path.suffix == ".html" and path.name != "404.html":
            pages += 1
            assert OWN_NAME[estate] in text, path  # its own name on every page (the title at least)
    assert found == []
    assert pages > 100 and files > pages
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    words = json.dumps(index, ensure_ascii=False).replace("\u200b", "")
    assert MARKS[estate][-2] in words and OWN_NAME[estate].replace("·", "") in words.replace("·", "")


def test_each_estate_has_its_own_numbers_pages_and_departures(estates_site: Path) -> None:
    hkyz, lnxc = estates_site / "hkyz", estates_site / "lnxc"
    assert (hkyz / "sops" / "slope-rainstorm-watch" / "index.html").is_file()
    assert not (lnxc / "sops" / "slope-rainstorm-watch").exists()
    outages = [(site / "sops" / "planned-outages" / "index.html").read_text(encoding="utf-8") for site in (hkyz, lnxc)]
    assert "停电前补满水箱并停靠电梯" in outages[0] and "停电前补满水箱并停靠电梯" not in outages[1]
    assert (lnxc / "sops" / "move-in" / "index.html").is_file() and not (hkyz / "sops" / "move-in").exists()
    shift = (hkyz / "sops" / "shift-handover" / "index.html").read_text(encoding="utf-8")
    assert "当面核对收款记录、票据和钥匙" in shift and "023-6100 0000" not in shift.split("<title>")[0]
    stamp = (hkyz / "checklists" / "shift-handover" / "index.html").read_text(encoding="utf-8")
    assert "HKYZ2026/KF/SC/001" in stamp and "HKYZ-KF-" in stamp
    deviations = (hkyz / "appendix" / "deviations" / "index.html").read_text(encoding="utf-8")
    assert "计划停水停电通知程序" in deviations and "入伙手续办理程序" in deviations
    assert "边坡、挡土墙及地下车库雨季巡查与险情报告" in deviations
    company = (estates_site / "index.html").read_text(encoding="utf-8")
    assert 'href="lnxc/index.html"' in company and 'href="hkyz/index.html"' in company
    assert (estates_site / "deviations.html").is_file()
    for estate, name in OWN_NAME.items():
        title = re.search(r"<title>(.*?)</title>", (estates_site / estate / "index.html").read_text(encoding="utf-8"))
        assert title is not None and name in unescape(title.group(1))


def test_an_estates_own_aliases_are_searched_only_in_its_handbook(estates_site: Path) -> None:
    hkyz, lnxc = estates_site / "hkyz", estates_site / "lnxc"
    page = (hkyz / "sops" / "planned-outages" / "index.html").read_text(encoding="utf-8")
    assert "高区停水" in page and "水箱清洗" in page  # listed on the page it leads to
    for site, expected in ((hkyz, True), (lnxc, False)):
        said = any("高区停水" in text for _, text, _ in _texts(site))
        assert said is expected, site


def test_build_all_sets_each_estate_on_the_plugin_not_in_the_environment(tmp_path: Path) -> None:
    """``make build-all`` gives each estate to the plugin's ``estate`` option; the environment's
    ESTATE (here naming the other estate) is neither used nor changed."""
    from helpers import mini_estates, mini_project

    project = mini_project(tmp_path)
    mini_estates(project / "procedures", {"garden": "东花园", "park": "西公园"})
    code = ("import os, sys\nfrom pathlib import Path\nfrom handbook_mkdocs.estates import build_all\n"
            "build_all(Path.cwd(), Path(sys.argv[1]))\nprint(os.environ['ESTATE'])\n")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", ESTATE="park")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "out")], cwd=project, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "park"
    for estate, name, other in (("garden", "东花园", "西公园"), ("park", "西公园", "东花园")):
        page = (tmp_path / "out" / estate / "index.html").read_text(encoding="utf-8")
        assert name in re.search(r"<title>(.*?)</title>", page, re.S).group(1) and other not in page
