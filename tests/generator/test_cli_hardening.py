"""No traceback for any input of `competency validate` and `competency grade` (issue 11, item 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from calculator.inputs import JsonInputError, load_json
from devtools import ROOT
from devtools.cli import competency
from tests.helpers import workspace as _workspace


def _one_line_each(result: object) -> list[str]:
    """The lines of stderr (there must be no traceback)."""
    lines: list[str] = result.stderr.splitlines()  # type: ignore[attr-defined]
    assert "Traceback" not in result.stderr  # type: ignore[attr-defined]
    return lines


def _errors(result: object) -> list[str]:
    """The lines of a grade's stderr without the standards' own warnings, printed before grading."""
    return [line for line in _one_line_each(result) if ": 警告：" not in line]


# ---------------------------------------------------------------- competency grade


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--set", "knowledge_skills=" + "9" * 400], ["错误：knowledge_skills: 整数有 400 位数字，超过上限 300 位"]),
        (["--set", "knowledge_skills=" + "9" * 5000], ["错误：knowledge_skills: 整数有 5000 位数字，超过上限 300 位"]),
        (
            ["--set", "knowledge_skills=" + "[" * 10_000 + "]" * 10_000],
            ["错误：knowledge_skills: JSON 嵌套超过 32 层"],
        ),
    ],
)
def test_grade_bounds_integers_and_nesting(args: list[str], expected: list[str]) -> None:
    result = competency("grade", "cs-staff-rating", *args)
    assert result.returncode == 2
    assert _errors(result) == expected


def test_grade_input_file_that_is_not_utf8_or_too_deep(tmp_path: Path) -> None:
    cases = {
        b'{"monthly_scores": "\xff"}': (
            "错误：--input: 输入不是 UTF-8 编码（第 21 个字节无法解码）：请把文件另存为 UTF-8"
        ),
        ('{"monthly_scores": ' + "[" * 10_000 + "]" * 10_000 + "}").encode(): (
            "错误：--input: 无法读取 JSON 输入：JSON 嵌套超过 32 层"
        ),
        ('{"monthly_scores": [' + "9" * 5000 + "]}").encode(): (
            "错误：--input: 无法读取 JSON 输入：整数有 5000 位数字，超过上限 300 位"
        ),
    }
    for data, line in cases.items():
        path = tmp_path / "in.json"
        path.write_bytes(data)
        result = competency("grade", "cs-quarterly-review", "--input", str(path))
        assert result.returncode == 2
        assert _errors(result) == [line]


def test_a_huge_list_element_is_a_field_error_not_an_overflow() -> None:
    result = competency("grade", "cs-quarterly-review", "--set", f"monthly_scores=[{'9' * 299}, 1, 1]")
    assert result.returncode == 2
    assert _errors(result) == ["错误：monthly_scores: 近三个月月度绩效第 1 项应在 0–100 分 之间，实际为 1e+299"]
    # Through the engine directly (the page's JSON has no digit limit): no OverflowError, no ValueError.
    from calculator import InputError, grade
    from tests.helpers import models

    series, model = models()["cs-quarterly-review"]
    for huge in (10**400, -(10**5000), [[[[10**400]]]]):
        with pytest.raises(InputError) as caught:
            grade(series, model, {"monthly_scores": [huge, 1, 1]})
        assert "第 1 项应为数字" in caught.value.problems[0].message


@pytest.mark.parametrize("text", ["8_0", "0x50", "inf", "NaN", "1_000", "٨٠"])
def test_only_plain_numerals_are_numbers(text: str) -> None:
    """Python's float() reads `8_0` as 80 and `٨٠` (Arabic-Indic digits) as 80: a typo must not grade."""
    result = competency("grade", "cs-quarterly-review", "--set", f'monthly_scores=["{text}", 80, 80]')
    assert result.returncode == 2
    assert _errors(result) == [f"错误：monthly_scores: 近三个月月度绩效第 1 项应为数字，实际为 '{text}'"]


