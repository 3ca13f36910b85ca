"""What changed between two versions of one standard, in words, and whether it changes anyone's grade.

Both versions are compiled as the build compiles them (parameters HR set put in, series with their
models), then compared entity by entity: the standard's texts and whom it applies to, series,
levels, requirements, models (inputs, scoring groups and items, bands, review rules), parameters,
readings, processes and sections. Each difference becomes one `Change`: a sentence with the old
and the new value (numbers and ranges worded by `calculator.words`), and its effect on grades:

- `AFFECTS` (影响定级结果): what the engine or an assessor applies changed: a threshold, band,
  weight, point table, rule, quantified check, proficiency, a requirement or level added or removed,
  a parameter's value, the adopted reading;
- `MAYBE` (可能影响定级结果): wording that is itself the rule an assessor applies (a requirement with no
  quantified check, promotion texts, whom the standard applies to, sections), and anything this
  module does not know how to compare;
- `WORDING` / `EXAMPLES`: names, explanations, interpretation notes and worked examples, which no grade
  depends on.

A difference no describer names still shows, as "其他内容有修改" with `MAYBE`: nothing is left out silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from calculator import load_standard, parameter_values, resolve_parameters
from calculator.model import DECISIONS, UNSET, Band, Level, Model, Requirement, Series
from calculator.words import num, range_text, shown, unit_text
from generator.handbook import wording
from generator.handbook.requirements import display_label, requirement_words
from generator.validation import Labels

Json = dict[str, Any]

AFFECTS = "影响定级结果"
MAYBE = "可能影响定级结果"
WORDING = "不影响定级结果（仅文字）"
EXAMPLES = "不影响定级结果（仅工作示例）"
EFFECTS = (AFFECTS, MAYBE, WORDING, EXAMPLES)  # strongest first
CLIP = 300  # characters of a quoted text; longer ones end in "……"
LONG = 60  # two texts longer than this are quoted around the part that differs
CONTEXT = 12  # characters kept either side of that part
PAUSES = "，。；：、,.;:"


@dataclass(frozen=True)
class Change:
    """One difference between two versions of a standard: a sentence, and its effect on grades."""

    text: str
    effect: str

    @property
    def affects(self) -> bool:
        """Whether the change can move someone's grade (certainly or possibly)."""
        return self.effect in (AFFECTS, MAYBE)


def strongest(changes: list[Change]) -> str:
    """The strongest effect among changes (AFFECTS before MAYBE before wording)."""
    return min((c.effect for c in changes), key=EFFECTS.index, default=WORDING)


# ---------------------------------------------------------------- quoting


def quote(value: Any) -> str:
    """A value as quoted in a sentence: 「text」, numbers as numbers, lists joined, nothing as （无）."""
    if value is None or value == "" or value == []:
        return "（无）"
    if isinstance(value, list):
        return "「" + "；".join(_plain(v) for v in value) + "」"
    return f"「{_plain(value)}」"


def _plain(value: Any) -> str:
    text = shown(value) if not isinstance(value, (dict, list)) else "、".join(_plain(v) for v in _values(value))
    text = " ".join(str(text).split())
    return text if len(text) <= CLIP else text[:CLIP] + "……"


def _values(value: Any) -> list[Any]:
    return list(value.values()) if isinstance(value, dict) else list(value)


def _same_words(a: Any, b: Any) -> bool:
    """Whether two texts differ only in spaces and punctuation."""

    def squeeze(value: Any) -> str:
        return re.sub(r"[\s\W_]+", "", _plain(value) if value is not None else "")

    return squeeze(a) == squeeze(b)


def _from_to(prefix: str, label: str, a: Any, b: Any) -> str:
    """`{prefix}{label}从「a」改为「b」`, `新增{label}`, `删除{label}`."""
    if a is None or a == [] or a == "":
        return f"{prefix}新增{label}：{quote(b)}"
    if b is None or b == [] or b == "":
        return f"{prefix}删除{label}（原为{quote(a)}）"
    x, y = reworded(a, b)
    return f"{prefix}{label}从{x}改为{y}"


