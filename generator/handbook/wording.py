"""The handbook's rows and phrases: the model objects the engine runs, laid out for pages, and text made safe.

Nothing here decides anything, and no rule is phrased here: checks, conditions, ranges and
counts are worded by `calculator.words` (the same words the engine and the calculator page
use), predicates are the model's own (`ReviewRule.covers`, `Model.band`), and enum names come
from the schema (`Labels`). This module arranges them into table rows and escapes text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from calculator.engine import grade
from calculator.model import DECISIONS, Check, Field, Group, Input, Item, Level, Model, ReviewRule, Series
from calculator.words import check_text, condition_text, count_text, num, range_text
from generator.validation import Labels

# ---------------------------------------------------------------- text from the standards, as pages write it
#
# HR's text is plain text: no Markdown and no HTML apply to it (there is no allow-list). `text()`
# turns it into Markdown that shows exactly those characters, wherever a template puts it: a
# paragraph, a list item, a heading, a table cell, a raw HTML block, an attribute value, the
# front matter's `title:` or a navigation title (Material inserts those unescaped, as HTML).
# Every character that means something to Markdown, to the extensions in mkdocs.yml (attr_list's
# `{: …}`, abbr, tables, admonitions) or to HTML becomes a character reference, so it can open
# no tag, link, attribute list or Jinja expression (`{{`/`{%` cannot survive a second render),
# and the browser shows the character itself: `A&B` is written `A&amp;B` and reads `A&B`.

# Invisible format and control characters: bidirectional overrides, embeddings and isolates
# (U+202E can reverse what a page seems to say), zero-width characters (they hide text from
# search and split words), the byte order mark, soft hyphen, tags and C0/C1 controls.
INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
# Line breaks and other white space: text is one line (a new line could start a Markdown block).
SPACE = re.compile("[\t\n\v\f\r \x85\u2028\u2029]+")
REFERENCES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
    **{char: f"&#{ord(char)};" for char in "\\`*_{}[]|#!~"},
}
ESCAPES = str.maketrans(REFERENCES)
# What may open a Markdown block at the start of a line (the other block markers are escaped anywhere):
# a list item (`- `, `+ `), a details block (`???`), an ordered list item (`1. `).
LINE_START = re.compile(r"^(\d*)([-+=?:])|^(\d+)([.)])(?=\s|$)")


def visible(value: Any) -> str:
    """Text without invisible control characters, its white space (new lines too) collapsed to one space."""
    return SPACE.sub(" ", INVISIBLE.sub("", str(value))).strip()


def text(value: Any) -> Markup:
    """Standards text as Markdown (and HTML) that shows the text itself; see above. Markup stays as it is."""
    if isinstance(value, Markup):
        return value
    escaped = visible(value).translate(ESCAPES)
    escaped = LINE_START.sub(_reference, escaped, count=1)
    return Markup(escaped)


def _reference(match: re.Match[str]) -> str:
    """The digits and the character reference of the block marker that follows them."""
    digits, marker = (match.group(1), match.group(2)) if match.group(2) else (match.group(3), match.group(4))
    return f"{digits}&#{ord(marker)};"


def title(value: Any) -> str:
    """A page or navigation title for the front matter and `build/generated.yml` (Material renders it as HTML)."""
    return str(text(value))


def decision_name(decision: str) -> str:
    """The Chinese name of a review decision."""
    return DECISIONS[decision][0]


def period_name(model: Model, labels: Labels) -> str:
    """The review period in Chinese (季度, 月…)."""
    return labels.period.get(model.period, model.period or "周期")


# ---------------------------------------------------------------- inputs and checks


def input_range(spec: Input | Field) -> str:
    """A numeric input's range and unit, e.g. `0–100 分`."""
    return range_text(spec.min, spec.max, spec.unit)


def input_text(spec: Input, series: Series, labels: Labels) -> str:
    """What an input accepts, in words."""
    if spec.type == "choice":
        return "选项：" + "、".join(o.label for o in spec.options)
    if spec.type == "boolean":
        return "是 / 否"
    if spec.type == "level":
        return "职级：" + "、".join(lv.name for lv in series.levels)
    if spec.type == "list":
        each = "、".join(f"{f.label}（{input_range(f)}）" for f in spec.fields) if spec.fields else input_range(spec)
        return f"列表，{count_text(spec.min_items, spec.max_items)}，每项：{each}"
    return f"{labels.input_type.get(spec.type, spec.type)} {input_range(spec)}".strip()


