"""The grading engine: pure functions from (series, model, inputs) to a result dict.

The result has the same shape everywhere: CLI `--json`, worked examples, the page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar, overload

from .inputs import InputError, Problem, coerce, parameter_value
from .model import DECISIONS, Band, Check, Condition, Input, Level, Model, Param, Parameter, ReviewRule, Series
from .words import condition_text, demand, shown

Result = dict[str, Any]
PRECISION = 6  # scores are rounded before comparison so 0.1-steps land on band edges
T = TypeVar("T")


def grade(
    series: Series,
    model: Model,
    raw: dict[str, Any],
    with_next: bool = True,
    params: dict[str, Any] | None = None,
    reading: str | None = None,
) -> Result:
    """Check the inputs, evaluate the model and, if asked, find what reaches the next outcome.

    `params` are trial values for parameters HR has not set: without a value for every one the
    model needs, no verdict is given (`outcome` None, `unset_parameters` lists them). The
    adopted reading of each question decides; `readings` gives the verdict under every other.
    `reading` grades under that reading instead of its question's adopted one.
    """
    values = coerce(model, series, raw)
    trial = trial_parameters(model, params or {})
    missing = unset_parameters(series, model, trial)
    if missing:
        return _unset_result(model, values, missing)
    series, model = bind(series, model, trial)
    chosen = _chosen(model, reading)
    here_series, here_model = variant(series, model, chosen)
    result = evaluate(here_series, here_model, values)
    result["inputs"] = values
    result["parameters"] = _trial_entries(model, trial)
    result["readings"] = _readings(series, model, values, chosen, result)
    if trial:
        result["notes"].insert(0, "本结论使用试算参数值，不是人力资源部设定的数值：" + _trial_words(model, trial))
    if with_next:
        result["next"] = next_step(here_series, here_model, values, result)
    return result


# ---------------------------------------------------------------- parameters


def _walk(obj: Any) -> Any:
    """Every Param inside a model or series, depth first."""
    if isinstance(obj, Param):
        yield obj
    elif is_dataclass(obj) and not isinstance(obj, type):
        for f in fields(obj):
            if f.name not in ("parameters", "questions", "examples"):
                yield from _walk(getattr(obj, f.name))
    elif isinstance(obj, tuple):
        for item in obj:
            yield from _walk(item)


def _rebuild(obj: T, leaf: Callable[[Param], Any], keep: Callable[[Any], bool] | None = None) -> T:
    """A copy with every Param replaced by `leaf(param)` and tuple elements failing `keep` left out."""
    if isinstance(obj, Param):
        return leaf(obj)  # type: ignore[no-any-return]
    if is_dataclass(obj) and not isinstance(obj, type):
        changes = {}
        for f in fields(obj):
            if f.name in ("parameters", "questions", "examples"):
                continue
            old = getattr(obj, f.name)
            new = _rebuild(old, leaf, keep)
            if new is not old:
                changes[f.name] = new
        return replace(obj, **changes) if changes else obj
    if isinstance(obj, tuple):
        items = tuple(_rebuild(x, leaf, keep) for x in obj if keep is None or keep(x))
        same = len(items) == len(obj) and all(a is b for a, b in zip(items, obj, strict=True))
        return obj if same else items  # type: ignore[return-value]
    return obj


class _Memo:
    """A small cache of derived models, keyed by the objects they come from (kept alive with the entry)."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self.entries: dict[tuple[Any, ...], tuple[tuple[Any, ...], Any]] = {}

    def get(self, owners: tuple[Any, ...], extra: Any, make: Callable[[], T]) -> T:
        key = (*map(id, owners), extra)
        found = self.entries.get(key)
        if found is not None and all(a is b for a, b in zip(found[0], owners, strict=True)):
            return found[1]  # type: ignore[no-any-return]
        value = make()
        if len(self.entries) >= self.size:
            self.entries.pop(next(iter(self.entries)))
        self.entries[key] = (owners, value)
        return value


_NEEDED, _BOUND, _VARIANTS = _Memo(), _Memo(), _Memo()


def needed_parameters(series: Series, model: Model) -> list[Parameter]:
    """The unset parameters a model's rules depend on, in the standard's order."""
    return list(_NEEDED.get((series, model), None, lambda: _needed(series, model)))


