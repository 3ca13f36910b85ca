"""The page's CSV/XLSX reader and writer (standard library only) against openpyxl and Excel habits."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest

from tests.calculator_page.helpers import teamfile

TABLE = {
    "header": ["姓名", "沟通能力", "备注", "ok"],
    "rows": [["张三", 85, "<b>&amp;</b>", True], ['=HYPERLINK("x")', -5, "  ", None], ["李四", 72.5, "1.50", False]],
}


def test_xlsx_written_here_opens_in_openpyxl() -> None:
    data = teamfile().xlsx_bytes(json.dumps(TABLE))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == TABLE["header"]
    assert values[1] == ["张三", 85, "<b>&amp;</b>", True]
    assert values[2][:2] == ['=HYPERLINK("x")', -5]  # text, never a formula
    assert sheet["A3"].data_type == "s"
    assert values[3] == ["李四", 72.5, "1.50", False]


def test_xlsx_written_by_openpyxl_reads_here() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["level", "quarters.1.score", "说明"])
    sheet.append(["S5", 79.5, "共享字符串"])
    sheet.append([None, None, None])
    sheet.append(["S6", 80, True])
    sheet["E6"] = "远处的单元格"
    out = io.BytesIO()
    book.save(out)
    table = teamfile().read_table(out.getvalue(), "team.xlsx")
    assert table["header"] == ["level", "quarters.1.score", "说明", "", ""]
    assert table["rows"] == [
        ["S5", 79.5, "共享字符串", None, None],
        ["S6", 80, True, None, None],
        [None, None, None, None, "远处的单元格"],
    ]


@pytest.mark.parametrize(
    ("data", "name", "header"),
    [
        ("姓名,沟通能力\n张三,85\n".encode("utf-8-sig"), "a.csv", ["姓名", "沟通能力"]),
        ("姓名,沟通能力\n张三,85\n".encode("gb18030"), "a.csv", ["姓名", "沟通能力"]),
        ("姓名;沟通能力\n张三;85\n".encode(), "a.csv", ["姓名", "沟通能力"]),
        ("姓名\t沟通能力\n张三\t85\n".encode(), "a.txt", ["姓名", "沟通能力"]),
    ],
)
def test_csv_encodings_and_delimiters(data: bytes, name: str, header: list[str]) -> None:
    table = teamfile().read_table(data, name)
    assert table == {"header": header, "rows": [["张三", "85"]]}


def test_csv_written_guards_formulas_and_keeps_chinese_for_excel() -> None:
    data = teamfile().csv_bytes(json.dumps(TABLE))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1] == ["张三", "85", "<b>&amp;</b>", "是"]
    assert rows[2][:2] == ['\'=HYPERLINK("x")', "-5"]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "a.csv", "文件中没有数据"),
        (b"PK\x03\x04broken", "a.xlsx", "无法读取 Excel 文件"),
        (b"\xd0\xcf\x11\xe0", "old.xls", "不支持旧版 Excel"),
    ],
)
def test_unreadable_files_give_a_message_not_a_traceback(data: bytes, name: str, message: str) -> None:
    assert json.loads(teamfile().read_json(data, name))["error"].startswith(message)