def reworded(a: Any, b: Any) -> tuple[str, str]:
    """Two versions of a value, quoted; two long texts only around the part that differs.

    `「…本手册称之为“全国级销售岗位”。」`: the common start and end are cut to CONTEXT characters
    either side of the difference, so a reader sees what was reworded, not two pages of the same text.
    """
    if isinstance(a, list) and isinstance(b, list) and all(isinstance(v, str) for v in (*a, *b)):
        a, b = "；".join(a), "；".join(b)
    if not isinstance(a, str) or not isinstance(b, str) or max(len(a), len(b)) <= LONG:
        return quote(a), quote(b)
    a, b = " ".join(a.split()), " ".join(b.split())
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1

    def cut(text: str) -> str:
        head = max(0, start - CONTEXT)
        tail = min(len(text), len(text) - end + CONTEXT)
        # widen to the nearest punctuation, so the quote starts and ends on whole phrases
        before = max((text.rfind(mark, max(0, head - CONTEXT), head) for mark in PAUSES), default=-1)
        head = before + 1 if before >= 0 else head
        after = [i for mark in PAUSES if (i := text.find(mark, tail, tail + CONTEXT)) >= 0]
        tail = min(after) + 1 if after else tail
        middle = text[head:tail]
        if len(middle) > CLIP:
            middle = middle[:CLIP] + "……"
        return "「" + ("…" if head > 0 else "") + middle + ("…" if tail < len(text) else "") + "」"

    return cut(a), cut(b)


Fields = dict[str, tuple[str, str]]  # key -> (Chinese name, effect)


def _fields(prefix: str, old: Json, new: Json, fields: Fields) -> list[Change]:
    """Scalar or text fields that changed, old → new, then anything else that differs."""
    changes = []
    for key, (label, effect) in fields.items():
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if effect == MAYBE and _same_words(a, b):
            effect = WORDING  # only spaces or punctuation moved
        changes.append(Change(_from_to(prefix, label, a, b), effect))
    return changes


def _rest(prefix: str, old: Json, new: Json, known: set[str]) -> list[Change]:
    """One line for differences in keys no describer covers (so nothing is left out silently)."""
    if any(old.get(k) != new.get(k) for k in (old.keys() | new.keys()) - known):
        return [Change(f"{prefix}其他内容有修改", MAYBE)]
    return []


def _keyed(
    old: list[Any],
    new: list[Any],
    key: Callable[[Json], Any],
    added: Callable[[Json], list[Change]],
    removed: Callable[[Json], list[Change]],
    changed: Callable[[Json, Json], list[Change]],
) -> list[Change]:
    """Entities of a list matched by a key: added, removed, then changed in place."""
    before = {key(e): e for e in old if isinstance(e, dict)}
    after = {key(e): e for e in new if isinstance(e, dict)}
    changes = [c for k, e in after.items() if k not in before for c in added(e)]
    changes += [c for k, e in before.items() if k not in after for c in removed(e)]
    for k, e in after.items():
        if k in before and before[k] != e:
            changes += changed(before[k], e)
    return changes


def _one(text: str, effect: str) -> Callable[[Json], list[Change]]:
    """A describer of an added or removed entity: `text` formatted with the entity's fields."""
    return lambda e: [Change(text.format_map(_Missing(e)), effect)]


class _Missing(dict[str, Any]):
    """Format fields: a missing key reads as nothing."""

    def __missing__(self, key: str) -> str:
        return ""


# ---------------------------------------------------------------- compiling


@dataclass(frozen=True)
class Compiled:
    """One version of a standard: its data (parameters resolved) and its series with their models."""

    data: Json
    series: dict[str, Series]

    @property
    def id(self) -> str:
        return str(self.data["standard"]["id"])

    @property
    def title(self) -> str:
        return str(self.data["standard"].get("title", self.id))


def compile_standard(data: Json) -> Compiled:
    """A standard's data compiled as the build does (`calculator.load_standard`); raises on old formats."""
    resolved: Json = resolve_parameters(data, parameter_values(data))
    return Compiled(resolved, {s.id: s for s in load_standard(data)})


# ---------------------------------------------------------------- standards


STANDARD_FIELDS: Fields = {
    "title": ("标准名称", WORDING),
    "family": ("所属类别", WORDING),
    "source": ("来源文件", WORDING),
    "summary": ("说明", WORDING),
    "order": ("排列顺序", WORDING),
    "interpretation": ("解读说明", WORDING),
    "headings": ("对应的原文章节", WORDING),
}
APPLIES_FIELDS: Fields = {
    "department": ("适用部门", MAYBE),
    "scope": ("适用范围", MAYBE),
    "purpose": ("文件性质", WORDING),
    "source": ("适用对象所依据的原文", WORDING),
    "interpretation": ("适用对象的解读说明", WORDING),
}


