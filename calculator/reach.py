"""Which outcomes of a model some input can reach: a search of the input space the model defines.

Used at validation time, so a level that no person could ever be graded into is reported
before a standard is published. The search is targeted, not random: for each level it builds
the inputs that meet that level's quantified conditions as narrowly as possible, and for
scoring models walks the free inputs from their lowest to their highest values so the score
passes through every band.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .engine import check_holds, evaluate
from .model import Check, Input, Level, Model, Series

STEPS = 400  # positions of the walk from the lowest to the highest inputs


def unreachable(series: Series, model: Model) -> list[str]:
    """Ids of the levels a scoring or eligibility model names but no input reaches (others: [])."""
    if model.kind == "scoring" and model.bands:
        wanted = list(dict.fromkeys(b.level for b in model.bands))
    elif model.kind == "eligibility":
        wanted = list(model.titles or (lv.id for lv in series.levels))
    else:
        return []
    reached: set[str] = set()
    for level_id in wanted:
        if level_id in reached:
            continue
        for values in _attempts(series, model, series.level(level_id)):
            reached |= _reached(evaluate(series, model, values))
            if level_id in reached:
                break
    return [level_id for level_id in wanted if level_id not in reached]


def _reached(result: dict[str, Any]) -> set[str]:
    """The levels a result places someone at: the outcome and any title tied with it."""
    found = {t["id"] for t in result.get("tied") or ()}
    if result["outcome"] is not None:
        found.add(result["outcome"]["id"])
    return found


def _attempts(series: Series, model: Model, level: Level) -> Iterator[dict[str, Any]]:
    """Inputs that meet the level's conditions: the narrowest first, then a walk across the free inputs."""
    allowed = {
        spec.key: _allowed(spec, [c for _r, c in level.checks() if c.input == spec.key]) for spec in model.inputs
    }
    if any(not values for values in allowed.values()):
        return  # the level's own conditions contradict each other
    yield {key: values[0] for key, values in allowed.items()}
    if model.kind != "scoring":
        return
    for step in range(STEPS + 1):
        share = step / STEPS
        yield {key: values[round(share * (len(values) - 1))] for key, values in allowed.items()}


def _allowed(spec: Input, checks: list[Check]) -> list[Any]:
    """The values of an input that meet the checks, lowest first (a sample of a numeric range)."""
    values = [v for v in _values(spec, checks) if all(check_holds(c, spec, v) for c in checks)]
    return values if spec.type in ("choice", "boolean") else sorted(set(values))


def _values(spec: Input, checks: list[Check]) -> list[Any]:
    """Candidate values: every option, or the range's ends, the checks' edges and an even grid between."""
    if spec.type == "choice":
        return list(spec.option_values())
    if spec.type == "boolean":
        return [False, True]
    if spec.type != "number" and spec.type != "integer":
        return [spec.default] if spec.default is not None else []
    low = spec.min if spec.min is not None else 0.0
    high = spec.max if spec.max is not None else low + 1000 * spec.resolution()
    edges = [float(v) for c in checks for v in (c.min, c.max) if isinstance(v, (int, float))]
    step = spec.resolution()
    grid = [low + (high - low) * i / STEPS for i in range(STEPS + 1)]
    candidates = [low, high, *edges, *(e + step for e in edges), *(e - step for e in edges), *grid]
    inside = [min(max(v, low), high) for v in candidates]
    if spec.type == "integer":
        return [int(round(v)) for v in inside]
    return [round(round(v / step) * step, 6) for v in inside]
