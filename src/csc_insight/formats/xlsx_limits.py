"""Checks on an .xlsx before any reader opens it: is it a sound workbook, and of a safe size.

An .xlsx is a zip of XML parts. openpyxl inflates and parses a part whatever its size, so a 1 MB
workbook of compressed whitespace takes over a gigabyte of memory to open; it also passes over a
sheet the workbook names whose part is missing, so a damaged file loads without that sheet. Every
xlsx reader calls ``check_workbook(path)`` first and refuses the file with the reason it gives.
Only the zip's directory and the workbook's two small index parts are read, and the first bytes
of each sheet; the limits are generous for any real return.
"""

from __future__ import annotations

import html
import posixpath
import re
import struct
import zipfile
import zlib
from pathlib import Path

MB = 1 << 20

#: Uncompressed size of all the parts of a workbook together. A council's largest Annex A or
#: template (a few hundred thousand rows) is a few tens of MB of XML.
MAX_UNCOMPRESSED = 200 * MB
#: A part that inflates more than this many times its compressed size, and is bigger than
#: RATIO_FROM once inflated, is taken for a zip bomb: real sheets compress 5 to 50 times.
MAX_RATIO = 100
RATIO_FROM = 10 * MB
#: Parts in the zip (a workbook has tens; the zip's directory is read whole on opening).
MAX_PARTS = 10_000
#: Rows in one sheet, counted as the spreadsheet numbers them (blank rows too).
MAX_ROWS_PER_SHEET = 500_000

#: The first bytes of an OLE compound file: Excel 97-2003 (.xls), and every workbook protected
#: with a password, which Excel stores encrypted inside one.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

NOT_A_ZIP = (
    "not a readable xlsx workbook: the file is not the zip archive an .xlsx is (damaged, cut "
    "short, or another kind of file renamed .xlsx)"
)
OLE_FILE = (
    "not a readable xlsx workbook: it is an Excel 97-2003 file (.xls) or a workbook protected "
    "with a password; open it in Excel, remove any password and save it as Excel Workbook (.xlsx)"
)

#: What reading a part of a damaged zip raises (a bad CRC, bad deflate data, an encrypted or
#: unknown compression method).
_DAMAGED = (
    OSError,
    EOFError,
    zipfile.BadZipFile,
    zlib.error,
    RuntimeError,
    NotImplementedError,
    ValueError,
)

_WORKBOOK = "xl/workbook.xml"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
#: The workbook's index parts are read whole: a real one is a few KB.
_INDEX_LIMIT = 4 * MB


def check_workbook(path: Path) -> str | None:
    """Why ``path`` must not be opened as a workbook, or None when it may be.

    Refuses an empty file, an .xls or password-protected workbook, bytes that are not a zip, a
    zip over the limits above, and a workbook that names a sheet whose part is missing."""
    try:
        size = path.stat().st_size
        if size == 0:
            return "file is empty"
        with path.open("rb") as f:
            head = f.read(8)
        if head == OLE_MAGIC:
            return OLE_FILE
        parts = zip_parts(path)
        if parts is None:
            return NOT_A_ZIP
        if parts > MAX_PARTS:
            return (
                f"refused: the workbook holds {parts:,} parts, over the limit of {MAX_PARTS:,} "
                "(a real workbook has tens); is it damaged, or not a workbook at all?"
            )
        z = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        return NOT_A_ZIP
    try:
        with z:
            return _size_problem(z) or _missing_sheet(z) or _too_many_rows(z)
    except _DAMAGED as e:
        return f"not a readable xlsx workbook (a damaged part: {type(e).__name__})"


def zip_parts(path: Path) -> int | None:
    """The number of parts a zip's end record gives, read from its last bytes (cheap, before
    the directory is loaded); None when there is no end record (not a zip)."""
    with path.open("rb") as f:
        f.seek(0, 2)
        size = f.tell()
        f.seek(max(0, size - (1 << 16) - 22))
        tail = f.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    (total,) = struct.unpack("<H", tail[at + 10 : at + 12])
    return int(total)  # 0xFFFF (a zip64 archive) is over MAX_PARTS: no workbook needs one


