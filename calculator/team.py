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
from .model import DECISIONS, Input, Model, Series
from .words import num

Target = tuple[str, int | None, str | None]  # input key, list position (0-based), record field
Targets = list[Target | None]  # one per column of the file; None for a column the model does not read

RESULT = "定级结果"
LEVEL_COLUMN = "结果职级"
ROW_COLUMN = "行号"  # the row's number in the uploaded file, header row 1, blank rows counted
ID_COLUMN = "结果标识（供系统导入）"  # the outcome's id, last, for HR systems; never drawn on the page
RESULT_COLUMNS = ("定级结果", "得分", "依据", "怎样得到更好的结果", "需评审认定的条件", "不同解读下的结论", "错误")
ERRORS = "有错误"  # the summary's name for rows that could not be graded, always counted last
# Columns the model does not read that say whose row it is: they come first, beside the result
IDENTITY = re.compile(
    r"姓名|名字|被评人|员工|人员|工号|编号|^\s*(name|id|full ?name|employee( id)?)\s*$", re.IGNORECASE
)
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
    """The columns the result table adds to the file's own (the row number and the id column aside)."""
    columns = list(RESULT_COLUMNS)
    if model.level_input:
        columns.insert(1, LEVEL_COLUMN)
    return columns


Place = tuple[str, int]  # where an output column comes from: ("row", 0), ("file", i), ("result", j) or ("id", 0)


def identity_columns(header: list[str], columns: Targets) -> list[int]:
    """The file's columns that say whose row it is (姓名, 工号 …): the model reads none of them."""
    return [i for i, (name, t) in enumerate(zip(header, columns, strict=True)) if t is None and IDENTITY.search(name)]


