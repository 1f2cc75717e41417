"""Changes to Material's search worker, so that a Chinese query is cut and ranked for the desk.

First a one-character fix. The browser has no jieba. Material's worker cuts a Chinese query into
the words the index knows (``segment`` in
``src/templates/assets/javascripts/integrations/search/query/segment``), but its loop looks only
at pieces *shorter* than the query::

    for (let i = 0; i < query.length; i++)
      for (let j = i + 1; j < query.length; j++)      // j <= query.length was meant
        if (query.slice(i, j) in index) wordcuts[i] = j - i

So a query that is itself one indexed word is never seen whole: if its first character is also a
word somewhere in the handbook, 回访 is searched as 回* (every word beginning with 回), 客服主管
as 客服*, 特约服务 as 特约*. With ``<=`` the query's own word is found, and a query of two words
(装修押金) is cut into both (装修, 押金) instead of losing the last one.

The worker is minified and its names change between releases, so the loop is recognised by its
shape. ``fix_query_segmenter`` returns the fixed script, the script itself when the loop already
reads ``<=`` (fixed upstream), or None when the loop is not found: a new Material version that
someone must look at (the build warns, and ``--strict`` stops).

Three more make the worker cut queries the way the desk types them (``search_prelude.js``, put
in front of the worker with the handbook's aliases):

- The call ``[...segment(run, this.index.invertedIndex)]`` becomes
  ``[...self.handbookSegment(run, this.index.invertedIndex, segment)]``. Material's segmenter
  starts at the query's first character and gives up (searching the whole query as one word)
  when no word starts there: 丢钥匙, 退押金 and 开发票 found nothing. The prelude cuts the run
  into the index's words wherever they are, drops a one-character verb or particle left between
  them, and adds the handbook's word for each said word of ``procedures/search.yaml`` in the
  query (噪音 also searches what the alias leads to). When it finds nothing, Material's
  segmenter decides as before.
- Which query words a result matched is decided by ``includes``, not ``startsWith`` (in
  Material's ``getSearchQueryTerms``): the prelude also searches a word inside longer words
  (维修 in 户内维修), and such a match must count, and be highlighted on arrival.
- Results pass through a wrapped ``postMessage`` that ranks the pages as a whole (see the
  prelude), gives a page matched only in its sections the words matched there, so its link
  highlights them on arrival (Material sends ``?h=`` empty), and cuts each snippet to the passage
  around its first match.

Each change is recognised by its shape; when one is not found the build warns and the worker
is left as Material wrote it (with the loop fix, if that was found).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

# for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)
_LOOP = re.compile(
    r"for\(let (?P<j>[\w$]+)=(?P<i>[\w$]+)\+1;(?P=j)(?P<cmp><=?)(?P<q>[\w$]+)\.length;(?P=j)\+\+\)"
    r"(?P=q)\.slice\((?P=i),(?P=j)\)in [\w$]+&&"
)
WORKER_GLOB = "assets/javascripts/workers/search.*.min.js"
# [...fe(s,this.index.invertedIndex)]
_CALL = re.compile(r"\[\.\.\.(?P<fn>[\w$]+)\((?P<run>[\w$]+),this\.index\.invertedIndex\)\]")
PRELUDE = Path(__file__).with_name("search_prelude.js")
# e[s].startsWith(o.term): which query words a result matched (Material's getSearchQueryTerms)
_MATCHED = re.compile(r"(?P<tok>[\w$]+\[[\w$]+\])\.startsWith\((?P<clause>[\w$]+)\.term\)")
_PRELUDE_START = "/* handbook search prelude"
_PRELUDE_END = "\n/* end of handbook search prelude */\n"
_ALIAS_SLOT = "/*HANDBOOK_ALIASES*/{}"
_PAGES_SLOT = "/*HANDBOOK_PAGES*/{}"
# The character tables and titles (handbook.site.search_tables): slot -> value written there.
# lunr's Builder, whose build() the prelude wraps to take the index for pinyin queries, and the
# global Material gives lunr (self.lunr=...): both must be there, or a pinyin query finds nothing.
_BUILDER = re.compile(r"\.Builder\.prototype\.build=function\(\)\{")
_LUNR_GLOBAL = re.compile(r"self\.lunr=")
TABLE_SLOTS = {"t2s": '/*HANDBOOK_T2S*/""', "pinyin": "/*HANDBOOK_PINYIN*/{}", "first": "/*HANDBOOK_FIRST*/{}",
               "titles": "/*HANDBOOK_TITLES*/{}",
               "origins": "/*HANDBOOK_ORIGINS*/{}", "descriptions": "/*HANDBOOK_DESCRIPTIONS*/{}",
               "pending": "/*HANDBOOK_PENDING*/0.1"}


def fix_query_segmenter(script: str) -> str | None:
    """The worker script with the segmenter's loop bound fixed; None if the loop is not found."""
    matches = list(_LOOP.finditer(script))
    if len(matches) != 1:
        return None
    match = matches[0]
    if match.group("cmp") == "<=":
        return script
    start, end = match.span("cmp")
    return script[:start] + "<=" + script[end:]


