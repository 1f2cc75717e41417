"""Writing files beside the data safely: never through a symbolic link, never half a file.

Caches (``.cache/handbook/``) are written only into real folders reached from a known base
without any link on the way (:func:`plain_folder`), each file as a new temporary file renamed
over the old one (:func:`replace_in`): a link, or a file planted under the temporary name, is
replaced or refused, never written through. Reading one back (:func:`read_in`) takes only a
regular file of bounded size, opened without following a link and without blocking on a FIFO.

Everything here works on folder descriptors (``dir_fd``), so that nothing can be swapped between
a check and the write. Where the system has none (Windows), :data:`SUPPORTED` is False and the
callers keep nothing on disk.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
#: Whether folder descriptors are available (POSIX); without them nothing is written or read here.
SUPPORTED = bool(_NOFOLLOW and _DIRECTORY) and {os.open, os.mkdir, os.rename, os.unlink, os.stat} <= os.supports_dir_fd  # rename: replace too


class Unusable(Exception):
    """A file or folder on the way is not what it must be: ``path`` is where, ``str()`` says what
    it is instead."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


def plain_folder(base: Path, parts: Sequence[str], *, create: bool) -> int:
    """A descriptor of the folder ``base/parts[0]/parts[1]/…`` (the caller closes it). ``base``
    is taken as it is; below it, every part must be a real folder, never a symbolic link (raises
    :class:`Unusable`); missing parts are made when ``create``, else FileNotFoundError."""
    if not SUPPORTED:
        raise Unusable("这个系统不支持安全地写入缓存")
    fd = os.open(base, os.O_RDONLY | _DIRECTORY)
    where = base
    try:
        for part in parts:
            where = where / part
            if create:
                with suppress(FileExistsError):
                    os.mkdir(part, 0o777, dir_fd=fd)
            try:
                inner = os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, dir_fd=fd)
            except FileNotFoundError:
                raise
            except OSError:
                info = os.stat(part, dir_fd=fd, follow_symlinks=False)
                raise Unusable(f"它是{_kind(info.st_mode)}，不是普通的文件夹", where) from None
            os.close(fd)
            fd = inner
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_in(folder: int, name: str, limit: int) -> bytes:
    """The bytes of the regular file ``name`` in ``folder``, at most ``limit``: a link, a FIFO,
    a device or a larger file raises :class:`Unusable`; a missing one FileNotFoundError."""
    try:
        fd = os.open(name, os.O_RDONLY | _NOFOLLOW | _NONBLOCK, dir_fd=folder)
    except FileNotFoundError:
        raise
    except OSError:
        info = os.stat(name, dir_fd=folder, follow_symlinks=False)
        raise Unusable(f"它是{_kind(info.st_mode)}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unusable(f"它是{_kind(info.st_mode)}")
        if info.st_size > limit:
            raise Unusable(f"它有 {info.st_size} 字节，超过上限 {limit}")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(limit + 1)
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise Unusable(f"它超过了上限 {limit} 字节")
    return raw


def replace_in(folder: int, name: str, data: bytes) -> None:
    """Write ``data`` as ``name`` in ``folder``: into a new temporary file (created, never opened
    if something is there already), then renamed over ``name`` — a link at ``name`` is replaced,
    not followed; an interrupted write leaves the old file."""
    tmp = f".{name}.{os.getpid()}.{secrets.token_hex(6)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666, dir_fd=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp, dir_fd=folder)
        raise


def create_in(folder: int, name: str, data: bytes, *, mode: int = 0o666) -> None:
    """Make the new file ``name`` in ``folder`` holding ``data`` (FileExistsError when something,
    a link too, is there already)."""
    fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, mode, dir_fd=folder)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "符号链接（快捷方式）"
    if stat.S_ISDIR(mode):
        return "文件夹"
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISREG(mode):
        return "普通文件"
    return "特殊文件"
