"""标准变更记录: what each commit to `standards/` changed, in words.

Consecutive versions of each file are loaded from git (`git show COMMIT:path`) and their
data compared entity by entity (series, levels, requirements, models, bands, rules,
parameters, processes), so the page says "初级的定级分数段从 60 ≤ 得分 < 70 改为 …",
not "line 42 changed". Without git, or with a shallow history, the page says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

import yaml

from calculator import parameter_values, resolve_parameters
from calculator.model import UNSET, Band, Level, Model, Series
from calculator.words import num
from generator import git
from generator.handbook import wording
from generator.handbook.render import Renderer
from generator.handbook.requirements import compare
from generator.validation import Labels

Json = dict[str, Any]
LONG = 40  # longer texts are reported as "已修改", not quoted


@dataclass(frozen=True)
class FileChanges:
    """The changes of one standards file in one commit."""

    file: str
    title: str
    lines: list[str]


@dataclass(frozen=True)
class CommitChanges:
    """One commit and what it changed."""

    date: str
    short: str
    author: str
    subject: str
    files: list[FileChanges]


@dataclass(frozen=True)
class History:
    """The change log, newest first, plus uncommitted edits and caveats."""

    available: bool
    notes: list[str] = field(default_factory=list)
    pending: list[FileChanges] = field(default_factory=list)
    commits: list[CommitChanges] = field(default_factory=list)


def change_log(directory: FsPath, labels: Labels) -> History:
    """The history of a standards directory as the change page shows it."""
    root = git.repository_root(directory.resolve())
    if root is None:
        return History(False, ["未找到 git 仓库（或未安装 git），无法列出标准的变更历史。"])
    notes = []
    if git.is_shallow(directory):
        notes.append("当前检出是浅克隆（shallow clone），更早的变更未包含在内；最早一条按“新增”列出。")
    found = []
    for commit in reversed(git.commits(directory)):
        files = _commit_files(directory, commit, labels)
        if files:
            found.append(CommitChanges(commit.date, commit.short, commit.author, commit.subject, files))
    return History(True, notes, _pending(directory, root, labels), found)


def _commit_files(directory: FsPath, commit: git.Commit, labels: Labels) -> list[FileChanges]:
    """The described changes of each standards file a commit touched."""
    parent = commit.parent if commit.parent and git.exists(directory, commit.parent) else None
    files = []
    for path in git.changed_files(directory, commit):
        if path.endswith(".json") and parent is not None:
            files.append(FileChanges(path, "标准文件格式", ["标准文件的格式定义（JSON Schema）已更新"]))
        if not path.endswith((".yaml", ".yml")):
            continue
        before = git.show(directory, parent, path)
        after = git.show(directory, commit.sha, path)
        files.append(describe_file(path, before, after, labels))
    return [f for f in files if f.lines]


def _pending(directory: FsPath, root: FsPath, labels: Labels) -> list[FileChanges]:
    """Edits in the working tree not yet committed (what HR sees while previewing)."""
    files = []
    for path in sorted(directory.glob("*.yaml")):
        name = path.resolve().relative_to(root).as_posix()
        committed = git.show(directory, "HEAD", name)
        current = path.read_text(encoding="utf-8")
        if committed != current:
            files.append(describe_file(name, committed, current, labels))
    return [f for f in files if f.lines]


def _parse(text: str | None) -> Json | None:
    """A file's data, or None when absent; raises ValueError when unreadable."""
    if text is None:
        return None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ValueError("YAML 语法错误") from error
    if not isinstance(data, dict) or not isinstance(data.get("standard"), dict):
        raise ValueError("不是一份标准")
    values = parameter_values(data)
    resolved: Json = resolve_parameters(data, values)
    return resolved


def describe_file(path: str, before: str | None, after: str | None, labels: Labels) -> FileChanges:
    """One file's change in words."""
    try:
        old, new = _parse(before), _parse(after)
    except ValueError as error:
        return FileChanges(path, path, [f"文件无法解析（{error}），未能比较内容。"])
    title = str((new or old or {}).get("standard", {}).get("title", path))
    try:
        lines = describe_standard(old, new, labels)
    except (KeyError, TypeError, ValueError, AttributeError):
        lines = ["文件内容已修改（该版本不符合当前格式，无法逐项比较）。"]
    if not lines and old != new:
        lines = ["文件已修改：职级、要求、评定规则和参数均未变化（改动在来源标注等说明性内容）。"]
    return FileChanges(path, title, lines)


# ---------------------------------------------------------------- standards


