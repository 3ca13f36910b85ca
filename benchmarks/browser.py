"""Calculator benchmarks in headless Chromium against the built site on 127.0.0.1.

- start: navigation to the first computed result, divided by a blank page's `loadPyodide()`
  from the same files (cold: fresh persistent profile; warm: the same page again; repeat:
  another calculator page, from the service worker), with the longest main-thread task, the
  total blocking time (Long Tasks API) and when the form accepted input, against a level page's;
- interaction: input change to updated result, median and p95 over 200 changes;
- team mode: 10,000 rows graded in the page, and the same rows in CPython through the same code, with the
  longest main-thread task while the page grades and how many progress counts it showed;
- page weight: bytes a level page transfers, and a calculator page before its form is usable.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from devtools import ROOT
from devtools.server import CHROMIUM, CHROMIUM_ARGS, Handler, serve

BLANK = b"""<!doctype html><meta charset="utf-8"><title>blank</title>
<script type="module">
const { loadPyodide } = await import("/assets/pyodide/pyodide.mjs");
await loadPyodide({ indexURL: new URL("/assets/pyodide/", location.href).href });
window.__ready = performance.now();
</script>"""
FIRST_RESULT = """new MutationObserver((_, observer) => {
  const result = document.querySelector("#result");
  if (result && result.dataset.result && window.__firstResult === undefined) {
    window.__firstResult = performance.now();
    observer.disconnect();
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-result"], childList: true });"""
CHANGES = """async ([selector, count]) => {
  const input = document.querySelector(selector);
  const result = document.querySelector("#result");
  const times = [];
  for (let i = 0; i < count; i++) {
    const before = result.dataset.result;
    const started = performance.now();
    const changed = new Promise((resolve, reject) => {
      const observer = new MutationObserver(() => {
        if (result.dataset.result !== before) { observer.disconnect(); resolve(); }
      });
      observer.observe(result, { attributes: true, attributeFilter: ["data-result"] });
      setTimeout(() => reject(new Error(`no result after change ${i}`)), 10000);
    });
    input.value = String(40 + ((i * 7) % 59));  // each value differs from the one before
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await changed;
    times.push(performance.now() - started);
  }
  return times;
}"""
TEAM_WATCH = """() => {
  window.__teamWatch = { tasks: [], counts: [] };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__teamWatch.tasks.push(entry.duration);
  }).observe({ type: "longtask" });
  const status = document.querySelector("[data-team-status]");
  new MutationObserver(() => {
    const count = /(\\d+) \\/ (\\d+) 行/.exec(status.textContent);
    if (count) window.__teamWatch.counts.push(count[1]);
  }).observe(status, { subtree: true, childList: true, characterData: true });
}"""
MODEL = "cs-staff-rating"
INPUTS = {"knowledge_skills": 80, "communication": 70, "teamwork": 90, "efficiency": 60, "satisfaction": 100}


class _CachingHandler(Handler):
    """The built site with cache headers (for warm starts) and a blank Pyodide page."""

    def handle(self) -> None:
        try:
            super().handle()
        except (ConnectionResetError, BrokenPipeError):  # a context closed while a download was running
            pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()

    def do_GET(self) -> None:
        if self.path != "/__bench/blank.html":
            super().do_GET()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(BLANK)))
        self.end_headers()
        self.wfile.write(BLANK)


LONG_TASKS = """window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
}).observe({ type: "longtask", buffered: true });
new MutationObserver((_, observer) => {
  if (window.__formAt === undefined && document.querySelector("[data-calculator] form input")) {
    window.__formAt = performance.now();
    observer.disconnect();
  }
}).observe(document, { subtree: true, childList: true });"""
MAIN_THREAD = """() => {
  // Longest task and total blocking time (the part of each task over 50 ms) since navigation, and
  // when the form first accepted input: once in the page, at the end of any task running then.
  const tasks = window.__longTasks.slice().sort((a, b) => a[0] - b[0]);
  let input = window.__formAt ?? null;
  for (const [start, duration] of tasks) {
    if (input !== null && start <= input && input < start + duration) input = start + duration;
  }
  return {
    longest: Math.max(0, ...tasks.map((t) => t[1])),
    blocked: tasks.reduce((sum, t) => sum + Math.max(0, t[1] - 50), 0),
    input,
  };
}"""
OTHER = "sales-center-review"  # the repeat visit: another calculator page, after MODEL's


def _calculator_start(page: Any, url: str) -> float:
    """Milliseconds from navigation start to the first computed result."""
    page.goto(url)
    page.wait_for_function("window.__firstResult !== undefined", timeout=180_000)
    return float(page.evaluate("window.__firstResult"))


def _calculator_visit(page: Any, url: str) -> dict[str, float]:
    """A calculator page's first result, main-thread figures and time to input, in milliseconds."""
    first = _calculator_start(page, url)
    page.wait_for_timeout(300)  # a long task still running at the first result is reported when it ends
    figures = page.evaluate(MAIN_THREAD)
    return {
        "first_result": first,
        "longest_task": figures["longest"],
        "blocked": figures["blocked"],
        "input": figures["input"],
    }


def _blank_start(page: Any, url: str) -> float:
    """Milliseconds from navigation start to `loadPyodide()` resolving on a blank page."""
    page.goto(url)
    page.wait_for_function("window.__ready !== undefined", timeout=180_000)
    return float(page.evaluate("window.__ready"))


def _bare_visit(page: Any, url: str) -> dict[str, float]:
    """A bare `loadPyodide()` on the main thread: when it resolved, and its main-thread figures."""
    ready = _blank_start(page, url)
    page.wait_for_timeout(300)
    figures = page.evaluate(MAIN_THREAD)
    return {"ready": ready, "longest_task": figures["longest"], "blocked": figures["blocked"]}


def _kept_offline(page: Any) -> None:
    """Wait until the service worker controls the page and holds the other calculator page and the runtime."""
    page.wait_for_function(
        f"""async () => {{
          if (!navigator.serviceWorker.controller) return false;
          const names = await caches.keys();
          for (const name of names) {{
            const urls = (await (await caches.open(name)).keys()).map((r) => r.url);
            const page = urls.some((u) => u.endsWith("/calculator/{OTHER}/"));
            if (page && urls.some((u) => u.endsWith(".wasm"))) return true;
          }}
          return false;
        }}""",
        timeout=120_000,
    )


def _profile(playwright: Any) -> Any:
    """A fresh persistent profile: unlike `browser.new_context()`, it keeps the compiled-code cache.

    Its folder (about 20 MB) is removed when the context closes.
    """
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="bench-profile-")
    context = playwright.chromium.launch_persistent_context(
        folder, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    context.on("close", lambda _: shutil.rmtree(folder, ignore_errors=True))
    context.add_init_script(FIRST_RESULT)
    context.add_init_script(LONG_TASKS)
    return context


def level_page(playwright: Any, base: str) -> dict[str, float]:
    """The main-thread figures of a level page, the calculator's yardstick."""
    context = _profile(playwright)
    page = context.new_page()
    page.goto(f"{base}/series/cs-dept/levels/assistant-3/", wait_until="load")
    page.wait_for_timeout(1000)
    figures = page.evaluate(MAIN_THREAD)
    context.close()
    return {"longest_task": figures["longest"], "blocked": figures["blocked"]}


def starts(playwright: Any, base: str, rounds: int = 3) -> dict[str, Any]:
    """Cold, warm and repeat-visit starts of the calculator against a bare `loadPyodide()`, medians of rounds.

    Each round uses fresh persistent profiles (the compiled WebAssembly is cached only there):
    cold is the first visit, warm the same page again, repeat another calculator page once
    the service worker holds the engine; the bare `loadPyodide()` loads the same files, cold
    and warm, in a profile of its own.
    """
    share = f"{base}/calculator/{MODEL}/#" + quote(json.dumps(INPUTS), safe="")
    other = f"{base}/calculator/{OTHER}/#" + quote(json.dumps({}), safe="")
    blank = f"{base}/__bench/blank.html"
    runs: dict[str, list[dict[str, float]]] = {"cold": [], "warm": [], "repeat": []}
    bare: dict[str, list[dict[str, float]]] = {"cold": [], "warm": []}
    for _ in range(rounds):
        context = _profile(playwright)
        page = context.new_page()
        runs["cold"].append(_calculator_visit(page, share))
        _kept_offline(page)
        page.close()
        page = context.new_page()
        runs["warm"].append(_calculator_visit(page, share))
        page.close()
        page = context.new_page()
        runs["repeat"].append(_calculator_visit(page, other))
        context.close()
        context = _profile(playwright)
        page = context.new_page()
        bare["cold"].append(_bare_visit(page, blank))
        page.close()
        page = context.new_page()
        bare["warm"].append(_bare_visit(page, blank))
        context.close()
    report: dict[str, Any] = {}
    for kind, visits in runs.items():
        report[kind] = {key: round(statistics.median(v[key] for v in visits)) for key in visits[0]}
    for kind in ("cold", "warm"):
        report[kind]["bare_load_pyodide"] = round(statistics.median(v["ready"] for v in bare[kind]))
        # on the main thread, as the calculator page ran it before the worker
        report[kind]["bare_longest_task"] = round(statistics.median(v["longest_task"] for v in bare[kind]))
        report[kind]["bare_blocked"] = round(statistics.median(v["blocked"] for v in bare[kind]))
        report[kind]["ratio"] = round(report[kind]["first_result"] / report[kind]["bare_load_pyodide"], 3)
    report["level_page"] = {k: round(v) for k, v in level_page(playwright, base).items()}
    report["repeat"]["ratio_to_warm"] = round(report["repeat"]["first_result"] / report["warm"]["first_result"], 3)
    return report


def interaction(browser: Any, base: str, count: int = 200) -> dict[str, Any]:
    """Input change to updated result over many changes."""
    context = browser.new_context()
    context.add_init_script(FIRST_RESULT)
    page = context.new_page()
    _calculator_start(page, f"{base}/calculator/{MODEL}/#" + quote(json.dumps(INPUTS), safe=""))
    times = sorted(page.evaluate(CHANGES, ["#calc-knowledge_skills", count]))
    context.close()
    return {
        "changes": count,
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
    }


def team(browser: Any, base: str, rows: int = 10_000) -> dict[str, Any]:
    """Rows per second in the page and in CPython through the same `team_json`, on the same file."""
    import random

    from devtools.people import random_inputs, team_csv

    series, model = _model("sales-center-review")
    rnd = random.Random(3)
    people = [random_inputs(model, series, rnd, bad=i % 10 == 9) for i in range(rows)]
    data = team_csv(model, people)
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/calculator/sales-center-review/")
    page.wait_for_selector("[data-calculator][data-ready]", timeout=180_000)
    page.evaluate(TEAM_WATCH)
    page.set_input_files("[data-team-file]", files=[{"name": "team.csv", "mimeType": "text/csv", "buffer": data}])
    page.wait_for_selector(f"[data-calculator][data-team-rows='{rows}']", timeout=300_000)
    page_ms = int(page.get_attribute("[data-calculator]", "data-team-ms"))
    watched = page.evaluate("() => window.__teamWatch")
    context.close()
    cpython_ms = _cpython_team(base, data)
    return {
        "rows": rows,
        "browser_ms": page_ms,
        "browser_rows_per_s": round(rows * 1000 / page_ms),
        "cpython_ms": round(cpython_ms),
        "cpython_rows_per_s": round(rows * 1000 / cpython_ms),
        "browser_over_cpython_time": round(page_ms / cpython_ms, 2),
        # the page while it grades: main-thread tasks (Long Tasks API) and the progress count it shows
        "longest_task_ms": round(max(watched["tasks"], default=0)),
        "tasks_over_100_ms": sum(1 for task in watched["tasks"] if task > 100),
        "progress_counts_shown": len(set(watched["counts"])),
    }


def _model(model_id: str) -> tuple[Any, Any]:
    """A model of the committed standards, validated as the build validates them, with its series."""
    from generator.validation import validate

    found = {m.id: (s, m) for s in validate(ROOT / "standards").series for m in s.models}
    return found[model_id]


def _cpython_team(base: str, data: bytes) -> float:
    """Milliseconds for CPython to grade the parsed file with the page's own code path."""
    from urllib.request import urlopen

    import teamfile
    from calculator import browser as page_api

    with urlopen(f"{base}/assets/calculator/rules.json") as response:  # the bundle the page loads
        page_api.load(response.read().decode("utf-8"))
    table = teamfile.read_json(data, "team.csv")
    started = time.perf_counter()
    page_api.team_json("sales-center-review", table)
    return (time.perf_counter() - started) * 1000


def weights(browser: Any, base: str) -> dict[str, Any]:
    """Bytes transferred by a level page, and by a calculator page until its form is usable."""
    level = _bytes_until(browser, f"{base}/series/cs-dept/levels/assistant-3/", "load")
    calculator = _bytes_until(browser, f"{base}/calculator/{MODEL}/", "form")
    return {
        "level_page_bytes": level["bytes"],
        "level_page_pyodide_bytes": level["pyodide"],
        "calculator_until_form_bytes": calculator["bytes"],
        "calculator_until_form_pyodide_bytes": calculator["pyodide"],
    }


def finished_requests(page: Any) -> list[Any]:
    """The requests the page finishes from now on, to be sized with body_sizes before the page closes.

    The listener only keeps the request: asking for its sizes inside the event raced with
    closing the context and ended a whole benchmark run with TargetClosedError.
    """
    finished: list[Any] = []
    page.on("requestfinished", lambda request: finished.append(request))  # playwright tags the handler: no builtin
    return finished


def body_sizes(requests: list[Any]) -> list[tuple[str, int]]:
    """(url, response body bytes) of each finished request, asked while its page is open."""
    return [(request.url, request.sizes()["responseBodySize"]) for request in list(requests)]


def _bytes_until(browser: Any, url: str, moment: str) -> dict[str, int]:
    """Response bytes (bodies) received until the load event or until the form is in the page."""
    context = browser.new_context()
    page = context.new_page()
    finished = finished_requests(page)
    if moment == "load":
        page.goto(url, wait_until="load")
    else:
        page.goto(url, wait_until="commit")
        page.wait_for_selector("[data-calculator] form input, [data-calculator] input", timeout=60_000)
    counted = body_sizes(finished)
    context.close()
    return {
        "bytes": sum(size for _, size in counted),
        "pyodide": sum(size for url_, size in counted if "/pyodide/" in url_),
    }


def run(site: Path) -> dict[str, Any]:
    """Every browser figure against one built site."""
    from playwright.sync_api import sync_playwright

    with serve(site, _CachingHandler) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            return {
                "start": starts(playwright, base),
                "interaction": interaction(browser, base),
                "team": team(browser, base),
                "page_weight": weights(browser, base),
            }
        finally:
            browser.close()
