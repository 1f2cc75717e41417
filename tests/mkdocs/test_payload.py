"""A payload in every text field of every model: one real build, and nothing of it is live.

The text fields are derived from the models (``hooks/handbook/data/model.py``): every ``str`` or
``list[str]`` field without a pattern or validator, in every model reachable from the data files.
A copy of the mini fixture gets the payload appended to each of them (optional ones are added),
with a number per field so that the test can tell which field reached which output. A new text
field is therefore covered without touching this test — or the test fails, naming it, when the
fixture has no place for it.

The built site is then read with ``html.parser``: every page (with the SVG in it, its
``<title>`` and its navigation), the sitemap and every entry of the search index. Nothing that
came from the data may be a tag, an event attribute, a ``javascript:`` address or an address of
another host; and the payload must be there as visible text.
"""

from __future__ import annotations

import json
import re
import types
import typing
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from pydantic import BaseModel, ValidationError

from handbook.checks.check import check
from handbook.data.load import parse_document
from handbook.data.yamlnodes import plain
from handbook.data.model import COLLECTIONS, SINGLE_FILES

from conftest import mkdocs_build
from helpers import TODAY, copy_mini, edit, mini_project

pytestmark = pytest.mark.build

EVIL_HOST = "other.host"
SITE_URL = "https://handbook.example.org/"
#: Links the theme and the hand-written guide carry on every build (links, not requests).
KNOWN_LINK_HOSTS = {"squidfunk.github.io", "127.0.0.1:8000", urlsplit(SITE_URL).netloc}
#: Links Zensical's theme carries (its "made with" footer).
ZENSICAL_LINK_HOSTS = {"zensical.org"}
#: Text fields that no page shows (yet): their payload can reach nothing.
NOT_SHOWN = {("Standard", "company"), ("Partner", "description")}  # company: only in <meta name="author">
URL_ATTRS = {"href", "src", "srcset", "action", "formaction", "data", "poster", "xlink:href", "background", "cite"}


def payload(n: int) -> str:
    """The hostile text for field number ``n`` (the number makes each field findable)."""
    return (
        f" P{n}Q <script>alert('PWN{n}')</script><img src=x onerror=alert(1)><svg onload=alert(1)>"
        f" [x](javascript:alert(1)) ![x](http://{EVIL_HOST}/x.png) <a href=\"//{EVIL_HOST}/\">a</a>"
        " ]]> <!-- {% print 6*7 %} | *i* _u_ `c` #"
    )


# --------------------------------------------------------------------------- fields from the models


def _free_text(metadata: tuple[Any, ...]) -> bool:
    """A ``str`` anyone may write anything into: no pattern, no validator."""
    for item in metadata:
        if getattr(item, "pattern", None) or type(item).__name__.endswith("Validator"):
            return False
    return True


