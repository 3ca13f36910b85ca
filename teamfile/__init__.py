"""Team files for the calculator page: read CSV/XLSX into a table, write CSV/XLSX back.

Standard library only (csv, zipfile, xml.etree), so it runs under Pyodide without
openpyxl: the Pyodide npm package does not ship openpyxl, and the build must not
download anything. It knows nothing about grading; `calculator.browser.team_json`
maps columns to inputs. The build packs this package into its own small wheel.

Reading is bounded: a file is refused with a Chinese message before the work it would
cause (its size, the zip's entries, each part's declared size and compression ratio, the
sheet's declared dimensions, cell references, rows, columns and cells, text nested in
cells). And it is done in steps: `open_table` checks and starts, `read_more` reads for
about STEP_SECONDS and says how far it got, so the page stays responsive and shows
progress; `read_json` does all steps at once.

May import: the standard library only.
"""

from __future__ import annotations

import csv
import datetime
import html
import io
import json
import math
import re
import time
import unicodedata
import zipfile
from collections.abc import Generator, Iterator
from typing import Any
from xml.etree import ElementTree

Table = dict[str, Any]  # {"header": [str, ...], "rows": [[cell, ...], ...], "numbers": [int, ...]}
Row = tuple[int, list[Any]]  # a row of the file with its number as a spreadsheet shows it (1 for the first)

MAX_BYTES = 20 * 2**20  # the uploaded file
MAX_ROWS = 100_000  # people, besides the header row
MAX_COLUMNS = 1_000
MAX_CELLS = 1_000_000  # rows x columns of the table (100,000 people with 10 columns)
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_PART_BYTES = 100 * 2**20  # one XML part of an XLSX, uncompressed
MAX_SMALL_PART = 10 * 2**20  # the workbook, its relationships and styles
MAX_RATIO = 200  # uncompressed / compressed size of a part; a zip bomb has about 1,000
MAX_ENTRIES = 10_000  # files in the zip
MAX_CELL_NODES = 1_000  # XML elements inside one cell (rich text runs)
MAX_NESTING = 16  # brackets in a cell that reads as JSON (a list of records needs 2)
MAX_DIGITS = 300  # digits in a row inside such a cell (Python refuses ints over 4,300 digits)
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384
STEP_SECONDS = 0.05  # work per `read_more` call
CHUNK = 1 << 18  # bytes of XML fed to the parser at a time (about 30 ms of parsing under Pyodide)

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CELL_REF = re.compile(r"^([A-Z]{1,3})([0-9]{1,7})$")
ROW_NUMBER = re.compile(r"^[0-9]{1,7}$")
NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?$")
DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{0,3})([0-9]{0,7})(?::([A-Z]{0,3})([0-9]{0,7}))?\"")
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?(0|[1-9]\d{0,14})(\.\d*[1-9])?")  # text that is exactly a number as written
JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
JSON_NESTING = re.compile(r"[\[\]{}]")
LONG_DIGITS = re.compile(f"[0-9]{{{MAX_DIGITS + 1}}}")
DATE_FORMATS = {*range(14, 18), 22, *range(27, 32), *range(36, 37), *range(50, 59)}  # built-in ids with a date
TIME_FORMATS = {18, 19, 20, 21, 32, 33, 34, 35, 45, 46, 47}  # built-in ids with a time of day only
FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')  # quoted text, escapes, [colours], padding


class TableError(ValueError):
    """A file that cannot be read as a table; the message says why, in Chinese."""


# ---------------------------------------------------------------- reading


def read_json(data: Any, name: str) -> str:
    """Read an uploaded file (bytes, or a Pyodide proxy of a Uint8Array) as table JSON, or {"error"}."""
    answer = json.loads(open_table(data, name))
    while not answer.get("done") and "error" not in answer:
        answer = json.loads(read_more(seconds=math.inf))
    answer.pop("done", None)
    return json.dumps(answer.get("table", answer), ensure_ascii=False, allow_nan=False)


_READING: dict[str, Any] = {}  # the one file being read by the page: its steps


