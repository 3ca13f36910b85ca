"""People for the calculator: random inputs drawn from a model's ranges, and team files of them."""

from __future__ import annotations

import csv
import io
import random
from typing import Any

from calculator.model import Model, Series


def random_inputs(model: Model, series: Series, rnd: random.Random, bad: bool = False) -> dict[str, Any]:
    """Inputs for one person drawn from each input's range; with `bad`, one value is wrong."""
    inputs: dict[str, Any] = {}
    for spec in model.inputs:
        if spec.type in ("number", "integer"):
            low, high = spec.min or 0, spec.max if spec.max is not None else 100
            value = (
                rnd.randint(int(low), int(high)) if spec.type == "integer" else round(rnd.uniform(low, high) * 2) / 2
            )
            inputs[spec.key] = min(max(value, low), high)
        elif spec.type == "boolean":
            inputs[spec.key] = rnd.random() < 0.7
        elif spec.type == "choice":
            inputs[spec.key] = rnd.choice(spec.option_values())
        elif spec.type == "level":
            inputs[spec.key] = rnd.choice([lv.id for lv in series.levels])
        else:
            count = rnd.randint(max(spec.min_items, 1), min(spec.max_items or 4, 3))
            if spec.fields:
                inputs[spec.key] = [
                    {f.key: rnd.randint(int(f.min or 0), int(min(f.max or 100, 150))) for f in spec.fields}
                    for _ in range(count)
                ]
            else:
                inputs[spec.key] = [rnd.randint(int(spec.min or 0), int(spec.max or 100)) for _ in range(count)]
    if bad:
        spec = rnd.choice([s for s in model.inputs if s.type != "boolean"])
        wrong = rnd.choice(["abc", "999999", "<b>x</b>"])
        if spec.type != "list":
            inputs[spec.key] = wrong
        elif spec.fields:
            inputs[spec.key][0][spec.fields[0].key] = wrong
        else:
            inputs[spec.key][0] = wrong
    return inputs


def team_columns(model: Model, rows: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    """Column headers and getters for a team file: labels for scalars, `label.N.field` for list elements."""
    columns: list[tuple[str, Any]] = [("姓名", None)]
    for spec in model.inputs:
        if spec.type != "list":
            columns.append((spec.label, (spec.key,)))
            continue
        longest = max(len(row.get(spec.key, [])) for row in rows)
        for n in range(longest):
            for f in spec.fields or [None]:
                name = f"{spec.label}.{n + 1}" + (f".{f.key}" if f else "")
                columns.append((name, (spec.key, n, f.key if f else None)))
    return columns


def cell(row: dict[str, Any], path: tuple[Any, ...] | None, index: int) -> Any:
    """The cell a column holds for one person."""
    if path is None:
        return f"员工{index}"
    value: Any = row.get(path[0])
    if len(path) == 1:
        return value
    items = value or []
    if path[1] >= len(items):
        return None
    item = items[path[1]]
    return item[path[2]] if path[2] else item


def team_csv(model: Model, rows: list[dict[str, Any]]) -> bytes:
    """A team CSV (UTF-8 with BOM, as Excel saves it) of people's inputs."""
    columns = team_columns(model, rows)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([name for name, _ in columns])
    for index, row in enumerate(rows):
        values = [cell(row, path, index) for _, path in columns]
        writer.writerow(["" if v is None else ("true" if v is True else "false" if v is False else v) for v in values])
    return out.getvalue().encode("utf-8-sig")
