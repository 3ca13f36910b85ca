"""The seeded random sweep: a small sample ends in documented outcomes only, and the sweep sees a crash or hang."""

from __future__ import annotations

import time

import pytest

import calculator.inputs
import generator.validation
from benchmarks.sweep import case, sweep

SAMPLE = 200


def test_a_sample_of_the_sweep_has_no_traceback_and_no_hang() -> None:
    summary = sweep(SAMPLE, seed=1, workers=1)
    assert summary["tried"] == SAMPLE
    assert summary["standards"] > 0 and summary["grade_inputs"] > 0
    assert summary["caught"] > SAMPLE // 2  # most random cases are bad, and answered as such
    assert summary["tracebacks"] == 0, summary["failures"]
    assert summary["hangs"] == 0, summary["failures"]
    assert summary["caught"] + summary["accepted"] == SAMPLE


def test_cases_are_reproducible_from_seed_and_index() -> None:
    assert case(7, 42) == case(7, 42)
    assert [case(7, i).name for i in range(20)] != [case(8, i).name for i in range(20)]


def test_a_planted_traceback_is_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("planted")

    monkeypatch.setattr(calculator.inputs, "load_json", broken)
    monkeypatch.setattr(generator.validation, "validate", broken)
    summary = sweep(20, seed=1, workers=1)
    assert summary["tracebacks"] == 20
    assert "planted" in summary["failures"][0]["detail"]
    assert summary["failures"][0]["replay"] == "case(1, 0)"


def test_a_planted_hang_is_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    def stuck(*args: object, **kwargs: object) -> None:
        time.sleep(5)

    monkeypatch.setattr(calculator.inputs, "load_json", stuck)
    monkeypatch.setattr(generator.validation, "validate", stuck)
    summary = sweep(3, seed=1, workers=1, bound=0.2)
    assert summary["hangs"] == 3
    assert summary["slowest"]["seconds"] < 1
