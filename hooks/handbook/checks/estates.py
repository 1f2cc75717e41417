"""Reading the estates of a company: ``estates/<id>/estate.yaml`` and each estate's own procedures.

The chosen estate (the first listed in ``handbook.yaml`` unless one is named) is read with its
``sops/`` folder; every listed estate's ``estate.yaml`` is read too, for the company's deviation
report and to find one estate's values in another's files. What is found is an :class:`Estates`;
:func:`handbook_files` then lays the chosen estate over the standard (the pure overlay of
``handbook.data.estates``), so that every rule runs on what that estate's handbook will say. What
is wrong with an estate's departures is ``handbook.checks.rules.estates``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from handbook.checks.reading import Reader, parse_and_validate
from handbook.data.problems import display_path
from handbook.data.estates import (
    ESTATE_FILE, ESTATES_DIR, Company, EstateFile, SopOverlay, merged_handbook, overlay_files,
)
from handbook.data.files import Files, valid
from handbook.data.laws import FILE as LAWS_FILE, Laws
from handbook.data.fields import ID_PATTERN
from handbook.data.model import Sop, Standard
from handbook.data.problems import Problem
from handbook.data.read import link_problem, outside, yaml_files

_ID = re.compile(ID_PATTERN)


def estate_ids(data_dir: Path) -> list[str]:
    """The estates ``handbook.yaml`` lists, in order (empty for a one-estate handbook or when
    the file cannot be read: the checker reports why)."""
    _, _, std = parse_and_validate(data_dir / "handbook.yaml", "handbook.yaml", Standard, data_dir)
    return list(std.estates) if isinstance(std, Standard) else []


@dataclass(frozen=True)
class Estates:
    """What was read of the estates. For a one-estate handbook: nothing (``chosen`` is None)."""

    chosen: str | None = None  # whose handbook is checked (also when it is not listed)
    company: Company | None = None  # the standard and every estate that could be read
    file: EstateFile | None = None  # the chosen estate's estate.yaml, when it validated
    own_sops: dict[str, Sop | None] = field(default_factory=dict)  # estates/<chosen>/sops/
    laws: Laws | None = None  # estates/<chosen>/laws.yaml: the estate's own local rules, if any

    @property
    def rel(self) -> str:
        """The chosen estate's estate.yaml, by its path in the data folder."""
        return f"{ESTATES_DIR}/{self.chosen}/{ESTATE_FILE}"

    @property
    def laws_rel(self) -> str:
        return f"{ESTATES_DIR}/{self.chosen}/{LAWS_FILE}"


def read_estates(reader: Reader, files: Files, estate_id: str | None) -> Estates:
    """Read the estates of ``handbook.yaml`` (``files.standard``) and choose ``estate_id``'s."""
    std = files.standard
    if std is None:
        return Estates()
    if not std.estates:
        folder = reader.data_dir / ESTATES_DIR
        if folder.is_dir() and not outside(folder, reader.data_dir) and any(p.is_dir() for p in reader.entries(folder)):
            _at(reader, (), f"有项目目录 {ESTATES_DIR}/，但 handbook.yaml 没有列出 estates",
                "在 handbook.yaml 中写 estates: [<项目 id>, ...]，第一个是默认构建的项目", code="estate.not-listed")
        if estate_id is not None:
            _at(reader, (), f"没有项目 '{estate_id}'：这是单项目手册",
                "去掉 ESTATE 或 --estate，或在 handbook.yaml 的 estates 中列出项目", code="estate.unknown")
        return Estates()
    listed = _read_estate_files(reader, std)
    chosen = estate_id or std.estates[0]
    if chosen not in std.estates:
        _at(reader, ("estates",), f"没有项目 '{chosen}'", "可选的项目：" + "、".join(std.estates), code="estate.unknown")
        return Estates(chosen)
    ef = listed.get(chosen)
    own_sops = _read_estate_sops(reader, chosen) if ef is not None else {}
    titles = {chosen: {k: v.title for k, v in valid(own_sops).items()}} if ef is not None else {}
    for other in valid(listed):
        if other != chosen and ef is not None:  # for the company's deviation report; their problems are theirs
            titles[other] = _quiet_titles(reader.data_dir / ESTATES_DIR / other / "sops", reader.data_dir)
    company = Company(
        standard_revision=std.revision, standard_date=std.effective_date, estates=valid(listed),
        titles={k: v.title for k, v in valid(files.sops).items()},
        commitments={c.id: c for c in files.commitments.commitments} if files.commitments is not None else {},
        estate_titles=titles,
    )
    own_laws = reader.data_dir / ESTATES_DIR / chosen / LAWS_FILE
    laws = reader.read(own_laws, Laws) if ef is not None and reader.present(own_laws) else None
    return Estates(chosen, company, ef, own_sops, laws)


