"""The built handbook opens in Chromium and makes no request to another host."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_procedure_page_opens_offline(page, site_url: str) -> None:
    page.page.goto(f"{site_url}/sops/complaint-handling/", wait_until="networkidle")
    assert page.page.locator("h1").first.inner_text().startswith("二、客户投诉处理程序")
    assert page.page.locator("figure.flowchart svg").count() == 1
    assert page.external_requests() == []
