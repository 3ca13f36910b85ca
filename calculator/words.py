"""The one phrasing of the rule objects: numbers, ranges, counts, checks, conditions and decisions in Chinese.

The engine (results and input messages), the handbook pages and the calculator page all word
the rules through these functions, so a condition reads the same wherever a person meets it.
Plain text only: escaping for Markdown or HTML is the page's business.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the model imports nothing from here at run time either way
    from .model import Check, Condition, Input

STATS = {"mean": "平均", "sum": "合计", "last": "最近一期", "every": "每一期", "any": "任一期"}
SIGNS = ((">", "gt"), ("≥", "ge"), ("<", "lt"), ("≤", "le"))


def num(value: Any) -> str:
    """A number as people write it: 80, not 80.0; text stays text."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return f"{value:g}" if isinstance(value, float) or abs(value) < 10**15 else str(value)


def yes_no(value: bool) -> str:
    """是 or 否."""
    return "是" if value else "否"


def shown(value: Any) -> str:
    """A value in a sentence: 是/否 for booleans, 12 not 12.0, text as it is."""
    return yes_no(value) if isinstance(value, bool) else num(value)


def unit_text(unit: str) -> str:
    """A unit after a number: ` 分`, ` 年`, but `%` close up."""
    return "" if not unit else unit if unit == "%" else f" {unit}"


def range_text(low: Any, high: Any, unit: str = "") -> str:
    """A range with its unit: `0–100 分`, `≥ 0 年`, `≤ 5`; the unit alone when unbounded."""
    after = unit_text(unit)
    if low is not None and high is not None:
        return f"{num(low)}–{num(high)}{after}"
    if low is not None:
        return f"≥ {num(low)}{after}"
    if high is not None:
        return f"≤ {num(high)}{after}"
    return unit


def range_demand(low: Any, high: Any, unit: str = "") -> str:
    """What a value out of range should be: `应在 0–100 分 之间`, `应不小于 0 年`, `应不大于 5`."""
    if low is not None and high is not None:
        return f"应在 {range_text(low, high, unit)} 之间"
    if low is not None:
        return f"应不小于 {num(low)}{unit_text(unit)}"
    return f"应不大于 {num(high)}{unit_text(unit)}" if high is not None else ""


def count_text(least: int, most: int | None) -> str:
    """How many entries a list takes: `共 3 项`, `1–8 项`, `至少 1 项`."""
    if most is not None and most == least:
        return f"共 {least} 项"
    if most is not None:
        return f"{least}–{most} 项"
    return f"至少 {least} 项"


def count_demand(least: int, most: int | None) -> str:
    """How many entries a list should have: `应有 3 项`, `应有 1–8 项`, `应至少有 1 项`."""
    if most is None:
        return f"应至少有 {least} 项"
    return f"应有 {least} 项" if most == least else f"应有 {least}–{most} 项"


def bounds_text(condition: Condition, unit: str = "") -> str:
    """A condition's comparisons: `< 80 分`, `≥ 70 且 ≤ 80`."""
    after = unit_text(unit)
    return " 且 ".join(
        f"{sign} {num(value)}{after}" for sign, key in SIGNS if (value := getattr(condition, key)) is not None
    )


def demand(check: Check, spec: Input | None = None) -> str:
    """What a check asks of its input: `≥ 3 年`, `是`, `为 本科、硕士 之一`, `本科及以上`."""
    unit = unit_text(spec.unit) if spec is not None else ""
    ordered = spec is not None and spec.type in ("choice", "level")
    parts = []
    if check.equals is not None:
        parts.append(yes_no(check.equals) if isinstance(check.equals, bool) else f"为 {num(check.equals)}")
    if check.one_of:
        parts.append("为 " + "、".join(shown(v) for v in check.one_of) + " 之一")
    if check.min is not None:
        parts.append(f"{check.min}及以上" if ordered else f"≥ {num(check.min)}{unit}")
    if check.max is not None:
        parts.append(f"{check.max}及以下" if ordered else f"≤ {num(check.max)}{unit}")
    return "，".join(parts)


def check_text(check: Check, spec: Input | None) -> str:
    """A quantified condition with its input's name: `毕业年限：≥ 3 年`."""
    return f"{spec.label if spec else check.input}：{demand(check, spec)}"


def condition_text(condition: Condition, fields: dict[str | None, tuple[str, str]], window: int = 0) -> str:
    """A review condition: `每一期考核分 < 80 分`; with a window of several periods, `…（近 2 期）`.

    `fields` gives (label, unit) of each field of the reviewed list by key (None: the list itself).
    """
    if condition.parts:
        body = f"{STATS[condition.stat]}（{' 或 '.join(_bounded(part, fields) for part in condition.parts)}）"
    else:
        body = f"{STATS[condition.stat]}{_bounded(condition, fields)}"
    return f"{body}（近 {window} 期）" if window > 1 else body


def _bounded(condition: Condition, fields: dict[str | None, tuple[str, str]]) -> str:
    """A field with its bounds: `考核分 < 80 分`."""
    label, unit = fields.get(condition.field, (condition.field or "得分", ""))
    return f"{label} {bounds_text(condition, unit)}"
