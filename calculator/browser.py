"""The one entry point for the page: JSON in, JSON out. No rules live here.

The page calls `load` once with the build-written bundle, `describe` for what
it draws (band edges, input labels), `grade_json` on every change and `team_json`
for a whole team's file. Every number it shows comes from these answers.
"""

from __future__ import annotations

import json
import re
from typing import Any

from . import InputError, Series, grade, load_standard
from .engine import adopted, needed_parameters, variant
from .inputs import Problem
from .model import Input, Model

_MODELS: dict[str, tuple[Series, Model]] = {}
_STANDARDS: dict[str, dict[str, Any]] = {}
_VERSION: dict[str, Any] = {}

RESULT_COLUMNS = ("定级结果", "结果代码", "得分", "依据", "不同解读下的结论", "错误")
LEVEL_COLUMN = "结果职级"
ROW_SPLIT = re.compile(r"[,，、;；\s]+")
INDEXED = re.compile(r"^(?P<name>.+?)\.(?P<index>\d+)(?:\.(?P<field>.+))?$")


def load(bundle_json: str) -> str:
    """Register every model of a build-written bundle; return their ids as JSON."""
    bundle = json.loads(bundle_json)
    _VERSION.clear()
    _VERSION.update(bundle.get("version") or {})
    for standard in bundle["standards"]:
        meta = standard.get("standard", {})
        for series in load_standard(standard):
            for model in series.models:
                _MODELS[model.id] = (series, model)
                _STANDARDS[model.id] = {"id": meta.get("id"), "title": meta.get("title")}
    return json.dumps(sorted(_MODELS))


def _dumps(data: Any) -> str:
    """JSON as the CLI prints it (Chinese kept readable)."""
    return json.dumps(data, ensure_ascii=False)


def _unknown(model_id: str) -> str:
    """The error answer for a model id the bundle does not have."""
    known = "、".join(sorted(_MODELS)) or "（规则尚未加载）"
    return _dumps({"errors": [{"input": "model", "message": f"未知模型 {model_id!r}；可用模型：{known}"}]})


# ---------------------------------------------------------------- one person


def grade_json(model_id: str, inputs_json: str, with_next: bool = True, params_json: str = "{}") -> str:
    """Grade one person; errors come back as {"errors": [{"input", "message"}]}.

    An error in one element of a list input also carries `index` (from 0) and, for records, `field`.
    `params_json` holds trial values for parameters HR has not set ({id: number}).
    """
    if model_id not in _MODELS:
        return _unknown(model_id)
    series, model = _MODELS[model_id]
    try:
        inputs = json.loads(inputs_json)
        params = json.loads(params_json or "{}")
        if not isinstance(params, dict):
            params = {}
        return _dumps(grade(series, model, inputs, with_next=with_next, params=params))
    except InputError as error:
        return _dumps({"errors": [_error_entry(p) for p in error.problems]})
    except json.JSONDecodeError as error:
        return _dumps({"errors": [{"input": "inputs", "message": f"不是有效的 JSON：{error.msg}"}]})


def _error_entry(problem: Problem) -> dict[str, Any]:
    """One input error as JSON; the list element only when it is known."""
    entry: dict[str, Any] = {"input": problem.key, "message": problem.message}
    if problem.index is not None:
        entry["index"] = problem.index
    if problem.field is not None:
        entry["field"] = problem.field
    return entry


def grade_rows(model_id: str, rows_json: str, params_json: str = "{}") -> str:
    """Grade many people (team mode); one result or error object per row."""
    rows = json.loads(rows_json)
    return _dumps([json.loads(grade_json(model_id, _dumps(row), False, params_json)) for row in rows])


# ---------------------------------------------------------------- what the page draws


def describe(model_id: str) -> str:
    """A model's inputs, levels, band edges and review thresholds, for labels and the chart."""
    if model_id not in _MODELS:
        return _unknown(model_id)
    series, model = _MODELS[model_id]
    series, model = variant(series, model, adopted(model))
    return _dumps(
        {
            "id": model.id,
            "kind": model.kind,
            "title": model.title,
            "series": {"id": series.id, "name": series.name},
            "levels": [{"id": lv.id, "name": lv.name} for lv in series.levels],
            "bands": [
                {"level": b.level, "name": series.level(b.level).name, "min": b.min, "upper": _finite(b.upper)}
                for b in model.bands
            ],
            "thresholds": _thresholds(model),
            "inputs": [_input_entry(spec) for spec in model.inputs],
            "parameters": [
                {"id": p.id, "name": p.name, "unit": p.unit, "source": p.source}
                for p in needed_parameters(series, model)
            ],
            "readings": [
                {
                    "id": q.id,
                    "question": q.text,
                    "source": q.source,
                    "options": [{"id": o.id, "name": o.name, "text": o.text, "adopted": o.adopted} for o in q.options],
                }
                for q in model.questions
            ],
            "standard": _STANDARDS.get(model.id, {}),
            "version": dict(_VERSION),
        }
    )


