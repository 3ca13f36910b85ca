"""Time and peak memory of a command, measured from a small launcher process so no earlier work counts."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Starts the measured command and reports its figures. A child's peak resident memory (ru_maxrss)
# includes the high-water mark of the memory it had before exec, which is that of the process it
# was forked from; so the command is started from this small process, never from a large test run.
LAUNCHER = """
import os, sys, time
started = time.perf_counter()
pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
with open(sys.argv[1], "w") as report:
    report.write(f"{os.waitstatus_to_exitcode(status)} {seconds!r} {usage.ru_maxrss}")
"""


@dataclass(frozen=True)
class Measured:
    """One run of a command: exit code, wall seconds, peak resident memory (KiB) and output."""

    returncode: int
    seconds: float
    peak_kib: int
    stdout: str
    stderr: str


def measured(command: list[str], cwd: Path) -> Measured:
    """Run a command from the launcher: its exit code, wall seconds, peak memory and output.

    Both figures are the command's own (and those of the processes it waited for), so they do not
    depend on what ran before in the calling process: `os.wait4` in the launcher gives the
    command's own peak, where RUSAGE_CHILDREN would report the largest of every child so far.
    """
    with tempfile.TemporaryDirectory() as folder:
        report, out, err = (Path(folder) / name for name in ("report", "out", "err"))
        with out.open("w") as stdout, err.open("w") as stderr:
            launcher = [sys.executable, "-I", "-S", "-c", LAUNCHER, str(report), *command]
            subprocess.run(launcher, cwd=cwd, stdout=stdout, stderr=stderr, check=False)
        output, errors = (path.read_text(encoding="utf-8", errors="replace") for path in (out, err))
        if not report.is_file():
            raise RuntimeError(f"{command[0]} did not start:\n{errors[-2000:]}")
        code, seconds, peak = report.read_text().split()
    return Measured(int(code), float(seconds), int(peak), output, errors)


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of a command that must succeed (RuntimeError if not)."""
    done = measured(command, cwd)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return done.seconds, done.peak_kib
