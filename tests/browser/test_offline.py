"""A built page loads nothing from any host but its own: no CDN, no web fonts."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest

from tests.browser.helpers import catalogue, level_url, search, series_url

pytestmark = pytest.mark.browser


def test_every_request_goes_to_the_local_server(page: Any, site_url: str) -> None:
    """Home, series, level, matrix, print, change log and glossary, plus a search and an instant navigation."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    series = catalogue()["series"][0]
    paths = [
        "",
        series_url(series["id"]),
        level_url(series["id"], series["levels"][-1]["id"]),
        series_url(series["id"]) + "matrix/",
        series_url(series["id"]) + "print/",
        "changes/",
        "guide/glossary/",
    ]
    for path in paths:
        response = page.goto(f"{site_url}/{path}")
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    page.locator(".md-tabs__link").nth(1).click()  # instant navigation fetches the next page itself
    page.wait_for_load_state("networkidle")
    search(page, site_url, series["levels"][0]["name"])
    page.wait_for_load_state("networkidle")
    hosts = {urlparse(url).hostname for url in requests if not url.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}, sorted(u for u in requests if urlparse(u).hostname != "127.0.0.1")
    assert len(requests) > len(paths)
