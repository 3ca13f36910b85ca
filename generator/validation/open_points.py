"""What a standard leaves open, checked at validation: unset parameters, readings of the source, unreachable levels.

Unset parameters are warnings (a standard may be published before HR decides a number);
a malformed reading or a level no input can reach is an error.
"""

from __future__ import annotations

from typing import Any

from calculator.engine import adopted, needed_parameters, variant
from calculator.model import Series
from calculator.reach import unreachable

from .issues import Issue, choices
from .load import Document

Json = dict[str, Any]


def parameter_warnings(document: Document) -> list[Issue]:
    """A warning for each parameter the source leaves open and HR has not set yet."""
    return [
        document.issue(
            ("parameters", index),
            f"参数“{p['name']}”尚未设定（原文为[X]）：手册显示为“[X]（待人力资源部设定）”，"
            "计算器在设定之前不给出结论；设定时写 value: 数值",
            severity="warning",
        )
        for index, p in enumerate(document.data.get("parameters", ()))
        if p.get("value") is None
    ]


def reading_issues(document: Document) -> list[Issue]:
    """Readings name real models, adopt exactly one option, and every `reading:` tag names an option."""
    data = document.data
    issues: list[Issue] = []
    models = {m["id"]: m for m in data.get("models", ())}
    options: dict[str, Json] = {}
    for q, question in enumerate(data.get("readings", ())):
        place = ("readings", q)
        adopted = [o for o in question["options"] if o.get("adopted")]
        if len(adopted) != 1:
            issues.append(
                document.issue((*place, "options"), f"每个解读问题须恰有一个 adopted: true，现有 {len(adopted)} 个")
            )
        for m, model_id in enumerate(question["models"]):
            if model_id not in models:
                issues.append(
                    document.issue((*place, "models", m), f"未知模型 '{model_id}'{choices(model_id, models)}")
                )
        for o, option in enumerate(question["options"]):
            if option["id"] in options:
                issues.append(document.issue((*place, "options", o, "id"), f"解读 id '{option['id']}' 重复"))
            options[option["id"]] = question
            if "hard" in option and any(models.get(m, {}).get("kind") != "scoring" for m in question["models"]):
                issues.append(document.issue((*place, "options", o, "hard"), "hard 只适用于评分定级模型"))
    for path, tag in _tags(data, ()):
        if tag not in options:
            issues.append(document.issue(path, f"未知解读 '{tag}'{choices(tag, options) or '：本标准没有 readings'}"))
    return issues


def _tags(data: Any, path: tuple[Any, ...]) -> list[tuple[tuple[Any, ...], str]]:
    """Every `reading: ID` tag on a check, band or rule, with its path (examples name readings too)."""
    found: list[tuple[tuple[Any, ...], str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "reading" and isinstance(value, str):
                found.append(((*path, key), value))
            elif key != "readings":
                found += _tags(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _tags(value, (*path, index))
    return found


def reach_issues(document: Document, compiled: tuple[Series, ...]) -> list[Issue]:
    """Each level a model names that no input can reach under the adopted readings."""
    issues = []
    index = {m["id"]: i for i, m in enumerate(document.data.get("models", ()))}
    for series in compiled:
        for model in series.models:
            if needed_parameters(series, model):
                continue  # no verdict at all until HR sets the numbers
            for level_id in unreachable(*variant(series, model, adopted(model))):
                issues.append(
                    document.issue(
                        ("models", index[model.id]),
                        f"级别“{series.level(level_id).name}”（{level_id}）是本模型的结果之一，但没有任何输入能得到它："
                        "它的可量化条件被更高一级涵盖，或与分数段矛盾",
                    )
                )
    return issues
