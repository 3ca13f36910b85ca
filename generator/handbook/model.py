"""The handbook's domain: validated standards arranged as families → series → levels.

Built once per generation from the standards `validate()` hands on (already resolved and
compiled); pages only read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path as FsPath
from typing import Any

from calculator.model import Level, Model, Parameter, Series
from generator import git
from generator.validation import Labels, Standard, Standards

Json = dict[str, Any]


def _notes(data: Json) -> tuple[str, ...]:
    """An `interpretation:` (one text or a list) as a tuple."""
    return _texts(data.get("interpretation", ()))


def _texts(raw: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """One text or a list of texts as a tuple."""
    return (raw,) if isinstance(raw, str) else tuple(raw)


@dataclass(frozen=True)
class Role:
    """A role a standard applies to, named as the source names it, and where it sits in the standard.

    `series` empty: the role is in every series of the standard; `levels` empty: in every level of its series.
    """

    name: str
    series: str = ""
    levels: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, data: str | Json) -> Role:
        """Build from one entry of `applies_to.roles` (a name, or a mapping with its series and levels)."""
        if isinstance(data, str):
            return cls(data)
        return cls(data["name"], data.get("series", ""), tuple(data.get("levels", ())))


@dataclass(frozen=True)
class AppliesTo:
    """Whom a standard applies to, in the source's words; an empty field is one the source does not state."""

    department: str = ""
    roles: tuple[Role, ...] = ()
    scope: str = ""
    purpose: str = ""
    quotes: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Json) -> AppliesTo:
        """Build from a standard's `applies_to:` block."""
        return cls(
            department=data.get("department", ""),
            roles=tuple(Role.from_data(r) for r in data.get("roles", ())),
            scope=data.get("scope", ""),
            purpose=data.get("purpose", ""),
            quotes=_texts(data.get("source", ())),
            notes=_notes(data),
        )


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
    applies_to: AppliesTo = field(default_factory=AppliesTo)

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
            applies_to=AppliesTo.from_dict(data.get("applies_to", {})),
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
    # where another series shares the series' name, what tells them apart: the standard's title
    # (set by `assemble`, which sees every series)
    qualifier: str = ""

    @property
    def title(self) -> str:
        """The series' title on its pages, in the navigation and in search: its name, and its qualifier if any."""
        return told_apart(self.series.name, self.qualifier)

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
    return [Entry(s, texts[s.id], about, file, updated, processes, parameters, sections) for s in standard.series]


# "客服岗位级别（C级 — A级）" and "客服岗位级别（初级 — 资深客服）" share a name: what comes before the bracket.
QUALIFIER = re.compile(r"\s*[（(].*$")


def shared(name: str) -> str:
    """The part of a series name that other series may share (the name without its bracketed qualifier)."""
    return QUALIFIER.sub("", name) or name


def told_apart(name: str, qualifier: str) -> str:
    """A name followed by what tells it apart from its namesakes ("高级客服 ·《客服岗位定级制度模板范本》")."""
    return f"{name} · {qualifier}" if qualifier else name


def titled(found: list[Entry]) -> list[Entry]:
    """The entries with their titles: a series whose name another series shares also names its standard."""
    counts: dict[str, int] = {}
    for e in found:
        counts[shared(e.series.name)] = counts.get(shared(e.series.name), 0) + 1
    return [replace(e, qualifier=f"《{e.standard.title}》") if counts[shared(e.series.name)] > 1 else e for e in found]


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

    def standards(self, entries: tuple[Entry, ...] | None = None) -> list[tuple[About, tuple[Entry, ...]]]:
        """Each standard once, in handbook order, with the entries of its series (of `entries`, else all)."""
        found: dict[str, tuple[About, list[Entry]]] = {}
        for e in self.entries if entries is None else entries:
            found.setdefault(e.standard.id, (e.standard, []))[1].append(e)
        return [(about, tuple(those)) for about, those in found.values()]

    def level_qualifier(self, entry: Entry, level: Level) -> str:
        """What tells a level apart from a namesake in another series: the standard's title, else the series' title.

        Empty when no other series has a level of that name.
        """
        others = [e for e in self.entries if e is not entry and any(lv.name == level.name for lv in e.series.levels)]
        if not others:
            return ""
        if all(e.standard.title != entry.standard.title for e in others):
            return f"《{entry.standard.title}》"
        return entry.series.name

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
    found = titled(found)
    order = standards.labels.family
    grouped = ((family, tuple(e for e in found if e.family == family)) for family in order)
    families = tuple((family, those) for family, those in grouped if those)
    return Handbook(tuple(found), families, standards.labels, git.version(directory), directory)
