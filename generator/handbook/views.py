"""View models of the handbook's pages: everything a template shows, computed in Python from typed objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from calculator.engine import adopted, needed_parameters, quantified, variant
from calculator.model import UNSET, Level, Model, Parameter, Series
from calculator.words import num
from generator.validation import Labels

from . import ladder, wording
from .model import Entry, Process, Section, told_apart
from .paths import calculator_path, feed_path, level_path, link, matrix_path, print_path, relative, series_path
from .requirements import Change, KindGroup, compare, display_label, grouped, requirement_words
from .sources import Passage, beside


@dataclass(frozen=True)
class GroupView:
    """A scoring group: how its sub-total is formed and its items."""

    label: str
    formula: str
    text: str
    rows: list[wording.ItemRow]
    notes: list[str]
    weighted: bool


@dataclass(frozen=True)
class ModelView:
    """A model as its rules: everything the engine runs, in tables."""

    model: Model
    kind: str
    anchor: Markup
    calculator: Markup | None
    inputs: list[tuple[str, str, str]]
    groups: list[GroupView]
    bands: list[wording.BandRow]
    below: str
    rule_rows: list[wording.RuleRow]
    otherwise: str
    titles: list[str]
    examples: list[wording.ExampleRow]
    notes: list[str]
    trials: list[str] = field(default_factory=list)

    @property
    def band_conditions(self) -> bool:
        """Whether any band also requires hard conditions (else the column is left out)."""
        return any(b.conditions for b in self.bands)

    @property
    def conditioned_examples(self) -> bool:
        """Whether any worked example uses trial values or a reading other than the adopted one."""
        return any(e.conditions for e in self.examples)

    @property
    def scored_examples(self) -> bool:
        """Whether any worked example states a score."""
        return any(e.score for e in self.examples)


def model_view(model: Model, series: Series, source: str, calculators: set[str], labels: Labels) -> ModelView:
    """Tables of one model, with links relative to the page at `source`."""
    target = calculator_path(model)
    return ModelView(
        model=model,
        kind=labels.model_kind[model.kind],
        anchor=link(f"model-{model.id}"),
        calculator=relative(source, target) if target in calculators else None,
        inputs=[(s.label, wording.input_text(s, series, labels), s.help) for s in model.inputs],
        groups=[
            GroupView(
                g.label,
                wording.group_formula(g),
                g.text,
                wording.item_rows(model, g),
                list(g.notes) + [f"{i.label}：{n}" for i in g.items for n in i.notes],
                any(i.weight is not None for i in g.items),
            )
            for g in model.groups
        ],
        bands=wording.band_rows(model, series) if model.bands else [],
        below=wording.below_lowest(model) if model.bands else "",
        rule_rows=wording.rule_rows(model, series, labels) if model.rules else [],
        otherwise=wording.decision_name(model.otherwise) if model.kind == "review" else "",
        titles=[series.level(t).name for t in (model.titles or [lv.id for lv in series.levels])]
        if model.kind == "eligibility"
        else [],
        examples=wording.example_rows(model, series),
        trials=wording.trial_sets(model) if len(wording.trial_sets(model)) == 1 else [],
        notes=list(model.notes)
        + [f"{b.level}：{n}" for b in wording.band_rows(model, series) for n in b.notes]
        + [f"{r.text or r.id}：{n}" for r in wording.rule_rows(model, series, labels) for n in r.notes],
    )


@dataclass(frozen=True)
class Placement:
    """How one model places someone at a level."""

    title: str
    kind: str
    lines: list[str]
    rule_rows: list[wording.RuleRow]
    otherwise: str
    calculator: Markup | None
    details: Markup


def placements(entry: Entry, level: Level, source: str, calculators: set[str], labels: Labels) -> list[Placement]:
    """Every model's say on a level: the band, the quantified conditions, the review wording."""
    series = entry.series
    found = []
    for model in series.models:
        lines, rows, otherwise = _placement_lines(model, series, level, labels)
        target = calculator_path(model)
        found.append(
            Placement(
                title=model.title,
                kind=labels.model_kind[model.kind],
                lines=lines,
                rule_rows=rows,
                otherwise=otherwise,
                calculator=relative(source, target) if target in calculators else None,
                details=relative(source, series_path(series), f"model-{model.id}"),
            )
        )
    return found


