"""The one entry point for the page: JSON in, JSON out. No rules live here."""

from __future__ import annotations

import json
from typing import Any

from . import InputError, Series, grade, load_standard

_MODELS: dict[str, tuple[Series, Any]] = {}


def load(bundle_json: str) -> str:
    """Register every model of a build-written bundle; return their ids as JSON."""
    for standard in json.loads(bundle_json)["standards"]:
        for series in load_standard(standard):
            for model in series.models:
                _MODELS[model.id] = (series, model)
    return json.dumps(sorted(_MODELS))


def grade_json(model_id: str, inputs_json: str, with_next: bool = True) -> str:
    """Grade one person; errors come back as {"errors": [{"input", "message"}]}."""
    series, model = _MODELS[model_id]
    try:
        inputs = json.loads(inputs_json)
        return json.dumps(grade(series, model, inputs, with_next=with_next), ensure_ascii=False)
    except InputError as error:
        return json.dumps(
            {"errors": [{"input": p.key, "message": p.message} for p in error.problems]}, ensure_ascii=False
        )
    except json.JSONDecodeError as error:
        return json.dumps(
            {"errors": [{"input": "inputs", "message": f"不是有效的 JSON：{error.msg}"}]}, ensure_ascii=False
        )


def grade_rows(model_id: str, rows_json: str) -> str:
    """Grade many people (team mode); one result or error object per row."""
    return json.dumps(
        [json.loads(grade_json(model_id, json.dumps(row), with_next=False)) for row in json.loads(rows_json)],
        ensure_ascii=False,
    )