def describe_standard(old: Compiled | None, new: Compiled | None, labels: Labels) -> list[Change]:
    """Every change between two versions of a standard (None: absent)."""
    if old is None and new is not None:
        return [Change(_summary("新增标准", new.data), AFFECTS)]
    if new is None and old is not None:
        return [Change(f"删除标准《{old.title}》", AFFECTS)]
    assert old is not None and new is not None
    a, b = old.data, new.data
    changes = _fields("", a["standard"], b["standard"], STANDARD_FIELDS)
    changes += _applies(a["standard"].get("applies_to") or {}, b["standard"].get("applies_to") or {}, old, new)
    changes += _rest("", a["standard"], b["standard"], {*STANDARD_FIELDS, "applies_to", "id"})
    changes += _keyed(
        a["series"],
        b["series"],
        lambda s: s["id"],
        added=lambda s: [
            Change(f"新增序列「{s['name']}」：" + "、".join(lv["name"] for lv in s.get("levels", [])), AFFECTS)
        ],
        removed=_one("删除序列「{name}」", AFFECTS),
        changed=lambda x, y: _series_changes(x, y, old.series[x["id"]], new.series[y["id"]], labels),
    )
    changes += _keyed(
        a.get("models", []),
        b.get("models", []),
        lambda m: m["id"],
        added=_one("新增评定模型「{title}」", AFFECTS),
        removed=_one("删除评定模型「{title}」", AFFECTS),
        changed=lambda x, y: _model_changes(x, y, old.series.get(x["series"]), new.series.get(y["series"]), labels),
    )
    changes += _parameter_changes(a.get("parameters", []), b.get("parameters", []))
    changes += _reading_changes(a.get("readings", []), b.get("readings", []))
    changes += _process_changes(a.get("processes", []), b.get("processes", []))
    changes += _keyed(
        a.get("sections", []),
        b.get("sections", []),
        lambda s: s.get("title"),
        added=_one("新增说明「{title}」", MAYBE),
        removed=_one("删除说明「{title}」", MAYBE),
        changed=lambda x, y: (
            _fields(
                f"说明「{y['title']}」的",
                x,
                y,
                {"body": ("内容", MAYBE), "items": ("条目", MAYBE), "interpretation": ("解读说明", WORDING)},
            )
            + _rest(f"说明「{y['title']}」的", x, y, {"title", "body", "items", "interpretation"})
        ),
    )
    top = {"standard", "series", "models", "parameters", "readings", "processes", "sections"}
    changes += _rest("", a, b, top)
    return sorted(changes, key=lambda c: EFFECTS.index(c.effect))  # what changes grades first


def _summary(verb: str, data: Json) -> str:
    """A new standard in one line: how many series, levels and models."""
    levels = sum(len(s.get("levels", [])) for s in data["series"])
    return (
        f"{verb}《{data['standard']['title']}》：{len(data['series'])} 个序列、{levels} 个职级、"
        f"{len(data.get('models', []))} 个评定模型"
    )


def _applies(old: Json, new: Json, before: Compiled, after: Compiled) -> list[Change]:
    """Whom the standard applies to: department, roles (with their series and levels), scope, purpose."""
    changes = _fields("", old, new, APPLIES_FIELDS)
    a, b = _roles(old.get("roles"), before), _roles(new.get("roles"), after)
    if a != b:
        changes.append(Change(_from_to("", "适用岗位", a, b), MAYBE))
    return changes + _rest("适用对象的", old, new, {*APPLIES_FIELDS, "roles"})


def _roles(roles: Any, standard: Compiled) -> list[str]:
    """Roles in words: 客户服务专员（客户服务类人员任职资格：专员）."""
    words = []
    for role in roles or []:
        if not isinstance(role, dict):
            words.append(str(role))
            continue
        series = standard.series.get(role.get("series", ""))
        where = []
        if series is not None:
            where.append(series.name)
            levels = [_level_name(series, lv) for lv in role.get("levels", [])]
            if levels:
                where.append("、".join(levels))
        words.append(str(role.get("name", "")) + (f"（{'：'.join(where)}）" if where else ""))
    return words


def _level_name(series: Series | None, level_id: str) -> str:
    """A level's name, tolerant of ids the series no longer has."""
    try:
        return series.level(level_id).name if series else level_id
    except KeyError:
        return level_id


# ---------------------------------------------------------------- series, levels and requirements

