"""The training pages of each role (``training/<id>/``): the path, the onboarding record, the quiz
sheet and its answer key; and the overview ``training/index.md``.

The order of the lessons comes from :mod:`training`; the questions are each procedure's
``self_check``. The record, the quiz and the answer key are sheets to print (A4 portrait) and carry
the print stamp; the quiz never shows an answer.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from handbook.manual.derive import owned_steps
from handbook.manual.manual import Manual
from handbook.manual.numbering import chinese_number
from handbook.render import urls
from handbook.render.fragments import sop_link
from handbook.render.markup import Md, inline, table
from handbook.manual.numbering import sop_code
from handbook.render.role_page import limits_text, marks_text, steps_text
from handbook.render.spec import PageSpec, SiteOptions
from handbook.render.sop_page import self_check_block
from handbook.render.stamp import maint_note, print_stamp
from handbook.render.templating import render
from handbook.manual.training import ENTRY_MIN_TARGETS, Lesson, lesson_reason, training_path
from handbook.manual.questions import role_bank
from handbook.manual.multichoice import TEST_SIZE
from handbook.render.training_test_page import SUFFIX, scored_test

SERIES = "PX"  # document series of the training sheets (培训)

#: The order in a clerk's words; :data:`RULE` is how it is computed (for the maintainers).
ORDER = (
    "先学前台接待、“一站式”服务这类把客户的事转给各程序的入口程序，再学本岗位负责办理的程序，"
    "最后学本岗位只协助或只需知会的程序。"
)
RULE = (
    "先学入口程序（程序文件中写 entry: true 的程序：前台把客户的各类事项经它分转到其他程序，如前台接待和“一站式”服务；"
    f"旧版本没有这一标记时，取分转到至少 {ENTRY_MIN_TARGETS} 个其他程序的程序），"
    "再学入口程序转入的、本岗位负责步骤的程序，然后是本岗位负责步骤的其他程序，"
    "最后是只协助或只在职责中列名的程序；同一组内本岗位负责的步骤多的在前。"
)


def short_title(manual: Manual, role_id: str) -> str:
    """The role's title without its parenthesised note: ``客服助理（前台接待及热线）`` → ``客服助理``."""
    return manual.role_title(role_id).split("（")[0]


def training_code(manual: Manual, role_id: str) -> str:
    return f"{manual.handbook.estate.code}-KF-{SERIES}-{manual.role_number(role_id):02d}"


def _stamp(manual: Manual, role_id: str, suffix: str = "", button: bool = True) -> Md:
    hb = manual.handbook
    return print_stamp(manual, training_code(manual, role_id) + suffix, hb.revision, hb.effective_date,
                       button=button)


def _head(manual: Manual, role_id: str, suffix: str = "") -> dict[str, str]:
    """What the head of a sheet shows (the ``sheet_head`` macro)."""
    hb = manual.handbook
    return {"estate": hb.estate.name, "center": manual.organization.center,
            "code": training_code(manual, role_id) + suffix, "revision": hb.revision,
            "effective": hb.effective_date.isoformat()}


#: The pages of a role's training, in the order of its navigation and of the links between them:
#: (sheet, title in the navigation, link text). One path: each of them links to all the others.
#: A revision's 修订学习签收表 (the sign-off that staff have read a new revision) belongs here,
#: after the record, with its sheet name in ``urls.TrainingSheet``.
SHEETS: tuple[tuple[urls.TrainingSheet, str, str], ...] = (
    ("index", "培训路径", "培训路径"),
    ("test", "测验", "测验"),
    ("record", "培训记录表", "新员工培训记录表"),
    ("quiz", "自测试卷", "自测试卷"),
    ("answers", "参考答案", "参考答案"),
)


def _links(role_id: str) -> Md:
    return Md(" · ").join([
        *(urls.link(text, urls.training(role_id, sheet)) for sheet, _, text in SHEETS),
        urls.link("返回岗位职责", urls.role(role_id)),
    ]) + Md("\n")


def signoff_links(days: Mapping[date, frozenset[str]], role_id: str | None = None) -> Md:
    """Links to the pages of 修订学习签收表 (to one role's sheet on each, when ``role_id`` is given):
    one page per revision, pending or the latest in force (see :mod:`signoff_page`)."""
    links = [urls.link(Md('<span class="signoff-date">{}</span>').format(d.isoformat()), urls.signoff(d),
                       anchor=f"role-{role_id}" if role_id else None)
             for d, roles in sorted(days.items()) if role_id is None or role_id in roles]
    return Md(" · ").join(links)


def _signoffs(options: SiteOptions | None) -> Mapping[date, frozenset[str]]:
    return options.timeline.signoffs if options is not None and options.timeline is not None else {}


# --------------------------------------------------------------------------- the path


