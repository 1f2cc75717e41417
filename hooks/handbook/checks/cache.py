"""``handbook check`` remembers its last answer: the same data, the same code and the same day give
the same report, so a second check of unchanged data prints it without loading anything.

The key is a digest of every entry under the data folder (path, kind and bytes; links and other
special files by what they are, never followed or read), of the core's own source, of the versions
of the libraries that shape the messages, of the day the check is for (review dates depend on it),
of the estate asked for (``--estate``), and of where the command runs and how it named the data
(the report's paths are relative to the working folder).

An answer is remembered only for the bytes it was computed from. The folder is surveyed before the
check and again after it, and every file the check read is recorded with a digest of the very
bytes read (``data.read.recording``): an editor's save while the check runs (new bytes, a file
replaced or gone for a moment, a new file) makes the two surveys or the bytes read differ, and
nothing is remembered. A check that ran across midnight is not remembered either.

One file, ``.cache/handbook/check.json`` beside the data folder, holds the last answer, sealed
with a secret of this user's (``$XDG_CACHE_HOME/handbook/check-secret``, by default under
``~/.cache``): a cache file written elsewhere — committed to a branch, copied, edited — does not
carry the seal and is not used. A file that cannot be used (a link, a FIFO, too large, not JSON,
values of the wrong type) is ignored with a message and rewritten; the folders ``.cache`` and
``.cache/handbook`` are never written through a link (``data.write``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from handbook.data.problems import display_path, one_line
from handbook.data.read import recording
from handbook.data.write import Unusable, create_in, plain_folder, read_in, replace_in

FORMAT = 3  # 3: the seal names the file (an answer kept for one use is no answer for another)
MAX_BYTES = 4 * 1024 * 1024  # larger data files are left to the check itself (it refuses them)
MAX_FILES = 5000
#: The largest answer kept (a report of thousands of problems is well under it).
MAX_STORE = 16 * 1024 * 1024
CORE = Path(__file__).resolve().parents[1]  # hooks/handbook
#: Where the answer is kept, beside the data folder; the file's name in it.
STORE = (".cache", "handbook")
NAME = "check.json"
SECRET = "check-secret"

Warn = Callable[[str], None]


@dataclass(frozen=True)
class Store:
    """Where an answer is kept and which answers are: ``name`` in the folder ``base/folder…``
    (never reached through a link), at most ``max_bytes``, only answers whose status is in
    ``keep``. ``writer`` names who writes it, in the messages about a file that cannot be used."""

    base: Path
    folder: tuple[str, ...] = STORE
    name: str = NAME
    max_bytes: int = MAX_STORE
    keep: frozenset[int] = frozenset({0, 1})
    writer: str = "handbook check"

    @property
    def path(self) -> Path:
        return self.base.joinpath(*self.folder, self.name)


def check_store(data_dir: Path) -> Store:
    """The check's own: ``.cache/handbook/check.json`` beside the data folder."""
    return Store(data_dir.resolve().parent)


@dataclass(frozen=True)
class Survey:
    """What a data folder holds, as the key sees it, and how to tell that it was not touched."""

    digest: str  # every entry's path, kind and bytes (or link text): what the answer depends on
    files: dict[str, bytes]  # each regular file (path in the folder) → SHA-256 of its bytes
    #: Every entry's identity and change times (the folder's own too): a save, a file replaced
    #: or gone and back, an entry added changes them. Not part of the key (never time stamps).
    marks: tuple[tuple[object, ...], ...]


def cached_answer(data_dir: Path, today: date, compute: Callable[[], tuple[str, int]],
                  estate: str | None = None, warn: Warn | None = None, extra: str = "",
                  store: Store | None = None) -> tuple[str, int]:
    """The report and exit status of checking ``data_dir`` on ``today`` (only ``estate``, or the
    standard and every estate when None), from the cache when the key matches, else from
    ``compute()`` (then remembered, if the data was not changed while it ran). ``warn`` is told
    about a cache file that cannot be used; ``extra`` is anything else the answer depends on (the
    repository's history: the commit checked out); ``store``: where and what to keep (by default
    the check's :func:`check_store`; the site build keeps its pages with its own, ``handbook_mkdocs.built``)."""
    say = warn or (lambda message: None)
    store = store or check_store(data_dir)
    started = date.today()
    question = _question(data_dir, today, estate, extra)
    before = _survey(data_dir) if question is not None else None
    key = None if question is None or before is None else \
        hashlib.sha256((question + "|" + before.digest).encode("utf-8", "surrogateescape")).hexdigest()
    if key is not None:
        known = _recall(store, key, say)
        if known is not None:
            return known
    with recording() as reads:
        text, status = compute()
    if (key is not None and before is not None and status in store.keep and date.today() == started
            and _read_as_surveyed(data_dir, before, reads) and _survey(data_dir) == before):
        _remember(store, key, text, status, say)
    return text, status


