"""Building one estate's handbook, or every estate's: the MkDocs side of ``handbook.data.estates``.

``make build`` / ``make serve`` build one estate: the first listed in ``procedures/handbook.yaml``
unless the plugin's ``estate`` option names another (``mkdocs.yml`` takes it from ``ESTATE=<id>``). ``make build-all`` (``python -m handbook_mkdocs.estates``)
builds every estate into ``site-estates/<id>/`` in one Python process, calling MkDocs' build
once per estate with the plugin's ``estate`` set: the imports, jieba's dictionary and every parsed and validated data file (the
checker's cache) are shared, then writes the company pages ``site-estates/index.html`` (each
estate with its revision and status) and ``site-estates/deviations.html`` (偏离标准一览).
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import time
from datetime import date
from pathlib import Path


def build_all(root: Path, out: Path, config_file: str = "mkdocs.yml", estates: list[str] | None = None) -> dict[str, float]:
    """Build every estate's handbook under ``out/<id>/`` and the company pages; seconds per estate."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError

    from handbook.checks.estates import estate_ids
    from handbook.checks.check import check
    from handbook.data.problems import errors, report
    from handbook.render.deviation_page import company_pages

    from handbook_mkdocs.plugin import HandbookPlugin

    ids = estates or estate_ids(root / "procedures")
    if not ids:
        raise SystemExit("procedures/handbook.yaml 没有列出 estates：这是单项目手册，请用 make build")
    out.mkdir(parents=True, exist_ok=True)
    seconds: dict[str, float] = {}
    for estate_id in ids:
        start = time.perf_counter()
        site = out / estate_id
        if site.exists():
            shutil.rmtree(site)
        config = load_config(str(root / config_file), site_dir=str(site), strict=True)
        plugin = config.plugins.get("handbook")
        if not isinstance(plugin, HandbookPlugin):
            raise PluginError(f"{config_file} 没有启用 handbook 插件（plugins: handbook）")
        plugin.config.estate = estate_id  # this estate's handbook, whatever ESTATE says
        if config.site_url:  # the company site's address: each estate's handbook below it
            config.site_url = config.site_url.rstrip("/") + f"/{estate_id}/"
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        seconds[estate_id] = time.perf_counter() - start
    manual, problems = check(root / "procedures", estate=ids[0])
    if manual is None or manual.company is None:
        raise SystemExit(report(errors(problems)))
    for name, text in company_pages(manual.company, manual.checked_on, manual.handbook.title).items():
        (out / name).write_text(text, encoding="utf-8", newline="\n")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="handbook_mkdocs.estates", description="构建每个项目的手册和公司首页")
    parser.add_argument("--out", default="site-estates", help="输出目录（默认 site-estates）")
    parser.add_argument("--config", default="mkdocs.yml", help="MkDocs 配置文件（默认 mkdocs.yml）")
    parser.add_argument("--estate", action="append", help="只构建这个项目（可写多次）")
    args = parser.parse_args(argv)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    root = Path.cwd()
    from mkdocs.exceptions import Abort, PluginError

    try:
        seconds = build_all(root, root / args.out, args.config, args.estate)
    except (Abort, PluginError) as exc:
        print(f"构建失败：{exc}", file=sys.stderr)
        return 1
    for estate_id, s in seconds.items():
        print(f"{estate_id}: {s:.1f} s → {args.out}/{estate_id}/")
    print(f"公司首页：{args.out}/index.html（{date.today().isoformat()}）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