def field_kind(annotation: Any, metadata: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
    """("text",), ("list", kind) or ("model", cls) for a field's annotation; None for the rest."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return field_kind(args[0], metadata + tuple(annotation.__metadata__))
    if origin in (typing.Union, types.UnionType):
        kinds = [field_kind(a, metadata) for a in args if a is not type(None)]
        return kinds[0] if len(kinds) == 1 else None
    if origin is list:
        inner = field_kind(args[0])
        return ("list", inner) if inner else None
    if annotation is str:
        return ("text",) if _free_text(metadata) else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return ("model", annotation)
    return None


def _kinds(model: type[BaseModel]) -> dict[str, tuple[Any, ...]]:
    out = {}
    for name, info in model.model_fields.items():
        kind = field_kind(info.annotation, tuple(info.metadata))
        if kind is not None:
            out[name] = kind
    return out


def text_fields() -> set[tuple[str, str]]:
    """(model, field) of every free-text field reachable from the data files' models."""
    found: set[tuple[str, str]] = set()
    seen: set[type[BaseModel]] = set()
    todo = [*SINGLE_FILES.values(), *COLLECTIONS.values()]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, kind in _kinds(model).items():
            while kind[0] == "list":
                kind = kind[1]
            if kind[0] == "text":
                found.add((model.__name__, name))
            else:
                todo.append(kind[1])
    return found


def _allowed(model: type[BaseModel], data: dict[str, Any], name: str) -> bool:
    """Whether the model still accepts ``data`` with the optional field ``name`` written
    (a duty linked to procedures may not give a reason for having none)."""
    try:
        model.model_validate({**data, name: "补充"})
    except ValidationError:
        return False
    return True


def _short_form(model: type[BaseModel]) -> str:
    """The field a model written as a bare string stands for: its only required text field."""
    (name,) = [n for n, k in _kinds(model).items() if k == ("text",) and model.model_fields[n].is_required()]
    return name


class Poisoner:
    """Appends a numbered payload to every text field of a file's data, guided by its model."""

    def __init__(self) -> None:
        self.fields: dict[int, tuple[str, str]] = {}  # payload number -> (model, field)

    def _mark(self, model: type[BaseModel], name: str, text: str) -> str:
        n = len(self.fields) + 1
        self.fields[n] = (model.__name__, name)
        return text + payload(n)

    def poison(self, model: type[BaseModel], data: dict[str, Any]) -> None:
        for name, kind in _kinds(model).items():
            info = model.model_fields[name]
            value = data.get(name)
            if kind == ("text",):
                if value is None and not info.is_required() and _allowed(model, data, name):
                    value = "补充"  # an optional text the fixture leaves out: written here
                if isinstance(value, str):
                    data[name] = self._mark(model, name, value)
            elif kind == ("list", ("text",)):
                if not value and not info.is_required() and name != "options":  # options: choice fields only
                    value = ["补充"]
                if isinstance(value, list):
                    data[name] = [self._mark(model, name, v) for v in value]
            elif kind[0] == "model" and isinstance(value, dict):
                self.poison(kind[1], value)
            elif kind[0] == "list" and kind[1][0] == "model" and isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, str):  # the short form of an item (a checklist item's text)
                        item = value[i] = {_short_form(kind[1][1]): item}
                    self.poison(kind[1][1], item)


def poisoned_copy(root: Path) -> tuple[Path, Poisoner]:
    """The mini fixture with a payload in every text field (and its procedures in a group, so
    that group titles are text too)."""
    data = copy_mini(root)
    edit(data, "handbook.yaml", "    procedures: [repair, complaint]",
         "    groups:\n      - title: 全部程序\n        procedures: [repair, complaint]")
    # what the fixture leaves out: a duty without a procedure, key figures, a defined term
    edit(data, "roles/clerk.yaml", "hours: 两班制", "  - text: 整理档案。\n    no_procedure: 另有制度\n"
         "kpis:\n  - indicator: 满意率\n    target: 95%\nhours: 两班制")
    edit(data, "sops/repair.yaml", "scope: 适用于{{estate.name}}。", "scope: 适用于{{estate.name}}，{{estate.front_desk_hours}}。")
    edit(data, "sops/repair.yaml", "steps:\n", "definitions:\n  - term: 报修\n    meaning: 客户要求维修。\nsteps:\n")
    edit(data, "sops/repair.yaml", "steps:\n", "key_points:\n  - 先登记后派工。\nsteps:\n")  # a key point (text or object)
    poisoner = Poisoner()
    files = [(data / name, model) for name, model in SINGLE_FILES.items()]
    files += [(path, model) for folder, model in COLLECTIONS.items() for path in sorted((data / folder).glob("*.yaml"))]
    for path, model in files:
        doc, problems = parse_document(path.read_bytes(), path.name)
        assert doc is not None and problems == [], problems
        content = plain(doc.data)
        poisoner.poison(model, content)
        path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return data, poisoner


# --------------------------------------------------------------------------- reading the output


