"""``handbook check`` remembers its last answer: the same data, the same code and the same day give
the same report, so a second check of unchanged data prints it without loading anything.

The key is a digest of every file under the data folder (path, kind and bytes; links and other
special files by what they are, never followed or read), of the core's own source, of the versions
of the libraries that shape the messages, and of the day the check is for (review dates depend on
it), and of the estate asked for (``--estate``). One file, ``.cache/handbook/check.json`` beside
the data folder, holds the last answer; a file that cannot be read or does not match is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable
from datetime import date
from pathlib import Path

FORMAT = 1
MAX_BYTES = 4 * 1024 * 1024  # larger data files are left to the check itself (it refuses them)
MAX_FILES = 5000
CORE = Path(__file__).resolve().parents[1]  # hooks/handbook


def cached_answer(data_dir: Path, today: date, compute: Callable[[], tuple[str, int]],
                  estate: str | None = None, extra: str = "") -> tuple[str, int]:
    """The report and exit status of checking ``data_dir`` on ``today`` (only ``estate``, or the
    standard and every estate when None), from the cache when the key matches, else from
    ``compute()`` (then remembered). ``extra`` is anything else the answer depends on (the
    repository's history: the commit checked out)."""
    key = _key(data_dir, today, estate, extra)
    store = data_dir.resolve().parent / ".cache" / "handbook" / "check.json"
    if key is not None:
        try:
            known = json.loads(store.read_text(encoding="utf-8"))
            if known.get("format") == FORMAT and known.get("key") == key:
                return str(known["text"]), int(known["status"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass
    text, status = compute()
    if key is not None:
        try:
            store.parent.mkdir(parents=True, exist_ok=True)
            tmp = store.with_name(f"check.{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"format": FORMAT, "key": key, "text": text, "status": status},
                                      ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, store)
        except OSError:
            pass  # a read-only checkout simply checks every time
    return text, status


def _key(data_dir: Path, today: date, estate: str | None = None, extra: str = "") -> str | None:
    """The digest of everything the answer depends on, or None when it cannot be had safely."""
    # Which estate was asked for is part of the question: ``check --estate X`` and a plain check
    # give different answers from the same files.
    asked = "*" if estate is None else "=" + estate
    sha = hashlib.sha256(f"{FORMAT}|{today.isoformat()}|{_versions()}|{asked}|{extra}".encode("utf-8", "surrogateescape"))
    try:
        for path in sorted(CORE.rglob("*.py")):
            sha.update(path.relative_to(CORE).as_posix().encode() + b"\0" + path.read_bytes())
        if not (data_dir / "handbook.yaml").is_file():
            return None  # not a data folder (the check says so); never walk a whole repository
        paths = sorted(data_dir.rglob("*"))
        if len(paths) > MAX_FILES:
            return None
        for path in paths:
            info = path.lstat()
            rel = path.relative_to(data_dir).as_posix().encode("utf-8", "surrogateescape")
            if stat.S_ISREG(info.st_mode):
                if info.st_size > MAX_BYTES:
                    return None
                sha.update(b"f" + rel + b"\0" + path.read_bytes() + b"\0")
            elif stat.S_ISLNK(info.st_mode):
                sha.update(b"l" + rel + b"\0" + os.readlink(path).encode("utf-8", "surrogateescape") + b"\0")
            else:
                sha.update(b"o" + rel + b"\0" + str(stat.S_IFMT(info.st_mode)).encode() + b"\0")
    except OSError:
        return None  # unreadable data: the check itself says what is wrong
    return sha.hexdigest()


def _versions() -> str:
    from importlib import metadata

    out = []
    for name in ("pydantic", "pydantic-core", "pyyaml"):
        try:
            out.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name}=-")
    return ",".join(out)