def _lesson(manual: Manual, role_id: str, n: int, lesson: Lesson) -> Md:
    sop = manual.sops[lesson.sop_id]
    lk = manual.lookup
    part = lesson.part
    mine = owned_steps(manual, role_id, lesson.sop_id)
    limits = limits_text(manual, role_id, lesson.sop_id)
    out = [
        Md("## 第 {} 课 {}\n").format(n, inline(sop.title)),
        Md('<p class="lesson-why">{}</p>\n').format(lesson_reason(manual, lesson)),
        Md("- 本岗位：{}{}").format(steps_text(mine) if mine else marks_text(part), "（归口岗位）" if part.is_owner else ""),
    ]
    if limits:
        out.append(Md("- 时限：{}").format(limits))
    if part.duty:
        out.append(Md("- 本岗位的职责：{}").format(inline(part.duty, lk)))
    out.append(Md("- 阅读：{}（{}，版号 {}） · {}\n").format(
        sop_link(manual, lesson.sop_id), sop_code(manual, lesson.sop_id), sop.revision,
        urls.link("前台检查单", urls.checklist(lesson.sop_id))))
    if sop.self_check:
        out.append(Md("**自测题**\n"))
        for i, q in enumerate(sop.self_check, 1):
            out.append(self_check_block(manual, i, q.question, q.answer))
    else:
        out.append(Md("本程序还没有自测题。\n"))
    return Md("\n").join(out)


def path_page(manual: Manual, role_id: str, options: SiteOptions | None = None) -> Md:
    lessons = training_path(manual, role_id)
    questions = sum(len(manual.sops[l.sop_id].self_check) for l in lessons)
    out = [
        Md("按下面的顺序学习本岗位参与的 {} 个程序，共 {} 道自测题。每学完一课："
           "读程序页，对照本岗位负责的步骤和时限，做完自测题，再请带教人在培训记录表上签字。"
           "学完后在手机上做{}（每套 {} 道选择题，交卷即评分），打印结果单交带教人。\n").format(
            len(lessons), questions, urls.link("本岗位的测验", urls.training(role_id, "test")),
            str(min(TEST_SIZE, len(role_bank(manual, role_id))))),
        _links(role_id),
    ]
    signoffs = signoff_links(_signoffs(options), role_id)
    if signoffs:
        out.append(Md("**修订学习签收表**（手册修订后，本岗位须重新学习的内容和签字表）：{}\n{{: .lesson-rule }}\n")
                   .format(signoffs))
    out += [
        Md('<p class="lesson-rule"><strong>学习顺序</strong>：{}</p>\n').format(ORDER),
    ]
    out += [_lesson(manual, role_id, n, lesson) for n, lesson in enumerate(lessons, 1)]
    out.append(maint_note(Md("排序规则：{}").format(inline(RULE))))
    return Md("\n").join(out)


# --------------------------------------------------------------------------- printable sheets


