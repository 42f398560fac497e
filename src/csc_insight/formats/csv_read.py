"""The file side of reading a CSV: its header, its columns, the read_csv() call and the
shape of its rows, and the line each record starts on.

DuckDB parses the file: fast, and its rejects table gives the line of every malformed record.
Paths are read as paths, never as patterns; a row of the wrong shape is found, never loaded.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from csc_insight.errors import MAX_PROBLEMS_PER_FILE, ProblemList
from csc_insight.formats.csv_checks import Column, _literal


def header_key(name: str) -> str:
    """Header matching is tolerant of case, spacing and punctuation, as real files vary."""
    return re.sub(r"[^0-9a-z]+", "", name.strip().lstrip("\ufeff").lower())


def read_header(path: Path) -> list[str] | None:
    """The header row, or None if the file is empty or not text."""
    try:
        with path.open("rb") as f:
            first = f.readline(1 << 20).decode("utf-8-sig")
    except (UnicodeDecodeError, OSError):
        return None
    if not first.strip():
        return None
    try:
        return next(csv.reader(io.StringIO(first)))
    except (csv.Error, StopIteration):
        return None


@dataclass
class _Layout:
    """How a file's columns map to the expected ones."""

    header: list[str]
    file_names: list[str]  # c0, c1, ...: DuckDB's names for the file's columns
    source_of: dict[str, str | None]  # expected column -> file column (None: absent, optional)


def _layout(path: Path, columns: Sequence[Column], problems: ProblemList) -> _Layout:
    """Whole-file checks (empty, not text, header) and the column mapping; raises on problems."""
    if not path.exists() or path.stat().st_size == 0:
        problems.add(None, None, "file is empty")
        problems.raise_if_any()
    with path.open("rb") as f:
        if b"\x00" in f.read(4096):
            # UTF-8 never holds NUL bytes in text; UTF-16 (Excel's "Unicode Text") is full of them.
            problems.add(
                None,
                None,
                "holds NUL bytes: it is UTF-16 (Excel's 'Unicode Text') or not text at all; "
                "save it as CSV UTF-8",
            )
            problems.raise_if_any()
    header = read_header(path)
    if header is None:
        with path.open("rb") as f:
            head = f.readline(1 << 20)
        try:
            head.decode("utf-8")
            problems.add(1, None, "no header row")
        except UnicodeDecodeError as e:
            problems.add(
                1, None, f"not UTF-8 text (byte 0x{head[e.start]:02x}); save the file as UTF-8"
            )
        problems.raise_if_any()
    assert header is not None
    found: dict[str, int] = {}
    for i, name in enumerate(header):
        k = header_key(name)
        if k in found:
            problems.add(1, name, "column appears twice in the header")
        found[k] = i
    file_names = [f"c{i}" for i in range(len(header))]
    source_of: dict[str, str | None] = {}
    for col in columns:
        at = found.get(header_key(col.name))
        if at is None:
            if not col.optional_column:
                problems.add(1, col.name, "column missing from the header")
            source_of[col.name] = None
        else:
            source_of[col.name] = file_names[at]
    problems.raise_if_any()
    return _Layout(header, file_names, source_of)


def literal_path(path: Path) -> str:
    """A file path as DuckDB's readers take it, read as that one file: they expand glob
    patterns, so 'extract[1].csv' would read extract1.csv instead. Each pattern character is
    made a one-character class ('[' -> '[[]', '*' -> '[*]', '?' -> '[?]'), which matches only
    itself."""
    return _literal(re.sub(r"([\[*?])", r"[\1]", str(path)))


#: The file's columns are read with one more, TRAIL, and padding, and with no text read as
#: NULL (NO_NULL never occurs in a file): DuckDB takes a row with one value too many when that
#: value is empty ("P2,Jo,hn,2020-02-01," would load shifted one column). So a row of the
#: right shape has TRAIL NULL (padded) and its last column not NULL (an empty value is ''); a
#: row with a value too many has TRAIL ''; a row with too few has its last column NULL.
TRAIL = "c_trail"
NO_NULL = "\x01"


