"""Write a Zensical project from the data and build it (see the package's docstring).

The pages are written to a work folder (``.zensical/docs/``): a copy of the hand-written pages and
assets of ``docs/`` plus every generated page. The configuration, ``.zensical.yml`` at the project
root (Zensical wants the output inside the folder of its configuration), is the handbook's own
``mkdocs.yml`` (Zensical reads MkDocs' format) with

- the navigation computed from the data, as the MkDocs hook computes it;
- what Zensical does not run removed (``hooks``, ``watch``);
- ``docs_dir`` and ``site_dir`` pointing at the work folder and the output.

The offline variant adds what ``mkdocs-offline.yml`` adds: the ``offline`` plugin (links end in
``.html``; the site opens from a folder) and the local stand-in for the search worker, without
which Zensical, like Material, would load one from the internet.
"""

from __future__ import annotations

import argparse
import html
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from handbook.checks.check import check
from handbook.data.problems import errors, report
from handbook.site.build import build_site, expand
from handbook.changes.control import document_control

#: Keys of mkdocs.yml that only MkDocs understands.
MKDOCS_ONLY = ("hooks", "watch", "INHERIT")


class BuildError(Exception):
    """The project could not be written; ``str()`` says why and what to do."""


CONFIG = ".zensical.yml"


def write_project(root: Path, work: Path, site_dir: Path, *, offline: bool = False) -> Path:
    """Write the Zensical project for the handbook in ``root``; return its configuration file."""
    manual, problems = check(root / "procedures", estate=os.environ.get("ESTATE") or None)  # as make build
    if errors(problems) or manual is None:
        raise BuildError("手册数据有错误，未生成页面：\n" + report(problems))
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    # the estate's, not mkdocs.yml's; HTML-escaped like every text the theme inserts as it is
    config["site_name"] = html.escape(f"{manual.handbook.estate.name} {manual.handbook.title}")
    config["site_author"] = manual.handbook.company
    for key in MKDOCS_ONLY:
        config.pop(key, None)
    docs = work / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(root / config.get("docs_dir", "docs"), docs)
    # the text in force today, the pending revisions, their sign-off sheets and the history checks
    control = document_control(manual, manual.checked_on)
    if control.notes or errors(control.problems):
        raise BuildError("版本控制：" + "；".join(control.notes + [p.format() for p in errors(control.problems)]))
    site = build_site(manual, site_url=config.get("site_url"), extra_nav=list(config.get("nav") or []),
                      editions=control.editions, rereadings=control.rereadings)
    for hand_written in docs.rglob("*.md"):
        text = hand_written.read_text(encoding="utf-8")
        if expand(text) != text:
            hand_written.write_text(expand(text), encoding="utf-8")
    for page in site.pages:
        target = docs / page.path
        if target.exists():
            raise BuildError(f"docs/{page.path} 与生成的页面同名：请删除或改名该文件")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    config["nav"] = site.nav
    config["docs_dir"] = docs.resolve().relative_to(root.resolve()).as_posix()
    config["site_dir"] = site_dir.resolve().relative_to(root.resolve()).as_posix()
    if offline:  # what mkdocs-offline.yml adds: the offline plugin and the local worker shim
        extra = yaml.safe_load((root / "mkdocs-offline.yml").read_text(encoding="utf-8"))
        for key in ("plugins", "extra"):
            config[key] = {**(config.get(key) or {}), **(extra.get(key) or {})}
    config_file = root / CONFIG
    config_file.write_text(
        "# Written by handbook_zensical from mkdocs.yml and procedures/: do not edit.\n"
        + yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handbook_zensical", description="用 Zensical 生成手册")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="项目根目录（含 mkdocs.yml 与 procedures/）")
    parser.add_argument("--work", type=Path, default=Path(".zensical"), help="生成页面的工作目录")
    parser.add_argument("--site-dir", type=Path, default=Path("site-zensical"), help="输出目录")
    parser.add_argument("--offline", action="store_true", help="生成可从文件夹直接打开的版本")
    args = parser.parse_args(argv)
    zensical = shutil.which("zensical", path=str(Path(sys.executable).parent)) or shutil.which("zensical")
    if zensical is None:
        print("错误: 未安装 Zensical。\n    提示：运行 make build-zensical（会安装可选依赖 .[zensical]）", file=sys.stderr)
        return 1
    root = args.root.resolve()
    try:
        config_file = write_project(root, root / args.work, root / args.site_dir, offline=args.offline)
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    return subprocess.run([zensical, "build", "--clean", "-f", str(config_file)], check=False).returncode
