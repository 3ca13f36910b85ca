"""The `competency` CLI as scripts and people use it.

The commands run in this process (devtools.cli.competency); the last test runs the installed
console script as a child process and checks that it answers exactly as the in-process runner does.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from devtools import ROOT
from devtools.cli import Ran, competency
from devtools.people import random_inputs
from tests.helpers import models


def grade(*args: str) -> dict:
    result = competency("grade", *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_grade_json_shape() -> None:
    result = grade(
        "cs-staff-rating",
        "--set",
        "knowledge_skills=80",
        "--set",
        "communication=70",
        "--set",
        "teamwork=90",
        "--set",
        "efficiency=60",
        "--set",
        "satisfaction=100",
    )
    assert {"model", "outcome", "score", "breakdown", "next", "notes", "rule", "inputs"} <= set(result)
    assert result["model"] == "cs-staff-rating"
    assert result["outcome"] == {"id": "intermediate", "name": "中级客户服务人员"}
    assert result["score"] == 78.5
    assert result["next"]["outcome"]["name"] == "高级客户服务人员"


def test_grade_below_sixty_is_null() -> None:
    args = [
        f"--set={key}=59" for key in ("knowledge_skills", "communication", "teamwork", "efficiency", "satisfaction")
    ]
    result = grade("cs-staff-rating", *args)
    assert result["outcome"] is None and result["score"] == 59


def test_grade_from_input_file_and_stdin(tmp_path) -> None:
    inputs = {"monthly_scores": [85, 90, 70]}
    path = tmp_path / "in.json"
    path.write_text(json.dumps(inputs), encoding="utf-8")
    assert grade("cs-quarterly-review", "--input", str(path))["outcome"]["id"] == "promote"
    result = competency(
        "grade", "cs-quarterly-review", "--input", str(path), "--set", "monthly_scores=[40,40,40]", "--json"
    )
    assert json.loads(result.stdout)["outcome"]["id"] == "demote_probation"


def test_sales_center_review_outcome_level() -> None:
    result = grade(
        "sales-center-review",
        "--set",
        "level=S11",
        "--set",
        'quarters=[{"score": 70, "attainment": 90}, {"score": 75, "attainment": 90}]',
    )
    assert result["outcome"] == {"id": "demote", "name": "降一级", "level": "S10"}


def test_sales_title_eligibility_through_cli() -> None:
    result = grade(
        "sales-title-eligibility",
        "--set",
        "education=本科",
        "--set",
        "major_related=true",
        "--set",
        "years_since_graduation=6",
        "--set",
        "years_as_assistant_engineer=3",
        "--set",
        "years_as_engineer=0",
    )
    assert result["outcome"]["name"] == "二级销售工程师"
    assert result["pending"]


def test_cs_dept_grading_through_cli() -> None:
    result = grade(
        "cs-dept-grading",
        "--set",
        "education=本科",
        "--set",
        "height=168",
        "--set",
        "looks=形象气质佳",
        "--set",
        "appearance=4",
        "--set",
        "work_experience=三年至五年",
        "--set",
        "experience=3",
        "--set",
        "work_location=前台",
        "--set",
        "certificates=2",
        "--set",
        "performance_total=90",
    )
    assert result["outcome"]["name"] == "助理三级" and result["score"] == 83.5


@pytest.mark.parametrize(
    ("args", "lines"),
    [
        (
            ["cs-staff-rating", "--set", "knowledge_skills=abc"],
            [
                "错误：knowledge_skills: 专业知识与技能应为数字，实际为 'abc'",
                "错误：communication: 缺少沟通能力",
                "错误：teamwork: 缺少团队合作",
                "错误：efficiency: 缺少工作效率",
                "错误：satisfaction: 缺少客户满意度",
            ],
        ),
        (
            ["cs-quarterly-review", "--set", "monthly_scores=[1,2]", "--set", "extra=1"],
            [
                "错误：extra: 未知输入项；可用的输入项：monthly_scores",
                "错误：monthly_scores: 近三个月月度绩效应有 3 项，实际为 2 项",
            ],
        ),
        (["no-such-model"], None),
        (["cs-quarterly-review", "--set", "oops"], ["错误：--set: 应写成 键=值，实际为 'oops'"]),
        (["cs-quarterly-review", "--input", "/nonexistent/in.json"], None),
    ],
)
def test_invalid_input_exits_2_with_one_line_per_problem(args: list[str], lines: list[str] | None) -> None:
    result = competency("grade", *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    if lines is not None:
        assert result.stderr.splitlines() == lines
    else:
        assert len(result.stderr.splitlines()) == 1


def test_list_json_names_every_model_and_input() -> None:
    result = competency("list", "--json")
    data = json.loads(result.stdout)
    by_id = {m["id"]: m for m in data["models"]}
    for model_id in (
        "cs-staff-rating",
        "cs-quarterly-review",
        "sales-center-review",
        "sales-title-eligibility",
        "cs-dept-grading",
    ):
        assert model_id in by_id
    keys = [i["key"] for i in by_id["sales-title-eligibility"]["inputs"]]
    assert keys == [
        "education",
        "major_related",
        "years_since_graduation",
        "years_as_assistant_engineer",
        "years_as_engineer",
    ]
    education = by_id["sales-title-eligibility"]["inputs"][0]
    assert education["options"] == ["高中及以下", "大专", "本科", "硕士及以上"]
    levels = {s["id"]: [lv["id"] for lv in s["levels"]] for s in data["series"]}
    assert levels["sales-center"][0] == "S3" and levels["sales-center"][-1] == "S13"


def test_human_output_is_readable() -> None:
    result = competency("grade", "cs-quarterly-review", "--set", "monthly_scores=[60,60,60]")
    assert result.returncode == 0
    assert "结果：降一级" in result.stdout
    assert "下一步：" in result.stdout


def test_the_installed_command_answers_as_the_in_process_runner(tmp_path: Path) -> None:
    """Smoke test of the `competency` console script: grading people from --input files, run as a user runs it."""
    script = Path(sys.executable).with_name("competency")
    series, model = models()["sales-center-review"]
    rnd = random.Random(7)
    runs = []
    for index in range(4):
        path = tmp_path / f"inputs-{index}.json"
        path.write_text(json.dumps(random_inputs(model, series, rnd, bad=index % 10 == 9)), encoding="utf-8")
        args = ("grade", "sales-center-review", "--input", str(path), "--json")
        child = subprocess.Popen([script, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        runs.append((args, child))
    for args, child in runs:
        out, err = child.communicate(timeout=60)
        assert competency(*args) == Ran(child.returncode, out, err)
        assert child.returncode == 0 and json.loads(out)["model"] == "sales-center-review", err
