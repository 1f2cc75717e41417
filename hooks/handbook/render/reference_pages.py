"""The reference tables of the appendix: 服务承诺一览 (the one register of time limits) and 术语
(with the desk's own words of ``search.yaml``)."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.manual.manual import Manual
from handbook.render import urls
from handbook.data.aliases import KIND_TITLES, Alias
from handbook.render.fragments import appendix_nav, form_link, handbook_doc, role_link, sop_link
from handbook.render.markup import Md, inline, table
from handbook.render.spec import BookPlace, PageSpec, SiteOptions
from handbook.render.stamp import source_note


def glossary_page(manual: Manual) -> Md:
    rows = [[Md("**{}**").format(inline(t.term)), inline(t.english or ""), inline(t.meaning, manual.lookup)]
            for t in manual.glossary.terms]
    out = table(["术语", "英文", "释义"], rows) + Md("\n") + source_note("glossary.yaml")
    if manual.aliases:
        out += Md("\n") + aliases_section(manual)
    return out


def aliases_section(manual: Manual) -> Md:
    """The desk's words (``search.yaml``) and what the handbook calls them: read by staff, and what
    the search box understands. Owners' words (those with a ``kind``) come first, by kind."""

    def row(alias: Alias) -> list[Md]:
        said = Md("、").join(inline(w) for w in alias.said) + ("（常见误输）" if alias.slip else "")
        where = Md("")
        if alias.procedure is not None and alias.procedure in manual.sops:
            where = sop_link(manual, alias.procedure, numbered=False)
        elif alias.role is not None and alias.role in manual.roles:
            where = role_link(manual, alias.role)
        elif alias.form is not None and alias.form in manual.forms:
            where = form_link(manual, alias.form)
        return [said, inline(alias.written or ""), where]

    head = ["常用说法", "手册用词", "对应页面"]
    out = Md("## 常用说法\n\n客户和同事常用的说法与手册用词的对照。在搜索框输入左列的说法，"
             "也能找到手册用词和对应的页面。\n\n")
    kinds = [k for k in KIND_TITLES if any(a.kind == k for a in manual.aliases)]
    if kinds:
        out += Md("### 业主用词\n\n业主对事物的叫法，按类别列出；新的说法加到它所属的类别里（search.yaml 的 kind）。\n\n")
        for kind in kinds:
            out += Md("#### {}\n\n").format(KIND_TITLES[kind])
            out += table(head, [row(a) for a in manual.aliases if a.kind == kind]) + Md("\n")
        out += Md("### 其他说法\n\n")
    out += table(head, [row(a) for a in manual.aliases if a.kind is None])
    return out + Md("\n") + source_note("search.yaml")


def commitments_page(manual: Manual) -> Md:
    users: dict[str, list[str]] = {}
    for sop_id, sop in manual.sops.items():
        for step in sop.steps:
            if step.commitment:
                users.setdefault(step.commitment, [])
                if sop_id not in users[step.commitment]:
                    users[step.commitment].append(sop_id)
    rows = []
    for c in manual.commitments.values():
        limit = manual.lookup("commitment", c.id) or ""
        rows.append([
            Md("**{}**").format(inline(c.title)), inline(limit), inline(c.promise, manual.lookup), inline(c.basis or ""),
            Md("、").join(sop_link(manual, s, numbered=False) for s in users.get(c.id, [])),
        ])
    return (Md("全手册只有这一套时限；各程序的步骤引用这里的承诺。\n\n")
            + table(["事项", "时限", "承诺", "依据", "引用的程序"], rows) + Md("\n") + source_note("commitments.yaml"))


def pages(manual: Manual, options: SiteOptions) -> Iterator[PageSpec]:
    nav = appendix_nav(manual)
    doc = handbook_doc(manual)
    yield PageSpec(urls.COMMITMENTS, "服务承诺一览", "reference", lambda: commitments_page(manual), nav=nav,
                   source="commitments.yaml",
                   book=BookPlace(50, "commitments", doc, level=2, cls="appendix-page"))
    yield PageSpec(urls.GLOSSARY, "术语", "reference", lambda: glossary_page(manual), nav=nav, source="glossary.yaml",
                   book=BookPlace(60, "glossary", doc, level=2, cls="appendix-page"))
