"""jieba's internals the adapter uses (jieba 0.42.1, no release since 2020, pinned).

- The tokenizer (``jieba.dt``) loads its dictionary on first use (``check_initialized``); its word
  table ``FREQ`` and the sum of frequencies ``total`` are read and restored here, so that a word
  ``add_word`` added for an earlier build of the same process can be taken out again
  (``add_words``).
- jieba keeps its dictionary cache with the module ``marshal`` it imported: giving it one whose
  ``load`` reads the file in one piece loads the dictionary in a third of the time
  (``speed_up_dictionary``).
- ``dictionary`` is the main dictionary's path (``jieba.dt.dictionary``, None for the bundled one).

``tests/mkdocs/test_internals.py`` checks each of these against the installed jieba.
"""

from __future__ import annotations

import marshal
import weakref
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any, BinaryIO


def module() -> ModuleType | None:
    """jieba, or None when it is not installed (the build then warns: no Chinese search)."""
    try:
        import jieba
    except ImportError:
        return None
    found: ModuleType = jieba
    return found


class WholeFileMarshal:
    """``marshal`` as jieba uses it (``load`` and ``dump``), reading a file in one piece.

    jieba reads its 9 MB dictionary cache with ``marshal.load(file)``, which pulls it through the
    file object piece by piece; ``marshal.loads(file.read())`` reads the same object in a third
    of the time. A damaged cache still fails inside jieba's own ``try``, which rebuilds it."""

    @staticmethod
    def load(file: BinaryIO) -> Any:
        return marshal.loads(file.read())

    @staticmethod
    def dump(value: Any, file: BinaryIO, version: int = marshal.version) -> None:
        marshal.dump(value, file, version)


def speed_up_dictionary(jieba: ModuleType) -> bool:
    """Make ``jieba`` read its dictionary cache at once; True when it now does."""
    if getattr(jieba, "marshal") is marshal:  # noqa: B009  # an attribute jieba's stubs lack
        setattr(jieba, "marshal", WholeFileMarshal)  # noqa: B010
    return getattr(jieba, "marshal") is WholeFileMarshal  # noqa: B009


def dictionary(jieba: ModuleType) -> Path | None:
    """The main dictionary the tokenizer loads (None: the one jieba ships)."""
    path = jieba.dt.dictionary
    default = Path(str(jieba.__file__)).with_name("dict.txt")
    return None if path is None or Path(path) == default else Path(path)


# Words this process added to each jieba tokenizer: the frequency each word had before, and what
# adding it added to the tokenizer's total.
_ADDED: weakref.WeakKeyDictionary[Any, dict[str, tuple[int, int]]] = weakref.WeakKeyDictionary()


def add_words(tokenizer: Any, words: Iterable[str]) -> bool:
    """Make a jieba ``tokenizer`` (``jieba.dt``) know ``words``, and no other word that an earlier
    call in this process added; True when the words changed (segmentations done before are then
    stale).

    ``mkdocs serve`` builds again in the same process: adding every word again would grow
    jieba's frequency total on each rebuild (``add_word`` adds to it), and a word taken out of
    the data would stay. And the frequency ``add_word`` gives a word is suggested from what the
    tokenizer knows at that moment, other added words included: adding only the new words on a
    rebuild gave them other frequencies than a fresh build does, and the search index segmented
    some text differently (转报修 as 转报/修). So when the words change, every word added before is
    taken out, newest first (each gets back the frequency it had before: none, it is no longer a
    word; the total loses what it gained), and the wanted words are added in sorted order, as a
    fresh process adds them.
    """
    tokenizer.check_initialized()  # the dictionary is loaded on first use
    added = _ADDED.setdefault(tokenizer, {})
    wanted = set(words)
    changed = wanted != added.keys()
    if not changed:
        return False
    for word in reversed(list(added)):
        before, gained = added.pop(word)
        tokenizer.FREQ[word] = before  # 0: only a prefix of longer words, as before
        tokenizer.total -= gained
    for word in sorted(wanted):
        before, total = tokenizer.FREQ.get(word, 0), tokenizer.total
        tokenizer.add_word(word)
        added[word] = (before, tokenizer.total - total)
    return changed
