"""Checking and coercing the values a person typed against a model's inputs."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .model import Field, Input, Model, Series

TRUE_WORDS = {"true", "1", "yes", "y", "是", "对", "有"}
FALSE_WORDS = {"false", "0", "no", "n", "否", "不是", "无"}


@dataclass(frozen=True)
class Problem:
    """One bad input value: which key and what was expected.

    For a list input, `index` (from 0) and, for records, `field` say which element is bad.
    """

    key: str
    message: str
    index: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        return f"{self.key}: {self.message}"


class InputError(ValueError):
    """The inputs cannot be graded; `problems` says why, one per field."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


class _Bad(Exception):
    """Internal: one value failed its check (for a list input: which element, which field)."""

    def __init__(self, message: str, index: int | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.index = index
        self.field = field


def coerce(model: Model, series: Series, raw: dict[str, Any]) -> dict[str, Any]:
    """Return the inputs as typed values, or raise InputError naming every bad field."""
    if not isinstance(raw, dict):
        raise InputError([Problem("inputs", "应为一个 JSON 对象（键为输入项）")])
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    known = {spec.key for spec in model.inputs}
    for key in raw:
        if key not in known:
            problems.append(Problem(str(key), f"未知输入项；可用的输入项：{', '.join(sorted(known))}"))
    for spec in model.inputs:
        value = raw.get(spec.key, spec.default)
        if value is None or value == "":
            problems.append(Problem(spec.key, f"缺少{spec.label}"))
            continue
        try:
            values[spec.key] = _coerce_value(spec, series, value)
        except _Bad as bad:
            problems.append(Problem(spec.key, f"{spec.label}{bad}", bad.index, bad.field))
    if problems:
        raise InputError(problems)
    return values


def _coerce_value(spec: Input, series: Series, value: Any) -> Any:
    """Dispatch on the input's type."""
    if spec.type in ("number", "integer"):
        return _number(value, spec.type, spec.min, spec.max, spec.unit)
    if spec.type == "boolean":
        return _boolean(value)
    if spec.type == "choice":
        return _choice(value, spec)
    if spec.type == "level":
        return _level(value, series)
    return _list(value, spec)


def _number(value: Any, kind: str, lo: float | None, hi: float | None, unit: str) -> float:
    """A finite number in [lo, hi]; integral when kind is `integer`."""
    if isinstance(value, bool):
        raise _Bad(f"应为数字，实际为 {value!r}")
    if isinstance(value, str):
        text = value.strip().rstrip("%").strip()
        try:
            value = float(text)
        except ValueError:
            raise _Bad(f"应为数字，实际为 {value!r}") from None
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _Bad(f"应为数字，实际为 {value!r}")
    if kind == "integer" and value != int(value):
        raise _Bad(f"应为整数，实际为 {value:g}")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise _Bad(f"应在 {_range(lo, hi)}{unit} 之间，实际为 {value:g}")
    return int(value) if kind == "integer" else float(value)


def _range(lo: float | None, hi: float | None) -> str:
    """A range for messages: `0-100`, `≥0`, `≤5`."""
    if lo is not None and hi is not None:
        return f"{lo:g}-{hi:g}"
    if lo is not None:
        return f"≥{lo:g} "
    return f"≤{hi:g} " if hi is not None else ""


def _boolean(value: Any) -> bool:
    """A yes/no answer, also from words such as `是`/`否`."""
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise _Bad(f"应为 是/否（true/false），实际为 {value!r}")


def _choice(value: Any, spec: Input) -> str:
    """One of the allowed values, given by value or by label."""
    text = str(value).strip()
    for option in spec.options:
        if text in (option.value, option.label):
            return option.value
    allowed = "、".join(spec.option_values())
    raise _Bad(f"应为以下之一：{allowed}；实际为 {value!r}")


def _level(value: Any, series: Series) -> str:
    """A level of the series, given by id, name or alias."""
    text = str(value).strip()
    for level in series.levels:
        if text in (level.id, level.name, *level.aliases):
            return level.id
    allowed = "、".join(lv.id for lv in series.levels)
    raise _Bad(f"应为以下职级之一：{allowed}；实际为 {value!r}")


def _list(value: Any, spec: Input) -> list[Any]:
    """A list of numbers or of records, with a count in range."""
    if not isinstance(value, (list, tuple)):
        raise _Bad(f"应为列表，实际为 {value!r}")
    count = len(value)
    if count < spec.min_items or (spec.max_items is not None and count > spec.max_items):
        wanted = (
            f"{spec.min_items}"
            if spec.max_items == spec.min_items
            else f"{spec.min_items}-{spec.max_items if spec.max_items is not None else '…'}"
        )
        raise _Bad(f"应有 {wanted} 项，实际为 {count} 项")
    if spec.fields:
        return [_record(entry, spec.fields, i) for i, entry in enumerate(value)]
    return [_element(entry, spec, i) for i, entry in enumerate(value)]


def _element(entry: Any, spec: Input, index: int) -> float:
    """One number of a list input."""
    try:
        return _number(entry, spec.items, spec.min, spec.max, spec.unit)
    except _Bad as bad:
        raise _Bad(f"第 {index + 1} 项{bad}", index) from None


def _record(entry: Any, fields: tuple[Field, ...], index: int) -> dict[str, float]:
    """One record of a list input, e.g. a quarter's score and attainment."""
    if not isinstance(entry, dict):
        raise _Bad(f"第 {index + 1} 项应为对象，实际为 {entry!r}", index)
    unknown = set(entry) - {f.key for f in fields}
    if unknown:
        raise _Bad(f"第 {index + 1} 项有未知字段：{', '.join(sorted(map(str, unknown)))}", index)
    record: dict[str, float] = {}
    for spec in fields:
        if entry.get(spec.key) in (None, ""):
            raise _Bad(f"第 {index + 1} 项缺少{spec.label}（{spec.key}）", index, spec.key)
        try:
            record[spec.key] = _number(entry[spec.key], spec.type, spec.min, spec.max, spec.unit)
        except _Bad as bad:
            raise _Bad(f"第 {index + 1} 项的{spec.label}{bad}", index, spec.key) from None
    return record
