"""Team mode in the browser entry point: columns to inputs, one engine result per row, one summary per file."""

from __future__ import annotations

import json

import pytest

from calculator import browser
from generator.calculator_site.bundle import bundle_json
from tests.calculator_page.helpers import engine, standards


@pytest.fixture(scope="module", autouse=True)
def loaded() -> None:
    browser.load(bundle_json(standards()))


def team(model_id: str, header: list[str], rows: list[list[object]]) -> dict:
    return json.loads(browser.team_json(model_id, json.dumps({"header": header, "rows": rows})))


def marked(model_id: str, header: list[str], row: list[object]) -> dict[str, str]:
    """The error messages one row puts on cells, by the name of the file's column they are on."""
    out = team(model_id, header, [row])
    return {out["header"][int(i)]: message for i, message in out["rows"][0]["errors"].items()}


def test_columns_by_key_label_and_label_with_unit() -> None:
    header = ["姓名", "knowledge_skills", "沟通能力", "团队合作（分）", "efficiency", "客户满意度"]
    out = team("cs-staff-rating", header, [["张三", "80", 80, "80", "80", "80"]])
    assert out["columns"] == [None, "knowledge_skills", "communication", "teamwork", "efficiency", "satisfaction"]
    assert out["notices"] == ["以下列不是本模型的输入项，不参与计算，原样保留在结果中：姓名"]
    result = dict(zip(out["header"], out["rows"][0]["cells"], strict=True))
    assert out["header"][:3] == ["行号", "姓名", "定级结果"]  # whose row, then the result, first
    assert result["定级结果"] == "高级客户服务人员" and result["结果标识（供系统导入）"] == "senior"
    assert out["header"][2:9] == [
        "定级结果",
        "得分",
        "依据",
        "怎样得到更好的结果",
        "需评审认定的条件",
        "不同解读下的结论",
        "错误",
    ]
    assert out["header"][9:] == header[1:] + ["结果标识（供系统导入）"] and out["machine"] == len(out["header"]) - 1
    assert out["results"] == list(range(2, 9))


def test_list_columns_one_per_element_or_one_cell() -> None:
    header = [
        "level",
        "季度考核数据（从早到晚）.1.考核分",
        "quarters.1.attainment",
        "quarters.2.score",
        "quarters.2.达成率",
    ]
    rows = [["S11", "70", "90", "75", "90"], ["S5", 79.5, 100, None, ""]]
    out = team("sales-center-review", header, rows)
    quarters = [{"score": 70, "attainment": 90}, {"score": 75, "attainment": 90}]
    first = engine("sales-center-review", {"level": "S11", "quarters": quarters})
    assert out["rows"][0]["outcome"] == first["outcome"]
    assert out["rows"][1]["outcome"] == {"id": "demote", "name": "降一级", "level": "S4"}
    assert out["header"][:4] == ["行号", "定级结果", "结果职级", "得分"]
    cells = team("cs-quarterly-review", ["monthly_scores"], [["80, 85 90"], ["[50,60,70]"], ["[1,2"]])["rows"]
    assert [r["cells"][-1] for r in cells] == ["promote", "demote", ""]
    assert [r["cells"][1] for r in cells] == ["可提升一级", "降一级", ""]
    assert [r["tone"] for r in cells] == ["good", "bad", "error"]
    assert cells[2]["errors"] == {
        "8": "近三个月月度绩效应为列表，实际为 '[1,2'"
    }  # the list's own column, after the results


def test_errors_land_on_their_cells_and_missing_columns_are_named() -> None:
    out = team("cs-staff-rating", ["沟通能力", "团队合作"], [["abc", "120"]])
    row = out["rows"][0]
    assert not row["ok"] and row["outcome"] is None
    assert marked("cs-staff-rating", ["沟通能力", "团队合作"], ["abc", "120"]) == {
        "沟通能力": "沟通能力应为数字，实际为 'abc'",
        "团队合作": "团队合作应在 0–100 分 之间，实际为 120",
    }
    assert "缺少专业知识与技能" in dict(zip(out["header"], row["cells"], strict=True))["错误"]
    assert out["notices"] == ["文件中缺少以下输入项的列：专业知识与技能、工作效率、客户满意度"]
    assert out["summary"] == [{"name": "有错误", "count": 1}]


