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


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_violation(page: Any, site_url: str, path: str) -> None:
    page.goto(f"{site_url}/{path}")
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
