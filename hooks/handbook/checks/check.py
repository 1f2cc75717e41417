"""Checking the whole data folder: read it, lay the estate over the standard, run every rule.

``check(data_dir)`` never raises for bad data and never writes. It returns the :class:`Manual`
when there are no errors (warnings allowed), and every problem found, so the command line and the
MkDocs hook can report them all at once. The steps:

1. ``checks.reading``: every file read, parsed and validated (problems of files that cannot be);
2. ``checks.estates``: the estates read, the chosen one laid over the standard (a pure overlay);
3. the manual assembled from what is valid;
4. ``checks.rules``: every rule run on one :class:`~handbook.checks.context.CheckContext`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from handbook.checks.context import CheckContext
from handbook.checks.estates import estate_ids, handbook_files, read_estates
from handbook.checks.reading import Reader
from handbook.data.problems import display_path
from handbook.checks.rules import RULES, RULES_ON_CLEAN_DATA, run
from handbook.checks.rules.parts import listed_procedures
from handbook.data.estates import overlay_sources
from handbook.data.model import Organization, Role
from handbook.data.problems import Problem, errors
from handbook.data.read import recording
from handbook.data.reads import TrackedDict
from handbook.data.rules import order_forms
from handbook.manual import fingerprint
from handbook.manual.manual import Manual


def check(data_dir: Path | str, today: date | None = None,
          estate: str | None = None) -> tuple[Manual | None, list[Problem]]:
    """Load and check everything under ``data_dir``; return the manual (if no errors) and problems.
    With estates (``estates/<id>/``), the manual is that of ``estate`` (default: the first)."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return None, [Problem(display_path(data_dir), 0, 0, "找不到数据目录", "检查路径；默认是 procedures/", code="file.no-data")]
    inner = data_dir / "procedures"
    if not (data_dir / "handbook.yaml").exists() and (inner / "handbook.yaml").is_file():
        return None, [Problem(
            display_path(data_dir), 0, 0, "这里不是数据目录（没有 handbook.yaml），像是仓库的根目录",
            f"数据在 procedures/ 中：handbook check {display_path(inner)}", code="file.no-data",
        )]
    day = today or date.today()
    with recording() as reads:
        ctx, reading = examine(data_dir, day, estate)
    problems = reading + run(RULES, ctx)
    if not errors(problems):  # gaps of broken data are noise
        problems += run(RULES_ON_CLEAN_DATA, ctx)
    problems = sorted({_title_for_id(p, ctx) for p in problems})
    if errors(problems):
        return None, problems
    if ctx.manual is not None:  # made from these bytes alone: whoever renders it may remember by them
        fingerprint.register(ctx.manual, fingerprint.of_reads(reads, data_dir, day, estate))
    return ctx.manual, problems


def examine(data_dir: Path, today: date, estate: str | None = None) -> tuple[CheckContext, list[Problem]]:
    """What the rules are given for the handbook of ``estate``, and the problems of reading it."""
    reader = Reader(data_dir, today)
    standard = reader.read_all()
    estates = read_estates(reader, standard, estate)
    files, overlay = handbook_files(standard, estates)
    docs, sources = reader.docs, reader.sources
    if overlay is not None and estates.chosen is not None:
        docs, sources = overlay_sources(docs, sources, data_dir, estates.chosen, overlay)
    ctx = CheckContext(data_dir=data_dir, today=today, files=files, standard=standard, estates=estates,
                       overlay=overlay, docs=docs, read_docs=reader.docs, sources=sources)
    return replace(ctx, manual=_manual(ctx)), reader.problems


def check_all(data_dir: Path, estate: str | None = None) -> tuple[list[Manual], list[Problem]]:
    """Check the standard and every estate (or only ``estate``): the manuals that passed, and
    every problem once. A one-estate handbook is checked as it always was."""
    ids: list[str | None] = [estate] if estate is not None else [*estate_ids(data_dir)] or [None]
    manuals, problems = [], set()
    for estate_id in ids:
        manual, found = check(data_dir, estate=estate_id)
        problems.update(found)
        if manual is not None:
            manuals.append(manual)
    return manuals, sorted(problems)


def _manual(ctx: CheckContext) -> Manual | None:
    """The manual of what is valid, when the files it cannot do without are."""
    files, estates = ctx.files, ctx.estates
    if files.handbook is None or files.organization is None or files.commitments is None or files.glossary is None:
        return None
    ordered = {s: sop for _, s in listed_procedures(files.handbook) if (sop := ctx.sops.get(s)) is not None}
    omitted = set(ctx.overlay.omitted) if ctx.overlay is not None else set()
    standard_aliases = files.search.aliases if files.search is not None else []
    own_aliases = estates.file.search_aliases if estates.file is not None else []
    # the dict fields note which entries a page reads (handbook.data.reads): a page is reused
    # while those entries are unchanged
    return Manual(
        data_dir=ctx.data_dir, handbook=files.handbook, organization=files.organization,
        commitments=TrackedDict("commitments", ctx.commitments), glossary=files.glossary,
        roles=TrackedDict("roles", _in_organization_order(files.organization, ctx.roles)),
        sops=TrackedDict("sops", ordered), forms=TrackedDict("forms", order_forms(ctx.forms, ordered.values())),
        docs=TrackedDict("docs", ctx.docs), sources=TrackedDict("sources", ctx.sources),
        checked_on=ctx.today, company=estates.company, estate_id=estates.chosen, laws=ctx.register,
        aliases=[a for a in standard_aliases if a.procedure not in omitted] + list(own_aliases),  # the estate's are its own
    )


def _in_organization_order(org: Organization, roles: dict[str, Role]) -> dict[str, Role]:
    return {pos.role: roles[pos.role] for unit in org.units for pos in unit.positions if pos.role in roles}


def _title_for_id(problem: Problem, ctx: CheckContext) -> Problem:
    """An invalid id that is a role's title (``role: 客服主管``) gets that role's id as the hint."""
    if problem.code != "id.invalid" or problem.subject is None:
        return problem
    titles = {role.title: role_id for role_id, role in ctx.roles.items()}
    if ctx.files.organization is not None:
        titles.update({partner.title: partner.id for partner in ctx.files.organization.partners})
    title = problem.subject
    if title not in titles:
        return problem
    return replace(problem, hint=f"'{title}' 是岗位名称，这里要写岗位的 id：是否想写 '{titles[title]}'？")

