"""Team files for the calculator page: read CSV/XLSX into a table, write CSV/XLSX back.

Standard library only (csv, zipfile, xml.etree), so it runs under Pyodide without
openpyxl: the Pyodide npm package does not ship openpyxl, and the build must not
download anything. It knows nothing about grading; `calculator.browser.team_json`
maps columns to inputs. The build packs this file into its own small wheel.
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
import re
import zipfile
from typing import Any
from xml.etree import ElementTree

Table = dict[str, Any]  # {"header": [str, ...], "rows": [[cell, ...], ...]}

MAX_ROWS = 100_000
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?(0|[1-9]\d{0,14})(\.\d*[1-9])?")  # text that is exactly a number as written


class TableError(ValueError):
    """A file that cannot be read as a table; the message says why, in Chinese."""


# ---------------------------------------------------------------- reading


def read_json(data: Any, name: str) -> str:
    """Read an uploaded file (bytes, or a Pyodide proxy of a Uint8Array) as table JSON, or {"error"}."""
    raw = data.to_bytes() if hasattr(data, "to_bytes") else bytes(data)
    try:
        return json.dumps(read_table(raw, name), ensure_ascii=False)
    except TableError as error:
        return json.dumps({"error": str(error)}, ensure_ascii=False)


def read_table(data: bytes, name: str) -> Table:
    """A CSV or XLSX file as header and rows; blank rows are dropped."""
    if data[:2] == b"PK" or name.lower().endswith((".xlsx", ".xlsm")):
        rows = read_xlsx(data)
    elif name.lower().endswith(".xls"):
        raise TableError("不支持旧版 Excel（.xls）文件：请在 Excel 中另存为 .xlsx 或 CSV 后再上传")
    else:
        rows = read_csv(data)
    rows = [row for row in rows if any(not _blank(cell) for cell in row)]
    if not rows:
        raise TableError("文件中没有数据：第一行应为列名，其后每行一人")
    if len(rows) > MAX_ROWS + 1:
        raise TableError(f"文件有 {len(rows) - 1} 行数据，超过上限 {MAX_ROWS} 行")
    header = [str(cell).strip() if cell is not None else "" for cell in rows[0]]
    width = max(len(row) for row in rows)
    header += [""] * (width - len(header))
    return {"header": header, "rows": [row + [None] * (width - len(row)) for row in rows[1:]]}


def _blank(cell: Any) -> bool:
    """An empty cell."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


def decode_text(data: bytes) -> str:
    """Text of a CSV file: UTF-8 (with or without BOM), else GB18030 as Chinese Excel saves it."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError("无法识别文件编码：请保存为 UTF-8 或 GBK 编码的 CSV")


def read_csv(data: bytes) -> list[list[Any]]:
    """Rows of a CSV file; the delimiter (comma, semicolon, tab) is taken from the first line."""
    text = decode_text(data)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _local(tag: str) -> str:
    """An XML tag without its namespace (both transitional and strict OOXML)."""
    return tag.rsplit("}", 1)[-1]


def _children(element: ElementTree.Element, name: str) -> list[ElementTree.Element]:
    """Direct children with a local name."""
    return [child for child in element if _local(child.tag) == name]


def _text(element: ElementTree.Element) -> str:
    """All text of `t` elements below an element (rich text runs joined)."""
    return "".join(node.text or "" for node in element.iter() if _local(node.tag) == "t")


def read_xlsx(data: bytes) -> list[list[Any]]:
    """Rows of the first worksheet of an XLSX file, with numbers as numbers."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            shared = _shared_strings(archive)
            sheet = ElementTree.fromstring(archive.read(_first_sheet(archive)))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as error:
        raise TableError(f"无法读取 Excel 文件（{error}）：请确认是 .xlsx 格式") from None
    rows: dict[int, dict[int, Any]] = {}
    for data_node in (n for n in sheet if _local(n.tag) == "sheetData"):
        for position, row in enumerate(_children(data_node, "row"), start=1):
            number = int(row.get("r", position))
            cells = rows.setdefault(number, {})
            for column, cell in enumerate(_children(row, "c")):
                ref = CELL_REF.match(cell.get("r", ""))
                cells[_column_index(ref[1]) if ref else column] = _cell_value(cell, shared)
    if not rows:
        return []
    width = max((max(cells) + 1 for cells in rows.values() if cells), default=0)
    return [[rows.get(r, {}).get(c) for c in range(width)] for r in range(1, max(rows) + 1)]


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    """The workbook's shared strings table (empty when there is none)."""
    try:
        root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
    except KeyError:
        return []
    return [_text(item) for item in root if _local(item.tag) == "si"]


