"""The engine on every rule kind, at band edges, and with bad inputs."""

from __future__ import annotations

from typing import Any

import pytest

from calculator import InputError, grade
from calculator.model import Series

from .helpers import models


def run(model_id: str, **inputs: Any) -> dict[str, Any]:
    series, model = models()[model_id]
    return grade(series, model, inputs)


def staff(**overrides: float) -> dict[str, Any]:
    inputs = dict(knowledge_skills=70, communication=70, teamwork=70, efficiency=70, satisfaction=70)
    inputs.update(overrides)
    return run("cs-staff-rating", **inputs)


# ------------------------------------------------------------- weighted scoring


@pytest.mark.parametrize(
    ("score", "grade_name"),
    [
        (59, None),
        (60, "初级客户服务人员"),
        (69.9, "初级客户服务人员"),
        (70, "中级客户服务人员"),
        (79.9, "中级客户服务人员"),
        (80, "高级客户服务人员"),
        (89.9, "高级客户服务人员"),
        (90, "优秀客户服务人员"),
        (100, "优秀客户服务人员"),
    ],
)
def test_staff_rating_band_edges(score: float, grade_name: str | None) -> None:
    result = staff(knowledge_skills=score, communication=score, teamwork=score, efficiency=score, satisfaction=score)
    assert result["score"] == pytest.approx(score)
    assert (result["outcome"] or {}).get("name") == grade_name


def test_staff_rating_weights_and_breakdown() -> None:
    result = staff(knowledge_skills=100, communication=0, teamwork=0, efficiency=0, satisfaction=0)
    assert result["score"] == 30
    contributions = {row["item"]: row["contribution"] for row in result["breakdown"]}
    assert contributions == {
        "knowledge_skills": 30,
        "communication": 0,
        "teamwork": 0,
        "efficiency": 0,
        "satisfaction": 0,
    }
    assert [row["weight"] for row in result["breakdown"]] == [30, 25, 20, 15, 10]


def test_next_step_is_the_smallest_change() -> None:
    result = staff(knowledge_skills=80, communication=80, teamwork=80, efficiency=80, satisfaction=79)
    assert result["outcome"]["id"] == "intermediate"
    best = result["next"]["changes"][0]
    assert result["next"]["outcome"]["id"] == "senior"
    # knowledge carries the largest weight; on the 0.5-point grid 80.5 is the least raise (79.9 + 0.3*0.5 >= 80)
    assert best["input"] == "knowledge_skills" and best["to"] == 80.5
    assert all(change["outcome"]["id"] == "senior" for change in result["next"]["changes"])


def test_top_grade_has_no_next_step() -> None:
    assert (
        staff(knowledge_skills=100, communication=100, teamwork=100, efficiency=100, satisfaction=100)["next"] is None
    )


# ------------------------------------------------------------- point tables, counts, scale, hard conditions


def dept(**overrides: Any) -> dict[str, Any]:
    inputs: dict[str, Any] = dict(
        education="本科",
        height=168,
        looks="形象气质佳",
        appearance=4,
        work_experience="三年至五年",
        experience=3,
        work_location="前台",
        certificates=2,
        performance_total=90,
    )
    inputs.update(overrides)
    return run("cs-dept-grading", **inputs)


def test_dept_grading_point_table_count_cap_and_scale() -> None:
    result = dept(certificates=9)
    points = {row["item"]: row["points"] for row in result["breakdown"]}
    assert points["education"] == 3 and points["work_location"] == 4
    assert points["certificates"] == 5  # 每个证书1分，最高5分
    performance = next(row for row in result["breakdown"] if row["item"] == "performance_total")
    assert performance["contribution"] == 67.5  # 实际得分=总分×0.75
    assert result["score"] == 3 + 4 + 3 + 4 + 5 + 67.5


def test_dept_grading_hard_condition_lowers_the_grade() -> None:
    by_score = dept(education="本科")
    assert by_score["outcome"]["id"] == "assistant-3"
    capped = dept(education="大专", appearance=5, experience=5, certificates=5, performance_total=90)
    assert capped["score"] == 1 + 5 + 5 + 4 + 5 + 67.5
    assert capped["outcome"]["id"] == "assistant-2"
    assert "本科" in capped["rule"]["text"]


def test_dept_grading_checks_height_and_experience_as_the_columns_state() -> None:
    assert dept()["pending"] == []  # every hard indicator of the column is now checked, none left to assess
    short = dept(height=164)  # 83.5 is 助理三级's band, whose column asks 165cm以上
    assert short["outcome"]["id"] == "assistant-1"  # 160cm以上, 形象佳 and 两年至三年 hold at 助理一级
    assert any("身高须≥ 165" in note and "实际为164" in note for note in short["notes"])
    novice = dept(work_experience="一年(含一年)")
    assert novice["outcome"]["id"] == "assistant-63"


# ------------------------------------------------------------- review rules


@pytest.mark.parametrize(
    ("scores", "decision"),
    [
        ([81, 81, 81], "promote"),
        ([80, 80, 80], "keep"),
        ([70, 70, 70], "keep"),
        ([69, 70, 70], "demote"),
        ([50, 50, 50], "demote"),
        ([49, 50, 50], "demote_probation"),
        ([0, 0, 0], "demote_probation"),
    ],
)
def test_quarterly_review_thresholds(scores: list[float], decision: str) -> None:
    assert run("cs-quarterly-review", monthly_scores=scores)["outcome"]["id"] == decision


def test_quarterly_review_what_it_takes() -> None:
    result = run("cs-quarterly-review", monthly_scores=[60, 60, 60])
    assert result["outcome"]["id"] == "demote"
    assert result["next"]["outcome"]["id"] == "keep"
    assert result["next"]["changes"][0]["to"] == 90  # one month at 90 lifts the mean to 70