def _js(table: Mapping[str, list[str]]) -> str:
    return json.dumps(dict(sorted(table.items())), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def _value(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).replace("</", "<\\/")


def add_prelude(script: str, aliases: Mapping[str, list[str]], pages: Mapping[str, list[str]] | None = None,
                tables: Mapping[str, object] | None = None) -> str | None:
    """The worker with the handbook's prelude in front and its segmenter call routed through it;
    None if the call is not found. A prelude added before (``mkdocs serve``) is replaced.
    ``aliases``: said word -> words searched with it; ``pages``: said word -> pages (sops/<id>,
    roles/<id>, forms/<id>); ``tables``: values for ``TABLE_SLOTS`` (t2s: pairs of characters,
    pinyin: syllable -> characters, first: the same for characters of several readings by their
    first one only, titles: page -> title, origins: page -> the title of the procedure it was
    taken out of, descriptions: role or form page -> what it does in the data's words, pending:
    the search weight of a pending revision's page against its page in force)."""
    prelude = PRELUDE.read_text(encoding="utf-8")
    prelude = prelude.replace(_ALIAS_SLOT, _js(aliases)).replace(_PAGES_SLOT, _js(pages or {}))
    for name, slot in TABLE_SLOTS.items():
        if tables and name in tables:
            prelude = prelude.replace(slot, slot.split("*/")[0] + "*/" + _value(tables[name]))
    prelude = prelude.rstrip("\n") + _PRELUDE_END
    if script.startswith(_PRELUDE_START):  # done before: only the aliases may have changed
        return prelude + script.split(_PRELUDE_END, 1)[-1]
    matches, matched = list(_CALL.finditer(script)), list(_MATCHED.finditer(script))
    if len(matches) != 1 or len(matched) != 1:
        return None
    # The prelude searches a word also inside longer words (*维修* finds 户内维修), so a word
    # counts as matched when a matched word contains it, not only when one begins with it.
    m = matched[0]
    script = script[:m.start()] + f"{m['tok']}.includes({m['clause']}.term)" + script[m.end():]
    match = next(_CALL.finditer(script))
    call = f"[...self.handbookSegment({match['run']},this.index.invertedIndex,{match['fn']})]"
    return prelude + script[:match.start()] + call + script[match.end():]


def fix_workers(site_dir: Path, aliases: Mapping[str, list[str]] | None = None,
                pages: Mapping[str, list[str]] | None = None, tables: Mapping[str, object] | None = None) -> list[str]:
    """Fix every search worker of a built site in place and give it the handbook's ``aliases``
    (said word -> words searched with it) and alias ``pages`` (said word -> sops/<id>); return
    what could not be fixed (Chinese)."""
    paths = sorted(site_dir.glob(WORKER_GLOB))
    if not paths:
        return [f"未找到 Material 的搜索脚本 {WORKER_GLOB}：中文查询的分词修正没有生效"]
    problems = []
    for path in paths:
        script = path.read_text(encoding="utf-8")
        fixed = fix_query_segmenter(script)
        if fixed is None:
            problems.append(
                f"{path.relative_to(site_dir).as_posix()}：Material 的查询分词代码与预期不同（主题已升级？），"
                "中文查询可能只按首字搜索；请检查 hooks/handbook_mkdocs/search_worker.py"
            )
            continue
        cut = add_prelude(fixed, aliases or {}, pages, tables)
        if cut is None:
            problems.append(
                f"{path.relative_to(site_dir).as_posix()}：Material 的查询分词调用与预期不同（主题已升级？），"
                "“丢钥匙”“退押金”这类查询和常用说法将搜不到；请检查 hooks/handbook_mkdocs/search_worker.py"
            )
            cut = fixed
        elif not (_BUILDER.search(cut) and _LUNR_GLOBAL.search(cut)):
            problems.append(
                f"{path.relative_to(site_dir).as_posix()}：Material 的搜索脚本里找不到 lunr.Builder 或 self.lunr（主题已升级？），"
                "拼音查询将搜不到；请检查 hooks/handbook_mkdocs/search_worker.py 和 search_prelude.js"
            )
        if cut != script:
            path.write_text(cut, encoding="utf-8")
    return problems
