"""The traditional-to-simplified table the search converts queries and the index with."""

from __future__ import annotations

from handbook.site.search_tables import common_characters, simplified_table


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
