"""File helpers of the calculator build: read what it needs, write only what changed, hash for cache-busting."""

from __future__ import annotations

import hashlib
from pathlib import Path


class CalculatorBuildError(RuntimeError):
    """Something the calculator page needs is missing at build time; the message says what to do."""


def read(path: Path) -> bytes:
    """A source file the build needs, or a clear error."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise CalculatorBuildError(f"{path}: cannot read ({error.strerror})") from None


def write_if_changed(path: Path, data: bytes) -> bytes:
    """Write a file unless it already holds these bytes (keeps `mkdocs serve` from reloading in a loop)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)
    return data


def digest(data: bytes) -> str:
    """A short content hash for cache-busting file names and URLs."""
    return hashlib.sha256(data).hexdigest()[:12]