def open_table(data: Any, name: str) -> str:
    """Check a file and start reading it: {"done": false, "progress": 0} or {"error": "…"}."""
    _READING.clear()
    raw = data.to_bytes() if hasattr(data, "to_bytes") else bytes(data)
    try:
        _READING["steps"] = _read_steps(raw, str(name))
    except TableError as error:
        return _dumps({"error": str(error)})
    return read_more()


def read_more(seconds: float = STEP_SECONDS) -> str:
    """Read on for about `seconds`: {"done": false, "progress": 0.4}, {"done": true, "table": …} or {"error"}."""
    steps = _READING.get("steps")
    if steps is None:
        return _dumps({"error": "没有正在读取的文件"})
    started = time.monotonic()
    try:
        while True:
            progress = next(steps)
            if time.monotonic() - started >= seconds:
                return _dumps({"done": False, "progress": round(progress, 3)})
    except StopIteration as finished:
        _READING.clear()
        return _dumps({"done": True, "table": finished.value})
    except TableError as error:
        _READING.clear()
        return _dumps({"error": str(error)})
    except (MemoryError, RecursionError):
        _READING.clear()
        return _dumps({"error": "文件太大或结构太复杂，无法在浏览器中读取：请拆成几个较小的文件"})


def _dumps(data: Any) -> str:
    """JSON for the page; a non-finite number never gets here (the page's JSON.parse would fail on it)."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False)


def read_table(data: bytes, name: str) -> Table:
    """A CSV or XLSX file as header and rows; blank rows are dropped."""
    steps = _read_steps(data, name)
    while True:
        try:
            next(steps)
        except StopIteration as finished:
            table: Table = finished.value
            return table


def _read_steps(data: bytes, name: str) -> Generator[float, None, Table]:
    """The checks that cost nothing happen now; the generator then reads, yielding its progress (0-1)."""
    if len(data) > MAX_BYTES:
        raise TableError(f"文件有 {len(data) / 2**20:.1f} MB，超过上限 {MAX_BYTES // 2**20} MB：请拆成几个文件")
    lower = name.lower()
    if data[:4] == b"\xd0\xcf\x11\xe0":  # an OLE compound file: .xls, or an .xlsx saved with a password
        if lower.endswith((".xlsx", ".xlsm")):
            raise TableError("文件已加密（设置了打开密码）或是旧版 Excel 格式：请取消密码并另存为 .xlsx 后再上传")
        raise TableError("不支持旧版 Excel（.xls）文件：请在 Excel 中另存为 .xlsx 或 CSV 后再上传")
    if data[:2] == b"PK" or lower.endswith((".xlsx", ".xlsm")):
        rows = _xlsx_rows(data)
    elif lower.endswith(".xls"):
        raise TableError("不支持旧版 Excel（.xls）文件：请在 Excel 中另存为 .xlsx 或 CSV 后再上传")
    else:
        rows = _csv_rows(data)
    return _table_steps(rows)


def _table_steps(rows: Iterator[float | Row]) -> Generator[float, None, Table]:
    """Collect the reader's rows (it yields progress between them), check them, then square the table."""
    kept: list[list[Any]] = []
    numbers: list[int] = []  # each kept row's number in the file: blank rows are dropped but still counted
    cells = 0
    for item in rows:
        if isinstance(item, float):
            yield item
            continue
        number, row = item
        if not any(not _blank(cell) for cell in row):
            continue
        if len(kept) > MAX_ROWS:
            raise TableError(f"文件超过 {MAX_ROWS} 行数据的上限：请拆成几个文件")
        cells += len(row)
        if cells > MAX_CELLS:
            raise TableError(f"文件超过 {MAX_CELLS:,} 个单元格的上限：请删去不需要的列或拆成几个文件")
        for column, cell in enumerate(row):
            if isinstance(cell, str) and cell[:1] in _JSON_START:
                _check_nested(cell, number, column)
        kept.append(row)
        numbers.append(number)
    if not kept:
        raise TableError("文件中没有数据：第一行应为列名，其后每行一人")
    width = max(len(row) for row in kept)
    if width * len(kept) > MAX_CELLS:  # checked before the rows are padded to the same width
        raise TableError(
            f"表格有 {len(kept) - 1} 行 × {width} 列，超过 {MAX_CELLS:,} 个单元格的上限："
            "远处可能有零散的内容，请删去不需要的行和列"
        )
    header = [str(cell).strip() if cell is not None else "" for cell in kept[0]]
    header += [""] * (width - len(header))
    yield 1.0
    squared = [row + [None] * (width - len(row)) for row in kept[1:]]
    return {"header": header, "rows": squared, "numbers": numbers[1:]}