#: Files to read with one thread: DuckDB's parallel reader cannot pad rows when a value holds
#: a line break inside quotes. Rare (free text), so a load first reads every file in parallel;
#: a file that needs it raises SerialReadNeeded, and the load starts again with the file here
#: (the error has already ended the load's transaction).
SERIAL: set[str] = set()


class SerialReadNeeded(Exception):
    """A file holds a line break inside quotes: read it again with one thread."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def _serial_needed(e: duckdb.Error, path: Path) -> None:
    if "null_padding in conjunction with quoted new lines" in str(e) and str(path) not in SERIAL:
        raise SerialReadNeeded(path) from e


def _shape_sql(layout: _Layout) -> tuple[str, str]:
    """SQL conditions: (too few values in the row, too many)."""
    return f"{layout.file_names[-1]} IS NULL", f"{TRAIL} IS NOT NULL"


def _read_csv(path: Path, layout: _Layout, rejects: str | None) -> str:
    """The read_csv() call: every column as text, strict quoting; rejects kept if named."""
    names = [*layout.file_names, TRAIL]
    spec = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
    keep = (
        f", store_rejects = true, rejects_table = '{rejects}', rejects_scan = '{rejects}_scan',"
        f" rejects_limit = {MAX_PROBLEMS_PER_FILE}"
        if rejects
        else ""
    )
    return f"""read_csv({literal_path(path)}, columns = {spec}, header = true, auto_detect = false,
        delim = ',', quote = '"', escape = '"', strict_mode = true, null_padding = true,
        nullstr = '{NO_NULL}'{", parallel = false" if str(path) in SERIAL else ""}{keep})"""


class RecordLines:
    """Maps a record's ordinal row (header = 1) to the file line it starts on.

    The two differ only when the file has blank lines (which the parser skips) or values with
    line breaks inside quotes. Built on the error path only, and only if it is needed.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._starts: list[int] | None = None

    def line(self, row: int) -> int:
        if self._starts is None:
            self._starts = self._scan()
        i = row - 2
        return self._starts[i] if 0 <= i < len(self._starts) else row

    def _scan(self) -> list[int]:
        starts: list[int] = []
        try:
            with self.path.open("r", encoding="utf-8-sig", newline="") as f:
                reader = csv.reader(f)
                next(reader, None)
                last = reader.line_num
                for record in reader:
                    if record:
                        starts.append(last + 1)
                    last = reader.line_num
        except (UnicodeDecodeError, csv.Error, OSError):
            return []
        return starts


def _column_label(column: object, header: list[str], file_names: list[str]) -> str | None:
    if isinstance(column, str) and column in file_names:
        return header[file_names.index(column)]
    return None


def _reject_reason(kind: str, message: str) -> str:
    reasons = {
        "MISSING COLUMNS": "too few values in this row (is the file truncated?)",
        "TOO MANY COLUMNS": "too many values in this row (a comma inside a value not in quotes?)",
        "INVALID ENCODING": "not UTF-8 text; save the file as UTF-8",
        "UNQUOTED VALUE": "a quote is not closed (is the file truncated?)",
        "INVALID UNICODE": "not UTF-8 text; save the file as UTF-8",
    }
    return reasons.get(kind, message.splitlines()[0] if message else kind.lower())


def key_rows(con: duckdb.DuckDBPyConnection, path: Path, key: str) -> dict[str, int]:
    """Each key value's row in a CSV (header = row 1): for naming the row of a record a rule
    across tables held back, after the fast path staged the file without row numbers."""
    problems = ProblemList(str(path))
    layout = _layout(path, [Column(key)], problems)
    source = layout.source_of[key]
    lines = RecordLines(path)
    sql = f"""SELECT NULLIF(trim({source}), ''), row_number() OVER () + 1
              FROM {_read_csv(path, layout, None)}"""
    try:
        rows = con.execute(sql).fetchall()
    except duckdb.Error as e:
        _serial_needed(e, path)
        raise
    return {str(k): lines.line(int(r)) for k, r in rows if k is not None}
