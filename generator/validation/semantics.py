"""Checks the schema cannot express: unique ids, references, weights, bands, examples."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from calculator import InputError, grade, load_standard, parameter_values, resolve_parameters
from calculator.model import Series

from .issues import Issue, Path, choices
from .load import Document
from .open_points import parameter_warnings, reach_issues, reading_issues
from .processes import process_issues
from .roles import role_issues
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
        issues += _duplicates(document, ("series", index, "levels"), series["levels"], "id", "职级 id")
    for index, model in enumerate(data.get("models", ())):
        issues += _model_issues(document, ("models", index), model, series_levels)
    if not issues:
        issues += _reachability(document, series_levels)
        issues += _check_issues(document)
    issues += reading_issues(document)
    issues += process_issues(document)
    issues += role_issues(document)
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
            issues.append(document.issue((*path, index, key), f"{what} '{entry[key]}' 重复"))
        seen.add(entry.get(key))
    return issues


def _parameter_issues(document: Document) -> list[Issue]:
    """Parameters have unique ids and every `{param: ID}` names one."""
    data = document.data
    params = data.get("parameters", [])
    issues = _duplicates(document, ("parameters",), params, "id", "参数 id")
    known = {p["id"] for p in params}
    for path, name in _param_refs(data, ()):
        if name not in known:
            issues.append(document.issue(path, f"未知参数 '{name}'{choices(name, known)}"))
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


def _model_issues(document: Document, path: Path, model: Json, series_levels: dict[str, list[str]]) -> list[Issue]:
    """References, duplicates, weights and bands of one model."""
    if model["series"] not in series_levels:
        name = model["series"]
        return [document.issue((*path, "series"), f"未知系列 '{name}'{choices(name, series_levels)}")]
    levels = series_levels[model["series"]]
    inputs = {i["key"]: i for i in model["inputs"]}
    issues = _duplicates(document, (*path, "inputs"), model["inputs"], "key", "输入项 key")
    issues += _input_issues(document, path, model)
    for g, group in enumerate(model.get("groups", ())):
        issues += _group_issues(document, (*path, "groups", g), group, inputs)
    seen: set[str] = set()
    for g, group in enumerate(model.get("groups", ())):
        for i, item in enumerate(group["items"]):
            if item["id"] in seen:
                issues.append(document.issue((*path, "groups", g, "items", i, "id"), f"评分项 id '{item['id']}' 重复"))
            seen.add(item["id"])
    for bands in _band_readings(document.data, model):
        issues += [i for i in _band_issues(document, (*path, "bands"), bands, levels) if i not in issues]
    issues += _rule_issues(document, path, model, levels, inputs)
    for t, title in enumerate(model.get("titles", ())):
        if title not in levels:
            message = f"模型所属的系列中没有职级 '{title}'{choices(title, levels)}"
            issues.append(document.issue((*path, "titles", t), message))
    for key in ("level_input", "list_input"):
        wanted, name = {"level_input": ("level", "职级"), "list_input": ("list", "列表")}[key]
        if key in model and inputs.get(model[key], {}).get("type") != wanted:
            issues.append(document.issue((*path, key), f"'{model[key]}' 不是{name}类输入项（type: {wanted}）"))
    return issues


def _input_issues(document: Document, path: Path, model: Json) -> list[Issue]:
    """Ranges that make sense and choice inputs that have options."""
    issues = []
    for index, spec in enumerate(model["inputs"]):
        place = (*path, "inputs", index)
        if spec["type"] == "choice" and "options" not in spec:
            issues.append(document.issue(place, "选项类输入项（type: choice）须有 options"))
        if "min" in spec and "max" in spec and spec["min"] > spec["max"]:
            issues.append(document.issue((*place, "max"), f"max {spec['max']} 小于 min {spec['min']}"))
    return issues


def _group_issues(document: Document, path: Path, group: Json, inputs: dict[str, Json]) -> list[Issue]:
    """Items point at inputs, tables cover the options, weights sum to 100."""
    issues = []
    for index, item in enumerate(group["items"]):
        place = (*path, "items", index)
        key = item.get("input", item["id"])
        if key not in inputs:
            message = f"评分项 '{item['id']}' 读取的输入项 '{key}' 不存在{choices(key, inputs)}"
            issues.append(document.issue(place, message))
            continue
        if "table" in item:
            options = [o if isinstance(o, str) else o["value"] for o in inputs[key].get("options", ())]
            if sorted(item["table"]) != sorted(options):
                issues.append(
                    document.issue(
                        (*place, "table"),
                        f"table 的键（{'、'.join(map(str, item['table']))}）"
                        f"应与输入项 '{key}' 的选项一致：{'、'.join(options)}",
                    )
                )
    if group.get("formula") == "weighted":
        weights = [item.get("weight") for item in group["items"]]
        if None in weights:
            issues.append(document.issue(path, "加权组（formula: weighted）的每一项都须有 weight"))
        elif abs(sum(weights) - 100) > 1e-9:
            issues.append(document.issue((*path, "items"), f"权重合计 {sum(weights):g}%，应为 100%"))
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
            name = band["level"]
            issues.append(document.issue((*path, index, "level"), f"未知职级 '{name}'{choices(name, levels)}"))
    if issues:
        return issues
    for (_i, low), (index, high) in zip(indexed, indexed[1:], strict=False):
        closed = "reading" in low and high["min"] == low.get("max")
        if "below" not in low and not closed:
            issues.append(document.issue((*path, _i), "只有最高的分段可以用 max 结束；其余分段请用 below（不含该值）"))
        elif "below" not in low:
            pass  # [min, max] then a band starting at that max: the shared edge is the lower band's
        elif high["min"] < low["below"]:
            issues.append(
                document.issue(
                    (*path, index, "min"),
                    f"分段与低一档重叠：这一段从 {high['min']:g} 开始，低一档止于 {low['below']:g} 以下（不含）",
                )
            )
        elif high["min"] > low["below"]:
            issues.append(
                document.issue(
                    (*path, index, "min"),
                    f"分段之间有空档：低一档止于 {low['below']:g} 以下（不含），这一段从 {high['min']:g} 开始",
                )
            )
        if levels.index(high["level"]) <= levels.index(low["level"]):
            issues.append(
                document.issue(
                    (*path, index, "level"),
                    f"分段须随职级顺序升高：'{high['level']}' 并不高于 '{low['level']}'",
                )
            )
    for index, band in indexed:
        top = band.get("below", band.get("max"))
        if isinstance(top, (int, float)) and top <= band["min"]:
            issues.append(document.issue((*path, index), f"空的分段：从 {band['min']:g} 到 {top:g}"))
    return issues


def _rule_issues(
    document: Document, path: Path, model: Json, levels: list[str], inputs: dict[str, Json]
) -> list[Issue]:
    """Review rules name real levels and fields."""
    issues = _duplicates(document, (*path, "rules"), model.get("rules", []), "id", "规则 id")
    fields = {f["key"] for f in inputs.get(model.get("list_input", ""), {}).get("fields", ())}
    for index, rule in enumerate(model.get("rules", ())):
        place = (*path, "rules", index)
        for end in ("from", "to"):
            name = rule.get("levels", {}).get(end)
            if name is not None and name not in levels:
                issues.append(document.issue((*place, "levels", end), f"未知职级 '{name}'{choices(name, levels)}"))
        for c, condition in enumerate(rule.get("any", rule.get("all", ()))):
            ((stat, whole),) = condition.items()
            for spec in whole.get("any_of") or [whole]:
                where = (*place, "any" if "any" in rule else "all", c, stat)
                issues += _condition_field_issues(document, where, spec, fields)
    return issues


def _condition_field_issues(document: Document, place: Path, spec: Json, fields: set[str]) -> list[Issue]:
    """A condition (or one part of it) names a field of the review list's records when they have fields."""
    if "field" in spec and spec["field"] not in fields:
        return [document.issue((*place, "field"), f"未知字段 '{spec['field']}'{choices(spec['field'], fields)}")]
    if fields and "field" not in spec:
        return [document.issue(place, f"须用 field 写明比较哪个字段：{'、'.join(sorted(fields))}")]
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
                        f"职级 '{level['id']}' 无法达到：没有任何模型的分段或职级会把人定到这里",
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
                (*place, "input"), f"本系列的模型都没有输入项 '{check['input']}'{choices(check['input'], inputs)}"
            )
        ]
    if spec["type"] == "choice":
        options = [o if isinstance(o, str) else o["value"] for o in spec["options"]]
        return [
            document.issue((*place, end), f"'{check[end]}' 不是输入项 '{check['input']}' 的选项：{'、'.join(options)}")
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
    """A value in a message, shortened (None as YAML's null)."""
    text = "空值（null）" if value is None else repr(value)
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
        return f"示例的输入项有误：{error}"
    except Exception as error:  # the engine failed on this standard: say where, not a traceback
        return f"计算此示例时引擎出错（{type(error).__name__}: {_shown(str(error))}）：请检查这个模型的数值和引用"
    expect = example["expect"]
    outcome = result["outcome"]["id"] if result["outcome"] else None
    found = []
    if outcome != expect["outcome"]:
        found.append(f"结果为 {_shown(outcome)}，应为 {_shown(expect['outcome'])}")
    if "score" in expect and not _same(result["score"], expect["score"]):
        found.append(f"得分为 {_shown(result['score'])}，应为 {_shown(expect['score'])}")
    if "level" in expect and (result["outcome"] or {}).get("level") != expect["level"]:
        found.append(f"职级为 {_shown((result['outcome'] or {}).get('level'))}，应为 {_shown(expect['level'])}")
    return "示例与引擎的结果不符：" + "；".join(found) if found else None


def _same(a: float | None, b: float | None) -> bool:
    """Scores equal to 1e-6 (or both null)."""
    if a is None or b is None:
        return a is b
    return abs(a - b) < 1e-6
