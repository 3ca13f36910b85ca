"""The rule model: frozen dataclasses built from plain (validated) dicts.

Nothing here reads files; `generator/` loads YAML and hands plain dicts in,
and the browser hands in the JSON the build wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .words import num

Json = dict[str, Any]

DECISIONS: dict[str, tuple[str, int, int]] = {
    # id: (Chinese name, rank for "better than", level steps)
    "dismiss": ("可劝其离职或解除劳动合同", 0, 0),
    "demote_probation": ("降一级并进入试用期", 1, -1),
    "demote": ("降一级", 2, -1),
    "keep": ("保持不变", 3, 0),
    "none": ("未触发此规则", 3, 0),
    "promote": ("晋升一级", 4, 1),
}

UNSET = "[X]（待人力资源部设定）"

# Requirement kinds that are hard conditions (定级的硬性条件): checked before any score counts.
HARD_KINDS = frozenset({"education", "experience", "certificate", "appearance", "location", "hard"})


@dataclass(frozen=True)
class Param:
    """A number the source leaves to the company (`[X]`) and HR has not set yet.

    It stands where the number would be; it formats as `[X]（待人力资源部设定）` on pages,
    and the engine never compares with it: grading needs a value first (see `engine.bind`).
    """

    id: str

    def __str__(self) -> str:
        return UNSET

    def __format__(self, spec: str) -> str:
        return UNSET


def number(raw: Any) -> Any:
    """A threshold from a plain dict: a number, or a Param for an unset `{param: ID}`."""
    if isinstance(raw, dict) and set(raw) == {"param"}:
        return Param(str(raw["param"]))
    return raw


@dataclass(frozen=True)
class Parameter:
    """A value the source leaves open (`[X]`); `value` is None until HR sets it."""

    id: str
    name: str
    value: Any = None
    unit: str = ""
    source: str = ""
    notes: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Json) -> Parameter:
        """Build from a plain dict."""
        return cls(
            id=data["id"],
            name=data["name"],
            value=data.get("value"),
            unit=data.get("unit", ""),
            source=data.get("source", ""),
            notes=_notes(data),
        )


@dataclass(frozen=True)
class Reading:
    """One reading of an ambiguous passage; exactly one per question is adopted."""

    id: str
    name: str
    text: str = ""
    adopted: bool = False
    hard: str = ""  # for scoring models: how a failed hard condition acts under this reading

    @classmethod
    def from_dict(cls, data: Json) -> Reading:
        """Build from a plain dict."""
        return cls(
            id=data["id"],
            name=data["name"],
            text=data.get("text", ""),
            adopted=bool(data.get("adopted", False)),
            hard=data.get("hard", ""),
        )


@dataclass(frozen=True)
class Question:
    """A passage of the source that allows more than one reading changing a verdict.

    Elements (checks, bands, rules) tagged `reading: OPTION` exist only under that reading;
    untagged ones exist under all. The adopted option decides the headline.
    """

    id: str
    text: str
    models: tuple[str, ...]
    options: tuple[Reading, ...]
    source: str = ""
    notes: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Json) -> Question:
        """Build from a plain dict."""
        return cls(
            id=data["id"],
            text=data["question"],
            models=tuple(data.get("models", ())),
            options=tuple(Reading.from_dict(o) for o in data["options"]),
            source=data.get("source", ""),
            notes=_notes(data),
        )

    @property
    def adopted(self) -> Reading:
        """The reading the handbook adopts."""
        return next((o for o in self.options if o.adopted), self.options[0])


def _notes(data: Json) -> tuple[str, ...]:
    """Interpretation notes of a rule object, as a tuple of strings."""
    raw = data.get("interpretation", ())
    return (raw,) if isinstance(raw, str) else tuple(raw)


@dataclass(frozen=True)
class Check:
    """A quantified condition on one input: min/max, a set of values, or equality."""

    input: str
    min: Any = None
    max: Any = None
    equals: Any = None
    one_of: tuple[Any, ...] = ()
    reading: str | None = None

    @classmethod
    def from_dict(cls, data: Json) -> Check:
        """Build from a plain dict."""
        return cls(
            input=data["input"],
            min=number(data.get("min")),
            max=number(data.get("max")),
            equals=data.get("equals"),
            one_of=tuple(data.get("one_of", ())),
            reading=data.get("reading"),
        )

    def key(self) -> tuple[Any, ...]:
        """What the check demands, for telling levels apart."""
        return (self.input, str(self.min), str(self.max), str(self.equals), tuple(map(str, self.one_of)))


@dataclass(frozen=True)
class Requirement:
    """One requirement of a level, in the source's wording."""

    kind: str
    text: str
    item: str = ""
    module: str = ""
    proficiency: str = ""
    certification: str = ""
    checks: tuple[Check, ...] = ()
    notes: tuple[str, ...] = ()
    points: Any = None  # the score the source gives this requirement, where it gives one

    @classmethod
    def from_dict(cls, data: Json) -> Requirement:
        """Build from a plain dict."""
        return cls(
            kind=data["kind"],
            text=data.get("text", ""),
            item=data.get("item", ""),
            module=data.get("module", ""),
            proficiency=data.get("proficiency", ""),
            certification=data.get("certification", ""),
            checks=tuple(Check.from_dict(c) for c in data.get("checks", ())),
            notes=_notes(data),
            points=data.get("points"),
        )

    @property
    def hard(self) -> bool:
        """Whether this is a hard condition (education, experience, certificate …)."""
        return self.kind in HARD_KINDS

    @property
    def label(self) -> str:
        """The name under which the requirement is compared across levels."""
        return self.item or self.module or self.kind


