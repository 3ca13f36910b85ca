"""A review result names the window the deciding rule looks at and the statistic it compares (the chart draws them)."""

from __future__ import annotations

from typing import Any

import pytest

from calculator import grade

from .helpers import models


def run(model_id: str, **inputs: Any) -> dict[str, Any]:
    series, model = models()[model_id]
    return grade(series, model, inputs)


@pytest.mark.parametrize(
    ("scores", "rule", "mean"),
    [
        ([85, 70, 80], "keep", 78.333333),
        ([80, 80, 81], "promote", 80.333333),
        ([40, 50, 55], "demote-probation", 48.333333),
        ([69, 70, 70], "demote", 69.666667),
    ],
)
def test_quarterly_window_is_three_months_and_their_mean(scores: list[float], rule: str, mean: float) -> None:
    result = run("cs-quarterly-review", monthly_scores=scores)
    window = result["window"]
    assert window["rule"] == result["rule"]["id"] == rule
    assert window["decided"] is True
    assert (window["start"], window["size"]) == (0, 3)
    (statistic,) = window["statistics"]
    assert statistic["stat"] == "mean" and statistic["field"] is None
    assert statistic["value"] == pytest.approx(mean) == pytest.approx(sum(scores) / 3)
    assert statistic["met"] is True
    # the bounds are the rule's own: the deciding rule's row of the breakdown has the same value
    row = next(r for r in result["breakdown"] if r["rule"] == rule)
    assert row["value"] == statistic["value"]
    assert statistic["bounds"]


def test_quarterly_review_bounds_are_the_rules() -> None:
    keep = run("cs-quarterly-review", monthly_scores=[75, 75, 75])["window"]["statistics"][0]["bounds"]
    assert keep == [{"op": "ge", "value": 70}, {"op": "le", "value": 80}]
    promote = run("cs-quarterly-review", monthly_scores=[90, 90, 90])["window"]["statistics"][0]["bounds"]
    assert promote == [{"op": "gt", "value": 80}]


def test_window_is_the_latest_periods_of_a_longer_list() -> None:
    quarters = [{"score": 50, "attainment": 50}, {"score": 70, "attainment": 90}, {"score": 75, "attainment": 79}]
    result = run("sales-center-review", level="S11", quarters=quarters)
    window = result["window"]
    assert result["outcome"]["id"] == "demote"
    assert (window["start"], window["size"]) == (1, 2)
    by_field = {s["field"]: s for s in window["statistics"]}
    assert by_field["score"]["stat"] == "every" and by_field["score"]["value"] is None
    assert by_field["score"]["periods"] == [True, True] and by_field["score"]["met"] is True
    assert by_field["attainment"]["stat"] == "mean"
    assert by_field["attainment"]["value"] == pytest.approx((90 + 79) / 2)
    assert by_field["attainment"]["met"] is False


def test_no_rule_decides_the_window_is_the_rule_checked() -> None:
    quarters = [{"score": 70, "attainment": 90}, {"score": 85, "attainment": 90}]
    result = run("sales-center-review", level="S11", quarters=quarters)
    window = result["window"]
    assert result["outcome"]["id"] == "keep" and result["rule"]["id"] is None
    assert window["decided"] is False and window["rule"] == "s10-s12"
    score = next(s for s in window["statistics"] if s["field"] == "score")
    assert score["periods"] == [True, False] and score["met"] is False


def test_one_quarter_rule_looks_at_the_last_quarter_only() -> None:
    quarters = [{"score": 60, "attainment": 60}, {"score": 90, "attainment": 79}]
    window = run("sales-center-review", level="S5", quarters=quarters)["window"]
    assert (window["start"], window["size"]) == (1, 1)
    assert next(s for s in window["statistics"] if s["field"] == "attainment")["value"] == 79


def test_no_rule_covers_the_level_no_window() -> None:
    result = run("sales-center-review", level="S13", quarters=[{"score": 50, "attainment": 50}])
    assert result["window"] is None


def test_each_quarter_reading_gives_one_statistic_per_part() -> None:
    series, model = models()["sales-center-review"]
    quarters = [{"score": 90, "attainment": 70}, {"score": 70, "attainment": 90}]
    result = grade(series, model, {"level": "S11", "quarters": quarters}, reading="s10-each-quarter")
    window = result["window"]
    assert window["rule"] == "s10-s12-each"
    assert [s["field"] for s in window["statistics"]] == ["score", "attainment"]
    assert {s["condition"] for s in window["statistics"]} == {0}
    assert all(s["periods"] == [True, True] and s["met"] for s in window["statistics"])
