"""The register of laws (laws.yaml, and an estate's own) and every citation of it.

- the register: ids and titles once each, each article once, a successor that exists, every entry
  reviewed within 12 months (a warning);
- text that cites the register: a title in 《》 the register lacks (only when a register is
  written: until then nothing is known), an article the register does not list for that law, an
  article cited by number whose entry is not verified (cite the law by name), and a law that is
  amended or repealed but still relied on (named with its successor). Citations are found in free
  text (《民法典》第九百四十五条第二款), in placeholders ({{law.civil-code:944}}) and in the ``basis``
  of steps and key points.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from handbook.checks.context import CheckContext, Where
from handbook.data.document import Document
from handbook.data.estates import ESTATES_DIR
from handbook.data.laws import FILE as LAWS_FILE, Law, Register, article_text, cited, find_citations, split_ref
from handbook.data.placeholders import find
from handbook.data.problems import Problem, shown
from handbook.data.validate import closest
from handbook.data.walk import strings
from handbook.manual.manual import add_months

REVIEW_MONTHS = 12


def register_entries(ctx: CheckContext) -> Iterator[Problem]:
    reg = ctx.register
    ids: dict[str, str] = {}  # id -> the file that has it
    names: dict[str, str] = {}  # spelling -> id
    for entry in reg.entries:
        law, doc, where = entry.law, ctx.docs[entry.rel], ("laws", entry.index)
        if law.id in ids:
            yield doc.problem(where + ("id",), f"法规 id '{law.id}' 重复（{ids[law.id]} 中已有）",
                              "每部法规只登记一次；项目的 laws.yaml 只增加公司标准没有的", code="law.duplicate-id")
            continue
        ids[law.id] = entry.rel
        for name in law.names():
            other = names.setdefault(name, law.id)
            if other != law.id:
                yield doc.problem(where + ("title",), f"《{shown(name)}》已是条目 '{other}' 的写法",
                                  "一个书名只能对应一个条目：删去重复的条目，或改正 title、short、also", code="law.duplicate-title")
        numbers: set[str] = set()
        for j, article in enumerate(law.articles):
            if article.no in numbers:
                yield doc.problem(where + ("articles", j, "no"), f"条号 {article.no} 重复", "每条只登记一次",
                                  code="list.duplicate")
            numbers.add(article.no)
        if law.superseded_by is not None and law.superseded_by == law.id:
            yield doc.problem(where + ("superseded_by",), "条目不能由自己取代", "写取代它的条目 id", code="ref.self")
        elif law.superseded_by is not None and law.superseded_by not in reg.laws:
            yield _unknown_id(doc, where + ("superseded_by",), law.superseded_by, reg)
        yield from _review(ctx, doc, where, law)


def citations(ctx: CheckContext) -> Iterator[Problem]:
    """Free-text citations and placeholders in every file of the handbook being checked."""
    reg, documents = ctx.register, _documents(ctx)
    by_name, registers = reg.by_name(), {e.rel for e in reg.entries} | {LAWS_FILE, ctx.estates.laws_rel}
    for rel, doc in ctx.docs.items():
        if rel.startswith(ESTATES_DIR + "/") and not rel.startswith(f"{ESTATES_DIR}/{ctx.estates.chosen}/"):
            continue  # another estate's file: its own handbook is checked with its own register
        if rel in registers:
            continue  # the register's own text (a source's web page title in 《》) cites nothing
        for path, text in strings(doc.data):
            for c in find_citations(text):
                written = c.written(text)
                line, column = doc.locate(path, written)
                law_id = by_name.get(c.title)
                if law_id is None:
                    if reg.exists and c.title not in documents:
                        yield _at(doc, line, column, *_unknown_title(c.title, by_name, documents))
                    continue
                law = reg.laws[law_id]
                for bad in c.bad:
                    yield _at(doc, line, column, f"{shown(written)} 中的条号“{shown(bad)}”无法识别",
                              "条号用中文数字或阿拉伯数字，如 第九百四十四条、第944条", "law.bad-article")
                yield from (_at(doc, line, column, *p) for p in _relied_on(law, c.articles, reg))
            for namespace, name, whole in find(text):
                if namespace != "law":
                    continue
                law_id, no = split_ref(name)
                line, column = doc.locate(path, whole)
                if law_id not in reg.laws:
                    yield _unknown_id(doc, path, law_id, reg, at=(line, column))
                    continue
                yield from (_at(doc, line, column, *p) for p in _relied_on(reg.laws[law_id], (no,) if no else (), reg))


def bases(ctx: CheckContext) -> Iterator[Problem]:
    """``basis`` of every step and key point names a law of the register, and an article it lists."""
    reg = ctx.register
    for sop_id, sop in ctx.sops.items():
        doc = ctx.docs[f"sops/{sop_id}.yaml"]
        places: list[tuple[Where, list[str]]] = [(("steps", i), s.basis) for i, s in enumerate(sop.steps)]
        places += [(("key_points", k), p.basis) for k, p in enumerate(sop.key_points)]
        for where, refs in places:
            for j, ref in enumerate(refs):
                law_id, no = split_ref(ref)
                if law_id not in reg.laws:
                    yield _unknown_id(doc, where + ("basis", j), law_id, reg)
                    continue
                line, column = doc.where(where + ("basis", j))
                yield from (_at(doc, line, column, *p) for p in _relied_on(reg.laws[law_id], (no,) if no else (), reg))


# --------------------------------------------------------------------------- what a citation may rely on

Found = tuple[str, str, str]  # message, hint, code


def _relied_on(law: Law, articles: tuple[str, ...], reg: Register) -> Iterator[Found]:
    """What is wrong with relying on ``law`` (and on ``articles`` of it)."""
    missing = [no for no in articles if law.article(no) is None]
    if missing:
        listed = "、".join(article_text(a.no) for a in law.articles[:8]) or "没有登记条款"
        yield (f"法规清单中《{shown(law.name)}》没有登记" + "、".join(article_text(no) for no in missing[:5])
               + ("等" if len(missing) > 5 else ""),
               f"已登记：{listed}。在 laws.yaml 的 {law.id} 下加上 articles（no 和 says），或只写法规名称",
               "law.unknown-article")
    unverified = [no for no in articles if (a := law.article(no)) is not None and a.verified is None]
    if unverified:
        yield (f"{cited(law, unverified[0])}" + ("等" if len(unverified) > 1 else "") + " 尚未核对原文，不能按条号引用",
               f"只写法规名称《{shown(law.name)}》；核对原文后在 laws.yaml 中给这一条写上 verified（来源和日期）",
               "law.unverified-article")
    if law.status != "in-force":
        successor = reg.laws.get(law.superseded_by) if law.superseded_by else None
        state = "已废止" if law.status == "repealed" else "已修订"
        if successor is not None:
            yield (f"《{shown(law.name)}》{state}，由《{shown(successor.name)}》取代，这里仍在引用它",
                   f"改为引用《{shown(successor.name)}》的相应条款（{successor.id}）", "law.superseded")
        else:
            yield (f"《{shown(law.name)}》{state}，这里仍在引用它",
                   "查明现行的规定，在 laws.yaml 中登记并在本条写 superseded_by，再改为引用它", "law.superseded")


def _review(ctx: CheckContext, doc: Document, where: Where, law: Law) -> Iterator[Problem]:
    due = add_months(law.reviewed, REVIEW_MONTHS)
    if due < ctx.today:
        yield doc.problem(where + ("reviewed",), f"《{shown(law.name)}》已超过 {REVIEW_MONTHS} 个月没有复核"
                          f"（最近 {law.reviewed.isoformat()}，应于 {due.isoformat()} 前复核）",
                          "核对它是否仍然有效、条款是否修改，然后更新 reviewed", severity="warning", code="law.review-due")
    if law.reviewed > ctx.today:
        yield doc.problem(where + ("reviewed",), f"复核日期 {law.reviewed.isoformat()} 晚于今天", "检查日期是否写错",
                          code="review.future")


def _documents(ctx: CheckContext) -> set[str]:
    """Titles in 《》 that are the handbook's own documents: its forms, procedures and itself."""
    titles = {f.title for f in ctx.forms.values()} | {s.title for s in ctx.sops.values()}
    titles |= {s.title for s in ctx.standard.sops.values() if s is not None}
    if ctx.files.handbook is not None:
        titles.add(ctx.files.handbook.title)
    return titles


