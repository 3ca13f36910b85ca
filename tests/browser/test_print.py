"""Printing: navigation hidden, A4 pages, and each level of a series on its own page."""

from __future__ import annotations

import re
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


LANDSCAPE_WIDTH = 1047  # CSS px across an A4 landscape page inside print.css's 10 mm margins (277 mm)


def media_boxes(pdf: bytes) -> list[tuple[float, float]]:
    """Width and height of each page of a PDF written by Chromium (its MediaBox entries are not compressed)."""
    found = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    return [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in found]


@pytest.mark.parametrize("levels", ["most", "eight"])
def test_matrix_prints_complete_on_landscape_pages(page: Any, site_url: str, levels: str) -> None:
    """The comparison matrix prints on A4 landscape (the PDF's pages are wider than high), and laid out at
    that page's width under print media every column lies on the page: 8 levels in one table, a longer
    series in parts, each part with the label column (项目) and its own levels, all levels once."""
    every = catalogue()["series"]
    series = (
        max(every, key=lambda s: len(s["levels"]))
        if levels == "most"
        else next(s for s in every if len(s["levels"]) == 8)
    )
    page.set_viewport_size({"width": LANDSCAPE_WIDTH, "height": 740})
    page.goto(f"{site_url}/{series_url(series['id'])}matrix/")
    boxes = media_boxes(page.pdf(prefer_css_page_size=True))
    assert boxes and all(width > height for width, height in boxes), boxes
    page.emulate_media(media="print")
    tables = [t for t in page.locator("article table").all() if t.is_visible()]
    names = [lv["name"] for lv in series["levels"]]
    shown: list[str] = []
    for table in tables:
        heads = [h.strip() for h in table.locator("thead th").all_inner_texts()]
        assert heads[0] == "项目"
        shown += heads[1:]
        box = table.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= LANDSCAPE_WIDTH + 0.5, (heads, box)
        cut = table.evaluate(
            "t => [...t.querySelectorAll('th, td')]"
            ".filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent)"
        )
        assert cut == []
    assert shown == names
    assert len(tables) == (1 if len(names) <= 8 else -(-len(names) // 8))
    if len(tables) > 1:  # each part after the first starts a new page
        parts = page.locator(".matrix-part")
        assert parts.nth(1).evaluate("e => getComputedStyle(e).breakBefore") == "page"
