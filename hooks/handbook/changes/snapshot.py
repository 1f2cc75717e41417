"""One version of the handbook's data, for comparing versions: a folder, or a git revision.

A git revision (``HEAD~1``, ``main``, ``v1.0:procedures``) is read into a temporary folder one
file at a time (``git ls-tree -l`` gives each file's size, ``git cat-file --batch`` its bytes when
it is small enough): read-only, the working tree and the index are never touched, and memory stays
bounded whatever was committed (a file of 2 GiB is refused by its size, never read). A snapshot is
loaded leniently: a file with errors is kept as "unreadable" (``None``) rather than dropped, so
that a broken file is never reported as a deleted procedure.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from datetime import date
from pathlib import Path

from handbook.checks.check import examine
from handbook.data.problems import display_path
from handbook.data.estates import Company
from handbook.data.laws import Register
from handbook.data.model import Commitment, Form, Glossary, Handbook, Organization, Role, Sop, Step
from handbook.manual.numbering import procedure_code, record_code
from handbook.data.placeholders import expand
from handbook.data.read import MAX_BYTES, REFUSED
from handbook.data.problems import Problem, shown
from handbook.data.rules import Placeholders, applicable_limit, order_forms, placeholder_table
from handbook.data.timelimit import TimeLimit
from handbook.manual.manual import Manual


class SnapshotError(Exception):
    """A version that cannot be opened; ``str()`` is the message, ``hint`` what to do."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass
class Snapshot:
    """The data of one version, as far as it could be read."""

    label: str
    handbook: Handbook | None = None
    organization: Organization | None = None
    commitments: dict[str, Commitment] = field(default_factory=dict)
    glossary: Glossary | None = None
    roles: dict[str, Role | None] = field(default_factory=dict)  # None: the file has errors
    sops: dict[str, Sop | None] = field(default_factory=dict)
    forms: dict[str, Form | None] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # With estates: where it was read from (to read it again for another estate), which estate,
    # the standard's own procedures before the estate's overlay, and the company.
    folder: Path | None = None
    shown_as: str | None = None
    estate_id: str | None = None
    standard_sops: dict[str, Sop | None] = field(default_factory=dict)
    company: Company | None = None
    laws: Register = field(default_factory=Register)  # the register of laws (and the estate's own)

    @property
    def procedure_order(self) -> list[str]:
        if self.handbook is None:
            return sorted(self.sops)
        listed = [s for p in self.handbook.parts if p.kind == "procedures" for s in p.procedure_ids()]
        return listed + sorted(s for s in self.sops if s not in listed)

    def sop_code(self, sop_id: str) -> str | None:
        """The document number the procedure has in this version (as numbering.sop_code)."""
        sop = self.sops.get(sop_id)
        order = [s for s in self.procedure_order if s in self.sops]
        if sop is None or self.handbook is None or sop_id not in order:
            return None
        return procedure_code(self.handbook.estate.code, sop.kind, order.index(sop_id) + 1)

    def form_code(self, form_id: str) -> str | None:
        """The number the form has in this version (as numbering.form_code)."""
        if self.handbook is None or self.forms.get(form_id) is None:
            return None
        sops = {s: sop for s in self.procedure_order if (sop := self.sops.get(s)) is not None}
        order = list(order_forms({f: form for f, form in self.forms.items() if form is not None}, sops.values()))
        return record_code(self.handbook.estate.code, order.index(form_id) + 1)

    def is_staff(self, role_id: str) -> bool:
        return role_id in self.roles

    def role_title(self, role_id: str) -> str | None:
        role = self.roles.get(role_id)
        if role is not None:
            return role.title
        if self.organization is not None:
            for partner in self.organization.partners:
                if partner.id == role_id:
                    return partner.title
        return None

    def step_limit(self, step: Step) -> TimeLimit | None:
        """The limit that applies to a step: its own, or that of the commitment it names."""
        return applicable_limit(self.commitments, step.time_limit, step.commitment)

    def lookup(self, namespace: str, name: str) -> str | None:
        return self.placeholders.get((namespace, name))

    @cached_property
    def placeholders(self) -> Placeholders:
        return placeholder_table(self.handbook.estate if self.handbook is not None else None, self.commitments,
                                 self.laws)

    def text(self, value: str) -> str:
        """Data text as shown in a notice: placeholders expanded, bold markers and line breaks removed."""
        return " ".join(expand(value, self.lookup).replace("**", "").split())


