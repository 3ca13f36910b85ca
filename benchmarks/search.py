"""Search benchmarks: what one query downloads, and what the index adds to a build, at 1x … 100x.

For each synthetic handbook (devtools/synthetic.py, as the build benchmark makes them) the site
is built with `competency build`, then:
- bytes per query: headless Chromium opens the home page, types a query into the header's box and
  waits for its results; every response of the search's files (under pagefind/) received from the
  click into the box on is counted (bodies, as served, uncompressed; what else the page loads
  meanwhile, such as Material's sitemap, is counted apart). `first` is a visitor's first query
  (Pagefind's script and WebAssembly included), `next` the same query typed after another one
  (only the index chunks, name table and result fragments it needs);
- index: seconds `search_index.write` takes on the built site (Pagefind plus the name table), against
  the whole build, and the bytes of everything it wrote.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from devtools.measure import timed
from devtools.server import CHROMIUM, CHROMIUM_ARGS, serve

from .browser import body_sizes, finished_requests
from .build import page_count, project

QUERIES = ("助理三级", "客户经理", "销售工程师", "S11", "达成率")
WARM_UP = "客服"  # typed before a query to measure it with Pagefind already loaded
BUDGET = 300 * 1024  # bytes a query may download at the largest size (issue 14)
WAIT = """([query]) => document.querySelector(".md-search-result__list").dataset.query === query"""


def _type(page: Any, query: str) -> None:
    box = page.locator("input.md-search__input")
    box.fill(query)
    page.wait_for_function(WAIT, arg=[query], timeout=60_000)


def query_bytes(browser: Any, base: str, query: str) -> dict[str, int]:
    """Bytes a query downloads: as a visitor's first query, and after another query."""
    found: dict[str, int] = {}
    for kind in ("first", "next"):
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + "/", wait_until="load", timeout=120_000)
        if kind == "next":
            page.locator("input.md-search__input").click()
            _type(page, WARM_UP)
            page.wait_for_load_state("networkidle")
        # from here on (the click that focuses the box starts loading Pagefind)
        finished = finished_requests(page)
        page.locator("input.md-search__input").click()
        _type(page, query)
        page.wait_for_load_state("networkidle")
        sizes = body_sizes(finished)
        outside = [url for url, _ in sizes if not url.startswith(base)]
        if outside:
            raise RuntimeError(f"search requested another host: {outside[:3]}")
        search = [(url, size) for url, size in sizes if "/pagefind/" in url]
        found[kind] = sum(size for _, size in search)
        found[f"{kind}_requests"] = len(search)
        found[f"{kind}_other_bytes"] = sum(size for _, size in sizes) - found[kind]  # e.g. Material's sitemap
        context.close()
    return found


def index_figures(site: Path, folder: Path) -> dict[str, Any]:
    """Seconds to index the built site again (in a fresh process), and the bytes of the index."""
    script = (
        "import sys, pathlib\n"
        "from generator.site import search_index\n"
        "site = pathlib.Path(sys.argv[1])\n"
        "search_index.write(site, search_index.read_names(pathlib.Path('build/search-names.json')))\n"
    )
    seconds, _ = timed([sys.executable, "-c", script, str(site)], folder)
    output = site / "pagefind"
    files = [p for p in output.rglob("*") if p.is_file()]
    return {
        "index_seconds": round(seconds, 2),
        "index_bytes": sum(p.stat().st_size for p in files),
        "index_files": len(files),
        "name_files": sum(1 for p in (output / "names").iterdir()),
    }


def case(browser: Any, factor: int) -> dict[str, Any]:
    """One synthetic handbook: build, index figures, bytes per query."""
    with tempfile.TemporaryDirectory() as temporary:
        folder = project(Path(temporary), factor)
        build_seconds, _ = timed([sys.executable, "-m", "generator.cli", "build", "--site-dir", "out"], folder)
        site = folder / "out"
        figures: dict[str, Any] = {
            "factor": factor,
            "pages": page_count(site),
            "build_seconds": round(build_seconds, 2),
        }
        figures |= index_figures(site, folder)
        with serve(site) as base:
            figures["queries"] = {query: query_bytes(browser, base, query) for query in QUERIES}
        return figures


def run(factors: list[int]) -> dict[str, Any]:
    """Every case, and the largest bytes any query downloaded at the largest size."""
    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            cases = [case(browser, factor) for factor in factors]
        finally:
            browser.close()
    largest = cases[-1]
    return {
        "cases": cases,
        "largest_first_query_bytes": max(q["first"] for q in largest["queries"].values()),
        "largest_next_query_bytes": max(q["next"] for q in largest["queries"].values()),
        "budget_bytes": BUDGET,
        "seconds": round(time.monotonic() - started),
    }


def table(report: dict[str, Any]) -> str:
    """Bytes per query side by side: one row per query, one column per size (first / next query)."""
    cases = report["cases"]
    head = "query".ljust(12) + "".join(f"{str(c['factor']) + 'x first / next (KB)':>28}" for c in cases)
    lines = [head]
    for query in QUERIES:
        cells = "".join(
            f"{c['queries'][query]['first'] / 1024:>17.1f} / {c['queries'][query]['next'] / 1024:>7.1f}" + "  "
            for c in cases
        )
        lines.append(query.ljust(12 - len(query)) + cells)
    for c in cases:
        lines.append(
            f"{c['factor']}x: {c['pages']} pages, build {c['build_seconds']} s, index {c['index_seconds']} s, "
            f"{c['index_bytes'] / 2**20:.1f} MiB in {c['index_files']} files ({c['name_files']} of names)"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`python -m benchmarks.search [FACTORS]`: this benchmark alone, e.g. `1,100`."""
    factors = [int(f) for f in (argv if argv is not None else sys.argv[1:] or ["1,100"])[0].split(",")]
    report = run(factors)
    print(table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
