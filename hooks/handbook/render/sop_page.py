"""The page of one procedure (``sops/<id>.md``); its front-desk checklist is in :mod:`checklist_page`."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from handbook.charts.flowchart import Chart
from handbook.manual import flow
from handbook.manual.manual import Manual
from handbook.render import urls
from handbook.charts.sopchart import sop_chart
from handbook.render.laws_page import basis_section
from handbook.render.fragments import (
    by_group, data_source, effective, form_link, group_nav, group_of, handbook_doc, limit_text, role_link, sop_link,
)
from handbook.render.markup import Md, doc_no, bullets, inline, table
from handbook.data.aliases import said_words
from handbook.data.model import Sop, Step
from handbook.manual.numbering import form_code, part_title, sop_code, sop_heading
from handbook.render.spec import BookPlace, Doc, PageSpec, SiteOptions
from handbook.render.printing import paper_chart, printable_chart, qr_block
from handbook.render.stamp import PRINT_BUTTON, doc_control, print_stamp, source_note
from handbook.render.templating import render

Section = tuple[str, Md]  # (title, body markdown)
# Sections left out of the search index: the self-check (its answers are for trainees to find in
# the procedure, see training_pages) and the revision history would answer desk queries with
# training matter and bookkeeping.
NOT_SEARCHED = ("自测题", "修订记录")
CHART = "流程图"
KEY_POINTS = "注意事项"


def step_numbers(sop: Sop) -> dict[str, int]:
    return {s.id: i for i, s in enumerate(sop.steps, 1)}


def _target_text(manual: Manual, numbers: dict[str, int], target: str) -> Md:
    if target == flow.END:
        return Md("结束")
    if target.startswith(flow.HANDOFF):
        other = target[len(flow.HANDOFF):]
        return Md("转入{}").format(urls.link(Md("《{}》").format(inline(manual.sops[other].title)), urls.sop(other)))
    return Md("第 {} 步").format(numbers[target])


def route_text(manual: Manual, sop: Sop, step: Step, numbers: dict[str, int]) -> Md:
    index = numbers[step.id] - 1
    following = sop.steps[index + 1].id if index + 1 < len(sop.steps) else None
    edges = flow.step_edges(step, following)
    if step.decision is not None:
        branches = Md("；").join(
            Md("{} → {}").format(inline(e.label or ""), _target_text(manual, numbers, e.target)) for e in edges
        )
        return Md("判断：{}<br>{}").format(inline(step.decision.question), branches)
    if not edges:
        return Md()
    target = edges[0].target
    if target == following:
        return Md("下一步")
    return _target_text(manual, numbers, target)


def _records(manual: Manual, forms: list[str]) -> Md:
    return Md("<br>").join(form_link(manual, f) for f in forms)


def step_anchor(step_id: str) -> str:
    """The id of a step's row on its procedure's page (``step-<id>``): where a training question
    links to the step that answers it. Step ids are unique within a procedure and never change
    with the step's number."""
    return f"step-{step_id}"


#: The id of the key points' heading on a procedure's page.
KEY_POINTS_ANCHOR = "key-points"


def step_number_cell(step_id: str, number: int) -> Md:
    """A step's number, carrying the step's anchor on the site (the book, one document of many
    procedures, links to procedures, not to their steps)."""
    if urls.on_paper():
        return Md(str(number))
    return Md('<span class="step-anchor" id="{}">{}</span>').format(step_anchor(step_id), str(number))