def _finite(value: float) -> float | None:
    """A band edge for JSON: None for an open top."""
    return None if value == float("inf") else value


def _thresholds(model: Model) -> list[dict[str, Any]]:
    """Each bound of each review condition: the lines the review chart draws."""
    return [
        {"rule": rule.id, "text": rule.text or rule.id, "field": c.field, "op": op, "value": value}
        for rule in model.rules
        for c in rule.conditions
        for op, value in (("gt", c.gt), ("ge", c.ge), ("lt", c.lt), ("le", c.le))
        if value is not None
    ]


def _input_entry(spec: Input) -> dict[str, Any]:
    """One input as the page needs it."""
    return {
        "key": spec.key,
        "label": spec.label,
        "type": spec.type,
        "unit": spec.unit,
        "min": spec.min,
        "max": spec.max,
        "fields": [{"key": f.key, "label": f.label, "unit": f.unit, "min": f.min, "max": f.max} for f in spec.fields],
        "min_items": spec.min_items,
        "max_items": spec.max_items,
    }


# ---------------------------------------------------------------- team mode

Target = tuple[str, int | None, str | None]  # input key, list position (0-based), record field


def team_template(model_id: str) -> str:
    """Column headers of an empty team file for a model, by Chinese label."""
    if model_id not in _MODELS:
        return _unknown(model_id)
    _series, model = _MODELS[model_id]
    header: list[str] = []
    for spec in model.inputs:
        if spec.type != "list":
            header.append(spec.label)
            continue
        count = max(spec.min_items, min(spec.max_items or 1, 2), 1)
        for n in range(1, count + 1):
            header += [f"{spec.label}.{n}.{f.label}" for f in spec.fields] or [f"{spec.label}.{n}"]
    return _dumps(header)


def team_json(model_id: str, table_json: str, params_json: str = "{}") -> str:
    """Grade a table of people: map its columns to inputs, grade each row, build the result table.

    Columns are named by input key or Chinese label. A list input takes either one
    column holding JSON (`[80, 85, 90]`, `[{"score": 80, "attainment": 95}]`) or
    numbers separated by commas, or one column per element named `KEY.N` (N from 1,
    oldest first) and, for records, `KEY.N.FIELD`. Key, label and field label all work.
    """
    if model_id not in _MODELS:
        return _unknown(model_id)
    series, model = _MODELS[model_id]
    table = json.loads(table_json)
    header = [str(h).strip() for h in table["header"]]
    names = _aliases(model)
    targets = [_target(names, name) for name in header]
    rows = [list(row) + [None] * (len(header) - len(row)) for row in table["rows"]]
    inputs = [_row_inputs(model, targets, row) for row in rows]
    results = json.loads(grade_rows(model_id, _dumps(inputs), params_json))
    extra = _result_header(model)
    out_rows = [_result_row(series, model, targets, row, result) for row, result in zip(rows, results, strict=True)]
    return _dumps(
        {
            "header": header + extra,
            "inputs": len(header),
            "columns": [t[0] if t else None for t in targets],
            "notices": _column_notices(model, header, targets),
            "rows": out_rows,
            "summary": _summary(out_rows),
        }
    )


def _aliases(model: Model) -> dict[str, Input]:
    """Every name a column may use for an input: key, label, label with unit."""
    names: dict[str, Input] = {}
    for spec in model.inputs:
        for name in (spec.key, spec.label, f"{spec.label}（{spec.unit}）", f"{spec.label}({spec.unit})"):
            names.setdefault(name.casefold(), spec)
    return names


def _target(names: dict[str, Input], name: str) -> Target | None:
    """Which input (and list position, record field) a column header names."""
    spec = names.get(name.casefold())
    if spec is not None:
        return (spec.key, None, None)
    match = INDEXED.match(name)
    if match is None:
        return None
    spec = names.get(match["name"].strip().casefold())
    index = int(match["index"]) - 1
    if spec is None or spec.type != "list" or index < 0:
        return None
    if not spec.fields:
        return (spec.key, index, None) if match["field"] is None else None
    wanted = (match["field"] or "").strip().casefold()
    for f in spec.fields:
        if wanted in (f.key.casefold(), f.label.casefold()):
            return (spec.key, index, f.key)
    return None