def _placement_lines(
    model: Model, series: Series, level: Level, labels: Labels
) -> tuple[list[str], list[wording.RuleRow], str]:
    """Phrases and rule rows saying how a model treats a level."""
    if model.kind == "scoring":
        band = model.band(level.id)
        if band is None:
            return ["本模型不直接评定本级。"], [], ""
        checks = wording.level_checks(level, series, model)
        return [f"综合得分 {band.text()}"] + [f"且满足硬性条件：{c}" for c in checks], [], ""
    if model.kind == "eligibility":
        if model.titles and level.id not in model.titles:
            return ["本模型不测算本级。"], [], ""
        checks = wording.level_checks(level, series, model)
        return checks + ["其余要求由评审人员认定。"], [], ""
    covering = [r for r in model.rules if r.covers(series, level.id)]
    ids = {r.id for r in covering}
    rows = [row for row in wording.rule_rows(model, series, labels) if row.id in ids]
    lines = [] if rows else ["本级不在任何考核规则的适用范围内。"]
    return lines, rows, wording.decision_name(model.otherwise)


@dataclass(frozen=True)
class Comparison:
    """Differences between a level and a neighbour."""

    heading: str
    other: str
    link: Markup
    before: str
    after: str
    changes: list[Change]


def placement_changes(series: Series, lower: Level, upper: Level, labels: Labels) -> list[Change]:
    """Model-derived differences: the band that places someone, the review rules that apply."""
    changes = []
    for model in series.models:
        a, b = model.band(lower.id), model.band(upper.id)
        if a and b and a.text() != b.text():
            kind = "tightened" if b.min > a.min else "changed"
            changes.append(Change(kind, f"定级得分（{model.title}）", a.text(), b.text()))
        if model.kind == "review":
            before = _rule_summary(model, series, lower, labels)
            after = _rule_summary(model, series, upper, labels)
            if before != after:
                changes.append(Change("changed", f"考核规则（{model.title}）", before, after))
    return changes


def _rule_summary(model: Model, series: Series, level: Level, labels: Labels) -> str:
    """The review rules covering a level, in one phrase."""
    covering = [
        f"{row.window}：{row.conditions} → {row.decision}"
        for row, rule in zip(wording.rule_rows(model, series, labels), model.rules, strict=True)
        if rule.covers(series, level.id)
    ]
    return "；".join(covering) or "不适用"


def comparisons(entry: Entry, level: Level, labels: Labels, source: str) -> list[Comparison]:
    """'与下一级相比' first (what the next step asks), then '与上一级相比' (links relative to `source`)."""
    series = entry.series
    index = series.index(level.id)
    found = []
    if index + 1 < len(series.levels):
        upper = series.levels[index + 1]
        kinds = labels.requirement_kind
        changes = placement_changes(series, level, upper, labels) + compare(level, upper, series, kinds)
        found.append(
            Comparison(
                "与下一级相比", upper.name, relative(source, level_path(series, upper)), "本级", "下一级", changes
            )
        )
    if index > 0:
        lower = series.levels[index - 1]
        kinds = labels.requirement_kind
        changes = placement_changes(series, lower, level, labels) + compare(lower, level, series, kinds)
        found.append(
            Comparison(
                "与上一级相比", lower.name, relative(source, level_path(series, lower)), "上一级", "本级", changes
            )
        )
    return found


@dataclass(frozen=True)
class LevelView:
    """Everything a level page shows."""

    level: Level
    position: int
    count: int
    series_name: str
    series_link: Markup
    previous: tuple[str, Markup] | None
    next: tuple[str, Markup] | None
    placements: list[Placement]
    groups: list[KindGroup]
    comparisons: list[Comparison]
    matrix_link: Markup
    unset: list[str] = field(default_factory=list)
    tied: list[str] = field(default_factory=list)
    sources: list[tuple[str, Passage]] = field(default_factory=list)
    # what tells the level apart from a namesake in another series (the standard's title), else ""
    qualifier: str = ""

    @property
    def title(self) -> str:
        """The page's title (and what search shows): the level's name, and its qualifier where it has one."""
        return told_apart(self.level.name, self.qualifier)


def unset_names(series: Series, level: Level | None = None) -> list[str]:
    """The parameters HR has not set that the series' rules (or one level's conditions) depend on."""
    found: dict[str, None] = {}
    for model in series.models:
        for parameter in needed_parameters(series, model):
            if level is None or any(
                getattr(c.min, "id", None) == parameter.id or getattr(c.max, "id", None) == parameter.id
                for _r, c in level.checks()
            ):
                found.setdefault(parameter.name)
    return list(found)


