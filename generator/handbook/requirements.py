"""Requirements of a level: grouped by kind, and compared between two levels (or two versions).

"Tightened" is computed from the data: a higher proficiency, a higher minimum or lower
maximum of a quantified check, a condition that was not there before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from calculator.model import HARD_KINDS, Check, Level, Requirement, Series
from calculator.words import num

from .wording import marked_check

# Proficiency marks in rising order; "-" means the module is not required at this level.
PROFICIENCY = ("-", "Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ")

# How a level page groups requirement kinds (presentation only; kinds come from the schema).
KIND_GROUPS: tuple[tuple[str, frozenset[str] | tuple[str, ...], str], ...] = (
    ("硬性条件", HARD_KINDS, ""),
    ("知识与技能", ("knowledge", "skill"), "熟练程度"),
    ("行为标准", ("behaviour",), "认证方法"),
    ("专业成果", ("result",), ""),
    ("其他要求", ("quality", "development", "duty", "text"), ""),
)

CHANGE_WORDS = {"added": "新增", "tightened": "提高", "loosened": "放宽", "changed": "改变", "dropped": "不再列出"}


def requirement_words(requirement: Requirement) -> str:
    """A requirement as one phrase, with its proficiency or certification."""
    extra = []
    if requirement.proficiency:
        extra.append(f"熟练程度 {requirement.proficiency}")
    if requirement.certification:
        extra.append(f"认证方法：{requirement.certification}")
    return requirement.text + (f"（{'；'.join(extra)}）" if extra else "")


def display_label(requirement: Requirement, kinds: dict[str, str]) -> str:
    """The row label of a requirement: its item or module, else its kind's name."""
    return requirement.item or requirement.module or kinds.get(requirement.kind, requirement.kind)


@dataclass(frozen=True)
class RequirementRow:
    """One requirement on a level page."""

    label: str
    text: str
    detail: str
    checks: tuple[str, ...]
    points: str
    notes: tuple[str, ...]


@dataclass(frozen=True)
class KindGroup:
    """Requirements of one group of kinds (e.g. 硬性条件) with the extra column it shows."""

    title: str
    column: str
    rows: tuple[RequirementRow, ...]

    @property
    def has_detail(self) -> bool:
        """Whether any row has a proficiency or certification to show."""
        return bool(self.column) and any(r.detail for r in self.rows)

    @property
    def has_checks(self) -> bool:
        """Whether any row carries quantified conditions."""
        return any(r.checks for r in self.rows)

    @property
    def has_points(self) -> bool:
        """Whether any row carries points."""
        return any(r.points for r in self.rows)

    @property
    def notes(self) -> list[str]:
        """Interpretation notes of the rows, prefixed with their label."""
        return [f"{r.label}：{n}" for r in self.rows for n in r.notes]


def grouped(level: Level, series: Series, kinds: dict[str, str]) -> list[KindGroup]:
    """A level's requirements grouped by kind, in the order of KIND_GROUPS; empty groups left out."""
    groups = []
    for title, members, column in KIND_GROUPS:
        rows = tuple(
            RequirementRow(
                label=display_label(r, kinds),
                text=r.text,
                detail=r.proficiency or r.certification,
                checks=tuple(marked_check(c, series) for c in r.checks),
                points=_points(r.points),
                notes=r.notes,
            )
            for r in level.requirements
            if r.kind in members
        )
        if rows:
            groups.append(KindGroup(title, column, rows))
    return groups


def _points(value: Any) -> str:
    """The `points` a standard gives a requirement, if any."""
    return num(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else ""


# ---------------------------------------------------------------- comparing


@dataclass(frozen=True)
class Change:
    """One difference between two requirement sets: what, and before/after in words."""

    kind: str
    label: str
    before: str = ""
    after: str = ""

    @property
    def verb(self) -> str:
        """The change's kind in Chinese (新增, 提高…)."""
        return CHANGE_WORDS[self.kind]


def compare(lower: Level, upper: Level, series: Series, kinds: dict[str, str]) -> list[Change]:
    """What changes from one level's requirements to another's (or one version to the next)."""
    labels = list(dict.fromkeys([r.label for r in upper.requirements] + [r.label for r in lower.requirements]))
    changes: list[Change] = []
    for label in labels:
        before = [r for r in lower.requirements if r.label == label]
        after = [r for r in upper.requirements if r.label == label]
        changes += _compare_label(before, after, series, kinds)
    order = list(CHANGE_WORDS)
    return sorted(changes, key=lambda c: order.index(c.kind))


def _compare_label(
    before: list[Requirement], after: list[Requirement], series: Series, kinds: dict[str, str]
) -> list[Change]:
    """Changes among the requirements sharing one label."""
    if len(before) == 1 and len(after) == 1:
        a, b = before[0], after[0]
        if _same(a, b):
            return []
        direction = _direction(a, b, series)
        return [Change(direction, display_label(b, kinds), requirement_words(a), requirement_words(b))]
    kept = {requirement_words(r) for r in before} & {requirement_words(r) for r in after}
    added = [Change("added", display_label(r, kinds), after=requirement_words(r)) for r in after]
    dropped = [Change("dropped", display_label(r, kinds), before=requirement_words(r)) for r in before]
    return [c for c in added if c.after not in kept] + [c for c in dropped if c.before not in kept]


def _same(a: Requirement, b: Requirement) -> bool:
    """Whether two requirements say the same thing."""
    return (a.text, a.proficiency, a.certification, a.checks) == (b.text, b.proficiency, b.certification, b.checks)


def _direction(a: Requirement, b: Requirement, series: Series) -> str:
    """`tightened`, `loosened` or `changed`, from proficiency and quantified checks."""
    signs = [_rank(b.proficiency) - _rank(a.proficiency)] if a.proficiency or b.proficiency else []
    signs += _check_signs(a.checks, b.checks, series)
    if any(s > 0 for s in signs) and not any(s < 0 for s in signs):
        return "tightened"
    if any(s < 0 for s in signs) and not any(s > 0 for s in signs):
        return "loosened"
    return "changed"


def _rank(proficiency: str) -> int:
    """Position of a proficiency mark; an empty mark counts as not required."""
    return PROFICIENCY.index(proficiency) if proficiency in PROFICIENCY else 0


def _check_signs(before: tuple[Check, ...], after: tuple[Check, ...], series: Series) -> list[int]:
    """+1 for each stricter quantified condition, -1 for each looser one."""
    old = {c.input: c for c in before}
    new = {c.input: c for c in after}
    signs = [1 for key in new if key not in old] + [-1 for key in old if key not in new]
    for key in old.keys() & new.keys():
        a, b = old[key], new[key]
        signs.append(_compare_bound(a.min, b.min, key, series))
        signs.append(-_compare_bound(a.max, b.max, key, series))
        if (a.equals is None) != (b.equals is None):
            signs.append(1 if b.equals is not None else -1)
    return [s for s in signs if s]


def _compare_bound(a: Any, b: Any, key: str, series: Series) -> int:
    """Sign of b - a for two bounds (numbers or ordered options); a missing bound is the loosest."""
    if a == b:
        return 0
    if a is None or b is None:
        return 1 if a is None else -1
    spec = series.input(key)
    if spec is not None and spec.type in ("choice", "level") and spec.options:
        order = spec.option_values()
        if str(a) in order and str(b) in order:
            return (order.index(str(b)) > order.index(str(a))) - (order.index(str(b)) < order.index(str(a)))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return (b > a) - (b < a)
    return 0
