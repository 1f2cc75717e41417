"""Laying out the books with WeasyPrint: local files only, fonts from the machine.

WeasyPrint (CSS Paged Media) gives what a browser's print dialog cannot: page numbers in the table
of contents (``target-counter``), PDF bookmarks (``bookmark-level``), running heads from the content
(``string-set``), named pages for landscape sheets. It needs Debian's pango (``libpango-1.0-0``,
``libpangoft2-1.0-0``, ``libharfbuzz-subset0``) and the CJK fonts of ``fonts-noto-cjk``.

Nothing is fetched: before WeasyPrint reads a style sheet, :func:`sheet_problems` finds every
address in it (``@import``, ``url()``, a font's ``src``) and refuses, located, any that is not a
file under the sheets' folders (or inline ``data:``); :class:`LocalFetcher` refuses the same for
anything else WeasyPrint asks for (an image in the HTML), and the build fails naming the address. A PDF is
written through :class:`~handbook.data.write.Output`: never into the data, never through a link
that leads out of the folder it is written to (:class:`~handbook.data.write.Refused`).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from handbook.data.problems import Problem, display_path, shown
from handbook.data.write import Output
from handbook.manual.manual import Manual
from handbook.paper import document

PAPER_CSS = Path(__file__).with_name("paper.css")
#: The files ``make pdf`` writes.
HANDBOOK_PDF = "handbook.pdf"
BINDER_PDF = "checklists.pdf"
FORMS_PDF = "forms.pdf"
PDF_FILES = (HANDBOOK_PDF, BINDER_PDF, FORMS_PDF)


def pdf_folder(root: Path, estate_id: str | None) -> Path:
    """Where ``make pdf`` puts an estate's PDFs (``pdf/<id>/``; ``pdf/`` for a one-estate
    handbook), and where the site build looks for them: each estate's site links its own."""
    return root / estate_id if estate_id else root