class Scan(HTMLParser):
    """Everything in a document that could run, load or link; and its visible text."""

    def __init__(self, where: str) -> None:
        super().__init__(convert_charrefs=True)
        self.where = where
        self.live: list[str] = []
        self.text: list[str] = []
        self.hosts: set[str] = set()
        self._raw: str | None = None  # inside <script> or <style>
        self._json: list[str] | None = None  # inside <script type="application/json">: data, not code
        self._title = 0

    def _flag(self, what: str) -> None:
        self.live.append(f"{self.where}: {what[:160]}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._title:
            self._flag(f"<{tag}> inside <title>")
        if tag == "title":
            self._title += 1
        if tag in ("script", "style"):
            self._raw = tag
            if tag == "script" and dict(attrs).get("type") == "application/json":
                self._json = []
        if tag in ("iframe", "object", "embed", "base"):
            self._flag(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self._flag(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRS:
                address = value.strip().lower()
                if address.startswith(("javascript:", "vbscript:")) or EVIL_HOST in address:
                    self._flag(f"<{tag} {name}={value!r}>")
                parts = urlsplit(address)
                if parts.netloc:
                    if name != "href":
                        self._flag(f"<{tag} {name}={value!r}>: a request to another host")
                    self.hosts.add(parts.netloc)
            if "PWN" in value and name not in ("aria-label", "title", "alt", "content", "value", "data-md-color-scheme"):
                self._flag(f"<{tag} {name}={value!r}>: data in an attribute that is not text")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._raw:
            self._raw = None
        if tag == "script" and self._json is not None:
            self._read_json("".join(self._json))
            self._json = None
        if tag == "title" and self._title:
            self._title -= 1

    def _read_json(self, raw: str) -> None:
        """A JSON data block (the 测验's question bank) is read by a script with ``JSON.parse`` and
        shown with ``textContent``: it must be JSON with no ``<`` at all (nothing in it can end the
        element or open a comment), and its strings are what the page shows."""
        if "<" in raw:
            self._flag(f"'<' inside a JSON data block: {raw[raw.index('<') - 40:raw.index('<') + 40]!r}")
        try:
            value = json.loads(raw)
        except ValueError as e:
            self._flag(f"a JSON data block that is not JSON ({e})")
            return
        stack = [value]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                self.text.append(item)
            elif isinstance(item, dict):
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)

    def handle_data(self, data: str) -> None:
        if self._json is not None:
            self._json.append(data)
            return
        if self._raw is not None:
            if "PWN" in data or EVIL_HOST in data:
                self._flag(f"data inside <{self._raw}>: {data.strip()[:120]!r}")
            return
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        if "PWN" in data or "print 6*7" in data:
            self._flag(f"data inside a comment: {data[:120]!r}")

    def unknown_decl(self, data: str) -> None:
        if "PWN" in data:
            self._flag(f"data inside <![{data[:60]}")

    def handle_decl(self, decl: str) -> None:
        if "PWN" in decl:
            self._flag(f"data inside <!{decl[:60]}")

    def handle_pi(self, data: str) -> None:
        if "PWN" in data:
            self._flag(f"data inside <?{data[:60]}")


def scan(where: str, markup: str) -> Scan:
    parser = Scan(where)
    parser.feed(markup)
    parser.close()
    return parser


# --------------------------------------------------------------------------- the test


def test_text_fields_come_from_the_models() -> None:
    fields = text_fields()
    # a few that must be there, and a few that must not (ids, revisions, time limits, dates)
    assert {("Sop", "title"), ("Step", "action"), ("FormField", "options"), ("ProcedureGroup", "title"),
            ("HistoryEntry", "author"), ("Estate", "hotline")} <= fields
    assert not {("Sop", "revision"), ("Step", "id"), ("Step", "time_limit"), ("Estate", "code"),
                ("Sop", "effective_date"), ("Step", "support")} & fields


def test_double_braces_are_refused_before_any_page_is_made(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "sops/repair.yaml", "title: 报修处理程序", "title: 报修{{ }}处理程序")
    manual, problems = check(data, today=TODAY)
    assert manual is None
    assert [(p.line, p.message) for p in problems] == [(1, "文字中有不成对的 {{ 或 }}")]


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Poisoner]:
    root = tmp_path_factory.mktemp("payload")
    project = mini_project(root)
    data, poisoner = poisoned_copy(root / "poisoned")
    (project / "procedures").rename(root / "clean")
    data.rename(project / "procedures")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "# site_url: https://handbook.example.internal/", f"site_url: {SITE_URL}"), encoding="utf-8")
    site = root / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-6000:]
    return site, poisoner


