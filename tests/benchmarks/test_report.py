"""The benchmark's report: a part that fails leaves the figures measured before it."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.__main__ import measured, table

CORPUS = {"tried": 3, "caught": 3, "grade_inputs": {"tried": 2, "caught": 2}}


def test_a_failing_part_keeps_the_figures_before_it(tmp_path: Path) -> None:
    output = tmp_path / "build" / "report.json"
    report: dict = {"date": "2026-12-02"}
    measured(report, "corpus", lambda: CORPUS, output)

    def timed_out() -> dict:
        raise TimeoutError("Page.goto: Timeout 30000ms exceeded.\nCall log: ...")

    measured(report, "search", timed_out, output)
    written = json.loads(output.read_text(encoding="utf-8"))
    assert written["corpus"] == CORPUS
    assert written["failed"] == {"search": "TimeoutError: Page.goto: Timeout 30000ms exceeded.\nCall log: ..."}
    assert "search" not in written

    lines = table(report).splitlines()
    assert any(line.startswith("mutations caught / tried") and "3/3" in line for line in lines)
    failed = [line for line in lines if line.startswith("FAILED: search")]
    assert len(failed) == 1 and "Timeout 30000ms" in failed[0] and "Call log" not in failed[0]
