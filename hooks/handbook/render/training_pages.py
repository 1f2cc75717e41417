"""The training pages of each role (``training/<id>/``): the path, the onboarding record, the quiz
sheet and its answer key; and the overview ``training/index.md``.

The order of the lessons comes from :mod:`training`; the questions are each procedure's
``self_check``. The record, the quiz and the answer key are sheets to print (A4 portrait) and carry
the print stamp; the quiz never shows an answer.
"""

from __future__ import annotations

from typing import Any

from handbook.manual.derive import owned_steps
from handbook.manual.manual import Manual
from handbook.manual.numbering import chinese_number
from handbook.render.markup import attr, heading, inline, table
from handbook.manual.numbering import sop_code
from handbook.render.role_page import limits_text, marks_text, sop_link, steps_text
from handbook.render.stamp import maint_note, print_stamp
from handbook.manual.training import ENTRY_MIN_TARGETS, Lesson, lesson_reason, training_path

UP = "../../"  # from training/<id>/page.md to the site root
SERIES = "PX"  # document series of the training sheets (培训)

#: The order in a clerk's words; :data:`RULE` is how it is computed (for the maintainers).
ORDER = (
    "先学前台接待、“一站式”服务这类把客户的事转给各程序的入口程序，再学本岗位负责办理的程序，"
    "最后学本岗位只协助或只需知会的程序。"
)
RULE = (
    f"先学入口程序（把客户的事项分转到至少 {ENTRY_MIN_TARGETS} 个其他程序的程序，如前台接待和“一站式”服务），"
    "再学入口程序转入的、本岗位负责步骤的程序，然后是本岗位负责步骤的其他程序，"
    "最后是只协助或只在职责中列名的程序；同一组内本岗位负责的步骤多的在前。"
)


def short_title(manual: Manual, role_id: str) -> str:
    """The role's title without its parenthesised note: ``客服助理（前台接待及热线）`` → ``客服助理``."""
    return manual.role_title(role_id).split("（")[0]


def training_code(manual: Manual, role_id: str) -> str:
    return f"{manual.handbook.estate.code}-KF-{SERIES}-{manual.role_number(role_id):02d}"


def _stamp(manual: Manual, role_id: str, suffix: str = "") -> str:
    hb = manual.handbook
    return print_stamp(manual, training_code(manual, role_id) + suffix, hb.revision, hb.effective_date)


def _fill(label: str, value: str = "") -> str:
    shown = f'<span class="fill-value">{value}</span>' if value else ""
    return (f'<span class="fill"><span class="fill-label">{attr(label)}</span>'
            f'<span class="fill-line">{shown}</span></span>')


def _sheet_head(manual: Manual, role_id: str, suffix: str = "") -> str:
    hb = manual.handbook
    return (
        '<div class="sheet-head">'
        f'<span class="sheet-estate">{attr(hb.estate.name)} · {attr(manual.organization.center)}</span>'
        f'<span class="sheet-code">{attr(training_code(manual, role_id) + suffix)} · 版号 {attr(hb.revision)}'
        f" · 生效 {hb.effective_date.isoformat()}</span></div>"
    )


def _links(role_id: str) -> str:
    return (f"[培训路径](index.md) · [新员工培训记录表](record.md) · [自测试卷](quiz.md) · [参考答案](answers.md)"
            f" · [返回岗位职责]({UP}roles/{role_id}.md)\n")


# --------------------------------------------------------------------------- the path


def _lesson(manual: Manual, role_id: str, n: int, lesson: Lesson) -> str:
    sop = manual.sops[lesson.sop_id]
    lk = manual.lookup
    part = lesson.part
    mine = owned_steps(manual, role_id, lesson.sop_id)
    limits = limits_text(manual, role_id, lesson.sop_id)
    out = [
        f"## 第 {n} 课 {inline(sop.title)}\n",
        f'<p class="lesson-why">{attr(lesson_reason(manual, lesson))}</p>\n',
        f"- 本岗位：{steps_text(mine) if mine else marks_text(part)}" + ("（归口岗位）" if part.is_owner else ""),
    ]
    if limits:
        out.append(f"- 时限：{limits}")
    if part.duty:
        out.append(f"- 本岗位的职责：{inline(part.duty, lk)}")
    out.append(f"- 阅读：{sop_link(manual, lesson.sop_id, UP)}（{sop_code(manual, lesson.sop_id)}，版号 {sop.revision}）"
               f" · [前台检查单]({UP}checklists/{lesson.sop_id}.md)\n")
    if sop.self_check:
        out.append("**自测题**\n")
        for i, q in enumerate(sop.self_check, 1):
            out.append(
                f"{i}\\. {inline(q.question, lk)}\n\n"
                f'<details class="answer"><summary>参考答案</summary><p>{inline(q.answer, lk)}</p></details>\n'
            )
    else:
        out.append("本程序还没有自测题。\n")
    return "\n".join(out)


