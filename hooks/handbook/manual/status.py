"""Review status of every procedure: 待生效, 有效, 即将到期 or 已过期.

Computed from the data (``last_reviewed`` and the handbook's ``review_cycle_months``) and the day
the data was checked, never from git: a shallow CI clone dates every file to the clone. A procedure
past its review date is also a build warning (see ``check.py``); one due within
:data:`DUE_SOON_DAYS` is only shown (on the 文件状态 page and in the document control table).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from handbook.manual.manual import Manual

DUE_SOON_DAYS = 60

State = Literal["pending", "valid", "due-soon", "overdue"]
STATE_LABEL: dict[State, str] = {
    "pending": "待生效",
    "valid": "有效",
    "due-soon": "即将到期",
    "overdue": "已过期",
}
STATE_MEANING: dict[State, str] = {
    "pending": "已发布，生效日期未到；生效前仍执行上一改次，本次修订的内容见该程序页首",
    "valid": "在评审周期内",
    "due-soon": f"距下次复审不足 {DUE_SOON_DAYS} 天，请安排复审（仅提示）",
    "overdue": "已超过复审期限，须尽快复审",
}


@dataclass(frozen=True)
class ReviewStatus:
    sop_id: str
    next_review: date
    days_left: int  # negative when overdue
    state: State

    @property
    def label(self) -> str:
        return STATE_LABEL[self.state]


def review_status(manual: Manual, sop_id: str, today: date | None = None) -> ReviewStatus:
    """The status of one procedure on ``today`` (by default the day the data was checked)."""
    today = today or manual.checked_on
    sop = manual.sops[sop_id]
    due = manual.next_review(sop)
    days = (due - today).days
    state: State
    if due < today:  # the same rule as the build warning in check.py
        state = "overdue"
    elif days <= DUE_SOON_DAYS:
        state = "due-soon"
    elif sop.effective_date > today:
        state = "pending"
    else:
        state = "valid"
    return ReviewStatus(sop_id, due, days, state)


def statuses(manual: Manual, today: date | None = None) -> list[ReviewStatus]:
    return [review_status(manual, s, today) for s in manual.sops]
