"""Calibration of a graded team: who got what, who is one smallest change from a better or a worse outcome,
and how two files (last quarter, this quarter) compare, per person.

The review round's calibration view (评审校准). Pure functions over the engine's own results:
every verdict, and every "one change away", is the engine's, under the adopted reading and the
trial parameters the team was graded with. A person is who a team file's identity columns say
(姓名, 工号 …); without them, two files cannot be compared and the answer says so.

May import: the standard library and the rest of `calculator`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .engine import _candidates, _variables, _with, adopted, bind, evaluate, rank, trial_parameters, variant
from .model import DECISIONS, Input, Model, Series
from .words import num

Result = dict[str, Any]


@dataclass(frozen=True)
class Graded:
    """One row of a graded team file: whose it is, its row in the file, and the engine's result (None: an error)."""

    who: str
    row: int
    result: Result | None


def distribution(series: Series, model: Model, people: list[Graded]) -> list[dict[str, Any]]:
    """How many people reached each outcome, in the model's order from the lowest, rows with errors last.

    Every outcome the model can give is listed, with 0 where nobody reached it, so two quarters
    line up; rows that could not be graded, or got no verdict, are counted apart.
    """
    counts: dict[str | None, int] = {}
    names: dict[str | None, str] = {}
    for person in people:
        outcome = person.result["outcome"] if person.result else None
        key = outcome["id"] if outcome else None
        counts[key] = counts.get(key, 0) + 1
        if outcome:
            names[key] = outcome["name"]
    total = max(len(people), 1)
    rows = [
        {
            "outcome": {"id": key, "name": names.get(key, name)},
            "count": counts.get(key, 0),
            "share": counts.get(key, 0) / total,
        }
        for key, name in outcomes(series, model)
    ]
    known = {key for key, _ in outcomes(series, model)}
    rows += [
        {"outcome": {"id": key, "name": names[key]}, "count": n, "share": n / total}
        for key, n in counts.items()
        if key is not None and key not in known
    ]
    if counts.get(None):
        rows.append({"outcome": None, "count": counts[None], "share": counts[None] / total})
    return rows


def outcomes(series: Series, model: Model) -> list[tuple[str, str]]:
    """The outcomes a model gives, worst first: levels in series order, or a review's decisions."""
    if model.kind == "review":
        words = {rule.decision: rule.wording for rule in reversed(model.rules) if rule.wording}
        used = {rule.decision for rule in model.rules} | {model.otherwise}
        ordered = sorted((d for d in used if d in DECISIONS and d != "none"), key=lambda d: DECISIONS[d][1])
        return [(d, words.get(d) or DECISIONS[d][0]) for d in ordered]
    placed = {band.level for band in model.bands} | set(model.titles)
    levels = [lv for lv in series.levels if lv.id in placed] or list(series.levels)
    return [(lv.id, lv.name) for lv in levels]


