"""An estate's departures and the leftovers that copied manuals carry, each located with a hint:

- an override that refers to nothing in the standard (procedure, commitment, role, term), a
  replacement without its file, an own file not declared, an omitted procedure others hand off to;
- a commitment looser than the company's floor (an equal one: a warning);
- the estate's revision without its own history, or its own history without its revision;
- the standard typing an estate's own value (name, office, hotline) instead of the placeholder,
  and an estate's files naming another estate.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from handbook.checks.context import CheckContext, Where
from handbook.data.problems import display_path
from handbook.data.document import Document
from handbook.data.estates import ESTATES_DIR, Mark, estate_sop_path, marks
from handbook.data.problems import Problem
from handbook.data.timelimit import parse_time_limit
from handbook.data.validate import closest
from handbook.data.walk import strings


def handbook_values(ctx: CheckContext) -> Iterator[Problem]:
    """A one-estate handbook writes the estate's values in handbook.yaml itself."""
    if ctx.estates.chosen is None and ctx.standard.standard is not None and ctx.files.handbook is None:
        yield ctx.at("handbook.yaml", (), "缺少项目信息（estate、company、prepared_by、document_number、approver）",
                     "在 estates/<项目 id>/estate.yaml 中填写并在 handbook.yaml 中列出 estates；单项目手册也可以直接写在 handbook.yaml", code="estate.values-missing")


def procedures(ctx: CheckContext) -> Iterator[Problem]:
    ef, estate_id = ctx.estates.file, ctx.estates.chosen
    if ef is None or estate_id is None:
        return
    rel, standard, own = ctx.estates.rel, ctx.standard.sops, ctx.estates.own_sops
    p = ef.procedures
    for i, item in enumerate(p.replaced):
        where: Where = ("procedures", "replaced", i, "id")
        if not (found := _not_in_standard(ctx, where, item.id, standard, "程序")) and item.id not in own:
            yield ctx.at(rel, where, f"替换程序 '{item.id}' 缺少替换文本",
                         f"新建 {ESTATES_DIR}/{estate_id}/sops/{item.id}.yaml（可从 sops/{item.id}.yaml 复制后修改）", code="estate.no-replacement")
        yield from found
    replaced = {r.id for r in p.replaced}
    for i, gone in enumerate(p.omitted):
        where = ("procedures", "omitted", i, "id")
        if found := _not_in_standard(ctx, where, gone.id, standard, "程序"):
            yield from found
        elif gone.id in replaced:
            yield ctx.at(rel, where, f"程序 '{gone.id}' 既替换又不采用", "二者只能写一个", code="estate.conflict")
        else:
            for sop_id, sop in ctx.sops.items():
                if any(s.handoff == gone.id or (s.decision and any(b.handoff == gone.id for b in s.decision.branches))
                       for s in sop.steps):
                    yield ctx.at(rel, where, f"不采用程序 '{gone.id}'，但程序 '{sop_id}' 的步骤会转入它",
                                 f"同时替换 '{sop_id}'（procedures.replaced），在替换文本中改掉这个转入", code="estate.handoff-to-omitted")
    for i, new in enumerate(p.added):
        where = ("procedures", "added", i, "id")
        if new.id in standard:
            yield ctx.at(rel, where, f"程序 '{new.id}' 在公司标准中已有",
                         "要改写公司标准的程序，写在 procedures.replaced 下；独有程序换一个 id", code="estate.added-exists")
            continue
        if new.after is not None:
            yield from _not_in_standard(ctx, ("procedures", "added", i, "after"), new.after, standard, "程序")
        if new.id not in own:
            yield ctx.at(rel, where, f"独有程序 '{new.id}' 缺少程序文件", f"新建 {ESTATES_DIR}/{estate_id}/sops/{new.id}.yaml", code="estate.no-file")
    declared = ctx.overlay.declared if ctx.overlay is not None else frozenset()
    for sop_id in own:
        if sop_id not in declared:
            yield Problem(
                display_path(estate_sop_path(ctx.data_dir, estate_id, sop_id)), 1, 1,
                f"程序文件 '{sop_id}' 没有在 estate.yaml 中声明",
                "在 estate.yaml 的 procedures.added（独有程序）或 procedures.replaced（替换公司标准）下写明它和理由", code="estate.undeclared",
            )


def commitments(ctx: CheckContext) -> Iterator[Problem]:
    """Stricter only: the standard's commitments are the company's floor."""
    ef, standard = ctx.estates.file, ctx.standard.commitments
    if ef is None or standard is None:
        return
    rel, floors = ctx.estates.rel, {c.id: c for c in standard.commitments}
    for i, c in enumerate(ef.commitments):
        where: Where = ("commitments", i)
        if found := _not_in_standard(ctx, where + ("id",), c.id, floors, "服务承诺"):
            yield from found
            continue
        floor = floors[c.id].time_limit
        if floor is None:
            yield ctx.at(rel, where + ("id",), f"公司标准的服务承诺 '{c.id}' 没有时限，项目不能给它定时限",
                         "删去这一条，或先在公司标准 commitments.yaml 中给它时限", code="estate.no-floor")
            continue
        ours, theirs = parse_time_limit(c.time_limit), parse_time_limit(floor)
        if ours.minutes > theirs.minutes:
            yield ctx.at(rel, where + ("time_limit",),
                         f"时限 {c.time_limit}（{ours.label}）比公司标准 {floor}（{theirs.label}）宽松",
                         "公司标准是下限：项目只能更严（更短）；确需放宽，须先修改公司标准", code="estate.looser")
        elif ours.minutes == theirs.minutes:
            yield ctx.at(rel, where + ("time_limit",), f"时限 {c.time_limit} 与公司标准相同，不是偏离",
                         "删去这一条", severity="warning", code="estate.same-limit")