def test_a_bad_list_element_marks_its_own_column() -> None:
    """With one column per element (and field), an error lands on that cell, not on the whole list."""
    header = ["level", "quarters.1.score", "quarters.1.attainment", "quarters.2.score", "quarters.2.attainment"]
    errors = marked("sales-center-review", header, ["S11", "70", "90", "75", "abc"])
    assert list(errors) == ["quarters.2.attainment"] and "第 2 项的达成率应为数字" in errors["quarters.2.attainment"]
    months = ["monthly_scores.1", "monthly_scores.2", "monthly_scores.3"]
    errors = marked("cs-quarterly-review", months, ["80", "120", "90"])
    assert list(errors) == ["monthly_scores.2"] and "第 2 项" in errors["monthly_scores.2"]
    errors = marked("sales-center-review", header[:3], ["S11", "70", ""])  # a missing field
    assert list(errors) == ["quarters.1.attainment"], errors
    assert errors["quarters.1.attainment"] == "季度考核数据（从早到晚）第 1 项缺少达成率"  # its name, not its key


def test_an_error_about_the_whole_list_marks_every_column_of_it() -> None:
    months = ["monthly_scores.1", "monthly_scores.2"]  # three are required
    errors = marked("cs-quarterly-review", months, ["80", "85"])
    assert sorted(errors) == months
    assert "应有 3 项，实际为 2 项" in errors["monthly_scores.1"]


def test_grade_json_names_the_bad_element() -> None:
    answer = json.loads(
        browser.grade_json(
            "sales-center-review",
            json.dumps(
                {"level": "S11", "quarters": [{"score": 70, "attainment": 90}, {"score": 200, "attainment": 90}]}
            ),
        )
    )
    assert answer["errors"] == [
        {"input": "quarters", "message": answer["errors"][0]["message"], "index": 1, "field": "score"}
    ]
    assert "第 2 项的考核分" in answer["errors"][0]["message"]


def test_template_names_every_input_by_label() -> None:
    assert json.loads(browser.team_template("cs-quarterly-review")) == [
        "近三个月月度绩效.1",
        "近三个月月度绩效.2",
        "近三个月月度绩效.3",
    ]
    header = json.loads(browser.team_template("sales-center-review"))
    assert header[:3] == ["当前职级", "季度考核数据（从早到晚）.1.考核分", "季度考核数据（从早到晚）.1.达成率"]


def test_unknown_model_is_an_error_answer() -> None:
    for answer in (browser.grade_json("nope", "{}"), browser.describe("nope"), browser.team_json("nope", "{}")):
        assert json.loads(answer)["errors"][0]["input"] == "model"


def test_a_file_sent_in_chunks_gets_the_answer_of_one_call_and_one_summary() -> None:
    """What the page does: the header alone, the rows in chunks, then the summary once, over the whole file."""
    header = ["姓名", "level", "quarters.1.score", "quarters.1.attainment", "备注"]
    rows = [["甲", "S5", 85, 95], ["乙", "S6", 70, 60, "x"], ["丙", "S5", "abc", 90], ["丁", "S11", 79, 79]] * 7
    whole = team("sales-center-review", header, rows)
    head = team("sales-center-review", header, [])
    assert head == {**whole, "rows": [], "summary": []}
    graded = []
    for start, size in ((0, 1), (1, 10), (11, 3), (14, 14)):
        part = json.loads(browser.team_rows(json.dumps(rows[start : start + size])))
        assert list(part) == ["rows"]
        graded += part["rows"]
    assert graded == whole["rows"]
    answer = json.loads(browser.team_summary())
    assert answer == {"rows": 28, "summary": whole["summary"]}
    assert whole["summary"][-1] == {"name": "有错误", "count": 7}  # errors last though the third row has one
    assert sum(s["count"] for s in whole["summary"]) == 28


def test_a_new_file_replaces_the_current_one_and_forgetting_drops_it() -> None:
    team("cs-staff-rating", ["沟通能力"], [["80"], ["90"]])
    team("cs-quarterly-review", ["monthly_scores"], [["80, 85, 90"]])
    assert json.loads(browser.team_summary())["rows"] == 1
    browser.team_forget()
    for answer in (browser.team_rows("[]"), browser.team_summary()):
        assert json.loads(answer)["errors"][0]["input"] == "table"


def test_describe_names_the_list_the_chart_draws() -> None:
    assert json.loads(browser.describe("sales-center-review"))["list_input"] == "quarters"
    assert json.loads(browser.describe("cs-quarterly-review"))["list_input"] == "monthly_scores"
    assert json.loads(browser.describe("cs-staff-rating"))["list_input"] is None