def describe_standard(old: Json | None, new: Json | None, labels: Labels) -> list[str]:
    """Every change between two versions of a standard."""
    if old is None and new is not None:
        return [_summary("新增标准", new)]
    if new is None and old is not None:
        return [f"删除标准《{old['standard']['title']}》"]
    assert old is not None and new is not None
    lines = _fields(
        "",
        old["standard"],
        new["standard"],
        {"title": "标准名称", "family": "类别", "source": "来源", "summary": "说明", "interpretation": "解读说明"},
    )
    new_series = {s["id"]: _series(s, new) for s in new["series"]}
    old_series = {s["id"]: _series(s, old) for s in old["series"]}
    lines += _keyed(
        old["series"],
        new["series"],
        "id",
        added=lambda s: f"新增序列「{s['name']}」：" + "、".join(lv["name"] for lv in s["levels"]),
        removed=lambda s: f"删除序列「{s['name']}」",
        changed=lambda a, b: _series_changes(a, b, old_series[a["id"]], new_series[b["id"]], labels),
    )
    lines += _keyed(
        old.get("models", []),
        new.get("models", []),
        "id",
        added=lambda m: f"新增评定模型「{m['title']}」",
        removed=lambda m: f"删除评定模型「{m['title']}」",
        changed=lambda a, b: _model_changes(a, b, old_series.get(a["series"]), new_series.get(b["series"]), labels),
    )
    lines += _parameter_changes(old.get("parameters", []), new.get("parameters", []))
    lines += _process_changes(old.get("processes", []), new.get("processes", []))
    lines += _keyed(
        old.get("sections", []),
        new.get("sections", []),
        "title",
        added=lambda s: f"新增说明「{s['title']}」",
        removed=lambda s: f"删除说明「{s['title']}」",
        changed=lambda a, b: _fields(f"说明「{b['title']}」的", a, b, {"body": "内容", "items": "条目"}),
    )
    return lines


def _summary(verb: str, data: Json) -> str:
    """A new standard in one line: how many series, levels and models."""
    levels = sum(len(s["levels"]) for s in data["series"])
    return (
        f"{verb}《{data['standard']['title']}》：{len(data['series'])} 个序列、{levels} 个职级、"
        f"{len(data.get('models', []))} 个评定模型"
    )


def _series(data: Json, standard: Json) -> Series:
    """A series object (with its models) from one version's data."""
    models = tuple(Model.from_dict(m) for m in standard.get("models", ()) if m.get("series") == data["id"])
    return Series.from_dict(data, models)


def _keyed(
    old: list[Json],
    new: list[Json],
    key: str,
    added: Callable[[Json], str],
    removed: Callable[[Json], str],
    changed: Callable[[Json, Json], list[str]],
) -> list[str]:
    """Changes of a list of entities matched by a key: added, removed, then changed in place."""
    before = {e.get(key): e for e in old if isinstance(e, dict)}
    after = {e.get(key): e for e in new if isinstance(e, dict)}
    lines = [added(e) for k, e in after.items() if k not in before]
    lines += [removed(e) for k, e in before.items() if k not in after]
    for k, e in after.items():
        if k in before and before[k] != e:
            lines += changed(before[k], e)
    return lines


def _short(value: Any) -> str:
    """A value as quoted in a sentence."""
    if isinstance(value, list):
        return "、".join(_short(v) for v in value)
    return num(value) if value is not None else "（无）"


def _fields(prefix: str, old: Json, new: Json, labels: dict[str, str]) -> list[str]:
    """Scalar fields that changed: short values quoted, long texts reported as modified."""
    lines = []
    for key, label in labels.items():
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if len(_short(a)) + len(_short(b)) > LONG or isinstance(a, dict) or isinstance(b, dict):
            lines.append(f"{prefix}{label}已修改")
        else:
            lines.append(f"{prefix}{label}从「{_short(a)}」改为「{_short(b)}」")
    return lines


# ---------------------------------------------------------------- series and levels


def _series_changes(old: Json, new: Json, before: Series, after: Series, labels: Labels) -> list[str]:
    """Changes of one series: its texts, its levels and their requirements."""
    name = new["name"]
    lines = _fields(
        f"序列「{name}」的",
        old,
        new,
        {
            "name": "名称",
            "summary": "说明",
            "promotion": "晋级说明",
            "demotion": "降级说明",
            "interpretation": "解读说明",
        },
    )
    old_ids, new_ids = [lv["id"] for lv in old["levels"]], [lv["id"] for lv in new["levels"]]
    lines += [_level_added(after, lv) for lv in after.levels if lv.id not in old_ids]
    lines += [f"删除职级「{lv.name}」" for lv in before.levels if lv.id not in new_ids]
    common = [i for i in new_ids if i in old_ids]
    if common != [i for i in old_ids if i in new_ids]:
        lines.append("职级顺序调整为：" + " < ".join(after.level(i).name for i in new_ids))
    for level_id in common:
        lines += _level_changes(before.level(level_id), after.level(level_id), after, labels)
    return lines