def staffing_and_terms(ctx: CheckContext) -> Iterator[Problem]:
    """Headcounts of the standard's positions; glossary terms the standard does not have yet."""
    ef = ctx.estates.file
    if ef is None:
        return
    org, glossary = ctx.standard.organization, ctx.standard.glossary
    if org is not None:
        positions = {pos.role for unit in org.units for pos in unit.positions}
        for i, h in enumerate(ef.headcounts):
            yield from _not_in_standard(ctx, ("headcounts", i, "role"), h.role, positions, "岗位")
    if glossary is not None:
        terms = {t.term for t in glossary.terms}
        added: set[str] = set()
        for i, t in enumerate(ef.glossary):
            if t.term in terms:
                yield ctx.at(ctx.estates.rel, ("glossary", i, "term"), f"术语 '{t.term}' 公司标准中已有",
                             "项目只能增加术语；要改写释义，请修改公司标准 glossary.yaml", code="estate.term-exists")
            elif t.term in added:
                yield ctx.at(ctx.estates.rel, ("glossary", i, "term"), f"术语 '{t.term}' 重复", "合并为一条", code="list.duplicate")
            added.add(t.term)


def document_control(ctx: CheckContext) -> Iterator[Problem]:
    """An estate's handbook follows the standard's revision unless it keeps its own history."""
    ef, std, rel = ctx.estates.file, ctx.standard.standard, ctx.estates.rel
    if ef is None or std is None:
        return
    if ef.history:
        for key in ("revision", "effective_date"):
            if getattr(ef, key) is None:
                yield ctx.at(rel, ("history",), f"有本项目自己的修订记录（history），但没有写 {key}",
                             f"写上本项目手册的 {key}，与 history 中最新的一条一致", key=True, code="estate.history-without-revision")
        return
    if ef.revision is not None and ef.revision != std.revision:
        yield ctx.at(rel, ("revision",), f"版号 {ef.revision} 与公司标准的 {std.revision} 不同，但本项目没有自己的修订记录",
                     "删去 revision 以跟随公司标准，或在 history 中写本项目的修订记录", code="estate.revision-differs")
    if ef.effective_date is not None and ef.effective_date != std.effective_date:
        yield ctx.at(rel, ("effective_date",),
                     f"生效日期 {ef.effective_date.isoformat()} 与公司标准的 {std.effective_date.isoformat()} 不同，"
                     "但本项目没有自己的修订记录",
                     "删去 effective_date 以跟随公司标准，或在 history 中写本项目的修订记录", code="estate.date-differs")


def leftovers(ctx: CheckContext) -> Iterator[Problem]:
    """The standard must not carry any estate's values; the chosen estate's files no other estate's."""
    company, chosen = ctx.estates.company, ctx.estates.chosen
    if company is None:
        return
    everyone = {k: (ef.estate.name, marks(ef)) for k, ef in company.estates.items()}
    for rel, doc in ctx.read_docs.items():
        if not rel.startswith(ESTATES_DIR + "/"):
            for name, found in everyone.values():
                yield from _marks(doc, found, standard=True, estate_name=name)
        elif rel.startswith(f"{ESTATES_DIR}/{chosen}/"):
            for other, (name, found) in everyone.items():
                if other != chosen:
                    yield from _marks(doc, found, standard=False, estate_name=name)


def _not_in_standard(ctx: CheckContext, where: Where, value: str, known: Iterable[str], what: str) -> list[Problem]:
    """Nothing when ``value`` names something of the standard; else the problem, located."""
    known = list(known)
    if value in known:
        return []
    guess = closest(value, known)
    hint = ("是否想写 " + "、".join(f"'{g}'" for g in guess) + "？") if guess else f"公司标准的{what}才能被覆盖、替换或不采用"
    return [ctx.at(ctx.estates.rel, where, f"公司标准中没有{what} '{value}'", hint, code="estate.not-in-standard")]


def _marks(doc: Document, found: list[Mark], *, standard: bool, estate_name: str) -> Iterator[Problem]:
    for where, text in strings(doc.data):
        for mark in found:
            if mark.text not in text:
                continue
            if any(mark.text in longer.text and mark.text != longer.text and longer.text in text for longer in found):
                continue  # reported as the longer value (the office contains the name)
            line, column = doc.locate(where, mark.text)
            if standard:
                message = f"公司标准中写入了项目「{estate_name}」的{mark.what} '{mark.text}'"
                hint = f"公司标准对所有项目通用：改写为 {mark.placeholder}"
            else:
                message = f"出现了另一个项目「{estate_name}」的{mark.what} '{mark.text}'"
                hint = f"这是从别的项目抄来的遗留内容：改写为本项目的内容，或写成 {mark.placeholder}"
            yield Problem(doc.file, line, column, message, hint, code="estate.leftover" if standard else "estate.other-estate")
