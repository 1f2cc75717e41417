"""The checker knows estates: reading ``estates/<id>/``, overlaying the standard, and the rules.

``apply`` is called by :func:`handbook.checks.check.check` right after the standard's files are
read. It reads the chosen estate (the first listed in ``handbook.yaml`` unless one is named),
checks its departures and puts the estate's handbook in place of the standard's data, so that
every other rule of the checker runs on what that estate's handbook will say. It also looks for
the leftovers that copied manuals carry:

- the standard typing an estate's own value (name, office, hotline) instead of the placeholder;
- an estate's files naming another estate (its name or hotline);
- an override that refers to nothing in the standard, and a commitment looser than the floor.

Every problem is located (file:line:column) with a hint in Chinese.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from handbook.checks.reading import Reader, display_path, parse_and_validate
from handbook.data.walk import strings
from handbook.data.estates import (
    ESTATE_FILE, ESTATES_DIR, Company, EstateFile, Mark, marks, merged_handbook, overlay_commitments,
    overlay_glossary, overlay_organization, without_omitted,
)
from handbook.data.document import Document
from handbook.data.read import link_problem, outside
from handbook.data.model import ID_PATTERN, Sop, Standard
from handbook.data.problems import Problem
from handbook.data.timelimit import parse_time_limit

_ID = re.compile(ID_PATTERN)


def estate_ids(data_dir: Path) -> list[str]:
    """The estates ``handbook.yaml`` lists, in order (empty for a one-estate handbook or when
    the file cannot be read: the checker reports why)."""
    _, _, std = parse_and_validate(data_dir / "handbook.yaml", "handbook.yaml", Standard, data_dir)
    return list(std.estates) if isinstance(std, Standard) else []


def apply(checker: Reader, found: dict[str, Any], estate_id: str | None) -> tuple[dict[str, Any], Company | None, str | None]:
    """Put the chosen estate's handbook in place of the standard in ``found`` (the checker's
    files by name); return it with the company (None for a one-estate handbook) and the
    estate's id."""
    std = found.get("handbook.yaml")
    folder = checker.data_dir / ESTATES_DIR
    if not isinstance(std, Standard):
        return found, None, None
    if not std.estates:
        if folder.is_dir() and not outside(folder, checker.data_dir) and any(
                p.is_dir() for p in checker.entries(folder)):
            checker.at("handbook.yaml", (), f"有项目目录 {ESTATES_DIR}/，但 handbook.yaml 没有列出 estates",
                       "在 handbook.yaml 中写 estates: [<项目 id>, ...]，第一个是默认构建的项目")
        if estate_id is not None:
            checker.at("handbook.yaml", (), f"没有项目 '{estate_id}'：这是单项目手册",
                       "去掉 ESTATE 或 --estate，或在 handbook.yaml 的 estates 中列出项目")
        merged = merged_handbook(std, None)
        if merged is None:
            checker.at("handbook.yaml", (), "缺少项目信息（estate、company、prepared_by、document_number、approver）",
                       "在 estates/<项目 id>/estate.yaml 中填写并在 handbook.yaml 中列出 estates；单项目手册也可以直接写在 handbook.yaml")
        found["handbook.yaml"] = merged
        return found, None, None

    files = _read_estate_files(checker, std)
    chosen = estate_id or std.estates[0]
    if chosen not in std.estates:
        checker.at("handbook.yaml", ("estates",), f"没有项目 '{chosen}'",
                   "可选的项目：" + "、".join(std.estates))
        found["handbook.yaml"] = None
        return found, None, chosen
    company = Company(
        standard_revision=std.revision, standard_date=std.effective_date,
        estates={k: v for k, v in files.items() if v is not None},
        titles={k: v.title for k, v in found["sops"].items() if v is not None},
        commitments={c.id: c for c in found["commitments.yaml"].commitments} if found.get("commitments.yaml") else {},
    )
    ef = files.get(chosen)
    # The standard must not carry any estate's values; this estate's files no other estate's.
    everyone = {k: marks(v) for k, v in company.estates.items()}
    standard_docs = {rel: doc for rel, doc in checker.docs.items() if not rel.startswith(ESTATES_DIR + "/")}
    for rel, doc in standard_docs.items():
        for estate, found_marks in everyone.items():
            _report_marks(checker, rel, doc, found_marks, standard=True, estate_name=company.estates[estate].estate.name)
    if ef is None:
        found["handbook.yaml"] = None
        return found, company, chosen
    own_sops = _read_estate_sops(checker, chosen)
    titles = {chosen: {k: v.title for k, v in own_sops.items() if v is not None}}
    for other in company.estates:
        if other != chosen:  # for the company's deviation report; their problems are theirs
            titles[other] = _quiet_titles(checker.data_dir / ESTATES_DIR / other / "sops", checker.data_dir)
    company = Company(company.standard_revision, company.standard_date, company.estates, company.titles,
                      company.commitments, titles)
    for rel, doc in list(checker.docs.items()):
        if rel.startswith(f"{ESTATES_DIR}/{chosen}/"):
            for other, other_marks in everyone.items():
                if other != chosen:
                    _report_marks(checker, rel, doc, other_marks, standard=False,
                                  estate_name=company.estates[other].estate.name)
    _overlay(checker, found, chosen, ef, own_sops)
    return found, company, chosen