def _level_added(series: Series, level: Level) -> str:
    """A new level and where it sits."""
    index = series.index(level.id)
    where = f"，位于「{series.levels[index - 1].name}」之上" if index > 0 else "，为最低职级"
    return f"新增职级「{level.name}」{where}"


def _level_changes(old: Level, new: Level, series: Series, labels: Labels) -> list[str]:
    """A level's renamed fields and requirement changes."""
    lines = []
    for label, a, b in (
        ("名称", old.name, new.name),
        ("别名", "、".join(old.aliases), "、".join(new.aliases)),
        ("类别", old.group, new.group),
        ("说明", old.summary, new.summary),
    ):
        if a != b:
            lines.append(f"职级「{new.name}」的{label}从「{a or '（无）'}」改为「{b or '（无）'}」")
    for change in compare(old, new, series, labels.requirement_kind):
        detail = " → ".join(x for x in (change.before, change.after) if x)
        lines.append(f"职级「{new.name}」{change.verb}要求「{change.label}」：{detail}")
    if old.notes != new.notes:
        lines.append(f"职级「{new.name}」的解读说明已修改")
    return lines


# ---------------------------------------------------------------- models


def _model_changes(old: Json, new: Json, before: Series | None, after: Series | None, labels: Labels) -> list[str]:
    """Changes of one model: bands, items, rules, inputs and texts."""
    title = new["title"]
    lines = _fields(
        f"模型「{title}」的",
        old,
        new,
        {"title": "名称", "text": "说明", "period": "考核周期", "otherwise": "默认决定", "interpretation": "解读说明"},
    )
    level_name = _namer(after or before)
    lines += _keyed(
        old.get("bands", []),
        new.get("bands", []),
        "level",
        added=lambda b: f"模型「{title}」新增{level_name(b['level'])}的定级分数段：{Band.from_dict(b).text()}",
        removed=lambda b: f"模型「{title}」删除{level_name(b['level'])}的定级分数段",
        changed=lambda a, b: [
            f"模型「{title}」中{level_name(b['level'])}的定级分数段从 {Band.from_dict(a).text()} "
            f"改为 {Band.from_dict(b).text()}"
        ],
    )
    lines += _keyed(
        old.get("groups", []),
        new.get("groups", []),
        "id",
        added=lambda g: f"模型「{title}」新增评分组「{g['label']}」",
        removed=lambda g: f"模型「{title}」删除评分组「{g['label']}」",
        changed=lambda a, b: _group_changes(title, a, b),
    )
    lines += _rule_changes(title, old, new, after, labels)
    lines += _keyed(
        old.get("inputs", []),
        new.get("inputs", []),
        "key",
        added=lambda i: f"模型「{title}」新增输入项「{i['label']}」",
        removed=lambda i: f"模型「{title}」删除输入项「{i['label']}」",
        changed=lambda a, b: _fields(
            f"模型「{title}」输入项「{b['label']}」的",
            a,
            b,
            {"label": "名称", "min": "最小值", "max": "最大值", "unit": "单位", "options": "选项", "help": "说明"},
        ),
    )
    if len(old.get("examples", [])) != len(new.get("examples", [])) or old.get("examples") != new.get("examples"):
        lines.append(f"模型「{title}」的工作示例已更新（现有 {len(new.get('examples', []))} 个）")
    return lines


def _namer(series: Series | None) -> Callable[[str], str]:
    """Level id → name, tolerant of ids the series no longer has."""

    def name(level_id: str) -> str:
        try:
            return f"「{series.level(level_id).name}」" if series else f"「{level_id}」"
        except KeyError:
            return f"「{level_id}」"

    return name


def _group_changes(title: str, old: Json, new: Json) -> list[str]:
    """A scoring group's formula, scale and items."""
    lines = _fields(
        f"模型「{title}」评分组「{new['label']}」的", old, new, {"formula": "计分方式", "scale": "折算系数"}
    )
    lines += _keyed(
        old["items"],
        new["items"],
        "id",
        added=lambda i: f"模型「{title}」新增评分项「{i['label']}」",
        removed=lambda i: f"模型「{title}」删除评分项「{i['label']}」",
        changed=lambda a, b: _item_changes(title, a, b),
    )
    return lines


