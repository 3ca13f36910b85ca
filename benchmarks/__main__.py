"""`python -m benchmarks`: every figure measured side by side in one run, as JSON and a short table.

Options: `--factors 1,10,100` (sizes of the synthetic handbooks), `--skip-browser`,
`--sweep N` (cases of the seeded random sweep, default 5000; 0 skips it),
`--output FILE` (the JSON report; it is always printed too).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from devtools.cli import competency_process

from . import browser, build, mutations, search, sweep

TARGETS = {
    "build overhead at the largest size": "≤ 1.10",
    "scaling exponent": "≈ 1.0",
    "validate / YAML load at the largest size": "≤ 3",
    "calculator first result, cold / bare loadPyodide()": "≤ 1.10",
    "calculator first result, warm / bare loadPyodide()": "≤ 1.10",
    "repeat visit (service worker) / warm": "≤ 0.6",
    **{f"longest main-thread task, {kind} (ms)": "level+50" for kind in ("cold", "warm", "repeat")},
    "interaction median (ms)": "≤ 16",
    "team file: tasks over 100 ms": "0",
    "random sweep: tracebacks / hangs": "0/0",
    "search bytes per query at the largest size": "< 307200",
}


def corpus() -> dict[str, Any]:
    """The bad-input corpus: mutations tried and caught."""
    summary = mutations.corpus()
    inputs = summary["grade_inputs"]
    return {key: summary[key] for key in ("tried", "caught", "slowest", "peak_memory")} | {
        "missed": len(summary["missed"]),
        "grade_inputs": {"tried": inputs["tried"], "caught": inputs["caught"], "slowest": inputs["slowest"]},
    }


def site_for_browser() -> Path:
    """The committed handbook built once into a temporary folder."""
    site = Path(tempfile.mkdtemp()) / "site"
    done = competency_process("build", "--site-dir", str(site))
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return site


Row = tuple[str, Any, str]


def table(report: dict[str, Any]) -> str:
    """The headline figures against their targets, then the parts that failed."""
    rows: list[Row] = []
    for name, rows_of in (
        ("build", build_rows),
        ("browser", browser_rows),
        ("search", search_rows),
        ("corpus", corpus_rows),
        ("sweep", sweep_rows),
    ):
        if name in report:
            rows += rows_of(report[name])
    rows += [(f"FAILED: {name}", "-", why.splitlines()[0][:160]) for name, why in report.get("failed", {}).items()]
    width = max(len(name) for name, *_ in rows)
    lines = [f"{'figure'.ljust(width)}  {'value':>10}  target   note"]
    lines += [f"{name.ljust(width)}  {str(value):>10}  {TARGETS.get(name, ''):7}  {note}" for name, value, note in rows]
    return "\n".join(lines)


def build_rows(figures: dict[str, Any]) -> list[Row]:
    """Build overhead, scaling, validation and memory at the largest size."""
    largest = figures["cases"][-1]
    return [
        (
            "build overhead at the largest size",
            largest["build_overhead"],
            f"{largest['factor']}x, {largest['pages']} pages",
        ),
        (
            "scaling exponent",
            figures["scaling_exponent"],
            f"build time against pages; plain MkDocs {figures['plain_scaling_exponent']}",
        ),
        (
            "validate / YAML load at the largest size",
            largest["validate_over_yaml_load"],
            f"{largest['validate_seconds']} s",
        ),
        ("peak memory of the build (MiB)", largest["peak_rss_mib"], f"{largest['factor']}x"),
    ]


def browser_rows(figures: dict[str, Any]) -> list[Row]:
    """The calculator's start, interaction, team file and page weight."""
    st = figures["start"]
    team = figures["team"]
    weight = figures["page_weight"]
    return [
        *(
            (
                f"calculator first result, {kind} / bare loadPyodide()",
                st[kind]["ratio"],
                f"{st[kind]['first_result']} ms against {st[kind]['bare_load_pyodide']} ms",
            )
            for kind in ("cold", "warm")
        ),
        ("repeat visit (service worker) / warm", st["repeat"]["ratio_to_warm"], f"{st['repeat']['first_result']} ms"),
        *(
            (
                f"longest main-thread task, {kind} (ms)",
                st[kind]["longest_task"],
                f"blocked {st[kind]['blocked']} ms, input at {st[kind]['input']} ms; level page "
                f"{st['level_page']['longest_task']} ms, blocked {st['level_page']['blocked']} ms",
            )
            for kind in ("cold", "warm", "repeat")
        ),
        (
            "interaction median (ms)",
            figures["interaction"]["median_ms"],
            f"p95 {figures['interaction']['p95_ms']} ms",
        ),
        ("team rows/s in the browser", team["browser_rows_per_s"], f"CPython {team['cpython_rows_per_s']}/s"),
        (
            "team file: tasks over 100 ms",
            team["tasks_over_100_ms"],
            f"longest {team['longest_task_ms']} ms, {team['progress_counts_shown']} progress counts shown",
        ),
        ("level page bytes", weight["level_page_bytes"], f"Pyodide {weight['level_page_pyodide_bytes']}"),
        ("calculator bytes until form", weight["calculator_until_form_bytes"], ""),
    ]


