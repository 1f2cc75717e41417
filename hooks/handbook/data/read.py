"""Reading a data file safely: a regular file of bounded size inside the data folder, or nothing.

No FIFO, no device, no folder, no symbolic link that leaves the data folder: such a file is
refused before it is read, with a located problem; a file is never written.

What was read can be recorded (:func:`recording`): the path and a digest of the very bytes read,
so that whoever remembers an answer (``checks.cache``) can tell which bytes it was computed from.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from handbook.data.problems import Problem

MAX_BYTES = 1_000_000
#: How a message about a file refused unread (a link out of the folder, a FIFO) ends: wording only;
#: a program asks for the code ``file.refused``.
REFUSED = "，未读取"


#: The lists of the :func:`recording` blocks open: each gets (path as given, SHA-256 of the bytes).
_READS: ContextVar[tuple[list[tuple[Path, bytes]], ...]] = ContextVar("handbook_reads", default=())


@contextmanager
def recording() -> Iterator[list[tuple[Path, bytes]]]:
    """Within the block, every file :func:`read_file` reads is listed: (its path as given, the
    SHA-256 of the bytes read)."""
    reads: list[tuple[Path, bytes]] = []
    token = _READS.set((*_READS.get(), reads))
    try:
        yield reads
    finally:
        _READS.reset(token)


@contextmanager
def unrecorded() -> Iterator[None]:
    """Within the block, nothing is recorded: for texts taken from the repository's history into
    a temporary folder, which the commit checked out identifies (whoever remembers an answer keys
    on it), not their bytes on disk."""
    token = _READS.set(())
    try:
        yield
    finally:
        _READS.reset(token)


def _regular_file_problem(file: str, mode: int) -> Problem:
    kind = "目录" if stat.S_ISDIR(mode) else "命名管道（FIFO）" if stat.S_ISFIFO(mode) else \
        "设备文件" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "套接字" if stat.S_ISSOCK(mode) else "特殊文件"
    return Problem(file, 0, 0, f"不是普通文件，而是{kind}" + REFUSED, "数据目录里只放普通的 .yaml 文本文件；把它移走", code="file.refused")


def outside(path: Path, root: Path) -> bool:
    """Whether ``path`` (following every symbolic link) lies outside the folder ``root``."""
    try:
        return not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link loop
        return True


def yaml_files(root: Path, folder: Path) -> list[Path]:
    """The ``.yaml`` files of ``folder`` (inside the data folder ``root``) as the checker reads
    them, in name order: none when the folder is missing or a link out of ``root``, and no file
    that is a link out of it. For whoever must know a data folder's files without checking it
    (a list of page addresses): nothing outside the data, not even a name, gets through."""
    if not folder.is_dir() or outside(folder, root):
        return []
    try:
        found = sorted(folder.glob("*.yaml"))
    except OSError:
        return []
    return [path for path in found if not outside(path, root)]


def link_problem(path: Path, file: str) -> Problem:
    return Problem(
        file, 0, 0, "这是指向数据目录之外的符号链接（快捷方式）" + REFUSED,
        "把文件本身复制到数据目录中，不要用链接", code="file.refused",
    )


def read_file(path: Path, file: str, root: Path | None = None) -> tuple[bytes | None, Problem | None]:
    """The bytes of the regular file at ``path``, at most MAX_BYTES; never blocks, never raises.

    With ``root``, a symbolic link (of the file or of a folder above it) that leads outside
    ``root`` is refused. A FIFO, a device (``/dev/zero``) or a folder is refused before it is
    read: the file is opened without blocking and checked on the open handle, so nothing can be
    swapped in between the check and the read."""
    if root is not None and outside(path, root):
        return None, link_problem(path, file)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return None, Problem(file, 0, 0, f"无法读取文件：{exc.strerror}", "检查文件是否存在、是否有读取权限", code="file.unreadable")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, _regular_file_problem(file, info.st_mode)
        if info.st_size > MAX_BYTES:
            return None, too_big(file, info.st_size)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        return None, Problem(file, 0, 0, f"无法读取文件：{exc.strerror}", "检查文件是否存在、是否有读取权限", code="file.unreadable")
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:  # it grew after fstat
        return None, too_big(file, len(raw))
    if recorders := _READS.get():
        digest = hashlib.sha256(raw).digest()
        for reads in recorders:
            reads.append((path, digest))
    return raw, None


def too_big(file: str, size: int) -> Problem:
    return Problem(file, 0, 0, f"文件过大（{size} 字节，上限 {MAX_BYTES}）", "把内容拆成多个文件", code="file.too-big")


