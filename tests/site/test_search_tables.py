"""The browser's character tables (``handbook.site.search_tables``), from the characters of the index."""

from __future__ import annotations

from handbook.site.search_tables import pinyin_table

#: Every character the table considers: CJK Extension A and the unified block.
HAN = [chr(c) for c in range(0x3400, 0xA000)]


def test_every_han_character_is_taken_even_one_with_no_known_reading() -> None:
    # pypinyin reads no syllable for some 900 of them (㐂, U+3402): a page that pastes one must
    # still build; it once stopped the build with an IndexError
    table = pinyin_table(HAN)
    assert "\u3402" not in "".join(table.values())
    assert len(table) > 300  # the toneless syllables of Mandarin, about 400


def test_a_character_with_two_readings_is_found_by_both() -> None:
    table = pinyin_table("长行维修")
    assert "长" in table["chang"] and "长" in table["zhang"]
    assert "行" in table["xing"] and "行" in table["hang"]
    assert table["wei"] == "维" and table["xiu"] == "修"
    assert pinyin_table("abc，。") == {}  # nothing but Han characters