def layout(model: Model, header: list[str], columns: Targets) -> list[Place]:
    """The result table's columns in order: row number, the columns that name the person, the results,
    the file's other columns as they were, and last the outcome's id for machines."""
    identity = identity_columns(header, columns)
    rest = [i for i in range(len(header)) if i not in identity]
    results = [("result", j) for j in range(len(result_header(model)))]
    return [("row", 0), *[("file", i) for i in identity], *results, *[("file", i) for i in rest], ("id", 0)]


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
    """The result table's header (as the downloads write it), which of its columns are results and which
    one is for machines only (the page does not draw it), what each of the file's columns gives, and notices."""
    order = layout(model, header, columns)
    names = {"row": [ROW_COLUMN], "file": header, "result": result_header(model), "id": [ID_COLUMN]}
    return {
        "header": [names[kind][i] for kind, i in order],
        "results": [n for n, (kind, _) in enumerate(order) if kind == "result"],
        "machine": len(order) - 1,
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
    A model that only scores (no bands) has no better outcome to reach: with `with_next` its answer
    also carries `gains`, what raising each input to its maximum would add to the score (`score_gains`).
    """
    try:
        result = grade(series, model, inputs, with_next=with_next, params=params)
    except InputError as error:
        return {"errors": [error_entry(p) for p in error.problems]}
    if with_next and score_only(model) and result.get("score") is not None:
        result["gains"] = score_gains(series, model, result, params)
    return result


def score_only(model: Model) -> bool:
    """A scoring model that gives a score and no grade."""
    return model.kind == "scoring" and not model.bands


def score_gains(
    series: Series, model: Model, result: dict[str, Any], params: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """For each number input below its maximum: the score with that input alone at its maximum.

    [{"input", "label", "from", "to", "score", "gain"}], the largest gain first; inputs that add nothing are left out.
    Each entry is the engine's own score for the changed inputs, so weights and caps are the model's.
    """
    inputs = result["inputs"]
    gains = []
    for spec in model.inputs:
        value = inputs.get(spec.key)
        if spec.type not in ("number", "integer") or spec.max is None or not isinstance(value, (int, float)):
            continue
        if value >= spec.max:
            continue
        changed = grade(series, model, {**inputs, spec.key: spec.max}, with_next=False, params=params)
        gain = round(changed["score"] - result["score"], 6)
        if gain > 0:
            gains.append(
                {
                    "input": spec.key,
                    "label": spec.label,
                    "from": value,
                    "to": spec.max,
                    "score": changed["score"],
                    "gain": gain,
                }
            )
    return sorted(gains, key=lambda g: -g["gain"])


def error_entry(problem: Problem) -> dict[str, Any]:
    """One input error as plain data; the list element only when it is known."""
    entry: dict[str, Any] = {"input": problem.key, "message": problem.message}
    if problem.index is not None:
        entry["index"] = problem.index
    if problem.field is not None:
        entry["field"] = problem.field
    return entry


def grade_rows(
    series: Series,
    model: Model,
    columns: Targets,
    rows: list[list[Any]],
    params: dict[str, Any] | None = None,
    *,
    header: list[str] | None = None,
    numbers: list[int] | None = None,
    first: int = 2,
    results: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Grade rows of a file, cells in the order of its columns: one result row each.

    `results`, when given, receives the engine's answer for each row too (the calibration reads them).

    `numbers` are the rows' numbers in the file (blank rows counted); without them the rows are
    numbered from `first` on. `header` (the file's column names) puts the columns naming the person first.
    """
    order = layout(model, header if header is not None else [""] * len(columns), columns)
    out = []
    for n, raw in enumerate(rows):
        row = list(raw) + [None] * (len(columns) - len(raw))
        result = answer(series, model, row_inputs(model, columns, row), params=params)
        if results is not None:
            results.append(result)
        number = numbers[n] if numbers is not None and n < len(numbers) else first + n
        out.append(result_row(series, model, columns, row, result, order, number))
    return out


def result_row(
    series: Series,
    model: Model,
    columns: Targets,
    row: list[Any],
    result: dict[str, Any],
    order: list[Place] | None = None,
    number: int = 0,
) -> dict[str, Any]:
    """One output row: the cells in the table's order (`layout`), and errors placed on their cells."""
    order = order if order is not None else layout(model, [""] * len(columns), columns)
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
    values: list[Any] = [outcome_words(result) if not errors else ""]
    if model.level_input:
        level = outcome.get("level") if outcome else None
        values.append(series.level(level).name if level else "")
    values += [
        "" if result.get("score") is None else result["score"],
        result["rule"]["text"] if "rule" in result else "",
        next_words(result),
        "；".join(result.get("pending") or ()),
        reading_words(result),
        "；".join(e["message"] for e in errors),
    ]
    source: dict[str, list[Any]] = {
        "row": [number],
        "file": cells,
        "result": values,
        "id": [outcome["id"] if outcome else ""],
    }
    position = {("file", i): n for n, (kind, i) in enumerate(order) if kind == "file"}
    return {
        "cells": [source[kind][i] for kind, i in order],
        "errors": {str(position[("file", i)]): "；".join(m) for i, m in placed.items()},
        "outcome": outcome,
        "verdict": values[0],
        "tone": tone(result) if not errors else "error",
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


def next_words(result: dict[str, Any]) -> str:
    """What it takes, in a few words: the single changes that reach a better outcome, or what raises the score."""
    if result.get("next"):
        target = result["next"]["outcome"]["name"]
        changes = "；或 ".join(f"{c['label']} {num(c['from'])} → {num(c['to'])}" for c in result["next"]["changes"])
        return f"得到「{target}」只需改一项：{changes}"
    gains = result.get("gains") or ()
    if gains:
        parts = "；".join(f"{g['label']} {num(g['from'])} → {num(g['to'])}：+{num(g['gain'])} 分" for g in gains)
        return "提高得分（每次只改一项，改到满分）：" + parts
    return ""


def tone(result: dict[str, Any]) -> str:
    """How an outcome reads: `good` (a promotion), `neutral` (no change), `bad` (down, with or without probation,
    or leaving), `none` (no grade reached, or no verdict);
    `level` for the grade a scoring or eligibility model gives."""
    outcome = result.get("outcome")
    if outcome is None:
        return "none"
    if result.get("kind") != "review" or outcome["id"] not in DECISIONS:
        return "level"
    rank = DECISIONS[outcome["id"]][1]
    return "good" if rank > DECISIONS["keep"][1] else "neutral" if rank == DECISIONS["keep"][1] else "bad"


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