SERIES_FIELDS: Fields = {
    "name": ("名称", WORDING),
    "summary": ("说明", WORDING),
    "promotion": ("晋级说明", MAYBE),
    "demotion": ("降级说明", MAYBE),
    "interpretation": ("解读说明", WORDING),
}
LEVEL_FIELDS: Fields = {
    "name": ("名称", WORDING),
    "aliases": ("别名", WORDING),
    "group": ("类别", WORDING),
    "summary": ("说明", WORDING),
    "interpretation": ("解读说明", WORDING),
}


def _series_changes(old: Json, new: Json, before: Series, after: Series, labels: Labels) -> list[Change]:
    """Changes of one series: its texts, its levels (added, removed, reordered) and their requirements."""
    prefix = f"序列「{new['name']}」的"
    changes = _fields(prefix, old, new, SERIES_FIELDS)
    changes += _rest(prefix, old, new, {*SERIES_FIELDS, "id", "levels"})
    old_ids = [lv.id for lv in before.levels]
    new_ids = [lv.id for lv in after.levels]
    changes += [Change(_level_added(after, lv), AFFECTS) for lv in after.levels if lv.id not in old_ids]
    changes += [Change(f"删除职级「{lv.name}」", AFFECTS) for lv in before.levels if lv.id not in new_ids]
    common = [i for i in new_ids if i in old_ids]
    if common != [i for i in old_ids if i in new_ids]:
        changes.append(Change("职级顺序调整为：" + " < ".join(after.level(i).name for i in new_ids), AFFECTS))
    levels = {lv["id"]: lv for lv in old["levels"]}
    for data in new["levels"]:
        if data["id"] in levels and levels[data["id"]] != data:
            changes += _level_changes(levels[data["id"]], data, before, after, labels)
    return changes


def _level_added(series: Series, level: Level) -> str:
    """A new level and where it sits."""
    index = series.index(level.id)
    where = f"，位于「{series.levels[index - 1].name}」之上" if index > 0 else "，为最低职级"
    return f"新增职级「{level.name}」{where}"


def _level_changes(old: Json, new: Json, before: Series, after: Series, labels: Labels) -> list[Change]:
    """A level's texts and its requirements."""
    prefix = f"职级「{new['name']}」的"
    changes = _fields(prefix, old, new, LEVEL_FIELDS)
    changes += _rest(prefix, old, new, {*LEVEL_FIELDS, "id", "requirements"})
    a, b = before.level(old["id"]), after.level(new["id"])
    kinds = labels.requirement_kind
    for label in dict.fromkeys([display_label(r, kinds) for r in (*b.requirements, *a.requirements)]):
        x = [r for r in a.requirements if display_label(r, kinds) == label]
        y = [r for r in b.requirements if display_label(r, kinds) == label]
        changes += _requirement_changes(f"职级「{b.name}」", label, x, y, before, after, kinds)
    return changes


def _requirement_changes(
    where: str,
    label: str,
    before: list[Requirement],
    after: list[Requirement],
    old: Series,
    new: Series,
    kinds: dict[str, str],
) -> list[Change]:
    """Requirements sharing a label: one against one compared field by field, else added and removed."""
    if len(before) == 1 and len(after) == 1:
        return _requirement_fields(f"{where}要求「{label}」的", before[0], after[0], old, new, kinds)
    old_words = [_requirement_key(r, old) for r in before]
    new_words = [_requirement_key(r, new) for r in after]
    changes = [
        Change(f"{where}新增要求「{label}」：{_requirement_text(r, new)}", AFFECTS)
        for r, key in zip(after, new_words, strict=True)
        if key not in old_words
    ]
    changes += [
        Change(f"{where}删除要求「{label}」（原为：{_requirement_text(r, old)}）", AFFECTS)
        for r, key in zip(before, old_words, strict=True)
        if key not in new_words
    ]
    return changes


def _requirement_key(requirement: Requirement, series: Series) -> tuple[Any, ...]:
    return (requirement_words(requirement), _checks(requirement, series), requirement.points, requirement.notes)


def _requirement_text(requirement: Requirement, series: Series) -> str:
    """A requirement in one phrase, with its quantified conditions."""
    checks = _checks(requirement, series)
    return _plain(requirement_words(requirement)) + (f"（量化条件：{checks}）" if checks else "")


def _checks(requirement: Requirement, series: Series) -> str:
    return "；".join(wording.marked_check(c, series) for c in requirement.checks)