def _needed(series: Series, model: Model) -> list[Parameter]:
    """needed_parameters, uncached."""
    keys = {spec.key for spec in model.inputs}
    checks = tuple(c for level in series.levels for _r, c in level.checks() if c.input in keys)
    ids = {p.id for p in (*_walk(model), *_walk(checks))}
    return [p for p in model.parameters if p.id in ids]


def unset_parameters(series: Series, model: Model, given: dict[str, Any]) -> list[Parameter]:
    """The parameters the model needs that neither HR nor the trial values set."""
    return [p for p in needed_parameters(series, model) if p.id not in given]


def trial_parameters(model: Model, params: dict[str, Any]) -> dict[str, float]:
    """Trial values as numbers, or InputError naming each unknown, already set or bad one."""
    problems = []
    known = {p.id: p for p in model.parameters}
    values: dict[str, float] = {}
    for key, raw in params.items():
        parameter = known.get(str(key))
        if parameter is None:
            problems.append(Problem(f"param:{key}", f"本模型没有这个参数（{key}）"))
        elif parameter.value is not None:
            problems.append(Problem(f"param:{key}", f"{parameter.name}已由人力资源部设定，不能另填试算值"))
        else:
            try:
                values[parameter.id] = parameter_value(raw)
            except ValueError as bad:
                problems.append(Problem(f"param:{key}", f"{parameter.name}（试算值）{bad}"))
    if problems:
        raise InputError(problems)
    return values


def bind(series: Series, model: Model, values: dict[str, Any]) -> tuple[Series, Model]:
    """The series and model with trial values in place of their unset parameters."""
    if not values:
        return series, model

    def leaf(param: Param) -> Any:
        return values.get(param.id, param)

    def make() -> tuple[Series, Model]:
        return _rebuild(series, leaf), _rebuild(model, leaf)

    return _BOUND.get((series, model), tuple(sorted(values.items())), make)


def _trial_entries(model: Model, trial: dict[str, float]) -> list[dict[str, Any]]:
    """The trial values as result entries."""
    return [
        {"id": p.id, "name": p.name, "unit": p.unit, "value": trial[p.id], "trial": True}
        for p in model.parameters
        if p.id in trial
    ]


def _trial_words(model: Model, trial: dict[str, float]) -> str:
    """Trial values in words, e.g. `初级销售代表晋升所需任职月数 = 6个月`."""
    return "；".join(f"{e['name']} = {shown(e['value'])}{e['unit']}" for e in _trial_entries(model, trial))


def _unset_result(model: Model, values: dict[str, Any], missing: list[Parameter]) -> Result:
    """No verdict: the rules need numbers HR has not set; say which."""
    names = "、".join(p.name for p in missing)
    return {
        "model": model.id,
        "kind": model.kind,
        "outcome": None,
        "score": None,
        "breakdown": [],
        "rule": {
            "id": None,
            "text": f"规则所需的参数尚未由人力资源部设定（{names}），不给出结论；可填写试算值进行测算",
        },
        "pending": [],
        "notes": list(model.notes),
        "unset_parameters": [{"id": p.id, "name": p.name, "unit": p.unit, "source": p.source} for p in missing],
        "parameters": [],
        "readings": [],
        "inputs": values,
        "next": None,
    }


# ---------------------------------------------------------------- readings


def adopted(model: Model) -> frozenset[str]:
    """The readings the handbook adopts: what the model means when nobody asks for another reading."""
    return _chosen(model, None)


def _chosen(model: Model, reading: str | None) -> frozenset[str]:
    """The readings in force: each question's adopted one, or the one asked for."""
    chosen = {q.id: q.adopted.id for q in model.questions}
    if reading is not None:
        owner = next((q for q in model.questions if reading in {o.id for o in q.options}), None)
        if owner is None:
            known = "、".join(o.id for q in model.questions for o in q.options) or "（本模型没有不同解读）"
            raise InputError([Problem("reading", f"未知解读 {reading!r}；可用：{known}")])
        chosen[owner.id] = reading
    return frozenset(chosen.values()) | model.elsewhere


