"""Two appendix pages derived from the roles and procedures: the responsibility matrix
(``appendix/matrix.md``, printable on A4 landscape) and the coverage check (``appendix/coverage.md``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from handbook.checks.coverage import duty_coverage, idle_roles, without_self_check
from handbook.manual.derive import (
    APPROVAL_WORDS, APPROVES, INFORMED, RESPONSIBLE, SUPPORTS, Participation, matrix_columns,
    responsibility_matrix,
)
from handbook.manual.manual import Manual
from handbook.manual.numbering import chinese_number
from handbook.render import urls
from handbook.render.fragments import appendix_nav, handbook_doc
from handbook.render.markup import Md, inline, table
from handbook.manual.numbering import sop_heading
from handbook.render.spec import BookPlace, PageSpec, SiteOptions
from handbook.render.stamp import maint_note, print_stamp

MATRIX_TITLE = "岗位职责矩阵"
COVERAGE_TITLE = "职责覆盖检查"

_MARK_CLASS = {RESPONSIBLE: "r", APPROVES: "a", SUPPORTS: "s", INFORMED: "i"}

RULES = [
    (RESPONSIBLE, "该岗位负责办理本程序中至少一个非审批的步骤。"),
    (APPROVES, "该岗位负责本程序中的审批步骤：步骤的动作或判断问题含“"
     + "、".join(APPROVAL_WORDS) + "”之一。一格可以同时是“负责”和“批准”。"),
    (SUPPORTS, "该岗位不负责本程序的任何步骤，但在某些步骤中列为协助。"),
    (INFORMED, "该岗位既不负责也不协助任何步骤，只在本程序的“职责”中列名，或是程序的归口岗位。"),
    ("★", "程序的归口岗位，对程序的内容和修订负责，与上面四种可以并存。"),
]


def _short(manual: Manual, role_id: str) -> str:
    return manual.role_title(role_id).split("（")[0]


def _cell(part: Participation | None) -> Md:
    if part is None:
        return Md()
    marks = Md("<br>").join(Md('<span class="m m-{}">{}</span>').format(_MARK_CLASS[m], m) for m in part.marks)
    return marks + (Md(' <span class="m-owner" title="归口岗位">★</span>') if part.is_owner else Md())


def _link(manual: Manual, title: str, target: str) -> Md:
    return urls.link(inline(title), target)


def matrix_page(manual: Manual) -> Md:
    columns = matrix_columns(manual)
    matrix = responsibility_matrix(manual)
    headers: list[str | Md] = ["程序"]
    headers += [
        inline(_short(manual, r)) if r in manual.roles else Md('<span class="partner">{}</span>').format(inline(_short(manual, r)))
        for r in columns
    ]
    rows: list[Sequence[str]] = []
    for sop_id, row in matrix.items():
        rows.append([_link(manual, sop_heading(manual, sop_id), urls.sop(sop_id))]
                    + [_cell(row.get(r)) for r in columns])
    totals: list[str | Md] = [Md("**负责或批准的程序 / 参与的程序**")]
    for r in columns:
        parts = [row[r] for row in matrix.values() if r in row]
        leading = sum(1 for p in parts if RESPONSIBLE in p.marks or APPROVES in p.marks)
        totals.append(f"{leading}/{len(parts)}")
    rows.append(totals)
    rules = Md("").join(Md("- **{}**：{}\n").format(inline(mark), inline(text)) for mark, text in RULES)
    hb = manual.handbook
    n_partners = sum(1 for r in columns if r not in manual.roles)
    return Md("\n").join([
        Md("每行一个程序，每列一个岗位：先是{}的 {} 个岗位，"
           "后是参与程序的 {} 个外部部门和客户（灰色标题）。格中的字按各程序的步骤和职责填写，含义：\n").format(
            inline(manual.organization.center), len(manual.roles), n_partners),
        rules,
        Md("各岗位自己的程序、步骤和时限见其岗位页；本页打印时自动用 A4 横向。\n"),
        table(headers, rows, cls="responsibility-matrix"),
        print_stamp(manual, "岗位职责矩阵", hb.revision, hb.effective_date),
    ])


def coverage_page(manual: Manual) -> Md:
    duties = duty_coverage(manual)
    idle = idle_roles(manual)
    no_quiz = without_self_check(manual)
    gaps = [d for d in duties if d.status != "linked"]
    strays = [d for d in duties if d.strays]
    linked = sum(1 for d in duties if d.status == "linked")
    known = sum(1 for d in duties if d.status == "known-gap")
    missing = sum(1 for d in duties if d.status == "missing")
    summary = table(["检查项", "结果"], [
        ["不负责任何步骤的岗位", f"{len(idle)} / {len(manual.roles)}"],
        ["已落到程序的岗位职责", f"{linked} / {len(duties)}"],
        ["已注明理由、暂无程序的职责（已知缺口）", str(known)],
        ["既没有程序也没有说明的职责", str(missing)],
        ["关联了本岗位并未参与的程序的职责", str(len(strays))],
        ["没有自测题的程序", f"{len(no_quiz)} / {len(manual.sops)}"],
    ])
    out = [
        Md("本页核对岗位职责、程序步骤和自测题是否互相对得上。除“已知缺口”外，下列每个问题都须在手册中改正，"
           "改正后即从本页消失。\n"),
    ]
    sections = [("概况", summary)]
    idle_text = Md("").join(Md("- {}：在所有程序中都不负责任何步骤\n").format(
        _link(manual, manual.role_title(r), urls.role(r))) for r in idle) or Md("没有：每个岗位都至少负责一个程序步骤。\n")
    sections.append(("不负责任何步骤的岗位", idle_text))
    rows = []
    for d in gaps:
        if d.reason:
            state = Md("已知缺口：{}").format(inline(d.reason, manual.lookup))
        elif d.strays:
            state = Md("**未落实**：关联的程序中没有本岗位的步骤或职责")
        else:
            state = Md("**未落实**：没有关联程序，也没有说明理由")
        rows.append([_link(manual, _short(manual, d.role_id), urls.role(d.role_id)), str(d.index + 1),
                     inline(d.text, manual.lookup), state])
    gap_text = table(["岗位", "序号", "职责", "情况"], rows) if rows else Md("没有：每项岗位职责都由至少一个程序执行。\n")
    sections.append((
        "没有程序执行的岗位职责",
        Md("每项岗位职责应有执行它的程序；确实没有程序的，写明理由，列在这里作为已知缺口。\n\n")
        + gap_text,
    ))
    if strays:
        stray_rows = [[_link(manual, _short(manual, d.role_id), urls.role(d.role_id)), str(d.index + 1),
                       Md("、").join(_link(manual, manual.sops[s].title, urls.sop(s)) for s in d.strays)]
                      for d in strays]
        sections.append(("关联了本岗位并未参与的程序",
                         table(["岗位", "职责序号", "程序（本岗位在其中没有步骤或职责）"], stray_rows)))
    per_role = []
    for role_id in manual.roles:
        mine = [d for d in duties if d.role_id == role_id]
        per_role.append([
            _link(manual, manual.role_title(role_id), urls.role(role_id)), str(len(mine)),
            str(sum(1 for d in mine if d.status == "linked")), str(sum(1 for d in mine if d.status == "known-gap")),
            str(sum(1 for d in mine if d.status == "missing")),
        ])
    sections.append(("各岗位职责的落实情况", table(["岗位", "职责", "已落到程序", "已知缺口", "未落实"], per_role)))
    quiz_text = Md("").join(Md("- {}\n").format(_link(manual, sop_heading(manual, s), urls.sop(s))) for s in no_quiz) \
        or Md("没有：每个程序都有自测题。\n")
    sections.append(("没有自测题的程序", quiz_text))
    out += [Md("## {}、{}\n\n{}").format(chinese_number(n), title, body) for n, (title, body) in enumerate(sections, 1)]
    out.append(maint_note(Md(
        "本页的问题（已知缺口除外）在生成手册时都作为警告输出，`make build`（`mkdocs build --strict`）因此失败。"
        "岗位职责用 `procedures` 列出执行它的程序；确实没有程序的，用 `no_procedure` 写明理由。")))
    return Md("\n").join(out)


def pages(manual: Manual, options: SiteOptions) -> Iterator[PageSpec]:
    nav = appendix_nav(manual)
    yield PageSpec(urls.MATRIX, MATRIX_TITLE, "appendix", lambda: matrix_page(manual), nav=nav,
                   book=BookPlace(70, "matrix", handbook_doc(manual), level=2, landscape=True, cls="appendix-page"))
    yield PageSpec(urls.COVERAGE, COVERAGE_TITLE, "appendix", lambda: coverage_page(manual), nav=nav)
