"""What the search needs from the data: the handbook's own words, kept whole by the segmenter.

jieba splits Chinese text into words at build time; a term it does not know may be cut apart
(物品放行条 → 物品 / 放行 / 条), and then a search for the whole term finds nothing better than
its parts. Every glossary term, role title, procedure, form and commitment title is added to its
dictionary.
"""

from __future__ import annotations

import re

from .manual import Manual

_SPLIT = re.compile(r"[/／（）()、\s]+")


def segmenter_words(manual: Manual) -> list[str]:
    words: set[str] = set()
    titles = [t.term for t in manual.glossary.terms]
    titles += [r.title for r in manual.roles.values()]
    titles += [p.title for p in manual.organization.partners]
    titles += [s.title for s in manual.sops.values()]
    titles += [f.title for f in manual.forms.values()]
    titles += [c.title for c in manual.commitments.values()]
    for title in titles:
        for word in _SPLIT.split(title.replace("“", "").replace("”", "").replace('"', "")):
            if len(word) >= 2 and re.search(r"[\u4e00-\u9fff]", word):
                words.add(word)
    return sorted(words)
