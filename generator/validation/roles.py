"""Whom a standard applies to: every role of `standard.applies_to.roles` names series and levels the standard has."""

from __future__ import annotations

from typing import Any

from .issues import Issue, choices
from .load import Document


def role_issues(document: Document) -> list[Issue]:
    """An error for a role's series that the standard lacks, or a level none of the role's series has.

    A role without `series` holds every series of the standard; its levels must be in one of them.
    (The handbook's "找到我的职级" page links each role to these series and levels.)
    """
    data = document.data
    series_levels: dict[str, list[str]] = {s["id"]: [lv["id"] for lv in s["levels"]] for s in data["series"]}
    roles: Any = data["standard"].get("applies_to", {}).get("roles", ())
    issues = []
    for index, role in enumerate(roles):
        if not isinstance(role, dict):
            continue  # a role's name alone holds the whole standard
        place = ("standard", "applies_to", "roles", index)
        series = role.get("series")
        if series is not None and series not in series_levels:
            message = f"本标准没有序列 '{series}'{choices(series, series_levels)}"
            issues.append(document.issue((*place, "series"), message))
            continue
        held = series_levels[series] if series is not None else [lv for ids in series_levels.values() for lv in ids]
        for number, level in enumerate(role.get("levels", ())):
            if level not in held:
                where = f"序列 '{series}'" if series is not None else "本标准的各序列"
                message = f"{where}中没有职级 '{level}'{choices(level, held)}"
                issues.append(document.issue((*place, "levels", number), message))
    return issues