def _unknown_title(title: str, by_name: Mapping[str, str], documents: set[str]) -> Found:
    guess = closest(title, [*by_name, *documents])
    hint = ("是否想写" + "、".join(f"《{g}》" for g in guess) + "？") if guess else \
        "在 laws.yaml 中登记它（书名号内的写法写在 title、short 或 also）；合同、证书等具名文件登记为 kind: document"
    return f"法规清单中没有《{shown(title)}》", hint, "law.unknown-title"


def _unknown_id(doc: Document, path: Where, law_id: str, reg: Register, at: tuple[int, int] | None = None) -> Problem:
    guess = closest(law_id, reg.laws)
    hint = ("是否想写 " + "、".join(f"'{g}'" for g in guess) + "？") if guess else \
        ("可用的 id：" + "、".join(list(reg.laws)[:30]) if reg.laws else "先在 laws.yaml 中登记这部法规")
    message = f"法规清单中没有 id '{shown(law_id)}'"
    if at is None:
        return doc.problem(path, message, hint, code="law.unknown", subject=law_id)
    return Problem(doc.file, at[0], at[1], message, hint, code="law.unknown", subject=law_id)


def _at(doc: Document, line: int, column: int, message: str, hint: str, code: str) -> Problem:
    return Problem(doc.file, line, column, message, hint, code=code)
