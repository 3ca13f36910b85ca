"""The calibration lists of a graded team (review round, 校准), held against the CLI's verdicts."""

from __future__ import annotations

import json

from calculator.calibration import Graded, compare, distribution, one_step, outcomes, watch_lists
from devtools.cli import competency
from tests.helpers import engine, models

REVIEW = "cs-quarterly-review"
TEAM = {  # who: monthly scores; the review: mean > 80 promotes, 70-80 keeps, 50-70 demotes, < 50 on probation
    "甲": [70, 70, 70],  # keeps; 0.5 less in one month moves the mean below 70: at risk
    "乙": [80, 80, 80],  # keeps; 0.5 more moves the mean above 80: near promotion
    "丙": [60, 60, 60],  # demoted
    "丁": [75, 75, 75],  # keeps, far from both edges
    "戊": [90, 95, 100],  # promoted
}


def team(scores: dict[str, list[float]]) -> list[Graded]:
    return [
        Graded(who, row, engine(REVIEW, {"monthly_scores": values}))
        for row, (who, values) in enumerate(scores.items(), start=2)
    ]


def cli(model: str, **inputs: object) -> dict:
    arguments = [f"--set={key}={json.dumps(value)}" for key, value in inputs.items()]
    done = competency("grade", model, *arguments, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_distribution_counts_every_outcome_in_order_and_errors_last() -> None:
    series, model = models()[REVIEW]
    people = [*team(TEAM), Graded("己", 7, None)]
    rows = distribution(series, model, people)
    assert [(r["outcome"]["name"] if r["outcome"] else None, r["count"]) for r in rows] == [
        ("降一级并进入试用期", 0),
        ("降一级", 1),
        ("保持不变", 3),
        ("可提升一级", 1),  # the source's words for this model's promotion
        (None, 1),
    ]
    assert sum(r["count"] for r in rows) == len(people)


def test_one_smallest_change_is_the_engines_verdict_on_the_changed_inputs() -> None:
    series, model = models()[REVIEW]
    lists = watch_lists(series, model, team(TEAM))
    assert [(e["who"], e["change"]["outcome"]["name"]) for e in lists["risk"]] == [("甲", "降一级")]
    assert [(e["who"], e["change"]["outcome"]["name"]) for e in lists["near"]] == [("乙", "可提升一级")]
    assert [e["who"] for e in lists["down"]] == ["丙"]
    for entry in lists["risk"] + lists["near"]:
        change, scores = entry["change"], list(TEAM[entry["who"]])
        month = int(change["label"].split("第 ")[1].split(" 项")[0]) - 1
        assert change["from"] == f"{scores[month]:g} 分"
        scores[month] = float(change["to"].removesuffix(" 分"))
        assert abs(scores[month] - TEAM[entry["who"]][month]) == 0.5  # one smallest change, no more
        assert cli(REVIEW, monthly_scores=scores)["outcome"] == change["outcome"]


def test_far_from_every_edge_nothing_is_one_step_away() -> None:
    series, model = models()[REVIEW]
    assert one_step(series, model, engine(REVIEW, {"monthly_scores": [75, 75, 75]})) == {"better": [], "worse": []}


def test_a_scoring_model_lists_the_levels_it_places_and_the_steps_reach_neighbouring_bands() -> None:
    series, model = models()["cs-staff-rating"]
    assert [name for _id, name in outcomes(series, model)] == [lv.name for lv in series.levels]
    inputs = {"knowledge_skills": 60, "communication": 60, "teamwork": 60, "efficiency": 60, "satisfaction": 60}
    steps = one_step(series, model, engine("cs-staff-rating", inputs))
    for change in steps["better"] + steps["worse"]:
        key = next(s.key for s in model.inputs if s.label == change["label"])
        moved = {**inputs, key: float(change["to"].split()[0])}
        assert cli("cs-staff-rating", **moved)["outcome"] == change["outcome"]


def test_two_quarters_compare_person_by_person_with_the_deciding_rules() -> None:
    series, model = models()[REVIEW]
    before = team(TEAM)
    after = team({"甲": [60, 60, 60], "乙": [85, 85, 85], "丁": [75, 75, 75], "庚": [75, 75, 75], "戊": [1, 1, 1]})
    after.append(Graded("戊", 9, None))  # 戊 twice in this quarter's file: cannot be matched
    compared = compare(series, model, before, after)
    assert [(m["who"], m["before"]["name"], m["after"]["name"]) for m in compared["down"]] == [
        ("甲", "保持不变", "降一级")
    ]
    assert [(m["who"], m["after_rule"]) for m in compared["up"]] == [("乙", "三个月内的平均绩效高于80分可提升一级")]
    assert compared["same"] == 1  # 丁
    assert compared["only_before"] == ["丙"] and compared["only_after"] == ["庚"]
    assert compared["ambiguous"] == ["戊"]
