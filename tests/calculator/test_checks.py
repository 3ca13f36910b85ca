"""The engine's verdict on each checkable requirement of a level (the 自评与评审 page's `level_checks`):
held to the engine's own hard-condition check, to the source's wording, and never judged on a number
HR has not set."""

from __future__ import annotations

import json
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from calculator import browser, checks
from calculator.engine import adopted, failed_checks, variant
from calculator.inputs import coerce_each
from calculator.model import Input, Model, Param, Series
from tests.calculator.helpers import STANDARDS, models


def _value(spec: Input, series: Series) -> st.SearchStrategy[Any]:
    """Any valid value of a plain input, as the page would send it."""
    if spec.type == "boolean":
        return st.sampled_from(["true", "false"])
    if spec.type == "choice":
        return st.sampled_from([o.value for o in spec.options])
    if spec.type == "level":
        return st.sampled_from([lv.id for lv in series.levels])
    low = spec.min if spec.min is not None else 0
    high = spec.max if spec.max is not None else 100
    if spec.type == "integer":
        return st.integers(int(low), int(high)).map(str)
    return st.floats(low, high, allow_nan=False).map(lambda x: str(round(x, 2)))


def _graded_levels() -> list[tuple[str, str]]:
    """Every (model, level) whose level has requirements the model's inputs check, numbers all set."""
    found = []
    for model_id, (series, model) in sorted(models().items()):
        for level in series.levels:
            indexes = checks.checkable(model, level)
            if indexes and not any(
                isinstance(c.min, Param) or isinstance(c.max, Param)
                for i in indexes
                for c in level.requirements[i].checks
            ):
                found.append((model_id, level.id))
    return found


GRADED = _graded_levels()


@st.composite
def cases(draw: st.DrawFn) -> tuple[Series, Model, str, dict[str, Any]]:
    model_id, level_id = draw(st.sampled_from(GRADED))
    series, model = models()[model_id]
    specs = checks.checked_inputs(model, series.level(level_id))
    return series, model, level_id, {spec.key: draw(_value(spec, series)) for spec in specs}


def test_the_committed_standards_have_levels_to_grade_so() -> None:
    assert {model for model, _ in GRADED} >= {"cs-dept-grading", "cs-abc-eligibility", "sales-title-eligibility"}


@settings(max_examples=300, deadline=None)
@given(cases())
def test_unmet_requirements_are_exactly_those_the_engine_fails_as_hard_conditions(
    case: tuple[Series, Model, str, dict[str, Any]],
) -> None:
    series, model, level_id, raw = case
    answer = checks.level_checks(series, model, level_id, raw)
    assert answer["errors"] == []
    typed, problems = coerce_each([model.input(key) for key in raw], series, raw)
    assert problems == []
    here = variant(series, model, adopted(model))[0].level(level_id)
    failed = failed_checks(here, model, typed)  # "<requirement>（<input>须…，实际为…）", one per failing check
    unmet = {here.requirements[r["index"]].text for r in answer["requirements"] if r["state"] == "unmet"}
    assert unmet == {r.text for r in here.requirements if any(f.startswith(r.text + "（") for f in failed)}
    assert {r["state"] for r in answer["requirements"]} <= {"met", "unmet"}


def test_a_requirement_read_two_ways_gives_the_verdict_under_each_reading() -> None:
    # 三级销售助理工程师: 市场营销或相关专业大毕业四年以上 — “大毕业” read as 大专 (adopted) or 本科.
    series, model = models()["sales-title-eligibility"]
    raw = {"education": "大专", "major_related": "true", "years_since_graduation": "5"}
    (requirement,) = checks.level_checks(series, model, "assistant-engineer-3", raw)["requirements"]
    assert requirement["state"] == "met"
    (reading,) = requirement["readings"]
    assert reading["differs"] is True
    assert [(o["name"], o["adopted"], o["state"]) for o in reading["options"]] == [
        ("大专毕业四年以上", True, "met"),
        ("大学（本科）毕业四年以上", False, "unmet"),
    ]
    assert reading["options"][1]["words"] == "未达到：学历须本科及以上，实际为大专"


def test_readings_that_agree_are_still_listed_as_agreeing() -> None:
    # 中级客服: “至少6个月到1年以上” — 6 or 12 months; 18 months meets both.
    series, model = models()["cs-abc-eligibility"]
    (requirement,) = checks.level_checks(series, model, "cs-abc-b", {"experience_months": "18"})["requirements"]
    (reading,) = requirement["readings"]
    assert reading["differs"] is False and {o["state"] for o in reading["options"]} == {"met"}
    (requirement,) = checks.level_checks(series, model, "cs-abc-b", {"experience_months": "8"})["requirements"]
    assert requirement["words"] == "达到：客服从业经验：8 个月（须≥ 6 个月）"
    assert [o["state"] for o in requirement["readings"][0]["options"]] == ["met", "unmet"]


