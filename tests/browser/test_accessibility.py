"""axe-core, served to the page by the test, finds no serious or critical violation."""

from __future__ import annotations

from typing import Any

import pytest

from devtools import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [
    "",  # home
    "series/cs-dept/",  # a series
    "series/cs-dept/levels/assistant-3/",  # a level
    "series/cs-dept/matrix/",  # a comparison matrix
    "calculator/cs-staff-rating/",  # a calculator
]


def serious(results: Any) -> list[str]:
    """axe's serious and critical violations, a line each with the first nodes they name."""
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_violation(page: Any, site_url: str, path: str) -> None:
    page.goto(f"{site_url}/{path}")
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    assert serious(results) == []


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_the_open_search_box_with_results_has_no_serious_violation(page: Any, site_url: str, scheme: str) -> None:
    """Results, their highlighted words (<mark>) and the count line, in the light and the dark scheme."""
    page.goto(f"{site_url}/")
    page.evaluate("(s) => document.body.setAttribute('data-md-color-scheme', s)", scheme)
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").fill("客户服务")
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__list')?.dataset.query === '客户服务'"
        " && document.querySelector('.md-search-result mark')",
        timeout=15_000,
    )
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("() => axe.run('.md-search', {resultTypes: ['violations']})")
    assert serious(results) == []