@dataclass(frozen=True)
class Level:
    """One level of a series, lowest first in its series."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    group: str = ""
    summary: str = ""
    requirements: tuple[Requirement, ...] = ()
    notes: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Json) -> Level:
        """Build from a plain dict."""
        return cls(
            id=data["id"],
            name=data["name"],
            aliases=tuple(data.get("aliases", ())),
            group=data.get("group", ""),
            summary=data.get("summary", ""),
            requirements=tuple(Requirement.from_dict(r) for r in data.get("requirements", ())),
            notes=_notes(data),
        )

    def checks(self) -> tuple[tuple[Requirement, Check], ...]:
        """Each quantified condition with the requirement it belongs to."""
        return tuple((r, c) for r in self.requirements for c in r.checks)


@dataclass(frozen=True)
class Option:
    """One allowed value of a choice input, lowest first."""

    value: str
    label: str

    @classmethod
    def from_raw(cls, raw: Any) -> Option:
        """Build from a string or a {value, label} dict."""
        if isinstance(raw, dict):
            return cls(value=str(raw["value"]), label=str(raw.get("label", raw["value"])))
        return cls(value=str(raw), label=str(raw))


@dataclass(frozen=True)
class Field:
    """One field of a record in a list input (e.g. a quarter's score)."""

    key: str
    label: str
    type: str = "number"
    min: float | None = None
    max: float | None = None
    unit: str = ""

    @classmethod
    def from_dict(cls, data: Json) -> Field:
        """Build from a plain dict."""
        return cls(
            key=data["key"],
            label=data.get("label") or data["key"],
            type=data.get("type", "number"),
            min=data.get("min"),
            max=data.get("max"),
            unit=data.get("unit", ""),
        )


@dataclass(frozen=True)
class Input:
    """One input of a model: what the form asks and the CLI accepts."""

    key: str
    label: str
    type: str
    min: float | None = None
    max: float | None = None
    step: float | None = None
    unit: str = ""
    help: str = ""
    options: tuple[Option, ...] = ()
    items: str = "number"
    fields: tuple[Field, ...] = ()
    min_items: int = 0
    max_items: int | None = None
    default: Any = None

    @classmethod
    def from_dict(cls, data: Json) -> Input:
        """Build from a plain dict."""
        return cls(
            key=data["key"],
            label=data.get("label") or data["key"],
            type=data["type"],
            min=data.get("min"),
            max=data.get("max"),
            step=data.get("step"),
            unit=data.get("unit", ""),
            help=data.get("help", ""),
            options=tuple(Option.from_raw(o) for o in data.get("options", ())),
            items=data.get("items", "number"),
            fields=tuple(Field.from_dict(f) for f in data.get("fields", ())),
            min_items=data.get("min_items", 0),
            max_items=data.get("max_items"),
            default=data.get("default"),
        )

    def option_values(self) -> tuple[str, ...]:
        """Allowed values of a choice or level input, lowest first."""
        return tuple(o.value for o in self.options)

    def resolution(self) -> float:
        """The smallest meaningful change of a numeric input."""
        if self.step is not None:
            return self.step
        return 1.0 if self.type == "integer" else 0.5


@dataclass(frozen=True)
class Item:
    """A scoring item: turns one input into points."""

    id: str
    label: str
    input: str
    table: tuple[tuple[str, float], ...] = ()
    per: float | None = None
    cap: float | None = None
    max_points: float | None = None
    weight: float | None = None
    text: str = ""
    notes: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Json) -> Item:
        """Build from a plain dict."""
        table = data.get("table") or {}
        return cls(
            id=data["id"],
            label=data.get("label") or data["id"],
            input=data.get("input") or data["id"],
            table=tuple((str(k), float(v)) for k, v in table.items()),
            per=data.get("per"),
            cap=data.get("cap"),
            max_points=data.get("max_points"),
            weight=data.get("weight"),
            text=data.get("text", ""),
            notes=_notes(data),
        )

    @property
    def rule(self) -> str:
        """Which kind of point rule the item uses: table, count or value."""
        if self.table:
            return "table"
        return "count" if self.per is not None else "value"


