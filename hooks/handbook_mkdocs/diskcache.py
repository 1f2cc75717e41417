"""The rebuild cache on disk, so that ``mkdocs build`` after a small edit, a ``git pull`` or in a
second site (the folder build) redoes only what changed.

One JSON file per site configuration under ``.cache/handbook/`` holds what the last build of that
configuration used: each page's Markdown conversion, its search entries and jieba's segmentation
of its texts (see ``rebuild.py`` for the keys). JSON, not pickle: a cache file is data, never code,
so a damaged or foreign one can only be ignored, never run.

A file is used only if its format and the versions of everything that shapes the output
(Python-Markdown, pymdown-extensions, MkDocs, Material, jieba) are those of this build; otherwise,
or when it cannot be read, it is ignored with a warning on the terminal (not a build warning: a
cold cache must never fail ``--strict``) and written anew after the build. Keys are digests of the
inputs, never time stamps.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

FORMAT = 1
#: Distributions whose code shapes a page's conversion or its search entries.
SHAPING = ("markdown", "pymdown-extensions", "mkdocs", "mkdocs-material", "jieba", "cs-handbook")

# Not under "mkdocs.": MkDocs counts that logger's warnings for --strict. Python's last-resort
# handler prints this one on the terminal.
log = logging.getLogger("handbook_cache")


def generator_versions() -> dict[str, str]:
    versions = {}
    for name in SHAPING:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "-"
    return versions


def read(path: Path) -> dict[str, dict[str, Any]]:
    """The entries of a cache file by kind ({} when there is none, or it cannot be used)."""
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
    except (OSError, ValueError) as exc:
        log.warning("构建缓存 %s 无法读取（%s），已忽略；本次构建后重建。", path, exc)
        return {}
    if data.get("format") != FORMAT or data.get("versions") != generator_versions():
        log.warning("构建缓存 %s 来自另一版本的生成器，已忽略；本次构建后重建。", path)
        return {}
    entries = data.get("entries")
    if not isinstance(entries, dict) or not all(isinstance(v, dict) for v in entries.values()):
        log.warning("构建缓存 %s 内容不完整，已忽略；本次构建后重建。", path)
        return {}
    return entries


def write(path: Path, entries: dict[str, dict[str, Any]]) -> None:
    """Write a cache file atomically (a build stopped half-way leaves the old file whole)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"format": FORMAT, "versions": generator_versions(), "entries": entries}, out,
                      ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("构建缓存 %s 无法写入（%s）：下次构建不能复用本次结果。", path, exc)


# ---------------------------------------------------------------------- values to and from JSON


def toc_to_json(toc: Any) -> list[dict[str, Any]]:
    return [{"title": item.title, "id": item.id, "level": item.level,
             "active": bool(getattr(item, "active", False)), "children": toc_to_json(item.children)}
            for item in toc]


def toc_from_json(items: list[dict[str, Any]]) -> Any:
    from mkdocs.structure.toc import TableOfContents

    return TableOfContents(_links(items))


def _links(items: list[dict[str, Any]]) -> list[Any]:
    from mkdocs.structure.toc import AnchorLink

    out = []
    for item in items:
        link = AnchorLink(item["title"], item["id"], item["level"])
        if item["active"]:
            link.active = True  # type: ignore[attr-defined]
        link.children = _links(item["children"])
        out.append(link)
    return out


def record_to_json(record: logging.LogRecord) -> dict[str, Any]:
    return {"name": record.name, "levelno": record.levelno, "msg": record.getMessage()}


def record_from_json(data: dict[str, Any]) -> logging.LogRecord:
    return logging.makeLogRecord({"name": data["name"], "levelno": data["levelno"],
                                  "levelname": logging.getLevelName(data["levelno"]),
                                  "msg": data["msg"], "args": ()})
