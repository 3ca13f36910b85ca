"""Team mode as plain data: a table's columns → each row's inputs → the engine's answers → result rows → summary.

Pure functions over the model objects and JSON-shaped values (lists, dicts, strings,
numbers). Nothing here reads or writes JSON text or keeps state: `calculator.browser`
holds the file being graded and speaks JSON to the page, once per call.

May import: the standard library and the rest of `calculator`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .engine import grade
from .inputs import InputError, Problem
from .model import Input, Model, Series

Target = tuple[str, int | None, str | None]  # input key, list position (0-based), record field
Targets = list[Target | None]  # one per column of the file; None for a column the model does not read

RESULT_COLUMNS = ("定级结果", "结果代码", "得分", "依据", "不同解读下的结论", "错误")
LEVEL_COLUMN = "结果职级"
ERRORS = "有错误"  # the summary's name for rows that could not be graded, always counted last
ROW_SPLIT = re.compile(r"[,，、;；\s]+")
INDEXED = re.compile(r"^(?P<name>.+?)\.(?P<index>\d+)(?:\.(?P<field>.+))?$")


# ---------------------------------------------------------------- columns


def template(model: Model) -> list[str]:
    """Column headers of an empty team file for a model, by Chinese label."""
    header: list[str] = []
    for spec in model.inputs:
        if spec.type != "list":
            header.append(spec.label)
            continue
        count = max(spec.min_items, min(spec.max_items or 1, 2), 1)
        for n in range(1, count + 1):
            header += [f"{spec.label}.{n}.{f.label}" for f in spec.fields] or [f"{spec.label}.{n}"]
    return header


def aliases(model: Model) -> dict[str, Input]:
    """Every name a column may use for an input: key, label, label with unit."""
    names: dict[str, Input] = {}
    for spec in model.inputs:
        for name in (spec.key, spec.label, f"{spec.label}（{spec.unit}）", f"{spec.label}({spec.unit})"):
            names.setdefault(name.casefold(), spec)
    return names


def target(names: dict[str, Input], name: str) -> Target | None:
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


def targets(model: Model, header: list[str]) -> Targets:
    """What each column of a file gives: an input (or list element), or nothing."""
    names = aliases(model)
    return [target(names, name) for name in header]


def result_header(model: Model) -> list[str]:
    """The columns the result table adds after the file's own."""
    columns = list(RESULT_COLUMNS)
    if model.level_input:
        columns.insert(2, LEVEL_COLUMN)
    return columns


def column_notices(model: Model, header: list[str], columns: Targets) -> list[str]:
    """Columns the calculator ignores and inputs no column provides."""
    notices = []
    ignored = [name for name, t in zip(header, columns, strict=True) if t is None and name]
    if ignored:
        notices.append("以下列不是本模型的输入项，不参与计算，原样保留在结果中：" + "、".join(ignored))
    provided = {t[0] for t in columns if t}
    missing = [spec.label for spec in model.inputs if spec.key not in provided and spec.default is None]
    if missing:
        notices.append("文件中缺少以下输入项的列：" + "、".join(missing))
    return notices


def table_head(model: Model, header: list[str], columns: Targets) -> dict[str, Any]:
    """The result table's header, where the file's own columns end, what each gives, and notices about them."""
    return {
        "header": header + result_header(model),
        "inputs": len(header),
        "columns": [t[0] if t else None for t in columns],
        "notices": column_notices(model, header, columns),
    }


# ---------------------------------------------------------------- rows


def row_inputs(model: Model, columns: Targets, row: list[Any]) -> dict[str, Any]:
    """The inputs of one row; blank cells are left out so the engine names them as missing."""
    inputs: dict[str, Any] = {}
    elements: dict[str, dict[int, Any]] = {}
    for column, cell in zip(columns, row, strict=False):
        if column is None or _blank(cell):
            continue
        key, index, field = column
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


def _blank(cell: Any) -> bool:
    """An empty cell: missing, None or only spaces."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


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


def answer(
    series: Series, model: Model, inputs: dict[str, Any], with_next: bool = True, params: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The engine's answer for one person: its result, or {"errors": [{"input", "message"}]}.

    An error in one element of a list input also carries `index` (from 0) and, for records, `field`.
    """
    try:
        return grade(series, model, inputs, with_next=with_next, params=params)
    except InputError as error:
        return {"errors": [error_entry(p) for p in error.problems]}


def error_entry(problem: Problem) -> dict[str, Any]:
    """One input error as plain data; the list element only when it is known."""
    entry: dict[str, Any] = {"input": problem.key, "message": problem.message}
    if problem.index is not None:
        entry["index"] = problem.index
    if problem.field is not None:
        entry["field"] = problem.field
    return entry


def grade_rows(
    series: Series, model: Model, columns: Targets, rows: list[list[Any]], params: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Grade rows of a file, cells in the order of its columns: one result row each."""
    out = []
    for raw in rows:
        row = list(raw) + [None] * (len(columns) - len(raw))
        result = answer(series, model, row_inputs(model, columns, row), with_next=False, params=params)
        out.append(result_row(series, model, columns, row, result))
    return out


def result_row(
    series: Series, model: Model, columns: Targets, row: list[Any], result: dict[str, Any]
) -> dict[str, Any]:
    """One output row: the file's cells, the outcome columns, and errors placed on their cells."""
    cells = ["" if c is None else c for c in row]
    errors = result.get("errors", [])
    placed: dict[int, list[str]] = {}
    for error in errors:
        given = [i for i, t in enumerate(columns) if t and t[0] == error["input"]]
        # a bad list element goes on its own column when the file has one column per element
        exact = [i for i in given if _names_element(columns[i], error)]
        for column in exact or given:
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


def _names_element(column: Target | None, error: dict[str, Any]) -> bool:
    """Whether a column is the list element (and record field) an error is about."""
    if column is None or "index" not in error or column[1] != error["index"]:
        return False
    return "field" not in error or column[2] == error["field"]


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


# ---------------------------------------------------------------- the whole file


def summary(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """How many rows reached each outcome, in order of first appearance; rows with errors last."""
    counts: dict[str, int] = {}
    for row in rows:
        name = row["verdict"] if row["ok"] else ERRORS
        counts[name] = counts.get(name, 0) + 1
    errors = counts.pop(ERRORS, 0)
    return [{"name": name, "count": count} for name, count in counts.items()] + (
        [{"name": ERRORS, "count": errors}] if errors else []
    )
