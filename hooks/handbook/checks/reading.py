"""Reading a data folder for the checker: every file parsed, validated and located, never raising.

The :class:`Reader` reads the files of a data folder (each a regular file inside it, at most
``MAX_BYTES``), remembers each parsed document by its path (for positions) and each procedure's
source file, and collects every problem met on the way: a file it cannot read, cannot parse or
cannot validate. What it reads, it returns as :class:`~handbook.data.files.Files`; the rules
(``handbook.checks.rules``) judge those.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from handbook.data import aliases, laws
from handbook.data.estates import ESTATES_DIR
from handbook.data.document import Document
from handbook.data.read import link_problem, outside, read_file
from handbook.data.load import parse_document
from handbook.data.memo import Recent
from handbook.data.files import Files
from handbook.data.fields import ID_PATTERN, WINDOWS_RESERVED, Strict
from handbook.data.model import (
    COLLECTIONS, SINGLE_FILES, Commitments, Form, Glossary, Organization, Role, Sop, Standard,
)
from handbook.data.problems import Problem, display_path, errors, shown
from handbook.data.sizes import MAX_FILES, size_problems, too_many_files
from handbook.data.text_rules import control_problems
from handbook.data.validate import validate

M = TypeVar("M", bound=Strict)

_ID = re.compile(ID_PATTERN)
#: Ids that would collide with generated index pages (``sops/index.md``, ``checklists/all.md``).
RESERVED_IDS: dict[str, tuple[str, ...]] = {"sops": ("index", "all"), "roles": ("index",), "forms": ("index",)}

Parsed = tuple[Document | None, tuple[Problem, ...], Any]

# A file's parse and validation depend on nothing but its bytes, its name and its model. Under
# ``mkdocs serve`` the whole folder is checked again after every save, while one file changed:
# the others are taken from here (most recently used kept; the bound is well above any handbook).
_PARSED: Recent[tuple[str, str, bytes], Parsed] = Recent(10_000)


def parse_and_validate(path: Path, file: str, model: type[Strict], root: Path | None = None) -> Parsed:
    """(document if parsed cleanly, problems, validated value or None) for the file at ``path``
    (a regular file inside ``root``: see load.read_file)."""
    raw, problem = read_file(path, file, root)
    if raw is None:
        assert problem is not None
        return None, (problem,), None
    key = (file, model.__name__, hashlib.sha256(raw).digest())
    hit = _PARSED.get(key)
    if hit is not None:
        return hit
    doc, problems = parse_document(raw, file)
    value = None
    oversized = size_problems(doc, model.__name__) if doc is not None else []
    if doc is None or errors(problems):
        doc = None  # not parsed cleanly: nothing to validate, no positions to refer to
    elif oversized:  # beyond what any handbook needs: never validated, never checked or built
        problems = list(problems) + oversized
    else:
        value, found = validate(doc, model)
        problems = list(problems) + control_problems(doc) + found
    result = (doc, tuple(problems), value)
    _PARSED.put(key, result)
    return result


class Reader:
    """Reads one data folder; holds what was read (``docs``, ``sources``) and the problems met."""

    def __init__(self, data_dir: Path, today: date) -> None:
        self.data_dir = data_dir
        self.today = today
        self.problems: list[Problem] = []
        self.docs: dict[str, Document] = {}
        self.sources: dict[str, Path] = {}

    # ------------------------------------------------------------------ reading

    def read(self, path: Path, model: type[M]) -> M | None:
        """The validated value of the file at ``path`` (None when it has errors)."""
        doc, problems, value = parse_and_validate(path, display_path(path), model, self.data_dir)
        self.problems.extend(problems)
        if doc is not None:
            self.docs[path.relative_to(self.data_dir).as_posix()] = doc
        return value if isinstance(value, model) else None

    def file_problem(self, path: Path, message: str, hint: str | None = None, *, code: str) -> None:
        self.problems.append(Problem(display_path(path), 0, 0, message, hint, code=code))

    def entries(self, directory: Path) -> list[Path]:
        """The entries of ``directory`` in name order; none (and a problem) if it cannot be read."""
        try:
            return sorted(directory.iterdir())
        except OSError as exc:
            self.file_problem(directory, f"无法读取目录：{exc.strerror}", "检查这个文件夹的读取权限", code="file.unreadable")
            return []

    def read_all(self) -> Files:
        """Every file of the data folder (an estate's folder is read by ``checks.estates``)."""
        known = set(SINGLE_FILES) | set(COLLECTIONS) | {aliases.FILE, laws.FILE, ESTATES_DIR}
        for entry in self.entries(self.data_dir):
            if entry.name.startswith(".") or entry.name in known:
                continue
            if entry.suffix in (".yml", ".yaml") or entry.is_dir():
                self.file_problem(
                    entry, f"无法识别的文件或目录 {shown(entry.name)}",
                    "数据目录只包含 " + "、".join(sorted(known)) + "；把它移走或改名", code="file.unknown",
                )
        search = self.data_dir / aliases.FILE  # optional: no file, no aliases
        register = self.data_dir / laws.FILE  # optional: no file, no register (and no 《》 rule)
        return Files(
            standard=self._single("handbook.yaml", Standard),
            organization=self._single("organization.yaml", Organization),
            commitments=self._single("commitments.yaml", Commitments),
            glossary=self._single("glossary.yaml", Glossary),
            search=self.read(search, aliases.SearchWords) if self.present(search) else None,
            laws=self.read(register, laws.Laws) if self.present(register) else None,
            roles=self._read_collection("roles", Role),
            sops=self._read_collection("sops", Sop),
            forms=self._read_collection("forms", Form),
        )

    @staticmethod
    def present(path: Path) -> bool:
        """Whether something is at ``path`` (a link or a FIFO is, and read() refuses it, located)."""
        return path.exists() or path.is_symlink()

    def _single(self, name: str, model: type[M]) -> M | None:
        path = self.data_dir / name
        if not self.present(path):
            self.file_problem(path, f"缺少文件 {name}", "从仓库中恢复它，或参照 README 新建", code="file.missing")
            return None
        return self.read(path, model)

    def files_in(self, directory: Path, *, required: bool) -> list[Path]:
        """The visible entries of a folder of the data, in name order; none (and a problem) when
        it is missing and ``required``, or when it is a link out of the data folder."""
        if not directory.is_dir():
            if required:
                self.file_problem(directory, f"缺少目录 {directory.name}/", code="file.missing")
            return []
        if outside(directory, self.data_dir):
            self.problems.append(link_problem(directory, display_path(directory)))
            return []
        return [p for p in self.entries(directory) if not p.name.startswith(".")]

    def too_many(self, directory: Path, folder: str, paths: list[Path]) -> int | None:
        """The bound on the files of ``folder`` (``data.sizes``) when ``paths`` exceed it (then a
        problem at ``directory``): the files after it are not read."""
        beyond = too_many_files(folder, sum(1 for p in paths if p.suffix == ".yaml"))
        if beyond is None:
            return None
        self.file_problem(directory, *beyond, code="size.files")
        return MAX_FILES[folder]

    def _read_collection(self, folder: str, model: type[M]) -> dict[str, M | None]:
        items: dict[str, M | None] = {}
        directory = self.data_dir / folder
        paths = self.files_in(directory, required=True)
        bound = self.too_many(directory, folder, paths)
        for path in paths:
            if path.suffix != ".yaml":
                hint = f"改名为 {path.stem}.yaml" if path.suffix == ".yml" else "这个目录只放 .yaml 文件"
                self.file_problem(path, f"文件扩展名应为 .yaml：{shown(path.name)}", hint, code="file.extension")
                continue
            if not _ID.fullmatch(path.stem):
                self.file_problem(
                    path, f"文件名 '{shown(path.stem)}' 不是合法的 id",
                    "文件名即 id：只用小写英文字母、数字和连字符，如 key-management.yaml", code="file.bad-name",
                )
                continue
            if path.stem in WINDOWS_RESERVED:
                self.file_problem(
                    path, f"文件名 '{path.stem}' 是 Windows 的保留设备名，这个文件在 Windows 上无法存在",
                    "换一个 id（例如加上具体内容：" + f"{path.stem}-items.yaml）；否则在 Windows 上无法克隆仓库，"
                    "离线版也无法复制到 U 盘", code="file.reserved-name",
                )
                continue
            if path.stem in RESERVED_IDS.get(folder, ()):
                self.file_problem(
                    path, f"文件名 '{path.stem}' 与生成的页面地址冲突（{folder}/{path.stem}/ 已有他用）",
                    "换一个 id，例如在后面加上具体内容：" + f"{path.stem}-items.yaml", code="file.reserved-name",
                )
                continue
            self.sources[f"{folder}/{path.stem}"] = path
            if bound is not None and len(items) >= bound:
                items[path.stem] = None  # there, but beyond the bound: not read
                continue
            items[path.stem] = self.read(path, model)
        return items
