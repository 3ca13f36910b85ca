"""Shared helpers for the browser tests: the catalogue, page URLs, and driving Material's search box."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from devtools.cli import competency
from generator.handbook import paths as pages
from tests.helpers import standards

HAN = re.compile(r"^[\u4e00-\u9fff]+$")


@cache
def catalogue() -> dict[str, Any]:
    """`competency list --json`, as a user would get it."""
    result = competency("list", "--json")
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def series_objects() -> tuple[Any, ...]:
    """The compiled series (with models) of the committed standards."""
    return tuple(standards().series)


def url(markdown_path: str) -> str:
    """The site URL of a docs page (use_directory_urls): a/b.md -> a/b/, a/index.md -> a/."""
    stem = markdown_path.removesuffix(".md")
    return (stem.removesuffix("index") if stem.endswith("index") else stem + "/").lstrip("/")


def series_url(series_id: str) -> str:
    """URL of a series page."""
    return url(f"{pages.SERIES_DIR}/{series_id}/index.md")


def level_url(series_id: str, level_id: str) -> str:
    """URL of a level page."""
    return url(f"{pages.SERIES_DIR}/{series_id}/levels/{level_id}.md")


def search(page: Any, base: str, query: str) -> list[str]:
    """Type a query into Material's search box on a fresh home page; return the result pages' URLs."""
    page.goto(base + "/")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material reads the query on keyup
    page.wait_for_function(
        "() => /\\d|没有/.test(document.querySelector('.md-search-result__meta').textContent)", timeout=10_000
    )
    links = page.locator(".md-search-result__item > .md-search-result__link")
    return [path.lstrip("/") for path in links.evaluate_all("links => links.map(a => a.pathname)")]


def site_file(site: Path, page_url: str) -> Path:
    """The HTML file that serves a page URL."""
    return site / page_url / "index.html"


def title(page: Any) -> str:
    """The page's H1 without Material's permalink sign."""
    return str(page.locator("article h1").first.inner_text()).removesuffix("¶").strip()
