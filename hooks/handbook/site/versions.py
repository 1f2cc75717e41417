"""The pages of revisions not yet in force, and the banners that tie them to the pages in force.

An **edition** is the handbook as it is on a day (:mod:`handbook.site.inforce`): the one in force
today, and one for each later day on which a pending revision takes effect. The site's addresses
show the edition in force. A page whose text changes on a later day gets, for that day, a page of
its own under its address (``sops/move-in/2027-01-01/``), marked 待生效 from top to bottom (banner,
title, a watermark on paper, and the 待生效 mark on its printed sheets and stamps); the page in
force links to it ("新版 … 自 2027-01-01 起执行：查看新版 · 改了什么"). Only the pages of controlled
documents get pending versions (procedures, checklists, forms, job descriptions, the cover and the
parts, the commitments and the glossary); the appendix reports describe the edition they are in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from handbook.render import urls
from handbook.render.markup import Md, inline
from handbook.render.spec import PageKind, PageSpec
from handbook.render.templating import render
from handbook.site.inforce import HANDBOOK, Controlled, Version

#: The kinds of page that belong to a controlled document and so get pending versions.
VERSIONED: frozenset[PageKind] = frozenset({"cover", "part", "procedure", "checklist", "role", "form", "reference"})
#: How much a pending page counts in the search, against its page in force.
PENDING_BOOST = 0.1


def document_of(spec: PageSpec) -> str:
    """The controlled document a page belongs to: a procedure (its page and checklist) or the
    handbook (everything else)."""
    if spec.kind in ("procedure", "checklist"):
        return f"sops/{spec.path.rsplit('/', 1)[1][:-3]}"
    return HANDBOOK


@dataclass(frozen=True)
class Neutral:
    """Links written as their target's own address, wherever the page is: to compare two
    editions' pages without the depth of their addresses getting in the way."""

    def href(self, target: str, anchor: str | None = None) -> str | None:
        return "/" + target + (f"#{anchor}" if anchor else "")


@dataclass(frozen=True)
class EditionLinks:
    """Links on a page of the edition of ``day``: to the version of each page that applies on that
    day (its pending page when it changes by then, the page in force otherwise)."""

    here: str
    day: date | None  # None: the edition in force
    versions: Mapping[str, list[date]]  # page → the days on which it gets a pending page
    #: Generated pages that some edition has but the site does not carry (a training path of a
    #: role that is not in force yet): a link to one is plain text, never a dead link.
    absent: frozenset[str] = frozenset()

    def href(self, target: str, anchor: str | None = None) -> str | None:
        address = target
        if self.day is not None:
            days = [d for d in self.versions.get(target, []) if d <= self.day]
            if days:
                address = urls.pending(target, max(days))
        if address in self.absent:
            return None
        return urls.SiteLinks(self.here).href(address, anchor)


def version_of(doc: Controlled | None, day: date) -> Version | None:
    """The revision of ``doc`` that applies on ``day``."""
    return doc.in_force(day) if doc is not None else None


def _what(spec: PageSpec) -> str:
    return {"procedure": "本程序", "checklist": "本检查单", "form": "本表格", "role": "本岗位职责"}.get(spec.kind, "本手册")


def newer_banner(spec: PageSpec, doc: Controlled | None, today: date, later: list[date]) -> Md:
    """On a page in force: the revisions of its text that take effect later, each linked."""
    links = []
    for day in later:
        version = version_of(doc, day)
        label = f"{version.revision} " if version is not None else ""
        links.append(Md("新版 {}自 {} 起执行：{} · {}").format(
            label, day.isoformat(), urls.link("查看新版", urls.pending(spec.path, day)),
            urls.link("改了什么", urls.pending(spec.path, day), anchor="what-changed")))
    current = version_of(doc, today)
    title = Md("现行版本{}").format(f" {current.revision}（{current.effective.isoformat()} 起执行）" if current else "")
    body = Md('<span class="version-static">本页是今天（{}）执行的文本。{}</span>\n\n{}').format(
        today.isoformat(), Md("到期后请改按新版执行。") if later else Md(""), Md("  \n").join(links))
    return render("version_banner.html", kind="newer", title=title, body=body, effective=later[0].isoformat(),
                  until="") + Md("\n\n")


def pending_banner(spec: PageSpec, doc: Controlled | None, day: date, today: date, in_force: bool,
                   first: bool, until: date | None = None) -> Md:
    """On the text of a revision not yet in force: 待生效 from top to bottom, which revision applies
    until then (with a link to it), and what the revision changes."""
    version = version_of(doc, day)
    previous = version_of(doc, today)
    what = _what(spec)
    label = f" {version.revision}" if version is not None else ""
    title = Md("待生效：{}{} 自 {} 起执行").format(what, label, day.isoformat())
    if first:
        before = Md("{}此前没有生效的版本；{} 之前如何办理，请向归口岗位确认。").format(what, day.isoformat())
    else:
        before = Md("{} 之前仍执行{}：{}。").format(
            day.isoformat(), Md(" {}").format(previous.revision) if previous is not None else "现行版本",
            urls.link("查看现行版本", spec.path) if in_force else Md("见现行文本"))
    changes = Md("（修订记录中没有这一改次的说明，请向归口岗位了解）")
    if version is not None and version.summary:
        changes = inline(version.summary)
    body = Md('<span class="version-static">{}</span>\n\n<span id="what-changed"></span>**改了什么**：{}').format(
        before, changes)
    if until is not None:
        body += Md("\n\n本页的版本执行到 {} 为止，之后由更新的版本取代。").format(until.isoformat())
    return render("version_banner.html", kind="first" if first else "pending", title=title, body=body,
                  effective=day.isoformat(), until=until.isoformat() if until else "") + Md("\n\n")


def pending_title(title: str, day: date) -> str:
    return f"{title}（待生效 · {day.isoformat()} 起）"
