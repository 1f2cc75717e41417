"""Loading and checking the whole data folder: every file, every reference, every flow.

``check(data_dir)`` never raises for bad data and never writes. It returns the :class:`Manual`
when there are no errors (warnings allowed), and every problem found, so the command line and the
MkDocs hook can report them all at once.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from handbook.manual import flow
from handbook.checks.aliases import alias_problems, leads_of, model_text
from handbook.checks.coverage import coverage_problems
from handbook.checks.limits import limit_problems
from handbook.data.walk import strings
from handbook.data import aliases
from handbook.data.load import Document, link_problem, outside, parse_document, read_file
from handbook.manual.manual import Manual, add_months
from handbook.data.model import (COLLECTIONS, ID_PATTERN, SINGLE_FILES, WINDOWS_RESERVED, Glossary, Handbook,
                                 Organization, Role, Sop, Strict)
from handbook.data.placeholders import find, has_stray_braces
from handbook.data.rules import order_forms
from handbook.data.problems import Problem, errors, shown
from handbook.checks.revisions import revision_problems
from handbook.checks import estates as _estates
from handbook.data.estates import ESTATE_FILE, ESTATES_DIR
from handbook.data.text_rules import control_problems
from handbook.data.timelimit import parse_time_limit
from handbook.data.validate import closest, validate

_ID = re.compile(ID_PATTERN)
#: Ids that would collide with generated index pages (``sops/index.md``, ``checklists/all.md``).
RESERVED_IDS: dict[str, tuple[str, ...]] = {"sops": ("index", "all"), "roles": ("index",), "forms": ("index",)}


# A file's parse and validation depend on nothing but its bytes, its name and its model. Under
# ``mkdocs serve`` the whole folder is checked again after every save, while one file changed:
# the others are taken from here (most recently used kept; the bound is well above any handbook).
_PARSED: OrderedDict[tuple[str, str, bytes], tuple[Document | None, tuple[Problem, ...], Any]] = OrderedDict()
_PARSED_MAX = 10_000


def _parse_and_validate(path: Path, file: str, model: type[Strict],
                        root: Path | None = None) -> tuple[Document | None, tuple[Problem, ...], Any]:
    """(document if parsed cleanly, problems, validated value or None) for the file at ``path``
    (a regular file inside ``root``: see load.read_file)."""
    raw, problem = read_file(path, file, root)
    if raw is None:
        assert problem is not None
        return None, (problem,), None
    key = (file, model.__name__, hashlib.sha256(raw).digest())
    hit = _PARSED.get(key)
    if hit is not None:
        _PARSED.move_to_end(key)
        return hit
    doc, problems = parse_document(raw, file)
    value = None
    if doc is None or errors(problems):
        doc = None  # not parsed cleanly: nothing to validate, no positions to refer to
    else:
        value, found = validate(doc, model)
        problems = list(problems) + control_problems(doc) + found
    result = (doc, tuple(problems), value)
    _PARSED[key] = result
    if len(_PARSED) > _PARSED_MAX:
        _PARSED.popitem(last=False)
    return result


def display_path(path: Path) -> str:
    """The path as the user should see it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel.replace(os.sep, "/")


