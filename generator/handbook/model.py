"""The handbook's domain: validated standards arranged as families → series → levels.

Built once per generation from the standards `validate()` hands on (already resolved and
compiled); pages only read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from calculator.model import Level, Model, Series
from generator import git
from generator.validation import Standards
from generator.validation.load import Document
from generator.validation.schema import validator

from .requirements import kind_names


@dataclass(frozen=True)
class Entry:
    """One series, with the standard (file) it comes from."""

    series: Series
    document: Document
    data: dict[str, Any]
    updated: str

    @property
    def standard(self) -> dict[str, Any]:
        """The standard's metadata block."""
        return dict(self.data["standard"])

    @property
    def family(self) -> str:
        """The family (销售/市场/客服/综合) the standard belongs to."""
        return str(self.data["standard"]["family"])

    def raw_level(self, level_id: str) -> dict[str, Any]:
        """A level's plain data (parameters resolved), for fields the model does not carry."""
        for series in self.data["series"]:
            if series["id"] == self.series.id:
                return next(lv for lv in series["levels"] if lv["id"] == level_id)
        raise KeyError(level_id)

    def raw_series(self) -> dict[str, Any]:
        """The series' plain data."""
        return next(s for s in self.data["series"] if s["id"] == self.series.id)

    def points(self, level: Level) -> list[Any]:
        """The `points` of each requirement of a level, in order (None where not given)."""
        return [r.get("points") for r in self.raw_level(level.id).get("requirements", ())]


@dataclass(frozen=True)
class Handbook:
    """Every series grouped by family, plus what pages need to know about the whole."""

    entries: tuple[Entry, ...]
    families: tuple[tuple[str, tuple[Entry, ...]], ...]
    kinds: dict[str, str]
    version: git.Version
    directory: FsPath

    def entry(self, series_id: str) -> Entry:
        """The entry of a series."""
        return next(e for e in self.entries if e.series.id == series_id)

    def models(self) -> list[tuple[Entry, Model]]:
        """Every model with the entry of the series it grades."""
        return [(e, m) for e in self.entries for m in e.series.models]


def assemble(standards: Standards) -> Handbook:
    """Arrange validated standards (resolved and compiled by validation) into the handbook's families and series."""
    directory = standards.directory
    schema: dict[str, Any] = dict(validator(str(directory)).schema)
    entries = []
    for standard in standards.standards:
        updated = git.last_updated(FsPath(standard.document.file))
        entries += [Entry(s, standard.document, standard.data, updated) for s in standard.series]
    entries.sort(key=lambda e: (e.data["standard"].get("order", 0), e.document.file))
    order = schema["$defs"]["standard"]["properties"]["family"]["enum"]
    families = tuple(
        (family, tuple(e for e in entries if e.family == family))
        for family in order
        if any(e.family == family for e in entries)
    )
    return Handbook(tuple(entries), families, kind_names(schema), git.version(directory), directory)
