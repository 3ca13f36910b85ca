"""The change log says in words what changed between two versions of a standard, and copes without history."""

from __future__ import annotations

import copy
import shutil
import subprocess
from pathlib import Path
from typing import Any

from devtools import ROOT
from generator.changelog.changes import change_log, describe_standard
from generator.validation import validate

LABELS = validate(ROOT / "standards").labels

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
                    "requirements": [{"kind": "education", "item": "学历", "text": "大专"}],
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
        }
    ],
}


def changed(edit: Any) -> list[str]:
    """The described changes after applying an edit to a copy of the standard."""
    new = copy.deepcopy(STANDARD)
    edit(new)
    return describe_standard(STANDARD, new, LABELS)


def test_band_moved() -> None:
    def edit(data: Any) -> None:
        data["models"][0]["bands"][1]["min"] = 80
        data["models"][0]["bands"][0]["below"] = 80

    assert changed(edit) == [
        "模型「示例定级」中「助理二级」的定级分数段从 71 ≤ 得分 < 81 改为 71 ≤ 得分 < 80",
        "模型「示例定级」中「助理三级」的定级分数段从 81 ≤ 得分 ≤ 100 改为 80 ≤ 得分 ≤ 100",
    ]


def test_requirement_added_and_tightened() -> None:
    def edit(data: Any) -> None:
        levels = data["series"][0]["levels"]
        levels[1]["requirements"].append({"kind": "education", "item": "学历", "text": "本科"})
        levels[0]["requirements"][0]["proficiency"] = "Ⅱ"

    assert changed(edit) == [
        "职级「助理二级」提高要求「学历」：大专 → 大专（熟练程度 Ⅱ）",
        "职级「助理三级」新增要求「学历」：本科",
    ]


def test_parameter_weight_and_level() -> None:
    def edit(data: Any) -> None:
        data["parameters"][0]["value"] = 6
        data["series"][0]["levels"].append({"id": "a4", "name": "助理四级"})

    assert changed(edit) == ["新增职级「助理四级」，位于「助理三级」之上", "参数「考察月数」的值从 3个月 改为 6个月"]


def test_new_and_removed_standard() -> None:
    assert describe_standard(None, STANDARD, LABELS) == ["新增标准《示例标准》：1 个序列、2 个职级、1 个评定模型"]
    assert describe_standard(STANDARD, None, LABELS) == ["删除标准《示例标准》"]


def test_without_git_the_log_says_so(tmp_path: Path) -> None:
    """Standards outside any repository: no history, and a sentence instead of an error."""
    shutil.copytree(ROOT / "standards", tmp_path / "standards")
    log = change_log(tmp_path / "standards", LABELS)
    assert not log.available and not log.commits
    assert "git" in log.notes[0]


def test_shallow_clone_lists_what_it_has(tmp_path: Path) -> None:
    """A depth-1 clone: the one commit's standards count as added, with a note that history is cut."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{ROOT}", str(clone)], check=True)
    log = change_log(clone / "standards", LABELS)
    assert log.available and len(log.commits) == 1
    assert any("浅克隆" in note for note in log.notes)
    assert all(line.startswith("新增标准") for f in log.commits[0].files for line in f.lines)
