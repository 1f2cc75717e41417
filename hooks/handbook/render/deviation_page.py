"""偏离标准一览: where an estate departs from the company standard, and why.

Two forms: a page of each estate's handbook (that estate's departures only, so that a handbook
never names another estate), and the company site's page and index (every estate), written as
standalone HTML from an autoescaped Jinja2 template (``company_pages``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jinja2 import Environment

from handbook.data.estates import Company, EstateFile
from handbook.data.timelimit import parse_time_limit
from handbook.manual.manual import Manual
from handbook.render.markup import heading, inline, table

PAGE = "appendix/deviations.md"
TITLE = "偏离标准一览"


@dataclass(frozen=True)
class Row:
    kind: str  # 服务承诺, 替换程序, 增加程序, 不采用程序
    what: str
    change: str
    reason: str
    date: str
    link: str | None = None  # the procedure's page in the estate's handbook, relative to its root


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
        rows.append(Row("替换的程序", title, "以本项目的文本代替公司标准", r.reason, r.date.isoformat(), f"sops/{r.id}/"))
    for a in p.added:
        after = company.titles.get(a.after, a.after) if a.after else None
        where = f"排在《{after}》之后" if after else "排在最后"
        rows.append(Row("增加的程序", own.get(a.id, a.id), f"本项目独有，{where}", a.reason, a.date.isoformat(), f"sops/{a.id}/"))
    for o in p.omitted:
        rows.append(Row("不采用的程序", company.titles.get(o.id, o.id), "本项目手册中没有这个程序", o.reason, o.date.isoformat()))
    return rows


def _other_changes(manual: Manual, ef: EstateFile) -> list[list[str]]:
    rows = [["岗位编制", f"{inline(manual.role_title(h.role))}：{h.headcount} 人", inline(h.rule or "")]
            for h in ef.headcounts if h.role in manual.roles]
    rows += [["增加的术语", inline(t.term), inline(t.meaning)] for t in ef.glossary]
    rows += [["搜索别名", inline(a.word), f"指向 {inline(a.means)}"] for a in ef.search_aliases]
    return rows


def deviation_page(manual: Manual) -> str:
    """The page of one estate's handbook: its own departures only."""
    company, estate_id = manual.company, manual.estate_id
    assert company is not None and estate_id is not None
    ef = company.estates[estate_id]
    rows = departures(company, estate_id)
    body = [
        heading(TITLE),
        f"本手册以公司标准（版号/改次 {company.standard_revision}，{company.standard_date.isoformat()} 生效）为基础，"
        f"只在下表所列之处偏离标准，每一处都写明了理由和日期。共 {len(rows)} 处偏离。"
        "服务承诺以公司标准为下限，项目只能更严；检查器会拒绝任何放宽。\n",
    ]
    if rows:
        body.append(table(
            ["类别", "内容", "变化", "理由", "日期"],
            [[r.kind, f"[{inline(r.what)}](../{r.link[:-1]}.md)" if r.link else inline(r.what), inline(r.change),
              inline(r.reason), r.date] for r in rows],
        ))
    else:
        body.append("本项目完全采用公司标准，没有偏离。\n")
    other = _other_changes(manual, ef)
    if other:
        body.append("\n## 其他项目数据\n\n岗位编制、增加的术语和搜索别名不改变公司标准的程序，列在这里备查。\n")
        body.append(table(["类别", "内容", "说明"], other))
    if ef.examples:
        body.append("\n!!! warning \"示例数据\"\n    以下数据是编写时填写的示例值，正式发布前须换成本项目的真实数据："
                    + "、".join(inline(e) for e in ef.examples) + "\n")
    return "\n".join(body) + "\n"


# --------------------------------------------------------------------------- the company site

_ENV = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
_COMPANY = _ENV.from_string("""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body { font-family: system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0 2rem; }
th, td { border: 1px solid #bbb; padding: .4rem .6rem; text-align: left; vertical-align: top; }
th { background: #eef; }
.pending { color: #a60; } .in-force { color: #060; } .note { color: #a00; font-size: .9em; }
</style>
</head>
<body>
<h1>{{ title }}</h1>
<p>公司标准版号/改次 {{ company.standard_revision }}，{{ company.standard_date.isoformat() }} 生效。状态按 {{ today.isoformat() }} 计算。</p>
{% if page == "index" %}
<table>
<thead><tr><th>项目</th><th>城市</th><th>手册编号</th><th>版号/改次</th><th>生效日期</th><th>状态</th><th>偏离标准</th></tr></thead>
<tbody>
{% for s in summaries %}
<tr><td><a href="{{ s.id }}/index.html">{{ s.name }}</a></td><td>{{ s.city }}</td><td>{{ s.document_number }}</td>
<td>{{ s.revision }}</td><td>{{ s.effective_date.isoformat() }}</td><td class="{{ s.status }}">{{ s.status_label }}</td>
<td><a href="deviations.html#{{ s.id }}">{{ s.departures }} 处</a>{% if s.examples %} <span class="note">（含示例数据）</span>{% endif %}</td></tr>
{% endfor %}
</tbody>
</table>
<p><a href="deviations.html">偏离标准一览</a>：各项目偏离公司标准之处及理由。</p>
{% else %}
<p><a href="index.html">← 各项目手册</a></p>
{% for s in summaries %}
<h2 id="{{ s.id }}">{{ s.name }}（{{ s.revision }}，{{ s.status_label }}）</h2>
{% set rows = rows_by_estate[s.id] %}
{% if rows %}
<table>
<thead><tr><th>类别</th><th>内容</th><th>变化</th><th>理由</th><th>日期</th></tr></thead>
<tbody>
{% for r in rows %}
<tr><td>{{ r.kind }}</td><td>{% if r.link %}<a href="{{ s.id }}/{{ r.link }}">{{ r.what }}</a>{% else %}{{ r.what }}{% endif %}</td>
<td>{{ r.change }}</td><td>{{ r.reason }}</td><td>{{ r.date }}</td></tr>
{% endfor %}
</tbody>
</table>
{% else %}
<p>完全采用公司标准，没有偏离。</p>
{% endif %}
{% endfor %}
{% endif %}
</body>
</html>
""")


def company_pages(company: Company, today: date, title: str = "客户服务中心操作手册") -> dict[str, str]:
    """``index.html`` (every estate with its revision and status) and ``deviations.html``."""
    summaries = company.summaries(today)
    rows = {estate_id: departures(company, estate_id) for estate_id in company.estates}
    common = {"company": company, "today": today, "summaries": summaries, "rows_by_estate": rows}
    return {
        "index.html": _COMPANY.render(page="index", title=f"{title} · 各项目", **common),
        "deviations.html": _COMPANY.render(page="deviations", title=f"{TITLE} · 各项目", **common),
    }
