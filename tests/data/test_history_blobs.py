"""What is kept for the process (``handbook.data.memo.Recent``: the history's blobs, bounded in
bytes; the parsed files and the flowcharts, bounded in number): the least recently read dropped first."""

from __future__ import annotations

from handbook.data.memo import Recent


def test_the_least_recently_read_blob_goes_first_beyond_the_limit() -> None:
    kept = Recent(limit=10, weigh=len)
    kept.put("a", b"aaaa")
    kept.put("b", b"bbbb")
    assert kept.get("a") == b"aaaa"  # read: now the most recent
    kept.put("c", b"cccc")  # 12 bytes: one must go, and it is b
    assert kept.get("b") is None and kept.get("a") == b"aaaa" and kept.get("c") == b"cccc"
    assert kept.size == 8


def test_one_blob_larger_than_the_limit_is_still_kept_alone() -> None:
    kept = Recent(limit=3, weigh=len)
    kept.put("a", b"aa")
    kept.put("big", b"x" * 5)
    assert kept.get("a") is None and kept.get("big") == b"xxxxx" and kept.size == 5


def test_counted_by_number_unless_weighed_and_a_key_put_again_counts_once() -> None:
    kept: Recent[str, str] = Recent(limit=2)
    kept.put("a", "1")
    kept.put("a", "2")  # the same key again: one entry
    kept.put("b", "3")
    assert kept.size == 2 and kept.get("a") == "2"
    kept.put("c", "4")  # a third: the least recently read (b) goes
    assert kept.get("b") is None and kept.get("a") == "2" and kept.get("c") == "4"
