"""Checking and coercing the values a person typed against a model's inputs."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from .model import Field, Input, Model, Series
from .words import count_demand, range_demand

TRUE_WORDS = {"true", "1", "yes", "y", "是", "对", "有"}
FALSE_WORDS = {"false", "0", "no", "n", "否", "不是", "无"}
# A number as people write it: digits, one point, an exponent. No `8_0` (Python's float() reads
# it as 80), no `inf`/`nan`, no `0x10`; full-width digits are folded to ASCII first (NFKC).
NUMERAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
MAX_NUMERAL = 400  # characters of a number typed as text; longer is never a sensible value
MAX_JSON_DEPTH = 32  # nesting of JSON inputs; the models need 3 (object, list, record)
MAX_JSON_DIGITS = 300  # digits of an integer in JSON inputs (a float holds at most 309)
SHOWN = 60  # characters of a bad value quoted in a message


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


def coerce_each(specs: list[Input], series: Series, raw: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Some inputs, each on its own: the valid values and a problem for each bad one. An input left
    empty is neither: it is simply not in the values yet, whatever its default (a person's verdict
    stands on what they gave: a default of 0 months or 否 is not their answer). Keys not asked are ignored."""
    if not isinstance(raw, dict):
        return {}, [Problem("inputs", "应为一个 JSON 对象（键为输入项）")]
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for spec in specs:
        value = raw.get(spec.key)
        if value is None or value == "":
            continue
        try:
            values[spec.key] = _coerce_value(spec, series, value)
        except _Bad as bad:
            problems.append(Problem(spec.key, f"{spec.label}{bad}", bad.index, bad.field))
    return values, problems


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
        raise _Bad(f"应为数字，实际为 {shown(value)}")
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value[: MAX_NUMERAL + 1]).strip().rstrip("%").strip()
        if len(value) > MAX_NUMERAL or not NUMERAL.fullmatch(text):
            raise _Bad(f"应为数字，实际为 {shown(value)}")
        value = float(text)
    if isinstance(value, int) and value.bit_length() > 1000:  # float(value) would overflow
        raise _Bad(f"应为数字，实际为 {shown(value)}")
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _Bad(f"应为数字，实际为 {shown(value)}")
    if kind == "integer" and value != int(value):
        raise _Bad(f"应为整数，实际为 {value:g}")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise _Bad(f"{range_demand(lo, hi, unit)}，实际为 {value:g}")
    return int(value) if kind == "integer" else float(value)


def parameter_value(value: Any) -> float:
    """A trial value for a parameter: a finite number (ValueError with a Chinese message otherwise)."""
    try:
        return _number(value, "number", None, None, "")
    except _Bad as bad:
        raise ValueError(str(bad)) from None


def shown(value: Any) -> str:
    """A bad value for a message: its repr, shortened, safe for huge integers and deep lists."""
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        if value.bit_length() > 128:  # repr of a 5,000-digit integer raises ValueError
            return f"一个约 {int(value.bit_length() * 0.30103) + 1} 位的整数"
        return repr(value)
    if isinstance(value, str):
        return repr(value) if len(value) <= SHOWN else repr(value[: SHOWN - 3]) + "…"
    if isinstance(value, (list, tuple, dict)):
        text = _shown_nested(value, 3)
        return text if len(text) <= SHOWN else text[: SHOWN - 3] + "…"
    text = type(value).__name__
    return text


def _shown_nested(value: Any, levels: int) -> str:
    """A list or dict for a message, at most `levels` deep and a few entries wide."""
    if not isinstance(value, (list, tuple, dict)):
        return shown(value)
    if levels == 0 or not value:
        return "[…]" if isinstance(value, (list, tuple)) and value else "{…}" if value else repr(type(value)())
    if isinstance(value, dict):
        parts = [f"{shown(k)}: {_shown_nested(v, levels - 1)}" for k, v in list(value.items())[:6]]
        return "{" + ", ".join(parts) + (", …" if len(value) > 6 else "") + "}"
    parts = [_shown_nested(v, levels - 1) for v in list(value[:6])]
    return "[" + ", ".join(parts) + (", …" if len(value) > 6 else "") + "]"