# --------------------------------------------------------------------------- the key


def _question(data_dir: Path, today: date, estate: str | None, extra: str = "") -> str | None:
    """Everything but the data that the answer depends on, or None when it cannot be had."""
    # Which estate was asked for is part of the question: ``check --estate X`` and a plain check
    # give different answers from the same files. The paths in the report are relative to the
    # working folder, so where the command runs and how it named the data are too.
    asked = "*" if estate is None else "=" + estate
    sha = hashlib.sha256()
    try:
        where = os.getcwd()
        for path in sorted(p for p in CORE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            sha.update(path.relative_to(CORE).as_posix().encode() + b"\0" + path.read_bytes())
    except OSError:
        return None
    return "|".join([str(FORMAT), today.isoformat(), _versions(), asked, where, str(data_dir), extra, sha.hexdigest()])


def _survey(data_dir: Path) -> Survey | None:
    """What the folder holds, or None when it cannot be had safely (then nothing is remembered)."""
    if not (data_dir / "handbook.yaml").is_file():
        return None  # not a data folder (the check says so); never walk a whole repository
    sha = hashlib.sha256()
    files: dict[str, bytes] = {}

    def refuse(exc: OSError) -> None:
        raise exc

    try:
        marks: list[tuple[object, ...]] = [_mark(".", os.lstat(data_dir))]
        for root, dirs, names in os.walk(data_dir, onerror=refuse):  # links never followed
            dirs.sort()
            for name in sorted(dirs + names):
                path = Path(root, name)
                rel = path.relative_to(data_dir).as_posix()
                info = os.lstat(path)
                marks.append(_mark(rel, info))
                if len(marks) > MAX_FILES:
                    return None
                tag = rel.encode("utf-8", "surrogateescape") + b"\0"
                if stat.S_ISREG(info.st_mode):
                    raw = _read(path)
                    if raw is None:
                        return None
                    files[rel] = hashlib.sha256(raw).digest()
                    sha.update(b"f" + tag + files[rel])
                elif stat.S_ISLNK(info.st_mode):
                    sha.update(b"l" + tag + os.readlink(path).encode("utf-8", "surrogateescape") + b"\0")
                elif stat.S_ISDIR(info.st_mode):
                    sha.update(b"d" + tag)
                else:
                    sha.update(b"o" + tag + str(stat.S_IFMT(info.st_mode)).encode() + b"\0")
    except OSError:
        return None  # unreadable data: the check itself says what is wrong
    return Survey(sha.hexdigest(), files, tuple(marks))


def _mark(rel: str, info: os.stat_result) -> tuple[object, ...]:
    return rel, info.st_mode, info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


def _read(path: Path) -> bytes | None:
    """The bytes of a regular file of at most MAX_BYTES (never a link, never blocking), or None:
    the rule of :func:`handbook.data.write.read_in`, which reads the cache file too."""
    try:
        folder = os.open(path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None
    try:
        return read_in(folder, path.name, MAX_BYTES)
    except (OSError, Unusable):
        return None
    finally:
        os.close(folder)


def _read_as_surveyed(data_dir: Path, survey: Survey, reads: list[tuple[Path, bytes]]) -> bool:
    """Whether every file the check read had the bytes the survey found (by its name, or by
    where it leads: a link inside the folder)."""
    root: Path | None = None
    for path, digest in reads:
        try:
            if survey.files.get(Path(path).relative_to(data_dir).as_posix()) == digest:
                continue
        except ValueError:
            pass
        try:
            root = root or data_dir.resolve()
            real = Path(path).resolve().relative_to(root).as_posix()
        except (OSError, RuntimeError, ValueError):
            return False
        if survey.files.get(real) != digest:
            return False
    return True


def _versions() -> str:
    return package_versions(("pydantic", "pydantic-core", "pyyaml"))


def package_versions(names: Iterable[str]) -> str:
    """``name=version`` of each installed package (``-`` when it is not), for a key."""
    from importlib import metadata

    out = []
    for name in names:
        try:
            out.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name}=-")
    return ",".join(out)


# --------------------------------------------------------------------------- the file


def _unusable(say: Warn, store: Store, why: str) -> None:
    say(f"注意：缓存文件 {one_line(display_path(store.path))} 无法使用（{one_line(why)}），已忽略，重新检查\n"
        f"    提示：这个文件由 {store.writer} 自动写出，可以删除（make clean）")


def _recall(store: Store, key: str, say: Warn) -> tuple[str, int] | None:
    """The remembered answer for ``key``, or None (a file that cannot be used is said so)."""
    try:
        folder = plain_folder(store.base, store.folder, create=False)
    except (OSError, Unusable):
        return None  # missing; or a link, said when remembering
    try:
        raw = read_in(folder, store.name, store.max_bytes)
    except FileNotFoundError:
        return None
    except Unusable as exc:
        _unusable(say, store, str(exc))
        return None
    except OSError as exc:
        _unusable(say, store, exc.strerror or str(exc))
        return None
    finally:
        os.close(folder)
    try:
        known = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        _unusable(say, store, "不是有效的 JSON")
        return None
    fmt = known.get("format") if isinstance(known, dict) else None
    if type(fmt) is not int:
        _unusable(say, store, f"内容不是 {store.writer} 写的格式")
        return None
    if fmt != FORMAT:
        return None  # written by another version of the command: simply not this one's
    text, status, stored_key, seal = known.get("text"), known.get("status"), known.get("key"), known.get("seal")
    if not (isinstance(text, str) and type(status) is int and status in (0, 1)
            and isinstance(stored_key, str) and isinstance(seal, str)):
        _unusable(say, store, "其中的值类型不对")
        return None
    if stored_key != key:
        return None  # the data (or the code, the day) changed since: the usual case
    secret = _secret()
    if secret is None:
        return None
    if not hmac.compare_digest(seal, _seal(secret, store.name, key, text, status)):
        _unusable(say, store, f"它不是本机的 {store.writer} 为这份数据写下的：校验值不符")
        return None
    return text, status


def _remember(store: Store, key: str, text: str, status: int, say: Warn) -> None:
    secret = _secret()
    if secret is None:
        return  # no place for the secret: every check is a fresh one
    payload = json.dumps({"format": FORMAT, "key": key, "status": status, "text": text,
                          "seal": _seal(secret, store.name, key, text, status)}, ensure_ascii=False).encode("utf-8")
    if len(payload) > store.max_bytes:
        return
    try:
        folder = plain_folder(store.base, store.folder, create=True)
    except Unusable as exc:
        where = display_path(exc.path or store.base / store.folder[0])
        say(f"注意：不使用缓存：{one_line(where)} {one_line(exc)}（缓存从不经由链接写入）\n"
            f"    提示：删去它，{store.writer} 会新建缓存文件夹")
        return
    except OSError:
        return  # a read-only checkout simply checks every time
    try:
        replace_in(folder, store.name, payload)
    except OSError:
        pass
    finally:
        os.close(folder)


def _seal(secret: bytes, name: str, key: str, text: str, status: int) -> str:
    message = json.dumps([FORMAT, name, key, status, text], ensure_ascii=False).encode("utf-8", "surrogateescape")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def user_secret() -> bytes | None:
    """This user's secret (``$XDG_CACHE_HOME/handbook/check-secret``), for the caches that seal
    what they keep (the check's answer, the build's disk cache); None without a private place."""
    return _secret()


def _secret() -> bytes | None:
    """This user's secret for sealing answers (made on first use), or None when there is no
    private place for it."""
    configured = os.environ.get("XDG_CACHE_HOME", "")
    try:
        home = Path(configured) if os.path.isabs(configured) else Path.home() / ".cache"
        home.mkdir(parents=True, exist_ok=True)
        folder = plain_folder(home, ("handbook",), create=True)
    except (OSError, RuntimeError, Unusable):  # RuntimeError: no home folder
        return None
    try:
        try:
            raw = read_in(folder, SECRET, 64)
        except FileNotFoundError:
            fresh = secrets.token_bytes(32)
            try:
                create_in(folder, SECRET, fresh, mode=0o600)
                return fresh
            except FileExistsError:  # another check made it just now
                raw = read_in(folder, SECRET, 64)
        return raw if len(raw) == 32 else None
    except (OSError, Unusable):
        return None
    finally:
        os.close(folder)
