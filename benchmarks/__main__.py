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


def table(report: dict[str, Any]) -> str:
    """The headline figures against their targets."""
    largest = report["build"]["cases"][-1]
    rows = [
        (
            "build overhead at the largest size",
            largest["build_overhead"],
            f"{largest['factor']}x, {largest['pages']} pages",
        ),
        (
            "scaling exponent",
            report["build"]["scaling_exponent"],
            f"build time against pages; plain MkDocs {report['build']['plain_scaling_exponent']}",
        ),
        (
            "validate / YAML load at the largest size",
            largest["validate_over_yaml_load"],
            f"{largest['validate_seconds']} s",
        ),
        ("peak memory of the build (MiB)", largest["peak_rss_mib"], f"{largest['factor']}x"),
    ]
    if "browser" in report:
        b = report["browser"]
        st = b["start"]
        rows += [
            *(
                (
                    f"calculator first result, {kind} / bare loadPyodide()",
                    st[kind]["ratio"],
                    f"{st[kind]['first_result']} ms against {st[kind]['bare_load_pyodide']} ms",
                )
                for kind in ("cold", "warm")
            ),
            (
                "repeat visit (service worker) / warm",
                st["repeat"]["ratio_to_warm"],
                f"{st['repeat']['first_result']} ms",
            ),
            *(
                (
                    f"longest main-thread task, {kind} (ms)",
                    st[kind]["longest_task"],
                    f"blocked {st[kind]['blocked']} ms, input at {st[kind]['input']} ms; level page "
                    f"{st['level_page']['longest_task']} ms, blocked {st['level_page']['blocked']} ms",
                )
                for kind in ("cold", "warm", "repeat")
            ),
            ("interaction median (ms)", b["interaction"]["median_ms"], f"p95 {b['interaction']['p95_ms']} ms"),
            (
                "team rows/s in the browser",
                b["team"]["browser_rows_per_s"],
                f"CPython {b['team']['cpython_rows_per_s']}/s",
            ),
            (
                "team file: tasks over 100 ms",
                b["team"]["tasks_over_100_ms"],
                f"longest {b['team']['longest_task_ms']} ms, "
                f"{b['team']['progress_counts_shown']} progress counts shown",
            ),
            (
                "level page bytes",
                b["page_weight"]["level_page_bytes"],
                f"Pyodide {b['page_weight']['level_page_pyodide_bytes']}",
            ),
            ("calculator bytes until form", b["page_weight"]["calculator_until_form_bytes"], ""),
        ]
    if "search" in report:
        sr = report["search"]
        rows.append(
            (
                "search bytes per query at the largest size",
                sr["largest_first_query_bytes"],
                f"after another query {sr['largest_next_query_bytes']}; budget {sr['budget_bytes']}",
            )
        )
    rows.append(("mutations caught / tried", f"{report['corpus']['caught']}/{report['corpus']['tried']}", ""))
    inputs = report["corpus"]["grade_inputs"]
    rows.append(("bad grade inputs caught / tried", f"{inputs['caught']}/{inputs['tried']}", ""))
    if "sweep" in report:
        sw = report["sweep"]
        rows.append(
            (
                "random sweep: tracebacks / hangs",
                f"{sw['tracebacks']}/{sw['hangs']}",
                f"{sw['tried']} tried, {sw['caught']} caught, {sw['accepted']} accepted; "
                f"slowest {sw['slowest']['seconds']} s, peak {sw['peak_memory_mib']} MiB",
            )
        )
    width = max(len(name) for name, *_ in rows)
    lines = [f"{'figure'.ljust(width)}  {'value':>10}  target   note"]
    lines += [f"{name.ljust(width)}  {str(value):>10}  {TARGETS.get(name, ''):7}  {note}" for name, value, note in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and print the report."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--factors", default="1,10,100", help="synthetic handbook sizes (default 1,10,100)")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--sweep", type=int, default=5000, help="random sweep cases (default 5000; 0 skips)")
    parser.add_argument("--output", type=Path)
    args = parser.parse_args(argv)
    started = time.time()
    report: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d"),
        "build": build.run([int(f) for f in args.factors.split(",")]),
    }
    if not args.skip_browser:
        site = site_for_browser()
        try:
            report["browser"] = browser.run(site)
        finally:
            shutil.rmtree(site.parent, ignore_errors=True)
        report["search"] = search.run([int(f) for f in args.factors.split(",")])
    report["corpus"] = corpus()
    if args.sweep:
        report["sweep"] = sweep.sweep(args.sweep)
    report["seconds"] = round(time.time() - started)
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    print()
    print(table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
