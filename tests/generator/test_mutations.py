"""The bad-input corpus: every mutation of the committed standards is rejected cleanly."""

from __future__ import annotations

from pathlib import Path

from benchmarks.mutations import mutants, report, run, workspace

MAX_SECONDS = 10
MAX_MIB = 512


def test_every_mutant_is_caught_in_bounded_time_and_memory() -> None:
    corpus = list(mutants())
    with workspace() as folder:
        outcomes = [run(mutant, Path(folder)) for mutant in corpus]
    summary = report(outcomes)
    print(f"mutations tried: {summary['tried']}, caught: {summary['caught']}")
    assert summary["tried"] >= 300
    assert summary["missed"] == []
    assert all(o.seconds < MAX_SECONDS for o in outcomes), summary["slowest"]
    assert all(o.peak_bytes < MAX_MIB * 2**20 for o in outcomes), summary["peak_memory"]