_JSON_START = frozenset("[{ \t\r\n")  # a cell that may read as JSON once stripped


def _check_nested(cell: str, row: int, column: int) -> None:
    """A cell that reads as JSON (a whole list in one cell) must stay within what the engine can take."""
    text = cell.lstrip()
    if not text.startswith(("[", "{")):
        return
    where = f"第 {row} 行第 {column + 1} 列（{_column_letters(column)}{row}）"
    bare = JSON_STRING.sub('""', text)
    depth = 0
    for match in JSON_NESTING.finditer(bare):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_NESTING:
            raise TableError(f"{where}的列表嵌套超过 {MAX_NESTING} 层：一个人的列表最多两层（如 [{{…}}, {{…}}]）")
    if LONG_DIGITS.search(bare):
        raise TableError(f"{where}有超过 {MAX_DIGITS} 位的数字")


def _blank(cell: Any) -> bool:
    """An empty cell."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


# ---------------------------------------------------------------- CSV


def decode_text(data: bytes) -> str:
    """Text of a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 as Chinese Excel saves it."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise TableError("文件标明是 UTF-16 编码，但内容无法按 UTF-16 读取：请另存为 UTF-8 编码的 CSV") from None
    head = data[:4096]
    zeros = head.count(b"\x00")
    if zeros and max(head[0::2].count(b"\x00"), head[1::2].count(b"\x00")) >= 0.9 * zeros:
        # zero bytes all on one side of the pairs: UTF-16 (the high byte of ASCII characters) without its BOM
        raise TableError("文件似乎是没有 BOM 的 UTF-16 编码：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再上传")
    if b"\x00" in data:
        raise TableError("文件中含有空字符（\\0），不是文本 CSV：请确认上传的是 CSV 或 .xlsx 文件")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError("无法识别文件编码：请保存为 UTF-8 或 GBK 编码的 CSV")


def _csv_rows(data: bytes) -> Iterator[float | Row]:
    """Rows of a CSV file, with progress; the delimiter (comma, semicolon, tab) is taken from the first line."""
    text = decode_text(data)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    if text.count(delimiter) > MAX_CELLS:  # checked before csv builds the rows
        raise TableError(f"文件超过 {MAX_CELLS:,} 个单元格的上限：请拆成几个文件")
    return _csv_steps(text, delimiter)


def _csv_steps(text: str, delimiter: str) -> Iterator[float | Row]:
    """The rows of CSV text; a field over MAX_CELL_CHARS (a stray quote swallows the rest) is an error."""
    limit = csv.field_size_limit(MAX_CELL_CHARS)
    try:
        source = io.StringIO(text, newline="")
        reader = csv.reader(source, delimiter=delimiter)
        size = max(len(text), 1)
        last = 0  # the line where the last good row ended: a runaway quoted field starts after it
        for count, row in enumerate(reader):
            if len(row) > MAX_COLUMNS:
                raise TableError(f"第 {reader.line_num} 行有 {len(row)} 列，超过 {MAX_COLUMNS} 列的上限")
            last = reader.line_num
            yield count + 1, list(row)  # the record's number, as a spreadsheet numbers the rows of this file
            if count % 2000 == 0:
                yield source.tell() / size
    except csv.Error as error:
        line = last + 1
        if "field larger than field limit" in str(error):
            pieces = text.split("\n", line)
            if len(pieces) >= line and '"' in pieces[line - 1]:
                raise TableError(
                    f'从第 {line} 行起有一个单元格超过 {MAX_CELL_CHARS} 个字符：多半是这一行有一个未配对的引号（"）'
                ) from None
            raise TableError(f"第 {line} 行有一个单元格超过 {MAX_CELL_CHARS} 个字符（Excel 单元格的上限）") from None
        raise TableError(f"第 {line} 行不是有效的 CSV（{error}）") from None
    finally:
        csv.field_size_limit(limit)


