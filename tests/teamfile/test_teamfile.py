"""The page's CSV/XLSX reader and writer (standard library only) against openpyxl and Excel habits."""

from __future__ import annotations

import csv
import datetime
import io
import json
import time
import zipfile

import openpyxl
import pytest

import teamfile
from tests.teamfile.files import bomb, deflated, raw_zip, sheet, xlsx

TABLE = {
    "header": ["姓名", "沟通能力", "备注", "ok"],
    "rows": [["张三", 85, "<b>&amp;</b>", True], ['=HYPERLINK("x")', -5, "  ", None], ["李四", 72.5, "1.50", False]],
}


def test_xlsx_written_here_opens_in_openpyxl() -> None:
    data = teamfile.xlsx_bytes(json.dumps(TABLE))
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
    table = teamfile.read_table(out.getvalue(), "team.xlsx")
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
    table = teamfile.read_table(data, name)
    assert table == {"header": header, "rows": [["张三", "85"]], "numbers": [2]}


def test_csv_written_guards_formulas_and_keeps_chinese_for_excel() -> None:
    data = teamfile.csv_bytes(json.dumps(TABLE))
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
    assert json.loads(teamfile.read_json(data, name))["error"].startswith(message)


# ---------------------------------------------------------------- hostile and broken files (issue 11)


def error_of(data: bytes, name: str = "team.xlsx") -> str:
    """The reader's message for a file, in bounded time (the page's tab must never hang on it)."""
    started = time.perf_counter()
    answer = json.loads(teamfile.read_json(data, name))
    assert time.perf_counter() - started < 5.0, name  # a hang guard (the page's bound), not a speed target
    assert "error" in answer, answer
    return str(answer["error"])


def test_bad_cells_and_rows_give_messages_not_exceptions() -> None:
    assert "共享字符串" in error_of(xlsx('<row r="1"><c r="A1" t="s"><v>5</v></c></row>', "<si><t>a</t></si>"))
    assert "行号 'abc' 无效" in error_of(xlsx('<row r="abc"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>'))
    assert "位置 'ZZZZZZ2' 无效" in error_of(
        xlsx('<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="ZZZZZZ2"><v>1</v></c></row>')
    )
    assert "超过 1000 列" in error_of(xlsx('<row r="1"><c r="ALM1"><v>1</v></c></row>'))
    assert "第 300000000 行" not in error_of(xlsx('<row r="300000000"><c r="A300000000"><v>1</v></c></row>'))
    assert "上限" in error_of(
        xlsx('<row r="1"><c r="A1"><v>1</v></c></row><row r="200000"><c r="A200000"><v>1</v></c></row>')
    )
    assert "声明有 1048576 行" in error_of(
        xlsx('<row r="1"><c r="A1"><v>1</v></c></row>', head='<dimension ref="A1:B1048576"/>')
    )
    assert "声明有 16384 列" in error_of(
        xlsx('<row r="1"><c r="A1"><v>1</v></c></row>', head='<dimension ref="A1:XFD2"/>')
    )


def test_odd_numbers_are_kept_as_text_and_the_json_stays_valid() -> None:
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>分数</t></is></c></row>'
    rows += "".join(
        f'<row r="{n}"><c r="A{n}"><v>{v}</v></c></row>'
        for n, v in enumerate(["abc", "NaN", "1E+400", "-inf", "8_0"], 2)
    )
    text = teamfile.read_json(xlsx(rows), "t.xlsx")
    table = json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in the page's JSON"))
    assert [row[0] for row in table["rows"]] == ["abc", "NaN", "1E+400", "-inf", "8_0"]


def test_nested_or_huge_json_in_a_cell_is_refused_before_the_engine_sees_it() -> None:
    deep = "[" * 20_000 + "]" * 20_000  # 40,000 characters: more than a cell holds in Excel
    message = error_of(f"名称,monthly_scores\n张三,{deep}\n".encode(), "a.csv")
    assert message == "第 2 行有一个单元格超过 32767 个字符（Excel 单元格的上限）"
    deep = "[" * 16_000 + "]" * 16_000
    assert "嵌套超过 16 层" in error_of(f"名称,monthly_scores\n张三,{deep}\n".encode(), "a.csv")
    cell = f'<row r="1"><c r="A1" t="inlineStr"><is><t>{"[" * 20_000 + "]" * 20_000}</t></is></c></row>'
    assert "A1）的列表嵌套超过 16 层" in error_of(xlsx(cell))
    assert "超过 300 位的数字" in error_of(f'名称,monthly_scores\n张三,"[{"9" * 5000}, 1, 1]"\n'.encode(), "a.csv")
    fine = json.loads(
        teamfile.read_json('名称,quarters\n张三,"[{""score"": 80, ""note"": ""[[[[""}]"\n'.encode(), "a.csv")
    )
    assert fine["rows"][0][1].startswith("[{")