def reading_names(series: Series) -> dict[str, tuple[str, bool]]:
    """Every reading of the series' models: option id → (name, adopted)."""
    return {o.id: (o.name, o.adopted) for m in series.models for q in m.questions for o in q.options}


def reading_mark(tag: str | None, series: Series) -> str:
    """What an element tagged with a reading says about it, e.g. `（按「大专毕业四年以上」的理解，本手册采用）`."""
    if tag is None:
        return ""
    name, adopted = reading_names(series).get(tag, (tag, False))
    return f"（按「{name}」的理解{'，本手册采用' if adopted else ''}）"


def marked_check(check: Check, series: Series) -> str:
    """A quantified condition in words, e.g. `毕业年限：≥ 3 年`, with its reading when it has one."""
    return check_text(check, series.input(check.input)) + reading_mark(check.reading, series)


def level_checks(level: Level, series: Series, model: Model | None = None) -> list[str]:
    """A level's quantified conditions in words (only those on a model's inputs, if given)."""
    keys = {spec.key for spec in model.inputs} if model else None
    return [
        marked_check(check, series) for _requirement, check in level.checks() if keys is None or check.input in keys
    ]


# ---------------------------------------------------------------- scoring


@dataclass(frozen=True)
class ItemRow:
    """One scoring item as a table row."""

    label: str
    input: str
    rule: str
    weight: str
    notes: tuple[str, ...]


def item_rule(item: Item, spec: Input | None) -> str:
    """How an item turns its input into points."""
    unit = "分"
    if item.rule == "table":
        return "；".join(f"{key} {num(points)} {unit}" for key, points in item.table)
    if item.rule == "count":
        cap = f"，最高 {num(item.cap)} {unit}" if item.cap is not None else ""
        what = spec.unit if spec and spec.unit else "个"
        return f"每{what} {num(item.per)} {unit}{cap}"
    top = f"（满分 {num(item.max_points)} {unit}）" if item.max_points is not None else ""
    scale = f"（{input_range(spec)}）" if spec and not top else ""
    return f"按评分{top or scale}"


def item_rows(model: Model, group: Group) -> list[ItemRow]:
    """A group's items as rows."""
    rows = []
    for item in group.items:
        spec = next((s for s in model.inputs if s.key == item.input), None)
        weight = f"{num(item.weight)}%" if item.weight is not None else ""
        rows.append(ItemRow(item.label, spec.label if spec else item.input, item_rule(item, spec), weight, item.notes))
    return rows


def group_formula(group: Group) -> str:
    """How a group's sub-total is formed, in words."""
    how = "各项得分 × 权重后相加" if group.formula == "weighted" else "各项得分相加"
    if group.scale != 1:
        how += f"，小计 × {num(group.scale)} 计入总分"
    return how


@dataclass(frozen=True)
class BandRow:
    """One grade band as a table row: the half-open interval and its level."""

    level_id: str
    level: str
    interval: str
    conditions: tuple[str, ...]
    notes: tuple[str, ...]


def band_rows(model: Model, series: Series) -> list[BandRow]:
    """Every band of a scoring model, lowest first, with the level's hard conditions."""
    return [
        BandRow(
            band.level,
            series.level(band.level).name,
            band.text() + reading_mark(band.reading, series),
            tuple(level_checks(series.level(band.level), series, model)),
            band.notes,
        )
        for band in model.bands
    ]


def below_lowest(model: Model) -> str:
    """What happens under the lowest band."""
    lowest = min(model.bands, key=lambda b: b.min)
    return f"得分 < {num(lowest.min)}：不评定职级"


# ---------------------------------------------------------------- review


@dataclass(frozen=True)
class RuleRow:
    """One review rule as a table row."""

    id: str
    levels: str
    window: str
    conditions: str
    decision: str
    text: str
    notes: tuple[str, ...]


