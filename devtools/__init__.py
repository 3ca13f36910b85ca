"""Helpers shared by the tests and the benchmarks; not shipped with the handbook.

May import: calculator, teamfile, generator, the standard library and dev dependencies; never
tests or benchmarks (both import from here, so neither imports the other).

- `server`: the built site over HTTP on 127.0.0.1 with the MIME types Pyodide needs, and the
  Chromium to drive;
- `cli`: the `competency` command run in this process or as a child;
- `people`: random inputs for a model, and team files (CSV) of them;
- `synthetic`: larger handbooks made of renamed copies of the committed standards;
- `mutants`: the bad-input corpus (mutated standards, bad `grade` inputs) and its runner.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