def variant(series: Series, model: Model, chosen: frozenset[str]) -> tuple[Series, Model]:
    """The series and model as they read under the chosen readings: other readings' elements left out."""
    if not model.questions and not model.elsewhere:
        return series, model
    return _VARIANTS.get((series, model), chosen, lambda: _variant(series, model, chosen))


def _variant(series: Series, model: Model, chosen: frozenset[str]) -> tuple[Series, Model]:
    """variant, uncached."""

    def keep(element: Any) -> bool:
        tag = getattr(element, "reading", None)
        return tag is None or tag in chosen

    def same(param: Param) -> Any:
        return param

    hard = next((o.hard for q in model.questions for o in q.options if o.id in chosen and o.hard), model.hard)
    model = _rebuild(model, same, keep)
    if hard != model.hard:
        model = replace(model, hard=hard)
    return _rebuild(series, same, keep), model


def _same_verdict(a: Result, b: Result) -> bool:
    """Whether two results say the same: outcome, resulting level and tied titles."""
    return (a["outcome"] or {}) == (b["outcome"] or {}) and a.get("tied") == b.get("tied")


def _readings(
    series: Series, model: Model, values: dict[str, Any], chosen: frozenset[str], here: Result
) -> list[Result]:
    """For each question of reading: the verdict under each of its readings, and whether they differ."""
    found = []
    for question in model.questions:
        options = []
        for option in question.options:
            if option.id in chosen:
                result = here
            else:
                trial = (chosen - {o.id for o in question.options}) | {option.id}
                result = evaluate(*variant(series, model, trial), values)
            options.append(
                {
                    "id": option.id,
                    "name": option.name,
                    "adopted": option.adopted,
                    "in_force": option.id in chosen,
                    "outcome": result["outcome"],
                    "tied": result.get("tied"),
                    "score": result["score"],
                    "rule": result["rule"]["text"],
                }
            )
        differs = any(not _same_verdict(o, here) for o in options)
        found.append({"id": question.id, "question": question.text, "differs": differs, "options": options})
        if differs:
            words = "；".join(f"按「{o['name']}」：{_verdict_words(o)}" for o in options)
            here["notes"].insert(0, f"此结论取决于对原文的解读（{question.text}）：{words}")
    return found


def _verdict_words(result: Result) -> str:
    """A verdict in a few words: the outcome's name (and resulting level), or 不定级."""
    outcome = result["outcome"]
    if outcome is None:
        return "未达到任何级别"
    if result.get("tied"):
        return "、".join(t["name"] for t in result["tied"]) + "（可量化条件相同）"
    return str(outcome["name"])


def evaluate(series: Series, model: Model, values: dict[str, Any]) -> Result:
    """Evaluate typed inputs; `next` is left empty."""
    kinds: dict[str, Callable[[Series, Model, dict[str, Any]], Result]] = {
        "scoring": _scoring,
        "review": _review,
        "eligibility": _eligibility,
    }
    result = kinds[model.kind](series, model, values)
    result.update(model=model.id, kind=model.kind, next=None)
    result["notes"] = list(model.notes) + result.get("notes", [])
    return result


# ---------------------------------------------------------------- scoring


def item_points(model: Model, values: dict[str, Any]) -> list[dict[str, Any]]:
    """Each item's points and its contribution to the total, in order."""
    rows = []
    for group in model.groups:
        for item in group.items:
            value = values[item.input]
            if item.rule == "table":
                points = dict(item.table)[str(value)]
            elif item.rule == "count":
                points = min(value * (item.per or 1), item.cap if item.cap is not None else value)
            else:
                points = float(value)
            part = points * item.weight / 100 if group.formula == "weighted" and item.weight else points
            rows.append(
                {
                    "item": item.id,
                    "label": item.label,
                    "group": group.id,
                    "input": item.input,
                    "value": value,
                    "points": round(points, PRECISION),
                    "weight": item.weight,
                    "contribution": round(part * group.scale, PRECISION),
                }
            )
    return rows


