"""Typing a query into Material's search box in Chromium, the way a person does, and reading the results.

In Chromium, typing Chinese with ``press_sequentially`` does not fire the search (no composition
events reach the page); filling the input and dispatching ``keyup`` does what the input method's
commit does. The search worker starts after the page has loaded (and, opened from a folder, only
when the search is first opened); until it is ready the result list shows
``正在初始化搜索引擎``, so each query first clears the box and waits for the empty-query prompt.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Page, expect

BOX = "input[data-md-component=search-query]"
META = ".md-search-result__meta"
PROMPT = "键入以开始搜索"  # Material's zh placeholder: the worker is ready and the box is empty
READY_TIMEOUT = 30_000  # ms; building the index takes well under a second here

_READ_RESULTS = """items => items.map(item => {
  const link = item.querySelector("a.md-search-result__link");
  const title = link.querySelector("h1, h2");
  return {
    href: link.href,
    title: (title ? title.textContent : "").replaceAll("\\u200b", ""),
    marks: [...item.querySelectorAll("mark")].map(m => m.textContent.replaceAll("\\u200b", "")),
  };
})"""


@dataclass(frozen=True)
class Hit:
    """One result group: a page, its title, and the words highlighted anywhere in the group."""

    path: str  # relative to the site root, without query or anchor: "sops/x/" or "sops/x.html"
    title: str
    marks: tuple[str, ...]


def search(page: Page, query: str, site_root: str) -> list[Hit]:
    """Type ``query`` into the search box of ``page`` and return the result groups in order.

    ``site_root`` is the URL path of the site's root folder ("/" when served, the folder's
    path for a ``file://`` build).
    """
    box = page.locator(BOX)
    meta = page.locator(META)
    box.fill("")
    box.dispatch_event("keyup")
    expect(meta).to_have_text(PROMPT, timeout=READY_TIMEOUT)
    box.fill(query)
    box.dispatch_event("keyup")
    expect(meta).to_contain_text("结果")  # "N 个符合条件的结果", "找到 1 个…" or "没有找到…"
    raw = page.locator(".md-search-result__item").evaluate_all(_READ_RESULTS)
    return [Hit(_site_path(r["href"], site_root), r["title"], tuple(r["marks"])) for r in raw]


def _site_path(href: str, site_root: str) -> str:
    path = unquote(urlsplit(href).path)
    root = site_root if site_root.endswith("/") else site_root + "/"
    return path[len(root):] if path.startswith(root) else path