@dataclass(frozen=True)
class Group:
    """Items combined into a sub-total (summed or weighted), then scaled."""

    id: str
    label: str
    items: tuple[Item, ...]
    formula: str = "sum"
    scale: float = 1.0
    text: str = ""
    notes: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Json) -> Group:
        """Build from a plain dict."""
        return cls(
            id=data["id"],
            label=data.get("label") or data["id"],
            items=tuple(Item.from_dict(i) for i in data["items"]),
            formula=data.get("formula", "sum"),
            scale=float(data.get("scale", 1)),
            text=data.get("text", ""),
            notes=_notes(data),
        )


@dataclass(frozen=True)
class Band:
    """A half-open score interval [min, below), or [min, max] at the top, placing a level."""

    level: str
    min: Any
    below: Any = None
    max: Any = None
    notes: tuple[str, ...] = ()
    reading: str | None = None

    @classmethod
    def from_dict(cls, data: Json) -> Band:
        """Build from a plain dict."""
        low = number(data["min"])
        return cls(
            level=data["level"],
            min=low if isinstance(low, Param) else float(low),
            below=number(data.get("below")),
            max=number(data.get("max")),
            notes=_notes(data),
            reading=data.get("reading"),
        )

    def contains(self, score: float) -> bool:
        """Whether a score falls into this band."""
        if score < self.min:
            return False
        if self.below is not None:
            return bool(score < self.below)
        return self.max is None or bool(score <= self.max)

    @property
    def upper(self) -> float:
        """The band's upper edge, exclusive or inclusive (open while a parameter is unset)."""
        edge = self.below if self.below is not None else self.max
        return float(edge) if isinstance(edge, (int, float)) else float("inf")

    def text(self) -> str:
        """The interval in words, e.g. `60 ≤ 得分 < 63`."""
        if self.below is not None:
            return f"{num(self.min)} ≤ 得分 < {num(self.below)}"
        if self.max is not None:
            return f"{num(self.min)} ≤ 得分 ≤ {num(self.max)}"
        return f"得分 ≥ {num(self.min)}"