def tied_titles(series: Series, level: Level) -> list[str]:
    """Other levels an eligibility model cannot tell from this one: the same quantified conditions."""
    names: dict[str, None] = {}
    for model in series.models:
        if model.kind != "eligibility":
            continue
        here_series, here_model = variant(series, model, adopted(model))
        titles = here_model.titles or tuple(lv.id for lv in here_series.levels)
        if level.id not in titles or not quantified(here_series, here_model, level.id):
            continue
        demand = quantified(here_series, here_model, level.id)
        for other in titles:
            if other != level.id and quantified(here_series, here_model, other) == demand:
                names.setdefault(here_series.level(other).name)
    return list(names)


def level_passages(entry: Entry, level: Level) -> list[tuple[str, Passage]]:
    """The source line behind each requirement of a level (and its summary), when the source is in the checkout."""
    origin = beside(entry.file)
    if origin is None:
        return []
    texts = ([level.summary] if level.summary else []) + [r.text for r in level.requirements if r.text]
    near = level.name + "".join(texts)
    return [(t, found) for t in dict.fromkeys(texts) if (found := origin.passage(t, near)) is not None]


def level_view(
    entry: Entry, level: Level, labels: Labels, calculators: set[str], source: str, qualifier: str = ""
) -> LevelView:
    """The view of one level page (links relative to `source`); `qualifier` tells it apart from a namesake."""
    series = entry.series
    index = series.index(level.id)

    def neighbour(i: int) -> tuple[str, Markup] | None:
        if not 0 <= i < len(series.levels):
            return None
        other = series.levels[i]
        return other.name, relative(source, level_path(series, other))

    return LevelView(
        level=level,
        position=index + 1,
        count=len(series.levels),
        series_name=entry.title,
        series_link=relative(source, series_path(series)),
        previous=neighbour(index - 1),
        next=neighbour(index + 1),
        placements=placements(entry, level, source, calculators, labels),
        groups=grouped(level, series, labels.requirement_kind),
        comparisons=comparisons(entry, level, labels, source),
        matrix_link=relative(source, matrix_path(series)),
        unset=unset_names(series, level),
        tied=tied_titles(series, level),
        sources=level_passages(entry, level),
        qualifier=qualifier,
    )


@dataclass(frozen=True)
class SeriesView:
    """Everything a series page shows."""

    entry: Entry
    summary: str
    promotion: str
    demotion: str
    levels: list[tuple[Level, Markup]]
    columns: dict[str, bool]
    ladder: Markup
    models: list[ModelView]
    processes: list[Process]
    parameters: list[ParameterRow]
    sections: list[Section]
    notes: list[str]
    matrix_link: Markup
    print_link: Markup
    feed_link: Markup
    unset: list[str] = field(default_factory=list)
    readings: list[dict[str, Any]] = field(default_factory=list)
    sources: list[tuple[str, Passage]] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)  # the roles the standard places in this series
    landing: Markup | None = None  # the standard on its family's landing page (whom it applies to)


def readings_view(series: Series) -> list[dict[str, Any]]:
    """Each question of reading of the series' models: the passage, every reading and which one is adopted."""
    found: dict[str, dict[str, Any]] = {}
    for model in series.models:
        for q in model.questions:
            view = found.setdefault(
                q.id,
                {"question": q.text, "source": q.source, "models": [], "options": q.options, "notes": list(q.notes)},
            )
            view["models"].append(model.title)
    return list(found.values())


def series_passages(entry: Entry) -> list[tuple[str, Passage]]:
    """The source line behind each rule of the series' models (model, group and item texts, review rules)."""
    origin = beside(entry.file)
    if origin is None:
        return []
    texts: list[str] = []
    for model in entry.series.models:
        texts += [model.text] + [g.text for g in model.groups] + [i.text for i in model.items()]
        texts += [r.text for r in model.rules]
    texts += [entry.text.summary, entry.text.promotion, entry.text.demotion]
    return [(t, found) for t in dict.fromkeys(t for t in texts if t) if (found := origin.passage(t)) is not None]


