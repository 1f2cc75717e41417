"""The character tables the search needs in the browser, made at build time from maintained data.

- **Traditional and variant characters to simplified** (:func:`simplified_table`), from OpenCC's
  tables (the ``opencc`` package: ``t2s``, then Taiwan's and Hong Kong's variants). The handbook is
  written in simplified characters; a query typed or pasted in traditional ones (鑰匙寄放, 繳管理費)
  is converted character by character before it is cut into words, and the index's text is
  converted the same way when it is written. Only the characters whose simplified form occurs in
  the index are shipped: converting any other one could not make a query find more.
  Characters in everyday simplified use (GB 2312's first level) are never converted (see
  ``_full_simplified_table``).
- **The sound of each character** (:func:`pinyin_table`), from pypinyin's dictionary (every
  reading of a character with several: 调 is diao and tiao). It lets the worker find the
  handbook's word that a query misspells with a character of the same sound (报秀 for 报修, 监空
  for 监控: what a pinyin input method picks wrongly) and read a query typed in pinyin without
  tones (tingshui tongzhi). It covers the index's characters and the 3,755 common characters of
  GB 2312's first level (what an input method offers first), without tones.

Both are generated anew by every build from the installed packages (pinned in pyproject.toml),
never typed by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

# Han blocks worth converting: CJK unified ideographs, extension A and the compatibility ideographs.
_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
# OpenCC configurations, tried in order: the standard, then the regional variants (綫, 衛, 裏).
_CONFIGS = ("t2s", "tw2s", "hk2s")


def _candidates() -> list[str]:
    return [chr(c) for lo, hi in _BLOCKS for c in range(lo, hi + 1)]


def simplified_table(wanted: Iterable[str] | None = None) -> dict[str, str]:
    """Each traditional or variant character OpenCC converts to one other character, to that
    character; only those whose simplified form is in ``wanted`` (all when None)."""
    full = _full_simplified_table()
    if wanted is None:
        return dict(full)
    keep = set(wanted)
    return {t: s for t, s in full.items() if s in keep}


@lru_cache(maxsize=1)
def _full_simplified_table() -> dict[str, str]:
    import opencc  # the build's dependency (pyproject.toml); imported here so that checks run without it

    chars = _candidates()
    table: dict[str, str] = {}
    for config in _CONFIGS:
        converted = opencc.OpenCC(config).convert("\n".join(chars)).split("\n")
        if len(converted) != len(chars):  # a conversion that joined lines: never seen, but be sure
            converted = [opencc.OpenCC(config).convert(c) for c in chars]
        for char, simple in zip(chars, converted):
            if len(simple) == 1 and simple != char and char not in table:
                table[char] = simple
    # A character that is itself simplified for another (乾 → 干 but 干 stays): follow one step.
    # The characters are converted one by one, out of their words, so a character in everyday
    # simplified use (GB 2312's first level: 么, 乾, 著) is never converted: Taiwan's table makes
    # every 么 a 幺 (怎么 → 怎幺), and a query's 什么 or 怎么 would no longer read as asked.
    keep = set(common_characters())
    return {t: table.get(s, s) for t, s in sorted(table.items()) if table.get(s, s) != t and t not in keep}


def common_characters() -> list[str]:
    """GB 2312's first level: the 3,755 most used characters, in its order (by sound)."""
    out = []
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                out.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


def pinyin_table(chars: Iterable[str], first_only: bool = False) -> dict[str, str]:
    """Toneless syllable -> the characters (of ``chars``) read so, in code point order. With
    ``first_only``, each character of several readings under the first pypinyin lists alone
    (mostly the usual one: 租 is zu, not ju; 的 is de; but 长 is zhang), and no character of one
    reading (it is in the full table): how the handbook's own words are read, where the typed
    characters of a query may stand for any of their readings."""
    from pypinyin import Style, pinyin  # the build's dependency (pyproject.toml)

    table: dict[str, set[str]] = {}
    for char in sorted(set(chars)):
        if not ("\u3400" <= char <= "\u9fff"):
            continue
        readings = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")  # [] for a character it cannot read
        if first_only and (not readings or len(readings[0]) < 2):
            continue
        for syllable in (readings[0][:1] if first_only else readings[0]) if readings else []:
            syllable = syllable.replace("ü", "v")
            if syllable.isascii() and syllable.isalpha():
                table.setdefault(syllable, set()).add(char)
    return {s: "".join(sorted(cs)) for s, cs in sorted(table.items())}


def index_characters(index: Mapping[str, Any]) -> set[str]:
    """The Han characters of a written ``search_index.json`` (titles and texts)."""
    seen: set[str] = set()
    for doc in index.get("docs", []) or []:
        for key in ("title", "text"):
            seen.update(str(doc.get(key) or ""))  # every character once, then only the Han ones
    return {c for c in seen if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"}


def packed_pairs(table: Mapping[str, str]) -> str:
    """A character table as one string of pairs (from, to, from, to, ...): 2 characters an entry."""
    return "".join(f + t for f, t in sorted(table.items()))
