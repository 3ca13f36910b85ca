"""Larger handbooks for benchmarks and tests: renamed copies of the committed standards."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import yaml

from devtools import ROOT

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's emitter: the copies are written several times faster
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def synthetic_standards(target: Path, factor: int) -> int:
    """Write `factor` renamed copies of every committed standard into target; return the file count."""
    target.mkdir(parents=True)
    shutil.copy(ROOT / "standards" / "schema.json", target)
    count = 0
    for path in sorted((ROOT / "standards").glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)
        for copy_index in range(factor):
            variant = renamed(data, copy_index) if copy_index else data
            name = path.stem if not copy_index else f"{path.stem}-x{copy_index}"
            (target / f"{name}.yaml").write_text(
                yaml.dump(variant, Dumper=DUMPER, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )
            count += 1
    return count


def renamed(data: dict[str, Any], index: int) -> dict[str, Any]:
    """A copy of a standard whose standard, series and model ids and titles carry a suffix."""
    variant = copy.deepcopy(data)
    suffix = f"-x{index}"
    variant["standard"]["id"] += suffix
    variant["standard"]["title"] += f"（副本{index}）"
    variant["standard"].pop("headings", None)
    for series in variant["series"]:
        series["id"] += suffix
        series["name"] += f"（副本{index}）"
    for model in variant.get("models", ()):
        model["id"] += suffix
        model["series"] += suffix
    for reading in variant.get("readings", ()):  # readings and roles name the copy's own models and series
        reading["models"] = [m + suffix for m in reading.get("models", ())]
    for role in variant["standard"].get("applies_to", {}).get("roles", ()):
        if isinstance(role, dict) and role.get("series"):
            role["series"] += suffix
    return variant
