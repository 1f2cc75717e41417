"""What ``mkdocs serve`` shows while the data has errors: a page listing the problems.

Without it a failed rebuild leaves the server waiting for a good build, so every page request
hangs and the messages are only in the terminal. Under ``serve`` the hook builds this page
instead, at the address of every page of the handbook (the one being edited stays open in the
browser); it says where each problem is (file:line:column), what is wrong and what to do, and
reloads by itself when a save changes the result. ``mkdocs build`` still fails (see the hook).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from handbook.data.problems import SEVERITY_LABEL, Problem, errors, warnings
from handbook.render import urls
from handbook.render.markup import escape_text

TITLE = "手册数据有错误"

#: Reload when the served page is no longer this error page (fixed, or other errors): the
#: livereload script of ``mkdocs serve`` does it for normal pages; this also covers a 404, which
#: the server sends without that script. Plain script, no request to another host.
_RELOAD = """<script>
(function () {
  var mark = document.querySelector("[data-handbook-error]");
  if (!mark) return;
  var me = mark.getAttribute("data-handbook-error");
  setInterval(function () {
    fetch(location.href, {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (text) {
      if (text.indexOf('data-handbook-error="' + me + '"') < 0) location.reload();
    }).catch(function () {});
  }, 1500);
})();
</script>"""


def digest(problems: Iterable[Problem]) -> str:
    text = "\n".join(p.format() for p in sorted(problems))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def error_page(problems: list[Problem]) -> str:
    """The Markdown of the error page (raw HTML inside; every text from the data is escaped, line
    breaks included, so that no message can end the HTML block and be read as Markdown)."""
    ordered = sorted(problems)
    n_err, n_warn = len(errors(ordered)), len(warnings(ordered))
    items = []
    for p in ordered:
        hint = f'<br><span class="data-error-hint">提示：{escape_text(p.hint)}</span>' if p.hint else ""
        items.append(
            f'<li class="data-error-{p.severity}"><code>{escape_text(p.location)}</code> '
            f"<strong>{SEVERITY_LABEL[p.severity]}</strong>：{escape_text(p.message)}{hint}</li>"
        )
    count = f"{n_err} 个错误" + (f"、{n_warn} 个警告" if n_warn else "")
    return (
        f'---\ntitle: "{TITLE}"\nsearch:\n  exclude: true\n---\n\n# {TITLE}\n\n'
        f'<div class="data-errors" data-handbook-error="{digest(ordered)}">\n'
        f"<p>数据中有 {count}，手册页面暂未生成。请按下面的位置（文件:行:列）改正后保存，"
        "本页会自动刷新；全部改正后显示原来的页面。</p>\n"
        f'<ol class="data-error-list">{"".join(items)}</ol>\n'
        "<p>在终端运行 <code>make check</code> 可以看到同样的清单。</p>\n"
        "</div>\n\n" + _RELOAD + "\n"
    )


def page_paths(data_dir: Path, known: Iterable[str]) -> list[str]:
    """Every page address the error page is put at: the last good build's pages, and the pages
    the data files would give (so that the first build under ``serve`` can fail too)."""
    paths = set(known) | {urls.COVER}
    for folder in (urls.SOPS, urls.ROLES, urls.FORMS):
        for file in sorted((data_dir / folder).glob("*.yaml")):
            paths.update(urls.pages_of_data_file(f"{folder}/{file.name}"))
    return sorted(paths)