# --------------------------------------------------------------------------- reading


def _read_estate_files(checker: Reader, std: Standard) -> dict[str, EstateFile | None]:
    folder = checker.data_dir / ESTATES_DIR
    files: dict[str, EstateFile | None] = {}
    for i, estate_id in enumerate(std.estates):
        if estate_id in files:
            checker.at("handbook.yaml", ("estates", i), f"项目 '{estate_id}' 重复列出")
            continue
        path = folder / estate_id / ESTATE_FILE
        if not path.exists() and not path.is_symlink():  # a link or a FIFO is refused by _read, located
            checker.at("handbook.yaml", ("estates", i), f"找不到项目文件 {ESTATES_DIR}/{estate_id}/{ESTATE_FILE}",
                       "新建这个文件（参照其他项目的 estate.yaml），或从 estates 中删去这个 id")
            files[estate_id] = None
            continue
        files[estate_id] = checker.read(path, EstateFile)
    if folder.is_dir() and outside(folder, checker.data_dir):  # estates/ itself a link out of the data
        checker.problems.append(link_problem(folder, display_path(folder)))
    elif folder.is_dir():
        for entry in checker.entries(folder):
            if entry.name.startswith(".") or entry.name in files:
                continue
            checker.problems.append(Problem(
                display_path(entry), 0, 0, f"项目目录 {entry.name} 没有列入 handbook.yaml 的 estates",
                f"在 handbook.yaml 的 estates 中加上 {entry.name}，或移走这个目录",
            ))
    return files


def _quiet_titles(folder: Path, root: Path) -> dict[str, str]:
    titles: dict[str, str] = {}
    if folder.is_dir() and not outside(folder, root):
        for path in sorted(folder.glob("*.yaml")):
            _, _, sop = parse_and_validate(path, path.as_posix(), Sop, root)  # guarded like every read
            if sop is not None:
                titles[path.stem] = sop.title
    return titles


def _read_estate_sops(checker: Reader, estate_id: str) -> dict[str, Sop | None]:
    folder = checker.data_dir / ESTATES_DIR / estate_id / "sops"
    found: dict[str, Sop | None] = {}
    if not folder.is_dir():
        return found
    if outside(folder, checker.data_dir):
        checker.problems.append(link_problem(folder, display_path(folder)))
        return found
    for path in checker.entries(folder):
        if path.name.startswith("."):
            continue
        if path.suffix != ".yaml" or not _ID.fullmatch(path.stem):
            checker.problems.append(Problem(
                display_path(path), 0, 0, f"无法识别的文件 {path.name}",
                "项目的 sops/ 目录只放 <程序 id>.yaml：小写英文字母、数字和连字符",
            ))
            continue
        found[path.stem] = checker.read(path, Sop)
    return found


# --------------------------------------------------------------------------- the overlay


