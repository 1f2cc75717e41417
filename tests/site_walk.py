"""One walk through every page of the built site, in each way staff read it, shared by the tests.

Each page of the site (``built_pages``: every page in force and every page of every pending
revision) and its 404 page is opened twice: at the front-desk screen (1366×768) and on a phone
(360×740). In each, once the page has settled (reading.js finishes its layout 300 ms after
DOMContentLoaded, after Material has wrapped the tables), the walk records:

- ``axe``: axe-core's WCAG 2.1 A/AA violations (``tests/a11y``, pinned, put into each page from
  disk: nothing is fetched), in Material's light scheme;
- ``boxes``: every box that scrolls sideways (overflow, tab stop, hint);
- ``layout``: the page's width against the screen, the width of each step's instructions box, the
  drawn size of every flowchart label, and any element that sticks out on the right;
- at the desk only, ``dark``: the page switched to the dark scheme with Material's own palette
  toggle, as staff switch it, and axe-core's colour rules run again (the same page, laid out the
  same, in other colours: the other rules give what they gave in light).

Going through every page once, and letting the accessibility and the reading tests assert on the
same walk, costs less than the two samples they took before, each with its own pass. One browser;
two tabs per screen: while axe runs in one, another loads its next page.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import ROOT

A11Y = ROOT / "tests" / "a11y"
AXE = A11Y / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
SCREENS = {"desk": {"width": 1366, "height": 768}, "phone": {"width": 360, "height": 740}}
#: Tabs walking at once, per screen: two each keep both cores busy while a tab loads its next page.
TABS = 2

# Started in the page and not awaited (the function returns at once; the result is polled from
# window.__walk): while axe runs in one tab's renderer another tab loads its next page.
START = """({tags, colourRules, dark, audit}) => { window.__walk = null; (async () => {
  const ready = performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd + 400;
  await new Promise(r => setTimeout(r, Math.max(0, ready - performance.now())));
  const report = r => r.violations.map(v => ({
    id: v.id, impact: v.impact,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160),
                              summary: (n.failureSummary || '').slice(0, 300)})),
  }));
  const boxes = () => [...document.querySelectorAll('.md-typeset__scrollwrap, figure.flowchart, figure.orgchart, .form-sheet')]
    .map(box => ({
      overflow: box.scrollWidth - box.clientWidth,
      hint: !!(box._hbHint && !box._hbHint.hidden && box._hbHint.offsetParent),
      tabStop: box.tabIndex >= 0 && box.hasAttribute('tabindex'),
      scrolls: /auto|scroll/.test(getComputedStyle(box).overflowX),
      what: box.tagName.toLowerCase() + '.' + box.className,
    }));
  const layout = () => ({
    scrollWidth: document.documentElement.scrollWidth, innerWidth: innerWidth,
    steps: [...document.querySelectorAll('.steps tbody td:nth-child(3)')].map(td => td.getBoundingClientRect().width),
    labels: [...document.querySelectorAll('figure.flowchart svg text')].map(t => {
      const m = t.getScreenCTM();
      return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
    }),
    wide: [...document.body.querySelectorAll('*')]
      .filter(el => el.getBoundingClientRect().right > innerWidth + 1
                    && !el.closest('.md-typeset__scrollwrap, figure, .md-sidebar, .md-search, .md-header, .md-nav'))
      .slice(0, 3).map(el => el.tagName + '.' + el.className),
  });
  const scheme = () => document.body.getAttribute('data-md-color-scheme');
  // Material's toggle: the visible button of the header's palette form, as a person clicks it
  const toggle = async want => {
    document.querySelector('form[data-md-component=palette] label:not([hidden])').click();
    for (let i = 0; i < 100 && (scheme() !== want || document.body.hasAttribute('data-md-color-switching')); i++)
      await new Promise(r => setTimeout(r, 20));
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)));
  };
  try {
    const out = {scheme: scheme(), boxes: boxes(), layout: layout(),
      axe: audit ? report(await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})) : null};
    if (audit && dark) {
      await toggle('slate');
      out.dark = {scheme: scheme(),
        axe: report(await axe.run(document, {runOnly: {type: 'rule', values: colourRules}, resultTypes: ['violations']}))};
      await toggle('default');  // Material keeps the choice for the next page
    }
    window.__walk = out;
  } catch (e) {
    window.__walk = {error: String(e)};
  }
})(); }"""


def walk(browser: Any, site_url: str, built_site: Path, pages: list[str]) -> dict[str, dict[str, dict]]:
    """{screen: {page path: what the page showed}} for every page of ``pages`` on each screen.

    Without axe-core installed (``npm ci --prefix tests/a11y``; ``make test`` does it) the pages
    are still walked and measured; their ``axe`` is None (the accessibility tests say why)."""
    audit = AXE.exists()
    # the search index (MBs, indexed by each page's worker) plays no part in what is measured; an
    # empty one keeps Material's scripts as they are (a failed request stops some of them)
    config = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    empty_index = json.dumps({"config": config, "docs": []})
    out: dict[str, dict[str, dict]] = {screen: {} for screen in SCREENS}
    queue = {screen: list(pages) for screen in SCREENS}
    tabs = []
    running: dict[int, str] = {}
    try:
        for screen, viewport in SCREENS.items():
            for _ in range(TABS):
                # a context each: the palette toggle of one desk tab must not colour another's page
                context = browser.new_context(viewport=viewport, locale="zh-CN", color_scheme="light")
                context.route("**/search/search_index.json",
                              lambda route: route.fulfill(body=empty_index, content_type="application/json"))
                # axe-core from disk into every page before its own scripts (add_script_tag would
                # send and compile its 560 kB again for each page: a third more time)
                if audit:
                    context.add_init_script(path=str(AXE))
                tabs.append((screen, context.new_page()))

        def start(i: int) -> None:
            screen, tab = tabs[i]
            path = queue[screen].pop(0)
            tab.goto(site_url + path, wait_until="load")
            tab.evaluate(START, {"tags": TAGS, "colourRules": COLOUR_RULES, "dark": screen == "desk", "audit": audit})
            running[i] = path

        for i, (screen, _) in enumerate(tabs):
            if queue[screen]:
                start(i)
        while running:
            for i, path in list(running.items()):
                screen, tab = tabs[i]
                result = tab.evaluate("() => window.__walk")
                if result is None:
                    continue
                del running[i]
                out[screen][path] = result
                if queue[screen]:
                    start(i)
            if running:
                tabs[next(iter(running))][1].wait_for_timeout(30)
    finally:
        for _, tab in tabs:
            tab.context.close()
    return out