class PaperError(Exception):
    """A PDF cannot be made (WeasyPrint or its system libraries missing, a remote address);
    ``problems`` locates what is wrong in a style sheet, when that is the cause."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


def _weasyprint() -> Any:  # the weasyprint module (untyped)
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: pango missing
        raise PaperError(
            "无法载入 WeasyPrint：" + str(exc).splitlines()[0]
            + "\n    提示：pip install weasyprint；并安装系统库 apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
            "libharfbuzz-subset0 fonts-noto-cjk"
        ) from None
    return weasyprint


def is_local(url: str, roots: list[Path]) -> bool:
    """Whether ``url`` is inline (``data:``) or a file under one of ``roots`` (resolved), links
    followed: the only addresses the printed handbook reads."""
    parts = urlsplit(url)
    if parts.scheme == "data":
        return True
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    try:
        path = Path(unquote(parts.path)).resolve()
    except (OSError, RuntimeError):
        return False
    return any(path.is_relative_to(r.resolve()) for r in roots)


def local_fetcher(roots: list[Path]) -> Any:
    """A URL fetcher that serves files under ``roots`` and ``data:`` URLs, and refuses the rest."""
    weasyprint = _weasyprint()
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    allowed = [r.resolve() for r in roots]

    class LocalFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint's classes are untyped
        def fetch(self, url: str, headers: Any = None) -> Any:
            if is_local(url, allowed):
                return super().fetch(url, headers)
            raise FatalURLFetchingError(f"打印版只读取手册自己的样式表，不读取其他资源：{url}")

    del weasyprint
    return LocalFetcher(allowed_protocols=("file", "data"))


def sheet_problems(sheets: list[Path], roots: list[Path]) -> list[Problem]:
    """Every address in the style sheets that the printed handbook would not read (an ``@import``,
    a ``url()``, a font's ``src``, an ``image-set``), located: found by reading the sheets, before
    WeasyPrint sees them, so that none is fetched or even asked for — also one for a medium the
    book is not printed in."""
    problems: list[Problem] = []
    read: set[Path] = set()
    for sheet in sheets:
        problems += _sheet_problems(sheet, roots, (), read)
    return problems


#: How deep ``@import`` may nest: WeasyPrint follows imports without noticing a circle, and a sheet
#: that imports itself was read again and again (the PDF never finished).
MAX_IMPORT_DEPTH = 8


def _sheet_problems(sheet: Path, roots: list[Path], importers: tuple[Path, ...], read: set[Path]) -> list[Problem]:
    """The problems of one sheet and of the local sheets it imports (each read once); ``importers``
    are the sheets that led here, outermost first."""
    import tinycss2

    shown_as = display_path(sheet)
    try:
        text = sheet.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem(shown_as, 0, 0, f"无法读取样式表：{shown(exc)}", "检查 --css 给出的文件",
                        code="paper.style-sheet")]
    read.add(sheet.resolve())
    problems: list[Problem] = []
    base = sheet.resolve().as_uri()
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    for token, address, how in _addresses(rules):
        url = urljoin(base, address.strip())
        if not is_local(url, roots):
            problems.append(Problem(
                shown_as, token.source_line, token.source_column,
                f"样式表引用了外部地址 {shown(address)}（{how}）：打印版只读取手册自己的样式表和 data: 内嵌资源，"
                "不读取任何网址，未生成",
                "删去这条规则；需要的文件放进样式表所在的文件夹，用相对地址引用", code="paper.remote-address",
            ))
            continue
        if how != "@import" or urlsplit(url).scheme != "file":
            continue
        target = Path(unquote(urlsplit(url).path)).resolve()
        chain = [*importers, sheet.resolve()]
        if target in chain:
            circle = " → ".join(display_path(p) for p in [*chain[chain.index(target):], target])
            problems.append(Problem(
                shown_as, token.source_line, token.source_column,
                f"样式表的 @import 绕成了圈：{circle}，未生成",
                "删去这条 @import：一个样式表不能（经由别的样式表）导入它自己", code="paper.import-circle"))
        elif not target.is_file():
            problems.append(Problem(
                shown_as, token.source_line, token.source_column,
                f"样式表导入的文件 {shown(address)} 不存在，未生成",
                "改正文件名，或删去这条 @import", code="paper.import-missing"))
        elif len(chain) >= MAX_IMPORT_DEPTH:
            problems.append(Problem(
                shown_as, token.source_line, token.source_column,
                f"样式表的 @import 嵌套超过 {MAX_IMPORT_DEPTH} 层，未生成",
                "把导入的样式表直接列在一处，不要层层导入", code="paper.import-depth"))
        elif target not in read:
            problems += _sheet_problems(target, roots, tuple(chain), read)
    return problems


def _addresses(nodes: Any, in_import: bool = False) -> Iterator[tuple[Any, str, str]]:
    """(token, address, how it is written) for every address in tinycss2's ``nodes``."""
    for node in nodes or ():
        kind = getattr(node, "type", "")
        if kind == "at-rule":
            importing = node.lower_at_keyword == "import"
            yield from _addresses(node.prelude, importing)
            yield from _addresses(node.content)
        elif kind == "qualified-rule":
            yield from _addresses(node.prelude)
            yield from _addresses(node.content)
        elif kind == "string" and in_import:
            yield node, node.value, "@import"
        elif kind == "url":
            yield node, node.value, "@import" if in_import else "url()"
        elif kind == "function":
            name = node.lower_name
            if name in ("url", "src", "image-set", "-webkit-image-set"):
                for arg in node.arguments:
                    if getattr(arg, "type", "") == "string":
                        yield node, arg.value, "@import" if in_import and name == "url" else f"{name}()"
            yield from _addresses(node.arguments)  # its strings are addresses only as said above
        elif kind in ("() block", "[] block", "{} block"):
            yield from _addresses(node.content, in_import)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_css(book: document.Book) -> str:
    """The running head and foot of a book (what they say depends on the data)."""
    return (
        "@page { @top-left { content: " + _css_string(book.head) + "; } "
        '@bottom-left { content: "文件编号 " string(doc-code) " · 版号/改次 " string(doc-rev) '
        '" · 生效日期 " string(doc-date) "\\A " ' + _css_string(book.note) + "; } }\n"
    )


@dataclass(frozen=True)
class Written:
    path: Path
    pages: int
    seconds: float


def write_book(manual: Manual, book: document.Book, out: Path, printed: date, stylesheets: list[Path]) -> Written:
    """Lay out one book and write it to ``out``."""
    weasyprint = _weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    from weasyprint.urls import FatalURLFetchingError

    started = time.perf_counter()
    fonts = FontConfiguration()
    roots = [PAPER_CSS.parent, *(p.parent for p in stylesheets)]
    refused = sheet_problems([*stylesheets, PAPER_CSS], roots)
    if refused:
        raise PaperError("\n".join(p.format() for p in refused), refused)
    fetcher = local_fetcher(roots)
    css = []
    for sheet in [*stylesheets, PAPER_CSS]:  # each read inside the guard: an address in it is a message
        try:
            css.append(weasyprint.CSS(filename=str(sheet), url_fetcher=fetcher, font_config=fonts,
                                      media_type="print"))
        except FatalURLFetchingError as exc:  # a BaseException in WeasyPrint: never a traceback
            raise PaperError(f"样式表 {display_path(sheet)}：{exc}") from None
    css.append(weasyprint.CSS(string=page_css(book), font_config=fonts))
    html = weasyprint.HTML(string=document.to_html(manual, book, printed), base_url=str(PAPER_CSS.parent) + "/",
                           url_fetcher=fetcher, media_type="print")
    try:
        rendered = html.render(stylesheets=css, font_config=fonts)
    except FatalURLFetchingError as exc:  # a BaseException in WeasyPrint: turned into a clear error
        raise PaperError(str(exc)) from None
    data = rendered.write_pdf(pdf_variant=None, uncompressed_pdf=False)
    Output(out.parent, (manual.data_dir,)).write(out.name, data)  # never into the data, never through a link out
    return Written(out, len(rendered.pages), time.perf_counter() - started)


def write_all(manual: Manual, out_dir: Path, printed: date, stylesheets: list[Path],
              pending_from: date | None = None) -> list[Written]:
    """``handbook.pdf`` (the whole manual), ``checklists.pdf`` (the binder), ``forms.pdf`` (blank
    forms); with ``pending_from``, of a revision not yet in force, stamped 待生效 on every page."""
    books = [
        (HANDBOOK_PDF, document.manual_book(manual, printed, pending_from)),
        (BINDER_PDF, document.binder_book(manual, printed, pending_from)),
        (FORMS_PDF, document.forms_book(manual, printed, pending_from)),
    ]
    Output(out_dir, (manual.data_dir,)).places([name for name, _ in books])  # refused before any is laid out
    return [write_book(manual, book, out_dir / name, printed, stylesheets) for name, book in books]