def test_every_text_field_got_a_payload(payload_site: tuple[Path, Poisoner]) -> None:
    _, poisoner = payload_site
    missing = text_fields() - set(poisoner.fields.values())
    assert missing == set(), f"the mini fixture has no place for these text fields: add one: {sorted(missing)}"


def scan_site(site: Path, search_texts: list[tuple[str, str]]) -> tuple[list[str], set[int], set[str]]:
    """Every page and search text of a built site read for anything live: (what is live, the
    payload numbers shown as text, the hosts linked to)."""
    live: list[str] = []
    shown: set[int] = set()
    hosts: set[str] = set()
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 30
    for path in pages:
        rel = path.relative_to(site).as_posix()
        result = scan(rel, path.read_text(encoding="utf-8"))
        live += result.live
        hosts |= result.hosts
        text = "".join(result.text)
        shown |= {int(n) for n in re.findall(r"P(\d+)Q", text)}
        if "PWN" in text:  # the payload reached this page: it must be there as written
            assert "<script>alert('PWN" in text and f"![x](http://{EVIL_HOST}/x.png)" in text, rel
            assert "<!-- {% print 6*7 %}" in text and "]]>" in text, rel
    for where, markup in search_texts:
        result = scan(f"search {where}", markup)
        live += result.live
        hosts |= result.hosts
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "PWN" not in sitemap and EVIL_HOST not in sitemap
    assert re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", sitemap) is None
    return live, shown, hosts


def test_nothing_from_the_data_is_live(payload_site: tuple[Path, Poisoner]) -> None:
    site, poisoner = payload_site
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = [(f"{doc['location']} {key}", doc[key]) for doc in index["docs"] for key in ("title", "text")]
    live, shown, hosts = scan_site(site, texts)
    assert live == []
    assert hosts <= KNOWN_LINK_HOSTS, hosts - KNOWN_LINK_HOSTS
    # The test proves something only if the fields reached the pages: each must show as text.
    hidden = {poisoner.fields[n] for n in set(poisoner.fields) - shown}
    assert hidden == NOT_SHOWN, f"text fields that no page shows: {sorted(hidden)}"


#: What the 测验's script makes inside the test (training-test.js), and the page's own elements there.
QUIZ_TAGS = {"div", "p", "span", "strong", "label", "input", "button", "ol", "li", "a", "noscript"}


@pytest.mark.browser
def test_the_test_shows_the_payload_as_text(payload_site: tuple[Path, Poisoner], browser) -> None:
    """The question bank goes from JSON to the page through textContent only: after drawing, answering
    and scoring a test of poisoned questions (opened from the folder, file://), the test holds no
    element the script does not make, no script ran, and the payload is there as written."""
    site, _ = payload_site
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto((site / "training" / "clerk" / "test" / "index.html").as_uri() + "#n=5", wait_until="load")
        bank = page.evaluate("() => JSON.parse(document.querySelector('script[data-quiz-bank]').textContent)")
        right = {q["id"]: q["answer"] for q in bank["questions"]}
        questions = page.locator(".quiz-q")
        assert questions.count() > 3
        for i in range(questions.count()):  # every answer wrong: every explanation and link is shown
            item = questions.nth(i)
            item.locator(".quiz-choice").nth(1 if right[item.get_attribute("data-q")] == 0 else 0).click()
        page.click("[data-quiz-submit]")
        tags = set(page.evaluate("() => [...document.querySelectorAll('.quiz-app *')].map(e => e.localName)"))
        assert tags <= QUIZ_TAGS, tags - QUIZ_TAGS
        text = page.inner_text(".quiz-list")
        assert "<script>alert('PWN" in text and f"![x](http://{EVIL_HOST}/x.png)" in text
        links = page.eval_on_selector_all(".quiz-link", "links => links.map(a => a.href)")
        assert len(links) == questions.count()
        assert all(link.startswith("file://") and ("#step-" in link or "sops/" in link) for link in links)
        assert dialogs == []
    finally:
        context.close()