@dataclass(frozen=True)
class Condition:
    """A comparison on a statistic of the review window.

    `stat` is `mean`, `sum`, `last`, `every` (each period) or `any` (some period).
    """

    stat: str
    field: str | None = None
    gt: Any = None
    ge: Any = None
    lt: Any = None
    le: Any = None
    parts: tuple[Condition, ...] = ()  # every/any: a period counts when any part holds for it

    @classmethod
    def from_dict(cls, data: Json) -> Condition:
        """Build from a one-key dict such as {mean: {field: score, lt: 80}}.

        `{every: {any_of: [{field: score, lt: 80}, {field: attainment, lt: 80}]}}` asks
        that each period meets at least one of the parts.
        """
        ((stat, spec),) = data.items()
        return cls(
            stat=stat,
            field=spec.get("field"),
            gt=number(spec.get("gt")),
            ge=number(spec.get("ge")),
            lt=number(spec.get("lt")),
            le=number(spec.get("le")),
            parts=tuple(cls.from_dict({"last": part}) for part in spec.get("any_of", ())),
        )

    def holds(self, value: float) -> bool:
        """Whether a value meets all comparisons of this condition."""
        return (
            (self.gt is None or value > self.gt)
            and (self.ge is None or value >= self.ge)
            and (self.lt is None or value < self.lt)
            and (self.le is None or value <= self.le)
        )

    def period_holds(self, period: Any) -> bool:
        """Whether one period (a number or a record) meets this condition's parts or its own bounds."""
        if self.parts:
            return any(part.holds(float(period[part.field]) if part.field else float(period)) for part in self.parts)
        return self.holds(float(period[self.field]) if self.field else float(period))


@dataclass(frozen=True)
class ReviewRule:
    """If any (or all) conditions hold over the window, the decision applies."""

    id: str
    decision: str
    conditions: tuple[Condition, ...]
    match: str = "any"
    levels: tuple[str, str] | None = None
    window: int = 1
    text: str = ""
    notes: tuple[str, ...] = ()
    wording: str = ""  # the source's words for the decision, e.g. 可提升一级 (a permission)
    reading: str | None = None

    @classmethod
    def from_dict(cls, data: Json) -> ReviewRule:
        """Build from a plain dict."""
        match = "all" if "all" in data else "any"
        levels = data.get("levels")
        return cls(
            id=data["id"],
            decision=data["decision"],
            conditions=tuple(Condition.from_dict(c) for c in data.get(match, ())),
            match=match,
            levels=(levels["from"], levels["to"]) if levels else None,
            window=data.get("window", 1),
            text=data.get("text", ""),
            notes=_notes(data),
            wording=data.get("wording", ""),
            reading=data.get("reading"),
        )

    @property
    def decision_name(self) -> str:
        """What the decision is called where people read it: the source's wording first."""
        return self.wording or DECISIONS[self.decision][0]

    def covers(self, series: Series, level: str | None) -> bool:
        """Whether the rule applies to a person at this level (every level when unbounded or unknown)."""
        if self.levels is None or level is None:
            return True
        low, high = (series.index(x) for x in self.levels)
        return low <= series.index(level) <= high


@dataclass(frozen=True)
class Example:
    """A worked example: inputs and the outcome the standard expects."""

    inputs: Json
    outcome: str | None
    score: float | None = None
    level: str | None = None
    params: Json = field(default_factory=dict)  # trial values for parameters HR has not set
    reading: str | None = None  # grade under this reading instead of the adopted ones
    note: str = ""

    @classmethod
    def from_dict(cls, data: Json) -> Example:
        """Build from a plain dict."""
        expect = data["expect"]
        return cls(
            inputs=dict(data["inputs"]),
            outcome=expect.get("outcome"),
            score=expect.get("score"),
            level=expect.get("level"),
            params=dict(data.get("params") or {}),
            reading=data.get("reading"),
            note=data.get("note", ""),
        )


