"""Checks the schema cannot express: unique ids, references, weights, bands, examples."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from calculator import InputError, grade, load_standard, parameter_values, resolve_parameters
from calculator.model import Series

from .issues import Issue, Path
from .load import Document
from .open_points import parameter_warnings, reach_issues, reading_issues
from .standard import Standard

Json = dict[str, Any]


def document_issues(document: Document) -> tuple[list[Issue], Standard | None]:
    """Every semantic problem of one schema-valid standard, and the standard itself when it has no error.

    Its parameters are resolved and its series compiled here, once, for the worked examples and
    the reachability check; validation hands them on, and no later step compiles a standard again.
    """
    issues = _parameter_issues(document)
    if issues:
        return issues, None
    values = parameter_values(document.data)
    data = resolve_parameters(document.data, values)
    loaded, document = document, document.with_data(data)
    series_levels = {s["id"]: [lv["id"] for lv in s["levels"]] for s in data["series"]}
    for index, series in enumerate(data["series"]):
        issues += _duplicates(document, ("series", index, "levels"), series["levels"], "id", "level id")
    for index, model in enumerate(data.get("models", ())):
        issues += _model_issues(document, ("models", index), model, series_levels)
    if not issues:
        issues += _reachability(document, series_levels)
        issues += _check_issues(document)
    issues += reading_issues(document)
    compiled: tuple[Series, ...] | None = None
    if not issues:
        compiled, problem = _compile(document)
        issues += problem or example_issues(document, compiled or ())
    if not issues:
        issues += reach_issues(document, compiled or ())
    standard = Standard(loaded, data, compiled) if compiled is not None and not issues else None
    return issues + parameter_warnings(document), standard


def _duplicates(document: Document, path: Path, entries: list[Json], key: str, what: str) -> list[Issue]:
    """A problem for each entry whose key repeats an earlier one."""
    seen: set[Any] = set()
    issues = []
    for index, entry in enumerate(entries):
        if entry.get(key) in seen:
            issues.append(document.issue((*path, index, key), f"duplicate {what} '{entry[key]}'"))
        seen.add(entry.get(key))
    return issues


def _parameter_issues(document: Document) -> list[Issue]:
    """Parameters have unique ids and every `{param: ID}` names one."""
    data = document.data
    params = data.get("parameters", [])
    issues = _duplicates(document, ("parameters",), params, "id", "parameter id")
    known = {p["id"] for p in params}
    for path, name in _param_refs(data, ()):
        if name not in known:
            issues.append(document.issue(path, f"unknown parameter '{name}'{_choices(known)}"))
    return issues


def _param_refs(data: Any, path: Path) -> Iterator[tuple[Path, str]]:
    """Every `{param: ID}` reference with its path."""
    if isinstance(data, dict):
        if set(data) == {"param"}:
            yield (*path, "param"), data["param"]
            return
        for key, value in data.items():
            yield from _param_refs(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _param_refs(value, (*path, index))


def _choices(known: Any) -> str:
    """`; known: a, b` for messages."""
    return f"; known: {', '.join(sorted(set(map(str, known))))}" if known else ""


def _model_issues(document: Document, path: Path, model: Json, series_levels: dict[str, list[str]]) -> list[Issue]:
    """References, duplicates, weights and bands of one model."""
    if model["series"] not in series_levels:
        return [document.issue((*path, "series"), f"unknown series '{model['series']}'{_choices(series_levels)}")]
    levels = series_levels[model["series"]]
    inputs = {i["key"]: i for i in model["inputs"]}
    issues = _duplicates(document, (*path, "inputs"), model["inputs"], "key", "input key")
    issues += _input_issues(document, path, model)
    for g, group in enumerate(model.get("groups", ())):
        issues += _group_issues(document, (*path, "groups", g), group, inputs)
    seen: set[str] = set()
    for g, group in enumerate(model.get("groups", ())):
        for i, item in enumerate(group["items"]):
            if item["id"] in seen:
                issues.append(
                    document.issue((*path, "groups", g, "items", i, "id"), f"duplicate item id '{item['id']}'")
                )
            seen.add(item["id"])
    for bands in _band_readings(document.data, model):
        issues += [i for i in _band_issues(document, (*path, "bands"), bands, levels) if i not in issues]
    issues += _rule_issues(document, path, model, levels, inputs)
    for t, title in enumerate(model.get("titles", ())):
        if title not in levels:
            issues.append(
                document.issue((*path, "titles", t), f"unknown level '{title}' in series '{model['series']}'")
            )
    for key in ("level_input", "list_input"):
        wanted = {"level_input": "level", "list_input": "list"}[key]
        if key in model and inputs.get(model[key], {}).get("type") != wanted:
            issues.append(document.issue((*path, key), f"'{model[key]}' is not an input of type {wanted}"))
    return issues


def _input_issues(document: Document, path: Path, model: Json) -> list[Issue]:
    """Ranges that make sense and choice inputs that have options."""
    issues = []
    for index, spec in enumerate(model["inputs"]):
        place = (*path, "inputs", index)
        if spec["type"] == "choice" and "options" not in spec:
            issues.append(document.issue(place, "a choice input needs 'options'"))
        if "min" in spec and "max" in spec and spec["min"] > spec["max"]:
            issues.append(document.issue((*place, "max"), f"max {spec['max']} is below min {spec['min']}"))
    return issues


def _group_issues(document: Document, path: Path, group: Json, inputs: dict[str, Json]) -> list[Issue]:
    """Items point at inputs, tables cover the options, weights sum to 100."""
    issues = []
    for index, item in enumerate(group["items"]):
        place = (*path, "items", index)
        key = item.get("input", item["id"])
        if key not in inputs:
            issues.append(document.issue(place, f"item '{item['id']}' reads unknown input '{key}'{_choices(inputs)}"))
            continue
        if "table" in item:
            options = [o if isinstance(o, str) else o["value"] for o in inputs[key].get("options", ())]
            if sorted(item["table"]) != sorted(options):
                issues.append(
                    document.issue(
                        (*place, "table"),
                        f"table keys {list(item['table'])} must be the options of input '{key}': {options}",
                    )
                )
    if group.get("formula") == "weighted":
        weights = [item.get("weight") for item in group["items"]]
        if None in weights:
            issues.append(document.issue(path, "every item of a weighted group needs a 'weight'"))
        elif abs(sum(weights) - 100) > 1e-9:
            issues.append(document.issue((*path, "items"), f"weights sum to {sum(weights):g}%, expected 100%"))
    return issues


def _band_readings(data: Json, model: Json) -> list[list[tuple[int, Json]]]:
    """The model's bands as they stand under each reading (all of them when no band is tagged), with their indexes."""
    bands = list(enumerate(model.get("bands", ())))
    questions = [q for q in data.get("readings", ()) if model["id"] in q.get("models", ())]
    adopted = {next((o["id"] for o in q["options"] if o.get("adopted")), q["options"][0]["id"]) for q in questions}
    choices = [adopted]
    choices += [(adopted - {o["id"] for o in q["options"]}) | {o["id"]} for q in questions for o in q["options"]]
    found: list[list[tuple[int, Json]]] = []
    for chosen in choices:
        kept = [(i, b) for i, b in bands if b.get("reading") is None or b["reading"] in chosen]
        if kept not in found:
            found.append(kept)
    return found


