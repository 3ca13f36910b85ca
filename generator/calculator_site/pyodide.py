"""The browser runtime: the files of the pinned `pyodide` npm package, copied into the site."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .files import CalculatorBuildError

ROOT = Path(__file__).resolve().parents[2]
PYODIDE_DIR = "assets/pyodide"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")


COUNTED = ("pyodide.asm.wasm", "python_stdlib.zip")  # the downloads the page's progress bar counts, in bytes


def npm_package() -> Path:
    """The folder of the installed `pyodide` npm package."""
    source = next(
        (base / "node_modules/pyodide" for base in (Path.cwd(), ROOT) if (base / "node_modules/pyodide").is_dir()), None
    )
    if source is None:
        raise CalculatorBuildError("node_modules/pyodide not found: run `npm ci` (or `make setup`) in the project root")
    return source


def pyodide_version() -> str:
    """The pinned Pyodide version, as its npm package states it."""
    return str(json.loads((npm_package() / "package.json").read_text(encoding="utf-8"))["version"])


def download_sizes() -> dict[str, int]:
    """The sizes of the runtime's big files: the progress bar's totals (a proxy may drop Content-Length)."""
    return {name: (npm_package() / name).stat().st_size for name in COUNTED}


def copy_pyodide(target: Path) -> None:
    """Copy the runtime files of the pinned `pyodide` npm package into the site."""
    source = npm_package()
    target.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        src, dst = source / name, target / name
        if not src.is_file():
            raise CalculatorBuildError(f"{src}: missing from the pyodide npm package; reinstall it with `npm ci`")
        if not dst.is_file() or dst.stat().st_size != src.stat().st_size or dst.stat().st_mtime < src.stat().st_mtime:
            shutil.copy2(src, dst)
