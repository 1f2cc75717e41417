"""偏离标准一览: where an estate departs from the company standard, and why.

Two forms: a page of each estate's handbook (that estate's departures only, so that a handbook
never names another estate), and the company site's page and index (every estate), written as
standalone HTML from the core's autoescaped template ``templates/company.html``
(``company_pages``). No data value reaches either unescaped: the estate page is built from
:class:`~handbook.render.markup.Md` pieces, in which every plain string is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from handbook.data.aliases import Alias
from handbook.data.estates import ESTATE_FILE, ESTATES_DIR, Company, EstateFile
from handbook.data.timelimit import parse_time_limit
from handbook.manual.manual import Manual
from collections.abc import Iterator

from handbook.render import urls
from handbook.render.fragments import appendix_nav
from handbook.render.markup import Md, inline, table
from handbook.render.spec import PageSpec, SiteOptions
from handbook.render.templating import render

TITLE = "偏离标准一览"


@dataclass(frozen=True)
class Row:
    kind: str  # 服务承诺, 替换程序, 增加程序, 不采用程序
    what: str
    change: str
    reason: str
    date: str
    sop_id: str | None = None  # the procedure it concerns, which has a page in the estate's handbook

    @property
    def link(self) -> str | None:
        """The procedure's page as served, relative to the estate's handbook's root (company site)."""
        return urls.served(urls.sop(self.sop_id)) if self.sop_id else None


def departures(company: Company, estate_id: str) -> list[Row]:
    """Every departure of one estate, in the order the report lists them."""
    ef = company.estates[estate_id]
    own = company.estate_titles.get(estate_id, {})
    rows: list[Row] = []
    for c in ef.commitments:
        std = company.commitments.get(c.id)
        floor = parse_time_limit(std.time_limit).label if std is not None and std.time_limit else "—"
        title = std.title if std is not None else c.id
        rows.append(Row("更严的服务承诺", title, f"公司标准 {floor} → 本项目 {parse_time_limit(c.time_limit).label}",
                        c.reason, c.date.isoformat()))
    p = ef.procedures
    for r in p.replaced:
        title = own.get(r.id) or company.titles.get(r.id, r.id)
        rows.append(Row("替换的程序", title, "以本项目的文本代替公司标准", r.reason, r.date.isoformat(), r.id))
    for a in p.added:
        after = company.titles.get(a.after, a.after) if a.after else None
        where = f"排在《{after}》之后" if after else "排在最后"
        rows.append(Row("增加的程序", own.get(a.id, a.id), f"本项目独有，{where}", a.reason, a.date.isoformat(), a.id))
    for o in p.omitted:
        rows.append(Row("不采用的程序", company.titles.get(o.id, o.id), "本项目手册中没有这个程序", o.reason, o.date.isoformat()))
    return rows


def _alias_target(manual: Manual, alias: Alias) -> Md:
    """Where one of the estate's search aliases leads, as the page says it."""
    parts = []
    if alias.procedure is not None:
        sop = manual.sops.get(alias.procedure)
        parts.append(Md("程序《{}》").format(sop.title if sop is not None else alias.procedure))
    if alias.written is not None:
        parts.append(Md("手册用词“{}”").format(alias.written))
    return Md("指向 ") + Md("、").join(parts)


def _other_changes(manual: Manual, ef: EstateFile) -> list[list[str | Md]]:
    rows: list[list[str | Md]] = [["岗位编制", Md("{}：{} 人").format(manual.role_title(h.role), str(h.headcount)),
                                   inline(h.rule or "")] for h in ef.headcounts if h.role in manual.roles]
    rows += [["增加的术语", inline(t.term), inline(t.meaning)] for t in ef.glossary]
    rows += [["搜索别名", Md("、").join(a.said), _alias_target(manual, a)] for a in ef.search_aliases]
    return rows


def deviation_page(manual: Manual) -> Md:
    """The page of one estate's handbook: its own departures only."""
    company, estate_id = manual.company, manual.estate_id
    assert company is not None and estate_id is not None
    ef = company.estates[estate_id]
    rows = departures(company, estate_id)
    body = [
        Md("本手册以公司标准（版号/改次 {}，{} 生效）为基础，只在下表所列之处偏离标准，每一处都写明了理由和日期。"
           "共 {} 处偏离。服务承诺以公司标准为下限，项目只能更严；检查器会拒绝任何放宽。\n").format(
            company.standard_revision, company.standard_date.isoformat(), str(len(rows))),
    ]
    if rows:
        body.append(table(
            ["类别", "内容", "变化", "理由", "日期"],
            [[r.kind, urls.link(inline(r.what), urls.sop(r.sop_id)) if r.sop_id else inline(r.what),
              inline(r.change), inline(r.reason), r.date] for r in rows],
        ))
    else:
        body.append(Md("本项目完全采用公司标准，没有偏离。\n"))
    other = _other_changes(manual, ef)
    if other:
        body.append(Md("\n## 其他项目数据\n\n岗位编制、增加的术语和搜索别名不改变公司标准的程序，列在这里备查。\n"))
        body.append(table(["类别", "内容", "说明"], other))
    if ef.examples:
        body.append(Md("\n!!! warning \"示例数据\"\n    以下数据是编写时填写的示例值，正式发布前须换成本项目的真实数据：")
                    + Md("、").join(ef.examples) + Md("\n"))
    return Md("\n").join(body) + Md("\n")


def pages(manual: Manual, options: SiteOptions) -> Iterator[PageSpec]:
    if manual.company is not None and manual.estate_id is not None:  # a handbook of one of the company's estates
        yield PageSpec(urls.DEVIATIONS, TITLE, "appendix", lambda: deviation_page(manual),
                       nav=appendix_nav(manual), source=f"{ESTATES_DIR}/{manual.estate_id}/{ESTATE_FILE}")


# --------------------------------------------------------------------------- the company site

def company_pages(company: Company, today: date, title: str = "客户服务中心操作手册") -> dict[str, str]:
    """``index.html`` (every estate with its revision and status) and ``deviations.html``."""
    summaries = company.summaries(today)
    rows = {estate_id: departures(company, estate_id) for estate_id in company.estates}
    common = {"company": company, "today": today, "summaries": summaries, "rows_by_estate": rows}
    return {
        "index.html": str(render("company.html", page="index", title=f"{title} · 各项目", **common)),
        "deviations.html": str(render("company.html", page="deviations", title=f"{TITLE} · 各项目", **common)),
    }
