"""A one-character fix to Material's search worker, so that a Chinese query is cut into whole words.

The browser has no jieba. Material's worker cuts a Chinese query into the words the index knows
(``segment`` in ``src/templates/assets/javascripts/integrations/search/query/segment``), but its
loop looks only at pieces *shorter* than the query::

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
"""

from __future__ import annotations

import re
from pathlib import Path

# for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)
_LOOP = re.compile(
    r"for\(let (?P<j>[\w$]+)=(?P<i>[\w$]+)\+1;(?P=j)(?P<cmp><=?)(?P<q>[\w$]+)\.length;(?P=j)\+\+\)"
    r"(?P=q)\.slice\((?P=i),(?P=j)\)in [\w$]+&&"
)
WORKER_GLOB = "assets/javascripts/workers/search.*.min.js"


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


def fix_workers(site_dir: Path) -> list[str]:
    """Fix every search worker of a built site in place; return what could not be fixed (Chinese)."""
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
                "中文查询可能只按首字搜索；请检查 hooks/handbook/search_worker.py"
            )
        elif fixed != script:
            path.write_text(fixed, encoding="utf-8")
    return problems