def _as_text(value: Any) -> str:
    """A value compared against options and level names: text, or a number written out."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (bool, float)) or (isinstance(value, int) and value.bit_length() <= 128):
        return str(value)
    return shown(value)  # a list, a record, a huge integer: never an option


class JsonInputError(ValueError):
    """JSON inputs that cannot be read within the limits; the message says why, in Chinese."""


class JsonSyntaxError(JsonInputError):
    """Text that is not JSON at all (the CLI's `--set` then takes it as text)."""


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_JSON_NESTING = re.compile(r"[\[\]{}]")


def load_json(text: str) -> Any:
    """JSON inputs with bounded work: nesting, integer size, and a Chinese message for bad syntax.

    Python's json raises RecursionError past about 1,000 levels and ValueError for integers of
    more than 4,300 digits; both are refused here first, with the place named.
    """
    depth = 0
    for match in _JSON_NESTING.finditer(_JSON_STRING.sub('""', text)):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_JSON_DEPTH:
            raise JsonInputError(f"JSON 嵌套超过 {MAX_JSON_DEPTH} 层")
    try:
        return json.loads(text, parse_int=_json_int)
    except json.JSONDecodeError as error:
        raise JsonSyntaxError(f"不是有效的 JSON：{error.msg}（第 {error.lineno} 行第 {error.colno} 列）") from None
    except RecursionError:  # pragma: no cover - the scan above stops this first
        raise JsonInputError(f"JSON 嵌套超过 {MAX_JSON_DEPTH} 层") from None


def _json_int(digits: str) -> int:
    """An integer of JSON inputs, refused before Python converts an absurd number of digits."""
    if len(digits.lstrip("-")) > MAX_JSON_DIGITS:
        raise JsonInputError(f"整数有 {len(digits.lstrip('-'))} 位数字，超过上限 {MAX_JSON_DIGITS} 位")
    return int(digits)


def _boolean(value: Any) -> bool:
    """A yes/no answer, also from words such as `是`/`否`."""
    if isinstance(value, bool):
        return value
    word = _as_text(value).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise _Bad(f"应为 是/否（true/false），实际为 {shown(value)}")


def _choice(value: Any, spec: Input) -> str:
    """One of the allowed values, given by value or by label."""
    text = _as_text(value)
    for option in spec.options:
        if text in (option.value, option.label):
            return option.value
    allowed = "、".join(spec.option_values())
    raise _Bad(f"应为以下之一：{allowed}；实际为 {shown(value)}")


def _level(value: Any, series: Series) -> str:
    """A level of the series, given by id, name or alias."""
    text = _as_text(value)
    for level in series.levels:
        if text in (level.id, level.name, *level.aliases):
            return level.id
    allowed = "、".join(lv.id for lv in series.levels)
    raise _Bad(f"应为以下职级之一：{allowed}；实际为 {shown(value)}")


def _list(value: Any, spec: Input) -> list[Any]:
    """A list of numbers or of records, with a count in range."""
    if not isinstance(value, (list, tuple)):
        raise _Bad(f"应为列表，实际为 {shown(value)}")
    count = len(value)
    if count < spec.min_items or (spec.max_items is not None and count > spec.max_items):
        raise _Bad(f"{count_demand(spec.min_items, spec.max_items)}，实际为 {count} 项")
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
        raise _Bad(f"第 {index + 1} 项应为对象，实际为 {shown(entry)}", index)
    unknown = set(entry) - {f.key for f in fields}
    if unknown:
        names = sorted(shown(key) if not isinstance(key, str) else key for key in unknown)
        raise _Bad(f"第 {index + 1} 项有未知字段：{', '.join(names)}", index)
    record: dict[str, float] = {}
    for spec in fields:
        if entry.get(spec.key) in (None, ""):
            raise _Bad(f"第 {index + 1} 项缺少{spec.label}", index, spec.key)
        try:
            record[spec.key] = _number(entry[spec.key], spec.type, spec.min, spec.max, spec.unit)
        except _Bad as bad:
            raise _Bad(f"第 {index + 1} 项的{spec.label}{bad}", index, spec.key) from None
    return record
