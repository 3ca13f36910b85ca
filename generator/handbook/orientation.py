"""Orientation: which standard is whose. View models of the home catalogue, the family landing pages and 找到我的职级.

Everything here is read from the standards' `applies_to:` blocks (department, roles, scope, purpose,
the source's words) and from what the standards hold (levels, models, processes); nothing is added.
Where the source does not say whom a standard applies to, the pages say so in `NOT_STATED` words.
Relations between standards are derived: the same department, the same source title, the same role
name, the same level names.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from markupsafe import Markup

from calculator.model import Level, Series
from generator.validation import Labels

from .model import About, Entry, Handbook, Role
from .paths import FINDER, calculator_path, family_path, level_path, link, relative, series_path
from .sources import Passage, beside

FINDER_TITLE = "找到我的职级"
NO_DEPARTMENT = "原文未说明部门"
NO_ROLES = "原文未列出岗位名称"


class OrientationError(RuntimeError):
    """An `applies_to.roles` entry names a series or level its standard does not have (one located line)."""


def family_title(family: str) -> str:
    """The heading of a family's landing page."""
    return f"{family}类标准"


def department_name(about: About) -> str:
    """The department a standard names, or, where the source names none, its family's group."""
    return about.applies_to.department or f"{family_title(about.family)}（{NO_DEPARTMENT}）"


@dataclass(frozen=True)
class LevelLink:
    """A level and the link to its page."""

    name: str
    aliases: tuple[str, ...]
    link: Markup


@dataclass(frozen=True)
class SeriesLink:
    """A series as the catalogues list it, under its standard (so by its name): link, levels, calculators, roles."""

    entry: Entry
    title: str
    link: Markup
    levels: list[LevelLink]
    calculators: list[tuple[str, Markup]]
    roles: list[str]

    @property
    def span(self) -> str:
        """'8 个职级（助理 → 助理六级）' or '1 个职级'."""
        if len(self.levels) == 1:
            return "1 个职级"
        return f"{len(self.levels)} 个职级（{self.levels[0].name} → {self.levels[-1].name}）"


@dataclass(frozen=True)
class Relation:
    """Another standard and what this one shares with it (derived from the data, in short phrases)."""

    other: About
    link: Markup
    reasons: list[str]


@dataclass(frozen=True)
class Card:
    """A standard on a catalogue: whom it applies to (empty: the source does not say), what it holds, its relations."""

    about: About
    anchor: Markup
    department: str
    roles: list[str]
    scope: str
    purpose: str
    contents: list[str]
    series: list[SeriesLink]
    relations: list[Relation]
    sources: list[tuple[str, Passage]] = field(default_factory=list)


@dataclass(frozen=True)
class Place:
    """Where a role sits in one standard: a series and the levels of it the role holds."""

    about: About
    series: SeriesLink
    levels: list[LevelLink]

    @property
    def whole(self) -> bool:
        """Whether the role holds every level of the series."""
        return len(self.levels) == len(self.series.levels)


@dataclass(frozen=True)
class RoleView:
    """A role under its department: each standard (and series) it appears in, with its levels."""

    name: str
    stated: bool
    places: list[Place]

    @property
    def standards(self) -> list[About]:
        """The standards the role appears in, each once."""
        return list({p.about.id: p.about for p in self.places}.values())


@dataclass(frozen=True)
class Department:
    """A department (or a family's standards that name none), with its standards and its roles."""

    name: str
    stated: bool
    cards: list[Card]
    roles: list[RoleView]

    @property
    def heading(self) -> str:
        """The department's heading inside its family's page: its name, or that the source names none."""
        return self.name if self.stated else NO_DEPARTMENT

    @property
    def anchor(self) -> Markup:
        """The heading id of the department on a landing page."""
        return link(f"department-{self.cards[0].about.id}")


@dataclass(frozen=True)
class FamilyView:
    """A family's tab: its landing page, its departments."""

    family: str
    title: str
    path: str
    link: Markup
    departments: list[Department]
    series_count: int

    @property
    def cards(self) -> list[Card]:
        """Every standard of the family, in handbook order."""
        return [card for d in self.departments for card in d.cards]


# ---------------------------------------------------------------- building the views


def level_link(series: Series, level: Level, source: str) -> LevelLink:
    """A level with the link to its page from the page at `source`."""
    return LevelLink(level.name, level.aliases, relative(source, level_path(series, level)))