def _item_changes(title: str, old: Json, new: Json) -> list[str]:
    """A scoring item's weight, point table, per-count points and cap."""
    prefix = f"模型「{title}」评分项「{new['label']}」的"
    lines = []
    for label, key, unit in (("权重", "weight", "%"), ("每项分值", "per", " 分"), ("上限", "cap", " 分")):
        a, b = old.get(key), new.get(key)
        if a != b:
            lines.append(f"{prefix}{label}从 {_short(a)}{unit if a is not None else ''} 改为 {_short(b)}{unit}")
    a_table, b_table = old.get("table") or {}, new.get("table") or {}
    for option in dict.fromkeys([*a_table, *b_table]):
        if a_table.get(option) != b_table.get(option):
            lines.append(
                f"{prefix}分值表「{option}」从 {_short(a_table.get(option))} 分改为 {_short(b_table.get(option))} 分"
            )
    lines += _fields(prefix, old, new, {"label": "名称", "text": "说明", "interpretation": "解读说明"})
    return lines


def _rule_changes(title: str, old: Json, new: Json, series: Series | None, labels: Labels) -> list[str]:
    """Review rules: levels covered, window, conditions and decision, compared in words."""
    if series is None or new.get("kind") != "review" or old.get("kind") != "review":
        return []
    try:
        before = {r.id: r for r in wording.rule_rows(Model.from_dict(old), series, labels)}
    except (KeyError, ValueError):
        before = {}
    after = {r.id: r for r in wording.rule_rows(Model.from_dict(new), series, labels)}
    lines = [
        f"模型「{title}」新增规则：{r.levels}，{r.window}，{r.conditions} → {r.decision}"
        for r in after.values()
        if r.id not in before
    ]
    lines += [f"模型「{title}」删除规则「{r.text or r.id}」" for r in before.values() if r.id not in after]
    for rule_id, a in before.items():
        b = after.get(rule_id)
        if b is None:
            continue
        for label, x, y in (
            ("适用职级", a.levels, b.levels),
            ("考察期", a.window, b.window),
            ("条件", a.conditions, b.conditions),
            ("决定", a.decision, b.decision),
        ):
            if x != y:
                lines.append(f"模型「{title}」规则「{b.text or b.id}」的{label}从「{x}」改为「{y}」")
    return lines


# ---------------------------------------------------------------- parameters and processes


def _parameter_changes(old: list[Json], new: list[Json]) -> list[str]:
    """Parameters added, removed, or with a new value."""

    def value(p: Json) -> str:
        return UNSET if p.get("value") is None else f"{_short(p.get('value'))}{p.get('unit', '')}"

    return _keyed(
        old,
        new,
        "id",
        added=lambda p: f"新增参数「{p['name']}」= {value(p)}",
        removed=lambda p: f"删除参数「{p['name']}」",
        changed=lambda a, b: (
            ([f"参数「{b['name']}」的值从 {value(a)} 改为 {value(b)}"] if value(a) != value(b) else [])
            + _fields(f"参数「{b['name']}」的", a, b, {"name": "名称", "source": "出处", "interpretation": "解读说明"})
        ),
    )


def _process_changes(old: list[Json], new: list[Json]) -> list[str]:
    """Processes added, removed, or with changed steps."""

    def steps(a: Json, b: Json) -> list[str]:
        lines = _fields(f"流程「{b['title']}」的", a, b, {"title": "名称", "period": "周期"})
        old_steps, new_steps = a["steps"], b["steps"]
        for index in range(max(len(old_steps), len(new_steps))):
            x = old_steps[index] if index < len(old_steps) else {}
            y = new_steps[index] if index < len(new_steps) else {}
            prefix = f"流程「{b['title']}」第 {index + 1} 步的"
            lines += _fields(prefix, x, y, {"deadline": "时限", "owner": "负责部门", "action": "工作内容"})
        return lines

    return _keyed(
        old,
        new,
        "id",
        added=lambda p: f"新增流程「{p['title']}」（{len(p['steps'])} 步）",
        removed=lambda p: f"删除流程「{p['title']}」",
        changed=steps,
    )


def page(renderer: Renderer, path: str, log: History) -> str:
    """Render the 标准变更记录 page into the renderer's pages; return its path."""
    version = renderer.handbook.version
    meta = {"title": "标准变更记录", "revision_date": version.date}
    return renderer.write(path, "changes.md.j2", meta, history=log, version=version.text())
