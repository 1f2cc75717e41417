"""``python bench/search_eval.py QUERIES.yaml [MORE.yaml ...]``: how well the search box answers a
query set, as aggregates only.

Builds the handbook once (``mkdocs build`` into a temporary folder, or ``--site DIR`` to reuse a
built site; ``--offline`` builds ``mkdocs-offline.yml`` and opens it by ``file://``), opens it in
headless Chromium and types each query into the real search box the way ``tests/searchbox.py``
does. Each entry of a query file is ``q`` (what is typed), ``want`` (or ``first``: the page that
must come first, relative to the site root) and optionally ``kind`` and ``also`` (other pages a clerk
would accept: they count for the top-three figure, never for right first).

It prints, per file, only: the number of queries, the share whose page came first, the share with
the page in the top three, the share that found nothing, and the share right first per ``kind``.
No query text and no miss is ever printed, so a held-out set (the blind judge set) can be
measured without anyone reading it. ``--json PATH`` writes the same figures.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "hooks"))

from browser import ARGS, CHROMIUM, serve_folder  # noqa: E402
from searchbox import search  # noqa: E402


def load(path: Path) -> list[dict[str, Any]]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]
    return [{"q": str(e["q"]), "want": e.get("want") or e["first"], "kind": e.get("kind") or "-",
             "also": [str(a) for a in e.get("also") or []]} for e in entries]


def build(site: Path, offline: bool) -> None:
    config = "mkdocs-offline.yml" if offline else "mkdocs.yml"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "hooks"))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / config), "-d", str(site)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("build failed:\n" + result.stderr[-3000:])


def ranks(site: Path, sets: dict[str, list[dict[str, Any]]], offline: bool) -> dict[str, list[list[str]]]:
    from playwright.sync_api import sync_playwright

    out: dict[str, list[list[str]]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        page = context.new_page()
        if offline:
            page.goto((site / "index.html").as_uri(), wait_until="load")
            root = site.as_posix()
            for name, queries in sets.items():
                out[name] = [[h.path.replace(".html", "/").replace("index/", "") for h in search(page, e["q"], root)[:5]]
                             for e in queries]
        else:
            with serve_folder(site) as url:
                page.goto(url + "/", wait_until="load")
                for name, queries in sets.items():
                    out[name] = [[h.path for h in search(page, e["q"], "/")[:5]] for e in queries]
        browser.close()
    return out


def figures(queries: list[dict[str, Any]], found: list[list[str]]) -> dict[str, Any]:
    """The figures of one set. Right first is the ``want`` page only; in the top three is the
    ``want`` page or one of its ``also`` pages."""
    first = top3 = none = 0
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for entry, pages in zip(queries, found):
        right = bool(pages) and pages[0] == entry["want"]
        first += right
        top3 += any(p in pages[:3] for p in [entry["want"], *entry.get("also", [])])
        none += not pages
        kinds[entry["kind"]][0] += right
        kinds[entry["kind"]][1] += 1
    n = len(queries)
    return {"total": n, "first": first / n, "top3": top3 / n, "nothing": none / n,
            "kinds": {k: {"n": v[1], "first": v[0] / v[1]} for k, v in sorted(kinds.items())}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--site", type=Path, help="a built site to use (default: build one)")
    parser.add_argument("--offline", action="store_true", help="the folder build, opened by file://")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--misses", action="store_true",
                        help="also print the misses (refused for a blind set: a file named *blind* or *judge*)")
    args = parser.parse_args()
    sets = {str(f): load(f) for f in args.files}
    with tempfile.TemporaryDirectory(prefix="search-eval-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build(site, args.offline)
        found = ranks(site.resolve(), sets, args.offline)
    report = {name: figures(sets[name], found[name]) for name in sets}
    for name, r in report.items():
        print(f"{name}: total {r['total']}, right first {r['first']:.1%}, in top 3 {r['top3']:.1%}, "
              f"nothing found {r['nothing']:.1%}")
        for kind, k in r["kinds"].items():
            print(f"  {kind}: {k['n']} queries, right first {k['first']:.1%}")
        if args.misses:
            if "blind" in name or "judge" in name:
                print("  (misses of a blind set are never printed)")
                continue
            for entry, pages in zip(sets[name], found[name]):
                if not pages or pages[0] != entry["want"]:
                    print(f"  MISS {entry['kind']} {entry['q']} -> {entry['want']}: {pages[:3]}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
