"""The 手机扫码访问 poster (``appendix/poster.md``): one A4 sheet for the front desk with the QR code
of the handbook's address, so that staff open it on their phones (WeChat's scanner opens it in its
own browser). The code is drawn at build time by segno (no script, no request); without a public
``site_url`` the page says so instead of printing a code that leads nowhere."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.manual.manual import Manual
from handbook.render import urls
from handbook.render.fragments import appendix_nav
from handbook.render.markup import Md
from handbook.render.printing import live_base, qr_svg
from handbook.render.stamp import maint_note
from handbook.render.spec import PageSpec, SiteOptions
from handbook.render.templating import render

TITLE = "手机扫码访问"


def poster_page(manual: Manual, site_url: str | None) -> Md:
    hb = manual.handbook
    base = live_base(site_url)
    if base is None:
        return (
            Md("手册还没有设置对内网公开的地址，暂时不能生成扫码海报。请联系手册的维护人员。\n\n")
            + maint_note(Md(
                "在 `mkdocs.yml` 中把 `site_url` 设为手册在内网上的地址（如 `http://handbook.example.internal/`），"
                "再运行 `make build`，本页即显示该地址的二维码，可打印张贴在前台。发布方法见《编写与维护指南》。"
                "`make serve` 的 127.0.0.1 地址只在本机有效，不生成二维码。"))
        )
    return (
        Md("打印本页（A4 纵向），张贴在前台和办公室；员工用手机扫码即可随时查阅手册。\n\n")
        + render("poster.html", heading=f"{hb.estate.name} {hb.title}", svg=qr_svg(base), base=base,
                 hotline=hb.estate.hotline)
        + Md("\n")
    )


def pages(manual: Manual, options: SiteOptions) -> Iterator[PageSpec]:
    yield PageSpec(urls.POSTER, TITLE, "appendix", lambda: poster_page(manual, options.site_url),
                   nav=appendix_nav(manual))