def _first_sheet(archive: zipfile.ZipFile) -> str:
    """The archive path of the workbook's first worksheet."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    sheets = [node for node in workbook.iter() if _local(node.tag) == "sheet"]
    if not sheets:
        raise KeyError("workbook has no sheets")
    rel_id = next((v for k, v in sheets[0].attrib.items() if _local(k) == "id"), None)
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels:
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else "xl/" + target
    raise KeyError("worksheet of the first sheet")


def _column_index(letters: str) -> int:
    """0-based column of `A`, `Z`, `AA`…"""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _cell_value(cell: ElementTree.Element, shared: list[str]) -> Any:
    """A cell's value: text, number (int when whole), bool, or None."""
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return _text(cell)
    value = next((node.text for node in cell if _local(node.tag) == "v"), None)
    if value is None:
        return None
    if kind == "s":
        return shared[int(value)]
    if kind == "b":
        return value.strip() == "1"
    if kind in ("str", "e"):
        return value
    number = float(value)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


# ---------------------------------------------------------------- writing


def csv_bytes(table_json: str) -> bytes:
    """A table as CSV in UTF-8 with BOM (so Excel shows Chinese); text that looks like a formula is quoted off."""
    table = json.loads(table_json)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_safe_text(h) for h in table["header"]])
    writer.writerows([[_csv_cell(cell) for cell in row] for row in table["rows"]])
    return out.getvalue().encode("utf-8-sig")


def _csv_cell(cell: Any) -> Any:
    """A cell for CSV: numbers as they are, text guarded against formula injection."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "是" if cell else "否"
    return cell if isinstance(cell, (int, float)) else _safe_text(str(cell))


def _safe_text(text: str) -> str:
    """Text that a spreadsheet will not run as a formula (numbers such as -5 stay as they are)."""
    if text.startswith(FORMULA_START):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text


def xlsx_bytes(table_json: str, sheet: str = "定级结果") -> bytes:
    """A table as a one-sheet XLSX workbook: header row in bold, numbers as numbers."""
    table = json.loads(table_json)
    rows = [table["header"], *table["rows"]]
    body = "".join(_xlsx_row(number, row, bold=number == 1) for number, row in enumerate(rows, start=1))
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _ROOT_RELS,
        "xl/workbook.xml": _WORKBOOK.format(sheet=_xml(sheet)),
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
        "xl/styles.xml": _STYLES,
        "xl/worksheets/sheet1.xml": _SHEET.format(rows=body),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in parts.items():
            archive.writestr(zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0)), text.encode("utf-8"))
    return out.getvalue()


def _xml(text: str) -> str:
    """Text safe inside XML: escaped, without characters XML forbids.

    `html.escape` rather than `xml.sax.saxutils.escape`: the latter imports urllib.request,
    which costs about 0.2 s of the page's start under Pyodide.
    """
    return html.escape(ILLEGAL_XML.sub("", text))


def _column_letters(index: int) -> str:
    """`A` for 0, `AA` for 26…"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _xlsx_row(number: int, row: list[Any], bold: bool) -> str:
    """One `<row>` with its cells."""
    style = ' s="1"' if bold else ""
    cells = []
    for column, cell in enumerate(row):
        ref = f"{_column_letters(column)}{number}"
        if cell is None or cell == "":
            continue
        if isinstance(cell, str) and PLAIN_NUMBER.fullmatch(cell):
            cell = float(cell) if "." in cell else int(cell)
        if isinstance(cell, bool):
            cells.append(f'<c r="{ref}" t="b"{style}><v>{int(cell)}</v></c>')
        elif isinstance(cell, (int, float)) and math.isfinite(cell):
            cells.append(f'<c r="{ref}"{style}><v>{cell!r}</v></c>')
        else:
            text = _xml(str(cell))
            cells.append(f'<c r="{ref}" t="inlineStr"{style}><is><t xml:space="preserve">{text}</t></is></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'


_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_SML = "application/vnd.openxmlformats-officedocument.spreadsheetml"

_CONTENT_TYPES = (
    f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_SML}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_SML}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_SML}.styles+xml"/>'
    "</Types>"
)

_ROOT_RELS = (
    f'{_XML}<Relationships xmlns="{_PKG_RELS}">'
    f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)

_WORKBOOK = (
    f'{_XML}<workbook xmlns="{_MAIN_NS}" xmlns:r="{REL_NS}">'
    '<sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)

_WORKBOOK_RELS = (
    f'{_XML}<Relationships xmlns="{_PKG_RELS}">'
    f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL_NS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)

_STYLES = (
    f'{_XML}<styleSheet xmlns="{_MAIN_NS}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)

_SHEET = f'{_XML}<worksheet xmlns="{_MAIN_NS}"><sheetData>{{rows}}</sheetData></worksheet>'
