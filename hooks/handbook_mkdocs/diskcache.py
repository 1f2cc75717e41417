"""The rebuild cache on disk, so that ``mkdocs build`` after a small edit, a ``git pull`` or in a
second site (the folder build) redoes only what changed.

One JSON file per site configuration under the plugin's ``cache_dir`` (``.cache/handbook/``)
holds what the last build of that configuration used: each page's Markdown conversion, its
search entries and jieba's segmentation of its texts (see ``rebuild.py`` for the keys). JSON, not
pickle: a cache file is data, never code, so a damaged or foreign one can only be ignored, never
run.

A file is used only if its format and the versions of everything that shapes the output are those
of this build: Python-Markdown, pymdown-extensions, MkDocs (or ProperDocs, and which of them runs),
Material, jieba, and the adapter's own code (a digest of ``handbook_mkdocs``: its version number
never changes). Each entry carries the digest of its key and value, so an entry whose content was
changed (by hand, by a damaged disk, by a file put there) is dropped and computed again; an entry
of the wrong shape (valid JSON, wrong types) likewise. Every such case is one message on the
terminal (not a build warning: a cold cache must never fail ``--strict``), never a traceback.
Nothing is written through a symbolic link: a cache folder or file that is one is refused with a
message, and the build goes on without writing. Keys are digests of the inputs, never time stamps.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any, NoReturn

from mkdocs.structure.toc import AnchorLink, TableOfContents

from handbook.checks.cache import user_secret
from handbook_mkdocs.internals import mkdocs as internals

FORMAT = 2
#: Distributions whose code shapes a page's conversion or its search entries.
SHAPING = ("markdown", "pymdown-extensions", "mkdocs", "properdocs", "mkdocs-material", "jieba")
ADAPTER = Path(__file__).resolve().parent

# Not under "mkdocs.": MkDocs counts that logger's warnings for --strict. Python's last-resort
# handler prints this one on the terminal.
log = logging.getLogger("handbook_cache")


class Damaged(ValueError):
    """A cache entry is not of the shape this code writes."""


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise Damaged(what)


def _fail(what: str) -> NoReturn:
    raise Damaged(what)


@cache
def adapter_digest() -> str:
    """The adapter's own code (this package's Python files): what turns inputs into entries."""
    sha = hashlib.sha256()
    for path in sorted(ADAPTER.rglob("*.py")):
        sha.update(path.relative_to(ADAPTER).as_posix().encode())
        sha.update(path.read_bytes())
    return sha.hexdigest()[:16]


def generator_versions(generator: str) -> dict[str, str]:
    versions = {"generator": generator, "handbook_mkdocs": adapter_digest()}
    for name in SHAPING:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "-"
    return versions


def entry_sum(kind: str, key: str, value: Any) -> str:
    """The seal of an entry: an HMAC of its kind, key and value with this user's secret (the one
    ``handbook check`` seals its answer with), so that an entry written anywhere else — a cache
    file unpacked, copied or planted, its digests recomputed — is not used. Without a private
    place for the secret, a plain digest (damage is still found)."""
    text = json.dumps([kind, key, value], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    data = text.encode("utf-8", "surrogatepass")
    secret = _secret()
    return hashlib.sha256(data).hexdigest() if secret is None else hmac.new(secret, data, hashlib.sha256).hexdigest()


@cache
def _secret() -> bytes | None:
    return user_secret()


#: Why an entry whose seal does not match is not used: an edit, a cache copied from another user
#: or machine, or this user's secret changed (another ``XDG_CACHE_HOME``, the secret file removed).
UNSEALED = "封印不符：条目被改动过，或不是用本用户的密钥写入（另一用户、另一台机器，或密钥文件已更换）"


def read(path: Path, generator: str, decode: dict[str, Callable[[Any], Any]]) -> dict[str, dict[str, Any]]:
    """The entries of a cache file by kind, each decoded by ``decode[kind]`` ({} when there is
    no file or it cannot be used; an entry that fails its digest or its decoding is left out)."""
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        expect(isinstance(data, dict), "not an object")
    except (OSError, ValueError) as exc:
        log.warning("构建缓存 %s 无法读取（%s），已忽略；本次构建后重建。", path, exc)
        return {}
    if data.get("format") != FORMAT or data.get("versions") != generator_versions(generator):
        log.warning("构建缓存 %s 来自另一版本的生成器，已忽略；本次构建后重建。", path)
        return {}
    kinds = data.get("entries")
    if not isinstance(kinds, dict) or not all(isinstance(v, dict) for v in kinds.values()):
        log.warning("构建缓存 %s 内容不完整，已忽略；本次构建后重建。", path)
        return {}
    out: dict[str, dict[str, Any]] = {}
    dropped: dict[str, str] = {}
    for kind, entries in kinds.items():
        if kind not in decode:
            continue
        kept = out[kind] = {}
        for key, stored in entries.items():
            try:
                expect(isinstance(stored, list) and len(stored) == 2 and isinstance(stored[0], str), "entry")
                if stored[0] != entry_sum(kind, key, stored[1]):
                    dropped.setdefault(UNSEALED, f"{kind}:{key[:12]}")
                    continue
                kept[key] = decode[kind](stored[1])
            except (Damaged, TypeError, KeyError) as exc:
                dropped.setdefault(f"形状不对：{exc}", f"{kind}:{key[:12]}")
    if dropped:
        reasons = "；".join(f"{why}（如 {where}）" for why, where in dropped.items())
        log.warning("构建缓存 %s 有 %d 类条目无效（%s），已忽略这些条目；本次构建后重建。", path, len(dropped), reasons)
    return out


def through_link(path: Path, root: Path) -> Path | None:
    """The first symbolic link on the way from ``root`` to ``path`` (``path`` itself included)."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:  # a cache_dir outside the project: its own folder and the file
        return next((p for p in (path.parent, path) if p.is_symlink()), None)
    at = root
    for part in parts:
        at = at / part
        if at.is_symlink():
            return at
    return None


