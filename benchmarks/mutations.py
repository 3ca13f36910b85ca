"""The bad-input corpus (devtools.mutants) as a report: every mutant caught, the slowest and the hungriest.

Run `python -m benchmarks.mutations` for the report as JSON: how many mutations were tried, how
many were caught, and the slowest and hungriest of them (each mutant's Python allocations traced
with tracemalloc); the same for bad `competency grade` inputs.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from devtools.mutants import bad_inputs, input_report, mutants, report, run_all, run_inputs


def corpus() -> dict[str, Any]:
    """The whole corpus run with memory traced: its report, and the bad grade inputs' report."""
    result = report(run_all(list(mutants()), trace_memory=True))
    result["grade_inputs"] = input_report(run_inputs(list(bad_inputs())))
    return result


def main() -> int:
    """Run the whole corpus and print the report as JSON."""
    result = corpus()
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0 if not result["missed"] and not result["grade_inputs"]["missed"] else 1


if __name__ == "__main__":
    sys.exit(main())
