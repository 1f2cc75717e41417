"""The browser's character tables (``handbook.site.search_tables``): the traditional-to-simplified
table the search converts queries and the index with, and the sounds of the characters."""

from __future__ import annotations

from handbook.site.search_tables import common_characters, pinyin_table, simplified_table

#: Every character the sound table considers: CJK Extension A and the unified block.
HAN = [chr(c) for c in range(0x3400, 0xA000)]


def test_traditional_and_regional_variants_become_simplified() -> None:
    table = simplified_table()
    assert table["鑰"] == "钥" and table["繳"] == "缴" and table["費"] == "费"
    assert table["夥"] == "伙"  # 入夥 is 入伙


def test_a_character_in_everyday_simplified_use_is_never_converted() -> None:
    """Characters are converted one by one, out of their words: Taiwan's table makes 么 a 幺, so
    怎么 and 什么 would no longer be the words typed (nor match what the worker looks for)."""
    table = simplified_table()
    assert "么" not in table and "乾" not in table and "著" not in table
    assert not set(table) & set(common_characters())
    text = "怎么登记 什么意思"
    assert "".join(table.get(c, c) for c in text) == text


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


def test_first_readings_only_give_each_character_its_usual_sound() -> None:
    """The index's words are read by their characters' usual readings (the first pypinyin lists):
    租 is zu there, so a query's 具 (ju) is never read as it; every reading stays in the full table."""
    first = pinyin_table("租的长维修", first_only=True)
    assert first["zu"] == "租" and "ju" not in first
    assert "的" in first["de"] and "di" not in first
    assert sorted("".join(first.values())) == sorted("租的长")  # once each; 维 and 修 have one reading
    assert "租" in pinyin_table("租")["ju"]  # the full table keeps the rare reading


def test_the_index_gives_the_han_characters_of_its_titles_and_texts_only() -> None:
    from handbook.site.search_tables import index_characters

    index = {"docs": [{"title": "报修 Repair", "text": "<p>受理、登记 123</p>", "location": "sops/借用/"},
                      {"title": None, "text": "㐀鿿豈"}, {"text": "無"}]}
    assert index_characters(index) == {"报", "修", "受", "理", "登", "记", "㐀", "鿿", "豈", "無"}
    assert index_characters({}) == set()
