"""The shortcuts taken for speed give exactly the results of the plain way.

- ``yamlnodes.compose_fast``: libyaml instead of the pure-Python parser; every value, position and
  problem must be the same as without it, for the real data and for broken variants of it;
- ``similar.candidates``: the prefix filter never drops a pair of texts that reaches the ratio,
  and ``limits.near_identical`` gives the pairs of comparing every use with every other.
"""

from __future__ import annotations

import random
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handbook.data import load, yamlnodes
from handbook.checks.limits import NEAR_RATIO, LimitUse, limit_key, near_identical, normalize
from handbook.data.load import read_document
from handbook.data.similar import candidates
from handbook.data.timelimit import parse_time_limit

ROOT = Path(__file__).resolve().parents[2]
REAL = sorted((ROOT / "procedures").rglob("*.yaml"))
MINI = sorted((ROOT / "tests" / "fixtures" / "mini").rglob("*.yaml"))


def _read(path: Path, fast: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[object, ...]:
    with monkeypatch.context() as m:
        if not fast:
            m.setattr(load, "compose_fast", lambda text: None)
        doc, problems = read_document(path, "x.yaml")
    if doc is None:
        return (None, problems)
    return (doc.data, doc.values, doc.keys, problems)


@pytest.mark.parametrize("path", REAL + MINI, ids=lambda p: p.name)
def test_fast_yaml_gives_the_same_document(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _read(path, True, monkeypatch) == _read(path, False, monkeypatch)


@pytest.mark.parametrize("path", MINI, ids=lambda p: p.name)
def test_fast_yaml_is_taken_for_ordinary_files(path: Path) -> None:
    assert yamlnodes.compose_fast(path.read_text(encoding="utf-8")) is not None


@pytest.mark.parametrize("text", [
    "a:\n",  # an empty value: libyaml puts it one column later
    "a: 1\n\tb: 2\n",  # a tab
    "a: !x 1\n",  # a tag
    "a: {b: 1, ? c}\n",  # a complex key
    "a: 1\r b: 2\n",  # a lone carriage return
    "a: \u2028b\n",
    "a: [" * 50 + "]" * 50 + "\n",  # too deep for the model, fine for libyaml
    "a: &x [1, 2]\nb: *x\nc: *x\n",
    "a: 1\na: 2\n",
    "- [a, b]: c\n",
    "",
    "a: b: c\n",
    "a: 第一行\n  第二行\n",  # a plain scalar over two lines: the break between Chinese is dropped
    "<<: {a: 1}\nb: 2\n",  # a merge key (refused)
])
def test_fast_yaml_agrees_on_awkward_text(text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    assert _read(path, True, monkeypatch) == _read(path, False, monkeypatch)


def test_fast_yaml_agrees_on_damaged_real_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(9)
    pieces = [":", "-", " ", "\t", '"', "'", "[", "]", "{", "}", "#", "&a ", "*a", "!", "|", ">", "%",
              "@", "`", "\n", "?", ",", "\\", "\r\n", "\ufeff", "~", "no", "1.10", "\n  ", ": ", "- "]
    path = tmp_path / "x.yaml"
    for _ in range(150):
        text = rng.choice(REAL).read_text(encoding="utf-8")[:1500]
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(text) + 1)
            text = text[:i] + rng.choice(pieces) + text[i + rng.randint(0, 1):]
        path.write_text(text, encoding="utf-8")
        assert _read(path, True, monkeypatch) == _read(path, False, monkeypatch), text


texts = st.lists(st.text(alphabet="受理投诉派单签收复核登记业主的并", max_size=12), max_size=25)


@settings(max_examples=150, deadline=None)
@given(texts, st.sampled_from([0.5, 0.8, 0.9, 1.0]))
def test_candidates_keep_every_similar_pair(values: list[str], ratio: float) -> None:
    found = candidates(values, ratio)
    for a in set(values):
        for b in set(values):
            if a != b and SequenceMatcher(None, a, b).ratio() >= ratio:
                assert b in found[a] and a in found[b]


def _naive_near_identical(uses: list[LimitUse]) -> list[tuple[LimitUse, LimitUse, float]]:
    """The definition: compare every use with every later one."""
    pairs = []
    for i, a in enumerate(uses):
        for b in uses[i + 1:]:
            if normalize(a.text) == normalize(b.text) or limit_key(a.limit) == limit_key(b.limit):
                continue
            ratio = SequenceMatcher(None, normalize(a.text), normalize(b.text)).ratio()
            if ratio >= NEAR_RATIO:
                pairs.append((a, b, ratio))
    return pairs


def test_near_identical_is_the_pairwise_comparison() -> None:
    rng = random.Random(4)
    actions = ["受理投诉并登记", "受理投诉并登记。", "受理投诉登记", "派单并请接单人签收", "派单并请接单人签字",
               "复核派单并请接单人签收", "回访业主", "回访业主并记录", "当日回复业主"]
    limits = ["30min", "2h", "1d", "same-day", "immediate", "3wd"]
    uses = [
        LimitUse(f"sop-{n % 7}", ("steps", n), f"第 {n + 1} 步", "cs-assistant", rng.choice(actions),
                 parse_time_limit(rng.choice(limits)), None)
        for n in range(120)
    ]
    expected = _naive_near_identical(uses)
    assert expected, "the sample should contain near-identical texts with different limits"
    assert near_identical(uses) == expected


def test_jieba_reads_the_same_dictionary_cache_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jieba = pytest.importorskip("jieba")
    import marshal

    from handbook_mkdocs.internals.jieba import WholeFileMarshal, speed_up_dictionary

    monkeypatch.setattr(jieba, "marshal", marshal)
    assert speed_up_dictionary(jieba) and jieba.marshal is WholeFileMarshal
    assert speed_up_dictionary(jieba)  # twice is harmless
    writer = jieba.Tokenizer()
    writer.tmp_dir = str(tmp_path)
    writer.initialize()  # no cache yet: builds the dictionary and writes the cache (dump)
    cache = tmp_path / "jieba.cache"
    with cache.open("rb") as file:
        expected = marshal.load(file)  # what jieba itself would read
    reads: list[int] = []

    class Spy(WholeFileMarshal):
        @staticmethod
        def load(file):  # type: ignore[no-untyped-def]
            reads.append(1)
            return WholeFileMarshal.load(file)

    monkeypatch.setattr(jieba, "marshal", Spy)
    reader = jieba.Tokenizer()
    reader.tmp_dir = str(tmp_path)
    reader.initialize()  # reads the cache through WholeFileMarshal.load
    assert reads == [1]
    assert (reader.FREQ, reader.total) == expected
    assert list(reader.cut("客服助理受理业主投诉")) == list(writer.cut("客服助理受理业主投诉"))


def test_results_are_remembered_per_object_not_per_equal_value() -> None:
    from handbook.data.memo import ByIdentity

    memo, calls = ByIdentity(limit=2), []

    def compute(tag: str) -> str:
        calls.append(tag)
        return tag

    first, twin = ["a"], ["a"]  # equal, but two objects: a changed model is a new object
    assert memo.get((first,), ("x",), lambda: compute("1")) == "1"
    assert memo.get((first,), ("x",), lambda: compute("2")) == "1"  # remembered
    assert memo.get((twin,), ("x",), lambda: compute("3")) == "3"  # another object: computed
    assert memo.get((first,), ("y",), lambda: compute("4")) == "4"  # another value: computed
    assert len(memo) == 2 and calls == ["1", "3", "4"]  # the oldest entry made room
    assert memo.get((first,), ("x",), lambda: compute("5")) == "5"
