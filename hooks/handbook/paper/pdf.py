"""Laying out the books with WeasyPrint: local files only, fonts from the machine.

WeasyPrint (CSS Paged Media) gives what a browser's print dialog cannot: page numbers in the table
of contents (``target-counter``), PDF bookmarks (``bookmark-level``), running heads from the content
(``string-set``), named pages for landscape sheets. It needs Debian's pango (``libpango-1.0-0``,
``libpangoft2-1.0-0``, ``libharfbuzz-subset0``) and the CJK fonts of ``fonts-noto-cjk``.

Nothing is fetched: :class:`LocalFetcher` refuses every address that is not a file under the
folders it is given (or inline ``data:``), and the build fails naming the address. A PDF is
written through :class:`~handbook.data.write.Output`: never into the data, never through a link
that leads out of the folder it is written to (:class:`~handbook.data.write.Refused`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

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
    """A PDF cannot be made (WeasyPrint or its system libraries missing, a remote address)."""


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


def local_fetcher(roots: list[Path]) -> Any:
    """A URL fetcher that serves files under ``roots`` and ``data:`` URLs, and refuses the rest."""
    weasyprint = _weasyprint()
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    allowed = [r.resolve() for r in roots]

    class LocalFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint's classes are untyped
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file" and parts.netloc in ("", "localhost"):
                path = Path(unquote(parts.path)).resolve()
                if any(path == r or r in path.parents for r in allowed):
                    return super().fetch(url, headers)
            raise FatalURLFetchingError(f"打印版只读取手册自己的样式表，不读取其他资源：{url}")

    del weasyprint
    return LocalFetcher(allowed_protocols=("file", "data"))


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

    started = time.perf_counter()
    fonts = FontConfiguration()
    roots = [PAPER_CSS.parent, *(p.parent for p in stylesheets)]
    fetcher = local_fetcher(roots)
    css = [weasyprint.CSS(filename=str(p), url_fetcher=fetcher, font_config=fonts, media_type="print")
           for p in stylesheets]
    css.append(weasyprint.CSS(filename=str(PAPER_CSS), url_fetcher=fetcher, font_config=fonts))
    css.append(weasyprint.CSS(string=page_css(book), font_config=fonts))
    html = weasyprint.HTML(string=document.to_html(manual, book, printed), base_url=str(PAPER_CSS.parent) + "/",
                           url_fetcher=fetcher, media_type="print")
    from weasyprint.urls import FatalURLFetchingError

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
