"""The bad-input corpus: every mutation of the committed standards is rejected cleanly, in bounded time and memory.

The whole corpus runs in process (devtools.mutants), each mutant timed. Peak memory is measured
where it means something: the attacks (the mutants made to exhaust memory or time) are validated
in a fresh process of their own, whose peak resident memory no earlier test can inflate.
`python -m benchmarks.mutations` reports each mutant's traced memory as well.
"""

from __future__ import annotations

import json
import sys

from devtools import ROOT
from devtools.measure import measured
from devtools.mutants import attacks, bad_inputs, input_report, mutants, report, run_all, run_inputs
from tests.generator.validation.test_messages import english_messages

MAX_SECONDS = 10
MAX_MIB = 512


def test_every_mutant_is_caught_in_bounded_time() -> None:
    outcomes = run_all(list(mutants()))
    summary = report(outcomes)
    print(f"mutations tried: {summary['tried']}, caught: {summary['caught']}")
    assert summary["tried"] >= 300
    assert summary["missed"] == []
    assert all(o.seconds < MAX_SECONDS for o in outcomes), summary["slowest"]
    english = {line: words for o in outcomes for line, words in english_messages(o.output).items()}
    assert english == {}  # HR reads every message in Chinese (quoted values and ids aside)


def test_the_attacks_are_caught_in_bounded_memory_in_a_process_of_their_own() -> None:
    """Huge strings, an alias bomb, deep nesting, garbage: the validating process stays under MAX_MIB."""
    done = measured([sys.executable, "-m", "devtools.mutants"], ROOT)
    assert done.returncode == 0, done.stderr
    outcomes = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["mutant"] for o in outcomes] == [m.name for m in attacks()]
    assert all(o["caught"] for o in outcomes), outcomes
    assert all(o["seconds"] < MAX_SECONDS for o in outcomes), outcomes
    assert done.peak_kib < MAX_MIB * 1024, f"{done.peak_kib // 1024} MiB"


def test_every_bad_grade_input_exits_2_with_one_line_per_problem() -> None:
    """Huge integers, deep JSON, bytes that are not UTF-8: `competency grade` answers, never a traceback."""
    outcomes = run_inputs(list(bad_inputs()))
    summary = input_report(outcomes)
    assert summary["tried"] >= 20
    assert summary["missed"] == []
    assert all(o.seconds < MAX_SECONDS for o in outcomes), summary["slowest"]