def _requirement_fields(
    prefix: str, a: Requirement, b: Requirement, old: Series, new: Series, kinds: dict[str, str]
) -> list[Change]:
    """One requirement's wording, proficiency, certification, checks, points, kind and notes."""
    changes = []
    if a.text != b.text:
        # the text is what an assessor reads, even when quantified checks stand beside it
        effect = WORDING if _same_words(a.text, b.text) else MAYBE
        x, y = reworded(a.text, b.text)
        changes.append(Change(f"{prefix}措辞从{x}改为{y}", effect))
    if a.proficiency != b.proficiency:
        changes.append(Change(_from_to(prefix, "熟练程度", a.proficiency or None, b.proficiency or None), AFFECTS))
    if a.certification != b.certification:
        changes.append(Change(_from_to(prefix, "认证方法", a.certification or None, b.certification or None), AFFECTS))
    x, y = _checks(a, old), _checks(b, new)
    if x != y:
        changes.append(Change(_from_to(prefix, "量化条件", x or None, y or None), AFFECTS))
    if a.points != b.points:
        changes.append(Change(_from_to(prefix, "分值", a.points, b.points), AFFECTS))
    if a.kind != b.kind:
        changes.append(Change(_from_to(prefix, "类别", kinds.get(a.kind, a.kind), kinds.get(b.kind, b.kind)), MAYBE))
    if a.notes != b.notes:
        changes.append(Change(_from_to(prefix, "解读说明", list(a.notes), list(b.notes)), WORDING))
    return changes


# ---------------------------------------------------------------- models

MODEL_FIELDS: Fields = {
    "title": ("名称", WORDING),
    "text": ("说明", WORDING),
    "interpretation": ("解读说明", WORDING),
}


def _model_changes(old: Json, new: Json, before: Series | None, after: Series | None, labels: Labels) -> list[Change]:
    """Changes of one model: texts, decisions, inputs, scoring groups, bands, rules, examples."""
    title = new["title"]
    prefix = f"模型「{title}」的"
    changes = _fields(prefix, old, new, MODEL_FIELDS)
    if old.get("period") != new.get("period"):
        changes.append(
            Change(
                _from_to(prefix, "考核周期", _period(old.get("period"), labels), _period(new.get("period"), labels)),
                AFFECTS,
            )
        )
    if old.get("otherwise", "keep") != new.get("otherwise", "keep"):
        a, b = (DECISIONS.get(d.get("otherwise", "keep"), ("",))[0] for d in (old, new))
        changes.append(Change(f"{prefix}未触发任何规则时的决定从{quote(a)}改为{quote(b)}", AFFECTS))
    if old.get("hard") != new.get("hard"):
        changes.append(
            Change(
                f"{prefix}硬性条件不满足时的处理从{quote(HARD.get(str(old.get('hard', 'lower')), '逐级下调'))}"
                f"改为{quote(HARD.get(str(new.get('hard', 'lower')), '逐级下调'))}",
                AFFECTS,
            )
        )
    name = _namer(after or before)
    changes += _keyed(
        old.get("inputs", []),
        new.get("inputs", []),
        lambda i: i["key"],
        added=lambda i: [Change(f"模型「{title}」新增输入项「{i['label']}」", AFFECTS)],
        removed=lambda i: [Change(f"模型「{title}」删除输入项「{i['label']}」", AFFECTS)],
        changed=lambda a, b: _input_changes(f"模型「{title}」输入项「{b['label']}」的", a, b),
    )
    changes += _keyed(
        old.get("groups", []),
        new.get("groups", []),
        lambda g: g["id"],
        added=lambda g: [Change(f"模型「{title}」新增评分组「{g['label']}」", AFFECTS)],
        removed=lambda g: [Change(f"模型「{title}」删除评分组「{g['label']}」", AFFECTS)],
        changed=lambda a, b: _group_changes(title, a, b),
    )
    changes += _keyed(
        old.get("bands", []),
        new.get("bands", []),
        lambda b: b["level"],
        added=lambda b: [
            Change(f"模型「{title}」新增{name(b['level'])}的定级分数段：{Band.from_dict(b).text()}", AFFECTS)
        ],
        removed=lambda b: [
            Change(f"模型「{title}」删除{name(b['level'])}的定级分数段（原为 {Band.from_dict(b).text()}）", AFFECTS)
        ],
        changed=lambda a, b: _band_changes(title, name(b["level"]), a, b),
    )
    changes += _rule_changes(title, old, new, before, after, labels)
    if old.get("examples") != new.get("examples"):
        changes.append(Change(f"模型「{title}」的工作示例已更新（现有 {len(new.get('examples', []))} 个）", EXAMPLES))
    known = {*MODEL_FIELDS, "id", "kind", "series", "period", "otherwise", "hard", "inputs", "groups", "bands"}
    return changes + _rest(prefix, old, new, known | {"rules", "examples"})


