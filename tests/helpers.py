"""Shared by the tests of several packages: the committed standards as the build validates them; the engine."""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path
from typing import Any

from calculator import grade
from calculator.model import Model, Series
from devtools import ROOT
from generator.validation import Standards, validate

__all__ = ["ROOT", "engine", "models", "standards", "with_examples", "workspace"]


@cache
def standards() -> Standards:
    """The committed standards, validated as the build validates them."""
    found = validate(ROOT / "standards")
    assert not found.errors, "\n".join(map(str, found.errors))
    return found


@cache
def models() -> dict[str, tuple[Series, Model]]:
    """Every model of the committed standards by id, with its series."""
    return {m.id: (s, m) for s in standards().series for m in s.models}


def with_examples() -> list[str]:
    """The ids of models that carry worked examples."""
    return [model_id for model_id, (_s, m) in models().items() if m.examples]


def engine(model_id: str, inputs: dict[str, Any], params: dict[str, Any] | None = None) -> dict[str, Any]:
    """The CPython engine's result for inputs (and trial parameter values), as JSON would carry it."""
    series, model = models()[model_id]
    return json.loads(json.dumps(grade(series, model, inputs, params=params), ensure_ascii=False))


def workspace(tmp_path: Path, *files: Path) -> Path:
    """A project folder with the committed schema and the given standards files."""
    folder = tmp_path / "standards"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "standards" / "schema.json", folder)
    for file in files:
        shutil.copy(file, folder)
    return tmp_path
