"""Writing files safely: never into the data, never through a link that leads elsewhere, never
half a file.

What a command generates (``handbook pages OUT``, ``schema --out``, ``pdf --out``) goes into an
:class:`Output`: before anything is written, where each file's bytes will land is worked out by
following every link of its path; a file that would land in a data folder (the one named, or any
folder holding a ``handbook.yaml``) or, through a link, outside OUT is refused with a located
problem, and nothing is written. A file is written as a new temporary file renamed into place.

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

from handbook.data.problems import Problem, display_path

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


#: What makes a folder a data folder: the one file ``handbook check`` cannot do without.
DATA_MARK = "handbook.yaml"


class Refused(Exception):
    """Files an :class:`Output` will not write, each with a located problem; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.format() for p in problems))
        self.problems = problems


def data_folder_of(path: Path, named: Sequence[Path] = ()) -> Path | None:
    """The data folder that ``path`` (already resolved) lies in: one of ``named``, or the nearest
    folder at or above it that holds a ``handbook.yaml``; None when it lies in none."""
    for folder in named:
        try:
            real = folder.resolve()
        except (OSError, RuntimeError):
            continue
        if path.is_relative_to(real):
            return real
    for folder in (path, *path.parents):
        if (folder / DATA_MARK).is_file():
            return folder
    return None


class Output:
    """A folder a command writes generated files into (OUT), and the data folders it must leave
    alone (``data_dirs``; any folder holding a ``handbook.yaml`` is one too)."""

    def __init__(self, out: Path, data_dirs: Sequence[Path] = ()) -> None:
        self.out = out
        self.data_dirs = tuple(data_dirs)

    def place(self, rel: str) -> Path:
        """Where the bytes of ``OUT/rel`` land, every link followed; :class:`Refused` when that is
        in a data folder, or outside OUT through a link."""
        path = self.out / rel
        try:
            root, landed = self.out.resolve(), path.resolve()
        except (OSError, RuntimeError):  # a link loop
            raise Refused([Problem(display_path(path), 0, 0, "这个路径上的符号链接成环，未写入",
                                   "删去输出目录里的链接", code="output.link-out")]) from None
        link = self._link_on(rel)
        through = f"：它经由链接 {display_path(link)} 指向那里" if link is not None else ""
        data = data_folder_of(landed, self.data_dirs)
        if data is not None:
            hint = ("删去这个链接：输出目录里只放生成的文件，数据只由人编辑" if link is not None
                    else "给出一个新的或专用的输出目录，不要放在数据目录里")
            raise Refused([Problem(
                display_path(path), 0, 0,
                f"写到这里会落在数据目录 {display_path(data)} 中（{display_path(landed)}）{through}，未写入",
                hint, code="output.into-data")])
        if not landed.is_relative_to(root):
            raise Refused([Problem(
                display_path(path), 0, 0,
                f"写到这里会落在输出目录 {display_path(self.out)} 之外（{display_path(landed)}）{through}，未写入",
                "删去这个链接；要写到别处，就把那里直接作为输出目录", code="output.link-out")])
        return landed

    def places(self, rels: Sequence[str]) -> dict[str, Path]:
        """Where each of ``rels`` lands; :class:`Refused` with every problem when any is refused."""
        found: dict[str, Path] = {}
        problems: list[Problem] = []
        for rel in rels:
            try:
                found[rel] = self.place(rel)
            except Refused as exc:
                problems += exc.problems
        if problems:
            raise Refused(problems)
        return found

    def write(self, rel: str, data: bytes, landed: Path | None = None) -> Path:
        """Write ``data`` as ``OUT/rel`` (at ``landed``, when :meth:`places` already said where)."""
        landed = landed or self.place(rel)
        landed.parent.mkdir(parents=True, exist_ok=True)
        put(landed, data)
        return landed

    def _link_on(self, rel: str) -> Path | None:
        """The first symbolic link on the way from OUT (itself included) to ``OUT/rel``."""
        path = self.out
        for part in ("", *Path(rel).parts):
            path = path / part if part else path
            if path.is_symlink():
                return path
        return None


def put(path: Path, data: bytes) -> None:
    """Write ``data`` as the file ``path`` (whose folder exists): a new temporary file renamed over
    it, so a link at ``path`` is replaced, never written through, and a reader never sees half."""
    if SUPPORTED:
        folder = os.open(path.parent, os.O_RDONLY | _DIRECTORY)
        try:
            replace_in(folder, path.name, data)
        finally:
            os.close(folder)
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(6)}.tmp")  # pragma: no cover - Windows
    with open(tmp, "xb") as handle:  # pragma: no cover
        handle.write(data)
    os.replace(tmp, path)  # pragma: no cover


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
