"""Problems found in standards files, each with its place: `FILE:LINE:COL: PATH: message`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

Path = tuple[Any, ...]


def path_text(path: Path) -> str:
    """A JSON path as people read it: `models[0].bands[2].below`."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text or DOCUMENT


DOCUMENT = "（整个文件）"  # the path of a problem that concerns a whole file
WARNING = "警告："  # before the message of a warning: `FILE:LINE:COL: PATH: 警告：…`


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
        prefix = WARNING if self.severity == "warning" else ""
        return f"{self.file}:{self.line}:{self.column}: {path_text(self.path)}: {prefix}{self.message}"

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        """Order of reporting: by file, then by place."""
        return (self.file, self.line, self.column, self.message)


def did_you_mean(word: object, candidates: Iterable[object]) -> str | None:
    """The candidate HR most likely meant by a misspelt `word`, or None when none is close.

    Ranked by edit distance counting a swap of two neighbours as one edit (`lable` → `label`),
    then by sharing the same letters, then the first letter, then difflib's similarity, so that
    `lable` suggests `label`, not `table`, where both are valid.
    """
    text = str(word)
    names = list(dict.fromkeys(str(c) for c in candidates if str(c) != text))
    limit = max(1, len(text) // 3)
    ranked = [
        (distance, sorted(name) != sorted(text), name[:1] != text[:1], -_similarity(text, name), name)
        for name in names
        if (distance := _edits(text.lower(), name.lower(), limit)) <= limit
    ]
    return min(ranked)[-1] if ranked else None


def _similarity(first: str, second: str) -> float:
    return difflib.SequenceMatcher(None, first, second).ratio()


def _edits(first: str, second: str, limit: int) -> int:
    """Optimal string alignment distance (insert, delete, replace, swap of neighbours); limit + 1 when above it."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    before: list[int] = []
    row = list(range(len(second) + 1))
    for i, a in enumerate(first, 1):
        current = [i] + [0] * len(second)
        for j, b in enumerate(second, 1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (a != b))
            if i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                current[j] = min(current[j], before[j - 2] + 1)
        before, row = row, current
    return row[-1]


def choices(word: object, known: Iterable[object]) -> str:
    """`；是不是要写 'x'？` when one is close, else `；可用：a、b、c` (or nothing when none is known)."""
    names = sorted({str(k) for k in known})
    close = did_you_mean(word, names)
    if close is not None:
        return f"；是不是要写 '{close}'？"
    return f"；可用：{'、'.join(names)}" if names else ""