def search_rows(figures: dict[str, Any]) -> list[Row]:
    """The most a query downloads at the largest size."""
    return [
        (
            "search bytes per query at the largest size",
            figures["largest_first_query_bytes"],
            f"after another query {figures['largest_next_query_bytes']}; budget {figures['budget_bytes']}",
        )
    ]


def corpus_rows(figures: dict[str, Any]) -> list[Row]:
    """The bad-input corpus."""
    inputs = figures["grade_inputs"]
    return [
        ("mutations caught / tried", f"{figures['caught']}/{figures['tried']}", ""),
        ("bad grade inputs caught / tried", f"{inputs['caught']}/{inputs['tried']}", ""),
    ]


def sweep_rows(figures: dict[str, Any]) -> list[Row]:
    """The seeded random sweep."""
    return [
        (
            "random sweep: tracebacks / hangs",
            f"{figures['tracebacks']}/{figures['hangs']}",
            f"{figures['tried']} tried, {figures['caught']} caught, {figures['accepted']} accepted; "
            f"slowest {figures['slowest']['seconds']} s, peak {figures['peak_memory_mib']} MiB",
        )
    ]


def measured(report: dict[str, Any], name: str, part: Callable[[], Any], output: Path | None) -> None:
    """One part of the run into `report[name]`, or the error that ended it; the report so far is written.

    A part that fails (a page load timing out on a loaded machine) does not lose what the parts
    before it measured: the run goes on, the table names the part that failed, and `--output`
    holds every figure measured up to now after each part.
    """
    try:
        report[name] = part()
    except Exception as error:  # noqa: BLE001 - any failure of one part is reported, the run goes on
        report.setdefault("failed", {})[name] = f"{type(error).__name__}: {error}"[:2000]
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def browser_figures() -> dict[str, Any]:
    """The browser benchmark against the committed handbook, built into a folder removed afterwards."""
    site = site_for_browser()
    try:
        return browser.run(site)
    finally:
        shutil.rmtree(site.parent, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and print the report; 1 when a part failed (its figures are missing)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--factors", default="1,10,100", help="synthetic handbook sizes (default 1,10,100)")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--sweep", type=int, default=5000, help="random sweep cases (default 5000; 0 skips)")
    parser.add_argument("--output", type=Path)
    args = parser.parse_args(argv)
    started = time.time()
    factors = [int(f) for f in args.factors.split(",")]
    report: dict[str, Any] = {"date": time.strftime("%Y-%m-%d")}
    parts: list[tuple[str, Callable[[], Any]]] = [("build", lambda: build.run(factors))]
    if not args.skip_browser:
        parts += [("browser", browser_figures), ("search", lambda: search.run(factors))]
    parts.append(("corpus", corpus))
    if args.sweep:
        parts.append(("sweep", lambda: sweep.sweep(args.sweep)))
    for name, part in parts:
        measured(report, name, part, args.output)
    report["seconds"] = round(time.time() - started)
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    print()
    print(table(report))
    return 1 if "failed" in report else 0


if __name__ == "__main__":
    sys.exit(main())
