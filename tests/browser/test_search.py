"""The header's search box over the Pagefind index: names find their pages first, snippets show content.

One page types every query into the same box (as a reader refining a search does); the result list
says which query it answers (`data-query`), so each query is read when its own results are in.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from generator.handbook.model import assemble
from generator.handbook.paths import family_path
from tests.browser.helpers import catalogue, level_url, series_url, url
from tests.helpers import standards

pytestmark = pytest.mark.browser

BOX = "input.md-search__input"
LINKS = ".md-search-result__item > .md-search-result__link"
SNIPPETS = ".md-search-result__article p:not(.handbook-search__trail)"
ANSWERED = "([q]) => document.querySelector('.md-search-result__list').dataset.query === q"
PHONE = {"width": 390, "height": 844}


@cache
def targets() -> dict[str, frozenset[str]]:
    """Every level name, alias or code, series name, role and standard title, with the pages of that name."""
    found: dict[str, set[str]] = {}
    for series in catalogue()["series"]:
        found.setdefault(series["name"], set()).add(series_url(series["id"]))
        for level in series["levels"]:
            for name in (level["name"], *level["aliases"]):
                found.setdefault(name, set()).add(level_url(series["id"], level["id"]))
    handbook = assemble(standards())
    for about, entries in handbook.standards():
        found.setdefault(about.title, set()).add(url(family_path(about.family)))
        for role in about.applies_to.roles:
            for e in entries:
                if role.series and e.series.id != role.series:
                    continue
                levels = [lv for lv in e.series.levels if lv.id in role.levels]
                if role.levels and not levels:
                    continue  # the role's levels are in another series of its standard
                pages = found.setdefault(role.name, set())  # a role's one level, else its series
                pages.add(level_url(e.series.id, levels[0].id) if len(levels) == 1 else series_url(e.series.id))
    return {name: frozenset(pages) for name, pages in found.items()}


def ask(page: Any, query: str) -> list[str]:
    """Type a query into the open box; the result pages' paths (without the leading slash), in order."""
    page.locator(BOX).fill(query)
    page.wait_for_function(ANSWERED, arg=[query], timeout=15_000)
    paths = page.locator(LINKS).evaluate_all("links => links.map(a => a.pathname)")
    return [unquote(p).lstrip("/") for p in paths]


def opened(page: Any, base: str, path: str = "") -> Any:
    page.goto(f"{base}/{path}")
    page.locator(BOX).click()
    return page


def test_every_name_finds_a_page_of_that_name_first_with_content_in_its_snippets(page: Any, site_url: str) -> None:
    """Level names, aliases and codes (S3, P5-P8), series, roles, standards' titles: their pages come first.

    No snippet of any of these searches quotes the ← 上一级 / 下一级 → line, a permalink sign or a word break.
    """
    opened(page, site_url)
    wrong, bad, shown = [], [], 0
    for name, pages in sorted(targets().items()):
        results = ask(page, name)
        ours = [path in pages for path in results]
        if not ours or not ours[0]:
            wrong.append((name, sorted(pages), results[:3]))
        elif True in ours[ours.index(False) :] if False in ours else False:
            wrong.append((name, "a page of another name comes before one of this name", results))
        snippets = page.locator(SNIPPETS).all_inner_texts()
        shown += sum(1 for s in snippets if s.strip())
        bad += [(name, s) for s in snippets if "上一级" in s or "下一级" in s or "¶" in s or "\u200b" in s]
    assert not wrong, "\n".join(map(str, wrong))
    assert not bad, bad
    assert len(targets()) > 100
    assert shown > 300  # the snippets are there, with content


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("助理三级", level_url("cs-dept", "assistant-3")),  # ranked 5th by Material's lunr search
        ("客户经理", level_url("sales-posts", "account-manager")),  # 2nd, behind 客户服务主管
        ("销售工程师", level_url("sales-titles", "engineer-1")),  # the category: its levels, lowest first
        ("客服岗位级别(C级—A级)", series_url("cs-grading-abc")),  # typed with ASCII brackets and no spaces
        ("s11", level_url("sales-center", "S11")),
    ],
)
def test_the_cases_of_issue_14_rank_first(page: Any, site_url: str, query: str, first: str) -> None:
    results = ask(opened(page, site_url), query)
    assert results[0] == first, results[:5]


