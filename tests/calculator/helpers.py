"""Loading the committed standards for engine tests (the engine itself never reads files)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from calculator import load_standard
from calculator.model import Model, Series

STANDARDS = Path(__file__).resolve().parents[2] / "standards"
# Trial values for sales-promotion's parameters, which the source leaves as [X] and HR has not set.
TRIAL = {
    "junior-months": 6,
    "junior-attainment": 100,
    "junior-satisfaction": 80,
    "intermediate-months": 12,
    "intermediate-rank": 20,
    "intermediate-new-clients": 2,
    "senior-years": 1,
    "senior-team-attainment": 100,
    "senior-efficiency-gain": 10,
    "senior-trainees": 2,
    "supervisor-years": 2,
    "supervisor-growth": 10,
    "supervisor-attrition": 10,
}


@cache
def models() -> dict[str, tuple[Series, Model]]:
    """Every committed model by id, with its series."""
    found = {}
    for path in sorted(STANDARDS.glob("*.yaml")):
        for series in load_standard(yaml.safe_load(path.read_text(encoding="utf-8"))):
            for model in series.models:
                found[model.id] = (series, model)
    return found
