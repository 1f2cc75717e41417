"""The committed versions of the data files, read from git: the document register of the handbook.

A revision of a controlled document (a procedure's ``A/1``, the handbook's ``C/0``) is kept as text
once, in the repository's history: the text of a revision is the **last committed version of the
file that carries it** (``revision: A/1``). Nobody keeps copies by hand; the site shows the text in
force on the day, and the pending revision beside it (:mod:`handbook.site.inforce`).

Reading is done with plain ``git`` commands, read-only (``log``, ``cat-file``): the working tree
and the index are never touched. What a blob says never changes, so everything read from one is
remembered by its blob id (in memory, and on disk by :class:`BlobCache`) — a cache that cannot
answer wrongly, since its key is the content's own hash. A shallow clone (``git clone --depth 1``)
has no history: :class:`History` says so, and what to run, instead of showing a wrong page.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from handbook.data.memo import Recent
from handbook.data.write import Unusable, plain_folder, read_in, replace_in

#: How git is asked: no pager, no colour, no user configuration that could change the output.
_GIT_ENV = {"GIT_PAGER": "cat", "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C"}
#: The longest file read from history (as the loader's limit for the working tree).
MAX_BLOB = 2 * 1024 * 1024
#: Blobs kept for the process, up to this many bytes in all (``mkdocs serve`` builds again and reads
#: the same texts of the history: a blob's id is the hash of its content, so what is kept for an id
#: can never be stale, in any repository).
BLOB_MEMORY = 64 * 1024 * 1024


_BLOBS: Recent[str, bytes] = Recent(BLOB_MEMORY, weigh=len)


class HistoryError(Exception):
    """The history cannot be read; ``str()`` says why, ``hint`` what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class FileVersion:
    """One committed version of a data file: the commit, its time (seconds), the file's blob."""

    commit: str
    time: int
    blob: str


def _git(repo: Path, *args: str, data: bytes | None = None) -> bytes:
    env = {**os.environ, **_GIT_ENV}
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], input=data, capture_output=True, env=env,
                              check=False, timeout=120)
    except FileNotFoundError:
        raise HistoryError("找不到 git 命令，无法读取文件的历史版本", "安装 git（Debian：apt-get install git）") from None
    except subprocess.TimeoutExpired:
        raise HistoryError("读取 git 历史超时", "检查仓库是否完整：git fsck") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise HistoryError(f"git {args[0]} 失败：{message[-1] if message else done.returncode}",
                           "在手册仓库中运行，并确认仓库完整（git status）")
    return done.stdout