def test_a_name_shared_by_series_is_told_apart_by_the_standard(page: Any, site_url: str) -> None:
    """高级客服 names levels in two standards: each result says which standard it is in."""
    results = ask(opened(page, site_url), "高级客服")
    titles = page.locator(f"{LINKS} h1").all_inner_texts()
    trails = page.locator(f"{LINKS} .handbook-search__trail").all_inner_texts()
    mine = [i for i, path in enumerate(results) if path in targets()["高级客服"]]
    assert len(mine) >= 2 and mine == list(range(len(mine)))
    assert len({titles[i] for i in mine}) == len(mine), titles  # each title differs
    assert all("《" in trails[i] for i in mine), trails


def test_no_request_leaves_the_site(page: Any, site_url: str) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    opened(page, site_url)
    for query in ("助理三级", "绩效", "S5"):
        assert ask(page, query)
    page.locator(LINKS).first.click()
    page.wait_for_load_state("networkidle")
    assert any("/pagefind/" in r for r in requests)
    assert all(r.startswith(site_url + "/") for r in requests), [r for r in requests if not r.startswith(site_url)]


def as_published(page: Any, site: Path, base: str) -> None:
    """Serve the sitemap with this server's address for the published one (mkdocs.yml's site_url).

    Material navigates instantly only to the addresses its sitemap lists, which name the published
    site: a test server on another port would get full page loads.
    """
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    published = re.search(r"<loc>(https?://[^/<]+)", text)
    assert published, text[:200]
    body = text.replace(published.group(1), base)
    page.route("**/sitemap.xml", lambda route: route.fulfill(body=body, content_type="application/xml"))


OPEN = "() => document.activeElement.matches('input.md-search__input') && document.querySelector('#__search').checked"


def test_search_works_after_an_instant_navigation_and_opens_the_page_by_keyboard(
    page: Any, site_url: str, built_site: Path
) -> None:
    """After instant navigation the box still searches; ↓ then Enter opens the first result, instantly too."""
    as_published(page, built_site, site_url)
    page.goto(f"{site_url}/", wait_until="networkidle")  # Material's script has set up instant navigation
    page.evaluate("window.__stayed = true")  # a full load would forget it
    page.locator(".md-tabs__link").nth(1).click()
    page.wait_for_function("() => location.pathname !== '/'")
    page.wait_for_load_state("networkidle")  # the new page is swapped in
    assert page.evaluate("window.__stayed") is True
    page.keyboard.press("/")  # the shortcut opens and focuses the box
    # open and focused, also once Material's navigation has settled (it closes the box then; search.js reopens it)
    page.wait_for_function(OPEN)
    page.keyboard.type("助理三级")
    page.wait_for_function(ANSWERED, arg=["助理三级"], timeout=15_000)
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.matches('.md-search-result__link')")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => location.pathname === '/{level_url('cs-dept', 'assistant-3')}'")
    page.wait_for_function("() => document.querySelector('article h1')?.textContent.startsWith('助理三级')")
    assert page.evaluate("window.__stayed") is True
    assert not page.locator("#__search").is_checked()
    page.keyboard.press("s")
    page.wait_for_function(OPEN)
    page.keyboard.type("客户经理")
    page.keyboard.press("Enter")  # Enter in the box opens the first result
    page.wait_for_function(f"() => location.pathname === '/{level_url('sales-posts', 'account-manager')}'")
    page.keyboard.press("/")
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()


def test_search_on_a_phone(page: Any, site_url: str) -> None:
    """At 390 px the header's magnifier opens the box; results fit the width and open their page."""
    page.set_viewport_size(PHONE)
    page.goto(f"{site_url}/{series_url('sales-titles')}")
    page.locator("label.md-header__button[for='__search']").click()
    page.wait_for_function("() => document.activeElement.matches('input.md-search__input')")
    results = ask(page, "一级销售工程师")
    assert results[0] == level_url("sales-titles", "engineer-1")
    first = page.locator(LINKS).first
    box = first.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    first.click()
    page.wait_for_function(f"() => location.pathname === '/{results[0]}'")


def test_a_missing_index_is_said_in_chinese_and_the_page_stays_usable(page: Any, site_url: str) -> None:
    page.route("**/pagefind/**", lambda route: route.fulfill(status=404, body="no"))
    opened(page, site_url)
    page.locator(BOX).fill("助理三级")
    page.wait_for_function(ANSWERED, arg=["助理三级"], timeout=15_000)
    meta = page.locator(".md-search-result__meta").inner_text()
    assert "搜索暂时无法使用" in meta and "刷新" in meta, meta
    page.keyboard.press("Escape")
    page.locator(".md-tabs__link").nth(1).click()
    page.wait_for_function("() => location.pathname !== '/'")
