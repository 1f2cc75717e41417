"""The history's blobs kept for the process (``handbook.data.history._Blobs``): bounded in bytes,
the least recently read dropped first."""

from __future__ import annotations

from handbook.data.history import _Blobs


def test_the_least_recently_read_blob_goes_first_beyond_the_limit() -> None:
    kept = _Blobs(limit=10)
    kept.put("a", b"aaaa")
    kept.put("b", b"bbbb")
    assert kept.get("a") == b"aaaa"  # read: now the most recent
    kept.put("c", b"cccc")  # 12 bytes: one must go, and it is b
    assert kept.get("b") is None and kept.get("a") == b"aaaa" and kept.get("c") == b"cccc"
    assert kept.size == 8


def test_one_blob_larger_than_the_limit_is_still_kept_alone() -> None:
    kept = _Blobs(limit=3)
    kept.put("a", b"aa")
    kept.put("big", b"x" * 5)
    assert kept.get("a") is None and kept.get("big") == b"xxxxx" and kept.size == 5