def _scoring(series: Series, model: Model, values: dict[str, Any]) -> Result:
    """Sum the items, place the score in a band, then apply the band's hard conditions."""
    rows = item_points(model, values)
    score = round(sum(row["contribution"] for row in rows), PRECISION)
    band = next((b for b in model.bands if b.contains(score)), None)
    notes: list[str] = []
    placed = _placed_band(series, model, band, values, notes)
    outcome = _level_outcome(series, placed.level) if placed else None
    rule: dict[str, Any] = {"band": None, "text": f"得分 {score:g} 不在任何定级分数段内"}
    if not model.bands:
        rule = {"band": None, "text": "本模型只计算得分，不划分级别"}
    if band is not None:
        rule = {"band": band.level, "text": _band_rule(series, band)}
    if band is not None and placed is not band:
        rule = {"band": placed.level if placed else None, "text": _band_rule(series, band) + "；" + notes[-1]}
    return {
        "outcome": outcome,
        "score": score,
        "breakdown": rows,
        "rule": rule,
        "notes": notes + _band_notes(band),
        "pending": _pending(series, outcome, hard_only=True),
    }


def _placed_band(
    series: Series, model: Model, band: Band | None, values: dict[str, Any], notes: list[str]
) -> Band | None:
    """The band the score reaches, lowered until its level's hard conditions hold."""
    if band is None or model.hard == "ignore":
        return band
    position = model.bands.index(band)
    for candidate in reversed(model.bands[: position + 1]):
        failed = failed_checks(series.level(candidate.level), model, values)
        if not failed:
            return candidate
        notes.append(f"{series.level(candidate.level).name}的硬性条件未满足：{'；'.join(failed)}")
        if model.hard == "none":
            notes[-1] += "，不定级"
            return None
    return None


def _band_rule(series: Series, band: Band) -> str:
    """The deciding band in words."""
    return f"{band.text()} → {series.level(band.level).name}"


def _band_notes(band: Band | None) -> list[str]:
    """Interpretation notes attached to the deciding band."""
    return list(band.notes) if band else []


# ---------------------------------------------------------------- checks


def check_holds(check: Check, spec: Input, value: Any) -> bool:
    """Whether one quantified condition holds for a typed value."""
    if check.equals is not None and value != check.equals:
        return False
    if check.one_of and value not in check.one_of:
        return False
    if spec.type in ("choice", "level"):
        order = spec.option_values()
        rank = order.index(value)
        if check.min is not None and rank < order.index(str(check.min)):
            return False
        return not (check.max is not None and rank > order.index(str(check.max)))
    if check.min is not None and value < check.min:
        return False
    return not (check.max is not None and value > check.max)


def failed_checks(level: Level, model: Model, values: dict[str, Any]) -> list[str]:
    """A level's quantified requirements that the inputs miss, each with what it asks and what was given."""
    keys = {spec.key for spec in model.inputs}
    failed = []
    for requirement, check in level.checks():
        if check.input not in keys:
            continue
        spec = model.input(check.input)
        if not check_holds(check, spec, values[check.input]):
            failed.append(
                f"{requirement.text}（{spec.label}须{demand(check, spec)}，实际为{shown(values[check.input])}）"
            )
    return list(dict.fromkeys(failed))


def _pending(series: Series, outcome: dict[str, Any] | None, hard_only: bool) -> list[str]:
    """Requirements of the reached level that no input can decide: a person must assess them."""
    if outcome is None:
        return []
    return [
        r.text
        for r in series.level(outcome["id"]).requirements
        if not r.checks and r.text and (not hard_only or r.hard)
    ]


def _level_outcome(series: Series, level_id: str) -> dict[str, Any]:
    """A level as an outcome object."""
    level = series.level(level_id)
    return {"id": level.id, "name": level.name}


# ---------------------------------------------------------------- review


def _review(series: Series, model: Model, values: dict[str, Any]) -> Result:
    """Apply the first review rule whose conditions hold over its window."""
    level = values.get(model.level_input) if model.level_input else None
    periods = values[model.list_input]
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    decided: ReviewRule | None = None
    checked: ReviewRule | None = None  # the first rule looked at, shown when none decides
    for rule in model.rules:
        if not rule.covers(series, level):
            continue
        if len(periods) < rule.window:
            notes.append(f"规则「{rule.text or rule.id}」需要连续 {rule.window} 个周期的数据，现有 {len(periods)} 个")
            continue
        checked = checked or rule
        met = _rule_holds(model, rule, periods[-rule.window :], rows)
        if met and decided is None:
            decided = rule
    decision = decided.decision if decided else model.otherwise
    outcome = _decision_outcome(series, decision, level, notes, decided.decision_name if decided else "")
    return {
        "outcome": outcome,
        "score": _review_score(model, periods, decided),
        "breakdown": rows,
        "rule": {"id": decided.id, "text": decided.text}
        if decided
        else {"id": None, "text": "未触发任何规则：" + DECISIONS[decision][0]},
        "notes": notes + (list(decided.notes) if decided else []),
        "pending": [],
        "window": _window(decided or checked, periods, decided is not None),
    }