def handbook_files(standard: Files, estates: Estates) -> tuple[Files, SopOverlay | None]:
    """The files of the handbook being checked: the chosen estate laid over the standard; for a
    one-estate handbook, the standard with the values its handbook.yaml writes itself."""
    if estates.file is not None:
        return overlay_files(standard, estates.file, estates.own_sops)
    if estates.chosen is None and standard.standard is not None:
        return replace(standard, handbook=merged_handbook(standard.standard, None)), None
    return standard, None  # an estate that cannot be read has no handbook


# --------------------------------------------------------------------------- reading


def _at(reader: Reader, path: tuple[str | int, ...], message: str, hint: str, *, code: str) -> None:
    reader.problems.append(reader.docs["handbook.yaml"].problem(path, message, hint, code=code))


def _read_estate_files(reader: Reader, std: Standard) -> dict[str, EstateFile | None]:
    """Every listed estate's estate.yaml. A folder that is a link out of the data (``estates/``
    or ``estates/<id>/``) is refused where it stands, as ``files_in`` refuses a linked ``sops/``,
    and nothing in it is read."""
    folder = reader.data_dir / ESTATES_DIR
    files: dict[str, EstateFile | None] = {}
    linked_out = folder.is_dir() and outside(folder, reader.data_dir)
    for i, estate_id in enumerate(std.estates):
        if estate_id in files:
            _at(reader, ("estates", i), f"项目 '{estate_id}' 重复列出", "每个项目只列一次", code="list.duplicate")
            continue
        own = folder / estate_id
        if linked_out or (own.is_dir() and outside(own, reader.data_dir)):
            if not linked_out:
                reader.problems.append(link_problem(own, display_path(own)))
            files[estate_id] = None
            continue
        path = own / ESTATE_FILE
        if not path.exists() and not path.is_symlink():  # a link or a FIFO is refused by read(), located
            _at(reader, ("estates", i), f"找不到项目文件 {ESTATES_DIR}/{estate_id}/{ESTATE_FILE}",
                "新建这个文件（参照其他项目的 estate.yaml），或从 estates 中删去这个 id", code="estate.missing-file")
            files[estate_id] = None
            continue
        files[estate_id] = reader.read(path, EstateFile)
    if linked_out:  # estates/ itself a link out of the data
        reader.problems.append(link_problem(folder, display_path(folder)))
    elif folder.is_dir():
        for entry in reader.entries(folder):
            if entry.name.startswith(".") or entry.name in files:
                continue
            reader.problems.append(Problem(
                display_path(entry), 0, 0, f"项目目录 {entry.name} 没有列入 handbook.yaml 的 estates",
                f"在 handbook.yaml 的 estates 中加上 {entry.name}，或移走这个目录", code="estate.not-listed",
            ))
    return files


def _quiet_titles(folder: Path, root: Path) -> dict[str, str]:
    titles: dict[str, str] = {}
    for path in yaml_files(root, folder):
        _, _, sop = parse_and_validate(path, path.as_posix(), Sop, root)  # guarded like every read
        if isinstance(sop, Sop):
            titles[path.stem] = sop.title
    return titles


def _read_estate_sops(reader: Reader, estate_id: str) -> dict[str, Sop | None]:
    found: dict[str, Sop | None] = {}
    directory = reader.data_dir / ESTATES_DIR / estate_id / "sops"
    paths = reader.files_in(directory, required=False)
    bound = reader.too_many(directory, "sops", paths)
    for path in paths:
        if path.suffix != ".yaml" or not _ID.fullmatch(path.stem):
            reader.problems.append(Problem(
                display_path(path), 0, 0, f"无法识别的文件 {path.name}",
                "项目的 sops/ 目录只放 <程序 id>.yaml：小写英文字母、数字和连字符", code="file.unknown",
            ))
            continue
        if bound is not None and len(found) >= bound:
            found[path.stem] = None  # there, but beyond the bound: not read
            continue
        found[path.stem] = reader.read(path, Sop)
    return found
