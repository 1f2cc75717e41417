"""Numbers generated from the order of the data, never typed by hand.

The printed manual of 2008 numbered its flowchart and its work procedure both "2.0" and lost
role "4.0": hand numbering drifts. Here every number is derived from position in the data.
"""

from __future__ import annotations

from handbook.manual.manual import Manual

#: Document series by kind of procedure: QP 程序文件, WI 作业指导书（规程、规范）; job descriptions
#: are GW (岗位说明书) and record forms R (记录), see :func:`role_code` and :func:`form_code`.
SERIES = {"procedure": "QP", "policy": "QP", "rules": "WI", "standard": "WI"}
KIND_LABEL = {"procedure": "程序", "policy": "制度", "rules": "规程", "standard": "规范"}
DEPARTMENT = "KF"  # 客户服务


def procedure_code(estate_code: str, kind: str, n: int) -> str:
    """The document number of the n-th procedure of a handbook, e.g. ``LNXC-KF-QP-01``."""
    return f"{estate_code}-{DEPARTMENT}-{SERIES[kind]}-{n:02d}"


def record_code(estate_code: str, n: int) -> str:
    """The number of the n-th record form of a handbook, e.g. ``LNXC-KF-R-07``."""
    return f"{estate_code}-{DEPARTMENT}-R-{n:02d}"


def sop_code(manual: Manual, sop_id: str) -> str:
    """Document number of a procedure, e.g. ``LNXC-KF-QP-01``."""
    return procedure_code(manual.handbook.estate.code, manual.sops[sop_id].kind, manual.sop_number(sop_id))


def sop_heading(manual: Manual, sop_id: str) -> str:
    """Section heading of a procedure in Part 2, e.g. ``一、特约服务处理程序``."""
    return f"{chinese_number(manual.sop_number(sop_id))}、{manual.sops[sop_id].title}"


def form_code(manual: Manual, form_id: str) -> str:
    """Record form number, e.g. ``LNXC-KF-R-07``."""
    return record_code(manual.handbook.estate.code, list(manual.forms).index(form_id) + 1)


def role_code(manual: Manual, role_id: str) -> str:
    """Job description number, e.g. ``LNXC-KF-GW-02`` (GW 岗位说明书), in the organization's order."""
    return f"{manual.handbook.estate.code}-{DEPARTMENT}-GW-{manual.role_number(role_id):02d}"


def role_heading(manual: Manual, role_id: str) -> str:
    """Heading of a job description, e.g. ``1.0 客服中心经理``."""
    return f"{manual.role_number(role_id)}.0 {manual.roles[role_id].title}"


def part_number(manual: Manual, kind: str) -> int:
    kinds: list[str] = [p.kind for p in manual.handbook.parts]
    return kinds.index(kind) + 1


def part_title(manual: Manual, kind: str) -> str:
    part = next(p for p in manual.handbook.parts if p.kind == kind)
    if kind == "appendices":
        return part.title
    return f"第{chinese_number(part_number(manual, kind))}部分 {part.title}"


CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 21 → 二十一 (enough for section numbers < 100)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    text = ""
    if tens:
        text = ("" if tens == 1 else CN_DIGITS[tens]) + "十"
    if ones:
        text += CN_DIGITS[ones]
    return text