HARD = {"lower": "逐级下调", "none": "不定级", "ignore": "不作为条件"}


def _period(period: Any, labels: Labels) -> str | None:
    return labels.period.get(period, str(period)) if period else None


def _namer(series: Series | None) -> Callable[[str], str]:
    """Level id → 「name」."""
    return lambda level_id: f"「{_level_name(series, level_id)}」"


def _band_changes(title: str, level: str, old: Json, new: Json) -> list[Change]:
    a, b = Band.from_dict(old), Band.from_dict(new)
    changes = []
    if a.text() != b.text():
        changes.append(Change(f"模型「{title}」中{level}的定级分数段从 {a.text()} 改为 {b.text()}", AFFECTS))
    elif {k: v for k, v in old.items() if k != "interpretation"} != {
        k: v for k, v in new.items() if k != "interpretation"
    }:
        changes.append(Change(f"模型「{title}」中{level}的定级分数段有修改", MAYBE))
    if old.get("interpretation") != new.get("interpretation"):
        prefix = f"模型「{title}」中{level}定级分数段的"
        changes.append(
            Change(_from_to(prefix, "解读说明", old.get("interpretation"), new.get("interpretation")), WORDING)
        )
    return changes


INPUT_TEXTS: Fields = {"label": ("名称", WORDING), "help": ("填写说明", WORDING), "unit": ("单位", WORDING)}


def _input_changes(prefix: str, old: Json, new: Json) -> list[Change]:
    """An input's names and the values it takes."""
    changes = _fields(prefix, old, new, INPUT_TEXTS)
    a = range_text(old.get("min"), old.get("max"), old.get("unit", ""))
    b = range_text(new.get("min"), new.get("max"), new.get("unit", ""))
    if (old.get("min"), old.get("max")) != (new.get("min"), new.get("max")):
        changes.append(Change(_from_to(prefix, "取值范围", a or None, b or None), AFFECTS))
    x, y = _options(old.get("options")), _options(new.get("options"))
    if x != y:
        changes.append(Change(_from_to(prefix, "选项", x or None, y or None), AFFECTS))
    if (old.get("min_items"), old.get("max_items")) != (new.get("min_items"), new.get("max_items")):
        changes.append(Change(f"{prefix}填写的期数有修改", AFFECTS))
    known = {*INPUT_TEXTS, "key", "min", "max", "options", "min_items", "max_items", "default"}
    if old.get("default") != new.get("default"):
        changes.append(Change(_from_to(prefix, "默认值", old.get("default"), new.get("default")), WORDING))
    return changes + _rest(prefix, old, new, known)


def _options(options: Any) -> list[str]:
    return [str(o.get("label", o.get("value"))) if isinstance(o, dict) else shown(o) for o in options or []]


def _group_changes(title: str, old: Json, new: Json) -> list[Change]:
    """A scoring group's formula, scale and items."""
    prefix = f"模型「{title}」评分组「{new['label']}」的"
    formulas = {"sum": "各项相加", "weighted": "按权重加权", None: "各项相加"}
    changes = _fields(
        prefix,
        old,
        new,
        {"label": ("名称", WORDING), "text": ("说明", WORDING), "interpretation": ("解读说明", WORDING)},
    )
    if old.get("formula") != new.get("formula"):
        a, b = formulas.get(old.get("formula"), "各项相加"), formulas.get(new.get("formula"), "各项相加")
        changes.append(Change(f"{prefix}计分方式从{quote(a)}改为{quote(b)}", AFFECTS))
    if old.get("scale") != new.get("scale"):
        a, b = (f"×{num(d['scale'])}" if d.get("scale") is not None else "不折算" for d in (old, new))
        changes.append(Change(f"{prefix}折算系数从 {a} 改为 {b}", AFFECTS))
    changes += _keyed(
        old["items"],
        new["items"],
        lambda i: i["id"],
        added=lambda i: [Change(f"模型「{title}」新增评分项「{i['label']}」", AFFECTS)],
        removed=lambda i: [Change(f"模型「{title}」删除评分项「{i['label']}」", AFFECTS)],
        changed=lambda a, b: _item_changes(title, a, b),
    )
    return changes + _rest(prefix, old, new, {"id", "label", "text", "interpretation", "formula", "scale", "items"})


