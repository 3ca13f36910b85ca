"""The `competency` command as a test or benchmark runs it: in this process, or as a child process."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from devtools import ROOT


@dataclass(frozen=True)
class Ran:
    """The exit code and output of one `competency` command (the fields of subprocess.CompletedProcess)."""

    returncode: int
    stdout: str
    stderr: str


def competency(*args: str, cwd: Path = ROOT) -> Ran:
    """`competency ARGS` run in this process from `cwd` (generator.cli.main), its output captured.

    An argparse usage error (SystemExit) counts as its exit code, as it would for the command.
    The schema validator is cached on the schema file's resolved path and version, so a
    workspace's own schema.json is the one read, as in a fresh process.
    """
    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    before = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit:
                code = _exit_code(exit, err)
    finally:
        os.chdir(before)
    return Ran(code, out.getvalue(), err.getvalue())


def _exit_code(exit: SystemExit, err: io.StringIO) -> int:
    """The status the interpreter would exit with for this SystemExit (a text is printed, status 1)."""
    if exit.code is None or isinstance(exit.code, int):
        return exit.code or 0
    print(exit.code, file=err)
    return 1


def command(*args: str) -> list[str]:
    """The command line of `competency ARGS` run by this interpreter (`python -m generator`)."""
    return [sys.executable, "-m", "generator", *args]


def competency_process(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`competency ARGS` run as a child process, as a user would; for `build`, whose MkDocs child writes to stderr."""
    return subprocess.run(command(*args), cwd=cwd, capture_output=True, text=True)