_BOUNDS = ("gt", "ge", "lt", "le")


def _window(rule: ReviewRule | None, periods: list[Any], decided: bool) -> dict[str, Any] | None:
    """The periods the deciding rule (or, when none decides, the first rule checked) looks at, and its statistics.

    `start` is the index of the window's first period in the list, `size` how many periods it holds; each
    statistic names its field (None for a list of numbers), `stat`, `value` (None for every/any), the bounds
    it is compared with, `met`, and for every/any whether each period of the window meets it (`periods`).
    A condition `every: {any_of: [...]}` gives one statistic per part, all with the condition's `met`.
    None when no rule was looked at (no rule covers the level, or too few periods).
    """
    if rule is None:
        return None
    window = periods[-rule.window :]
    statistics: list[dict[str, Any]] = []
    for index, condition in enumerate(rule.conditions):
        value, met = _condition(condition, window)
        for part in condition.parts or (condition,):
            entry: dict[str, Any] = {
                "condition": index,
                "field": part.field,
                "stat": condition.stat,
                "value": value,
                "bounds": [{"op": op, "value": getattr(part, op)} for op in _BOUNDS if getattr(part, op) is not None],
                "met": met,
            }
            if value is None:
                entry["periods"] = [condition.period_holds(x) for x in window]
            statistics.append(entry)
    return {
        "rule": rule.id,
        "text": rule.text or rule.id,
        "decided": decided,
        "size": len(window),
        "start": len(periods) - len(window),
        "match": rule.match,
        "statistics": statistics,
    }


def _rule_holds(model: Model, rule: ReviewRule, window: list[Any], rows: list[dict[str, Any]]) -> bool:
    """Evaluate a rule's conditions on a window, recording each in the breakdown."""
    results = []
    for condition in rule.conditions:
        value, held = _condition(condition, window)
        rows.append(
            {
                "rule": rule.id,
                "label": condition_text(condition, model.list_fields(), rule.window),
                "value": value,
                "met": held,
            }
        )
        results.append(held)
    return all(results) if rule.match == "all" else any(results)


def _condition(condition: Condition, window: list[Any]) -> tuple[float | None, bool]:
    """The statistic's value (None for every/any) and whether the condition holds."""
    if condition.stat == "every":
        return None, all(condition.period_holds(x) for x in window)
    if condition.stat == "any":
        return None, any(condition.period_holds(x) for x in window)
    numbers = [float(x[condition.field]) if condition.field else float(x) for x in window]
    value = {"mean": sum(numbers) / len(numbers), "sum": sum(numbers), "last": numbers[-1]}[condition.stat]
    value = round(value, PRECISION)
    return value, condition.holds(value)


def _review_score(model: Model, periods: list[Any], rule: ReviewRule | None) -> float:
    """The mean over the deciding window (or all periods), as the review's headline number."""
    window = periods[-rule.window :] if rule else periods
    spec = model.input(model.list_input)
    key = spec.fields[0].key if spec.fields else None
    numbers = [float(p[key]) if key else float(p) for p in window]
    return round(sum(numbers) / len(numbers), 2)


def _decision_outcome(
    series: Series, decision: str, level: str | None, notes: list[str], wording: str = ""
) -> dict[str, Any]:
    """The decision as an outcome, with the resulting level when the person's level is known.

    At the end of the series the level cannot move: the outcome says so instead of "降一级".
    """
    name, _rank, steps = DECISIONS[decision]
    outcome: dict[str, Any] = {"id": decision, "name": wording or name}
    if level is None:
        return outcome
    index = series.index(level) + steps
    if not 0 <= index < len(series.levels):
        index = min(max(index, 0), len(series.levels) - 1)
        end = "最低" if steps < 0 else "最高"
        outcome["name"] = f"触发“{wording or name}”规则，但{series.level(level).name}已是{end}职级，职级不变"
        notes.append(f"{series.level(level).name}已是该序列的{end}职级，职级不再变动")
    outcome["level"] = series.levels[index].id
    return outcome