def _strings(value: Any, where: str = "") -> list[tuple[str, str]]:
    if isinstance(value, str):
        return [(where, value)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(v, f"{where}.{k}")]
    if isinstance(value, list):
        return [s for i, v in enumerate(value) for s in _strings(v, f"{where}[{i}]")]
    return []


def test_nothing_from_the_data_is_live_in_the_zensical_build(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The same poisoned handbook through the Zensical adapter (its own configuration, the site's
    name and author included): pages, sitemap and search index."""
    import subprocess
    import sys

    root = tmp_path_factory.mktemp("payload-zensical")
    project = mini_project(root)
    data, poisoner = poisoned_copy(root / "poisoned")
    (project / "procedures").rename(root / "clean")
    data.rename(project / "procedures")
    result = subprocess.run([sys.executable, "-m", "handbook_zensical", "--root", str(project)],
                            capture_output=True, text=True, check=False, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    site = project / "site-zensical"
    index = json.loads((site / "search.json").read_text(encoding="utf-8"))
    live, shown, hosts = scan_site(site, _strings(index))
    assert live == []
    assert hosts <= KNOWN_LINK_HOSTS | ZENSICAL_LINK_HOSTS, hosts - KNOWN_LINK_HOSTS - ZENSICAL_LINK_HOSTS
    hidden = {poisoner.fields[n] for n in set(poisoner.fields) - shown}
    assert hidden == NOT_SHOWN, f"text fields that no Zensical page shows: {sorted(hidden)}"


def test_payload_titles_in_navigation_and_search_are_text(payload_site: tuple[Path, Poisoner]) -> None:
    site, _ = payload_site
    page = (site / "sops" / "repair" / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title is not None and "&lt;script&gt;" in title.group(1) and "<script" not in title.group(1)
    nav = re.findall(r'<a href="[^"]*"[^>]*class="md-nav__link[^"]*"[^>]*>(.*?)</a>', page, re.S)
    assert any("&lt;script&gt;alert" in entry for entry in nav)
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = [d["title"] for d in index["docs"] if d["location"].startswith("sops/repair/")]
    assert titles and all("<script" not in t and "<img" not in t for t in titles)


class BookScan(Scan):
    """:class:`Scan` for the HTML a PDF is laid out from: the running heads and bookmarks take a
    section's title, document number and revision from its ``data-*`` attributes (escaped
    attribute values, read by CSS ``string-set`` and ``bookmark-label``, never as markup)."""

    TEXT_ATTRS = ("data-title", "data-bookmark", "data-code", "data-rev", "data-date")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        super().handle_starttag(tag, [(n, v) for n, v in attrs if n not in self.TEXT_ATTRS])


def test_nothing_from_the_data_is_live_in_the_printed_books(tmp_path: Path) -> None:
    """``make pdf`` lays its books out from HTML made of the same pages (the same renderers) plus
    the books' own cover, distribution record, contents and lists: the payloads are text there too.
    (WeasyPrint is not needed: this reads the HTML it would be given.)"""
    from datetime import date

    from handbook.paper import document

    data, poisoner = poisoned_copy(tmp_path / "poisoned")
    manual, problems = check(data, today=TODAY)
    assert manual is not None, problems
    printed = date(2026, 12, 1)
    live: list[str] = []
    shown: set[int] = set()
    books = [document.manual_book(manual, printed), document.binder_book(manual, printed),
             document.forms_book(manual, printed)]
    for book in books:
        parser = BookScan(f"pdf {book.title[:20]}")
        parser.feed(document.to_html(manual, book, printed))
        parser.close()
        live += parser.live
        assert parser.hosts <= KNOWN_LINK_HOSTS, parser.hosts - KNOWN_LINK_HOSTS
        text = "".join(parser.text)
        shown |= {int(n) for n in re.findall(r"P(\d+)Q", text)}
        assert "<script>alert('PWN" in text and f"![x](http://{EVIL_HOST}/x.png)" in text, book.title[:20]
    assert live == []
    # the whole manual shows what the site shows, bar what only the site's own pages carry
    hidden = {poisoner.fields[n] for n in set(poisoner.fields) - shown}
    assert len(hidden) <= len(NOT_SHOWN) + 6, sorted(hidden)
