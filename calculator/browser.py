"""The one entry point for the page: JSON in, JSON out. No rules live here.

The page calls `load` once with the build-written bundle, `describe` for what it draws
(band edges, input labels, the list the chart plots) and `grade_json` on every change.
On a 自评与评审 page it calls `level_checks` for the requirements a model's inputs check.
For a team's file it calls `team_json` with the header (columns, notices), `team_rows`
for the rows in chunks and `team_summary` once at the end. Every number it shows comes
from these answers. JSON is read and written here only, once per call: the mapping of a
table is `calculator.team`, and the graded rows of the current file stay on this side.

May import: the standard library and the rest of `calculator`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from . import Series, calibration, checks, load_standard, team
from .engine import adopted, needed_parameters, variant
from .model import DECISIONS, Input, Model

_MODELS: dict[str, tuple[Series, Model]] = {}
_STANDARDS: dict[str, dict[str, Any]] = {}
_VERSION: dict[str, Any] = {}

# teamfile.duplicate_columns maps column names with these (it should read `calculator.team`)
_aliases = team.aliases
_target = team.target


def load(bundle_json: str) -> str:
    """Register every model of a build-written bundle; return their ids as JSON."""
    bundle = json.loads(bundle_json)
    _VERSION.clear()
    _VERSION.update(bundle.get("version") or {})
    for standard in bundle["standards"]:
        meta = standard.get("standard", {})
        for series in load_standard(standard):
            for model in series.models:
                _MODELS[model.id] = (series, model)
                _STANDARDS[model.id] = {"id": meta.get("id"), "title": meta.get("title")}
    return json.dumps(sorted(_MODELS))


def _dumps(data: Any) -> str:
    """JSON as the CLI prints it (Chinese kept readable)."""
    return json.dumps(data, ensure_ascii=False)


def _unknown(model_id: str) -> str:
    """The error answer for a model id the bundle does not have."""
    known = "、".join(sorted(_MODELS)) or "（规则尚未加载）"
    return _dumps({"errors": [{"input": "model", "message": f"未知模型 {model_id!r}；可用模型：{known}"}]})


# ---------------------------------------------------------------- one person


def grade_json(model_id: str, inputs_json: str, with_next: bool = True, params_json: str = "{}") -> str:
    """Grade one person; errors come back as {"errors": [{"input", "message"}]}.

    An error in one element of a list input also carries `index` (from 0) and, for records, `field`.
    `params_json` holds trial values for parameters HR has not set ({id: number}).
    """
    if model_id not in _MODELS:
        return _unknown(model_id)
    series, model = _MODELS[model_id]
    try:
        inputs = json.loads(inputs_json)
        params = _params(params_json)
    except json.JSONDecodeError as error:
        return _dumps({"errors": [{"input": "inputs", "message": f"不是有效的 JSON：{error.msg}"}]})
    result = team.answer(series, model, inputs, with_next=with_next, params=params)
    if "errors" not in result:
        result["tone"] = team.tone(result)  # good / neutral / bad for a review's decision: the page's colour and sign
    return _dumps(result)


def level_checks(model_id: str, level_id: str, inputs_json: str) -> str:
    """The engine's verdict on each requirement of a level that the model's inputs check (the 自评与评审
    page): {"level", "requirements": [{index, state, words, checks, readings}], "errors", "counts"}."""
    if model_id not in _MODELS:
        return _unknown(model_id)
    series, model = _MODELS[model_id]
    if level_id not in {level.id for level in series.levels}:
        return _dumps({"errors": [{"input": "level", "message": f"{series.name}没有职级 {level_id!r}"}]})
    try:
        inputs = json.loads(inputs_json)
    except json.JSONDecodeError as error:
        return _dumps({"errors": [{"input": "inputs", "message": f"不是有效的 JSON：{error.msg}"}]})
    return _dumps(checks.level_checks(series, model, level_id, inputs))


def _params(params_json: str) -> dict[str, Any]:
    """Trial values for unset parameters from JSON; anything but an object gives none."""
    params = json.loads(params_json or "{}")
    return params if isinstance(params, dict) else {}


# ---------------------------------------------------------------- what the page draws


def describe(model_id: str) -> str:
    """A model's inputs, levels, band edges and review thresholds, for labels and the chart.

    `list_input` is the key of the list input whose elements the review chart draws (None when there is none).
    """
    if model_id not in _MODELS:
        return _unknown(model_id)
    series, model = _MODELS[model_id]
    series, model = variant(series, model, adopted(model))
    return _dumps(
        {
            "id": model.id,
            "kind": model.kind,
            "title": model.title,
            "series": {"id": series.id, "name": series.name},
            "levels": [{"id": lv.id, "name": lv.name} for lv in series.levels],
            "bands": [
                {"level": b.level, "name": series.level(b.level).name, "min": b.min, "upper": _finite(b.upper)}
                for b in model.bands
            ],
            "thresholds": _thresholds(model),
            "inputs": [_input_entry(spec) for spec in model.inputs],
            "list_input": model.list_input or None,
            "outcomes": _outcomes(series, model),
            "parameters": [
                {"id": p.id, "name": p.name, "unit": p.unit, "source": p.source}
                for p in needed_parameters(series, model)
            ],
            "readings": [
                {
                    "id": q.id,
                    "question": q.text,
                    "source": q.source,
                    "options": [{"id": o.id, "name": o.name, "text": o.text, "adopted": o.adopted} for o in q.options],
                }
                for q in model.questions
            ],
            "standard": _STANDARDS.get(model.id, {}),
            "version": dict(_VERSION),
        }
    )


def _outcomes(series: Series, model: Model) -> list[str]:
    """The outcomes a model can give, best first: decisions by rank, bands by score, titles from the top."""
    if model.kind == "review":
        decisions = {rule.decision for rule in model.rules} | {model.otherwise}
        return sorted(decisions, key=lambda d: -DECISIONS[d][1])
    if model.kind == "scoring":
        return [b.level for b in sorted(model.bands, key=lambda b: b.min, reverse=True)]
    return [lv.id for lv in reversed(series.levels)]


def _finite(value: float) -> float | None:
    """A band edge for JSON: None for an open top."""
    return None if value == float("inf") else value


def _thresholds(model: Model) -> list[dict[str, Any]]:
    """Each bound of each review condition: the lines the review chart draws."""
    return [
        {"rule": rule.id, "text": rule.text or rule.id, "field": c.field, "op": op, "value": value}
        for rule in model.rules
        for c in rule.conditions
        for op, value in (("gt", c.gt), ("ge", c.ge), ("lt", c.lt), ("le", c.le))
        if value is not None
    ]


def _input_entry(spec: Input) -> dict[str, Any]:
    """One input as the page needs it."""
    return {
        "key": spec.key,
        "label": spec.label,
        "type": spec.type,
        "unit": spec.unit,
        "min": spec.min,
        "max": spec.max,
        "fields": [{"key": f.key, "label": f.label, "unit": f.unit, "min": f.min, "max": f.max} for f in spec.fields],
        "min_items": spec.min_items,
        "max_items": spec.max_items,
    }


# ---------------------------------------------------------------- team mode


@dataclass
class _File:
    """The team file being graded: its model, what each column gives, and the rows graded so far."""

    series: Series
    model: Model
    header: list[str]
    columns: team.Targets
    params: dict[str, Any]
    rows: list[dict[str, Any]] = field(default_factory=list)
    graded: list[calibration.Graded] = field(default_factory=list)  # who, row, verdict: what calibration reads
    name: str = ""  # the file's name, as the page shows it


_FILE: _File | None = None  # the current file: a new `team_json` replaces it
_BEFORE: _File | None = None  # the file kept to compare the next one with (上一季度), until forgotten


def team_template(model_id: str) -> str:
    """Column headers of an empty team file for a model, by Chinese label."""
    if model_id not in _MODELS:
        return _unknown(model_id)
    return _dumps(team.template(_MODELS[model_id][1]))


def team_json(model_id: str, table_json: str, params_json: str = "{}") -> str:
    """Grade a table of people and keep it as the current file: its header, notices, rows and summary.

    Columns are named by input key or Chinese label. A list input takes either one
    column holding JSON (`[80, 85, 90]`, `[{"score": 80, "attainment": 95}]`) or
    numbers separated by commas, or one column per element named `KEY.N` (N from 1,
    oldest first) and, for records, `KEY.N.FIELD`. Key, label and field label all work.
    `numbers` (optional, as `teamfile` reads them) are the rows' numbers in the file, blank rows counted;
    without them the rows are numbered 2, 3, … (the header is row 1).

    The page sends the header with no rows, then the rows through `team_rows`, so that
    it repaints between chunks, and asks `team_summary` once at the end.
    """
    if model_id not in _MODELS:
        return _unknown(model_id)
    series, model = _MODELS[model_id]
    table = json.loads(table_json)
    params = _params(params_json)
    header = [str(h).strip() for h in table["header"]]
    columns = team.targets(model, header)
    head = team.table_head(model, header, columns)
    global _FILE
    _FILE = current = _File(series, model, header, columns, params)
    rows = _grade(current, table["rows"], table.get("numbers"))
    return _dumps({**head, "rows": rows, "summary": team.summary(current.rows)})


def team_rows(rows_json: str) -> str:
    """Grade more rows of the current file: {"rows": [one result row each]}.

    The rows come as a list, or as {"rows": [...], "numbers": [...]} with their numbers in the file.
    """
    if _FILE is None:
        return _no_file()
    given = json.loads(rows_json)
    if isinstance(given, dict):
        return _dumps({"rows": _grade(_FILE, given["rows"], given.get("numbers"))})
    return _dumps({"rows": _grade(_FILE, given)})


def team_summary() -> str:
    """How many rows of the current file reached each outcome, errors last: {"rows": N, "summary": [...]}."""
    if _FILE is None:
        return _no_file()
    rows = _FILE.rows
    return _dumps({"rows": len(rows), "summary": team.summary(rows)})


def team_forget() -> None:
    """Drop the current file, its results and the file kept to compare with ("忘记此页输入", or leaving the page)."""
    global _FILE, _BEFORE
    _FILE = None
    _BEFORE = None


def _grade(file: _File, rows: list[list[Any]], numbers: list[int] | None = None) -> list[dict[str, Any]]:
    """Grade rows of a file and keep them with it."""
    results: list[dict[str, Any]] = []
    graded = team.grade_rows(
        file.series,
        file.model,
        file.columns,
        rows,
        file.params,
        header=file.header,
        numbers=numbers,
        first=2 + len(file.rows),
        results=results,
    )
    identity = team.identity_columns(file.header, file.columns)
    for raw, row, result in zip(rows, graded, results, strict=True):
        who = " ".join(str(raw[i]).strip() for i in identity if i < len(raw) and str(raw[i] or "").strip())
        kept = None if result.get("errors") else {k: result.get(k) for k in ("outcome", "rule", "inputs")}
        file.graded.append(calibration.Graded(who, int(row["cells"][0]), kept))
    file.rows += graded
    return graded


def team_calibration(name: str = "") -> str:
    """The calibration view of the current file: the distribution per outcome, who is one smallest change
    from a better or a worse outcome, who a review moves down, and, when a file was kept to compare with
    (`team_keep`), who moved up or down since, with the deciding rules. Each list also comes as a table
    for the downloads."""
    if _FILE is None:
        return _no_file()
    if name:
        _FILE.name = name
    file = _FILE
    lists = calibration.watch_lists(file.series, file.model, file.graded, file.params)
    answer: dict[str, Any] = {
        "named": any(person.who for person in file.graded),
        "review": file.model.kind == "review",  # a review's verdict can move people down: its list is shown
        "distribution": calibration.distribution(file.series, file.model, file.graded),
        **lists,
        "before": None,
        "compare": None,
    }
    if _BEFORE is not None and _BEFORE.model.id == file.model.id:
        answer["before"] = _BEFORE.name or "上一个文件"
        answer["compare"] = calibration.compare(file.series, file.model, _BEFORE.graded, file.graded)
    answer["tables"] = calibration.tables(answer)
    return _dumps(answer)


def team_keep() -> str:
    """Keep the current file to compare the next one with: {"kept": its name, "rows": N}."""
    global _BEFORE
    if _FILE is None:
        return _no_file()
    _BEFORE = _FILE
    return _dumps({"kept": _FILE.name or "上一个文件", "rows": len(_FILE.graded)})


def _no_file() -> str:
    """The error answer when no team file is being graded."""
    return _dumps({"errors": [{"input": "table", "message": "没有正在定级的团队文件：请重新选择文件。"}]})
