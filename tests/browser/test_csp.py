"""The handbook works under the strict Content-Security-Policy the README gives IT.

The built site is served with `devtools.server.CSP` on every response; Chromium searches, opens a
level page and grades on a calculator page, and the browser reports no violation of the policy
(`securitypolicyviolation` events in the page, console messages naming the policy).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from devtools.server import CSP, CSPHandler, serve
from tests.browser.helpers import level_url, search, series_url

pytestmark = pytest.mark.browser

READY = 120_000  # first start of Pyodide on a cold cache
LEVEL = ("cs-dept", "assistant-3")  # 助理三级
REPORT = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} `
    + `in ${event.sourceFile || location.pathname}:${event.lineNumber} ${event.sample || ""}`);
});
"""


@pytest.fixture(scope="module")
def csp_url(built_site: Path) -> Iterator[str]:
    """The built site served over HTTP with the strict policy on every response."""
    with serve(built_site, CSPHandler) as url:
        yield url


@pytest.fixture
def strict(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    """A page that records every violation of the policy, across navigations."""
    context = browser.new_context()
    violations: list[str] = []
    context.expose_function("__cspViolation", lambda text: violations.append(text))
    context.add_init_script(REPORT)
    page = context.new_page()
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield page, violations
    context.close()


def settle(page: Any) -> None:
    """Let late loads (icons, fonts, the search worker's files) happen and report."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)


def test_the_server_sends_the_policy(csp_url: str) -> None:
    from urllib.request import urlopen

    with urlopen(csp_url + "/") as response:
        assert response.headers["Content-Security-Policy"] == CSP


def test_search_finds_a_level_under_the_policy(strict: tuple[Any, list[str]], csp_url: str) -> None:
    page, violations = strict
    results = search(page, csp_url, "助理三级")
    assert level_url(*LEVEL) in results, results
    settle(page)
    assert violations == []


def test_a_level_page_under_the_policy(strict: tuple[Any, list[str]], csp_url: str) -> None:
    page, violations = strict
    page.goto(f"{csp_url}/{level_url(*LEVEL)}")
    assert "助理三级" in page.locator("article h1").first.inner_text()
    # the icons Material draws from CSS (navigation arrows, admonitions, permalinks) are files here
    page.hover("article h2")
    settle(page)
    assert violations == []


def test_the_calculator_grades_under_the_policy(strict: tuple[Any, list[str]], csp_url: str) -> None:
    page, violations = strict
    page.goto(f"{csp_url}/calculator/cs-staff-rating/")
    page.wait_for_selector("[data-calculator][data-ready]", timeout=READY)
    for key, value in {"knowledge_skills": 80, "communication": 70, "teamwork": 70, "efficiency": 70}.items():
        page.fill(f"#calc-{key}", str(value))
    page.fill("#calc-satisfaction", "75")
    page.wait_for_selector("#result[data-state=ok]", timeout=10_000)
    settle(page)
    assert violations == []


def inline_scripts(site: Path) -> dict[str, str]:
    """Each built page's first <script> that is neither a file nor JSON data (which is not executed)."""
    inline = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
    found = {}
    for path in site.rglob("*.html"):
        match = inline.search(path.read_text(encoding="utf-8"))
        if match:
            found[path.relative_to(site).as_posix()] = match.group(0)
    return found


def test_built_pages_have_no_inline_scripts(built_site: Path) -> None:
    found = inline_scripts(built_site)
    assert not found, sorted(found.items())[:5]


def test_stylesheets_draw_no_data_images(built_site: Path) -> None:
    """Material's CSS icons are `data:` URLs (blocked by img-src 'self'); icons.css points each at a file."""
    overrides = (built_site / "assets" / "stylesheets" / "icons.css").read_text(encoding="utf-8")
    for sheet in (built_site / "assets" / "stylesheets").glob("*.css"):
        for name in re.findall(r"(--[\w-]+):url\(\"?data:", sheet.read_text(encoding="utf-8")):
            assert f"{name}:url(" in overrides, (sheet.name, name)
    for name, file in re.findall(r"(--[\w-]+):url\(\"?([^)\"]+)", overrides):
        assert (built_site / "assets" / "stylesheets" / file).is_file(), (name, file)


def test_built_pages_have_no_style_attributes(built_site: Path) -> None:
    found = sorted(
        str(p.relative_to(built_site)) for p in built_site.rglob("*.html") if 'style="' in p.read_text("utf-8")
    )
    assert not found, found[:5]


def test_a_series_page_under_the_policy(strict: tuple[Any, list[str]], csp_url: str) -> None:
    page, violations = strict
    page.goto(f"{csp_url}/{series_url(LEVEL[0])}")
    settle(page)
    assert violations == []
