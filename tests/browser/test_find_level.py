"""找到我的职级 in Chromium: from the home page to a level page by clicking only, on a desktop and on a phone.

Also: each family tab opens on its landing page, the orientation pages fit a phone's width, and
series that share a name are told apart by their standard's title in the sidebar, the page title
and search.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

import pytest

from generator.handbook.model import assemble, shared
from generator.handbook.paths import family_path
from tests.browser.helpers import level_url, search, series_url, url
from tests.helpers import ROOT, standards

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SITE_NAME = "任职资格手册"


def heading(page: Any) -> str:
    """The page's H1 as a reader sees it, without Material's permalink sign."""
    return str(page.locator("article h1").first.inner_text()).removesuffix("¶").strip()


def open_summary(page: Any, scope: Any, text: str) -> Any:
    """Click the summary of a closed details block that reads `text`; return the opened block."""
    block = scope.locator(f"xpath=./details[summary[normalize-space()='{text}']]").first
    block.locator("xpath=./summary").click()
    page.wait_for_function("(d) => d.open", arg=block.element_handle())
    return block


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_home_to_a_level_by_clicking_department_role_and_level(
    page: Any, site_url: str, viewport: dict[str, int]
) -> None:
    """首页 → 找到我的职级 → 客服部 → 审核助理 → the 审核助理 level page, clicks only (no typing)."""
    page.set_viewport_size(viewport)
    page.goto(f"{site_url}/")
    page.locator("article").get_by_role("link", name="找到我的职级").first.click()
    page.wait_for_url("**/find/")
    assert heading(page) == "找到我的职级"
    article = page.locator("article")
    department = open_summary(page, article, "客服部")
    role = open_summary(page, department, "审核助理")
    link = role.get_by_role("link", name="审核助理", exact=True)
    assert link.is_visible()
    link.click()
    page.wait_for_url(f"**/{level_url('cs-auditors', 'audit-assistant')}")
    assert heading(page) == "审核助理"
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_a_role_in_two_standards_lists_both_and_reaches_either(page: Any, site_url: str) -> None:
    """客服人员 (no department named) opens both 客服岗位定级方案 and reaches a level of the second by clicking."""
    page.set_viewport_size(DESKTOP)
    page.goto(f"{site_url}/find/")
    department = open_summary(page, page.locator("article"), "客服类标准（原文未说明部门）")
    role = open_summary(page, department, "客服人员")
    text = role.inner_text()
    assert "《客服岗位定级方案（C级、B级、A级）》" in text
    assert "《客服岗位定级方案（初级、中级、高级、资深客服）》" in text
    role.get_by_role("link", name="资深客服", exact=True).click()
    page.wait_for_url(f"**/{level_url('cs-grading-plan', 'cs-plan-veteran')}")


def test_the_finder_is_in_the_navigation(page: Any, site_url: str) -> None:
    """找到我的职级 is the tab after 首页 and opens the page."""
    page.set_viewport_size(DESKTOP)
    page.goto(f"{site_url}/series/cs-dept/")
    tabs = page.locator(".md-tabs__link")
    assert tabs.all_inner_texts()[:2] == ["首页", "找到我的职级"]
    tabs.nth(1).click()
    page.wait_for_url("**/find/")


def test_each_family_tab_opens_its_landing_page(page: Any, site_url: str) -> None:
    """Clicking 客服 (or any family tab) shows the list of its standards by department, not its first series."""
    page.set_viewport_size(DESKTOP)
    for family, _entries in assemble(standards()).families:
        page.goto(f"{site_url}/")
        page.locator(".md-tabs__link", has_text=family).first.click()
        landing = "/" + url(family_path(family))
        page.wait_for_url(lambda address, landing=landing: unquote(address).endswith(landing))
        assert heading(page) == f"{family}类标准"
        assert page.title() == f"{family}类标准 - {SITE_NAME}"
    headings = [h.removesuffix("¶").strip() for h in page.locator("article h2").all_inner_texts()]
    assert headings == ["原文未说明部门"]  # 综合: neither standard names a department
    page.goto(f"{site_url}/{url(family_path('客服'))}")
    headings = [h.removesuffix("¶").strip() for h in page.locator("article h2").all_inner_texts()]
    assert headings == ["客服部", "原文未说明部门"]


@pytest.mark.parametrize("path", ["", "find/", url(family_path("客服"))], ids=["home", "finder", "landing"])
def test_orientation_pages_fit_a_phone(page: Any, site_url: str, path: str) -> None:
    """At 390 px the page does not scroll sideways, with every details block of the finder open."""
    page.set_viewport_size(PHONE)
    page.goto(f"{site_url}/{path}")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_series_sharing_a_name_are_told_apart_in_sidebar_title_and_search(page: Any, site_url: str) -> None:
    """The three 客服岗位级别（…） series show their standard's title in the sidebar, the tab title and search."""
    entries = [e for e in assemble(standards()).entries if shared(e.series.name) == "客服岗位级别"]
    assert len(entries) == 3
    page.set_viewport_size(DESKTOP)
    for e in entries:
        page.goto(f"{site_url}/{series_url(e.series.id)}")
        assert page.title() == f"{e.title} - {SITE_NAME}"
        assert heading(page) == e.title
        sidebar = [t.strip() for t in page.locator(".md-sidebar--primary .md-nav__link").all_inner_texts()]
        assert all(other.title in sidebar for other in entries), sidebar
    for e in entries:  # a search for the series' own name lists it under its told-apart title (rank: search's job)
        found = search(page, site_url, e.series.name)
        titles = page.locator(".md-search-result__item > .md-search-result__link h1").all_inner_texts()
        assert series_url(e.series.id) in found, found
        assert titles[found.index(series_url(e.series.id))].replace("\u200b", "") == e.title  # jieba's word breaks


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("path", ["find/", url(family_path("客服"))], ids=["finder", "landing"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_orientation_pages_have_no_serious_accessibility_violation(
    page: Any, site_url: str, path: str, scheme: str
) -> None:
    """axe-core finds no serious or critical violation on the finder (every block open) and a landing page."""
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{site_url}/{path}")
    page.wait_for_load_state("networkidle")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
