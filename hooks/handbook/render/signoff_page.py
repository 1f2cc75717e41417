"""修订学习签收表: proof that the staff have read a revision, one page per revision.

A revision here is what takes effect on one day (the handbook's revision and the procedures'
revisions of that day). What each role must re-read is what ``handbook diff`` says under 请以下岗位
重新学习, comparing the edition in force the day before with the edition of that day; the
comparison is made by :mod:`handbook.changes.rereading` (the layer that compares versions) and
handed to the site as :class:`Rereading`. The page has one sheet per role (each on its own A4 page
when printed), stamped with the revision and its date, with lines for each person's name, date
and signature and for the trainer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from handbook.manual.manual import Manual
from handbook.render import urls
from handbook.render.markup import Md
from handbook.render.spec import PageSpec
from handbook.render.stamp import pending_mark, print_stamp
from handbook.render.templating import render
from handbook.render.training_pages import short_title, training_code

TITLE = "修订学习签收表"
#: Lines for names on a sheet: the role's headcount and two more (a newcomer, a relief), at least 4.
MIN_ROWS = 4


@dataclass(frozen=True)
class Rereading:
    """What each role must re-read for the revision that takes effect on ``day``."""

    day: date
    handbook: str  # the handbook's revision from that day
    revised: tuple[str, ...]  # what takes effect that day: 手册 C/0, 《入伙手续办理程序》 A/1 …
    #: role id → (document, what to re-read) as the change notice words them, in the roles' order
    roles: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    #: False: no earlier edition to compare with (its text is not in the repository's history):
    #: each role reads its documents whole.
    compared: bool = True

    @property
    def label(self) -> str:
        return f"{self.day.isoformat()}（手册 {self.handbook}）"


def title(reading: Rereading) -> str:
    return f"{TITLE} · {reading.label}"


def _lead(reading: Rereading) -> str:
    if not reading.compared:
        return "此前的版本不在仓库历史中，无法逐条比较：本岗位参与的文件须全文学习。"
    return "本次修订中与本岗位有关的内容如下，执行前须学完并在下表签字。"


def signoff_page(manual: Manual, reading: Rereading, pending: bool) -> Md:
    hb = manual.handbook
    revised = reading.revised or (f"手册 {reading.handbook}",)
    when = "起执行（待生效）" if pending else "起执行（现行）"
    links = Md(" · ").join([urls.link("修订记录", urls.REVISIONS), urls.link("新员工培训", urls.TRAINING_INDEX)])
    intro = Md("本页是 {} {}的修订（手册 {}）的学习签收表。下列每个岗位一张表，列出该岗位须重新学习的内容"
               "（与 handbook diff 变更通知中“请以下岗位重新学习”一致）。由带教人组织学习，每人学完后在本岗位的表上签字，"
               "带教人签字确认；签好的表交主管存档。打印时每个岗位一页。\n\n{}\n\n"
               '<details class="signoff-revised" markdown><summary>本次修订的文件（{} 项）</summary>\n\n{}\n\n</details>\n').format(
        reading.day.isoformat(), when, reading.handbook, links, len(revised), "、".join(revised))
    if not reading.roles:
        return intro + Md("\n本次修订没有需要岗位重新学习的内容。\n") + print_stamp(
            manual, None, reading.handbook, reading.day)
    index = Md(" · ").join(Md("[{}](#role-{})").format(short_title(manual, r), Md(r)) for r in reading.roles)
    sheets = []
    for role_id, readings in reading.roles.items():
        role = manual.roles.get(role_id)
        rows = max(MIN_ROWS, manual.headcount(role_id) + 2) if role is not None else MIN_ROWS
        supervisor = manual.role_title(role.reports_to) if role is not None and role.reports_to else "主管"
        head = {"estate": hb.estate.name, "center": manual.organization.center,
                "code": training_code(manual, role_id) + "-R" if role is not None else hb.document_number,
                "revision": reading.handbook, "effective": reading.day.isoformat()}
        sheets.append(render(
            "signoff_sheet.html", role_id=role_id, head=head, pending=pending_mark(),
            role=manual.role_title(role_id) if role_id in manual.roles else role_id,
            revision=f"手册 {reading.handbook}", day=reading.day.isoformat(), lead=_lead(reading),
            readings=list(readings), rows=rows, supervisor=supervisor))
    return (intro + Md("\n各岗位：{}\n\n").format(index) + Md("\n").join(sheets) + Md("\n")
            + print_stamp(manual, None, reading.handbook, reading.day))


def signoff_specs(manual: Manual, readings: list[Rereading], today: date) -> list[PageSpec]:
    """One page per revision; reached from 修订记录, the cover and the training pages (not the
    navigation: a revision is not a place to browse to)."""
    return [PageSpec(urls.signoff(r.day), title(r), "training",
                     lambda r=r: signoff_page(manual, r, r.day > today),  # type: ignore[misc]
                     nav=None, searchable=False)
            for r in readings]