def test_a_stray_quote_in_a_csv_is_named_with_its_line() -> None:
    data = ('姓名,沟通能力\n张三,80\n"李四,70\n' + "王五,60\n" * 20_000).encode()
    message = error_of(data, "a.csv")
    assert message.startswith("从第 3 行起有一个单元格超过 32767 个字符：多半是这一行有一个未配对的引号")
    wide = ("a" + ",b" * 1500 + "\n1\n").encode()
    assert "超过 1000 列的上限" in error_of(wide, "a.csv")


def test_utf16_with_a_bom_reads_and_without_one_is_named() -> None:
    text = "name,communication\nZhang,85\n"
    assert json.loads(teamfile.read_json(text.encode("utf-16"), "a.csv"))["rows"] == [["Zhang", "85"]]
    assert "没有 BOM 的 UTF-16" in error_of(text.encode("utf-16-le"), "a.csv")
    assert "没有 BOM 的 UTF-16" in error_of("姓名,沟通能力\n张三,85\n".encode("utf-16-be"), "a.csv")


def test_zip_bombs_are_refused_from_the_zip_directory() -> None:
    started = time.perf_counter()
    data = bomb(3000)  # 3 MB of zip that inflates to 3 GB
    assert len(data) < 4 * 2**20
    assert "解压后有 3000 MB，超过上限 100 MB" in error_of(data)
    assert "压缩比异常" in error_of(bomb(50))  # 50 MB from 50 KB: under the size cap, not under the ratio
    assert "无法读取 Excel 文件" in error_of(
        bomb(3000, declared=4096)
    )  # a size that lies: read no further than it says
    print(f"zip bombs built and refused in {time.perf_counter() - started:.2f} s")


def test_an_entity_bomb_and_a_flood_of_elements_are_refused() -> None:
    laughs = '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    data = xlsx("").replace(b"x", b"x")  # a valid workbook, then its sheet replaced by one with a DTD
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename.endswith("sheet1.xml"):
                body = (laughs + sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row>')).encode()
            target.writestr(info, body)
    assert "DTD" in error_of(out.getvalue())
    junk = "".join(f'<x n="{n * 7919 % 100_003}"/>' for n in range(300_000))  # varied: not refused for its ratio
    flood = '<row r="1"><c r="A1"><v>1</v></c></row>' + junk
    assert "不是正常的工作表" in error_of(xlsx(flood))
    runs = '<row r="1"><c r="A1" t="inlineStr"><is>' + "<r><t>a</t></r>" * 2000 + "</is></c></row>"
    assert "超过 1000 个文字片段" in error_of(xlsx(runs))


def test_too_many_parts_are_refused_before_the_directory_is_read() -> None:
    members = [(f"x/{n}.xml", deflated(b""), 0, 0) for n in range(10_001)]
    assert "10001 个部件" in error_of(raw_zip(members))


def test_a_file_over_the_size_limit_is_refused() -> None:
    assert "超过上限 20 MB" in error_of(b"a,b\n" * (6 * 2**20), "a.csv")


def test_dates_read_as_iso_text() -> None:
    book = openpyxl.Workbook()
    book.active.append(["入职日期", "时间", "时刻", "数字"])
    book.active.append([datetime.date(2024, 3, 15), datetime.datetime(2024, 3, 15, 8, 30), datetime.time(8, 30), 45366])
    out = io.BytesIO()
    book.save(out)
    rows = teamfile.read_table(out.getvalue(), "t.xlsx")["rows"]
    assert rows == [["2024-03-15", "2024-03-15T08:30:00", "08:30:00", 45366]]
    book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    out = io.BytesIO()
    book.save(out)
    assert teamfile.read_table(out.getvalue(), "t.xlsx")["rows"][0][:2] == ["2024-03-15", "2024-03-15T08:30:00"]


def test_xlsx_downloads_are_compressed() -> None:
    rows = [[f"员工{n}", n % 100, "高级客户服务人员", "senior", 85.5, ""] for n in range(10_000)]
    data = teamfile.xlsx_bytes(json.dumps({"header": ["姓名", "分数", "结果", "代码", "得分", "错误"], "rows": rows}))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_DEFLATED}
        inflated = sum(info.file_size for info in archive.infolist())
    assert len(data) * 5 < inflated, (len(data), inflated)
    assert teamfile.read_table(data, "back.xlsx")["rows"][9_999][:2] == ["员工9999", 99]


def test_reading_in_steps_reports_progress_and_gives_the_same_table() -> None:
    rows = [[f"员工{n}", n % 100, n % 7] for n in range(30_000)]
    data = teamfile.xlsx_bytes(json.dumps({"header": ["姓名", "a", "b"], "rows": rows}))
    answer = json.loads(teamfile.open_table(data, "team.xlsx"))
    seen = []
    while not answer.get("done"):
        assert "error" not in answer
        seen.append(answer["progress"])
        answer = json.loads(teamfile.read_more(0.01))
    assert len(seen) > 2 and seen == sorted(seen)
    assert answer["table"] == teamfile.read_table(data, "team.xlsx")
