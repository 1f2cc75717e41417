"""``python bench/search_phone.py SITE``: what the search costs on a phone.

Prints the sizes a phone downloads for the search (the index, raw and gzipped; the worker with
its prelude and tables) and, in headless Chromium at 360×740 with the CPU slowed 4× (CDP
``Emulation.setCPUThrottlingRate``), the time from opening the home page to the first result of
a query typed as soon as the box is there: page load, worker start, index build and the query
(median of ``--runs`` fresh pages), then the median time of a further query on the warm worker.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import ARGS, CHROMIUM, serve_folder  # noqa: E402

BOX = "input[data-md-component=search-query]"
META = ".md-search-result__meta"
QUERIES = ["丢钥匙", "楼上娃儿天天跑跳 吵得很", "鑰匙寄放", "tingshui tongzhi", "报秀"]


def kb(n: int) -> str:
    return f"{n / 1024:.0f} KB"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    index = (args.site / "search" / "search_index.json").read_bytes()
    worker = next((args.site / "assets" / "javascripts" / "workers").glob("search.*.min.js")).read_bytes()
    print(f"index: {kb(len(index))} on disk, {kb(len(index.decode('utf-8').encode('utf-8')))}, "
          f"{kb(len(gzip.compress(index, 9)))} gzipped; worker: {kb(len(worker))}, {kb(len(gzip.compress(worker, 9)))} gzipped")
    from playwright.sync_api import sync_playwright

    firsts, warm = [], []
    with sync_playwright() as p, serve_folder(args.site) as url:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        for run in range(args.runs):
            context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN", is_mobile=True,
                                          has_touch=True, device_scale_factor=2)
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            start = time.perf_counter()
            page.goto(url + "/", wait_until="commit")
            page.wait_for_selector(BOX, state="attached")
            page.locator(BOX).evaluate("(b, q) => { b.value = q; b.dispatchEvent(new Event('input', {bubbles: true})); b.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true})); }",
                                       QUERIES[run % len(QUERIES)])
            page.wait_for_function(f"document.querySelector('{META}') && /结果/.test(document.querySelector('{META}').textContent)"
                                   " && document.querySelector('.md-search-result__item')", timeout=120_000)
            firsts.append(time.perf_counter() - start)
            for q in QUERIES:
                page.locator(BOX).evaluate("b => { b.value = ''; b.dispatchEvent(new Event('input', {bubbles: true})); b.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true})); }")
                page.wait_for_function(f"!/结果/.test(document.querySelector('{META}').textContent)")
                t = time.perf_counter()
                page.locator(BOX).evaluate("(b, q) => { b.value = q; b.dispatchEvent(new Event('input', {bubbles: true})); b.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true})); }", q)
                page.wait_for_function(f"/结果/.test(document.querySelector('{META}').textContent)", timeout=60_000)
                warm.append(time.perf_counter() - t)
            context.close()
        browser.close()
    print(f"CPU 4x slower, 360x740: first result {statistics.median(firsts):.2f} s after opening the page "
          f"(median of {len(firsts)}, {min(firsts):.2f}-{max(firsts):.2f} s); a further query {statistics.median(warm) * 1000:.0f} ms "
          f"(median of {len(warm)})")


if __name__ == "__main__":
    main()