def step_table(manual: Manual, sop: Sop) -> Md:
    numbers = step_numbers(sop)
    rows = []
    for step in sop.steps:
        who = role_link(manual, step.role)
        if step.support:
            who += Md("<br><small>协助：{}</small>").format(
                Md("、").join(inline(manual.role_title(r)) for r in step.support))
        what = Md("**{}**").format(inline(step.action, manual.lookup))
        if step.details:
            what += Md("<br>") + inline(step.details, manual.lookup)
        rows.append([
            step_number_cell(step.id, numbers[step.id]), who, what, limit_text(manual, sop, step),
            _records(manual, step.records), route_text(manual, sop, step, numbers),
        ])
    # The wrapper lets the screen styles lay each row out as one step to read (handbook.css);
    # the table inside is unchanged, so print keeps its six columns (print.css).
    return table(["序号", "岗位", "工作内容", "时限", "记录", "去向"], rows, cls="steps")


def self_check_block(manual: Manual, i: int, question: str, answer: str) -> Md:
    """A numbered self-check question, then its answer folded on screen: one block, so that paper
    never puts a question at the foot of one page and its answer at the head of the next."""
    lk = manual.lookup
    return (Md('<div class="self-check-item" markdown>\n\n{}\\. {}\n\n').format(i, inline(question, lk))
            + render("answer.html", answer=answer, lookup=lk, open=urls.on_paper()) + Md("\n\n</div>\n"))


def sop_forms(sop: Sop) -> list[str]:
    """Every form a procedure uses: those of its steps in order, then its extra records."""
    used: list[str] = []
    for step in sop.steps:
        used.extend(f for f in step.records if f not in used)
    used.extend(f for f in sop.records if f not in used)
    return used


def _sections(manual: Manual, sop_id: str, flowchart: Callable[[Manual, str], Chart]) -> list[Section]:
    sop = manual.sops[sop_id]
    lk = manual.lookup
    nl = Md("\n")
    sections: list[Section] = [
        ("目的", inline(sop.purpose, lk) + nl),
        ("适用范围", inline(sop.scope, lk) + nl),
        ("职责", table(["岗位", "职责"], [
            [inline(manual.role_title(r.role)), inline(r.duty, lk)] for r in sop.responsibilities
        ])),
    ]
    if sop.definitions:
        sections.append(("定义", table(["术语", "含义"], [
            [Md("**{}**").format(inline(d.term)), inline(d.meaning, lk)] for d in sop.definitions
        ])))
    # SVG drawn by charts (text escaped there), with its tiles for paper
    # on paper the chart gets pages of its own (see sop_page)
    chart = Md() if urls.on_paper() else printable_chart(flowchart(manual, sop_id))
    sections.append((CHART, chart + nl))
    sections.append(("工作程序", Md("起点：{}\n\n").format(inline(sop.trigger, lk)) + step_table(manual, sop)))
    items = []
    for group in sop.checklist:
        items.append(Md("**{}**：{}").format(inline(group.title), Md("；").join(inline(i.text, lk) for i in group.items)))
    sections.append(("检查单", bullets(items) + Md("\n{}\n{{: .screen-only }}\n").format(
        urls.link("打印本程序的前台检查单", urls.checklist(sop_id)))))
    if sop.key_points:
        sections.append((KEY_POINTS, bullets(inline(k.text, lk) for k in sop.key_points)))
    forms = sop_forms(sop)
    if forms:
        sections.append(("记录", table(["表格编号", "表格名称", "保存期限", "保管岗位"], [
            [form_code(manual, f), form_link(manual, f),
             inline(manual.forms[f].retention), inline(manual.role_title(manual.forms[f].keeper))]
            for f in forms
        ])))
    if sop.related:
        sections.append(("相关文件", bullets(
            Md("{}（{}）").format(sop_link(manual, r), sop_code(manual, r))
            for r in sop.related
        )))
    basis = basis_section(manual, sop_id)
    if basis is not None:
        sections.append(("依据", basis))
    if sop.self_check:
        blocks = [self_check_block(manual, i, q.question, q.answer) for i, q in enumerate(sop.self_check, 1)]
        sections.append(("自测题", Md("\n").join(blocks)))
    sections.append(("修订记录", table(["版号/改次", "日期", "修订内容", "修订人"], [
        [h.revision, h.date.isoformat(), inline(h.summary), inline(h.author or "")] for h in sop.history
    ])))
    return sections


