"""Each kind of change to a standard is said in words, old → new, with whether it affects anyone's grade."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from generator.changelog.describe import (
    AFFECTS,
    EXAMPLES,
    MAYBE,
    WORDING,
    Change,
    compile_standard,
    describe_standard,
)
from tests.helpers import standards

LABELS = standards().labels

STANDARD: dict[str, Any] = {
    "standard": {"id": "demo", "title": "示例标准", "source": "示例", "family": "客服"},
    "parameters": [{"id": "months", "name": "考察月数", "value": 3, "unit": "个月"}],
    "series": [
        {
            "id": "demo",
            "name": "示例序列",
            "levels": [
                {
                    "id": "a2",
                    "name": "助理二级",
                    "requirements": [
                        {
                            "kind": "education",
                            "item": "学历",
                            "text": "大专",
                            "checks": [{"input": "score", "min": 60}],
                        },
                        {"kind": "knowledge", "item": "产品知识", "text": "了解产品", "proficiency": "Ⅱ"},
                    ],
                },
                {"id": "a3", "name": "助理三级", "requirements": []},
            ],
        }
    ],
    "models": [
        {
            "id": "demo-grading",
            "kind": "scoring",
            "title": "示例定级",
            "series": "demo",
            "inputs": [{"key": "score", "label": "得分", "type": "number", "min": 0, "max": 100}],
            "groups": [
                {
                    "id": "g",
                    "label": "评分",
                    "formula": "weighted",
                    "items": [{"id": "score", "label": "得分", "weight": 100}],
                }
            ],
            "bands": [{"level": "a2", "min": 71, "below": 81}, {"level": "a3", "min": 81, "max": 100}],
            "examples": [{"inputs": {"score": 75}, "expect": {"outcome": "a2"}}],
        }
    ],
}


def changed(edit: Callable[[Any], None], base: dict[str, Any] | None = None) -> list[tuple[str, str]]:
    """The described changes (text, effect) after applying an edit to a copy of the standard."""
    old = copy.deepcopy(base or STANDARD)
    new = copy.deepcopy(old)
    edit(new)
    found = describe_standard(compile_standard(old), compile_standard(new), LABELS)
    assert all(isinstance(c, Change) for c in found)
    return [(c.text, c.effect) for c in found]


def test_band_moved() -> None:
    def edit(data: Any) -> None:
        data["models"][0]["bands"][1]["min"] = 80
        data["models"][0]["bands"][0]["below"] = 80

    assert changed(edit) == [
        ("模型「示例定级」中「助理二级」的定级分数段从 71 ≤ 得分 < 81 改为 71 ≤ 得分 < 80", AFFECTS),
        ("模型「示例定级」中「助理三级」的定级分数段从 81 ≤ 得分 ≤ 100 改为 80 ≤ 得分 ≤ 100", AFFECTS),
    ]


def test_threshold_of_a_check_old_to_new() -> None:
    def edit(data: Any) -> None:
        data["series"][0]["levels"][0]["requirements"][0]["checks"][0]["min"] = 70

    assert changed(edit) == [("职级「助理二级」要求「学历」的量化条件从「得分：≥ 60」改为「得分：≥ 70」", AFFECTS)]


def test_requirement_added_removed_and_proficiency() -> None:
    def edit(data: Any) -> None:
        levels = data["series"][0]["levels"]
        levels[1]["requirements"].append({"kind": "education", "item": "学历", "text": "本科"})
        levels[0]["requirements"][1]["proficiency"] = "Ⅲ"
        levels[0]["requirements"].append({"kind": "skill", "item": "沟通", "text": "能清楚表达"})

    assert changed(edit) == [
        ("职级「助理二级」要求「产品知识」的熟练程度从「Ⅱ」改为「Ⅲ」", AFFECTS),
        ("职级「助理二级」新增要求「沟通」：能清楚表达", AFFECTS),
        ("职级「助理三级」新增要求「学历」：本科", AFFECTS),
    ]
    removed = changed(lambda d: d["series"][0]["levels"][0]["requirements"].pop(1))
    assert removed == [("职级「助理二级」删除要求「产品知识」（原为：了解产品（熟练程度 Ⅱ））", AFFECTS)]


def test_rewording_quotes_old_and_new_and_may_affect() -> None:
    """A reworded requirement is what an assessor reads: it may change a grade; punctuation alone does not."""

    def reword(data: Any) -> None:
        data["series"][0]["levels"][0]["requirements"][1]["text"] = "熟悉产品"

    assert changed(reword) == [("职级「助理二级」要求「产品知识」的措辞从「了解产品」改为「熟悉产品」", MAYBE)]

    def punctuate(data: Any) -> None:
        data["series"][0]["levels"][0]["requirements"][1]["text"] = "了解产品。"

    assert changed(punctuate) == [("职级「助理二级」要求「产品知识」的措辞从「了解产品」改为「了解产品。」", WORDING)]


def test_level_added_and_parameter_value() -> None:
    def edit(data: Any) -> None:
        data["parameters"][0]["value"] = 6
        data["series"][0]["levels"].append({"id": "a4", "name": "助理四级"})

    assert changed(edit) == [
        ("新增职级「助理四级」，位于「助理三级」之上", AFFECTS),
        ("参数「考察月数」的值从 3 个月 改为 6 个月", AFFECTS),
    ]


def test_parameter_set_for_the_first_time() -> None:
    base = copy.deepcopy(STANDARD)
    base["parameters"][0]["value"] = None
    assert changed(lambda d: d["parameters"][0].update(value=3), base) == [
        ("参数「考察月数」已设定为 3 个月（此前尚未设定）", AFFECTS)
    ]


def test_weight_points_and_input_range() -> None:
    def edit(data: Any) -> None:
        model = data["models"][0]
        model["groups"][0]["items"][0]["weight"] = 90
        model["groups"][0]["items"].append({"id": "extra", "label": "附加", "input": "score", "weight": 10})
        model["inputs"][0]["max"] = 120

    assert changed(edit) == [
        ("模型「示例定级」输入项「得分」的取值范围从「0–100」改为「0–120」", AFFECTS),
        ("模型「示例定级」新增评分项「附加」", AFFECTS),
        ("模型「示例定级」评分项「得分」的权重从 100% 改为 90%", AFFECTS),
    ]


def test_wording_only_changes_do_not_affect_grades() -> None:
    def edit(data: Any) -> None:
        data["standard"]["interpretation"] = "本手册的读法。"
        data["series"][0]["levels"][1]["name"] = "助理三级（高）"
        data["models"][0]["title"] = "示例定级评分"

    assert changed(edit) == [
        ("新增解读说明：「本手册的读法。」", WORDING),
        ("职级「助理三级（高）」的名称从「助理三级」改为「助理三级（高）」", WORDING),
        ("模型「示例定级评分」的名称从「示例定级」改为「示例定级评分」", WORDING),
    ]


def test_worked_examples_only() -> None:
    def edit(data: Any) -> None:
        data["models"][0]["examples"].append({"inputs": {"score": 90}, "expect": {"outcome": "a3"}})

    assert changed(edit) == [("模型「示例定级」的工作示例已更新（现有 2 个）", EXAMPLES)]


def test_applies_to_changed() -> None:
    base = copy.deepcopy(STANDARD)
    base["standard"]["applies_to"] = {"department": "客服部", "roles": ["客户代表"]}

    def edit(data: Any) -> None:
        data["standard"]["applies_to"]["department"] = "客户服务中心"
        data["standard"]["applies_to"]["roles"] = [{"name": "客户代表", "series": "demo", "levels": ["a2"]}]

    assert changed(edit, base) == [
        ("适用部门从「客服部」改为「客户服务中心」", MAYBE),
        ("适用岗位从「客户代表」改为「客户代表（示例序列：助理二级）」", MAYBE),
    ]


def test_review_rule_condition_and_decision() -> None:
    base = copy.deepcopy(STANDARD)
    base["models"].append(
        {
            "id": "demo-review",
            "kind": "review",
            "title": "示例考核",
            "series": "demo",
            "period": "month",
            "inputs": [
                {
                    "key": "scores",
                    "label": "月度绩效",
                    "type": "list",
                    "items": "number",
                    "min": 0,
                    "max": 100,
                    "min_items": 3,
                    "max_items": 3,
                }
            ],
            "rules": [
                {
                    "id": "up",
                    "text": "平均高于80分晋升",
                    "window": 3,
                    "all": [{"mean": {"gt": 80}}],
                    "decision": "promote",
                }
            ],
        }
    )

    def edit(data: Any) -> None:
        rule = data["models"][1]["rules"][0]
        rule["all"] = [{"mean": {"ge": 85}}]
        rule["decision"] = "keep"

    found = changed(edit, base)
    assert [effect for _text, effect in found] == [AFFECTS, AFFECTS]
    assert found[0][0].startswith("模型「示例考核」规则「平均高于80分晋升」的条件从「平均")
    assert "> 80" in found[0][0] and "≥ 85" in found[0][0]
    assert found[1][0] == "模型「示例考核」规则「平均高于80分晋升」的决定从「晋升一级」改为「保持不变」"


def test_a_difference_no_describer_names_still_shows() -> None:
    def edit(data: Any) -> None:
        data["series"][0]["levels"][0]["future_key"] = "x"

    assert changed(edit) == [("职级「助理二级」的其他内容有修改", MAYBE)]


def test_new_and_removed_standard() -> None:
    compiled = compile_standard(copy.deepcopy(STANDARD))
    assert describe_standard(None, compiled, LABELS) == [
        Change("新增标准《示例标准》：1 个序列、2 个职级、1 个评定模型", AFFECTS)
    ]
    assert describe_standard(compiled, None, LABELS) == [Change("删除标准《示例标准》", AFFECTS)]


def test_long_texts_are_quoted_around_what_changed() -> None:
    start = "源文件经 PDF 提取，部分文字有错乱、表格被打散，同一单元格的前后两半相隔十余行。本手册按语义重组，"
    old = start + "每处重组都在对应的要求上说明。原文没有写明部门。"
    new = start + "每处重组都在对应的要求上说明。"

    def edit(data: Any) -> None:
        data["standard"]["interpretation"] = new

    base = copy.deepcopy(STANDARD)
    base["standard"]["interpretation"] = old
    assert changed(edit, base) == [
        (
            "解读说明从「…每处重组都在对应的要求上说明。原文没有写明部门。」改为「…每处重组都在对应的要求上说明。」",
            WORDING,
        )
    ]


def test_changes_that_affect_grades_come_first() -> None:
    def edit(data: Any) -> None:
        data["standard"]["summary"] = "新的说明"
        data["models"][0]["bands"][1]["max"] = 99

    assert [effect for _text, effect in changed(edit)] == [AFFECTS, WORDING]
