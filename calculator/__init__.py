"""Grading engine for job-qualification standards: standard library only.

Runs unchanged in CPython (CLI, tests, build-time checks) and under Pyodide.

May import: the standard library only; nothing of `generator` or `teamfile`.
"""

from __future__ import annotations

from typing import Any

from .engine import grade
from .inputs import InputError, Problem
from .model import Model, Parameter, Question, Series

__all__ = [
    "InputError",
    "Model",
    "Problem",
    "Series",
    "grade",
    "load_standard",
    "parameter_values",
    "resolve_parameters",
]


def parameter_values(standard: dict[str, Any]) -> dict[str, Any]:
    """The values HR has set, by parameter id; a parameter without a value stays `{param: ID}`."""
    return {
        p["id"]: p["value"]
        for p in standard.get("parameters", ())
        if isinstance(p, dict) and "id" in p and p.get("value") is not None
    }


def resolve_parameters(data: Any, values: dict[str, Any]) -> Any:
    """Replace every `{param: ID}` in a standard with the parameter's value."""
    if not values:
        return data
    if isinstance(data, dict):
        if set(data) == {"param"} and data["param"] in values:
            return values[data["param"]]
        return {k: resolve_parameters(v, values) for k, v in data.items()}
    if isinstance(data, list):
        return [resolve_parameters(v, values) for v in data]
    return data


def load_standard(standard: dict[str, Any]) -> tuple[Series, ...]:
    """Build the series of one standard's plain dict, each with the models that grade it."""
    resolved = resolve_parameters(standard, parameter_values(standard))
    questions = tuple(Question.from_dict(q) for q in resolved.get("readings", ()))
    parameters = tuple(Parameter.from_dict(p) for p in resolved.get("parameters", ()))
    models = [Model.from_dict(m, questions, parameters) for m in resolved.get("models", ())]
    return tuple(
        Series.from_dict(s, tuple(m for m in models if m.series == s["id"])) for s in resolved.get("series", ())
    )