# ---------------------------------------------------------------- XLSX


def _xlsx_rows(data: bytes) -> Iterator[float | Row]:
    """Check the archive and its parts before reading, then read the first worksheet's rows with progress."""
    _check_entries(data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        sheet = _first_sheet(archive)
        parts = {"sheet": _member(archive, sheet, MAX_PART_BYTES)}
        for key, path, cap in (
            ("shared", "xl/sharedStrings.xml", MAX_PART_BYTES),
            ("styles", "xl/styles.xml", MAX_SMALL_PART),
        ):
            if path in archive.NameToInfo:
                parts[key] = _member(archive, path, cap)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, EOFError) as error:
        raise TableError(f"无法读取 Excel 文件（{_short(error)}）：请确认是 .xlsx 格式") from None
    return _xlsx_steps(archive, parts)


def _check_entries(data: bytes) -> None:
    """The zip's count of files, from its end record, before the directory is read."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end != -1 and len(data) >= end + 12:
        entries = int.from_bytes(data[end + 10 : end + 12], "little")
        if entries > MAX_ENTRIES:
            raise TableError(f"Excel 文件中有 {entries} 个部件，不是正常的工作簿")


def _member(archive: zipfile.ZipFile, path: str, cap: int) -> zipfile.ZipInfo:
    """A part of the workbook, after its declared size and compression ratio are checked."""
    info = archive.getinfo(path)
    if info.file_size > cap:
        raise TableError(f"Excel 文件中的 {path} 解压后有 {info.file_size / 2**20:.0f} MB，超过上限 {cap // 2**20} MB")
    if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):  # small parts exempt
        raise TableError(
            f"Excel 文件中的 {path} 压缩比异常（{info.file_size // max(info.compress_size, 1)}:1），可能是恶意文件"
        )
    if info.flag_bits & 0x1:
        raise TableError("Excel 文件已加密：请取消密码后再上传")
    return info


def _short(error: BaseException) -> str:
    """An exception's text for a message, shortened."""
    text = str(error) or type(error).__name__
    return text if len(text) <= 80 else text[:77] + "…"


def _xml_chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A part's XML in chunks, never more than its declared size, refusing a DTD (entity expansion)."""
    read = 0
    tail = b""
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(CHUNK):
                read += len(chunk)
                if read > info.file_size:
                    raise TableError(f"Excel 文件中的 {info.filename} 比它声明的更大，可能是恶意文件")
                if b"<!DOCTYPE" in tail + chunk[:16] or b"<!DOCTYPE" in chunk or b"<!ENTITY" in chunk:
                    raise TableError("Excel 文件中含有 DTD 声明（<!DOCTYPE>），正常的工作簿没有：可能是恶意文件")
                tail = chunk[-16:]
                yield chunk
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as error:
        raise TableError(f"无法读取 Excel 文件（{_short(error)}）：请确认是 .xlsx 格式") from None