def load_snapshot(folder: Path, label: str, shown_as: str | None = None, estate: str | None = None) -> Snapshot:
    """Read every file of a data folder without failing on bad data (problems are kept).

    ``shown_as`` replaces the folder's path in problem locations (a temporary folder means
    nothing to the reader; ``HEAD~1:procedures/sops/x.yaml`` does)."""
    if not folder.is_dir():
        raise SnapshotError(f"找不到数据目录 {shown(folder)}")
    ctx, problems = examine(folder, date.today(), estate)  # that estate's handbook, leniently
    if shown_as is not None:
        prefix = display_path(folder)
        problems = [replace(p, file=shown_as + p.file[len(prefix):]) if p.file.startswith(prefix) else p
                    for p in problems]
    files = ctx.files
    return Snapshot(
        label=label, handbook=files.handbook, organization=files.organization, commitments=ctx.commitments,
        glossary=files.glossary, roles=dict(files.roles), sops=dict(files.sops), forms=dict(files.forms),
        problems=problems, folder=folder, shown_as=shown_as, estate_id=ctx.estates.chosen,
        standard_sops=dict(ctx.standard.sops), company=ctx.estates.company, laws=ctx.register,
    )


def snapshot_of(manual: Manual, label: str) -> Snapshot:
    """A checked handbook (an edition) as a snapshot to compare: nothing to read again."""
    return Snapshot(
        label=label, handbook=manual.handbook, organization=manual.organization, commitments=dict(manual.commitments),
        glossary=manual.glossary, roles=dict(manual.roles), sops=dict(manual.sops), forms=dict(manual.forms),
        folder=manual.data_dir, estate_id=manual.estate_id, company=manual.company,
        laws=manual.laws,
    )


# --------------------------------------------------------------------------- opening versions


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise SnapshotError("找不到 git 命令", "安装 git，或改为比较两个数据目录") from None


def _describe_commit(cwd: Path, commit: str) -> str:
    if not commit:
        return ""
    result = _git(cwd, "log", "-1", "--format=%h", commit, "--")  # the commit, not its subject
    text = result.stdout.decode("utf-8", "replace").strip()
    return f"（提交 {text}）" if result.returncode == 0 and text else ""


#: The most entries a version's data folder may list (the real handbook has about 150 files).
MAX_ENTRIES = 20_000


@dataclass(frozen=True)
class Left:
    """A file of a git version left out, and why."""

    name: str
    why: str