def test_a_number_hr_has_not_set_is_never_judged() -> None:
    series, model = models()["sales-rep-promotion"]
    raw = {
        "months_as_junior": "60",
        "quarter_attainment": "200",
        "consecutive_quarters": "4",
        "no_major_complaint": "true",
    }
    answer = checks.level_checks(series, model, "rep-intermediate", raw)
    states = [(r["text"], r["state"]) for r in answer["requirements"]]
    assert states == [
        ("在初级销售代表岗位任职至少[X]个月", "unset"),
        ("完成个人季度销售目标的[X]%以上，且连续两个季度保持该业绩水平", "unset"),
        ("客户满意度调查评分达到[X]分以上（满分[X]分），无重大客户投诉", "unset"),
    ]
    assert all("人力资源部尚未设定" in r["words"] for r in answer["requirements"])
    # …but a condition that fails on its own fails the requirement, whatever [X] will be
    raw["no_major_complaint"] = "false"
    third = checks.level_checks(series, model, "rep-intermediate", raw)["requirements"][2]
    assert third["state"] == "unmet" and third["words"] == "未达到：无重大客户投诉须是，实际为否"


def test_an_input_not_given_waits_even_where_the_calculator_has_a_default() -> None:
    """无重大客户投诉 defaults to 否 in the calculator; unanswered, the requirement is 待填写, not 未达到."""
    series, model = models()["sales-rep-promotion"]
    assert model.input("no_major_complaint").default is False
    answer = checks.level_checks(series, model, "rep-intermediate", {})
    third = answer["requirements"][2]
    assert [row["state"] for row in third["checks"]] == ["unset", "missing"]
    assert third["state"] == "unset" and third["rating"] == ""
    assert answer["counts"]["unmet"] == 0 and not answer["errors"]


def test_inputs_not_given_wait_and_bad_ones_get_a_message_naming_the_box() -> None:
    series, model = models()["cs-dept-grading"]
    answer = checks.level_checks(series, model, "assistant-2", {"education": "本科", "height": "一米七"})
    states = {r["text"]: r["state"] for r in answer["requirements"]}
    assert states == {
        "大专或本科": "met",
        "165cm以上、形象气质佳": "invalid",
        "三年至五年": "missing",
        "前台": "missing",
    }
    assert [e["input"] for e in answer["errors"]] == ["height"]
    assert answer["errors"][0]["message"].startswith("身高")
    assert answer["counts"] == {"met": 1, "unmet": 0, "missing": 2, "invalid": 1, "unset": 0}
    waiting = next(r for r in answer["requirements"] if r["text"] == "三年至五年")
    assert waiting["words"] == "待填写：工作经验"


def test_one_failing_condition_fails_a_requirement_of_two() -> None:
    series, model = models()["cs-dept-grading"]
    answer = checks.level_checks(series, model, "assistant-2", {"height": "163"})
    appearance = next(r for r in answer["requirements"] if r["text"] == "165cm以上、形象气质佳")
    assert appearance["state"] == "unmet" and appearance["words"] == "未达到：身高须≥ 165 cm，实际为163 cm"


def test_the_page_entry_point_answers_in_json_and_refuses_what_it_does_not_know() -> None:
    standards = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(STANDARDS.glob("*.yaml"))]
    browser.load(json.dumps({"standards": standards}))
    answer = json.loads(browser.level_checks("cs-abc-eligibility", "cs-abc-a", '{"experience_months": 40}'))
    assert [r["state"] for r in answer["requirements"]] == ["met"]
    assert "未知模型" in json.loads(browser.level_checks("nope", "cs-abc-a", "{}"))["errors"][0]["message"]
    assert "没有职级" in json.loads(browser.level_checks("cs-abc-eligibility", "nope", "{}"))["errors"][0]["message"]
    assert (
        "不是有效的 JSON"
        in json.loads(browser.level_checks("cs-abc-eligibility", "cs-abc-a", "{"))["errors"][0]["message"]
    )
    not_an_object = json.loads(browser.level_checks("cs-abc-eligibility", "cs-abc-a", "[1]"))
    assert not_an_object["errors"][0]["input"] == "inputs"


ANYTHING = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(GRADED),
    st.dictionaries(st.sampled_from(["education", "height", "experience_months", "x"]), ANYTHING),
)
def test_any_value_of_any_shape_gets_a_verdict_or_a_message_never_a_traceback(
    where: tuple[str, str], raw: dict[str, Any]
) -> None:
    series, model = models()[where[0]]
    answer = checks.level_checks(series, model, where[1], raw)
    assert {r["state"] for r in answer["requirements"]} <= set(checks.WORDS)
    assert all(isinstance(e["message"], str) and e["message"] for e in answer["errors"])