def test_columns_that_give_the_same_input_are_named() -> None:
    """Two columns for one input (key and label, or a whole list beside its elements): refused, not last-wins."""
    from tests.calculator_page.helpers import teamfile

    header = ["姓名", "沟通能力", "communication", "团队合作", "团队合作（分）", "备注", "备注"]
    message = teamfile().duplicate_columns("cs-staff-rating", json.dumps(header))
    assert message.startswith("以下几列给出同一个输入项，无法判断以哪一列为准")
    assert "「沟通能力」（B 列）、「communication」（C 列）" in message
    assert "「团队合作」（D 列）、「团队合作（分）」（E 列）" in message
    assert "备注" not in message  # columns the model does not read may repeat
    header = ["level", "quarters", "quarters.1.score", "quarters.1.attainment"]
    assert "「quarters」（B 列）、「quarters.1.score」（C 列）" in teamfile().duplicate_columns(
        "sales-center-review", json.dumps(header)
    )
    header = ["level", "quarters.1.score", "quarters.2.score", "季度考核数据（从早到晚）.1.考核分"]
    assert "（B 列）、「季度考核数据（从早到晚）.1.考核分」（D 列）" in teamfile().duplicate_columns(
        "sales-center-review", json.dumps(header)
    )
    assert teamfile().duplicate_columns("cs-staff-rating", json.dumps(["沟通能力", "团队合作"])) == ""


def test_exports_number_rows_as_the_file_does_and_carry_suggestions_and_pending_conditions() -> None:
    """A file with blank rows: each result row keeps its row number in the file (header row 1); the CSV and
    XLSX downloads hold the name first, the results, what it takes, what an assessor decides, the id last."""
    import csv
    import io

    import openpyxl

    from tests.calculator_page.helpers import teamfile

    source = (
        "姓名,学历,市场营销或相关专业,毕业年限,备注\n"
        "张三,大专,是,1,\n"
        "\n"
        ",,,,\n"
        "李四,本科,是,abc,补录\n"
        "王五,硕士及以上,是,10,\n"
    ).encode("utf-8-sig")
    table = teamfile().read_table(source, "team.csv")
    assert table["numbers"] == [2, 5, 6]  # rows 3 and 4 are blank
    out = json.loads(browser.team_json("sales-title-eligibility", json.dumps(table)))
    header = out["header"]
    rows = [dict(zip(header, r["cells"], strict=True)) for r in out["rows"]]
    assert [r["行号"] for r in rows] == [2, 5, 6] and [r["姓名"] for r in rows] == ["张三", "李四", "王五"]
    assert header[:3] == ["行号", "姓名", "定级结果"] and header[-1] == "结果标识（供系统导入）"
    first = engine("sales-title-eligibility", {"education": "大专", "major_related": True, "years_since_graduation": 1})
    assert (
        rows[0]["定级结果"] == first["outcome"]["name"] and rows[0]["结果标识（供系统导入）"] == first["outcome"]["id"]
    )
    change = first["next"]["changes"][0]
    assert rows[0]["怎样得到更好的结果"] == (
        f"得到「{first['next']['outcome']['name']}」只需改一项：{change['label']} 1 → {change['to']:g}"
    )
    assert rows[0]["需评审认定的条件"] == "；".join(first["pending"]) != ""
    assert rows[1]["错误"] == "毕业年限应为数字，实际为 'abc'" and rows[1]["定级结果"] == ""
    assert out["rows"][1]["errors"] == {str(header.index("毕业年限")): "毕业年限应为数字，实际为 'abc'"}
    export = {"header": header, "rows": [r["cells"] for r in out["rows"]]}
    written = list(csv.reader(io.StringIO(teamfile().csv_bytes(json.dumps(export)).decode("utf-8-sig"))))
    assert written[0] == header and [line[0] for line in written[1:]] == ["2", "5", "6"]
    assert [line[header.index("怎样得到更好的结果")] for line in written[1:]] == [r["怎样得到更好的结果"] for r in rows]
    sheet = openpyxl.load_workbook(io.BytesIO(teamfile().xlsx_bytes(json.dumps(export)))).active
    assert [c.value for c in sheet[1]] == header and [sheet.cell(n, 1).value for n in (2, 3, 4)] == [2, 5, 6]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:{sheet.cell(4, len(header)).column_letter}4"
    assert all(c.font.b for c in sheet[1]) and not sheet["B2"].font.b
    widths = {letter: dim.width for letter, dim in sheet.column_dimensions.items()}
    column = {name: sheet.cell(1, n + 1).column_letter for n, name in enumerate(header)}
    assert widths[column["行号"]] == 2 * 2 + 5  # two CJK characters and the filter button
    assert widths[column["姓名"]] == 2 * 2 + 5
    verdict = max(len(r["定级结果"]) for r in rows)  # all CJK or full-width
    assert widths[column["定级结果"]] == min(2 * verdict + 2, 60)
    assert widths[column["需评审认定的条件"]] == 60  # long text: capped, not as wide as the text