def _entries(cwd: Path, treeish: str) -> Iterator[tuple[str, str, int | None, str]]:
    """(mode, object, size, path) of every file of ``treeish``, read from ``git ls-tree`` as it
    comes (sizes from the objects' headers: nothing is read of any file here)."""
    try:
        proc = subprocess.Popen(["git", "-C", str(cwd), "ls-tree", "-r", "-z", "-l", "--full-tree", treeish],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except FileNotFoundError:
        raise SnapshotError("找不到 git 命令", "安装 git，或改为比较两个数据目录") from None
    assert proc.stdout is not None
    count, pending = 0, b""
    try:
        while chunk := proc.stdout.read(65536):
            *records, pending = (pending + chunk).split(b"\0")
            for record in records:
                count += 1
                if count > MAX_ENTRIES:
                    raise SnapshotError(f"git 版本 {shown(treeish)} 的数据目录中有超过 {MAX_ENTRIES} 个文件",
                                        "给出数据目录本身，如 HEAD~1:procedures")
                meta, _, path = record.partition(b"\t")
                mode, _kind, oid, size = meta.decode("ascii").split()
                yield mode, oid, None if size == "-" else int(size), path.decode("utf-8", "surrogateescape")
    finally:
        proc.stdout.close()
        proc.kill()
        proc.wait()


class _Blobs:
    """``git cat-file --batch``: one blob at a time, its size read before its bytes."""

    def __init__(self, cwd: Path) -> None:
        self.proc = subprocess.Popen(["git", "-C", str(cwd), "cat-file", "--batch"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def read(self, oid: str, limit: int) -> bytes | None:
        """The blob ``oid``, or None when it is missing, not a blob or larger than ``limit``."""
        stdin, stdout = self.proc.stdin, self.proc.stdout
        assert stdin is not None and stdout is not None
        try:
            stdin.write(oid.encode("ascii") + b"\n")
            stdin.flush()
        except OSError:  # git stopped (a broken pipe is not the reader's closed terminal)
            raise SnapshotError("git cat-file 意外退出，无法读取这个版本", "检查仓库是否完整：git fsck") from None
        head = stdout.readline(200).split()
        if len(head) != 3 or head[1] != b"blob":
            if len(head) == 3:  # not a blob: skip what git sends
                self._skip(int(head[2]) + 1)
            return None
        size = int(head[2])
        if size > limit:
            self._skip(size + 1)  # in pieces: never the whole of it at once
            return None
        data = stdout.read(size)
        stdout.read(1)  # the line break after each object
        return data

    def _skip(self, size: int) -> None:
        assert self.proc.stdout is not None
        while size > 0:
            chunk = self.proc.stdout.read(min(size, 65536))
            if not chunk:
                break
            size -= len(chunk)

    def close(self) -> None:
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                pipe.close()
        self.proc.kill()
        self.proc.wait()


def _extract(cwd: Path, treeish: str, into: Path) -> list[Left]:
    """Write the files of ``treeish`` into ``into``, one blob at a time, each of at most MAX_BYTES
    (its size known before it is read, so memory stays bounded whatever was committed). Returns
    what was left out: links, submodules, oversized files, names both a file and a folder, names
    leading outside ``into``."""
    left: list[Left] = []
    root = into.resolve()
    blobs = _Blobs(cwd)
    try:
        for mode, oid, size, name in _entries(cwd, treeish):
            if mode == "120000":
                left.append(Left(name, "这个版本中的符号链接"))
                continue
            if mode not in ("100644", "100755"):
                left.append(Left(name, "这个版本中的子模块或特殊条目"))
                continue
            if size is None or size > MAX_BYTES:
                left.append(Left(name, f"文件过大（{size} 字节，上限 {MAX_BYTES}）"))
                continue
            target = into / name
            if not target.resolve().is_relative_to(root) or any(part in ("", ".", "..") for part in name.split("/")):
                left.append(Left(name, "这个版本中的文件名指向数据目录之外"))
                continue
            blocked = next((p for p in (target, *target.parents) if p != into and p.is_relative_to(into)
                            and (p.is_file() if p != target else p.exists())), None)
            if blocked is not None:
                left.append(Left(name, f"这个版本中 {blocked.relative_to(into).as_posix()} 既是文件又是文件夹"))
                continue
            data = blobs.read(oid, MAX_BYTES)
            if data is None:
                left.append(Left(name, "这个版本中的文件无法读取"))
                continue
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                with open(target, "xb") as handle:
                    handle.write(data)
            except (FileExistsError, NotADirectoryError, IsADirectoryError):
                left.append(Left(name, f"这个版本中 {name} 既是文件又是文件夹"))
    finally:
        blobs.close()
    return left


def _require_handbook(folder: Path, spec: str) -> None:
    """Refuse a folder that is not a handbook's data (``HEAD:``, ``HEAD:procedures/sops``, empty)."""
    if not (folder / "handbook.yaml").is_file():
        raise SnapshotError(
            f"'{shown(spec)}' 不是手册的数据目录：其中没有 handbook.yaml",
            "给出数据目录本身，如 procedures、HEAD~1（即 HEAD~1:procedures）或 main:procedures",
        )


@contextmanager
def open_version(spec: str, cwd: Path | None = None, data_dir: str = "procedures") -> Iterator[Snapshot]:
    """A folder, or a git revision (``REV`` means ``REV:<data_dir>``; ``REV:path`` names the folder)."""
    cwd = cwd or Path.cwd()
    folder = Path(spec) if Path(spec).is_absolute() else cwd / spec
    if folder.is_dir():
        if not (folder / "handbook.yaml").exists() and (folder / data_dir / "handbook.yaml").exists():
            folder = folder / data_dir  # a checkout of the whole repository
        _require_handbook(folder, spec)
        yield load_snapshot(folder, f"目录 {spec}")
        return
    if _git(cwd, "rev-parse", "--git-dir").returncode != 0:
        raise SnapshotError(f"'{shown(spec)}' 不是目录，当前目录也不在 git 仓库中",
                            "给出两个数据目录，或在仓库中用 HEAD~1、main 这样的 git 版本")
    treeish = spec if ":" in spec else f"{spec}:{data_dir}"
    kind = _git(cwd, "cat-file", "-t", treeish)
    if kind.returncode != 0 or kind.stdout.strip() != b"tree":
        shallow = _git(cwd, "rev-parse", "--is-shallow-repository").stdout.strip() == b"true"
        hint = "用 git log --oneline 查看可用的版本；写法如 HEAD~1、main、a1b2c3d 或 main:procedures"
        if shallow:
            hint += "。这是浅克隆（shallow clone），较早的提交可能不在本地：git fetch --unshallow"
        raise SnapshotError(f"'{shown(spec)}' 既不是目录，也不是含有数据目录的 git 版本（{shown(treeish)}）", hint)
    tmp = Path(tempfile.mkdtemp(prefix="handbook-diff-"))
    try:
        skipped = _extract(cwd, treeish, tmp)
        _require_handbook(tmp, spec)
        commit = spec.split(":", 1)[0]
        snapshot = load_snapshot(tmp, f"{spec}{_describe_commit(cwd, commit)}", shown_as=treeish)
        prefix = treeish if treeish.endswith(":") else treeish + "/"
        snapshot.problems += [
            Problem(prefix + item.name, 0, 0, item.why + REFUSED, "数据目录里只放普通的 .yaml 文件", code="file.refused")
            for item in skipped
        ]
        yield snapshot
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