def write(path: Path, entries: dict[str, dict[str, Any]], generator: str, root: Path) -> None:
    """Write a cache file atomically (a build stopped half-way leaves the old file whole), never
    through a symbolic link between ``root`` (the project folder) and the file."""
    link = through_link(path, root)
    if link is not None:
        log.warning("构建缓存 %s 是符号链接，未写入（缓存从不经链接写到别处）：请删除该链接或在 mkdocs.yml 中改 cache_dir。", link)
        return
    summed = {kind: {key: [entry_sum(kind, key, value), value] for key, value in values.items()}
              for kind, values in entries.items()}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        link = through_link(path, root)  # made between the check and mkdir: still refused
        if link is not None:
            raise OSError(f"{link} 是符号链接")
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"format": FORMAT, "versions": generator_versions(generator), "entries": summed}, out,
                      ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("构建缓存 %s 无法写入（%s）：下次构建不能复用本次结果。", path, exc)


# ---------------------------------------------------------------------- values to and from JSON


def toc_to_json(toc: Iterable[AnchorLink]) -> list[dict[str, Any]]:
    return [{"title": item.title, "id": item.id, "level": item.level,
             "active": internals.is_active(item), "children": toc_to_json(item.children)}
            for item in toc]


def toc_from_json(items: Any) -> TableOfContents:
    return internals.table_of_contents(_links(items))


def _links(items: Any) -> list[AnchorLink]:
    expect(isinstance(items, list), "toc")
    out = []
    for item in items:
        expect(isinstance(item, dict), "toc item")
        title, anchor, level, active = item.get("title"), item.get("id"), item.get("level"), item.get("active")
        expect(isinstance(title, str) and isinstance(anchor, str) and isinstance(active, bool), "toc item")
        expect(isinstance(level, int) and not isinstance(level, bool), "toc level")
        out.append(internals.anchor_link(title, anchor, level, active, _links(item.get("children"))))
    return out


def record_to_json(record: logging.LogRecord) -> dict[str, Any]:
    return {"name": record.name, "levelno": record.levelno, "msg": record.getMessage()}


def record_from_json(data: Any) -> logging.LogRecord:
    expect(isinstance(data, dict), "log record")
    name, levelno, msg = data.get("name"), data.get("levelno"), data.get("msg")
    expect(isinstance(name, str) and isinstance(msg, str), "log record")
    expect(isinstance(levelno, int) and not isinstance(levelno, bool) and 0 <= levelno <= 50, "log level")
    return logging.makeLogRecord({"name": name, "levelno": levelno, "levelname": logging.getLevelName(levelno),
                                  "msg": msg, "args": ()})


def search_entries(value: Any) -> list[dict[str, Any]]:
    """A page's search entries as Material writes them (``location``, ``title``, ``text``, and
    ``boost`` or ``tags``)."""
    expect(isinstance(value, list), "search entries")
    for entry in value:
        expect(isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in ("location", "title", "text")),
               "search entry")
        boost = entry.get("boost", 1)
        expect(isinstance(boost, (int, float)) and not isinstance(boost, bool), "search boost")
        tags = entry.get("tags", [])
        expect(isinstance(tags, list) and all(isinstance(t, str) for t in tags), "search tags")
    entries: list[dict[str, Any]] = value
    return entries


def text(value: Any) -> str:
    return value if isinstance(value, str) else _fail("segmented text")