def _band_issues(document: Document, path: Path, indexed: list[tuple[int, Json]], levels: list[str]) -> list[Issue]:
    """Bands name levels, rise with the level order, and neither overlap nor leave gaps.

    Under a reading of its own (`reading:`), a band below the top may end with an inclusive `max`
    when the next one starts there: that reading gives the shared edge to the lower band.
    """
    issues = []
    for index, band in indexed:
        if band["level"] not in levels:
            issues.append(document.issue((*path, index, "level"), f"unknown level '{band['level']}'{_choices(levels)}"))
    if issues:
        return issues
    for (_i, low), (index, high) in zip(indexed, indexed[1:], strict=False):
        closed = "reading" in low and high["min"] == low.get("max")
        if "below" not in low and not closed:
            issues.append(document.issue((*path, _i), "only the top band may end with 'max'; use 'below' (exclusive)"))
        elif "below" not in low:
            pass  # [min, max] then a band starting at that max: the shared edge is the lower band's
        elif high["min"] < low["below"]:
            issues.append(
                document.issue(
                    (*path, index, "min"),
                    f"band overlaps the band below: starts at {high['min']:g}, previous ends below {low['below']:g}",
                )
            )
        elif high["min"] > low["below"]:
            issues.append(
                document.issue(
                    (*path, index, "min"),
                    f"gap between bands: previous ends below {low['below']:g}, this starts at {high['min']:g}",
                )
            )
        if levels.index(high["level"]) <= levels.index(low["level"]):
            issues.append(
                document.issue(
                    (*path, index, "level"),
                    f"bands must rise with the level order: '{high['level']}' is not above '{low['level']}'",
                )
            )
    for index, band in indexed:
        top = band.get("below", band.get("max"))
        if isinstance(top, (int, float)) and top <= band["min"]:
            issues.append(document.issue((*path, index), f"empty band: {band['min']:g} to {top:g}"))
    return issues