def _item_changes(title: str, old: Json, new: Json) -> list[Change]:
    """A scoring item's weight, point table, per-count points, caps and input."""
    prefix = f"模型「{title}」评分项「{new['label']}」的"
    changes = []
    for label, key, unit in (
        ("权重", "weight", "%"),
        ("每项分值", "per", " 分"),
        ("上限", "cap", " 分"),
        ("最高分", "max_points", " 分"),
    ):
        a, b = old.get(key), new.get(key)
        if a != b:
            x = f"{num(a)}{unit}" if a is not None else "（无）"
            y = f"{num(b)}{unit}" if b is not None else "（无）"
            changes.append(Change(f"{prefix}{label}从 {x} 改为 {y}", AFFECTS))
    a_table, b_table = old.get("table") or {}, new.get("table") or {}
    for option in dict.fromkeys([*a_table, *b_table]):
        p, q = a_table.get(option), b_table.get(option)
        if p != q:
            before = f"{num(p)} 分" if p is not None else "（无）"
            after = f"{num(q)} 分" if q is not None else "（无）"
            changes.append(Change(f"{prefix}分值表中「{option}」从 {before} 改为 {after}", AFFECTS))
    if old.get("input") != new.get("input"):
        changes.append(Change(f"{prefix}计分所用的输入项有修改", AFFECTS))
    texts: Fields = {"label": ("名称", WORDING), "text": ("说明", WORDING), "interpretation": ("解读说明", WORDING)}
    changes += _fields(prefix, old, new, texts)
    known = {*texts, "id", "weight", "per", "cap", "max_points", "table", "input"}
    return changes + _rest(prefix, old, new, known)


def _rule_changes(
    title: str, old: Json, new: Json, before: Series | None, after: Series | None, labels: Labels
) -> list[Change]:
    """Review rules: levels covered, window, conditions and decision, compared in words."""
    if old.get("rules") == new.get("rules"):
        return []
    if before is None or after is None or new.get("kind") != "review" or old.get("kind") != "review":
        return [Change(f"模型「{title}」的规则有修改", MAYBE)]
    a = {r.id: r for r in wording.rule_rows(_compiled(before, old), before, labels)}
    b = {r.id: r for r in wording.rule_rows(_compiled(after, new), after, labels)}
    changes = [
        Change(f"模型「{title}」新增规则：{r.levels}，{r.window}，{r.conditions} → {r.decision}", AFFECTS)
        for r in b.values()
        if r.id not in a
    ]
    changes += [
        Change(f"模型「{title}」删除规则「{_plain(r.text or r.decision)}」", AFFECTS)
        for r in a.values()
        if r.id not in b
    ]
    raw_old = {r.get("id"): r for r in old.get("rules", [])}
    raw_new = {r.get("id"): r for r in new.get("rules", [])}
    for rule_id, x in a.items():
        y = b.get(rule_id)
        if y is None:
            continue
        prefix = f"模型「{title}」规则「{_plain(y.text or y.decision)}」的"
        found = []
        for label, p, q in (
            ("适用职级", x.levels, y.levels),
            ("考察期", x.window, y.window),
            ("条件", x.conditions, y.conditions),
            ("决定", x.decision, y.decision),
        ):
            if p != q:
                found.append(Change(f"{prefix}{label}从{quote(p)}改为{quote(q)}", AFFECTS))
        if x.text != y.text:
            old_text, new_text = reworded(x.text, y.text)
            found.append(Change(f"{prefix}原文措辞从{old_text}改为{new_text}", WORDING))
        if x.notes != y.notes:
            found.append(Change(_from_to(prefix, "解读说明", list(x.notes), list(y.notes)), WORDING))
        if not found and raw_old.get(rule_id) != raw_new.get(rule_id):
            found.append(Change(f"{prefix}其他内容有修改", MAYBE))
        changes += found
    return changes


def _compiled(series: Series, data: Json) -> Model:
    """A model as compiled with its series (readings and parameters attached)."""
    return next((m for m in series.models if m.id == data["id"]), None) or Model.from_dict(data)


# ---------------------------------------------------------------- parameters, readings and processes