def path_page(manual: Manual, role_id: str) -> str:
    lessons = training_path(manual, role_id)
    questions = sum(len(manual.sops[l.sop_id].self_check) for l in lessons)
    out = [
        heading(f"{manual.role_title(role_id)} · 培训路径"),
        f"按下面的顺序学习本岗位参与的 {len(lessons)} 个程序，共 {questions} 道自测题。每学完一课："
        "读程序页，对照本岗位负责的步骤和时限，做完自测题，再请带教人在培训记录表上签字。\n",
        _links(role_id),
        f'<p class="lesson-rule"><strong>学习顺序</strong>：{attr(ORDER)}</p>\n',
    ]
    out += [_lesson(manual, role_id, n, lesson) for n, lesson in enumerate(lessons, 1)]
    out.append(maint_note(f"排序规则：{inline(RULE)}"))
    return "\n".join(out)


# --------------------------------------------------------------------------- printable sheets


def record_page(manual: Manual, role_id: str) -> str:
    """新员工培训记录表: one row per lesson, signed by trainer and trainee, and a final sign-off."""
    lessons = training_path(manual, role_id)
    supervisor = manual.role_title(manual.roles[role_id].reports_to)
    rows = []
    for n, lesson in enumerate(lessons, 1):
        sop = manual.sops[lesson.sop_id]
        rows.append(
            f'<tr><td class="no">{n}</td><td>{inline(sop.title)}</td>'
            f"<td>{attr(sop_code(manual, lesson.sop_id))}</td><td>{attr(sop.revision)}</td>"
            f'<td class="no">{len(sop.self_check)}</td><td></td><td></td><td></td><td></td></tr>'
        )
    html = [
        f'<div class="training-sheet" data-training="{attr(role_id)}">',
        _sheet_head(manual, role_id),
        '<p class="form-title">新员工培训记录表</p>',
        '<div class="sheet-fields">' + "".join([
            _fill("姓名"), _fill("工号"), _fill("岗位", attr(short_title(manual, role_id))),
            _fill("入职日期"), _fill("带教人"), _fill("培训期间"),
        ]) + "</div>",
        '<table class="form-register training-record"><colgroup><col class="c-no"><col class="c-title">'
        '<col class="c-code"><col class="c-no"><col class="c-no"><col class="c-date"><col class="c-result">'
        '<col class="c-sign"><col class="c-sign"></colgroup><thead><tr>'
        "<th>序号</th><th>课程（程序）</th><th>文件编号</th><th>版号</th><th>自测题</th><th>学习日期</th>"
        "<th>自测结果</th><th>带教人签字</th><th>学员签字</th></tr></thead><tbody>"
        + "".join(rows) + "</tbody></table>",
        '<p class="sheet-verdict">考核结论：'
        '<span class="opt"><span class="box"></span>合格，可独立上岗</span>'
        '<span class="opt"><span class="box"></span>需补训：</span><span class="fill-line short"></span></p>',
        '<div class="sheet-sign">' + _fill("带教人签字") + _fill("学员签字") + _fill(f"{supervisor}审核") + "</div>",
        '<div class="sheet-sign">' + _fill("日期") + _fill("日期") + _fill("日期") + "</div>",
        "</div>",
    ]
    return "\n".join([
        heading(f"新员工培训记录表 · {short_title(manual, role_id)}"),
        "打印后由带教人保存；每学完一课（见[培训路径](index.md)），带教人和学员在对应行签字。\n",
        "\n".join(html) + "\n",
        _links(role_id),
        _stamp(manual, role_id),
    ])


def _questions(manual: Manual, role_id: str) -> list[tuple[str, list[tuple[int, Any]]]]:
    """(procedure title, [(running number, self-check)]) for each lesson that has questions."""
    groups = []
    n = 0
    for lesson in training_path(manual, role_id):
        sop = manual.sops[lesson.sop_id]
        items = []
        for q in sop.self_check:
            n += 1
            items.append((n, q))
        if items:
            groups.append((sop.title, items))
    return groups


