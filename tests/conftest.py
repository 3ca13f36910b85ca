"""Shared fixtures: the built site, a local HTTP server for it, and headless Chromium.

Tests that use them carry the `browser` marker (tests/browser/), so `pytest -m "not browser"`
is the fast loop; collection fails for a test that uses them without it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from devtools.cli import competency_process
from devtools.server import CHROMIUM, CHROMIUM_ARGS, serve

SLOW_FIXTURES = {"built_site", "site_url", "browser", "page"}  # a full site build, or Chromium


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that needs Chromium or the built site is marked `browser`, so the fast loop leaves it out."""
    unmarked = [
        item.nodeid
        for item in items
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) and item.get_closest_marker("browser") is None
    ]
    if unmarked:
        raise pytest.UsageError("needs Chromium or the built site but is not marked `browser`: " + ", ".join(unmarked))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The handbook built once per test session with `competency build`."""
    site = tmp_path_factory.mktemp("site")
    shutil.rmtree(site)
    result = competency_process("build", "--site-dir", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh page in its own context."""
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()