def _parameter_changes(old: list[Json], new: list[Json]) -> list[Change]:
    """Parameters added, removed, set, or with a new value."""

    def value(p: Json) -> str:
        return UNSET if p.get("value") is None else f"{num(p['value'])}{unit_text(p.get('unit', ''))}"

    def changed(a: Json, b: Json) -> list[Change]:
        changes = []
        if a.get("value") != b.get("value") or a.get("unit") != b.get("unit"):
            if a.get("value") is None:
                changes.append(Change(f"参数「{b['name']}」已设定为 {value(b)}（此前尚未设定）", AFFECTS))
            else:
                changes.append(Change(f"参数「{b['name']}」的值从 {value(a)} 改为 {value(b)}", AFFECTS))
        texts: Fields = {
            "name": ("名称", WORDING),
            "source": ("出处", WORDING),
            "interpretation": ("解读说明", WORDING),
        }
        changes += _fields(f"参数「{b['name']}」的", a, b, texts)
        return changes + _rest(f"参数「{b['name']}」的", a, b, {*texts, "id", "value", "unit"})

    return _keyed(
        old,
        new,
        lambda p: p["id"],
        added=lambda p: [Change(f"新增参数「{p['name']}」= {value(p)}", AFFECTS)],
        removed=lambda p: [Change(f"删除参数「{p['name']}」", AFFECTS)],
        changed=changed,
    )


def _reading_changes(old: list[Json], new: list[Json]) -> list[Change]:
    """Passages read more than one way: added, removed, another reading adopted, options reworded."""

    def adopted(r: Json) -> str:
        return next((str(o.get("name", "")) for o in r.get("options", []) if o.get("adopted")), "")

    def changed(a: Json, b: Json) -> list[Change]:
        prefix = f"有歧义的原文「{_plain(b.get('question', ''))}」"
        changes = []
        if adopted(a) != adopted(b):
            changes.append(Change(f"{prefix}采用的理解从{quote(adopted(a))}改为{quote(adopted(b))}", AFFECTS))
        changes += _keyed(
            a.get("options", []),
            b.get("options", []),
            lambda o: o.get("id"),
            added=lambda o: [Change(f"{prefix}新增一种理解：{quote(o.get('name'))}", MAYBE)],
            removed=lambda o: [Change(f"{prefix}删除一种理解：{quote(o.get('name'))}", MAYBE)],
            changed=lambda x, y: (
                _fields(
                    f"{prefix}的理解「{_plain(y.get('name', ''))}」的",
                    x,
                    y,
                    {"name": ("名称", WORDING), "text": ("说明", WORDING)},
                )
                + _rest(f"{prefix}的理解「{_plain(y.get('name', ''))}」的", x, y, {"id", "name", "text", "adopted"})
            ),
        )
        texts: Fields = {
            "question": ("问题", WORDING),
            "source": ("原文", WORDING),
            "interpretation": ("解读说明", WORDING),
        }
        changes += _fields(f"{prefix}的", a, b, texts)
        return changes + _rest(f"{prefix}的", a, b, {*texts, "id", "options"})

    return _keyed(
        old,
        new,
        lambda r: r.get("id"),
        added=lambda r: [
            Change(f"新增有歧义的原文「{_plain(r.get('question', ''))}」，采用的理解：{quote(adopted(r))}", MAYBE)
        ],
        removed=lambda r: [Change(f"删除有歧义的原文「{_plain(r.get('question', ''))}」的几种理解", MAYBE)],
        changed=changed,
    )


def _process_changes(old: list[Json], new: list[Json]) -> list[Change]:
    """Processes added, removed, or with changed steps."""

    def steps(a: Json, b: Json) -> list[Change]:
        prefix = f"流程「{b['title']}」的"
        changes = _fields(prefix, a, b, {"title": ("名称", WORDING), "interpretation": ("解读说明", WORDING)})
        if a.get("period") != b.get("period"):
            changes.append(Change(_from_to(prefix, "周期", a.get("period"), b.get("period")), MAYBE))
        old_steps, new_steps = a.get("steps", []), b.get("steps", [])
        for index in range(max(len(old_steps), len(new_steps))):
            x = old_steps[index] if index < len(old_steps) else {}
            y = new_steps[index] if index < len(new_steps) else {}
            step = f"流程「{b['title']}」第 {index + 1} 步的"
            fields: Fields = {"deadline": ("时限", MAYBE), "owner": ("负责部门", MAYBE), "action": ("工作内容", MAYBE)}
            changes += _fields(step, x, y, fields)
            if x.get("due") != y.get("due"):
                changes.append(Change(f"{step}截止日期（用于评审日程）有修改", WORDING))
            changes += _rest(step, x, y, {*fields, "due"})
        return changes + _rest(prefix, a, b, {"id", "title", "interpretation", "period", "steps"})

    return _keyed(
        old,
        new,
        lambda p: p["id"],
        added=lambda p: [Change(f"新增流程「{p['title']}」（{len(p.get('steps', []))} 步）", MAYBE)],
        removed=_one("删除流程「{title}」", MAYBE),
        changed=steps,
    )
