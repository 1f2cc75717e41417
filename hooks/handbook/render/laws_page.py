"""法律法规清单 (``appendix/laws.md``): the register of laws and other requirements, each with the
articles the handbook relies on and the procedures and steps that rely on them; and each
procedure's 依据 section (:func:`basis_section`), from the same index (:mod:`handbook.manual.laws`).

The register is data (``procedures/laws.yaml`` and an estate's own ``laws.yaml``); the checker
holds every citation in the text to it, so this page is the one place a reader sees what the
handbook rests on, how each entry was verified, and when it was last reviewed.
"""

from __future__ import annotations

from collections.abc import Iterator

from handbook.data.laws import KIND_LABEL, STATUS_LABEL, Law
from handbook.manual.laws import ArticleUse, LawUse, Reliance, law_index, procedure_basis
from handbook.manual.manual import Manual
from handbook.render import urls
from handbook.render.fragments import appendix_nav, handbook_doc, sop_link
from handbook.render.markup import Md, inline, table
from handbook.render.spec import BookPlace, PageSpec, SiteOptions
from handbook.render.stamp import print_stamp, source_note

TITLE = "法律法规清单"
#: The order the kinds are listed in (laws first, documents last).
KIND_ORDER = ("law", "regulation", "rule", "interpretation", "local-regulation", "local-rule", "normative",
              "standard", "document")


def _verified(law_or_article: object) -> Md:
    verified = getattr(law_or_article, "verified", None)
    if verified is None:
        return Md("未核对")
    return Md("{}核对<br><small>{}</small>").format(verified.date.isoformat(), inline(verified.source))


def _places(manual: Manual, reliances: tuple[Reliance, ...]) -> Md:
    by_sop: dict[str, list[str]] = {}
    for r in reliances:
        if r.sop_id in manual.sops:
            places = by_sop.setdefault(r.sop_id, [])
            if r.place not in places:
                places.append(r.place)
    return Md("<br>").join(Md("{}：{}").format(sop_link(manual, s, numbered=False), "、".join(p))
                           for s, p in by_sop.items())


def _facts(law: Law) -> Md:
    parts = [Md("{}").format(KIND_LABEL[law.kind]), Md("{}").format(inline(law.issuer))]
    if law.number:
        parts.append(inline(law.number))
    if law.effective:
        parts.append(Md("{} 起施行").format(law.effective.isoformat()))
    if law.amended:
        parts.append(Md("{} 修改").format(law.amended.isoformat()))
    status = Md("**{}**").format(STATUS_LABEL[law.status])
    if law.superseded_by:
        status += Md("（由 {} 取代）").format(law.superseded_by)
    parts.append(status)
    parts.append(Md("本条目 {} 复核").format(law.reviewed.isoformat()))
    return Md(" · ").join(parts)


def _law_block(manual: Manual, use: LawUse) -> Md:
    law = use.law
    short = Md("（简称《{}》）").format(inline(law.short)) if law.short and law.short != law.title else Md("")
    out = Md("### 《{}》{}\n\n{}\n\n文本核对：{}\n\n").format(inline(law.title), short, _facts(law), _verified(law))
    rows = []
    whole = next((u for u in use.uses if u.no is None), None)
    if whole is not None:
        rows.append(["（按名称引用）", "", "", _places(manual, whole.reliances)])
    for article in law.articles:
        found: ArticleUse | None = next((u for u in use.uses if u.no == article.no), None)
        rows.append([Md("{}").format(_article_label(article.no)), inline(article.says), _verified(article),
                     _places(manual, found.reliances) if found else Md("（本手册目前没有引用）")])
    if rows:
        out += table(["条款", "要求", "核对", "依据它的程序和位置"], rows) + Md("\n")
    return out


def _article_label(no: str) -> str:
    from handbook.data.laws import article_text

    return article_text(no)


def laws_page(manual: Manual) -> Md:
    index = law_index(manual)
    if not index:
        return Md("本手册还没有法律法规清单（procedures/laws.yaml）。\n")
    relied = sum(1 for u in index if u.uses)
    unverified = sum(1 for u in index for a in u.law.articles if a.verified is None)
    intro = Md(
        "本手册依据的法律、法规、规章、标准和具名文件共 {} 项，其中 {} 项被程序引用。每一项写明效力、核对来源和复核日期，"
        "每一条款用一句话说明它要求什么，并列出依据它的程序和步骤。正文只能按条号引用核对过原文的条款（未核对的 {} 条只按法律名称引用），"
        "法规修订或废止时，检查器会指出仍依据它的程序。\n\n"
    ).format(len(index), relied, unverified)
    out = [intro]
    for kind in KIND_ORDER:
        uses = [u for u in index if u.law.kind == kind]
        if uses:
            out.append(Md("## {}\n\n").format(KIND_LABEL[kind]))
            out.extend(_law_block(manual, u) for u in uses)
    out.append(source_note("laws.yaml"))
    hb = manual.handbook
    out.append(print_stamp(manual, None, hb.revision, hb.effective_date))
    return Md("\n").join(out)


def basis_section(manual: Manual, sop_id: str) -> Md | None:
    """A procedure's 依据: the laws and articles it relies on, where, with a link to the register."""
    uses = procedure_basis(manual, sop_id)
    if not uses:
        return None
    rows = []
    for use in uses:
        for article in use.uses:
            says = inline(article.article.says) if article.article is not None else Md("")
            name = Md("《{}》{}").format(inline(use.law.name), article.label)
            rows.append([name, says, "、".join(dict.fromkeys(r.place for r in article.reliances))])
    return (table(["法律法规及条款", "要求", "本程序中的位置"], rows)
            + Md("\n全部依据及其核对情况见{}。\n").format(urls.link(TITLE, urls.LAWS)))


def pages(manual: Manual, options: SiteOptions) -> Iterator[PageSpec]:
    if manual.laws.exists:
        yield PageSpec(urls.LAWS, TITLE, "reference", lambda: laws_page(manual), nav=appendix_nav(manual),
                       source="laws.yaml",
                       book=BookPlace(65, "laws", handbook_doc(manual), level=2, cls="appendix-page"))
