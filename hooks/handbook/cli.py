"""The ``handbook`` command line: check the data, write the JSON Schemas, write the pages."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .check import check
from .problems import errors, report
from .schema import write_schemas


def _check(args: argparse.Namespace) -> int:
    manual, problems = check(Path(args.data_dir))
    print(report(problems))
    if errors(problems):
        return 1
    assert manual is not None
    print(f"已检查：{len(manual.sops)} 个程序、{len(manual.roles)} 个岗位、{len(manual.forms)} 张表格。")
    return 0


def _schema(args: argparse.Namespace) -> int:
    changed = write_schemas(Path(args.out))
    for path in changed:
        print(f"已更新 {path}")
    if not changed:
        print("JSON Schema 已是最新。")
    return 0


def _pages(args: argparse.Namespace) -> int:
    from .pages import render_pages

    manual, problems = check(Path(args.data_dir))
    if errors(problems) or manual is None:
        print(report(problems))
        return 1
    out = Path(args.out)
    for rel, text in render_pages(manual).items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    print(f"已写出页面到 {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="handbook", description="客户服务中心操作手册：数据检查与生成")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="检查 procedures/ 中的全部数据，列出所有问题；有错误时退出码为 1")
    p.add_argument("data_dir", nargs="?", default="procedures", help="数据目录（默认 procedures）")
    p.set_defaults(func=_check)
    p = sub.add_parser("schema", help="由数据模型生成 JSON Schema（供 VS Code 补全和校验）")
    p.add_argument("--out", default="schema", help="输出目录（默认 schema）")
    p.set_defaults(func=_schema)
    p = sub.add_parser("pages", help="把生成的 Markdown 页面写到目录（供其他静态站点生成器使用）")
    p.add_argument("out", help="输出目录")
    p.add_argument("--data-dir", default="procedures")
    p.set_defaults(func=_pages)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