def _rule_issues(
    document: Document, path: Path, model: Json, levels: list[str], inputs: dict[str, Json]
) -> list[Issue]:
    """Review rules name real levels and fields."""
    issues = _duplicates(document, (*path, "rules"), model.get("rules", []), "id", "rule id")
    fields = {f["key"] for f in inputs.get(model.get("list_input", ""), {}).get("fields", ())}
    for index, rule in enumerate(model.get("rules", ())):
        place = (*path, "rules", index)
        for end in ("from", "to"):
            name = rule.get("levels", {}).get(end)
            if name is not None and name not in levels:
                issues.append(document.issue((*place, "levels", end), f"unknown level '{name}'{_choices(levels)}"))
        for c, condition in enumerate(rule.get("any", rule.get("all", ()))):
            ((stat, whole),) = condition.items()
            for spec in whole.get("any_of") or [whole]:
                where = (*place, "any" if "any" in rule else "all", c, stat)
                issues += _condition_field_issues(document, where, spec, fields)
    return issues


def _condition_field_issues(document: Document, place: Path, spec: Json, fields: set[str]) -> list[Issue]:
    """A condition (or one part of it) names a field of the review list's records when they have fields."""
    if "field" in spec and spec["field"] not in fields:
        return [document.issue((*place, "field"), f"unknown field '{spec['field']}'{_choices(fields)}")]
    if fields and "field" not in spec:
        return [document.issue(place, f"name the 'field' to compare: {', '.join(sorted(fields))}")]
    return []


def _reachability(document: Document, series_levels: dict[str, list[str]]) -> list[Issue]:
    """Every level of a series graded by bands or titles is an outcome of some model."""
    issues = []
    for index, series in enumerate(document.data["series"]):
        models = [
            m
            for m in document.data.get("models", ())
            if m["series"] == series["id"] and (m["kind"] == "eligibility" or m.get("bands"))
        ]
        if not models:
            continue
        reached = {b["level"] for m in models for b in m.get("bands", ())}
        reached |= {
            t
            for m in models
            for t in (m.get("titles") or (series_levels[series["id"]] if m["kind"] == "eligibility" else ()))
        }
        for lv, level in enumerate(series["levels"]):
            if level["id"] not in reached:
                issues.append(
                    document.issue(
                        ("series", index, "levels", lv, "id"),
                        f"level '{level['id']}' is not reachable: no band or title of any model places anyone there",
                    )
                )
    return issues


def _check_issues(document: Document) -> list[Issue]:
    """Quantified requirements read inputs that the series' models have."""
    issues = []
    for s, series in enumerate(document.data["series"]):
        models = [m for m in document.data.get("models", ()) if m["series"] == series["id"]]
        inputs = {i["key"]: i for m in models for i in m["inputs"]}
        for lv, level in enumerate(series["levels"]):
            for r, requirement in enumerate(level.get("requirements", ())):
                for c, check in enumerate(requirement.get("checks", ())):
                    place = ("series", s, "levels", lv, "requirements", r, "checks", c)
                    issues += _one_check(document, place, check, inputs)
    return issues


