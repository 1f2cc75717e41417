"""The 手机扫码访问 poster (``appendix/poster.md``): one A4 sheet for the front desk with the QR code
of the handbook's address, so that staff open it on their phones (WeChat's scanner opens it in its
own browser). The code is drawn at build time by segno (no script, no request); without a public
``site_url`` the page says so instead of printing a code that leads nowhere."""

from __future__ import annotations

from handbook.manual.manual import Manual
from handbook.render.markup import attr, heading
from handbook.render.printing import live_base, qr_svg
from handbook.render.stamp import maint_note

PAGE = "appendix/poster.md"
TITLE = "手机扫码访问"


def poster_page(manual: Manual, site_url: str | None) -> str:
    hb = manual.handbook
    base = live_base(site_url)
    name = f"{hb.estate.name} {hb.title}"
    if base is None:
        return (
            heading(TITLE) + "\n"
            "手册还没有设置对内网公开的地址，暂时不能生成扫码海报。请联系手册的维护人员。\n\n"
            + maint_note(
                "在 `mkdocs.yml` 中把 `site_url` 设为手册在内网上的地址（如 `http://handbook.example.internal/`），"
                "再运行 `make build`，本页即显示该地址的二维码，可打印张贴在前台。发布方法见《编写与维护指南》。"
                "`make serve` 的 127.0.0.1 地址只在本机有效，不生成二维码。")
        )
    return (
        heading(TITLE) + "\n"
        "打印本页（A4 纵向），张贴在前台和办公室；员工用手机扫码即可随时查阅手册。\n\n"
        '<div class="poster-sheet">\n'
        f'<p class="poster-name">{attr(name)}</p>\n'
        '<p class="poster-title">手机扫码 · 随时查阅</p>\n'
        f'<div class="poster-qr">{qr_svg(base)}</div>\n'
        f'<p class="poster-url">{attr(base)}</p>\n'
        '<ol class="poster-steps">'
        "<li>打开微信，点右上角“+”，选“扫一扫”，对准上面的二维码。</li>"
        "<li>在打开的页面右上角点“…”，选“在浏览器打开”或“收藏”，下次直接打开。</li>"
        "<li>页面顶部的搜索框输入两三个字（如“投诉”“钥匙”）即可找到程序；每个程序都有前台检查单。</li>"
        "</ol>\n"
        f'<p class="poster-note">手册发布在管理处内网时，须连上办公室的网络才能打开。服务电话 {attr(hb.estate.hotline)}</p>\n'
        "</div>\n"
    )