@pytest.mark.parametrize(
    ("level", "quarters", "decision", "after"),
    [
        ("S5", [{"score": 79, "attainment": 100}], "demote", "S4"),
        ("S5", [{"score": 80, "attainment": 80}], "keep", "S5"),
        ("S9", [{"score": 95, "attainment": 79.9}], "demote", "S8"),
        ("S10", [{"score": 70, "attainment": 100}, {"score": 85, "attainment": 100}], "keep", "S10"),
        ("S12", [{"score": 70, "attainment": 100}, {"score": 70, "attainment": 100}], "demote", "S11"),
        ("S12", [{"score": 90, "attainment": 60}, {"score": 90, "attainment": 99}], "demote", "S11"),
        ("S4", [{"score": 60, "attainment": 60}, {"score": 90, "attainment": 100}], "keep", "S4"),
    ],
)
def test_sales_center_demotion(level: str, quarters: list[dict[str, float]], decision: str, after: str) -> None:
    outcome = run("sales-center-review", level=level, quarters=quarters)["outcome"]
    assert (outcome["id"], outcome["level"]) == (decision, after)


def test_sales_center_accepts_level_names_and_reports_the_rule() -> None:
    result = run("sales-center-review", level="S6", quarters=[{"score": "75", "attainment": "90%"}])
    assert result["rule"]["id"] == "s3-s9"
    assert result["outcome"]["level"] == "S5"


# ------------------------------------------------------------- eligibility


def titles(**overrides: Any) -> dict[str, Any]:
    inputs: dict[str, Any] = dict(
        education="大专",
        major_related=True,
        years_since_graduation=0,
        years_as_assistant_engineer=0,
        years_as_engineer=0,
    )
    inputs.update(overrides)
    return run("sales-title-eligibility", **inputs)


@pytest.mark.parametrize(
    ("years", "assistant", "engineer", "title"),
    [
        (0, 0, 0, "一级销售员"),
        (0.9, 0, 0, "一级销售员"),
        (1, 0, 0, "二级销售员"),
        (2, 0, 0, "三级销售技术员"),
        (3, 0, 0, "一级销售助理工程师"),
        (4, 0, 0, "三级销售助理工程师"),
        (5, 2, 0, "一级销售工程师"),
        (5, 1.5, 0, "三级销售助理工程师"),
        (7, 4, 0, "三级销售工程师"),
        (10, 4, 2, "一级销售高级工程师"),
        (9.5, 4, 2, "三级销售工程师"),
    ],
)
def test_title_eligibility(years: float, assistant: float, engineer: float, title: str) -> None:
    result = titles(years_since_graduation=years, years_as_assistant_engineer=assistant, years_as_engineer=engineer)
    assert result["outcome"]["name"] == title


def test_title_eligibility_needs_college_and_related_major() -> None:
    assert titles(education="高中及以下", years_since_graduation=10)["outcome"] is None
    assert titles(major_related=False, years_since_graduation=10)["outcome"] is None
    assert titles(education="硕士及以上", years_since_graduation=1)["outcome"]["name"] == "二级销售员"


def test_title_eligibility_lists_what_needs_assessment() -> None:
    result = titles(years_since_graduation=1)
    assert "有一定的专业销售工作经验" in result["pending"]
    assert result["next"]["changes"][0]["input"] == "years_since_graduation"
    assert result["next"]["outcome"]["name"] == "三级销售技术员"


# ------------------------------------------------------------- bad input


def problems(model_id: str, **inputs: Any) -> dict[str, str]:
    series, model = models()[model_id]
    with pytest.raises(InputError) as caught:
        grade(series, model, inputs)
    return {p.key: p.message for p in caught.value.problems}


def test_input_errors_name_every_field() -> None:
    found = problems("cs-staff-rating", knowledge_skills="abc", communication=101, teamwork=float("nan"), mood=1)
    assert found == {
        "mood": "未知输入项；可用的输入项：communication, efficiency, knowledge_skills, satisfaction, teamwork",
        "knowledge_skills": "专业知识与技能应为数字，实际为 'abc'",
        "communication": "沟通能力应在 0–100 分 之间，实际为 101",
        "teamwork": "团队合作应为数字，实际为 nan",
        "efficiency": "缺少工作效率",
        "satisfaction": "缺少客户满意度",
    }


def test_list_and_choice_errors() -> None:
    assert problems("cs-quarterly-review", monthly_scores=[80, 80]) == {
        "monthly_scores": "近三个月月度绩效应有 3 项，实际为 2 项"
    }
    found = problems("sales-center-review", level="S2", quarters=[{"score": 80}])
    assert found["level"].startswith("当前职级应为以下职级之一：S3、S4")
    assert found["quarters"] == "季度考核数据（从早到晚）第 1 项缺少达成率"
    assert problems(
        "sales-title-eligibility",
        education="博士",
        major_related="maybe",
        years_since_graduation=-1,
        years_as_assistant_engineer=0,
        years_as_engineer=0,
    ) == {
        "education": "学历应为以下之一：高中及以下、大专、本科、硕士及以上；实际为 '博士'",
        "major_related": "市场营销或相关专业应为 是/否（true/false），实际为 'maybe'",
        "years_since_graduation": "毕业年限应在 0–60 年 之间，实际为 -1",
    }


def test_inputs_must_be_an_object() -> None:
    series, model = models()["cs-staff-rating"]
    with pytest.raises(InputError):
        grade(series, model, [1, 2, 3])  # type: ignore[arg-type]


def test_series_order_is_the_yaml_order() -> None:
    series: Series = models()["sales-center-review"][0]
    assert [lv.id for lv in series.levels] == [f"S{i}" for i in range(3, 14)]
