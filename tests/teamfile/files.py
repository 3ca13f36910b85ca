"""Hostile and broken team files built byte by byte: minimal workbooks, zips whose sizes lie, zip bombs."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
WORKBOOK = (
    f'<workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="x" Target="worksheets/sheet1.xml"/></Relationships>'
)


def sheet(rows: str, head: str = "") -> str:
    return f'<worksheet xmlns="{MAIN}">{head}<sheetData>{rows}</sheetData></worksheet>'


def xlsx(rows: str, shared: str | None = None, head: str = "", extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal workbook whose first sheet holds these rows (XML), written by zipfile."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet(rows, head))
        if shared is not None:
            archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{shared}</sst>')
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def raw_zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip written by hand: (name, deflated data, declared CRC, declared size) each, so sizes may lie."""
    body, directory = b"", b""
    for name, data, crc, size in members:
        encoded = name.encode()
        header = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0)
        directory += (
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                len(body),
            )
            + encoded
        )
        body += header + encoded + data
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), len(body), 0)
    return body + directory + end


def deflated(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def bomb(megabytes: int, declared: int | None = None) -> bytes:
    """A workbook whose sheet inflates to `megabytes` MB of spaces, built from one flushed block repeated."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(b" " * 2**20) + compressor.flush(zlib.Z_FULL_FLUSH)
    data = block * megabytes + compressor.flush()
    small = [
        (n, deflated(t.encode()), zlib.crc32(t.encode()), len(t.encode()))
        for n, t in (("xl/workbook.xml", WORKBOOK), ("xl/_rels/workbook.xml.rels", RELS))
    ]
    size = megabytes * 2**20 if declared is None else declared
    return raw_zip([*small, ("xl/worksheets/sheet1.xml", data, 0, size)])