# ---------------------------------------------------------------- eligibility


def _eligibility(series: Series, model: Model, values: dict[str, Any]) -> Result:
    """The highest title whose quantified conditions all hold."""
    titles = model.titles or tuple(lv.id for lv in series.levels)
    rows = []
    reached = None
    for title in titles:
        failed = failed_checks(series.level(title), model, values)
        rows.append({"item": title, "label": series.level(title).name, "met": not failed, "failed": failed})
        if not failed:
            reached = title
    outcome = _level_outcome(series, reached) if reached else None
    tied = _tied(series, model, reached, [str(row["item"]) for row in rows if row["met"]]) if reached else []
    rule: dict[str, Any] = {"id": None, "text": "未满足任何级别的可量化条件"}
    if outcome and len(tied) > 1:
        names = "、".join(t["name"] for t in tied)
        rule = {
            "id": reached,
            "text": f"满足{names}的全部可量化条件；这几级的可量化条件相同，原文未作区分，"
            "最高可申报哪一级由评审人员认定",
        }
    elif outcome:
        rule = {"id": reached, "text": f"满足{outcome['name']}的全部可量化条件"}
    pending = _pending(series, outcome, hard_only=False)
    for lower in tied[:-1]:
        pending += [p for p in _pending(series, lower, hard_only=False) if p not in pending]
    return {
        "outcome": outcome,
        "tied": tied if len(tied) > 1 else None,
        "score": None,
        "breakdown": rows,
        "rule": rule,
        "pending": pending,
    }


def quantified(series: Series, model: Model, level_id: str) -> frozenset[tuple[Any, ...]]:
    """What a level's checks on the model's inputs demand: levels with the same set are not told apart."""
    keys = {spec.key for spec in model.inputs}
    return frozenset(c.key() for _r, c in series.level(level_id).checks() if c.input in keys)


def _tied(series: Series, model: Model, reached: str, held: list[str]) -> list[dict[str, Any]]:
    """Every held title whose quantified conditions equal the reached one's, lowest first."""
    demand = quantified(series, model, reached)
    return [_level_outcome(series, t) for t in held if quantified(series, model, t) == demand]


# ---------------------------------------------------------------- next step


def rank(series: Series, model: Model, result: Result) -> int:
    """How good an outcome is, comparable within one model; -1 for no outcome."""
    outcome = result["outcome"]
    if outcome is None:
        return -1
    if model.kind == "review":
        return DECISIONS[outcome["id"]][1]
    return series.index(outcome["id"])


def next_step(series: Series, model: Model, values: dict[str, Any], result: Result) -> Result | None:
    """The smallest single-input changes that reach a better outcome, smallest first."""
    current = rank(series, model, result)
    options = []
    for path, spec, value in _variables(model, values):
        found = _smallest_change(series, model, values, path, spec, value, current)
        if found is not None:
            options.append(found)
    if not options:
        return None
    options.sort(key=lambda option: option.pop("_cost"))
    best = options[0]
    return {"outcome": best["outcome"], "score": best["score"], "changes": options}


Path = tuple[Any, ...]


def _variables(model: Model, values: dict[str, Any]) -> list[tuple[Path, Input, Any]]:
    """Every scalar a person could change: inputs, list elements and record fields."""
    found: list[tuple[Path, Input, Any]] = []
    for spec in model.inputs:
        value = values[spec.key]
        if spec.type == "level":
            continue
        if spec.type != "list":
            found.append(((spec.key,), spec, value))
            continue
        for index, entry in enumerate(value):
            if spec.fields:
                found.extend(((spec.key, index, f.key), _field_spec(f), entry[f.key]) for f in spec.fields)
            else:
                found.append(((spec.key, index), _element_spec(spec), entry))
    return found


def _field_spec(f: Any) -> Input:
    """A record field seen as a numeric input."""
    return Input(key=f.key, label=f.label, type=f.type, min=f.min, max=f.max, unit=f.unit)