def _blank(cell: Any) -> bool:
    """An empty cell: missing, None or only spaces."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _row_inputs(model: Model, targets: list[Target | None], row: list[Any]) -> dict[str, Any]:
    """The inputs of one row; blank cells are left out so the engine names them as missing."""
    inputs: dict[str, Any] = {}
    elements: dict[str, dict[int, Any]] = {}
    for target, cell in zip(targets, row, strict=False):
        if target is None or _blank(cell):
            continue
        key, index, field = target
        if index is None:
            inputs[key] = _list_cell(cell) if model.input(key).type == "list" else cell
        elif field is None:
            elements.setdefault(key, {})[index] = cell
        else:
            elements.setdefault(key, {}).setdefault(index, {})[field] = cell
    for key, by_index in elements.items():
        if key not in inputs:
            inputs[key] = [by_index.get(i, {} if model.input(key).fields else "") for i in range(max(by_index) + 1)]
    return inputs


def _list_cell(cell: Any) -> Any:
    """A whole list in one cell: JSON text, or numbers separated by commas or spaces."""
    if not isinstance(cell, str):
        return [cell]
    text = cell.strip()
    if text.startswith("["):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text
    return [part for part in ROW_SPLIT.split(text) if part]


def _result_header(model: Model) -> list[str]:
    """The columns the result table adds after the file's own."""
    columns = list(RESULT_COLUMNS)
    if model.level_input:
        columns.insert(2, LEVEL_COLUMN)
    return columns


def _result_row(
    series: Series, model: Model, targets: list[Target | None], row: list[Any], result: dict[str, Any]
) -> dict[str, Any]:
    """One output row: the file's cells, the outcome columns, and errors placed on their cells."""
    cells = ["" if c is None else c for c in row]
    errors = result.get("errors", [])
    placed: dict[int, list[str]] = {}
    for error in errors:
        columns = [i for i, t in enumerate(targets) if t and t[0] == error["input"]]
        # a bad list element goes on its own column when the file has one column per element
        exact = [i for i in columns if _names_element(targets[i], error)]
        for column in exact or columns:
            placed.setdefault(column, []).append(error["message"])
    outcome = result.get("outcome")
    values: list[Any] = [outcome_words(result) if not errors else "", outcome["id"] if outcome else ""]
    if model.level_input:
        level = outcome.get("level") if outcome else None
        values.append(series.level(level).name if level else "")
    values += [
        "" if result.get("score") is None else result["score"],
        result["rule"]["text"] if "rule" in result else "",
        reading_words(result),
        "；".join(e["message"] for e in errors),
    ]
    return {
        "cells": cells + values,
        "errors": {str(i): "；".join(m) for i, m in placed.items()},
        "outcome": outcome,
        "verdict": values[0],
        "ok": not errors,
    }


def outcome_words(result: dict[str, Any]) -> str:
    """The outcome as a team table shows it: its name, every tied title, or why there is none."""
    if result.get("unset_parameters"):
        return "未给出结论（参数待人力资源部设定）"
    outcome = result.get("outcome")
    if outcome is None:
        return "未达到"
    if result.get("tied"):
        return " / ".join(t["name"] for t in result["tied"]) + "（可量化条件相同，由评审认定）"
    return str(outcome["name"])


def reading_words(result: dict[str, Any]) -> str:
    """Verdicts under the readings that do not agree with the headline, e.g. `按「每季…」：降一级（S10）`."""
    parts = []
    for question in result.get("readings", ()):
        if not question["differs"]:
            continue
        for option in question["options"]:
            if not option["in_force"]:
                parts.append(f"按「{option['name']}」：{_option_words(option)}")
    return "；".join(parts)


def _option_words(option: dict[str, Any]) -> str:
    """One reading's verdict in a few words."""
    outcome = option["outcome"]
    if outcome is None:
        return "未达到"
    if option.get("tied"):
        return " / ".join(t["name"] for t in option["tied"])
    level = outcome.get("level")
    return f"{outcome['name']}（{level}）" if level else str(outcome["name"])


def _names_element(target: Target | None, error: dict[str, Any]) -> bool:
    """Whether a column is the list element (and record field) an error is about."""
    if target is None or "index" not in error or target[1] != error["index"]:
        return False
    return "field" not in error or target[2] == error["field"]


def _column_notices(model: Model, header: list[str], targets: list[Target | None]) -> list[str]:
    """Columns the calculator ignores and inputs no column provides."""
    notices = []
    ignored = [name for name, t in zip(header, targets, strict=True) if t is None and name]
    if ignored:
        notices.append("以下列不是本模型的输入项，不参与计算，原样保留在结果中：" + "、".join(ignored))
    provided = {t[0] for t in targets if t}
    missing = [spec.label for spec in model.inputs if spec.key not in provided and spec.default is None]
    if missing:
        notices.append("文件中缺少以下输入项的列：" + "、".join(missing))
    return notices


def _summary(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """How many rows reached each outcome, in order of first appearance; errors last."""
    counts: dict[str, int] = {}
    for row in rows:
        name = "有错误" if not row["ok"] else row["verdict"]
        counts[name] = counts.get(name, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: item[0] == "有错误")
    return [{"name": name, "count": count} for name, count in ordered]
