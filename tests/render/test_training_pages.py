"""Pages for new staff: the role page's summary box, the responsibility matrix, the coverage page
and the training pages (path, onboarding record, quiz, answer key), rendered and printed."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from handbook.checks.check import check
from handbook.render.markup import inline
from handbook.render import urls
from handbook.render.urls import COVERAGE as COVERAGE_PAGE, MATRIX as MATRIX_PAGE
from handbook.site.build import build_site, page_markdown, render_pages
from handbook.manual.training import training_path

from conftest import DATA, mkdocs_build
from helpers import MINI, TODAY, copy_mini, edit, mini_project


def role_page(manual, role_id: str) -> str:
    return page_markdown(manual, urls.role(role_id))


def matrix_page(manual) -> str:
    return page_markdown(manual, urls.MATRIX)


def coverage_page(manual) -> str:
    return page_markdown(manual, urls.COVERAGE)


def path_page(manual, role_id: str) -> str:
    return page_markdown(manual, urls.training(role_id))


def record_page(manual, role_id: str) -> str:
    return page_markdown(manual, urls.training(role_id, "record"))


def quiz_page(manual, role_id: str) -> str:
    return page_markdown(manual, urls.training(role_id, "quiz"))


def answers_page(manual, role_id: str) -> str:
    return page_markdown(manual, urls.training(role_id, "answers"))


@pytest.fixture(scope="module")
def mini():
    manual, problems = check(MINI, today=TODAY)
    assert problems == [] and manual is not None
    return manual


@pytest.fixture(scope="module")
def real():
    manual, _ = check(DATA)
    assert manual is not None
    return manual


def _box(page: str) -> str:
    start = page.index('<div class="admonition abstract role-summary" markdown>')
    return page[start:page.index("</div>", start)]


# --------------------------------------------------------------------------- role page


def test_summary_box_comes_first_and_answers_the_three_questions(real) -> None:
    page = role_page(real, "cs-assistant")
    assert page.index("role-summary") < page.index("## 1.0 基本情况")
    box = _box(page)
    # in which procedures: every procedure where the assistant owns a step, linked, with its steps
    for sop_id in ("front-desk-telephone", "one-stop-service", "repair-request", "mail-and-parcels"):
        assert f"](../sops/{sop_id}.md)" in box
    assert "| [六、前台接待及电话服务规范](../sops/front-desk-telephone.md) | 负责第 1–8、10–12 步 |" in box
    # within which limits: the time-limited steps with their limits
    assert "铃响三声内接听报工号 <strong>立即</strong>" in box
    assert "派单至责任部门 <strong>15 分钟内</strong>" in box
    # procedures where it owns no step are named in one line, not a row
    assert "只协助的程序：[十八、业户档案管理规程](../sops/owner-records.md)" in box
    assert re.search(r"参与 \d+ 个程序，在其中 \d+ 个程序里负责 \d+ 个步骤（\d+ 步有时限），填写 \d+ 种表格", box)
    assert "](../training/cs-assistant/index.md)" in box


def test_role_page_sections(real) -> None:
    page = role_page(real, "cs-manager")
    titles = re.findall(r"^## \d+\.0 (.+)$", page, re.M)
    assert titles[:3] == ["基本情况", "任职资格", "岗位职责"]
    assert {"参与的程序", "负责的步骤及时限", "工作交接"} <= set(titles)
    assert "<small>执行程序：[“一站式”服务操作规程](../sops/one-stop-service.md)" in page
    assert "<small>无对应程序：受控文件的登记、发放、评审和修订按本手册的文件控制" in page
    assert "批准第 7 步" in page  # key-management: 审批动用托管钥匙
    assert "**交出工作**" in page and "**接收工作**" in page


def test_role_page_handoffs_and_forms(mini) -> None:
    page = role_page(mini, "clerk")
    assert "| [维修技工](fixer.md) | [报修处理程序](../sops/repair.md) 第 2→3 步 |" in page
    assert "| [维修工作单](../forms/repair-order.md)<br><small>TEST-KF-R-01</small> | " \
           "[报修处理程序](../sops/repair.md) 第 1 步 | 保管 |" in page
    assert "本岗位的步骤不与其他岗位交接。" not in page


def test_role_page_escapes_data(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "sops/repair.yaml", "action: 受理报修", "action: '<script>x</script> | 受理'")
    manual, problems = check(data, today=TODAY)
    assert manual is not None, problems
    page = role_page(manual, "clerk") + role_page(manual, "fixer")
    assert "<script>" not in page and "&#60;script&#62;x&#60;/script&#62; &#124; 受理" in page


# --------------------------------------------------------------------------- matrix and coverage


def test_matrix_page(mini) -> None:
    page = matrix_page(mini)
    assert '<div class="responsibility-matrix" markdown>' in page  # the print stylesheet's hook
    assert "| 程序 | 客服助理 | 维修技工 | <span class=\"partner\">业主/住户</span> |" in page
    row = next(line for line in page.splitlines() if line.startswith("| [一、报修处理程序]"))
    assert row.count('<span class="m m-r">负责</span>') == 3 and row.count("★") == 1
    assert "| **负责或批准的程序 / 参与的程序** | 2/2 | 1/1 | 2/2 |" in page
    for rule in ("**负责**", "**批准**", "**协助**", "**知会**", "审批、批准、审核、审定、核准"):
        assert rule in page  # the derivation rule is on the page
    assert 'class="print-stamp"' in page


def test_coverage_page_lists_gaps(real, tmp_path: Path) -> None:
    page = coverage_page(real)
    assert "| 既没有程序也没有说明的职责 | 0 |" in page
    assert "已知缺口：受控文件的登记、发放、评审和修订" in page
    data = copy_mini(tmp_path)
    edit(data, "roles/fixer.yaml", "  - text: 按工单维修。\n    procedures: [repair]\n", "  - 按工单维修。\n")
    edit(data, "sops/complaint.yaml", "self_check:", "x_self_check:")
    edit(data, "sops/complaint.yaml",
         "x_self_check:\n  - question: 投诉多久答复？\n    answer: \"{{commitment.reply}}。\"\n", "")
    manual, problems = check(data, today=TODAY)
    assert manual is not None and [p.severity for p in problems] == ["warning", "warning"]
    page = coverage_page(manual)
    assert "| [维修技工](../roles/fixer.md) | 1 | 按工单维修。 | **未落实**：没有关联程序，也没有说明理由 |" in page
    assert "- [二、投诉处理程序](../sops/complaint.md)\n" in page
    assert "| 没有自测题的程序 | 1 / 2 |" in page


# --------------------------------------------------------------------------- training pages


def test_path_page_orders_lessons_with_questions(real) -> None:
    page = path_page(real, "cs-assistant")
    lessons = re.findall(r"^## 第 (\d+) 课 (.+)$", page, re.M)
    assert lessons[0] == ("1", "前台接待及电话服务规范") and lessons[1] == ("2", "“一站式”服务操作规程")
    assert [int(n) for n, _ in lessons] == list(range(1, len(lessons) + 1))
    first = real.sops["front-desk-telephone"].self_check[0]
    assert first.question in page and f"<p>{first.answer}</p>" in page  # answers folded away
    assert "入口程序：客户的事项从这里分转到其他 4 个程序" in page
    assert "[新员工培训记录表](record.md)" in page and "[自测试卷](quiz.md)" in page


def test_quiz_has_no_answers_and_the_key_has_them_all(real) -> None:
    quiz, key = quiz_page(real, "cs-assistant"), answers_page(real, "cs-assistant")
    questions = [q for lesson in training_path(real, "cs-assistant") for q in real.sops[lesson.sop_id].self_check]
    assert set(re.findall(r'data-training="([a-z-]+)"', quiz)) == {"cs-assistant"}
    numbers = [int(n) for n in re.findall(r'<li value="(\d+)">', quiz)]
    assert numbers == list(range(1, len(numbers) + 1)) and numbers
    assert re.findall(r'<li value="(\d+)">', key) == [str(n) for n in numbers]  # same numbering
    assert len(numbers) == len(questions)
    for q in questions:
        assert inline(q.question, real.lookup) in quiz and inline(q.question, real.lookup) in key
        assert inline(q.answer, real.lookup) not in quiz
        assert inline(q.answer, real.lookup) in key
    assert "<details" not in quiz and "quiz-a" not in quiz and "quiz-a" in key
    assert quiz.count('<span class="answer-line"></span>') == 3 * len(numbers)
    # the 客服助理 keeps the 2008 position number 2.0 (W12): her training papers are PX-02
    assert "LNXC-KF-PX-02-T" in quiz and "LNXC-KF-PX-02-A" in key


def test_record_has_a_row_per_lesson_and_sign_off(mini) -> None:
    page = record_page(mini, "clerk")
    assert page.count('<tr><td class="no">') == 2  # repair, complaint
    for label in ("姓名", "带教人", "带教人签字", "学员签字", "管理处经理审核", "考核结论", "岗位测验（结果单附后）：试卷号"):
        assert label in page
    assert "<td>TEST-KF-QP-01</td><td>A/0</td>" in page
    assert 'class="print-stamp"' in page and "TEST-KF-PX-01" in page


def test_training_pages_escape_questions(tmp_path: Path) -> None:
    data = copy_mini(tmp_path)
    edit(data, "sops/repair.yaml", "question: 急修多久到场？", "question: '<img src=x> 急修多久到场？'")
    manual, problems = check(data, today=TODAY)
    assert manual is not None, problems
    text = path_page(manual, "clerk") + quiz_page(manual, "clerk") + answers_page(manual, "clerk")
    assert "<img" not in text and "&#60;img src=x&#62; 急修多久到场？" in text


def test_pages_and_navigation(mini) -> None:
    pages = render_pages(mini)
    for path in (MATRIX_PAGE, COVERAGE_PAGE, "training/index.md", "training/clerk/index.md", "training/clerk/test.md",
                 "training/fixer/record.md", "training/fixer/quiz.md", "training/fixer/answers.md"):
        assert path in pages
    nav = build_site(mini).nav
    appendix = next(item["附录"] for item in nav if "附录" in item)
    assert {"岗位职责矩阵": MATRIX_PAGE} in appendix and {"职责覆盖检查": COVERAGE_PAGE} in appendix
    assert [item for item in nav if "新员工培训" in item] == [{"新员工培训": [
        {"培训总览": "training/index.md"},
        {"客服助理": [{"培训路径": "training/clerk/index.md"}, {"测验": "training/clerk/test.md"},
                   {"培训记录表": "training/clerk/record.md"},
                   {"自测试卷": "training/clerk/quiz.md"}, {"参考答案": "training/clerk/answers.md"}]},
        {"维修技工": [{"培训路径": "training/fixer/index.md"}, {"测验": "training/fixer/test.md"},
                   {"培训记录表": "training/fixer/record.md"},
                   {"自测试卷": "training/fixer/quiz.md"}, {"参考答案": "training/fixer/answers.md"}]},
    ]}]
    linked = set(re.findall(r"\]\(((?:\.\./)*[a-z-]+(?:/[a-z-]+)*\.md)\)", pages["training/index.md"]))
    assert {"clerk/index.md", "../appendix/matrix.md"} <= linked


# --------------------------------------------------------------------------- print (browser)


def _pdf(page, url: str, out: Path) -> tuple[int, tuple[float, float], str]:
    page.goto(url, wait_until="networkidle")
    page.emulate_media(media="print")
    page.pdf(path=str(out), prefer_css_page_size=True, print_background=True)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    return pages, (w, h), text


@pytest.mark.browser
def test_matrix_prints_landscape_and_sheets_portrait(page, site_url: str, tmp_path: Path, real) -> None:
    pages, (w, h), text = _pdf(page.page, f"{site_url}/appendix/matrix/", tmp_path / "matrix.pdf")
    assert w > h and round(w) == 842  # A4 landscape (pt)
    assert pages == 1, "the 24 × 15 matrix fits one landscape sheet"
    assert "打印件为非受控文件" in text and "负责" in text
    pages, (w, h), text = _pdf(page.page, f"{site_url}/training/cs-assistant/record/", tmp_path / "record.pdf")
    assert w < h and round(h) == 842 and pages == 1
    assert "新员工培训记录表" in text and "带教人签字" in text and "学员签字" in text
    assert "按下面的顺序" not in text  # the screen-only text around the sheet is not printed
    _, _, text = _pdf(page.page, f"{site_url}/training/cs-assistant/quiz/", tmp_path / "quiz.pdf")
    answer = real.sops["front-desk-telephone"].self_check[1].answer
    assert "接起电话的第一句话" in text and answer[:12] not in text.replace(" ", "")
    assert page.external_requests() == []


@pytest.mark.build
def test_a_coverage_gap_fails_the_strict_build(tmp_path: Path) -> None:
    project = mini_project(tmp_path)
    edit(project / "procedures", "roles/fixer.yaml", "  - text: 按工单维修。\n    procedures: [repair]\n", "  - 按工单维修。\n")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "roles/fixer.yaml:6:5: 警告: 第 1 项职责没有落到任何程序上" in result.stderr
    assert "Traceback" not in result.stderr
