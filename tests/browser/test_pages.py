"""Every series and level from `competency list --json` has its page, with the differences to the next level."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest

from devtools import ROOT
from generator.handbook.requirements import compare
from generator.handbook.views import placement_changes
from generator.validation import validate
from tests.browser.helpers import catalogue, level_url, series_objects, series_url

pytestmark = pytest.mark.browser

FETCH_TITLES = """async urls => Promise.all(urls.map(async url => {
    const response = await fetch(url);
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const h1 = doc.querySelector("article h1");
    return [response.status, h1 ? h1.firstChild.textContent.trim() : null];
}))"""


def test_every_series_and_level_has_its_page(page: Any, site_url: str) -> None:
    """Each series page lists its levels in order; each level page (fetched by the page) carries the level's name."""
    for series in catalogue()["series"]:
        response = page.goto(f"{site_url}/{series_url(series['id'])}", wait_until="domcontentloaded")
        assert response.status == 200, series["id"]
        assert page.locator("article h1").first.evaluate("h => h.firstChild.textContent.trim()") == series["name"]
        table = page.locator("#levels ~ .md-typeset__scrollwrap table").first
        listed = table.locator("tbody tr td:nth-child(2)").all_inner_texts()
        assert listed == [level["name"] for level in series["levels"]]
        urls = [f"{site_url}/{level_url(series['id'], level['id'])}" for level in series["levels"]]
        found = page.evaluate(FETCH_TITLES, urls)
        assert found == [[200, level["name"]] for level in series["levels"]]


def test_nav_tabs_follow_the_families(page: Any, site_url: str) -> None:
    """The top tabs are home, the families that have series, the calculators and the guides."""
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{site_url}/")
    tabs = page.locator(".md-tabs__link").all_inner_texts()
    assert tabs[0] == "首页" and tabs[-1] == "指南"
    families = list(validate(ROOT / "standards").labels.family)
    assert [t for t in tabs if t in families] == [f for f in families if f in tabs]


def test_a_level_pages_sidebar_opens_its_own_series_only(page: Any, site_url: str) -> None:
    """The sidebar lists every series of the family but the levels of the open series only (it stays short)."""
    sales = [s for s in catalogue()["series"] if s["id"] in ("sales-center", "sales-titles")]
    assert len(sales) == 2, "the committed standards have these two sales series"
    own, other = sales
    page.goto(f"{site_url}/{level_url(own['id'], own['levels'][0]['id'])}")
    sidebar = page.locator(".md-sidebar--primary .md-nav__link")
    hrefs = [href for link in sidebar.element_handles() if (href := page.evaluate("(a) => a.href", link))]
    texts = sidebar.all_inner_texts()
    assert other["name"] in [text.strip() for text in texts]
    for level in own["levels"]:
        assert any(href.endswith("/" + level_url(own["id"], level["id"])) for href in hrefs), level["id"]
    assert not any(f"/series/{other['id']}/levels/" in href for href in hrefs)


def _level_with_changes() -> tuple[Any, Any, Any, list[Any]]:
    """The first level whose next level differs in its written requirements (computed from the data)."""
    labels = validate(ROOT / "standards").labels
    for series in series_objects():
        for lower, upper in zip(series.levels, series.levels[1:], strict=False):
            changes = compare(lower, upper, series, labels.requirement_kind)
            if changes:
                return series, lower, upper, placement_changes(series, lower, upper, labels) + changes
    raise AssertionError("no two neighbouring levels differ in their requirements")


def test_level_page_shows_the_next_levels_differences(page: Any, site_url: str) -> None:
    """'与下一级相比' names the next level and lists what is added, tightened or dropped."""
    series, lower, upper, changes = _level_with_changes()
    page.goto(f"{site_url}/{level_url(series.id, lower.id)}")
    heading = page.get_by_role("heading", name=f"与下一级相比：{upper.name}")
    assert heading.is_visible()
    table = page.locator("h2:has-text('与下一级相比') + .md-typeset__scrollwrap table").first
    rows = table.locator("tbody tr")
    assert rows.count() == len(changes)
    for row, change in zip(rows.all(), changes, strict=True):
        cells = row.locator("td").all_inner_texts()
        assert cells[:2] == [change.verb, change.label]
    link = page.get_by_role("link", name=f"下一级：{upper.name} →")
    link.click()
    page.wait_for_url(f"**/{level_url(series.id, upper.id)}")


def test_footer_shows_standards_version_and_pages_their_update_date(page: Any, site_url: str) -> None:
    """The footer carries the standards' version; each page its last update date."""
    series = catalogue()["series"][0]
    page.goto(f"{site_url}/{level_url(series['id'], series['levels'][0]['id'])}")
    assert page.locator(".handbook-version").inner_text().startswith("标准版本：")
    assert page.locator(".md-source-file").inner_text().strip()[:2] == "20"


def test_rules_are_rendered_from_the_models(page: Any, site_url: str) -> None:
    """Each model of a series has its section, with band intervals written half-open."""
    for series in series_objects():
        scoring = [m for m in series.models if m.kind == "scoring" and m.bands]
        if not scoring:
            continue
        page.goto(f"{site_url}/{series_url(series.id)}")
        for model in series.models:
            assert page.locator(f"#model-{model.id}").is_visible()
        text = page.locator("article").inner_text()
        assert all(band.text() in text for model in scoring for band in model.bands)
        return
    raise AssertionError("no scoring model with bands")


def test_comparison_matrix_scrolls_sideways_on_a_phone(page: Any, site_url: str) -> None:
    """On a phone the matrix scrolls inside its box; the page itself does not get wider than the screen."""
    series = max(catalogue()["series"], key=lambda s: len(s["levels"]))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site_url}/{series_url(series['id'])}matrix/")
    header = page.locator(".matrix table thead th").all_inner_texts()
    assert header[1:] == [level["name"] for level in series["levels"]]
    box = page.locator(".matrix .md-typeset__scrollwrap").first
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_page_head_names_the_change_feeds_and_they_are_atom(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/{level_url('sales-titles', 'seller-2')}")
    links = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    assert [links.nth(i).get_attribute("title") for i in range(links.count())] == [
        "任职资格手册：标准变更记录",
        "《销售人员任职资格》的变更",
    ]
    hrefs = links.evaluate_all("links => links.map(link => link.href)")
    assert hrefs[1].endswith("/changes/sales-titles.xml")
    for href in hrefs:
        response = page.request.get(href)
        assert response.ok
        assert ET.fromstring(response.body()).tag == "{http://www.w3.org/2005/Atom}feed"
    page.goto(f"{site_url}/")
    assert page.locator('head link[rel="alternate"][type="application/atom+xml"]').count() == 1
