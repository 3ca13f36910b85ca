"""Printing: navigation hidden, A4 pages, and each level of a series on its own page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import catalogue, level_url, series_url

pytestmark = pytest.mark.browser

HIDDEN_IN_PRINT = (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer")


def test_print_media_hides_navigation(page: Any, site_url: str) -> None:
    """Under print media the header, tabs, sidebars and footer are gone; the content stays."""
    series = catalogue()["series"][0]
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{site_url}/{level_url(series['id'], series['levels'][0]['id'])}")
    assert all(page.locator(selector).first.is_visible() for selector in (".md-header", ".md-sidebar--primary"))
    page.emulate_media(media="print")
    for selector in HIDDEN_IN_PRINT:
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("article h1").first.is_visible()
    assert page.locator("article table").first.is_visible()


def test_print_page_puts_each_level_on_its_own_page(page: Any, site_url: str) -> None:
    """The 打印本序列 page holds every level, each after a forced page break; rows never split."""
    series = max(catalogue()["series"], key=lambda s: len(s["levels"]))
    page.goto(f"{site_url}/{series_url(series['id'])}print/")
    page.emulate_media(media="print")
    headings = [h.removesuffix("¶").strip() for h in page.locator("article h2").all_inner_texts()]
    assert [level["name"] for level in series["levels"]] == [
        h for h in headings if h in {lv["name"] for lv in series["levels"]}
    ]
    breaks = page.locator(".page-break")
    assert breaks.count() == len(series["levels"])
    style = breaks.first.evaluate("e => getComputedStyle(e).breakBefore")
    assert style == "page"
    row = page.locator("article tr").first.evaluate("e => getComputedStyle(e).breakInside")
    assert row == "avoid"
    pdf = page.pdf(format="A4")
    assert (
        pdf.startswith(b"%PDF")
        and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page>") + pdf.count(b"/Type/Page") >= 1
    )