def _size_problem(z: zipfile.ZipFile) -> str | None:
    total = 0
    for info in z.infolist():
        total += info.file_size
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            return (
                f"refused: part {info.filename} inflates {ratio:,} times, to "
                f"{info.file_size / MB:,.0f} MB, over the limit of {MAX_RATIO} times for a part "
                f"over {RATIO_FROM // MB} MB (real sheets compress 5 to 50 times); it looks like "
                "a zip bomb or a damaged file"
            )
    if total > MAX_UNCOMPRESSED:
        return (
            f"refused: its parts take {total / MB:,.0f} MB once uncompressed, over the limit of "
            f"{MAX_UNCOMPRESSED // MB} MB for a workbook; split it, or check it is the right file"
        )
    return None


_TAG_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
_TAG_REL = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_ATTR = re.compile(rb"(?:([\w.-]+):)?([\w.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


def _attrs(text: bytes) -> dict[str, str]:
    """A tag's attributes by local name (``r:id`` -> ``id``; ``name`` stays ``name``)."""
    out: dict[str, str] = {}
    for prefix, name, double, single in _ATTR.findall(text):
        value = double or single
        key = name.decode("ascii", "replace")
        if prefix and prefix != b"xmlns" and key == "id":
            key = "r:id"
        out.setdefault(key, html.unescape(value.decode("utf-8", "replace")))
    return out


def _read_part(z: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        with z.open(name) as f:
            return f.read(_INDEX_LIMIT)
    except KeyError:
        return None


def sheet_parts(z: zipfile.ZipFile) -> list[tuple[str, str | None]]:
    """(sheet name, the zip part its data is in) for each sheet the workbook names, in order;
    the part is None when the workbook's relationships do not give one."""
    book = _read_part(z, _WORKBOOK)
    rels = _read_part(z, _WORKBOOK_RELS)
    if book is None:
        return []
    targets: dict[str, str] = {}
    for m in _TAG_REL.finditer(rels or b""):
        a = _attrs(m.group(1))
        if "Id" in a and "Target" in a and a.get("TargetMode") != "External":
            target = a["Target"]
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[a["Id"]] = posixpath.normpath(part)
    out: list[tuple[str, str | None]] = []
    for m in _TAG_SHEET.finditer(book):
        a = _attrs(m.group(1))
        if "name" in a:
            out.append((a["name"], targets.get(a.get("r:id", ""))))
    return out


def _missing_sheet(z: zipfile.ZipFile) -> str | None:
    present = set(z.namelist())
    for name, part in sheet_parts(z):
        if part is None or part not in present:
            where = f" ({part})" if part else ""
            return (
                f"the workbook names a sheet '{name}' whose data{where} is missing from the "
                "file: it is damaged; open it in Excel and save it again"
            )
    return None


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*\bref=\"[A-Z]*\d+(?::[A-Z]*(\d+))?\"")


def _too_many_rows(z: zipfile.ZipFile) -> str | None:
    """A sheet whose stated size (its <dimension>, near the top) is over the row limit. The
    statement can be missing or wrong: readers also stop at the limit as they read."""
    present = set(z.namelist())
    for name, part in sheet_parts(z):
        if part is None or part not in present:
            continue
        with z.open(part) as f:
            m = _DIMENSION.search(f.read(4096))
        if m and m.group(1) and int(m.group(1)) > MAX_ROWS_PER_SHEET:
            return too_many_rows(name, int(m.group(1)))
    return None


def too_many_rows(sheet: str, rows: int | None = None) -> str:
    """The reason a sheet over the row limit is refused (``rows`` when known)."""
    found = f"{rows:,} rows" if rows is not None else "more rows than that"
    return (
        f"refused: sheet '{sheet}' has {found}, over the limit of {MAX_ROWS_PER_SHEET:,} rows "
        "for a sheet; is it the right file, or are there stray cells far down the sheet?"
    )