def _one_check(document: Document, place: Path, check: Json, inputs: dict[str, Json]) -> list[Issue]:
    """A check names a model input and, for choices, one of its options."""
    spec = inputs.get(check["input"])
    if spec is None:
        return [
            document.issue(
                (*place, "input"), f"no model of this series has an input '{check['input']}'{_choices(inputs)}"
            )
        ]
    if spec["type"] == "choice":
        options = [o if isinstance(o, str) else o["value"] for o in spec["options"]]
        return [
            document.issue(
                (*place, end), f"'{check[end]}' is not an option of '{check['input']}': {', '.join(options)}"
            )
            for end in ("min", "max")
            if end in check and str(check[end]) not in options
        ]
    return _bound_issues(document, place, check, spec)


def _bound_issues(document: Document, place: Path, check: Json, spec: Json) -> list[Issue]:
    """A check's min/max fit its input: numbers for a numeric input, none for yes/no, list and level inputs.

    The engine compares a typed value with the bound: `min: four` on a number input, or any bound on
    a list, raised TypeError while grading instead of a message here.
    """
    ends = [end for end in ("min", "max") if end in check and not _unset_param(check[end])]
    kind = spec["type"]
    if kind in ("number", "integer"):
        return [
            document.issue(
                (*place, end), f"界限应为数字：输入项 '{check['input']}' 是数值，实际为 {_shown(check[end])}"
            )
            for end in ends
            if isinstance(check[end], bool) or not isinstance(check[end], (int, float))
        ]
    if kind == "level":
        return [document.issue(place, f"输入项 '{check['input']}' 是职级，不能用作条件（checks）：引擎无法比较职级")]
    names = {"boolean": "是/否输入项只能用 equals", "list": "列表输入项不能用作条件的界限"}
    why = names.get(kind, "此输入项不能有界限")
    return [document.issue((*place, end), f"'{check['input']}'：{why}") for end in ends]


def _unset_param(value: Any) -> bool:
    """A `{param: ID}` left in place: HR has not set the value (trial values come at grading)."""
    return isinstance(value, dict) and set(value) == {"param"}


def _shown(value: Any) -> str:
    """A value in a message, shortened."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _compile(document: Document) -> tuple[tuple[Series, ...] | None, list[Issue]]:
    """The engine's series of a standard, or the one located line saying why it cannot build them."""
    try:
        return load_standard(document.data), []
    except Exception as error:  # a value the engine cannot build a model from: one located line
        return None, [document.issue((), f"引擎无法读取此标准（{type(error).__name__}: {_shown(str(error))}）")]


def example_issues(document: Document, compiled: tuple[Series, ...]) -> list[Issue]:
    """Run each worked example through the engine; a mismatch is an issue at its line."""
    issues = []
    by_id = {m.id: (s, m) for s in compiled for m in s.models}
    for index, model in enumerate(document.data.get("models", ())):
        series, engine_model = by_id[model["id"]]
        for e, example in enumerate(model.get("examples", ())):
            problem = _example_problem(series, engine_model, example)
            if problem:
                issues.append(document.issue(("models", index, "examples", e), problem))
    return issues


def _example_problem(series: Series, model: Any, example: Json) -> str | None:
    """What is wrong with one example's result, or None."""
    try:
        params, reading = example.get("params"), example.get("reading")
        result = grade(series, model, example["inputs"], with_next=False, params=params, reading=reading)
    except InputError as error:
        return f"example inputs are invalid: {error}"
    except Exception as error:  # the engine failed on this standard: say where, not a traceback
        return f"计算此示例时引擎出错（{type(error).__name__}: {_shown(str(error))}）：请检查这个模型的数值和引用"
    expect = example["expect"]
    outcome = result["outcome"]["id"] if result["outcome"] else None
    found = []
    if outcome != expect["outcome"]:
        found.append(f"outcome {outcome!r}, expected {expect['outcome']!r}")
    if "score" in expect and not _same(result["score"], expect["score"]):
        found.append(f"score {result['score']!r}, expected {expect['score']!r}")
    if "level" in expect and (result["outcome"] or {}).get("level") != expect["level"]:
        found.append(f"level {(result['outcome'] or {}).get('level')!r}, expected {expect['level']!r}")
    return "example fails: " + "; ".join(found) if found else None


def _same(a: float | None, b: float | None) -> bool:
    """Scores equal to 1e-6 (or both null)."""
    if a is None or b is None:
        return a is b
    return abs(a - b) < 1e-6
