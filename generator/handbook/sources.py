"""The source documents in `sources/`: sentences, how much of them the standards carry, and the passage behind a text.

The source is Chinese extracted from PDF and Word files, garbled in places: sentences are split
at Chinese sentence marks, line breaks and runs of spaces, and compared without punctuation or
spaces. A sentence is carried when nearly all its Chinese characters lie in runs of six or more
characters that occur in the standards' text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path as FsPath
from typing import Any

import yaml

SOURCES = "sources"
OMITTED = "omitted.yaml"
RUN = 6  # characters in a row that count as carried text
CARRIED = 0.9  # share of a sentence's Chinese characters that must be carried
MIN_CHINESE = 6  # sentences shorter than this are fragments, not counted

CHINESE = re.compile(r"[\u4e00-\u9fff]")
SPLIT = re.compile(r"[。；;！？!?\n]|\s+")
NOISE = re.compile(r"[^\u4e00-\u9fff0-9A-Za-z%]")


def normal(text: str) -> str:
    """Text without punctuation and spaces, for comparing garbled extraction with clean wording."""
    return NOISE.sub("", text)


@dataclass(frozen=True)
class Passage:
    """A line of a source document, as the extraction left it."""

    file: str
    line: int
    text: str


class Source:
    """The source documents of a checkout, read once."""

    def __init__(self, directory: FsPath) -> None:
        self.directory = directory
        self.files = sorted(directory.glob("*.txt"))

    @cached_property
    def lines(self) -> list[Passage]:
        """Every non-empty line of every source file."""
        found = []
        for path in self.files:
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if line.strip():
                    found.append(Passage(path.name, number, line.strip()))
        return found

    @cached_property
    def sentences(self) -> list[str]:
        """The distinct sentences of six or more Chinese characters, normalised, in order."""
        found: dict[str, None] = {}
        for passage in self.lines:
            for part in SPLIT.split(passage.text):
                text = normal(part)
                if len(CHINESE.findall(text)) >= MIN_CHINESE:
                    found.setdefault(text)
        return list(found)

    @cached_property
    def _index(self) -> dict[str, list[int]]:
        """Which lines hold each run of characters (for finding the passage behind a text)."""
        index: dict[str, list[int]] = {}
        for number, passage in enumerate(self.lines):
            text = normal(passage.text)
            for start in range(len(text) - RUN + 1):
                entries = index.setdefault(text[start : start + RUN], [])
                if not entries or entries[-1] != number:
                    entries.append(number)
        return index

    def _votes(self, text: str) -> dict[int, int]:
        """How many runs of a text each source line holds."""
        wanted = normal(text)
        votes: dict[int, int] = {}
        for start in range(len(wanted) - RUN + 1):
            for number in self._index.get(wanted[start : start + RUN], ()):
                votes[number] = votes.get(number, 0) + 1
        return votes

    def passage(self, text: str, near: str = "") -> Passage | None:
        """The source line that carries most of a text, or None when no run of it occurs in the source.

        Between lines that carry it equally, the one carrying more of `near` (the text around it,
        e.g. the rest of its level) wins, then the first.
        """
        votes = self._votes(text)
        if not votes:
            return None
        context = self._votes(near) if near else {}
        best = max(votes, key=lambda number: (votes[number], context.get(number, 0), -number))
        return self.lines[best]


@cache
def beside(standards_file: str) -> Source | None:
    """The source documents of the checkout a standards file lives in (`sources/` beside `standards/`), if any."""
    directory = FsPath(standards_file).resolve().parent.parent / SOURCES
    found = Source(directory)
    return found if found.files else None


def texts(data: Any) -> Iterable[str]:
    """Every string in a standard's data (ids and keys included; they never match source sentences)."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from texts(value)
    elif isinstance(data, list):
        for value in data:
            yield from texts(value)


def carried_share(sentence: str, runs: set[str]) -> float:
    """The share of a sentence's Chinese characters inside runs that the standards carry."""
    marked = [False] * len(sentence)
    for start in range(len(sentence) - RUN + 1):
        if sentence[start : start + RUN] in runs:
            marked[start : start + RUN] = [True] * RUN
    chinese = [i for i, char in enumerate(sentence) if CHINESE.match(char)]
    return sum(marked[i] for i in chinese) / len(chinese) if chinese else 1.0


def coverage(source: Source, standards: Iterable[Any]) -> tuple[list[str], list[str]]:
    """The source sentences the standards carry, and those they do not."""
    runs: set[str] = set()
    for data in standards:
        for text in texts(data):
            value = normal(text)
            runs.update(value[i : i + RUN] for i in range(len(value) - RUN + 1))
    carried: list[str] = []
    missing: list[str] = []
    for sentence in source.sentences:
        (carried if carried_share(sentence, runs) >= CARRIED else missing).append(sentence)
    return carried, missing


def omitted(directory: FsPath) -> dict[str, str]:
    """The sentences deliberately left out of the standards, with why (normalised text: reason)."""
    path = directory / OMITTED
    if not path.is_file():
        return {}
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return {normal(entry["text"]): entry["why"] for entry in entries}