def series_link(entry: Entry, source: str, calculators: set[str], roles: list[str]) -> SeriesLink:
    """A series with links relative to the page at `source`."""
    series = entry.series
    levels = [level_link(series, lv, source) for lv in series.levels]
    pages = [(m.title, calculator_path(m)) for m in series.models]
    calcs = [(name, relative(source, path)) for name, path in pages if path in calculators]
    return SeriesLink(entry, series.name, relative(source, series_path(series)), levels, calcs, roles)


def contents(entries: tuple[Entry, ...], labels: Labels) -> list[str]:
    """What a standard holds, from its data: level requirements, each model by its kind, each process."""
    found = []
    if any(lv.requirements for e in entries for lv in e.series.levels):
        found.append("各级任职要求")
    by_kind: dict[str, list[str]] = {}
    for m in (m for e in entries for m in e.series.models):
        by_kind.setdefault(labels.model_kind[m.kind], []).append(m.title)
    found += [f"{kind}：{'、'.join(titles)}" for kind, titles in by_kind.items()]
    if entries[0].processes:
        found.append(f"流程：{'、'.join(p.title for p in entries[0].processes)}")
    return found


def _role_places(about: About, entries: tuple[Entry, ...], role: Role, file: str) -> list[tuple[Entry, list[Level]]]:
    """The series and levels a role holds in its standard (OrientationError names a wrong id)."""
    where = f"{file}: standard.applies_to.roles（{role.name}）"
    if role.series:
        chosen = [e for e in entries if e.series.id == role.series]
        if not chosen:
            known = "、".join(e.series.id for e in entries)
            raise OrientationError(f"{where}: 本标准没有序列 '{role.series}'（有：{known}）")
    else:
        chosen = list(entries)
    places = []
    for e in chosen:
        levels = list(e.series.levels)
        if role.levels:
            known_ids = {lv.id for lv in levels}
            unknown = [i for i in role.levels if i not in known_ids]
            if unknown and len(chosen) == 1:
                raise OrientationError(f"{where}: 序列 '{e.series.id}' 没有职级 '{unknown[0]}'")
            levels = [lv for lv in levels if lv.id in role.levels]
        if levels:
            places.append((e, levels))
    return places


def _roles_of(series: Series, about: About, entries: tuple[Entry, ...], file: str) -> list[str]:
    """The names of the roles a standard places in a series."""
    return [
        role.name
        for role in about.applies_to.roles
        if any(e.series.id == series.id for e, _levels in _role_places(about, entries, role, file))
    ]


def _sources(about: About, entries: tuple[Entry, ...]) -> list[tuple[str, Passage]]:
    """The source line behind each quote of `applies_to.source`, when the source is in the checkout."""
    origin = beside(entries[0].file)
    if origin is None:
        return []
    return [(q, found) for q in about.applies_to.quotes if (found := origin.passage(q)) is not None]


def card(about: About, entries: tuple[Entry, ...], source: str, calculators: set[str], labels: Labels) -> Card:
    """A standard's card, with links relative to the page at `source` (relations are added by `relate`)."""
    applies, file = about.applies_to, entries[0].file
    return Card(
        about=about,
        anchor=link(f"standard-{about.id}"),
        department=applies.department,
        roles=[r.name for r in applies.roles],
        scope=applies.scope,
        purpose=applies.purpose,
        contents=contents(entries, labels),
        series=[series_link(e, source, calculators, _roles_of(e.series, about, entries, file)) for e in entries],
        relations=[],
        sources=_sources(about, entries),
    )


def reasons(about: About, entries: tuple[Entry, ...], other: About, theirs: tuple[Entry, ...]) -> list[str]:
    """What two standards share: the source's title, role names, the names of a series' levels."""
    found = []
    if other.source == about.source:
        found.append(f"源文件中同题（都题为“{about.source}”）的另一份文件")
    mine = [r.name for r in about.applies_to.roles]
    shared = [name for name in dict.fromkeys(mine) if name in {r.name for r in other.applies_to.roles}]
    if shared:
        found.append(f"都适用于岗位“{'”“'.join(shared)}”，原文没有说明两者的关系")
    for e in entries:
        names = [lv.name for lv in e.series.levels]
        if len(names) > 1 and any(names == [lv.name for lv in t.series.levels] for t in theirs):
            found.append(f"职级名称相同（{'、'.join(names)}）")
    return found


