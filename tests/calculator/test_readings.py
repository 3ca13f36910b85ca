"""What the source leaves open: unset parameters, readings graded side by side, tied titles, reachability."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from calculator import InputError, browser, grade, load_standard
from calculator.engine import needed_parameters
from calculator.model import UNSET, Param
from calculator.reach import unreachable

from .helpers import STANDARDS, TRIAL, models

JUNIOR = {
    "months_as_junior": 6,
    "quarter_attainment": 100,
    "consecutive_quarters": 2,
    "satisfaction_score": 80,
    "no_major_complaint": True,
}


def run(model_id: str, inputs: dict[str, Any], **options: Any) -> dict[str, Any]:
    series, model = models()[model_id]
    return grade(series, model, inputs, **options)


# ------------------------------------------------------------- unset parameters


def test_no_committed_parameter_has_a_value_the_source_does_not_give() -> None:
    data = yaml.safe_load((STANDARDS / "sales-promotion.yaml").read_text(encoding="utf-8"))
    assert data["parameters"] and all("value" not in p for p in data["parameters"])
    assert all("[X]" in p["source"] for p in data["parameters"])


def test_unset_parameters_give_no_verdict_and_name_what_is_missing() -> None:
    result = run("sales-rep-promotion", JUNIOR)
    assert result["outcome"] is None and result["next"] is None
    missing = [p["id"] for p in result["unset_parameters"]]
    assert missing == list(TRIAL)  # 满分 (junior-satisfaction-full) is a scale, no rule reads it
    assert "尚未由人力资源部设定" in result["rule"]["text"]


def test_trial_values_grade_and_are_marked_as_trial() -> None:
    result = run("sales-rep-promotion", JUNIOR, params=TRIAL)
    assert result["outcome"]["id"] == "rep-intermediate"
    assert "unset_parameters" not in result
    assert {p["id"]: p["value"] for p in result["parameters"]} == {k: float(v) for k, v in TRIAL.items()}
    assert result["notes"][0].startswith("本结论使用试算参数值")
    below = run("sales-rep-promotion", JUNIOR, params={**TRIAL, "junior-months": 6.5})
    assert below["outcome"]["id"] == "rep-junior"


def test_some_trial_values_are_not_enough() -> None:
    partial = {k: v for k, v in TRIAL.items() if k != "supervisor-attrition"}
    result = run("sales-rep-promotion", JUNIOR, params=partial)
    assert result["outcome"] is None
    assert [p["id"] for p in result["unset_parameters"]] == ["supervisor-attrition"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"no-such": 3}, "本模型没有这个参数"),
        ({"junior-months": "six"}, "应为数字"),
        ({"junior-months": float("nan")}, "应为数字"),
    ],
)
def test_bad_trial_values_are_input_errors(params: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError) as error:
        run("sales-rep-promotion", JUNIOR, params=params)
    assert message in str(error.value)


def test_once_hr_sets_the_values_everything_behaves_as_set() -> None:
    data = yaml.safe_load((STANDARDS / "sales-promotion.yaml").read_text(encoding="utf-8"))
    for parameter in data["parameters"]:
        parameter["value"] = TRIAL.get(parameter["id"], 100)
    (series,) = load_standard(data)
    (model,) = series.models
    assert needed_parameters(series, model) == []
    result = grade(series, model, JUNIOR)
    assert result["outcome"]["id"] == "rep-intermediate" and result["parameters"] == []
    with pytest.raises(InputError, match="已由人力资源部设定"):
        grade(series, model, JUNIOR, params={"junior-months": 3})


def test_an_unset_parameter_reads_as_x_to_be_set() -> None:
    series, _model = models()["sales-rep-promotion"]
    check = series.level("rep-intermediate").requirements[0].checks[0]
    assert isinstance(check.min, Param)
    assert f"≥ {check.min:g} 个月" == f"≥ {UNSET} 个月" and str(check.min) == "[X]（待人力资源部设定）"


# ------------------------------------------------------------- readings


def test_sales_centre_grouping_changes_the_verdict_and_says_so() -> None:
    quarters = [{"score": 70, "attainment": 90}, {"score": 90, "attainment": 70}]
    result = run("sales-center-review", {"level": "S11", "quarters": quarters})
    assert result["outcome"] == {"id": "keep", "name": "保持不变", "level": "S11"}
    (question,) = result["readings"]
    assert question["differs"]
    other = next(o for o in question["options"] if not o["adopted"])
    assert other["outcome"] == {"id": "demote", "name": "降一级", "level": "S10"}
    assert result["notes"][0].startswith("此结论取决于对原文的解读")
    forced = run("sales-center-review", {"level": "S11", "quarters": quarters}, reading=other["id"])
    assert forced["outcome"]["level"] == "S10"


def test_readings_that_agree_are_not_flagged() -> None:
    quarters = [{"score": 70, "attainment": 70}, {"score": 70, "attainment": 70}]
    result = run("sales-center-review", {"level": "S11", "quarters": quarters})
    assert result["outcome"]["level"] == "S10"
    assert not result["readings"][0]["differs"]
    assert not any(n.startswith("此结论取决于") for n in result["notes"])


def test_unknown_reading_is_an_input_error() -> None:
    with pytest.raises(InputError, match="未知解读"):
        run("cs-abc-eligibility", {"experience_months": 6}, reading="no-such")


@pytest.mark.parametrize(
    ("months", "adopted", "strict"),
    [
        (5.5, "cs-abc-c", "cs-abc-c"),
        (6, "cs-abc-b", "cs-abc-c"),
        (11.5, "cs-abc-b", "cs-abc-c"),
        (12, "cs-abc-b", "cs-abc-b"),
    ],
)
def test_six_months_or_one_year(months: float, adopted: str, strict: str) -> None:
    result = run("cs-abc-eligibility", {"experience_months": months})
    assert result["outcome"]["id"] == adopted
    options = {o["id"]: o["outcome"]["id"] for o in result["readings"][0]["options"]}
    assert options == {"b-six-months": adopted, "b-one-year": strict}
    assert result["readings"][0]["differs"] is (adopted != strict)


DEPT = {
    "education": "大专",
    "height": 170,
    "looks": "形象气质佳",
    "appearance": 5,
    "work_experience": "五年及以上",
    "experience": 5,
    "work_location": "两者均胜任",
    "certificates": 7,
    "performance_total": 88,
}


def test_hard_indicator_policies_side_by_side() -> None:
    result = run("cs-dept-grading", DEPT)
    assert result["score"] == 87 and result["outcome"]["id"] == "assistant-2"
    hard = next(q for q in result["readings"] if q["id"] == "hard")
    by_option = {o["id"]: (o["outcome"] or {}).get("id") for o in hard["options"]}
    assert by_option == {"hard-lower": "assistant-2", "hard-none": None, "hard-score-only": "assistant-4"}


def test_score_63_under_both_readings() -> None:
    inputs = dict(
        DEPT,
        height=160,
        looks="长相普通",
        appearance=2,
        work_experience="一年(含一年)",
        experience=1,
        work_location="粤点轩",
        certificates=0,
        performance_total=76,
    )
    result = run("cs-dept-grading", inputs)
    assert result["score"] == 63 and result["outcome"]["id"] == "assistant-63"
    band = next(q for q in result["readings"] if q["id"] == "band63")
    assert {o["id"]: o["outcome"]["id"] for o in band["options"]} == {
        "band63-upper": "assistant-63",
        "band63-lower": "assistant",
    }
    nudged = run("cs-dept-grading", dict(inputs, performance_total=76.5))  # 63.375: above 63 in both readings
    assert not next(q for q in nudged["readings"] if q["id"] == "band63")["differs"]


# ------------------------------------------------------------- tied titles, permissions, ends of a series


@pytest.mark.parametrize(
    ("years", "tied"),
    [(3, ["seller-4", "assistant-engineer-1"]), (4, ["assistant-engineer-2", "assistant-engineer-3"])],
)
def test_titles_the_source_does_not_separate_are_all_listed(years: int, tied: list[str]) -> None:
    result = run(
        "sales-title-eligibility", {"education": "大专", "major_related": True, "years_since_graduation": years}
    )
    assert [t["id"] for t in result["tied"]] == tied
    assert result["outcome"]["id"] == tied[-1]
    assert "原文未作区分" in result["rule"]["text"]


def test_bachelor_reading_separates_the_assistant_engineers() -> None:
    result = run("sales-title-eligibility", {"education": "本科", "major_related": True, "years_since_graduation": 4})
    assert [t["id"] for t in result["tied"]] == ["assistant-engineer-2", "assistant-engineer-3"]
    benke = next(o for o in result["readings"][0]["options"] if o["id"] == "dabiye-benke")
    assert benke["outcome"]["id"] == "assistant-engineer-3" and benke["tied"] is None


def test_permission_wording_and_probation_follow_up() -> None:
    assert run("cs-quarterly-review", {"monthly_scores": [81, 81, 81]})["outcome"] == {
        "id": "promote",
        "name": "可提升一级",
    }
    dismiss = run("cs-probation-review", {"probation_scores": [49.9]})
    assert dismiss["outcome"]["id"] == "dismiss" and "可劝其离职" in dismiss["outcome"]["name"]
    assert run("cs-probation-review", {"probation_scores": [50]})["outcome"]["id"] == "none"


def test_demotion_at_the_lowest_level_says_the_level_stays() -> None:
    result = run("sales-center-review", {"level": "S3", "quarters": [{"score": 60, "attainment": 60}]})
    assert result["outcome"]["level"] == "S3"
    assert "已是最低职级" in result["outcome"]["name"] and "降一级（" not in result["outcome"]["name"]


# ------------------------------------------------------------- reachability


def ladder(titles: list[tuple[str, int]]) -> dict[str, Any]:
    return {
        "series": [
            {
                "id": "s",
                "name": "s",
                "levels": [
                    {
                        "id": i,
                        "name": i,
                        "requirements": [{"kind": "x", "text": "t", "checks": [{"input": "y", "min": y}]}],
                    }
                    for i, y in titles
                ],
            }
        ],
        "models": [
            {
                "id": "m",
                "kind": "eligibility",
                "title": "m",
                "series": "s",
                "inputs": [{"key": "y", "type": "number", "min": 0, "max": 10}],
            }
        ],
    }


def test_reach_finds_a_title_overshadowed_by_the_next() -> None:
    (series,) = load_standard(ladder([("a", 1), ("b", 5), ("c", 3)]))
    assert unreachable(series, series.models[0]) == ["b"]  # whoever has 5 years also meets c's 3
    (fine,) = load_standard(ladder([("a", 1), ("b", 3), ("c", 5)]))
    assert unreachable(fine, fine.models[0]) == []


def test_every_committed_level_is_reachable() -> None:
    for series, model in models().values():
        if not needed_parameters(series, model):
            assert unreachable(series, model) == [], model.id


# ------------------------------------------------------------- the page's entry point


def test_browser_grades_with_trial_values_and_team_rows_carry_the_readings() -> None:
    bundle = {"standards": [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(STANDARDS.glob("*.yaml"))]}
    browser.load(json.dumps(bundle))
    unset = json.loads(browser.grade_json("sales-rep-promotion", json.dumps(JUNIOR)))
    assert unset["outcome"] is None and len(unset["unset_parameters"]) == len(TRIAL)
    trial = json.loads(browser.grade_json("sales-rep-promotion", json.dumps(JUNIOR), True, json.dumps(TRIAL)))
    assert trial["outcome"]["id"] == "rep-intermediate"
    described = json.loads(browser.describe("sales-rep-promotion"))
    assert [p["id"] for p in described["parameters"]] == list(TRIAL)
    table = {
        "header": ["当前职级", "季度考核数据（从早到晚）"],
        "rows": [["S11", '[{"score": 70, "attainment": 90}, {"score": 90, "attainment": 70}]']],
    }
    out = json.loads(browser.team_json("sales-center-review", json.dumps(table)))
    row = dict(zip(out["header"], out["rows"][0]["cells"], strict=True))
    assert row["定级结果"] == "保持不变"
    assert row["不同解读下的结论"] == "按「连续两季，每季考核分或达成率低于80」：降一级（S10）"
    titles = {"header": ["学历", "市场营销或相关专业", "毕业年限"], "rows": [["大专", "是", 3]]}
    out = json.loads(browser.team_json("sales-title-eligibility", json.dumps(titles)))
    row = dict(zip(out["header"], out["rows"][0]["cells"], strict=True))
    assert row["定级结果"] == "四级销售员 / 一级销售助理工程师（可量化条件相同，由评审认定）"


def test_team_rows_grade_with_the_pages_trial_values() -> None:
    bundle = {"standards": [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(STANDARDS.glob("*.yaml"))]}
    browser.load(json.dumps(bundle))
    table = {"header": list(JUNIOR), "rows": [[7, 100, 2, 90, "是"], [5, 100, 2, 90, "是"]]}
    unset = json.loads(browser.team_json("sales-rep-promotion", json.dumps(table)))
    assert [dict(zip(unset["header"], r["cells"], strict=True))["定级结果"] for r in unset["rows"]] == [
        "未给出结论（参数待人力资源部设定）"
    ] * 2
    assert unset["summary"] == [{"name": "未给出结论（参数待人力资源部设定）", "count": 2}]
    trial = json.loads(browser.team_json("sales-rep-promotion", json.dumps(table), json.dumps(TRIAL)))
    outcomes = [dict(zip(trial["header"], r["cells"], strict=True))["定级结果"] for r in trial["rows"]]
    assert outcomes == ["中级销售代表", "初级销售代表"]