def series_view(
    entry: Entry,
    calculators: set[str],
    source: str,
    labels: Labels,
    roles: list[str] | None = None,
    landing: Markup | None = None,
) -> SeriesView:
    """The view of a series page (links relative to `source`), with the roles it holds and its standard's card."""
    series = entry.series
    return SeriesView(
        entry=entry,
        summary=entry.text.summary,
        promotion=entry.text.promotion,
        demotion=entry.text.demotion,
        levels=[(lv, relative(source, level_path(series, lv))) for lv in series.levels],
        columns={
            "aliases": any(lv.aliases for lv in series.levels),
            "group": any(lv.group for lv in series.levels),
            "summary": any(lv.summary for lv in series.levels),
        },
        ladder=Markup(ladder.ladder(series)),  # its text is escaped by ladder.py
        models=[model_view(m, series, source, calculators, labels) for m in series.models],
        processes=list(entry.processes),
        parameters=[parameter_row(p) for p in entry.parameters],
        sections=list(entry.sections),
        notes=list(entry.text.notes),
        matrix_link=relative(source, matrix_path(series)),
        print_link=relative(source, print_path(series)),
        feed_link=relative(source, feed_path(entry.standard.id)),
        unset=unset_names(series),
        readings=readings_view(series),
        sources=series_passages(entry),
        roles=list(roles or ()),
        landing=landing,
    )


@dataclass(frozen=True)
class ParameterRow:
    """A parameter in the series page's table: its value with the unit, or that HR has not set it."""

    name: str
    value: str
    source: str
    notes: tuple[str, ...]


def parameter_row(parameter: Parameter) -> ParameterRow:
    """A parameter as its table row."""
    value = UNSET if parameter.value is None else f"{num(parameter.value)}{parameter.unit}"
    return ParameterRow(parameter.name, value, parameter.source, parameter.notes)


PRINT_COLUMNS = 8  # levels side by side on a landscape A4 page; a longer series prints in parts


@dataclass(frozen=True)
class MatrixPart:
    """Some adjacent levels of the matrix, for print: the labels repeated, rows empty here left out."""

    first: str
    last: str
    columns: list[tuple[str, Markup]]
    rows: list[tuple[str, list[str]]]


@dataclass(frozen=True)
class MatrixView:
    """Levels as columns, requirement labels as rows; `parts` splits a long series for print (else empty)."""

    entry: Entry
    columns: list[tuple[str, Markup]]
    rows: list[tuple[str, list[str]]]
    series_link: Markup
    parts: list[MatrixPart]


def matrix_parts(
    columns: list[tuple[str, Markup]], rows: list[tuple[str, list[str]]], size: int = PRINT_COLUMNS
) -> list[MatrixPart]:
    """The matrix in parts of at most `size` levels, as even as they come; none when it fits in one."""
    if len(columns) <= size:
        return []
    count = -(-len(columns) // size)
    bounds = [round(i * len(columns) / count) for i in range(count + 1)]
    parts = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        kept = [(label, cells[start:end]) for label, cells in rows if any(c != "—" for c in cells[start:end])]
        parts.append(MatrixPart(columns[start][0], columns[end - 1][0], columns[start:end], kept))
    return parts


def matrix_view(entry: Entry, labels: Labels, source: str) -> MatrixView:
    """The comparison matrix of a series."""
    series = entry.series
    rows: list[tuple[str, list[str]]] = []
    for model in series.models:
        if model.kind == "scoring":
            cells = [b.text() if (b := model.band(lv.id)) else "—" for lv in series.levels]
            rows.append((f"定级得分（{model.title}）", cells))
        if model.kind == "review":
            summaries = [_rule_summary(model, series, lv, labels) for lv in series.levels]
            rows.append((f"考核规则（{model.title}）", summaries))
    names = list(dict.fromkeys(r.label for lv in series.levels for r in lv.requirements))
    for label in names:
        cells = []
        shown = ""
        for lv in series.levels:
            found = [r for r in lv.requirements if r.label == label]
            shown = shown or (display_label(found[0], labels.requirement_kind) if found else "")
            cells.append("；".join(requirement_words(r) for r in found) or "—")
        rows.append((shown, cells))
    columns = [(lv.name, relative(source, level_path(series, lv))) for lv in series.levels]
    return MatrixView(
        entry=entry,
        columns=columns,
        rows=rows,
        series_link=relative(source, series_path(series)),
        parts=matrix_parts(columns, rows),
    )