class Checker:
    def __init__(self, data_dir: Path, today: date) -> None:
        self.data_dir = data_dir
        self.today = today
        self.problems: list[Problem] = []
        self.docs: dict[str, Document] = {}
        self.sources: dict[str, Path] = {}

    # ------------------------------------------------------------------ reading

    def _read(self, path: Path, model: type[Strict]) -> Any:
        doc, problems, value = _parse_and_validate(path, display_path(path), model, self.data_dir)
        self.problems.extend(problems)
        if doc is not None:
            self.docs[path.relative_to(self.data_dir).as_posix()] = doc
        return value

    def _file_problem(self, path: Path, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(display_path(path), 0, 0, message, hint))

    def _entries(self, directory: Path) -> list[Path]:
        """The entries of ``directory`` in name order; none (and a problem) if it cannot be read."""
        try:
            return sorted(directory.iterdir())
        except OSError as exc:
            self._file_problem(directory, f"无法读取目录：{exc.strerror}", "检查这个文件夹的读取权限")
            return []

    def read_all(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for name, model in SINGLE_FILES.items():
            path = self.data_dir / name
            if not path.exists() and not path.is_symlink():
                self._file_problem(path, f"缺少文件 {name}", "从仓库中恢复它，或参照 README 新建")
                found[name] = None
            else:
                found[name] = self._read(path, model)
        path = self.data_dir / aliases.FILE  # optional: no file, no aliases
        found[aliases.FILE] = self._read(path, aliases.SearchWords) if path.is_file() else None
        # laws.yaml (the register of laws, branch laws) is data that no code reads yet: kept, not
        # reported, until the code that checks and renders it lands.
        known = set(SINGLE_FILES) | set(COLLECTIONS) | {aliases.FILE, ESTATES_DIR, "laws.yaml"}
        for entry in self._entries(self.data_dir):
            if entry.name.startswith(".") or entry.name in known:
                continue
            if entry.suffix in (".yml", ".yaml") or entry.is_dir():
                self._file_problem(
                    entry, f"无法识别的文件或目录 {shown(entry.name)}",
                    "数据目录只包含 " + "、".join(sorted(known)) + "；把它移走或改名",
                )
        for folder, model in COLLECTIONS.items():
            items: dict[str, Any] = {}
            directory = self.data_dir / folder
            if not directory.is_dir():
                self._file_problem(directory, f"缺少目录 {folder}/")
                found[folder] = items
                continue
            if outside(directory, self.data_dir):
                self.problems.append(link_problem(directory, display_path(directory)))
                found[folder] = items
                continue
            for path in self._entries(directory):
                if path.name.startswith("."):
                    continue
                if path.suffix != ".yaml":
                    hint = f"改名为 {path.stem}.yaml" if path.suffix == ".yml" else "这个目录只放 .yaml 文件"
                    self._file_problem(path, f"文件扩展名应为 .yaml：{shown(path.name)}", hint)
                    continue
                if not _ID.fullmatch(path.stem):
                    self._file_problem(
                        path, f"文件名 '{shown(path.stem)}' 不是合法的 id",
                        "文件名即 id：只用小写英文字母、数字和连字符，如 key-management.yaml",
                    )
                    continue
                if path.stem in WINDOWS_RESERVED:
                    self._file_problem(
                        path, f"文件名 '{path.stem}' 是 Windows 的保留设备名，这个文件在 Windows 上无法存在",
                        "换一个 id（例如加上具体内容：" + f"{path.stem}-items.yaml）；否则在 Windows 上无法克隆仓库，"
                        "离线版也无法复制到 U 盘",
                    )
                    continue
                if path.stem in RESERVED_IDS.get(folder, ()):
                    self._file_problem(
                        path, f"文件名 '{path.stem}' 与生成的页面地址冲突（{folder}/{path.stem}/ 已有他用）",
                        "换一个 id，例如在后面加上具体内容：" + f"{path.stem}-items.yaml",
                    )
                    continue
                self.sources[f"{folder}/{path.stem}"] = path
                items[path.stem] = self._read(path, model)
            found[folder] = items
        return found

    # ------------------------------------------------------------------ helpers

    def at(self, rel: str, path: tuple[str | int, ...], message: str, hint: str | None = None,
           severity: str = "error", *, key: bool = False) -> None:
        doc = self.docs[rel]
        self.problems.append(doc.problem(path, message, hint, severity=severity, key=key))

    def whole_file(self, source: str, message: str, hint: str) -> None:
        """A problem of a whole file (``source``: its key, such as ``sops/repair``), at its first line."""
        self.problems.append(Problem(display_path(self.sources[source]), 1, 1, message, hint))

    def ref(self, rel: str, path: tuple[str | int, ...], value: str, valid: Iterable[str], what: str) -> bool:
        """Check that ``value`` names one of ``valid``; report an unknown reference otherwise."""
        valid = list(valid)
        if value in valid:
            return True
        guess = closest(value, valid)
        if guess:
            hint = "是否想写 " + "、".join(f"'{g}'" for g in guess) + "？"
        else:
            hint = f"可用的{what}：" + "、".join(sorted(valid)[:30]) + ("……" if len(valid) > 30 else "")
        self.at(rel, path, f"未知的{what} '{shown(value)}'", hint)
        return False

    # ------------------------------------------------------------------ checks

    def check_organization(self, org: Any, roles: dict[str, Any]) -> None:
        rel = "organization.yaml"
        partner_ids: dict[str, int] = {}
        for i, partner in enumerate(org.partners):
            if partner.id in partner_ids:
                self.at(rel, ("partners", i, "id"), f"重复的 id '{partner.id}'", "每个外部角色只写一次")
            partner_ids[partner.id] = i
            if partner.id in roles:
                self.at(rel, ("partners", i, "id"), f"'{partner.id}' 已是中心岗位（roles/{partner.id}.yaml）",
                        "外部角色与中心岗位不能同名；改用别的 id")
        self.ref(rel, ("reports_to",), org.reports_to, partner_ids, "外部角色")
        seen: dict[str, tuple[int, int]] = {}
        unit_ids: set[str] = set()
        for u, unit in enumerate(org.units):
            if unit.id in unit_ids:
                self.at(rel, ("units", u, "id"), f"重复的 id '{unit.id}'")
            unit_ids.add(unit.id)
            for p, position in enumerate(unit.positions):
                where = ("units", u, "positions", p, "role")
                if position.role in seen:
                    self.at(rel, where, f"岗位 '{position.role}' 重复列出", "每个岗位在架构中只出现一次")
                    continue
                seen[position.role] = (u, p)
                self.ref(rel, where, position.role, roles, "岗位")
        for role_id in roles:
            if role_id not in seen:
                self.whole_file(f"roles/{role_id}", f"岗位 '{role_id}' 没有列入 organization.yaml 的架构",
                                "在 organization.yaml 的某个 units → positions 下加上 role: " + role_id)

    def check_role(self, role_id: str, role: Any, everyone: list[str], sops: Iterable[str] = ()) -> None:
        rel = f"roles/{role_id}.yaml"
        if role.reports_to == role_id:
            self.at(rel, ("reports_to",), "岗位不能向自己汇报")
        else:
            self.ref(rel, ("reports_to",), role.reports_to, everyone, "岗位")
        for i, duty in enumerate(role.duties):  # the procedures that carry out each duty
            for j, sop_id in enumerate(duty.procedures):
                self.ref(rel, ("duties", i, "procedures", j), sop_id, sops, "程序")

    def check_form(self, form_id: str, form: Any, everyone: list[str]) -> None:
        self.ref(f"forms/{form_id}.yaml", ("keeper",), form.keeper, everyone, "岗位")

    def check_sop(self, sop_id: str, sop: Sop, everyone: list[str], forms: dict[str, Any],
                  sops: dict[str, Any], commitments: dict[str, Any], cycle: int) -> None:
        rel = f"sops/{sop_id}.yaml"
        self.ref(rel, ("owner",), sop.owner, everyone, "岗位")
        for i, resp in enumerate(sop.responsibilities):
            self.ref(rel, ("responsibilities", i, "role"), resp.role, everyone, "岗位")
        step_ids: dict[str, int] = {}
        for i, step in enumerate(sop.steps):
            if step.id in step_ids:
                self.at(rel, ("steps", i, "id"), f"重复的步骤 id '{step.id}'（第 {step_ids[step.id] + 1} 步已用）",
                        "每一步的 id 在本程序内必须唯一")
            else:
                step_ids[step.id] = i
        for i, step in enumerate(sop.steps):
            base = ("steps", i)
            self.ref(rel, base + ("role",), step.role, everyone, "岗位")
            for j, role in enumerate(step.support):
                self.ref(rel, base + ("support", j), role, everyone, "岗位")
            for j, form in enumerate(step.records):
                self.ref(rel, base + ("records", j), form, forms, "表格")
            self._check_limit(rel, base, step.time_limit, step.commitment, commitments)
            targets: list[tuple[tuple[str | int, ...], Any]] = [(base, step)]
            if step.decision is not None:
                labels: set[str] = set()
                for b, branch in enumerate(step.decision.branches):
                    where: tuple[str | int, ...] = base + ("decision", "branches", b)
                    if branch.label in labels:
                        self.at(rel, where + ("label",), f"分支标签 '{shown(branch.label)}' 重复", "每个分支用不同的标签")
                    labels.add(branch.label)
                    targets.append((where, branch))
            for where, target in targets:
                if target.next is not None:
                    if target.next == step.id:
                        self.at(rel, where + ("next",), "步骤不能指向自己", "改为指向前一步（循环）或后一步")
                    else:
                        self.ref(rel, where + ("next",), target.next, step_ids, "步骤")
                if target.handoff is not None:
                    if target.handoff == sop_id:
                        self.at(rel, where + ("handoff",), "不能转入本程序自身", "用 next 指向本程序的步骤")
                    else:
                        self.ref(rel, where + ("handoff",), target.handoff, sops, "程序")
        self._check_flow(rel, sop, step_ids)
        for g, group in enumerate(sop.checklist):
            for k, item in enumerate(group.items):
                self._check_limit(rel, ("checklist", g, "items", k), item.time_limit, item.commitment, commitments)
        for i, form in enumerate(sop.records):
            self.ref(rel, ("records", i), form, forms, "表格")
        for i, other in enumerate(sop.related):
            if other == sop_id:
                self.at(rel, ("related", i), "相关程序不能是本程序自身")
            else:
                self.ref(rel, ("related", i), other, sops, "程序")
        due = add_months(sop.last_reviewed, cycle)
        if due < self.today:
            self.at(rel, ("last_reviewed",),
                    f"已过复审期：最近评审 {sop.last_reviewed.isoformat()}，应于 {due.isoformat()} 前复审",
                    "复审后更新 last_reviewed；如有修改，同时在 history 中加一条修订记录", severity="warning")
        if sop.last_reviewed > self.today:
            self.at(rel, ("last_reviewed",), f"评审日期 {sop.last_reviewed.isoformat()} 晚于今天", "检查日期是否写错")

    def _check_limit(self, rel: str, base: tuple[str | int, ...], limit: str | None,
                     commitment: str | None, commitments: dict[str, Any]) -> None:
        if commitment is None:
            return
        if not self.ref(rel, base + ("commitment",), commitment, commitments, "服务承诺"):
            return
        promised = commitments[commitment].time_limit
        if promised is None:
            self.at(rel, base + ("commitment",), f"服务承诺 '{commitment}' 没有时限，不能作为步骤时限引用",
                    "在正文中引用它，或给该承诺加上 time_limit")
        elif limit is not None and parse_time_limit(limit).minutes != parse_time_limit(promised).minutes:
            self.at(rel, base + ("time_limit",),
                    f"时限 {limit} 与服务承诺 '{commitment}' 的时限 {promised} 不一致",
                    "删去这里的 time_limit（以承诺为准），或修改 commitments.yaml 中的承诺")

    def _check_flow(self, rel: str, sop: Sop, step_ids: dict[str, int]) -> None:
        if len(step_ids) != len(sop.steps):
            return  # duplicate ids already reported; the graph would be ambiguous
        falls_off = flow.falls_off(sop)
        if falls_off:
            self.at(rel, ("steps", len(sop.steps) - 1),
                    f"最后一步 '{sop.steps[-1].id}' 没有写去向",
                    "在最后一步写 end: true（结束）、handoff: <程序 id>（转入其他程序）或 next: <步骤 id>")
        reachable = flow.reachable(sop)
        ending = flow.reaches_end(sop)
        for i, step in enumerate(sop.steps):
            if step.id not in reachable:
                self.at(rel, ("steps", i, "id"), f"步骤 '{step.id}' 从第一步出发无法到达",
                        "让前面某一步用 next 或判断分支指向它，或删去这一步")
            elif step.id not in ending and not falls_off:
                self.at(rel, ("steps", i, "id"), f"从步骤 '{step.id}' 出发的路径永远到不了结束",
                        "检查循环：至少有一个分支要走向 end: true 或 handoff")

    def check_placeholders(self, manual_lookup: Any) -> None:
        for rel, doc in self.docs.items():
            for path, text in strings(doc.data):
                for namespace, name, whole in find(text):
                    if manual_lookup(namespace, name) is None:
                        if namespace == "commitment":
                            hint = "commitment 后写服务承诺 id（须有时限）"
                        elif namespace == "estate":
                            hint = "可用：estate.name、estate.hotline、estate.front_desk_hours、estate.households、estate.office"
                        else:
                            hint = "只能引用 estate.<字段> 或 commitment.<承诺 id>"
                        self.at(rel, path, f"无法识别的引用 {whole}", hint)
                if has_stray_braces(text):
                    self.at(rel, path, "文字中有不成对的 {{ 或 }}", "引用写成 {{estate.hotline}} 或 {{commitment.<id>}}")




def _partner_ids(org: Any, doc: Document | None) -> list[str]:
    """Partner ids; from the raw data when organization.yaml is invalid, so that one mistake
    there does not make every procedure report its partners as unknown."""
    if org is not None:
        return [p.id for p in org.partners]
    raw = doc.data.get("partners") if doc is not None and isinstance(doc.data, dict) else None
    if not isinstance(raw, list):
        return []
    return [p["id"] for p in raw if isinstance(p, dict) and isinstance(p.get("id"), str)]


_NOT_AN_ID = re.compile(r"'(.+)' 不是合法的 id")


def _title_for_id(problem: Problem, titles: dict[str, str]) -> Problem:
    """An invalid id that is a role's title (``role: 客服主管``) gets that role's id as the hint."""
    match = _NOT_AN_ID.fullmatch(problem.message)
    if match is None or match.group(1) not in titles:
        return problem
    title, role_id = match.group(1), titles[match.group(1)]
    return replace(problem, hint=f"'{title}' 是岗位名称，这里要写岗位的 id：是否想写 '{role_id}'？")


def check(data_dir: Path | str, today: date | None = None,
          estate: str | None = None) -> tuple[Manual | None, list[Problem]]:
    """Load and check everything under ``data_dir``; return the manual (if no errors) and problems.
    With estates (``estates/<id>/``), the manual is that of ``estate`` (default: the first)."""
    data_dir = Path(data_dir)
    checker = Checker(data_dir, today or date.today())
    if not data_dir.is_dir():
        return None, [Problem(display_path(data_dir), 0, 0, "找不到数据目录", "检查路径；默认是 procedures/")]
    inner = data_dir / "procedures"
    if not (data_dir / "handbook.yaml").exists() and (inner / "handbook.yaml").is_file():
        return None, [Problem(
            display_path(data_dir), 0, 0, "这里不是数据目录（没有 handbook.yaml），像是仓库的根目录",
            f"数据在 procedures/ 中：handbook check {display_path(inner)}",
        )]
    found = checker.read_all()
    # The standard's roles and forms: an alias may name one that an estate's omitted procedure drops.
    standard_roles, standard_forms = set(found["roles"]), set(found["forms"])
    found, company, estate_id = _estates.apply(checker, found, estate)  # the estate's handbook
    handbook = found["handbook.yaml"]
    org = found["organization.yaml"]
    commitments_file = found["commitments.yaml"]
    glossary = found["glossary.yaml"]
    roles = {k: v for k, v in found["roles"].items() if v is not None}
    forms = {k: v for k, v in found["forms"].items() if v is not None}
    sops = {k: v for k, v in found["sops"].items() if v is not None}
    # References may only be checked against files that exist, valid or not: a broken role file
    # must not make every procedure that names it report an unknown role as well.
    all_roles, all_forms, all_sops = found["roles"], found["forms"], found["sops"]

    commitments = _unique_commitments(checker, commitments_file)
    if glossary is not None:
        _check_glossary(checker, glossary)
    everyone = list(all_roles) + _partner_ids(org, checker.docs.get("organization.yaml"))
    if org is not None:
        checker.check_organization(org, all_roles)
    for role_id, role in roles.items():
        checker.check_role(role_id, role, everyone, all_sops)
    for form_id, form in forms.items():
        checker.check_form(form_id, form, everyone)
    cycle = handbook.review_cycle_months if handbook is not None else 12
    for sop_id, sop in sops.items():
        checker.check_sop(sop_id, sop, everyone, all_forms, all_sops, commitments, cycle)

    search_words = found[aliases.FILE]
    omitted = {o.id for o in company.estates[estate_id].procedures.omitted} \
        if company is not None and estate_id in company.estates else set()
    estate_file = company.estates.get(estate_id) if company is not None and estate_id is not None else None
    estate_rel = f"{ESTATES_DIR}/{estate_id}/{ESTATE_FILE}"
    estate_words = aliases.SearchWords(aliases=estate_file.search_aliases) if estate_file is not None else None
    if (search_words is not None and aliases.FILE in checker.docs) or (
            estate_words is not None and estate_words.aliases and estate_rel in checker.docs):
        texts = [model_text(v) for v in (handbook, org, commitments_file, glossary) if v is not None]
        texts += [model_text(v) for v in (*roles.values(), *forms.values(), *sops.values())]
        sop_texts = {k: model_text(v) for k, v in sops.items()}
        if search_words is not None and aliases.FILE in checker.docs:
            checker.problems.extend(alias_problems(  # a procedure the estate omits is the standard's still
                checker.docs[aliases.FILE], search_words, [*all_sops, *omitted], sop_texts, "\n".join(texts),
                role_ids=standard_roles | set(roles), form_ids=standard_forms | set(forms),
            ))
        if estate_words is not None and estate_words.aliases and estate_rel in checker.docs:
            # The estate's own aliases: checked like the standard's, against the estate's handbook.
            checker.problems.extend(alias_problems(
                checker.docs[estate_rel], estate_words, all_sops, sop_texts, "\n".join(texts),
                key="search_aliases", taken=leads_of(search_words) if search_words is not None else None,
            ))
    ordered_sops = _check_parts(checker, handbook, sops, all_sops) if handbook is not None else {}

    manual = None
    if handbook is not None and org is not None and commitments_file is not None and glossary is not None:
        manual = Manual(
            data_dir=data_dir, handbook=handbook, organization=org, commitments=commitments,
            glossary=glossary, roles=_roles_in_organization_order(org, roles), sops=ordered_sops,
            forms=order_forms(forms, ordered_sops.values()), docs=checker.docs, sources=checker.sources,
            checked_on=checker.today, company=company, estate_id=estate_id,
            aliases=[a for a in (search_words.aliases if search_words is not None else []) if a.procedure not in omitted]
            + (list(estate_words.aliases) if estate_words is not None else []),  # the estate's are its own
        )
        checker.check_placeholders(manual.lookup)
        checker.problems.extend(revision_problems(manual) + limit_problems(manual))
        if not any(p.severity == "error" for p in checker.problems):  # gaps of broken data are noise
            checker.problems.extend(coverage_problems(manual))
    role_titles = {role.title: role_id for role_id, role in roles.items()}
    if org is not None:
        role_titles.update({partner.title: partner.id for partner in org.partners})
    problems = sorted({_title_for_id(p, role_titles) for p in checker.problems})
    if any(p.severity == "error" for p in problems):
        return None, problems
    return manual, problems


def _unique_commitments(checker: Checker, commitments_file: Any) -> dict[str, Any]:
    """The commitments by id; a repeated id is an error (the first one counts)."""
    commitments: dict[str, Any] = {}
    if commitments_file is not None:
        for i, c in enumerate(commitments_file.commitments):
            if c.id in commitments:
                checker.at("commitments.yaml", ("commitments", i, "id"), f"重复的承诺 id '{c.id}'")
            commitments.setdefault(c.id, c)
    return commitments


def _check_glossary(checker: Checker, glossary: Glossary) -> None:
    terms: set[str] = set()
    for i, term in enumerate(glossary.terms):
        if term.term in terms:
            checker.at("glossary.yaml", ("terms", i, "term"), f"术语 '{term.term}' 重复", "合并为一条")
        terms.add(term.term)


def _check_parts(checker: Checker, handbook: Handbook, sops: dict[str, Sop],
                 all_sops: dict[str, Any]) -> dict[str, Sop]:
    """Check the parts of handbook.yaml; return the valid procedures in the order it lists them."""
    ordered_sops: dict[str, Sop] = {}
    listed: dict[str, tuple[str | int, ...]] = {}  # procedure id -> where handbook.yaml lists it
    for p, part in enumerate(handbook.parts):
        _check_part_shape(checker, p, part)
        places: list[tuple[tuple[str | int, ...], str]] = [
            (("parts", p, "procedures", i), s) for i, s in enumerate(part.procedures)]
        places += [(("parts", p, "groups", g, "procedures", i), s)
                   for g, group in enumerate(part.groups) for i, s in enumerate(group.procedures)]
        for where, sop_id in places:
            if sop_id in listed:
                checker.at("handbook.yaml", where, f"程序 '{sop_id}' 重复列出")
            elif checker.ref("handbook.yaml", where, sop_id, all_sops, "程序"):
                listed[sop_id] = where
                if sop_id in sops:
                    ordered_sops[sop_id] = sops[sop_id]
    kinds = [part.kind for part in handbook.parts]
    for kind in ("organization", "procedures"):
        if kinds.count(kind) != 1:
            checker.at("handbook.yaml", ("parts",), f"parts 中 kind: {kind} 应恰好出现一次")
    for sop_id in all_sops:
        if sop_id not in listed:
            checker.whole_file(f"sops/{sop_id}", f"程序 '{sop_id}' 没有列入 handbook.yaml 的程序顺序",
                               "在 handbook.yaml 中 kind: procedures 部分的 procedures 列表（或某个分组）里加上 " + sop_id)
    return ordered_sops


def _check_part_shape(checker: Checker, p: int, part: Any) -> None:
    """Only the procedures part lists procedures, in a list or in groups but not both."""
    if part.kind != "procedures" and part.procedures:
        checker.at("handbook.yaml", ("parts", p, "procedures"), "只有 kind: procedures 的部分可以列程序")
    if part.kind != "procedures" and part.groups:
        checker.at("handbook.yaml", ("parts", p, "groups"), "只有 kind: procedures 的部分可以分组", key=True)
    if part.procedures and part.groups:
        checker.at("handbook.yaml", ("parts", p, "groups"), "procedures 与 groups 只能写一个",
                   "程序不多时直接列在 procedures 下；要分组时把它们全部移到 groups 的各组里", key=True)
    titles: set[str] = set()
    for g, group in enumerate(part.groups):
        if group.title in titles:
            checker.at("handbook.yaml", ("parts", p, "groups", g, "title"), f"分组标题 '{shown(group.title)}' 重复")
        titles.add(group.title)


def _roles_in_organization_order(org: Organization, roles: dict[str, Role]) -> dict[str, Role]:
    return {pos.role: roles[pos.role] for unit in org.units for pos in unit.positions if pos.role in roles}

