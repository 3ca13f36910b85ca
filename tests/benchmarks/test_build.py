"""The build benchmark's own measurements: each child's peak memory, and the scaling fit."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from benchmarks.build import exponent, timed


def test_peak_memory_is_each_commands_own() -> None:
    """A small command measured after a large one, from a large process, reports its own peak.

    This process is made large first, as it is late in a test run: a child started from it
    directly would report this process's peak, whatever ran before.
    """
    ballast = bytearray(300 * 2**20)
    ballast[::4096] = b"1" * len(ballast[::4096])  # resident, not only reserved
    _, large = timed(
        [sys.executable, "-c", "x = bytearray(200 * 2**20); x[::4096] = b'1' * len(x[::4096])"], Path.cwd()
    )
    _, small = timed([sys.executable, "-c", "pass"], Path.cwd())
    del ballast
    assert large > 200 * 1024 > small


def test_a_failing_command_raises_with_its_output() -> None:
    with pytest.raises(RuntimeError, match="boom"):
        timed([sys.executable, "-c", "import sys; print('boom', file=sys.stderr); sys.exit(3)"], Path.cwd())


def test_exponent_of_linear_and_quadratic_growth() -> None:
    linear = [{"pages": n, "build_seconds": 0.01 * n} for n in (100, 1000, 10000)]
    quadratic = [{"pages": n, "build_seconds": 1e-5 * n * n} for n in (100, 1000, 10000)]
    assert exponent(linear) == pytest.approx(1.0)
    assert exponent(quadratic) == pytest.approx(2.0)