def relate(cards: list[Card], everything: list[tuple[About, tuple[Entry, ...]]], source: str) -> list[Card]:
    """The cards with how each relates to every other standard of the handbook (links relative to `source`)."""
    entries = {about.id: those for about, those in everything}
    related = []
    for c in cards:
        found = []
        for other, theirs in everything:
            shared = reasons(c.about, entries[c.about.id], other, theirs) if other.id != c.about.id else []
            if shared:
                target = relative(source, family_path(other.family), f"standard-{other.id}")
                found.append(Relation(other, target, shared))
        related.append(replace(c, relations=found))
    return related


def role_views(pairs: list[tuple[About, tuple[Entry, ...]]], source: str, calculators: set[str]) -> list[RoleView]:
    """The roles of a department's standards, in order of first mention; standards naming none under NO_ROLES."""
    named: dict[str, list[Place]] = {}
    unnamed: list[Place] = []
    for about, entries in pairs:
        file = entries[0].file
        if not about.applies_to.roles:
            unnamed += [Place(about, link_, link_.levels) for link_ in _links(about, entries, source, calculators)]
            continue
        for role in about.applies_to.roles:
            for e, levels in _role_places(about, entries, role, file):
                held = [level_link(e.series, lv, source) for lv in levels]
                place = Place(about, series_link(e, source, calculators, [role.name]), held)
                named.setdefault(role.name, []).append(place)
    views = [RoleView(name, True, places) for name, places in named.items()]
    return views + ([RoleView(NO_ROLES, False, unnamed)] if unnamed else [])


def _links(about: About, entries: tuple[Entry, ...], source: str, calculators: set[str]) -> list[SeriesLink]:
    """Every series of a standard as a link."""
    return [series_link(e, source, calculators, _roles_of(e.series, about, entries, entries[0].file)) for e in entries]


def departments(handbook: Handbook, entries: tuple[Entry, ...], source: str, calculators: set[str]) -> list[Department]:
    """The departments of some entries' standards: each named department, then the family's group naming none."""
    everything = handbook.standards()
    pairs = handbook.standards(entries)
    groups: dict[str, list[tuple[About, tuple[Entry, ...]]]] = {}
    for about, those in sorted(pairs, key=lambda pair: not pair[0].applies_to.department):
        groups.setdefault(department_name(about), []).append((about, those))
    found = []
    for name, members in groups.items():
        cards = [card(about, those, source, calculators, handbook.labels) for about, those in members]
        stated = bool(members[0][0].applies_to.department)
        cards = relate(cards, everything, source)
        found.append(Department(name, stated, cards, role_views(members, source, calculators)))
    return found


def family_view(
    handbook: Handbook, family: str, entries: tuple[Entry, ...], source: str, calculators: set[str]
) -> FamilyView:
    """A family with its departments (links relative to the page at `source`)."""
    return FamilyView(
        family=family,
        title=family_title(family),
        path=family_path(family),
        link=relative(source, family_path(family)),
        departments=departments(handbook, entries, source, calculators),
        series_count=len(entries),
    )


def family_views(handbook: Handbook, source: str, calculators: set[str]) -> list[FamilyView]:
    """Every family with its departments (links relative to the page at `source`)."""
    return [family_view(handbook, family, entries, source, calculators) for family, entries in handbook.families]


def landing_views(handbook: Handbook, calculators: set[str]) -> list[FamilyView]:
    """Every family with links relative to its own landing page."""
    return [
        family_view(handbook, family, entries, family_path(family), calculators)
        for family, entries in handbook.families
    ]


def finder_link(source: str) -> Markup:
    """The link to 找到我的职级 from the page at `source`."""
    return relative(source, FINDER)


def series_roles(handbook: Handbook, entry: Entry) -> list[str]:
    """The roles a series' standard places in it (for the series page's 适用对象 line)."""
    entries = dict((about.id, those) for about, those in handbook.standards())[entry.standard.id]
    return _roles_of(entry.series, entry.standard, entries, entry.file)


def standard_link(source: str, entry: Entry) -> Markup:
    """The link from the page at `source` to the standard's card on its family's landing page."""
    return relative(source, family_path(entry.family), f"standard-{entry.standard.id}")