def test_full_width_digits_and_percent_still_read_as_numbers() -> None:
    result = competency("grade", "cs-quarterly-review", "--set", 'monthly_scores=["８５", "90%", " 70 "]', "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["inputs"]["monthly_scores"] == [85, 90, 70]


def test_bounded_json_reader() -> None:
    assert load_json('{"a": [1, {"b": "[[[["}]}') == {"a": [1, {"b": "[[[["}]}  # brackets in strings do not count
    with pytest.raises(JsonInputError, match="嵌套超过"):
        load_json("[" * 33 + "]" * 33)
    assert load_json("[" * 32 + "]" * 32)


# ---------------------------------------------------------------- competency validate


def test_missing_schema_is_one_located_line(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, ROOT / "standards" / "cs-staff-rating.yaml")
    (workspace / "standards" / "schema.json").unlink()
    result = competency("validate", cwd=workspace)
    assert result.returncode == 1
    assert _one_line_each(result) == [
        "standards/schema.json:1:1: （整个文件）: 找不到 JSON Schema 文件：它应与标准文件放在同一文件夹",
        "共 1 个错误；没有做任何改动。",
    ]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (
            '{"type": "object",\n  "properties": {',
            "standards/schema.json:2:18: （整个文件）: JSON Schema 文件不是有效的 JSON",
        ),
        ('{"type": 5}', "standards/schema.json:1:1: （整个文件）: JSON Schema 文件不是有效的 schema"),
        ("[1, 2]", "standards/schema.json:1:1: （整个文件）: JSON Schema 文件应为一个 JSON 对象"),
    ],
)
def test_broken_schema_is_one_located_line(tmp_path: Path, text: str, line: str) -> None:
    workspace = _workspace(tmp_path, ROOT / "standards" / "cs-staff-rating.yaml")
    (workspace / "standards" / "schema.json").write_text(text, encoding="utf-8")
    result = competency("validate", cwd=workspace)
    assert result.returncode == 1
    lines = _one_line_each(result)
    assert len(lines) == 2 and lines[0].startswith(line), lines


def test_skipped_files_are_reported(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, ROOT / "standards" / "cs-staff-rating.yaml")
    standards = workspace / "standards"
    (standards / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (standards / "folder.yaml").mkdir()
    (standards / "draft.yml").write_text("standard: {}\n", encoding="utf-8")
    result = competency("validate", cwd=workspace)
    assert result.returncode == 1
    assert _one_line_each(result) == [
        "standards/draft.yml:1:1: （整个文件）: 警告：已跳过：只读取扩展名为 .yaml 的标准文件",
        "standards/folder.yaml:1:1: （整个文件）: 无法读取：不是普通文件（是文件夹或设备？）；此标准未被读取",
        "standards/gone.yaml:1:1: （整个文件）: 无法读取：符号链接指向的文件不存在；此标准未被读取",
        "共 2 个错误；没有做任何改动。",
    ]


def test_a_huge_standards_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path)
    (workspace / "standards" / "huge.yaml").write_text("a: " + "x" * (3 * 2**20) + "\n", encoding="utf-8")
    result = competency("validate", cwd=workspace)
    assert result.returncode == 1
    assert _one_line_each(result)[0] == (
        "standards/huge.yaml:1:1: （整个文件）: 文件有 3.0 MB，超过标准文件的上限 2 MB：请把它拆成几个标准"
    )


def test_markup_in_a_text_is_a_located_warning(tmp_path: Path) -> None:
    source = (ROOT / "standards" / "cs-staff-rating.yaml").read_text(encoding="utf-8")
    lines = source.splitlines()
    number = next(i for i, line in enumerate(lines) if line.strip().startswith("title:"))
    indent = lines[number][: len(lines[number]) - len(lines[number].lstrip())]
    lines[number] = indent + 'title: "客户服务<b onclick=alert(1)>评定</b> {: .red} [链接](JavaScript:alert(1))"'
    workspace = _workspace(tmp_path)
    (workspace / "standards" / "cs-staff-rating.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = competency("validate", "--strict", cwd=workspace)
    assert result.returncode == 0, result.stderr
    warnings = _one_line_each(result)
    place = f"standards/cs-staff-rating.yaml:{number + 1}:{len(indent) + 8}: "
    assert [w.split(": 警告：")[1].split("（")[0] for w in warnings if w.startswith(place)] == [
        "文本中有 HTML 标签",
        "文本中有 Markdown 属性列表 {: …}",
        "文本中有 javascript: 链接",
    ], warnings


def test_committed_standards_have_no_markup_warnings() -> None:
    result = competency("validate", "--strict")
    assert result.returncode == 0, result.stderr
    assert "文本中有" not in result.stderr


def test_a_check_on_a_level_input_is_refused_before_the_engine_fails(tmp_path: Path) -> None:
    source = (ROOT / "standards" / "sales-center.yaml").read_text(encoding="utf-8")
    assert "    - {id: S4, name: S4}\n" in source
    text = source.replace(
        "    - {id: S4, name: S4}\n",
        "    - id: S4\n      name: S4\n      requirements:\n"
        "        - {kind: hard, text: 职级不低于S3, checks: [{input: level, min: S3}]}\n",
        1,
    )
    workspace = _workspace(tmp_path)
    (workspace / "standards" / "sales-center.yaml").write_text(text, encoding="utf-8")
    result = competency("validate", cwd=workspace)
    lines = _one_line_each(result)
    assert result.returncode == 1
    assert any("是职级，不能用作条件" in line for line in lines), lines