def _overlay(checker: Reader, found: dict[str, Any], estate_id: str, ef: EstateFile,
             own_sops: dict[str, Sop | None]) -> None:
    rel = f"{ESTATES_DIR}/{estate_id}/{ESTATE_FILE}"
    standard_sops: dict[str, Any] = found["sops"]
    sops = dict(standard_sops)
    used: set[str] = set()
    p = ef.procedures
    where: tuple[str | int, ...]
    for i, item in enumerate(p.replaced):
        where = ("procedures", "replaced", i, "id")
        if _unknown(checker, rel, where, item.id, standard_sops, "程序"):
            continue
        used.add(item.id)
        if item.id not in own_sops:
            checker.at(rel, where, f"替换程序 '{item.id}' 缺少替换文本",
                       f"新建 {ESTATES_DIR}/{estate_id}/sops/{item.id}.yaml（可从 sops/{item.id}.yaml 复制后修改）")
            continue
        sops[item.id] = own_sops[item.id]
    omitted: dict[str, str] = {}
    for i, gone in enumerate(p.omitted):
        where = ("procedures", "omitted", i, "id")
        if _unknown(checker, rel, where, gone.id, standard_sops, "程序"):
            continue
        if gone.id in used:
            checker.at(rel, where, f"程序 '{gone.id}' 既替换又不采用", "二者只能写一个")
            continue
        omitted[gone.id] = gone.reason
        sops.pop(gone.id, None)
    for i, new in enumerate(p.added):
        where = ("procedures", "added", i, "id")
        if new.id in standard_sops:
            checker.at(rel, where, f"程序 '{new.id}' 在公司标准中已有",
                       "要改写公司标准的程序，写在 procedures.replaced 下；独有程序换一个 id")
            continue
        if new.after is not None:
            _unknown(checker, rel, ("procedures", "added", i, "after"), new.after, standard_sops, "程序")
        used.add(new.id)
        if new.id not in own_sops:
            checker.at(rel, where, f"独有程序 '{new.id}' 缺少程序文件", f"新建 {ESTATES_DIR}/{estate_id}/sops/{new.id}.yaml")
            continue
        sops[new.id] = own_sops[new.id]
    for sop_id in own_sops:
        if sop_id not in used:
            checker.problems.append(Problem(
                display_path(checker.data_dir / ESTATES_DIR / estate_id / "sops" / f"{sop_id}.yaml"), 1, 1,
                f"程序文件 '{sop_id}' 没有在 estate.yaml 中声明",
                "在 estate.yaml 的 procedures.added（独有程序）或 procedures.replaced（替换公司标准）下写明它和理由",
            ))
    for sop_id in used:
        if sop_id in own_sops:  # the estate's file stands where the standard's would
            path = checker.data_dir / ESTATES_DIR / estate_id / "sops" / f"{sop_id}.yaml"
            doc = checker.docs.get(f"{ESTATES_DIR}/{estate_id}/sops/{sop_id}.yaml")
            if doc is not None:
                checker.docs[f"sops/{sop_id}.yaml"] = doc
            checker.sources[f"sops/{sop_id}"] = path
    for sop_id in omitted:
        checker.docs.pop(f"sops/{sop_id}.yaml", None)
        checker.sources.pop(f"sops/{sop_id}", None)
    for i, gone in enumerate(p.omitted):
        for sop_id, sop in sops.items():
            if gone.id in omitted and sop is not None and any(
                    s.handoff == gone.id or (s.decision and any(b.handoff == gone.id for b in s.decision.branches))
                    for s in sop.steps):
                checker.at(rel, ("procedures", "omitted", i, "id"),
                           f"不采用程序 '{gone.id}'，但程序 '{sop_id}' 的步骤会转入它",
                           f"同时替换 '{sop_id}'（procedures.replaced），在替换文本中改掉这个转入")
    # Forms only the omitted procedures filled in leave with them.
    def forms_of(sop: Any) -> set[str]:
        return set(sop.records) | {r for s in sop.steps for r in s.records}
    kept = set().union(*(forms_of(s) for s in sops.values() if s is not None)) if sops else set()
    dropped = set().union(*(forms_of(standard_sops[s]) for s in omitted if standard_sops.get(s) is not None)) \
        if omitted else set()
    found["forms"] = {k: v for k, v in found["forms"].items() if k not in dropped - kept}
    roles = {k: v for k, v in found["roles"].items() if v is not None}
    roles, valid_sops = without_omitted(roles, {k: v for k, v in sops.items() if v is not None}, omitted)
    found["roles"] = {**found["roles"], **roles}
    found["sops"] = {k: valid_sops.get(k) for k in sops}

    commitments = found.get("commitments.yaml")
    if commitments is not None:
        standard = {c.id: c for c in commitments.commitments}
        for i, c in enumerate(ef.commitments):
            where = ("commitments", i)
            if _unknown(checker, rel, where + ("id",), c.id, standard, "服务承诺"):
                continue
            floor = standard[c.id].time_limit
            if floor is None:
                checker.at(rel, where + ("id",), f"公司标准的服务承诺 '{c.id}' 没有时限，项目不能给它定时限",
                           "删去这一条，或先在公司标准 commitments.yaml 中给它时限")
                continue
            ours, theirs = parse_time_limit(c.time_limit), parse_time_limit(floor)
            if ours.minutes > theirs.minutes:
                checker.at(rel, where + ("time_limit",),
                           f"时限 {c.time_limit}（{ours.label}）比公司标准 {floor}（{theirs.label}）宽松",
                           "公司标准是下限：项目只能更严（更短）；确需放宽，须先修改公司标准")
            elif ours.minutes == theirs.minutes:
                checker.at(rel, where + ("time_limit",), f"时限 {c.time_limit} 与公司标准相同，不是偏离",
                           "删去这一条", severity="warning")
        found["commitments.yaml"] = overlay_commitments(commitments, ef)
    org = found.get("organization.yaml")
    if org is not None:
        for i, h in enumerate(ef.headcounts):
            positions = {pos.role for unit in org.units for pos in unit.positions}
            _unknown(checker, rel, ("headcounts", i, "role"), h.role, positions, "岗位")
        found["organization.yaml"] = overlay_organization(org, ef)
    glossary = found.get("glossary.yaml")
    if glossary is not None:
        terms = {t.term for t in glossary.terms}
        for i, t in enumerate(ef.glossary):
            if t.term in terms:
                checker.at(rel, ("glossary", i, "term"), f"术语 '{t.term}' 公司标准中已有",
                           "项目只能增加术语；要改写释义，请修改公司标准 glossary.yaml")
        found["glossary.yaml"] = overlay_glossary(glossary, ef)
    std = found["handbook.yaml"]
    _check_document_control(checker, rel, std, ef)
    found["handbook.yaml"] = merged_handbook(std, ef)


