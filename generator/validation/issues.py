"""Problems found in standards files, each with its place: `FILE:LINE:COL: PATH: message`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Path = tuple[Any, ...]


def path_text(path: Path) -> str:
    """A JSON path as people read it: `models[0].bands[2].below`."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text or "(document)"


@dataclass(frozen=True)
class Issue:
    """One problem: file, line and column (1-based), JSON path and message."""

    file: str
    line: int
    column: int
    path: Path
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.file}:{self.line}:{self.column}: {path_text(self.path)}: {prefix}{self.message}"

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        """Order of reporting: by file, then by place."""
        return (self.file, self.line, self.column, self.message)
