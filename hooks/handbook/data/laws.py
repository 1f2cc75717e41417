"""The register of laws and other requirements (法律法规及其他要求清单): ``procedures/laws.yaml``.

Each entry is one law, regulation, standard or named document the handbook relies on: its full
title as written inside 《》, its short title and other spellings, kind, issuer, dates, status
(现行 / 已修订 / 已废止, with the entry that takes its place), when it was last reviewed and where
it was verified, and the articles relied on, each said in one line of our own words. An estate
may add its local rules in ``estates/<id>/laws.yaml``; they join the register of its handbook only.

Text cites the register three ways, all read here:

- free text: ``《民法典》第九百四十五条第二款`` (Chinese or Arabic numerals; lists such as
  第十二条、第十三条 and ranges such as 第九百四十六条至第九百五十条), found by :func:`find_citations`;
- a placeholder: ``{{law.civil-code:944}}`` (or ``{{law.civil-code}}`` for the title alone), which
  renders as 《民法典》第九百四十四条 (:func:`placeholder_entries`);
- ``basis: [civil-code:944, fire-law]`` on steps and key points (:data:`LawRef`).

An article is written ``944``; its second clause (第二款) ``944-2``. A citation names an article
of the register exactly as the register lists it (a clause is its own entry).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from handbook.data.fields import Id, IsoDate, Strict, Text
from handbook.data.numerals import cn_number, parse_number

FILE = "laws.yaml"
ARTICLE_PATTERN = r"^[1-9][0-9]*(?:-[1-9][0-9]*)?$"
LAW_REF_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*(?::[1-9][0-9]*(?:-[1-9][0-9]*)?)?$"
#: Laws of the People's Republic are cited without this prefix as often as with it.
COUNTRY = "中华人民共和国"

LawKind = Literal["law", "regulation", "rule", "local-regulation", "local-rule", "interpretation", "normative",
                  "standard", "document"]
KIND_LABEL: dict[str, str] = {
    "law": "法律", "regulation": "行政法规", "rule": "部门规章", "local-regulation": "地方性法规",
    "local-rule": "地方政府规章", "interpretation": "司法解释", "normative": "规范性文件", "standard": "标准",
    "document": "文件",
}
LawStatus = Literal["in-force", "amended", "repealed"]
STATUS_LABEL: dict[str, str] = {"in-force": "现行", "amended": "已修订", "repealed": "已废止"}

ArticleNo = Annotated[str, StringConstraints(pattern=ARTICLE_PATTERN), Field(
    description="条号：阿拉伯数字，如 \"944\"；某一款写作 \"945-2\"（第九百四十五条第二款）；要加引号",
    examples=["944", "945-2"],
)]
LawRef = Annotated[str, StringConstraints(pattern=LAW_REF_PATTERN), Field(
    description="法规清单（laws.yaml）中的 id，可加条号：civil-code:944、civil-code:945-2，或只写 fire-law",
    examples=["civil-code:944", "fire-law"],
)]


class Verified(Strict):
    source: Text = Field(description="在哪里核对过原文：网址或出版物")
    date: IsoDate = Field(description="核对的日期")


class Article(Strict):
    no: ArticleNo
    says: Text = Field(description="这一条说什么：用自己的话写一句")
    verified: Verified | None = Field(default=None, description="核对过原文时写来源和日期；不写即未核对，正文不能按条号引用")


class Law(Strict):
    id: Id
    title: Text = Field(description="全称，即书名号《》内的写法，如 中华人民共和国民法典")
    short: Text | None = Field(default=None, description="简称，如 民法典；正文可以用它引用，占位符显示它")
    also: list[Text] = Field(default_factory=list, description="正文中出现的其他写法")
    kind: LawKind = Field(description=(
        "类别：law 法律、regulation 行政法规、rule 部门规章、local-regulation 地方性法规、local-rule 地方政府规章、"
        "interpretation 司法解释、normative 规范性文件、standard 标准、document 合同证书等具名文件"))
    issuer: Text = Field(description="制定或发布机关")
    number: Text | None = Field(default=None, description="文号，如 中华人民共和国主席令第四十五号")
    effective: IsoDate | None = Field(default=None, description="施行日期（不详时写 null）")
    amended: IsoDate | None = Field(default=None, description="最近一次修改的日期")
    status: LawStatus = Field(description="效力：in-force 现行、amended 已修订（登记的是旧文本）、repealed 已废止")
    superseded_by: Id | None = Field(default=None, description="已修订或已废止时，取代它的条目 id")
    verified: Verified | None = Field(default=None, description="核对过原文时写来源和日期；不写即未核对")
    reviewed: IsoDate = Field(description="最近一次复核本条的日期：每 12 个月至少复核一次")
    articles: list[Article] = Field(default_factory=list, description="手册依据的条款")

    @model_validator(mode="after")
    def _successor_only_when_superseded(self) -> "Law":
        if self.superseded_by is not None and self.status == "in-force":
            raise ValueError("现行（in-force）的条目不写 superseded_by：只有已修订或已废止的条目才有取代它的条目")
        return self

    @property
    def name(self) -> str:
        """How the handbook names it in 《》: the short title, else the full title."""
        return self.short or self.title

    def names(self) -> list[str]:
        """Every spelling text may cite it by: title, short title, other spellings, and the title
        without 中华人民共和国."""
        found = [self.title, *([self.short] if self.short else []), *self.also]
        if self.title.startswith(COUNTRY) and len(self.title) > len(COUNTRY):
            found.append(self.title[len(COUNTRY):])
        return list(dict.fromkeys(found))

    def article(self, no: str) -> Article | None:
        return next((a for a in self.articles if a.no == no), None)


class Laws(Strict):
    laws: list[Law] = Field(min_length=1, description="法律法规及其他要求清单：手册依据的每部法律、法规、标准和具名文件")


# --------------------------------------------------------------------------- the register of a handbook


@dataclass(frozen=True)
class Entry:
    """One law of the register, and where it is written (``laws.yaml`` or an estate's)."""

    law: Law
    rel: str  # the file, by its path in the data folder
    index: int  # its place in the file's ``laws``


@dataclass(frozen=True)
class Register:
    """The register of one handbook: the standard's entries, then the estate's own. ``exists``
    says whether a register file was read at all (the 《》 rule applies only then)."""

    entries: tuple[Entry, ...] = ()
    exists: bool = False

    @property
    def laws(self) -> dict[str, Law]:
        """By id; the first entry of an id counts."""
        found: dict[str, Law] = {}
        for e in self.entries:
            found.setdefault(e.law.id, e.law)
        return found

    def by_name(self) -> dict[str, str]:
        """Every spelling of every entry -> its id (the first entry with a spelling counts)."""
        found: dict[str, str] = {}
        for e in self.entries:
            for name in e.law.names():
                found.setdefault(name, e.law.id)
        return found


def register(files: list[tuple[str, Laws | None]]) -> Register:
    """The register of the files ``(path in the data folder, validated file or None)``, in order."""
    entries = tuple(Entry(law, rel, i) for rel, laws in files if laws is not None for i, law in enumerate(laws.laws))
    return Register(entries, any(laws is not None for _, laws in files))


def article_text(no: str) -> str:
    """``945-2`` as a statute writes it: 第九百四十五条第二款."""
    article, _, clause = no.partition("-")
    return f"第{cn_number(int(article))}条" + (f"第{cn_number(int(clause))}款" if clause else "")


def cited(law: Law, no: str | None = None) -> str:
    """《民法典》, or 《民法典》第九百四十四条."""
    return f"《{law.name}》" + (article_text(no) if no else "")


def placeholder_entries(reg: Register) -> dict[tuple[str, str], str]:
    """What ``{{law.<id>}}`` and ``{{law.<id>:<no>}}`` stand for: each entry and each article it lists."""
    table: dict[tuple[str, str], str] = {}
    for law in reg.laws.values():
        table[("law", law.id)] = cited(law)
        for a in law.articles:
            table.setdefault(("law", f"{law.id}:{a.no}"), cited(law, a.no))
    return table


def split_ref(ref: str) -> tuple[str, str | None]:
    """``civil-code:944`` -> ("civil-code", "944"); ``fire-law`` -> ("fire-law", None)."""
    law_id, _, no = ref.partition(":")
    return law_id, no or None


# --------------------------------------------------------------------------- citations in free text

_NUM = "[零〇一二两三四五六七八九十百千0-9０-９]+"
_ARTICLE = re.compile(rf"\s*第\s*({_NUM})\s*条(?:\s*第\s*({_NUM})\s*款)?")
_CLAUSE = re.compile(rf"\s*第\s*({_NUM})\s*款")
_JOIN = re.compile(r"\s*(、|，|,|和|及|以及|与|或|至|到|—|－|-|~|～)\s*")
_TITLE = re.compile(r"《([^《》\n]{1,80})》")
RANGE_MAX = 200  # 第一条至第九千条 cites its two ends, not nine thousand articles


@dataclass(frozen=True)
class Citation:
    """A title in 《》 in free text and the articles cited right after it (``945-2`` style)."""

    title: str
    articles: tuple[str, ...]
    start: int  # where 《 is in the text
    end: int
    bad: tuple[str, ...] = field(default=())  # article numbers that are no number (第九九条)

    def written(self, text: str) -> str:
        return text[self.start:self.end]


def _number(text: str) -> int | None:
    return parse_number(text.translate(str.maketrans("０１２３４５６７８９", "0123456789")))


def find_citations(text: str) -> list[Citation]:
    """Every 《title》 in ``text``, with the articles cited right after it."""
    return [_citation(text, m) for m in _TITLE.finditer(text)]


_RANGE = ("至", "到", "—", "－", "-", "~", "～")


def _citation(text: str, title: re.Match[str]) -> Citation:
    articles: list[str] = []
    bad: list[str] = []
    at, joiner = title.end(), ""
    last: int | None = None  # the article cited last, for 第二款 or a range after it
    while True:
        whole = _ARTICLE.match(text, at)
        clause = _CLAUSE.match(text, at) if whole is None and last is not None and joiner not in _RANGE else None
        if whole is not None:
            n = _number(whole.group(1))
            k = _number(whole.group(2)) if whole.group(2) else None
            if n is None or (whole.group(2) and k is None):
                bad.append(whole.group(0).strip())
                last = None
            else:
                if joiner in _RANGE and last is not None and k is None and last < n <= last + RANGE_MAX:
                    articles += [str(i) for i in range(last + 1, n)]
                articles.append(f"{n}-{k}" if k else str(n))
                last = n
            at = whole.end()
        elif clause is not None and last is not None:
            k = _number(clause.group(1))
            if k is None:
                bad.append(clause.group(0).strip())
            else:
                articles.append(f"{last}-{k}")
            at = clause.end()
        else:
            break
        join = _JOIN.match(text, at)
        if join is None or not (_ARTICLE.match(text, join.end()) or (last is not None and _CLAUSE.match(text, join.end()))):
            break
        joiner, at = join.group(1), join.end()
    end = at if articles or bad else title.end()
    return Citation(title.group(1), tuple(dict.fromkeys(articles)), title.start(), end, tuple(bad))
