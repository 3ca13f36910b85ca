"""`competency grade` with parameters HR has not set, readings of the source and tied titles."""

from __future__ import annotations

import json
from typing import Any

from devtools.cli import competency
from tests.calculator.helpers import TRIAL

JUNIOR = ["--set", "months_as_junior=7", "--set", "quarter_attainment=100", "--set", "consecutive_quarters=2"]
JUNIOR += ["--set", "satisfaction_score=90", "--set", "no_major_complaint=是"]


def params(values: dict[str, Any]) -> list[str]:
    return [arg for key, value in values.items() for arg in ("--param", f"{key}={value}")]


def test_unset_parameters_exit_0_with_no_outcome_and_the_list() -> None:
    result = competency("grade", "sales-rep-promotion", *JUNIOR, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["outcome"] is None
    assert [p["id"] for p in data["unset_parameters"]] == list(TRIAL)
    assert "warning" not in result.stderr  # grade names what is missing in its result, not as warnings
    human = competency("grade", "sales-rep-promotion", *JUNIOR)
    assert human.returncode == 0 and "不给出结论" in human.stdout and "--param junior-months=数值" in human.stdout


def test_with_every_parameter_given_it_grades_as_a_trial() -> None:
    result = competency("grade", "sales-rep-promotion", *JUNIOR, *params(TRIAL), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["outcome"]["id"] == "rep-intermediate"
    assert all(p["trial"] for p in data["parameters"])
    stricter = competency("grade", "sales-rep-promotion", *JUNIOR, *params({**TRIAL, "junior-months": 8}), "--json")
    assert json.loads(stricter.stdout)["outcome"]["id"] == "rep-junior"
    human = competency("grade", "sales-rep-promotion", *JUNIOR, *params(TRIAL))
    assert "（试算）" in human.stdout


def test_bad_parameters_exit_2_with_one_line_each() -> None:
    result = competency("grade", "sales-rep-promotion", *JUNIOR, "--param", "junior-months=abc", "--param", "nope=1")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and "Traceback" not in result.stderr
    assert "应为数字" in lines[0] and "本模型没有这个参数" in lines[1]
    assert competency("grade", "sales-rep-promotion", "--param", "no-equals").returncode == 2


QUARTERS = 'quarters=[{"score": 70, "attainment": 90}, {"score": 90, "attainment": 70}]'


def test_a_verdict_that_depends_on_the_reading_shows_each() -> None:
    human = competency("grade", "sales-center-review", "--set", "level=S11", "--set", QUARTERS)
    assert human.returncode == 0
    assert "此结论取决于对原文的解读" in human.stdout
    assert "（本手册采用）：保持不变（S11）" in human.stdout and "：降一级（S10）" in human.stdout
    forced = competency(
        "grade",
        "sales-center-review",
        "--set",
        "level=S11",
        "--set",
        QUARTERS,
        "--reading",
        "s10-each-quarter",
        "--json",
    )
    assert json.loads(forced.stdout)["outcome"]["level"] == "S10"
    unknown = competency("grade", "sales-center-review", "--set", "level=S11", "--set", QUARTERS, "--reading", "x")
    assert unknown.returncode == 2 and "未知解读" in unknown.stderr


def test_tied_titles_are_named_together() -> None:
    args = ["--set", "education=大专", "--set", "major_related=是", "--set", "years_since_graduation=3"]
    human = competency("grade", "sales-title-eligibility", *args)
    assert "结果：最高可申报 四级销售员 / 一级销售助理工程师" in human.stdout
