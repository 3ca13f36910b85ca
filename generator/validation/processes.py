"""Process steps: a structured `due` must say what the source's `deadline` wording says."""

from __future__ import annotations

import re
from typing import Any

from .issues import Issue
from .load import Document

# The shortest month each quarter-month can be: 1st (Jan, Apr, Jul, Oct: 30 at least), 2nd (Feb: 28), 3rd (Jun, Sep: 30)
SHORTEST = {1: 30, 2: 28, 3: 30}
CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3}


def process_issues(document: Document) -> list[Issue]:
    """An error for each step whose `due` disagrees with its `deadline`, lacks it, or names a day a quarter lacks."""
    issues = []
    for index, process in enumerate(document.data.get("processes", ())):
        for number, step in enumerate(process["steps"]):
            due = step.get("due")
            if due is not None:
                path = ("processes", index, "steps", number, "due")
                issues += [document.issue(path, problem) for problem in due_problems(step.get("deadline"), due)]
    return issues


def due_problems(deadline: str | None, due: dict[str, Any]) -> list[str]:
    """What is wrong with a step's structured `due` against the wording of its `deadline` (nothing: agreed)."""
    if deadline is None:
        return ["写了 due 的步骤也要在 deadline 中照录原文的期限措辞"]
    problems = []
    month, day, first = due["quarter_month"], due["day"], due.get("from_day")
    if day > SHORTEST[month]:
        problems.append(f"每季第{month}个月不一定有{day}日（最多写 {SHORTEST[month]}）")
    if first is not None and first >= day:
        problems.append(f"from_day {first} 应早于 day {day}")
    months = [int(m) if m.isdigit() else CHINESE_DIGITS[m] for m in re.findall(r"第([123一二三])个月", deadline)]
    if months != [month]:
        problems.append(f"quarter_month: {month} 与原文措辞“{deadline}”不符")
    days = [int(d) for d in re.findall(r"(\d+)(?=日)", deadline)]
    ranges = [(int(a), int(b)) for a, b in re.findall(r"(\d+)\s*[-－—~～至到]\s*(\d+)日", deadline)]
    if first is None and (days != [day] or ranges):
        problems.append(f"day: {day} 与原文措辞“{deadline}”不符")
    if first is not None and ranges != [(first, day)]:
        problems.append(f"from_day: {first}, day: {day} 与原文措辞“{deadline}”不符")
    return problems