def _parse(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> ElementTree.Element:
    """A small part (workbook, relationships, styles) as a tree, read within its limits."""
    parser = ElementTree.XMLParser()
    try:
        for chunk in _xml_chunks(archive, info):
            parser.feed(chunk)
        root: ElementTree.Element = parser.close()
        return root
    except ElementTree.ParseError as error:
        raise TableError(f"Excel 文件中的 {info.filename} 不是有效的 XML（{_short(error)}）") from None


def _local(tag: str) -> str:
    """An XML tag without its namespace (both transitional and strict OOXML)."""
    return tag.rsplit("}", 1)[-1]


def _children(element: ElementTree.Element, name: str) -> list[ElementTree.Element]:
    """Direct children with a local name."""
    return [child for child in element if _local(child.tag) == name]


def _text(element: ElementTree.Element) -> str:
    """All text of `t` elements below an element (rich text runs joined), within MAX_CELL_NODES elements."""
    namespace = element.tag[: -len(_local(element.tag))]
    parts = [node.text or "" for node in element.iter(namespace + "t")]
    if len(parts) > MAX_CELL_NODES:
        raise TableError(f"Excel 文件中有一个单元格含有超过 {MAX_CELL_NODES} 个文字片段，不是正常的工作簿")
    return parts[0] if len(parts) == 1 else "".join(parts)


def _first_sheet(archive: zipfile.ZipFile) -> str:
    """The archive path of the workbook's first worksheet."""
    workbook = _parse(archive, _member(archive, "xl/workbook.xml", MAX_SMALL_PART))
    sheets = [node for node in workbook.iter() if _local(node.tag) == "sheet"]
    if not sheets:
        raise KeyError("workbook has no sheets")
    rel_id = next((v for k, v in sheets[0].attrib.items() if _local(k) == "id"), None)
    rels = _parse(archive, _member(archive, "xl/_rels/workbook.xml.rels", MAX_SMALL_PART))
    for rel in rels:
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else "xl/" + target
    raise KeyError("worksheet of the first sheet")


def _epoch(archive: zipfile.ZipFile) -> datetime.datetime:
    """Day 0 of the workbook's dates: 1899-12-30, or 1904-01-01 for the 1904 date system (old Mac Excel)."""
    workbook = _parse(archive, _member(archive, "xl/workbook.xml", MAX_SMALL_PART))
    for node in workbook.iter():
        if _local(node.tag) == "workbookPr" and node.get("date1904", "").lower() in ("1", "true"):
            return datetime.datetime(1904, 1, 1)
    return datetime.datetime(1899, 12, 30)


def _date_styles(archive: zipfile.ZipFile, info: zipfile.ZipInfo | None) -> dict[int, str]:
    """Cell style index -> "date", "datetime" or "time", for the styles whose number format shows a date."""
    if info is None:
        return {}
    root = _parse(archive, info)
    custom: dict[int, str] = {}
    for node in root.iter():
        if _local(node.tag) == "numFmt":
            try:
                custom[int(node.get("numFmtId", ""))] = node.get("formatCode", "")
            except ValueError:
                continue
    kinds: dict[int, str] = {}
    for node in root:
        if _local(node.tag) != "cellXfs":
            continue
        for index, xf in enumerate(_children(node, "xf")):
            try:
                number_format = int(xf.get("numFmtId", "0"))
            except ValueError:
                continue
            kind = _format_kind(number_format, custom.get(number_format))
            if kind:
                kinds[index] = kind
    return kinds


def _format_kind(number_format: int, code: str | None) -> str | None:
    """Whether a number format shows a date, a date and time, or a time of day."""
    if code is None:
        if number_format in TIME_FORMATS:
            return "time"
        return "datetime" if number_format == 22 else "date" if number_format in DATE_FORMATS else None
    bare = FORMAT_NOISE.sub("", code).lower()
    if "[h" in code.lower() or "[m" in code.lower() or "[s" in code.lower():
        return None  # elapsed time ([h]:mm): a duration, not a date
    has_date = "y" in bare or "d" in bare or "e" in bare.replace("general", "")
    has_time = "h" in bare or "s" in bare
    if has_date:
        return "datetime" if has_time else "date"
    return "time" if has_time else None


def _xlsx_steps(archive: zipfile.ZipFile, parts: dict[str, zipfile.ZipInfo]) -> Iterator[float | Row]:
    """Shared strings, then the sheet's rows in order; progress is the share of XML bytes read."""
    total = sum(info.file_size for key, info in parts.items() if key != "styles") or 1
    done = 0
    shared: list[str] = []
    if "shared" in parts:
        for chunk, nodes in _elements(archive, parts["shared"], "si"):
            for node in nodes:
                shared.append(_text(node))
                node.clear()
            if len(shared) > MAX_CELLS:
                raise TableError(f"Excel 文件的共享字符串超过 {MAX_CELLS:,} 个")
            done += chunk
            yield min(done / total, 0.98)
    styles = _date_styles(archive, parts.get("styles"))
    epoch = _epoch(archive) if styles else datetime.datetime(1899, 12, 30)
    rows: dict[int, dict[int, Any]] = {}
    position = cells_read = 0
    for chunk, nodes in _elements(archive, parts["sheet"], "row", _check_dimension):
        for node in nodes:
            position = _row_number(node.get("r"), position + 1)
            cells = rows.setdefault(position, {})
            namespace = node.tag[:-3]
            for column, cell in enumerate(node.iterfind(namespace + "c")):
                index = _cell_column(cell.get("r"), column, position)
                cells[index] = _cell_value(cell, namespace, shared, styles, epoch, position, index)
            cells_read += len(node)
            if cells_read > MAX_CELLS:
                raise TableError(f"文件超过 {MAX_CELLS:,} 个单元格的上限：请删去不需要的列或拆成几个文件")
            node.clear()
        done += chunk
        yield min(done / total, 0.98)
    for count, number in enumerate(sorted(rows), start=1):
        cells = rows.pop(number)
        if cells:
            yield number, [cells.get(c) for c in range(max(cells) + 1)]
        if count % 5000 == 0:
            yield 0.99  # the rows are checked as they come: let the page repaint between them


MAX_PENDING = 200_000  # XML elements parsed since the last row (or shared string) ended; a normal sheet has a few


def _elements(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, first: Any = None
) -> Iterator[tuple[int, list[ElementTree.Element]]]:
    """Each chunk's size and the `name` elements it completed, streamed; anything else piling up is refused.

    Only end events are asked for, and an element's tag is compared whole once its namespace is
    known (transitional and strict OOXML differ): this loop runs for every cell of the file.
    """
    parser: ElementTree.XMLPullParser[ElementTree.Element] = ElementTree.XMLPullParser(events=("end",))
    wanted: str | None = None
    pending = 0
    for chunk in _xml_chunks(archive, info):
        if first is not None:
            first(chunk)
            first = None
        _feed(parser, chunk, info.filename)
        found = []
        for event in parser.read_events():
            node = event[-1]
            if not isinstance(node, ElementTree.Element):
                continue  # only "end" events are asked for: each carries an element
            tag = node.tag
            if tag == wanted or (wanted is None and _local(tag) == name):
                wanted = tag
                found.append(node)
                pending = 0
            else:
                pending += 1
                if pending > MAX_PENDING:
                    raise TableError(f"Excel 文件中的 {info.filename} 含有大量不是单元格的内容，不是正常的工作表")
        yield len(chunk), found


def _feed(parser: ElementTree.XMLPullParser[ElementTree.Element], chunk: bytes, name: str) -> None:
    """Feed XML to a parser; broken XML is a message."""
    try:
        parser.feed(chunk)
    except ElementTree.ParseError as error:
        raise TableError(f"Excel 文件中的 {name} 不是有效的 XML（{_short(error)}）") from None


def _check_dimension(head: bytes) -> None:
    """The sheet's declared size (`<dimension ref="A1:D20">`), refused before any row is read."""
    match = DIMENSION.search(head[:4096])
    if not match:
        return
    last_column, last_row = match[3] or match[1], match[4] or match[2]
    columns = _column_index(last_column.decode()) + 1 if last_column else 0
    if columns > MAX_COLUMNS:
        letters = last_column.decode()
        raise TableError(f"工作表声明有 {columns} 列（到 {letters} 列），超过 {MAX_COLUMNS} 列的上限")
    if last_row and int(last_row) > MAX_ROWS + 1:
        raise TableError(
            f"工作表声明有 {int(last_row)} 行，超过 {MAX_ROWS} 行数据的上限：请删去不需要的行或拆成几个文件"
        )


def _row_number(text: str | None, position: int) -> int:
    """A row's number: its `r`, else the next after the previous row."""
    if text is None:
        return position
    if not ROW_NUMBER.match(text) or not 1 <= int(text) <= EXCEL_ROWS:
        raise TableError(f"Excel 文件中有一行的行号 {text[:20]!r} 无效（应为 1-{EXCEL_ROWS} 的整数）")
    if int(text) > MAX_ROWS + 1:
        raise TableError(f"Excel 文件的第 {text} 行超过 {MAX_ROWS} 行数据的上限：请删去不需要的行或拆成几个文件")
    return int(text)


def _cell_column(ref: str | None, position: int, row: int) -> int:
    """A cell's 0-based column: from its reference (`C7`), else its position in the row."""
    if ref is None:
        index = position
    else:
        match = CELL_REF.match(ref)
        if not match or int(match[2]) != row:
            raise TableError(f"Excel 文件第 {row} 行中有一个单元格的位置 {ref[:20]!r} 无效")
        index = _COLUMNS.get(match[1], -1)
        if index < 0:
            index = _COLUMNS[match[1]] = _column_index(match[1])
        if index >= EXCEL_COLUMNS:
            raise TableError(f"Excel 文件中的单元格 {ref} 超出了 Excel 的最大列 XFD")
    if index >= MAX_COLUMNS:
        letters = _column_letters(index)
        raise TableError(f"Excel 文件第 {row} 行有内容在第 {index + 1} 列（{letters}），超过 {MAX_COLUMNS} 列的上限")
    return index


_COLUMNS: dict[str, int] = {}  # column letters seen so far, and their index


def _column_index(letters: str) -> int:
    """0-based column of `A`, `Z`, `AA`…"""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _cell_value(
    cell: ElementTree.Element,
    namespace: str,
    shared: list[str],
    styles: dict[int, str],
    epoch: datetime.datetime,
    row: int,
    column: int,
) -> Any:
    """A cell's value: text, number (int when whole), bool, a date as ISO text, or None."""
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return _text(cell)
    value = cell.findtext(namespace + "v")
    if value is None:
        return None
    if kind == "n":
        text = value.strip()
        if not NUMBER.match(text):
            return value  # not a number after all: the engine says so, as for any text
        number = float(text)
        if not math.isfinite(number):
            return value  # 1E+400 and the like: kept as written, so the page's JSON stays valid
        if styles:
            style = styles.get(int(cell.get("s", "0"))) if cell.get("s", "0").isdigit() else None
            if style:
                return _date_text(number, style, epoch) or (int(number) if number.is_integer() else number)
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if kind == "s":
        if not value.strip().isdigit() or int(value) >= len(shared):
            where = f"{_column_letters(column)}{row}"
            raise TableError(f"Excel 文件的单元格 {where} 引用了不存在的共享字符串（{value[:20]}）：文件可能已损坏")
        return shared[int(value)]
    if kind == "b":
        return value.strip() == "1"
    return value  # "str", "e", "d": a formula's text, an error such as #DIV/0!, a date already in ISO form


def _date_text(serial: float, kind: str, epoch: datetime.datetime) -> str | None:
    """An Excel date serial as ISO text: `2024-03-15`, `2024-03-15T08:30:00`, or `08:30:00`."""
    if not 0 <= serial < 2_958_466:  # Excel's dates end at 9999-12-31
        return None
    if epoch.year == 1899 and serial < 61:  # Excel counts a 29 February 1900 that never was
        epoch = datetime.datetime(1899, 12, 31)
        if serial >= 60:
            serial = 59 + (serial - 60)
    moment = epoch + datetime.timedelta(seconds=round(serial * 86400))
    if kind == "time":
        return moment.time().isoformat()
    if kind == "date" or (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return moment.date().isoformat()
    return moment.isoformat()


# ---------------------------------------------------------------- which columns give the same input


def duplicate_columns(model_id: str, header_json: str) -> str:
    """A message naming the columns that give the same input (or list element), or "" when there are none.

    Without this the last of two such columns silently won (`沟通能力` and `communication`,
    or a whole-list column beside `KEY.1`…). The mapping of names to inputs is the page
    engine's (`calculator.browser`), which is installed beside this module.
    """
    try:
        from calculator import browser
    except ImportError:  # pragma: no cover - the page always installs both
        return ""
    found = browser._MODELS.get(model_id)
    if found is None:
        return ""
    names = browser._aliases(found[1])
    header = [str(name).strip() for name in json.loads(header_json)]
    by_target: dict[Any, list[int]] = {}
    whole: dict[str, int] = {}
    for index, name in enumerate(header):
        target = browser._target(names, name) if name else None
        if target is None:
            continue
        by_target.setdefault(target, []).append(index)
        if target[1] is None:
            whole[target[0]] = index
    groups = [columns for columns in by_target.values() if len(columns) > 1]
    for key, index in whole.items():
        parts = [
            i for target, columns in by_target.items() if target[0] == key and target[1] is not None for i in columns
        ]
        if parts:
            groups.append([index, *parts])
    if not groups:
        return ""
    described = [
        "、".join(f"「{header[i]}」（{_column_letters(i)} 列）" for i in sorted(columns)) for columns in groups
    ]
    return "以下几列给出同一个输入项，无法判断以哪一列为准，请删去多余的列后再上传：" + "；".join(described)


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
    """A table as a one-sheet XLSX workbook, ready to read in Excel or WPS.

    The header row is bold, frozen (it stays in view while scrolling) and carries an
    autofilter; each column is as wide as its content (`column_widths`); numbers stay numbers.
    """
    table = json.loads(table_json)
    rows = [table["header"], *table["rows"]]
    body = "".join(_xlsx_row(number, row, bold=number == 1) for number, row in enumerate(rows, start=1))
    width = max((len(row) for row in rows), default=0)
    last = f"{_column_letters(max(width, 1) - 1)}{len(rows)}"
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(column_widths(rows), start=1)
    )
    name = _xml(sheet)
    quoted = "'" + name.replace("'", "''") + "'"
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _ROOT_RELS,
        "xl/workbook.xml": _WORKBOOK.format(
            sheet=name, filter=f"{quoted}!$A$1:${_column_letters(max(width, 1) - 1)}${len(rows)}"
        ),
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
        "xl/styles.xml": _STYLES,
        "xl/worksheets/sheet1.xml": _SHEET.format(
            cols=f"<cols>{cols}</cols>" if cols else "", rows=body, filter=f'<autoFilter ref="A1:{last}"/>'
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in parts.items():
            info = zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED  # a ZipInfo of its own is stored uncompressed otherwise
            archive.writestr(info, text.encode("utf-8"))
    return out.getvalue()


WIDTH_ROWS = 2_000  # rows read to size the columns: enough to see a file's long texts, cheap for 100,000 rows
MIN_WIDTH, MAX_WIDTH = 6, 60  # in Excel's units (about one Latin character each); a CJK character takes two


def column_widths(rows: list[list[Any]]) -> list[float]:
    """Each column's width from its header and the first WIDTH_ROWS rows' text, within MIN_WIDTH-MAX_WIDTH.

    The header gets room for the autofilter's button (3 more).
    """
    widths: list[float] = []
    for number, row in enumerate(rows[: WIDTH_ROWS + 1]):
        for column, cell in enumerate(row):
            if column >= len(widths):
                widths.append(MIN_WIDTH)
            text = "" if cell is None else _csv_cell(cell)
            longest = max((_text_width(line) for line in str(text).split("\n")), default=0)
            widths[column] = max(widths[column], longest + (5 if number == 0 else 2))
    return [min(w, MAX_WIDTH) for w in widths]


def _text_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: 2 for a wide (CJK, full-width) character, 1 for others."""
    return sum(2 if ord(ch) >= 0x1100 and unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


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
    '<sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets>'
    '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">{filter}</definedName>'
    "</definedNames></workbook>"
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

_SHEET = (
    f'{_XML}<worksheet xmlns="{_MAIN_NS}">'
    '<sheetViews><sheetView workbookViewId="0">'
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
    "</sheetView></sheetViews>"
    "{cols}<sheetData>{rows}</sheetData>{filter}</worksheet>"
)
