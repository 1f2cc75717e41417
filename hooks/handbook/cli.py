"""The ``handbook`` command line: check the data, write the JSON Schemas, write the pages."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# Each command imports what it needs when it runs, so ``handbook check`` starts fast (the data
# model, built by pydantic, is most of the start-up). The models use no third-party pydantic
# plugins; without this, pydantic scans every installed package's entry points to look for one.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def _fail(message: str, hint: str | None = None) -> int:
    from handbook.data.problems import visible

    print(f"错误：{visible(message)}", file=sys.stderr)
    if hint:
        print(f"    提示：{visible(hint)}", file=sys.stderr)
    return 1


def _output_problem(out: Path, data_dir: Path, what: str) -> str | None:
    """Why ``out`` cannot take the generated files: it is a file, or the data folder (or inside it)."""
    from handbook.data.problems import shown

    if out.exists() and not out.is_dir():
        return f"输出位置 {shown(out)} 是一个已有的文件，不能把{what}写到这里"
    try:
        inside = out.resolve().is_relative_to(data_dir.resolve())
    except OSError:  # pragma: no cover - a link loop
        inside = True
    if inside:
        return f"输出位置 {shown(out)} 是数据目录 {shown(data_dir)} 或在其中，不能把{what}写到数据里"
    return None


def _refused(exc: Exception) -> int:
    """Report the files an output refused to write (``data.write.Refused``), located; exit 1."""
    for problem in getattr(exc, "problems", []):
        print(problem.format(), file=sys.stderr)
    return 1


def _check(args: argparse.Namespace) -> int:
    from datetime import date

    from handbook.checks.cache import cached_answer
    from handbook.data.history import head_state

    data_dir = Path(args.data_dir)
    # the answer depends on the repository's history too (the revisions' committed texts)
    text, status = cached_answer(data_dir, date.today(), lambda: _check_answer(data_dir, args.estate),
                                 estate=args.estate, extra=head_state(data_dir),
                                 warn=lambda message: print(message, file=sys.stderr))
    print(text)
    return status


def _check_answer(data_dir: Path, estate: str | None = None) -> tuple[str, int]:
    """What ``handbook check`` prints, and its exit status: the standard and every estate, or only
    ``estate``; then, where the data checks clean, the checks that need the repository's history
    (a pending revision's entry naming its changes, effective dates in order)."""
    from datetime import date

    from handbook.changes.control import MENTIONS_CACHE
    from handbook.changes.history_check import check_history
    from handbook.checks.check import check_all
    from handbook.data.problems import errors, one_line, report, visible

    manuals, problems = check_all(data_dir, estate)
    if errors(problems):
        return report(problems), 1
    found, notes = set(problems), []
    store = data_dir.resolve().parent / ".cache" / "handbook" / MENTIONS_CACHE
    for manual in manuals:
        history = check_history(manual, date.today(), cache_file=store)
        found.update(history.problems)
        notes += [n for n in history.notes if n not in notes]
    problems = sorted(found)
    lines = [report(problems)] + [f"警告: 版本控制：{visible(note)}" for note in notes]
    if errors(problems):
        return "\n".join(lines), 1
    for manual in manuals:
        where = f"（{one_line(manual.handbook.estate.name)}）" if manual.estate_id else ""
        lines.append(f"已检查{where}：{len(manual.sops)} 个程序、{len(manual.roles)} 个岗位、{len(manual.forms)} 张表格。")
    return "\n".join(lines), 0


def _schema(args: argparse.Namespace) -> int:
    from handbook.data.schema import write_schemas
    from handbook.data.write import Refused

    problem = _output_problem(Path(args.out), Path("procedures"), " JSON Schema ")
    if problem:
        return _fail(problem, "给出一个新的或专用的目录，默认是 schema")
    try:
        changed = write_schemas(Path(args.out), data_dirs=(Path("procedures"),))
    except Refused as exc:
        return _refused(exc)
    for path in changed:
        print(f"已更新 {path}")
    if not changed:
        print("JSON Schema 已是最新。")
    return 0


def _pages(args: argparse.Namespace) -> int:
    from handbook.checks.check import check
    from handbook.site.build import build_site
    from handbook.data.problems import errors, report
    from handbook.data.write import Output, Refused

    out = Path(args.out)
    problem = _output_problem(out, Path(args.data_dir), "页面")
    if problem:
        return _fail(problem, "给出一个新的或专用的目录，例如 handbook pages build/pages")
    manual, problems = check(Path(args.data_dir), estate=args.estate)
    if errors(problems) or manual is None:
        print(report(problems))
        return 1
    from handbook.changes.control import document_control

    control = document_control(manual, manual.checked_on)
    for note in control.notes:
        print(f"警告: 版本控制：{note}")
    if control.problems:
        print(report(control.problems))
    pages = build_site(manual, site_url=args.site_url, editions=control.editions,
                       rereadings=control.rereadings).pages
    output = Output(out, (Path(args.data_dir),))
    try:  # where every page lands, links followed, before any is written
        places = output.places([page.path for page in pages])
    except Refused as exc:
        return _refused(exc)
    for page in pages:
        output.write(page.path, page.markdown.encode("utf-8"), places[page.path])
    print(f"已写出页面到 {out}")
    return 0


def _pdf(args: argparse.Namespace) -> int:
    from datetime import date

    from handbook.checks.check import check
    from handbook.data.problems import errors, report
    from handbook.data.write import Output, Refused
    from handbook.paper.pdf import PDF_FILES, PaperError, pdf_folder, write_all

    from handbook.site.inforce import HANDBOOK, editions

    printed = date.fromisoformat(args.date) if args.date else date.today()
    manual, problems = check(Path(args.data_dir), estate=args.estate, today=printed)
    if errors(problems) or manual is None:
        print(report(problems))
        return 1
    # The book in force on the print date; with --next, the latest text, stamped 待生效 where it is.
    versions = editions(manual, printed)
    for problem in versions.problems:
        print(f"警告: 版本控制：{problem}")
    pending = versions.docs[HANDBOOK].current.effective
    pending_from = pending if pending > printed else None
    book_manual = manual
    if not args.next and versions.unknown:  # never print the pending text as if it were in force
        print(f"错误: 无法打印 {printed.isoformat()} 执行的版本：它的文本要从仓库历史中取出。"
              "\n    提示：浅克隆请先运行 git fetch --unshallow；或用 make pdf NEXT=1 打印待生效的版本（每页标明“待生效”）")
        return 1
    if not args.next and versions.in_force is not None:
        book_manual, pending_from = versions.in_force, None
    elif not args.next:
        print(f"本手册尚无已生效的版本：打印的是 {manual.handbook.revision}（待生效 · 自 {pending.isoformat()} 起执行）")
    folder = pdf_folder(Path("pdf"), manual.estate_id)
    out = Path(args.out) if args.out else (folder / "next" if args.next else folder)
    styles = [Path(p) for p in args.css]
    missing = [p for p in styles if not p.is_file()]
    if missing:
        print(f"{missing[0]}: 错误: 找不到样式表\n    提示：在手册根目录运行，或用 --css 指定 handbook.css 和 print.css")
        return 1
    try:  # where the three files land, links followed, before any is laid out
        Output(out, (Path(args.data_dir),)).places(PDF_FILES)
        for written in write_all(book_manual, out, printed, styles, pending_from):
            print(f"已写出 {written.path}：{written.pages} 页，用时 {written.seconds:.1f} 秒")
    except Refused as exc:
        return _refused(exc)
    except PaperError as exc:
        if exc.problems:  # located in a style sheet
            return _refused(exc)
        print(f"错误: {exc}")
        return 1
    return 0


def _diff(args: argparse.Namespace) -> int:
    from handbook.changes.command import diff_command

    return diff_command(args.old, args.new, args.data_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="handbook", description="客户服务中心操作手册：数据检查与生成")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="检查 procedures/ 中的全部数据，列出所有问题；有错误时退出码为 1")
    p.add_argument("data_dir", nargs="?", default="procedures", help="数据目录（默认 procedures）")
    p.add_argument("--estate", default=None, help="只检查这个项目（默认检查公司标准和每个项目）")
    p.set_defaults(func=_check)
    p = sub.add_parser("schema", help="由数据模型生成 JSON Schema（供 VS Code 补全和校验）")
    p.add_argument("--out", default="schema", help="输出目录（默认 schema）")
    p.set_defaults(func=_schema)
    p = sub.add_parser("pages", help="把生成的 Markdown 页面写到目录（供其他静态站点生成器使用）")
    p.add_argument("out", help="输出目录")
    p.add_argument("--data-dir", default="procedures")
    p.add_argument("--site-url", default=None, help="手册的公开网址；给出时打印件带二维码")
    p.add_argument("--estate", default=None, help="项目 id（estates/<id>/，默认第一个项目）")
    p.set_defaults(func=_pages)
    p = sub.add_parser("pdf", help="生成打印版 PDF：整本手册、前台检查单夹、空白记录表格（需要 WeasyPrint）")
    p.add_argument("--out", default=None, help="输出目录（默认 pdf/<项目 id>，单项目手册为 pdf）")
    p.add_argument("--data-dir", default="procedures")
    p.add_argument("--estate", default=None, help="项目 id（estates/<id>/，默认第一个项目）")
    p.add_argument("--date", default=None, help="打印日期 YYYY-MM-DD（默认今天）")
    p.add_argument("--next", action="store_true",
                   help="打印最新的版本（含尚未生效的修订，每页标明“待生效”），写到 pdf/<项目 id>/next/")
    p.add_argument("--css", nargs="*", default=["docs/stylesheets/handbook.css", "docs/stylesheets/print.css",
                                                "docs/stylesheets/versions.css"],
                   help="检查单和表格沿用的网站样式表（默认 docs/stylesheets/ 中的 handbook.css、print.css）")
    p.set_defaults(func=_pdf)
    p = sub.add_parser(
        "diff", help="比较两个版本的数据（两个目录，或 HEAD~1、main 这样的 git 版本），输出变更通知",
        description="比较两个版本的手册数据，按程序列出变更（步骤、岗位、时限、表格、版号），"
                    "以及哪些岗位需要重新学习什么。git 版本只读取，不改动工作区。",
    )
    p.add_argument("old", help="旧版本：数据目录，或 git 版本（HEAD~1、main、a1b2c3d、main:procedures）")
    p.add_argument("new", help="新版本：数据目录（如 procedures，即未提交的修改），或 git 版本")
    p.add_argument("--data-dir", default="procedures", help="git 版本中数据目录的位置（默认 procedures）")
    p.set_defaults(func=_diff)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # writing pages or schemas: a full disk, a folder without permission
        return _fail(f"无法写入 {exc.filename or ''}：{exc.strerror or exc}", "检查目录是否存在、是否有写入权限")


if __name__ == "__main__":
    sys.exit(main())
