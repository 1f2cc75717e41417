"""Write a Zensical project from the :class:`~handbook.site.build.Site` and build it.

Zensical runs no MkDocs plugin, so this does before the build what the plugin does during it, from
the same ``build_site()``: the pages (into ``.zensical/docs/``, beside a copy of ``docs/`` with its
markers expanded), the PDFs as assets, and ``.zensical.yml`` — the handbook's ``mkdocs.yml`` with
the navigation from the data, the site's name and author as the site gives them (HTML-escaped: the
theme inserts them as they are), and what Zensical does not run removed (the ``handbook`` plugin,
``hooks``, ``watch``). The options are the plugin's own (``plugins: handbook:`` in ``mkdocs.yml``:
``data_dir``, ``estate`` through ``!ENV [ESTATE, ""]``), so ``make build-zensical ESTATE=hkyz``
builds the same estate as ``make build ESTATE=hkyz``. The offline variant adds what
``mkdocs-offline.yml`` adds: the ``offline`` plugin and the local stand-in for the search worker.

Zensical 0.0.73 has no per-page search weight and no hook into its query side, so the pages'
``search_boost`` and the desk's aliases are not given to it (see the README: Two generators).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from handbook.checks.check import check
from handbook.data.problems import errors, report
from handbook.site.build import Site, build_site, expand
from handbook.changes.control import document_control

CONFIG = ".zensical.yml"
#: Keys of mkdocs.yml that only MkDocs understands, and the plugin Zensical does not run.
MKDOCS_ONLY = ("hooks", "watch", "INHERIT")
PLUGIN = "handbook"


class BuildError(Exception):
    """The project could not be written; ``str()`` says why and what to do."""


class _Loader(yaml.SafeLoader):
    """``mkdocs.yml`` as MkDocs reads it: ``!ENV [NAME, default]`` is the variable or the default."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    names: list[Any] = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else []
    default = None
    if isinstance(node, yaml.SequenceNode):
        *names, last = node.value
        names = [loader.construct_scalar(n) for n in names]
        default = loader.construct_object(last)
    for name in names:
        if name in os.environ:  # typed as YAML types it (HANDBOOK_CACHE=0 is 0), as MkDocs does
            return yaml.safe_load(os.environ[name])
    return default


_Loader.add_constructor("!ENV", _env)


def read_config(path: Path) -> dict[str, Any]:
    config: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # a SafeLoader
    return config


def site_of(root: Path, config: dict[str, Any], estate: str | None) -> Site:
    options = (config.get("plugins") or {}).get(PLUGIN) or {}
    manual, problems = check(root / options.get("data_dir", "procedures"), estate=estate or options.get("estate") or None)
    if errors(problems) or manual is None:
        raise BuildError("手册数据有错误，未生成页面：\n" + report(problems))
    # the text in force today, the pending revisions, their sign-off sheets and the history checks
    control = document_control(manual, manual.checked_on)
    if errors(control.problems):
        raise BuildError("版本控制：" + "；".join(p.format() for p in errors(control.problems)))
    for note in control.notes:  # as MkDocs without --strict: the pages then say what is missing
        print("警告: 版本控制：" + note, file=sys.stderr)
    return build_site(manual, site_url=config.get("site_url"), root=root, extra_nav=list(config.get("nav") or []),
                      editions=control.editions, rereadings=control.rereadings)


def write_project(root: Path, work: Path, site_dir: Path, *, offline: bool = False, estate: str | None = None) -> Path:
    """Write the Zensical project for the handbook in ``root``; return its configuration file."""
    config = read_config(root / "mkdocs.yml")
    site = site_of(root, config, estate)
    docs = work / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(root / config.get("docs_dir", "docs"), docs)
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
    for asset in site.assets:  # this estate's PDFs (make pdf)
        (docs / asset.path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(asset.source, docs / asset.path)
    for key in MKDOCS_ONLY:
        config.pop(key, None)
    config["plugins"] = {k: v for k, v in (config.get("plugins") or {}).items() if k != PLUGIN}
    config.update(site_name=site.name, site_author=site.author, nav=site.nav,
                  docs_dir=docs.resolve().relative_to(root.resolve()).as_posix(),
                  site_dir=site_dir.resolve().relative_to(root.resolve()).as_posix())
    if offline:  # what mkdocs-offline.yml adds: the offline plugin and the local worker shim
        extra = read_config(root / "mkdocs-offline.yml")
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
    parser.add_argument("--estate", help="项目（默认 mkdocs.yml 中 handbook 插件的 estate，即 ESTATE）")
    parser.add_argument("--offline", action="store_true", help="生成可从文件夹直接打开的版本")
    args = parser.parse_args(argv)
    zensical = shutil.which("zensical", path=str(Path(sys.executable).parent)) or shutil.which("zensical")
    if zensical is None:
        print("错误: 未安装 Zensical。\n    提示：运行 make build-zensical（会安装可选依赖 .[zensical]）", file=sys.stderr)
        return 1
    root = args.root.resolve()
    try:
        config_file = write_project(root, root / args.work, root / args.site_dir, offline=args.offline,
                                    estate=args.estate)
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    return subprocess.run([zensical, "build", "--clean", "-f", str(config_file)], check=False).returncode
