"""Chinese numerals as laws number their articles: 第九百四十五条, 第一千二百五十四条, 第十二条.

``cn_number(945)`` writes 九百四十五 (12 is 十二, 110 is 一百一十, 105 is 一百零五, 1010 is
一千零一十), as Chinese statutes print them; ``parse_number`` reads those numerals back, and
Arabic digits too (第944条), for numbers from 1 to 9999. Anything else is ``None``, never an error.
"""

from __future__ import annotations

DIGITS = "零一二三四五六七八九"
_VALUES = {**{c: i for i, c in enumerate(DIGITS)}, "〇": 0, "两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000}
MAX = 9999


def cn_number(n: int) -> str:
    """``n`` (1–9999) in Chinese numerals as a statute writes it."""
    if not 0 < n <= MAX:
        raise ValueError(f"{n} is outside 1–{MAX}")
    if n < 20:
        return ("十" + (DIGITS[n - 10] if n > 10 else "")) if n >= 10 else DIGITS[n]
    out, zero = "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, unit)
        if digit:
            out += ("零" if zero and out else "") + DIGITS[digit] + name
            zero = False
        else:
            zero = True
    return out


def parse_number(text: str) -> int | None:
    """The number ``text`` writes (Chinese numerals or Arabic digits), or None."""
    text = text.strip()
    if text.isascii() and text.isdigit():
        n = int(text)
        return n if 0 < n <= MAX and not text.startswith("0") else None
    if not text or any(c not in _VALUES and c not in _UNITS for c in text):
        return None
    total, digit, last_unit = 0, None, MAX + 1
    for c in text:
        if c in _VALUES:
            if digit is not None and digit != 0:
                return None  # two digits in a row: 一二
            digit = _VALUES[c]
        else:
            unit = _UNITS[c]
            if unit >= last_unit or digit == 0:
                return None  # 十百, 百十百, 零十
            if digit is None:
                if unit != 10 or total:
                    return None  # 百 alone; a bare 十 only at the start (十二)
                digit = 1
            total += digit * unit
            digit, last_unit = None, unit
    if digit:
        total += digit
    return total if 0 < total <= MAX and _spelled(text, total) else None


def _spelled(text: str, n: int) -> bool:
    """Whether ``text`` is how ``n`` is written: the statute's spelling, or the same with 〇 for
    零, 两 for 二, or 一十 for 十 (一十二); not 一百十 or 一千零十, which no statute prints."""
    normal = text.replace("〇", "零").replace("两", "二")
    return normal == cn_number(n) or (10 <= n < 20 and normal == "一" + cn_number(n))
