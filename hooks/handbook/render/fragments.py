"""Pieces that many pages show: links to procedures, roles and forms, a step's time limit, the
PDF downloads, lists folded by procedure group.

Links are made with :func:`handbook.render.urls.link`, so each is right wherever it is read (a
page of the site, or the printed book).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from handbook.data.model import Sop, Step
from handbook.manual.manual import Manual
from handbook.manual.numbering import part_title, sop_heading
from handbook.render import urls
from handbook.render.markup import Md, doc_no, inline
from handbook.render.spec import Doc


def sop_link(manual: Manual, sop_id: str, numbered: bool = True) -> Md:
    """A procedure's title (with its number ``一、`` unless ``numbered`` is false), linked."""
    title = sop_heading(manual, sop_id) if numbered else manual.sops[sop_id].title
    return urls.link(inline(title), urls.sop(sop_id))


def role_link(manual: Manual, role_id: str) -> Md:
    """A role's title, linked to its page when it is a role of the center (partners have none)."""
    if role_id in manual.roles:
        return urls.link(inline(manual.role_title(role_id)), urls.role(role_id))
    return inline(manual.role_title(role_id))


def form_link(manual: Manual, form_id: str) -> Md:
    return urls.link(inline(manual.forms[form_id].title), urls.form(form_id))


def limit_text(manual: Manual, sop: Sop, step: Step) -> Md:
    """A step's time limit, and the commitment it keeps."""
    limit = manual.step_limit(sop, step.id)
    if limit is None:
        return Md()
    text = inline(limit.label)
    if step.commitment:
        title = manual.commitments[step.commitment].title
        text += Md("<br><small>承诺：{}</small>").format(inline(title))
    return text


def effective(manual: Manual, day: date) -> Md:
    """An effective date, marked 待生效 while it has not come."""
    text = doc_no(day.isoformat())
    return text + Md("<br><small>待生效</small>") if day > manual.checked_on else text


#: The printed handbook (``make pdf``), by kind: its title in the links to it.
PDF_TITLES = {"handbook": "整本手册（PDF）", "checklists": "前台检查单夹（PDF，全部检查单）",
              "forms": "空白记录表格（PDF，全部表格）"}


def downloads_block(downloads: Mapping[str, str], kinds: tuple[str, ...]) -> Md:
    """Links to the PDFs that exist (``make pdf``; kind → path under the site root), or nothing."""
    if urls.on_paper():
        return Md("")
    links = [urls.link(PDF_TITLES[k], downloads[k]) for k in kinds if k in downloads]
    if not links:
        return Md("")
    return Md("打印版：{}\n{{: .pdf-links }}\n\n").format(Md(" · ").join(links))


Groups = list[tuple[str | None, list[str]]]


def by_group(groups: Groups, render: Callable[[list[str]], Md]) -> Md:
    """``render(ids)`` for each group, under the group's title when the handbook has groups."""
    if len(groups) == 1 and groups[0][0] is None:
        return render(groups[0][1])
    return Md("\n").join(Md("## {}\n\n{}").format(inline(title or ""), render(ids)) for title, ids in groups)


def group_nav(groups: Groups, group: str | None) -> tuple[str, ...]:
    """The navigation sections of an item of ``group``: none more when the handbook has no groups."""
    if len(groups) == 1 and groups[0][0] is None:
        return ()
    return (group or "",)


def group_of(groups: Groups) -> Mapping[str, str | None]:
    """Item id → its group's title (None when the handbook has no groups)."""
    return {item: title for title, ids in groups for item in ids}


def data_source(manual: Manual, folder: str, item_id: str) -> str:
    """The data file (relative to the data folder) an item is read from: ``sops/<id>.yaml``, or an
    estate's own file (``estates/<estate>/sops/<id>.yaml``) for a procedure it adds or replaces."""
    path = manual.sources.get(f"{folder}/{item_id}")
    if path is not None and path.is_relative_to(manual.data_dir):
        return path.relative_to(manual.data_dir).as_posix()
    return f"{folder}/{item_id}.yaml"


def appendix_nav(manual: Manual) -> tuple[str, ...] | None:
    """The navigation section of the appendix pages: the appendices part's title (None: the
    handbook has no appendices part, and the pages are reached by links only)."""
    if not any(p.kind == "appendices" for p in manual.handbook.parts):
        return None
    return (part_title(manual, "appendices"),)


def handbook_doc(manual: Manual) -> Doc:
    """The handbook itself as the document of a page (its number, revision and date)."""
    hb = manual.handbook
    return Doc(hb.document_number, hb.revision, hb.effective_date.isoformat())