def quiz_page(manual: Manual, role_id: str) -> str:
    """The quiz sheet: every question of the path with lines to write on, and no answer."""
    lk = manual.lookup
    html = [
        f'<div class="training-sheet quiz-sheet" data-training="{attr(role_id)}">',
        _sheet_head(manual, role_id, "-T"),
        f'<p class="form-title">{attr(short_title(manual, role_id))}岗位自测试卷</p>',
        '<div class="sheet-fields">' + _fill("姓名") + _fill("日期") + _fill("得分") + "</div>",
    ]
    for g, (title, items) in enumerate(_questions(manual, role_id), 1):
        html.append(f'<p class="quiz-group">{chinese_number(g)}、{inline(title)}</p><ol class="quiz">')
        for n, q in items:
            html.append(f'<li value="{n}"><p class="quiz-q">{inline(q.question, lk)}</p>'
                        + '<span class="answer-line"></span>' * 3 + "</li>")
        html.append("</ol>")
    html.append('<div class="sheet-sign">' + _fill("阅卷人") + _fill("日期") + "</div></div>")
    return "\n".join([
        heading(f"自测试卷 · {short_title(manual, role_id)}"),
        "打印后发给学员闭卷作答；答案见另页的[参考答案](answers.md)，请勿一起发放。\n",
        "\n".join(html) + "\n",
        _links(role_id),
        _stamp(manual, role_id, "-T"),
    ])


def answers_page(manual: Manual, role_id: str) -> str:
    """The answer key of the quiz sheet, with the same numbers."""
    lk = manual.lookup
    html = [
        f'<div class="training-sheet answer-sheet" data-training="{attr(role_id)}">',
        _sheet_head(manual, role_id, "-A"),
        f'<p class="form-title">{attr(short_title(manual, role_id))}岗位自测试卷 · 参考答案</p>',
        '<p class="sheet-note">阅卷用，勿发给学员。答出要点即可，不必逐字相同。</p>',
    ]
    for g, (title, items) in enumerate(_questions(manual, role_id), 1):
        html.append(f'<p class="quiz-group">{chinese_number(g)}、{inline(title)}</p><ol class="quiz">')
        for n, q in items:
            html.append(f'<li value="{n}"><p class="quiz-q">{inline(q.question, lk)}</p>'
                        f'<p class="quiz-a">{inline(q.answer, lk)}</p></li>')
        html.append("</ol>")
    html.append("</div>")
    return "\n".join([
        heading(f"参考答案 · {short_title(manual, role_id)}"),
        "\n".join(html) + "\n",
        _links(role_id),
        _stamp(manual, role_id, "-A"),
    ])


# --------------------------------------------------------------------------- overview and wiring


def training_index(manual: Manual) -> str:
    rows = []
    for role_id in manual.roles:
        lessons = training_path(manual, role_id)
        questions = sum(len(manual.sops[l.sop_id].self_check) for l in lessons)
        first = "、".join(inline(manual.sops[l.sop_id].title) for l in lessons[:2])
        rows.append([
            f"[{inline(manual.role_title(role_id))}]({role_id}/index.md)", str(len(lessons)), str(questions),
            first, f"[记录表]({role_id}/record.md) · [试卷]({role_id}/quiz.md) · [答案]({role_id}/answers.md)",
        ])
    return "\n".join([
        heading("新员工培训"),
        "每个岗位一条培训路径：本岗位参与的程序按学习顺序排列，每课附自测题。带教人打印“培训记录表”逐课签字，"
        "学完后用“自测试卷”闭卷考核，按“参考答案”评分。\n",
        f"**学习顺序**：{inline(ORDER)}\n",
        table(["岗位", "课程", "自测题", "最先学习", "打印"], rows),
        "岗位与程序的对应关系见[岗位职责矩阵](../appendix/matrix.md)；职责、步骤和自测题的缺口见"
        "[职责覆盖检查](../appendix/coverage.md)。\n",
        maint_note(f"排序规则：{inline(RULE)}"),
    ])


def training_pages(manual: Manual) -> dict[str, str]:
    pages = {"training/index.md": training_index(manual)}
    for role_id in manual.roles:
        base = f"training/{role_id}/"
        pages[base + "index.md"] = path_page(manual, role_id)
        pages[base + "record.md"] = record_page(manual, role_id)
        pages[base + "quiz.md"] = quiz_page(manual, role_id)
        pages[base + "answers.md"] = answers_page(manual, role_id)
    return pages


def training_nav(manual: Manual) -> list[dict[str, Any]]:
    """The 新员工培训 section of the navigation."""
    return [{"新员工培训": [{"培训总览": "training/index.md"}] + [
        {short_title(manual, r): [
            {"培训路径": f"training/{r}/index.md"},
            {"培训记录表": f"training/{r}/record.md"},
            {"自测试卷": f"training/{r}/quiz.md"},
            {"参考答案": f"training/{r}/answers.md"},
        ]} for r in manual.roles
    ]}]
