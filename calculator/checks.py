"""A level's requirements that a model's inputs can check, graded one by one: the engine's verdict
on each checkable requirement of a level a person applies for (the 自评与评审 page asks for those
inputs only, and the reviewer's packet carries the verdicts).

A requirement is checkable by a model when every input its checks name is a plain input of that
model (a number, a choice, a level or yes/no). Each is 达到 when all its checks hold, 未达到
when one fails, and has no verdict while one of its inputs is not filled in, is not valid, or
compares with a number the source leaves to HR (`[X]`) and HR has not set: no number is made up.
Where the source reads two ways and the readings disagree on a requirement, its verdict under
each reading is given beside the adopted one.
"""

from __future__ import annotations

from typing import Any

from .engine import adopted, check_holds, variant
from .inputs import Problem, coerce_each
from .model import Check, Input, Level, Model, Param, Series
from .words import demand, num, unit_text, yes_no

PLAIN = ("number", "integer", "choice", "level", "boolean")  # what the page asks as one box

MET, UNMET, MISSING, INVALID, UNSET = "met", "unmet", "missing", "invalid", "unset"
WORDS = {MET: "达到", UNMET: "未达到", MISSING: "待填写", INVALID: "填写有误", UNSET: "待人力资源部设定"}


def checkable(model: Model, level: Level) -> list[int]:
    """The positions (from 0) of a level's requirements that the model's inputs check."""
    plain = {spec.key for spec in model.inputs if spec.type in PLAIN}
    return [
        index
        for index, requirement in enumerate(level.requirements)
        if requirement.checks and {check.input for check in requirement.checks} <= plain
    ]


def checked_inputs(model: Model, level: Level) -> list[Input]:
    """The inputs the checkable requirements of a level ask, in the model's order."""
    needed = {check.input for index in checkable(model, level) for check in level.requirements[index].checks}
    return [spec for spec in model.inputs if spec.key in needed]


def level_checks(series: Series, model: Model, level_id: str, raw: dict[str, Any]) -> dict[str, Any]:
    """The engine's verdict on each checkable requirement of a level, from the inputs given so far.

    {"level": {id, name}, "requirements": [{index, state, rating, words, checks, readings}], "errors": [...],
    "counts": {state: N}}. `checks` says, per condition, what it asks, what was given and whether it holds;
    `readings` the verdict under each reading of a question that tags one of its checks, and whether they differ.
    """
    level = series.level(level_id)
    specs = checked_inputs(model, level)
    values, problems = coerce_each(specs, series, raw)
    chosen = adopted(model)
    here = variant(series, model, chosen)[0].level(level_id)
    requirements = []
    for index in checkable(model, level):
        entry = _requirement(here, index, model, values, problems)
        entry["readings"] = _readings(series, model, level_id, index, values, problems, chosen, entry["state"])
        requirements.append(entry)
    counts = {state: sum(1 for r in requirements if r["state"] == state) for state in WORDS}
    return {
        "level": {"id": level.id, "name": level.name},
        "requirements": requirements,
        "errors": [{"input": p.key, "message": p.message} for p in problems],
        "counts": counts,
    }


def _requirement(
    level: Level, index: int, model: Model, values: dict[str, Any], problems: list[Problem]
) -> dict[str, Any]:
    """One requirement's verdict under the readings the level was read with."""
    requirement = level.requirements[index]
    bad = {p.key for p in problems}
    rows = [_check_row(check, model.input(check.input), values, bad) for check in requirement.checks]
    state = _state(rows)
    words = WORDS[state]
    failed = [row for row in rows if row["holds"] is False]
    if state == UNMET:
        words += "：" + "；".join(f"{row['label']}须{row['asks']}，实际为{row['given']}" for row in failed)
    elif state == MET:
        words += "：" + "；".join(f"{row['label']}：{row['given']}（须{row['asks']}）" for row in rows)
    elif state == UNSET:
        words += "：本条的数值原文留给公司设定（[X]），人力资源部尚未设定，暂不能判定"
    elif state == MISSING:
        words += "：" + "、".join(row["label"] for row in rows if row["state"] == MISSING)
    rating = WORDS[state] if state in (MET, UNMET) else ""  # the self-rating a verdict stands for
    return {"index": index, "text": requirement.text, "state": state, "rating": rating, "words": words, "checks": rows}


def _check_row(check: Check, spec: Input, values: dict[str, Any], bad: set[str]) -> dict[str, Any]:
    """One condition: what it asks and, once its input is given, whether it holds."""
    row: dict[str, Any] = {"input": spec.key, "label": spec.label, "asks": demand(check, spec), "given": None}
    if isinstance(check.min, Param) or isinstance(check.max, Param):
        return {**row, "state": UNSET, "holds": None}
    if spec.key in bad:
        return {**row, "state": INVALID, "holds": None}
    if spec.key not in values:
        return {**row, "state": MISSING, "holds": None}
    holds = check_holds(check, spec, values[spec.key])
    return {**row, "given": _given(spec, values[spec.key]), "state": MET if holds else UNMET, "holds": holds}


def _given(spec: Input, value: Any) -> str:
    """A typed value as the verdict quotes it: yes/no in words, numbers with their unit, an option by its label."""
    if spec.type == "boolean":
        return yes_no(value)
    if spec.type in ("number", "integer"):
        return num(value) + unit_text(spec.unit)
    return next((o.label for o in spec.options if o.value == value), str(value))


def _state(rows: list[dict[str, Any]]) -> str:
    """A requirement's state from its conditions: one failing condition is enough for 未达到."""
    states = {row["state"] for row in rows}
    for state in (UNMET, UNSET, INVALID, MISSING):
        if state in states:
            return state
    return MET


def _readings(
    series: Series,
    model: Model,
    level_id: str,
    index: int,
    values: dict[str, Any],
    problems: list[Problem],
    chosen: frozenset[str],
    state: str,
) -> list[dict[str, Any]]:
    """For each question of reading that tags one of this requirement's checks: the verdict under each of
    its readings, and whether they disagree."""
    found = []
    tags = {check.reading for check in series.level(level_id).requirements[index].checks if check.reading}
    for question in model.questions:
        if not tags & {o.id for o in question.options}:
            continue
        options = []
        for option in question.options:
            trial = (chosen - {o.id for o in question.options}) | {option.id}
            level = variant(series, model, trial)[0].level(level_id)
            verdict = _requirement(level, index, model, values, problems)
            options.append({"name": option.name, "adopted": option.adopted, **_brief(verdict)})
        differs = any(o["state"] != state for o in options)
        found.append({"question": question.text, "differs": differs, "options": options})
    return found


def _brief(verdict: dict[str, Any]) -> dict[str, Any]:
    """A verdict's state and words, for the list of readings."""
    return {"state": verdict["state"], "words": verdict["words"]}
