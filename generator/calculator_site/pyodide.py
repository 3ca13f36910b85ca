"""The browser runtime: the files of the pinned `pyodide` npm package, copied into the site."""

from __future__ import annotations

import shutil
from pathlib import Path

from .files import CalculatorBuildError

ROOT = Path(__file__).resolve().parents[2]
PYODIDE_DIR = "assets/pyodide"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")


def copy_pyodide(target: Path) -> None:
    """Copy the runtime files of the pinned `pyodide` npm package into the site."""
    source = next(
        (base / "node_modules/pyodide" for base in (Path.cwd(), ROOT) if (base / "node_modules/pyodide").is_dir()), None
    )
    if source is None:
        raise CalculatorBuildError("node_modules/pyodide not found: run `npm ci` (or `make setup`) in the project root")
    target.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        src, dst = source / name, target / name
        if not src.is_file():
            raise CalculatorBuildError(f"{src}: missing from the pyodide npm package; reinstall it with `npm ci`")
        if not dst.is_file() or dst.stat().st_size != src.stat().st_size or dst.stat().st_mtime < src.stat().st_mtime:
            shutil.copy2(src, dst)