def record_page(manual: Manual, role_id: str) -> Md:
    """新员工培训记录表: one row per lesson, signed by trainer and trainee, and a final sign-off."""
    lessons = []
    for lesson in training_path(manual, role_id):
        sop = manual.sops[lesson.sop_id]
        lessons.append((sop.title, sop_code(manual, lesson.sop_id), sop.revision, len(sop.self_check)))
    sheet = render(
        "training_record.html", role_id=role_id, head=_head(manual, role_id), role=short_title(manual, role_id),
        lessons=lessons, supervisor=manual.role_title(manual.roles[role_id].reports_to),
    )
    return Md("\n").join([
        Md("打印后由带教人保存；每学完一课（见{}），带教人和学员在对应行签字。学完后的{}，"
           "把试卷号和得分填在表下，结果单附在本表后。\n").format(
            urls.link("培训路径", urls.training(role_id)), urls.link("测验", urls.training(role_id, "test"))),
        sheet + Md("\n"),
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


def _quiz_sheet(manual: Manual, role_id: str, answers: bool) -> Md:
    groups = [(chinese_number(g), title, items) for g, (title, items) in enumerate(_questions(manual, role_id), 1)]
    return render(
        "training_quiz.html", role_id=role_id, head=_head(manual, role_id, "-A" if answers else "-T"),
        role=short_title(manual, role_id), groups=groups, lookup=manual.lookup, answers=answers,
    )


def quiz_page(manual: Manual, role_id: str) -> Md:
    """The quiz sheet: every question of the path with lines to write on, and no answer."""
    return Md("\n").join([
        Md("打印后发给学员闭卷作答；答案见另页的{}，请勿一起发放。\n").format(
            urls.link("参考答案", urls.training(role_id, "answers"))),
        _quiz_sheet(manual, role_id, answers=False),
        _links(role_id),
        _stamp(manual, role_id, "-T"),
    ])


def answers_page(manual: Manual, role_id: str) -> Md:
    """The answer key of the quiz sheet, with the same numbers."""
    return Md("\n").join([
        _quiz_sheet(manual, role_id, answers=True),
        _links(role_id),
        _stamp(manual, role_id, "-A"),
    ])


def test_page(manual: Manual, role_id: str) -> Md:
    """测验: a test of multiple-choice questions drawn from the procedures of the role's path,
    answered and scored in the browser; its result sheet, blank paper test and key print from it."""
    return Md("\n").join([
        Md("题目由程序的数据生成：谁负责哪一步、下一步做什么、时限多少、填哪张表、什么情形按哪个程序办、"
           "注意事项禁止什么。程序修订后，题目随之更新。点选答案后按“交卷”：页面给出得分，"
           "每道答错的题都说明原因并链接到回答它的步骤。答题记录只在本页，不会发送到任何地方。\n"),
        _links(role_id),
        scored_test(manual, role_id, _head(manual, role_id, SUFFIX), short_title(manual, role_id)),
        _stamp(manual, role_id, SUFFIX, button=False),  # the test has print buttons of its own
    ])


# --------------------------------------------------------------------------- overview and wiring


def training_index(manual: Manual, options: SiteOptions | None = None) -> Md:
    rows = []
    for role_id in manual.roles_by_number():
        lessons = training_path(manual, role_id)
        questions = sum(len(manual.sops[l.sop_id].self_check) for l in lessons)
        first = Md("、").join(inline(manual.sops[l.sop_id].title) for l in lessons[:2])
        rows.append([
            urls.link(inline(manual.role_title(role_id)), urls.training(role_id)), str(len(lessons)),
            str(questions), first, urls.link("测验", urls.training(role_id, "test")),
            Md(" · ").join([urls.link("记录表", urls.training(role_id, "record")),
                            urls.link("试卷", urls.training(role_id, "quiz")),
                            urls.link("答案", urls.training(role_id, "answers"))]),
        ])
    return Md("\n").join([
        Md("每个岗位一条培训路径：本岗位参与的程序按学习顺序排列，每课附自测题。带教人打印“培训记录表”逐课签字，"
           "学完后请学员在手机上做本岗位的“测验”（题目由程序数据生成，交卷即评分，结果单可打印），"
           "或用“自测试卷”闭卷考核，按“参考答案”评分。\n"),
        Md("**学习顺序**：{}\n").format(inline(ORDER)),
        table(["岗位", "课程", "自测题", "最先学习", "测验", "打印"], rows),
        Md("岗位与程序的对应关系见{}；职责、步骤和自测题的缺口见{}。\n").format(
            urls.link("岗位职责矩阵", urls.MATRIX), urls.link("职责覆盖检查", urls.COVERAGE)),
        _signoff_section(options),
        maint_note(Md("排序规则：{}").format(inline(RULE))),
    ])


def _signoff_section(options: SiteOptions | None) -> Md:
    links = signoff_links(_signoffs(options))
    if not links:
        return Md("")
    return Md("## 修订学习签收表\n\n手册修订后，各岗位须在执行前重新学习改动的内容，并在修订学习签收表上签字"
              "（每次修订一页，每个岗位一张，内容与变更通知中“请以下岗位重新学习”一致）：{}\n").format(links)


#: The navigation section of the training pages.
SECTION = "新员工培训"


def pages(manual: Manual, options: SiteOptions) -> Iterator[PageSpec]:
    yield PageSpec(urls.TRAINING_INDEX, "新员工培训", "training", lambda: training_index(manual, options), nav=(SECTION,),
                   nav_title="培训总览")
    for role_id in manual.roles_by_number():
        nav = (SECTION, short_title(manual, role_id))
        role = manual.role_title(role_id)
        short = short_title(manual, role_id)
        titles = {sheet: title for sheet, title, _ in SHEETS}
        yield PageSpec(urls.training(role_id), f"{role} · 培训路径", "training",
                       lambda role_id=role_id: path_page(manual, role_id, options), nav=nav, nav_title=titles["index"])  # type: ignore[misc]
        yield PageSpec(urls.training(role_id, "test"), f"测验 · {short}", "training",
                       lambda role_id=role_id: test_page(manual, role_id), nav=nav, nav_title=titles["test"],  # type: ignore[misc]
                       searchable=False)
        yield PageSpec(urls.training(role_id, "record"), f"新员工培训记录表 · {short}", "training",
                       lambda role_id=role_id: record_page(manual, role_id), nav=nav, nav_title=titles["record"])  # type: ignore[misc]
        yield PageSpec(urls.training(role_id, "quiz"), f"自测试卷 · {short}", "training",
                       lambda role_id=role_id: quiz_page(manual, role_id), nav=nav, nav_title=titles["quiz"])  # type: ignore[misc]
        yield PageSpec(urls.training(role_id, "answers"), f"参考答案 · {short}", "answers",
                       lambda role_id=role_id: answers_page(manual, role_id), nav=nav, nav_title=titles["answers"],  # type: ignore[misc]
                       searchable=False)