def one_step(series: Series, model: Model, result: Result, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """What one smallest change of a single input does: the better outcomes it reaches, and the worse.

    The smallest change is the input's own resolution (its `step`, else 1 for whole numbers and
    0.5 otherwise), the next option of a choice, or the other answer of a yes/no. Both lists are
    the engine's verdicts on the changed inputs, each with the change, nearest outcome first.
    """
    empty: dict[str, Any] = {"better": [], "worse": []}
    if result.get("outcome") is None or "inputs" not in result:
        return empty
    trial = trial_parameters(model, params or {})
    bound_series, bound_model = bind(series, model, trial)
    here_series, here_model = variant(bound_series, bound_model, adopted(bound_model))
    values = result["inputs"]
    current = rank(here_series, here_model, result)
    found: dict[str, list[dict[str, Any]]] = {"better": [], "worse": []}
    for path, spec, value in _variables(here_model, values):
        for direction in (1, -1):
            nearest = _candidates(spec, value, direction)
            if not nearest:
                continue
            changed = evaluate(here_series, here_model, _with(values, path, nearest[0]))
            after = rank(here_series, here_model, changed)
            if after != current and changed["outcome"] is not None:
                side = "better" if after > current else "worse"
                found[side].append(
                    {
                        "label": _label(here_model, path, spec),
                        "from": _text(spec, value),
                        "to": _text(spec, nearest[0]),
                        "outcome": changed["outcome"],
                        "_rank": abs(after - current),
                    }
                )
    for changes in found.values():
        changes.sort(key=lambda change: change.pop("_rank"))
    return found


def _label(model: Model, path: tuple[Any, ...], spec: Input) -> str:
    """The input's name as the form shows it: 近三个月月度绩效第 2 项 / …第 2 项的得分."""
    top = next(s for s in model.inputs if s.key == path[0])
    if len(path) == 1:
        return top.label
    label = f"{top.label}第 {path[1] + 1} 项"
    return f"{label}的{spec.label}" if len(path) == 3 else label


def _text(spec: Input, value: Any) -> str:
    """A value as people read it: 79.5 分, 是/否, an option."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        return f"{num(value)}{(' ' + spec.unit) if spec.unit else ''}"
    return str(value)


def demoted(model: Model, result: Result | None) -> bool:
    """Whether a review's verdict moves the person down (降一级, 降一级并进入试用期, 劝退)."""
    outcome = result["outcome"] if result else None
    keep = DECISIONS["keep"][1]
    return model.kind == "review" and outcome is not None and DECISIONS.get(outcome["id"], ("", keep, 0))[1] < keep


def watch_lists(
    series: Series, model: Model, people: list[Graded], params: dict[str, Any] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The calibration lists: who is one smallest change from a better outcome ("near"), who from a worse
    one ("risk"), and, for a review, who is moved down by this verdict ("down")."""
    lists: dict[str, list[dict[str, Any]]] = {"near": [], "risk": [], "down": []}
    for person in people:
        if person.result is None or person.result.get("outcome") is None:
            continue
        entry = {"who": person.who, "row": person.row, "outcome": person.result["outcome"]}
        if demoted(model, person.result):
            lists["down"].append({**entry, "rule": person.result["rule"]["text"]})
        steps = one_step(series, model, person.result, params)
        if steps["better"]:
            lists["near"].append({**entry, "change": steps["better"][0]})
        if steps["worse"]:
            lists["risk"].append({**entry, "change": steps["worse"][0]})
    return lists


def compare(series: Series, model: Model, before: list[Graded], after: list[Graded]) -> dict[str, Any]:
    """Last quarter's file against this quarter's, person by person (matched by who they are).

    "up" and "down" carry both verdicts and the rule that decided each; a name that appears twice
    in one file cannot be matched and is listed under "ambiguous"; "only_before"/"only_after" are
    people in one file only; rows without a verdict in either file are "ungraded".
    """
    first, twice_first = _by_person(before)
    second, twice_second = _by_person(after)
    moved: dict[str, list[dict[str, Any]]] = {"up": [], "down": []}
    same = 0
    ungraded: list[str] = []
    for who in [w for w in second if w in first]:
        old, new = first[who], second[who]
        if not (old.result and new.result and old.result.get("outcome") and new.result.get("outcome")):
            ungraded.append(who)
            continue
        change = rank(series, model, new.result) - rank(series, model, old.result)
        if change == 0:
            same += 1
            continue
        moved["up" if change > 0 else "down"].append(
            {
                "who": who,
                "rows": [old.row, new.row],
                "before": old.result["outcome"],
                "after": new.result["outcome"],
                "before_rule": old.result["rule"]["text"],
                "after_rule": new.result["rule"]["text"],
            }
        )
    return {
        **moved,
        "same": same,
        "ungraded": ungraded,
        "only_before": [w for w in first if w not in second and w not in twice_second],
        "only_after": [w for w in second if w not in first and w not in twice_first],
        "ambiguous": sorted(twice_first | twice_second),
    }


def _by_person(people: list[Graded]) -> tuple[dict[str, Graded], set[str]]:
    """People by who they are (blank names left out); names that appear twice are set apart."""
    found: dict[str, Graded] = {}
    twice: set[str] = set()
    for person in people:
        who = person.who.strip()
        if not who:
            continue
        if who in found:
            twice.add(who)
        found[who] = person
    for who in twice:
        del found[who]
    return found, twice


TITLES = {
    "distribution": "各结果人数",
    "near": "再改变一处即可得到更好结果",
    "risk": "再变差一处就会得到更差结果",
    "down": "本次被降级",
    "compare": "与上一季度相比",
}


def tables(answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each calibration list as a table ({title, header, rows}) for the downloads, in Chinese."""

    def change_rows(entries: list[dict[str, Any]]) -> list[list[Any]]:
        return [
            [
                e["row"],
                e["who"],
                e["outcome"]["name"],
                e["change"]["label"],
                e["change"]["from"],
                e["change"]["to"],
                e["change"]["outcome"]["name"],
            ]
            for e in entries
        ]

    found = {
        "distribution": {
            "header": ["结果", "人数", "占比"],
            "rows": [
                [row["outcome"]["name"] if row["outcome"] else "有错误或无结论", row["count"], f"{row['share']:.1%}"]
                for row in answer["distribution"]
            ],
        },
        "near": {
            "header": ["行号", "被评人", "当前结果", "改变的输入项", "现为", "改为", "即可得到"],
            "rows": change_rows(answer["near"]),
        },
        "risk": {
            "header": ["行号", "被评人", "当前结果", "改变的输入项", "现为", "改为", "就会变为"],
            "rows": change_rows(answer["risk"]),
        },
        "down": {
            "header": ["行号", "被评人", "结果", "依据"],
            "rows": [[e["row"], e["who"], e["outcome"]["name"], e["rule"]] for e in answer["down"]],
        },
    }
    compared = answer.get("compare")
    if compared:
        found["compare"] = {
            "header": ["被评人", "变化", "上一季度结果", "本季度结果", "上一季度依据", "本季度依据"],
            "rows": [
                [m["who"], word, m["before"]["name"], m["after"]["name"], m["before_rule"], m["after_rule"]]
                for key, word in (("up", "上升"), ("down", "下降"))
                for m in compared[key]
            ],
        }
    return {key: {"title": TITLES[key], **table} for key, table in found.items()}
