"""Grading engine for job-qualification standards: standard library only.

Runs unchanged in CPython (CLI, tests, build-time checks) and under Pyodide.
"""

from __future__ import annotations

from typing import Any

from .engine import grade
from .inputs import InputError, Problem
from .model import Model, Series

__all__ = ["InputError", "Model", "Problem", "Series", "grade", "load_standard", "resolve_parameters"]


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
    values = {p["id"]: p["value"] for p in standard.get("parameters", ())}
    resolved = resolve_parameters(standard, values)
    models = [Model.from_dict(m) for m in resolved.get("models", ())]
    return tuple(
        Series.from_dict(s, tuple(m for m in models if m.series == s["id"])) for s in resolved.get("series", ())
    )