@dataclass
class History:
    """The committed versions of every file under ``data_dir`` (a folder inside a git work tree)."""

    data_dir: Path
    repo: Path = field(init=False)
    prefix: str = field(init=False)  # data_dir relative to the repository root, with a slash
    shallow: bool = field(init=False)
    #: Every commit of the main line (first parents) that changed the data folder, newest first.
    commits: list[str] = field(init=False, default_factory=list)
    _versions: dict[str, list[FileVersion]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        folder = self.data_dir.resolve()
        top = _git(folder if folder.is_dir() else folder.parent, "rev-parse", "--show-toplevel")
        self.repo = Path(top.decode("utf-8").strip())
        rel = folder.relative_to(self.repo).as_posix()
        self.prefix = "" if rel == "." else rel + "/"
        self.shallow = _git(self.repo, "rev-parse", "--is-shallow-repository").strip() == b"true"
        self._read_log()

    def _read_log(self) -> None:
        """One ``git log`` over the data folder along the main line (first parents: a merge counts
        as one change, with what it brought): every commit that changed a file, newest first, with
        the file's new blob (all zeros: deleted). A repository without commits has no history."""
        try:
            _git(self.repo, "rev-parse", "--verify", "-q", "HEAD^{commit}")
        except HistoryError:
            return
        out = _git(self.repo, "log", "--first-parent", "--diff-merges=first-parent", "--no-renames", "--raw",
                   "--no-abbrev", "-z", "--format=%x01%H %ct", "HEAD", "--", self.prefix or ".")
        for record in out.split(b"\x01")[1:]:
            head, _, rest = record.partition(b"\x00")  # "<commit> <time>\0\n", then ":meta\0path\0" each
            commit, _, stamp = head.decode("ascii").partition(" ")
            self.commits.append(commit)
            fields = rest.strip(b"\n").split(b"\x00")
            for meta, path in zip(fields[0::2], fields[1::2]):
                parts = meta.decode("ascii").split()
                if len(parts) < 5:
                    continue
                blob = parts[3]
                name = path.decode("utf-8", "surrogateescape")
                if not name.startswith(self.prefix):
                    continue
                self._versions.setdefault(name[len(self.prefix):], []).append(FileVersion(commit, int(stamp), blob))

    def versions(self, rel: str) -> list[FileVersion]:
        """The committed versions of the file ``rel`` (relative to the data folder), newest first;
        a deletion has the blob ``000…``."""
        return list(self._versions.get(rel, []))

    def tree(self, commit: str) -> dict[str, str]:
        """Every file of the data folder at ``commit``: path (relative to the folder) → blob."""
        out = _git(self.repo, "ls-tree", "-r", "-z", "--full-tree", commit, "--", self.prefix or ".")
        files: dict[str, str] = {}
        for entry in out.split(b"\x00"):
            if not entry:
                continue
            meta, _, path = entry.partition(b"\t")
            mode, kind, blob = meta.decode("ascii").split()
            name = path.decode("utf-8", "surrogateescape")
            if kind == "blob" and mode in ("100644", "100755") and name.startswith(self.prefix):
                files[name[len(self.prefix):]] = blob
        return files

    def read(self, blob: str) -> bytes:
        """The content of a blob (None-free: a missing or oversized blob is an error)."""
        known = _BLOBS.get(blob)
        if known is not None:
            return known
        size = int(_git(self.repo, "cat-file", "-s", blob).strip() or b"0")
        if size > MAX_BLOB:
            raise HistoryError(f"历史版本 {blob[:12]} 有 {size} 字节，超过上限", "检查这个文件的提交记录")
        content = _git(self.repo, "cat-file", "blob", blob)
        _BLOBS.put(blob, content)
        return content


DELETED = "0" * 40


def head_state(folder: Path) -> str:
    """What the repository's history looks like from ``folder``, in one line: the commit checked
    out and whether the clone is shallow ("" outside a repository, or without git). A cache of
    answers that depend on the history keys on it."""
    try:
        out = _git(folder if folder.is_dir() else folder.parent, "rev-parse", "HEAD", "--is-shallow-repository")
    except HistoryError:
        return ""
    return " ".join(out.decode("ascii", "replace").split())


class BlobCache:
    """What was worked out from a blob (its revision, say), by blob id, kept on disk between builds.

    The key is the content's own hash, so an entry can never be stale; a damaged or foreign file is
    ignored (and rewritten), never trusted, and the file is never written through a link: neither
    its two folders (``.cache/handbook``) nor a file planted under a temporary name is followed."""

    #: The largest cache file read back (a handbook's revisions take a few kilobytes).
    MAX_FILE = 16 * 1024 * 1024

    def __init__(self, path: Path | None, version: str = "1") -> None:
        self.path = path
        self.version = version  # what is remembered and how: a file of another version is ignored
        self.entries: dict[str, str | None] = {}
        self.dirty = False
        if path is not None:
            try:
                folder = self._folder(create=False)
                try:
                    raw = json.loads(read_in(folder, path.name, self.MAX_FILE).decode("utf-8"))
                finally:
                    os.close(folder)
            except (OSError, ValueError, RecursionError, Unusable):  # missing, a link, a FIFO, damaged
                raw = None
            entries = raw.get("entries") if isinstance(raw, dict) and raw.get("version") == version else None
            if isinstance(entries, dict) and all(isinstance(k, str) and (v is None or isinstance(v, str))
                                                 for k, v in entries.items()):
                self.entries = entries

    def get(self, blob: str, compute: Callable[[], str | None]) -> str | None:
        if blob not in self.entries:
            self.entries[blob] = compute()
            self.dirty = True
        return self.entries[blob]

    def save(self) -> None:
        if self.path is None or not self.dirty:
            return
        data = json.dumps({"version": self.version, "entries": self.entries}, sort_keys=True).encode("utf-8")
        try:
            folder = self._folder(create=True)
            try:
                replace_in(folder, self.path.name, data)  # a new file renamed into place: never through a link
            finally:
                os.close(folder)
            self.dirty = False
        except (OSError, Unusable):
            pass  # a cache that cannot be written (or sits behind a link) only costs time

    def _folder(self, *, create: bool) -> int:
        """The folder of the cache file, opened so that neither it nor the one above it
        (``.cache/handbook``) is a link (``data.write.plain_folder``)."""
        assert self.path is not None
        parents = self.path.parents
        if len(parents) < 3:
            raise Unusable("缓存文件的位置太浅")
        return plain_folder(parents[2], (parents[1].name, parents[0].name), create=create)