def _check_document_control(checker: Reader, rel: str, std: Standard, ef: EstateFile) -> None:
    """An estate's handbook follows the standard's revision unless it keeps its own history."""
    if ef.history:
        for key in ("revision", "effective_date"):
            if getattr(ef, key) is None:
                checker.at(rel, ("history",), f"有本项目自己的修订记录（history），但没有写 {key}",
                           f"写上本项目手册的 {key}，与 history 中最新的一条一致", key=True)
        return
    if ef.revision is not None and ef.revision != std.revision:
        checker.at(rel, ("revision",), f"版号 {ef.revision} 与公司标准的 {std.revision} 不同，但本项目没有自己的修订记录",
                   "删去 revision 以跟随公司标准，或在 history 中写本项目的修订记录")
    if ef.effective_date is not None and ef.effective_date != std.effective_date:
        checker.at(rel, ("effective_date",),
                   f"生效日期 {ef.effective_date.isoformat()} 与公司标准的 {std.effective_date.isoformat()} 不同，"
                   "但本项目没有自己的修订记录",
                   "删去 effective_date 以跟随公司标准，或在 history 中写本项目的修订记录")


def _unknown(checker: Reader, rel: str, where: tuple[str | int, ...], value: str, valid: Any, what: str) -> bool:
    """True (and reported) when ``value`` names nothing in the standard."""
    if value in valid:
        return False
    from handbook.data.validate import closest

    guess = closest(value, list(valid))
    hint = ("是否想写 " + "、".join(f"'{g}'" for g in guess) + "？") if guess else f"公司标准的{what}才能被覆盖、替换或不采用"
    checker.at(rel, where, f"公司标准中没有{what} '{value}'", hint)
    return True


# --------------------------------------------------------------------------- leftovers




def _report_marks(checker: Reader, rel: str, doc: Document, found_marks: list[Mark], *, standard: bool,
                  estate_name: str) -> None:
    lines: list[str] | None = None
    for path, text in strings(doc.data):
        for mark in found_marks:
            if mark.text not in text:
                continue
            if any(mark.text in longer.text and mark.text != longer.text and longer.text in text
                   for longer in found_marks):
                continue  # reported as the longer value (the office contains the name)
            line, column = doc.where(path)
            if lines is None:
                lines = _file_lines(checker.data_dir / rel, doc)
            line, column = _locate(lines, line, column, mark.text)
            if standard:
                message = f"公司标准中写入了项目「{estate_name}」的{mark.what} '{mark.text}'"
                hint = f"公司标准对所有项目通用：改写为 {mark.placeholder}"
            else:
                message = f"出现了另一个项目「{estate_name}」的{mark.what} '{mark.text}'"
                hint = f"这是从别的项目抄来的遗留内容：改写为本项目的内容，或写成 {mark.placeholder}"
            checker.problems.append(Problem(doc.file, line, column, message, hint))


def _file_lines(path: Path, doc: Document) -> list[str]:
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        try:
            return Path(doc.file).read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError):
            return []


def _locate(lines: list[str], line: int, column: int, needle: str) -> tuple[int, int]:
    """The line and column of ``needle`` at or after the value that starts at ``line:column``
    (a folded text runs over several lines); the value's own position when not found."""
    for n in range(max(line, 1) - 1, min(len(lines), line + 200)):
        start = column - 1 if n == line - 1 else 0
        at = lines[n].find(needle, max(start, 0))
        if at >= 0:
            return n + 1, at + 1
    return line, column