def levels_text(series: Series, rule: ReviewRule) -> str:
    """The levels a rule covers, e.g. `S3—S9`."""
    if rule.levels is None:
        return "全部职级"
    low, high = (series.level(x).name for x in rule.levels)
    return low if low == high else f"{low}—{high}"


def rule_rows(model: Model, series: Series, labels: Labels) -> list[RuleRow]:
    """Every rule of a review model, in the order the engine tries them."""
    rows = []
    for rule in model.rules:
        joiner = " 且 " if rule.match == "all" else " 或 "
        rows.append(
            RuleRow(
                rule.id,
                levels_text(series, rule),
                f"最近 {rule.window} 个{period_name(model, labels)}",
                joiner.join(condition_text(c, model.list_fields()) for c in rule.conditions)
                + reading_mark(rule.reading, series),
                rule.decision_name,
                rule.text,
                rule.notes,
            )
        )
    return rows


# ---------------------------------------------------------------- examples


@dataclass(frozen=True)
class ExampleRow:
    """A worked example: inputs in words and the expected outcome."""

    inputs: str
    outcome: str
    score: str
    conditions: str = ""  # trial values and the reading it is graded under, when not the adopted ones


def value_words(spec: Input, value: Any, series: Series) -> str:
    """An input value in words."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if spec.type == "level" and isinstance(value, str):
        return series.level(value).name if value in {lv.id for lv in series.levels} else value
    if isinstance(value, list):
        return "；".join(
            "，".join(f"{f.label} {num(entry.get(f.key))}{f.unit}" for f in spec.fields)
            if isinstance(entry, dict)
            else num(entry)
            for entry in value
        )
    return f"{num(value)}{spec.unit}"


def outcome_words(model: Model, series: Series, outcome: str | None, level: str | None) -> str:
    """An expected outcome in words."""
    if outcome is None:
        return "未达到任何职级"
    if model.kind == "review":
        rule = next((r for r in model.rules if r.decision == outcome and r.wording), None)
        name = rule.decision_name if rule else decision_name(outcome)
        return f"{name}（{series.level(level).name}）" if level else name
    return series.level(outcome).name


def example_rows(model: Model, series: Series) -> list[ExampleRow]:
    """The model's worked examples, as `competency validate` checks them."""
    rows = []
    for example in model.examples:
        words = [
            f"{spec.label} {value_words(spec, example.inputs[spec.key], series)}"
            for spec in model.inputs
            if spec.key in example.inputs
        ]
        score = num(example.score) if example.score is not None else ""
        outcome = outcome_words(model, series, example.outcome, example.level)
        result = grade(series, model, example.inputs, with_next=False, params=example.params, reading=example.reading)
        if result.get("unset_parameters"):
            outcome = "不给出结论（参数待人力资源部设定）"
        elif result.get("tied"):
            outcome = "最高可申报：" + " / ".join(t["name"] for t in result["tied"])
        rows.append(ExampleRow("；".join(words), outcome, score, example_conditions(model, series, example)))
    return rows


def trial_words(model: Model, params: dict[str, Any]) -> str:
    """Trial parameter values in words, e.g. `初级销售代表晋升所需任职月数 6个月、…`."""
    names = {p.id: p for p in model.parameters}
    return "、".join(
        f"{names[k].name if k in names else k} {num(v)}{names[k].unit if k in names else ''}" for k, v in params.items()
    )


def trial_sets(model: Model) -> list[str]:
    """The distinct sets of trial values the model's examples use, in words."""
    return list(dict.fromkeys(trial_words(model, e.params) for e in model.examples if e.params))


def example_conditions(model: Model, series: Series, example: Any) -> str:
    """Under what an example is graded: the trial parameter values and a reading other than the adopted one."""
    parts = []
    if example.params:
        parts.append(
            "按试算参数值" if len(trial_sets(model)) == 1 else f"按试算参数值：{trial_words(model, example.params)}"
        )
    if example.reading:
        name, _adopted = reading_names(series).get(example.reading, (example.reading, False))
        parts.append(f"按「{name}」的理解")
    return "；".join(parts)