def sop_page(
    manual: Manual, sop_id: str, flowchart: Callable[[Manual, str], Chart], site_url: str | None = None
) -> Md:
    sop = manual.sops[sop_id]
    out = [doc_control(manual, sop_id),
           lead(manual, sop_id), PRINT_BUTTON]
    for n, (title, body) in enumerate(_sections(manual, sop_id, flowchart), 1):
        if title == CHART and urls.on_paper():  # the book prints the chart on pages of its own
            out.append(paper_chart(sop_id, f"{n}.0 {title}", flowchart(manual, sop_id)))
            continue
        attrs = Md(" { data-search-exclude }") if title in NOT_SEARCHED else Md("")
        if title == KEY_POINTS and not urls.on_paper():
            attrs = Md(" {{ #{} }}").format(KEY_POINTS_ANCHOR)
        out.append(Md("## {}.0 {}{}\n\n{}").format(n, title, attrs, body))
    out.append(source_note(f"sops/{sop_id}.yaml"))
    out.append(print_stamp(manual, sop_code(manual, sop_id), sop.revision, sop.effective_date,
                           manual.role_title(sop.owner), qr=qr_block(site_url, urls.sop(sop_id), "print-qr"),
                           button=False))
    return Md("\n").join(out)


def lead(manual: Manual, sop_id: str) -> Md:
    """The lines under the document control table: when the procedure starts and what people call
    it (the aliases of ``search.yaml``). They are the page's first text, so a search result shows
    them, and the aliases are on the page that a search for them finds."""
    sop = manual.sops[sop_id]
    lines = [Md("**适用情形**：{}").format(inline(sop.trigger, manual.lookup))]
    said = said_words(manual.aliases, sop_id)
    if said:
        lines.append(Md("**常用说法**：") + Md("、").join(inline(w) for w in said))
    return Md("  \n").join(lines) + Md("\n{: .sop-lead }\n")


def sops_index(manual: Manual) -> Md:
    def rows(ids: list[str]) -> Md:
        # The title and when to use the procedure (its starting point) first: on a phone the
        # other columns scroll in the table's box.
        return table(["程序 · 何时使用", "文件编号", "版号", "生效日期", "归口岗位", "打印"], [[
            Md("{}<br><small>{}</small>").format(sop_link(manual, s), inline(sop.trigger, manual.lookup)),
            doc_no(sop_code(manual, s)), sop.revision, effective(manual, sop.effective_date),
            inline(manual.role_title(sop.owner)), urls.link("检查单", urls.checklist(s)),
        ] for s in ids for sop in [manual.sops[s]]], cls="sop-index")

    return (Md("每个程序下面一行是它的起点：遇到这件事，就按这个程序办。\n\n")
            + by_group(manual.sop_groups(), rows))


def pages(manual: Manual, options: SiteOptions) -> Iterator[PageSpec]:
    title = part_title(manual, "procedures")
    yield PageSpec(urls.SOPS_INDEX, title, "index", lambda: sops_index(manual), nav=(title,), nav_title="程序一览",
                   book=BookPlace(20, "part-procedures", handbook_doc(manual), level=1, cls="part"))
    groups = manual.sop_groups()
    group = group_of(groups)
    for sop_id, sop in manual.sops.items():
        heading_text = sop_heading(manual, sop_id)
        yield PageSpec(
            urls.sop(sop_id), heading_text, "procedure",
            lambda sop_id=sop_id: sop_page(manual, sop_id, sop_chart, options.site_url),  # type: ignore[misc]
            nav=(title, *group_nav(groups, group[sop_id])), source=data_source(manual, "sops", sop_id),
            book=BookPlace(21, f"sop-{sop_id}", Doc(sop_code(manual, sop_id), sop.revision,
                                                    sop.effective_date.isoformat()), level=2, cls="sop"))
