"""The bad-input corpus: every mutation of the committed standards is rejected cleanly."""

from __future__ import annotations

from benchmarks.mutations import mutants, report, run_all

MAX_SECONDS = 10
MAX_MIB = 512


def test_every_mutant_is_caught_in_bounded_time_and_memory() -> None:
    corpus = list(mutants())
    outcomes = run_all(corpus)
    summary = report(outcomes)
    print(f"mutations tried: {summary['tried']}, caught: {summary['caught']}")
    assert summary["tried"] >= 300
    assert summary["missed"] == []
    assert all(o.seconds < MAX_SECONDS for o in outcomes), summary["slowest"]
    assert all(o.peak_bytes < MAX_MIB * 2**20 for o in outcomes), summary["peak_memory"]


def test_every_bad_grade_input_exits_2_with_one_line_per_problem() -> None:
    """Huge integers, deep JSON, bytes that are not UTF-8: `competency grade` answers, never a traceback."""
    from benchmarks.mutations import bad_inputs, input_report, run_inputs

    outcomes = run_inputs(list(bad_inputs()))
    summary = input_report(outcomes)
    assert summary["tried"] >= 20
    assert summary["missed"] == []
    assert all(o.seconds < MAX_SECONDS for o in outcomes), summary["slowest"]
