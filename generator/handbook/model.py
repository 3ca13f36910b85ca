"""The handbook's domain: validated standards arranged as families → series → levels.

Built once per generation from the standards `validate()` hands on (already resolved and
compiled); pages only read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from calculator.model import Model, Parameter, Series
from generator import git
from generator.validation import Labels, Standard, Standards

Json = dict[str, Any]


def _notes(data: Json) -> tuple[str, ...]:
    """An `interpretation:` (one text or a list) as a tuple."""
    raw = data.get("interpretation", ())
    return (raw,) if isinstance(raw, str) else tuple(raw)


@dataclass(frozen=True)
class About:
    """What the handbook shows of a standard (its `standard:` block)."""

    id: str
    title: str
    source: str
    family: str
    summary: str = ""
    order: int = 0
    notes: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Json) -> About:
        """Build from a standard's `standard:` block."""
        return cls(
            id=data["id"],
            title=data["title"],
            source=data["source"],
            family=data["family"],
            summary=data.get("summary", ""),
            order=data.get("order", 0),
            notes=_notes(data),
        )


@dataclass(frozen=True)
class Step:
    """One step of a process: by when, who, what."""

    deadline: str
    owner: str
    action: str


@dataclass(frozen=True)
class Process:
    """A process of a standard (e.g. the promotion round), with its steps."""

    id: str
    title: str
    period: str
    steps: tuple[Step, ...]
    notes: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Json) -> Process:
        """Build from one entry of a standard's `processes`."""
        steps = tuple(Step(s.get("deadline", ""), s.get("owner", ""), s["action"]) for s in data["steps"])
        return cls(data["id"], data["title"], data.get("period", ""), steps, _notes(data))


@dataclass(frozen=True)
class Section:
    """A free-text section of a standard."""

    title: str
    body: str = ""
    items: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Json) -> Section:
        """Build from one entry of a standard's `sections`."""
        return cls(data["title"], data.get("body", ""), tuple(data.get("items", ())), _notes(data))


@dataclass(frozen=True)
class SeriesText:
    """What a series page says about the series beyond its levels."""

    summary: str = ""
    promotion: str = ""
    demotion: str = ""
    notes: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Json) -> SeriesText:
        """Build from one entry of a standard's `series`."""
        return cls(data.get("summary", ""), data.get("promotion", ""), data.get("demotion", ""), _notes(data))


@dataclass(frozen=True)
class Entry:
    """One series, with what the handbook shows of the standard (file) it comes from."""

    series: Series
    text: SeriesText
    standard: About
    file: str
    updated: str
    processes: tuple[Process, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    sections: tuple[Section, ...] = ()

    @property
    def family(self) -> str:
        """The family (销售/市场/客服/综合) the standard belongs to."""
        return self.standard.family


def entries(standard: Standard, updated: str) -> list[Entry]:
    """The entries of one validated standard: one per series, sharing the standard's objects."""
    data = standard.data
    about = About.from_dict(data["standard"])
    processes = tuple(Process.from_dict(p) for p in data.get("processes", ()))
    parameters = tuple(Parameter.from_dict(p) for p in data.get("parameters", ()))
    sections = tuple(Section.from_dict(s) for s in data.get("sections", ()))
    texts = {s["id"]: SeriesText.from_dict(s) for s in data["series"]}
    file = standard.document.file
    return [
        Entry(s, texts[s.id], about, file, updated, processes, parameters, sections) for s in standard.series
    ]


@dataclass(frozen=True)
class Handbook:
    """Every series grouped by family, plus what pages need to know about the whole."""

    entries: tuple[Entry, ...]
    families: tuple[tuple[str, tuple[Entry, ...]], ...]
    labels: Labels
    version: git.Version
    directory: FsPath

    @property
    def kinds(self) -> dict[str, str]:
        """The Chinese names of requirement kinds."""
        return self.labels.requirement_kind

    def models(self) -> list[tuple[Entry, Model]]:
        """Every model with the entry of the series it grades."""
        return [(e, m) for e in self.entries for m in e.series.models]


def assemble(standards: Standards) -> Handbook:
    """Arrange validated standards (resolved and compiled by validation) into the handbook's families and series."""
    directory = standards.directory
    found: list[Entry] = []
    for standard in standards.standards:
        found += entries(standard, git.last_updated(FsPath(standard.document.file)))
    found.sort(key=lambda e: (e.standard.order, e.file))
    order = standards.labels.family
    families = tuple(
        (family, tuple(e for e in found if e.family == family)) for family in order if any(e.family == family for e in found)
    )
    return Handbook(tuple(found), families, standards.labels, git.version(directory), directory)