@dataclass(frozen=True)
class Model:
    """A scoring, review or eligibility model over one series' levels."""

    id: str
    kind: str
    title: str
    series: str
    inputs: tuple[Input, ...]
    groups: tuple[Group, ...] = ()
    bands: tuple[Band, ...] = ()
    rules: tuple[ReviewRule, ...] = ()
    titles: tuple[str, ...] = ()
    otherwise: str = "keep"
    period: str = ""
    level_input: str = ""
    list_input: str = ""
    text: str = ""
    notes: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()
    hard: str = "lower"  # scoring: failed hard conditions lower the band, give no grade ("none") or are ignored
    questions: tuple[Question, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    elsewhere: frozenset[str] = frozenset()  # adopted readings of questions about other models

    @classmethod
    def from_dict(
        cls, data: Json, questions: tuple[Question, ...] = (), parameters: tuple[Parameter, ...] = ()
    ) -> Model:
        """Build from a plain dict, with the standard's questions of reading and parameters."""
        return cls(
            id=data["id"],
            kind=data["kind"],
            title=data["title"],
            series=data["series"],
            inputs=tuple(Input.from_dict(i) for i in data["inputs"]),
            groups=tuple(Group.from_dict(g) for g in data.get("groups", ())),
            bands=tuple(Band.from_dict(b) for b in data.get("bands", ())),
            rules=tuple(ReviewRule.from_dict(r) for r in data.get("rules", ())),
            titles=tuple(data.get("titles", ())),
            otherwise=data.get("otherwise", "keep"),
            period=data.get("period", ""),
            level_input=data.get("level_input", ""),
            list_input=data.get("list_input", ""),
            text=data.get("text", ""),
            notes=_notes(data),
            examples=tuple(Example.from_dict(e) for e in data.get("examples", ())),
            hard=data.get("hard", "lower"),
            questions=tuple(q for q in questions if data["id"] in q.models),
            parameters=parameters,
            elsewhere=frozenset(q.adopted.id for q in questions if data["id"] not in q.models),
        )

    def input(self, key: str) -> Input:
        """The input with this key."""
        for spec in self.inputs:
            if spec.key == key:
                return spec
        raise KeyError(key)

    def items(self) -> tuple[Item, ...]:
        """Every scoring item, in group order."""
        return tuple(item for group in self.groups for item in group.items)

    def band(self, level_id: str) -> Band | None:
        """The band that places someone at a level, if the model has one."""
        return next((b for b in self.bands if b.level == level_id), None)

    def list_fields(self) -> dict[str | None, tuple[str, str]]:
        """Label and unit of the reviewed list (key None) and of each of its record fields, by key."""
        if not self.list_input:
            return {}
        spec = self.input(self.list_input)
        return {None: (spec.label, spec.unit), **{f.key: (f.label, f.unit) for f in spec.fields}}


@dataclass(frozen=True)
class Series:
    """An ordered job-level series and the models that grade it."""

    id: str
    name: str
    levels: tuple[Level, ...]
    models: tuple[Model, ...] = field(default=())

    @classmethod
    def from_dict(cls, data: Json, models: tuple[Model, ...] = ()) -> Series:
        """Build from one entry of a standard's `series` list and the models that grade it."""
        return cls(
            id=data["id"],
            name=data["name"],
            levels=tuple(Level.from_dict(lv) for lv in data.get("levels", ())),
            models=models,
        )

    def level(self, level_id: str) -> Level:
        """The level with this id."""
        for level in self.levels:
            if level.id == level_id:
                return level
        raise KeyError(level_id)

    def index(self, level_id: str) -> int:
        """Position of a level, lowest first."""
        return [lv.id for lv in self.levels].index(level_id)

    def input(self, key: str) -> Input | None:
        """The input with this key in any model of the series (a level's checks name inputs by key)."""
        return next((spec for model in self.models for spec in model.inputs if spec.key == key), None)