def _element_spec(spec: Input) -> Input:
    """A list element seen as a numeric input."""
    return Input(
        key=spec.key, label=spec.label, type=spec.items, min=spec.min, max=spec.max, step=spec.step, unit=spec.unit
    )


def _with(values: dict[str, Any], path: Path, new: Any) -> dict[str, Any]:
    """A copy of the inputs with one scalar replaced."""
    copy = {
        k: ([dict(e) if isinstance(e, dict) else e for e in v] if isinstance(v, list) else v) for k, v in values.items()
    }
    target: Any = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return copy


def _candidates(spec: Input, value: Any, direction: int) -> Sequence[Any]:
    """Values away from the current one (up for +1, down for -1), nearest first."""
    if spec.type == "boolean":
        return [direction > 0] if value is (direction <= 0) else []
    if spec.type == "choice":
        order = spec.option_values()
        here = order.index(value)
        return list(order[here + 1 :]) if direction > 0 else list(reversed(order[:here]))
    end = spec.max if direction > 0 else spec.min
    step = spec.resolution()
    return _Grid(
        value, direction * step, value + direction * 100 * step if end is None else end, spec.type == "integer"
    )


class _Grid(Sequence[Any]):
    """The steps from a value towards an end (the end included), computed on demand for binary search."""

    def __init__(self, start: float, step: float, end: float, integral: bool) -> None:
        self.start, self.step, self.end, self.integral = start, step, end, integral
        span = (end - start) / step if step else 0
        self.steps = max(int(span + 1e-9), 0)  # whole steps that stay within the end
        self.extra = span > 0 and abs(start + self.steps * step - end) > 1e-9  # the end itself, off the grid

    def __len__(self) -> int:
        return self.steps + (1 if self.extra else 0)

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Any]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        value = self.end if index == self.steps else round(self.start + self.step * (index + 1), PRECISION)
        return int(value) if self.integral else value


def _smallest_change(
    series: Series, model: Model, values: dict[str, Any], path: Path, spec: Input, value: Any, current: int
) -> dict[str, Any] | None:
    """The least change of one scalar, up or down, that improves the outcome."""
    found = [_search(series, model, values, path, spec, value, current, direction) for direction in (1, -1)]
    options = [option for option in found if option is not None]
    return min(options, key=lambda option: option["_cost"]) if options else None


def _search(
    series: Series,
    model: Model,
    values: dict[str, Any],
    path: Path,
    spec: Input,
    value: Any,
    current: int,
    direction: int,
) -> dict[str, Any] | None:
    """Binary search along one direction, assuming the outcome is monotone in it."""
    grid = _candidates(spec, value, direction)
    tried: dict[int, Result | None] = {}  # each step is evaluated once (the search ends on one it tried)

    def better(i: int) -> Result | None:
        if i not in tried:
            trial = evaluate(series, model, _with(values, path, grid[i]))
            tried[i] = trial if rank(series, model, trial) > current else None
        return tried[i]

    if not grid or better(len(grid) - 1) is None:
        return None
    low, high = 0, len(grid) - 1
    while low < high:
        middle = (low + high) // 2
        if better(middle) is not None:
            high = middle
        else:
            low = middle + 1
    trial = better(low)
    assert trial is not None
    return {
        "input": ".".join(str(p) for p in path),
        "label": _path_label(model, path, spec),
        "from": value,
        "to": grid[low],
        "outcome": trial["outcome"],
        "score": trial["score"],
        "_cost": _cost(spec, value, grid[low], low),
    }


def _cost(spec: Input, old: Any, new: Any, steps: int) -> float:
    """How big a change is, comparable across inputs: a share of the input's range."""
    if spec.type == "choice":
        return (steps + 1) / max(len(spec.options), 1)
    if spec.type == "boolean":
        return 1.0
    span = (spec.max - spec.min) if spec.max is not None and spec.min is not None else 100 * spec.resolution()
    return abs(float(new) - float(old)) / span


def _path_label(model: Model, path: Path, spec: Input) -> str:
    """A Chinese label for a changed scalar, e.g. `季度数据 第2项 达成率`."""
    if len(path) == 1:
        return spec.label
    base = model.input(path[0]).label
    suffix = f" {spec.label}" if len(path) == 3 else ""
    return f"{base} 第{path[1] + 1}项{suffix}"
