"""Reading SSDA903 tables, CSV or XML, into temporary tables, holding faulty records back.

Every table goes through csv_table.stage_csv with a RecordProblems: a record with a value of
the wrong type, a required value missing or a key shared with a different record is left out
and listed; an exact duplicate row is loaded once and noted; a file whose column mostly fails,
or that is not readable as CSV, is refused. The XML layout is first split into one CSV per
table (one line per record), so both layouts are checked by the same code; the problems then
name the XML file and the line of the element.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

import duckdb

from csc_insight.errors import Problem, ReaderError
from csc_insight.formats.base import SourceFile
from csc_insight.formats.csv_table import RecordLines, RecordProblems, header_key, stage_csv
from csc_insight.formats.dates import DAY_FIRST, ISO
from csc_insight.formats.ssda903_tables import CANONICAL, Table
from csc_insight.formats.ssda903_years import Read

DATE_FORMATS = (DAY_FIRST, ISO)

#: Raw values of a file's records by the line a person finds them on (for held records, whose
#: keys decide what depends on them).
RawRows = Callable[[Iterable[int]], dict[int, dict[str, str]]]


class Reading:
    """What the reads of one load have held back and noted, and the raw keys of held rows."""

    def __init__(self) -> None:
        self.held: list[Problem] = []
        self.notes: list[Problem] = []
        self.raw: dict[str, RawRows] = {}  # temp table -> its raw rows

    def keep(self, found: RecordProblems) -> None:
        self.held += found.held
        self.notes += found.notes


def read_csv(
    con: duckdb.DuckDBPyConnection,
    f: SourceFile,
    table: Table,
    temp: str,
    order: int,
    reading: Reading,
) -> tuple[Read, int]:
    """One CSV table into ``temp``; raises ReaderError for a file that cannot be read."""
    found = RecordProblems(CANONICAL.get(table.name))
    n = stage_csv(
        con,
        f.path,
        table.read,
        temp,
        key=table.key,
        date_formats=DATE_FORMATS,
        label=str(f.path),
        held=found,
    )
    reading.keep(found)
    lines = RecordLines(f.path)
    read = Read(f, table, temp, order, lines.line, f.path.parent)
    read.held_rows = {p.row for p in found.held if p.row is not None}
    reading.raw[temp] = lambda wanted: _raw_csv(f.path, table, set(wanted))
    return read, n


def _raw_csv(path: Path, table: Table, wanted: set[int]) -> dict[int, dict[str, str]]:
    """The text of the records starting on the ``wanted`` lines, by the table's column names."""
    names = {header_key(c.name): c.name for c in table.read}
    out: dict[int, dict[str, str]] = {}
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            header = [names.get(header_key(h), "") for h in next(reader, [])]
            last = reader.line_num
            for record in reader:
                start = last + 1
                last = reader.line_num
                if start in wanted:
                    out[start] = {h: v.strip() for h, v in zip(header, record, strict=False) if h}
    except (UnicodeDecodeError, csv.Error, OSError):
        pass
    return out


def read_records(
    con: duckdb.DuckDBPyConnection,
    f: SourceFile,
    table: Table,
    records: Sequence[tuple[int, dict[str, str]]],
    temp: str,
    order: int,
    reading: Reading,
) -> tuple[Read, int]:
    """One table's records taken from an XML file (each with the line of its element) into
    ``temp``, checked exactly as a CSV table is; problems name the XML file and line."""
    sourceline = [line for line, _ in records]

    def line(row: int) -> int:  # row 2 is the first record, as in a CSV file
        return sourceline[row - 2] if 2 <= row < len(sourceline) + 2 else row

    found = RecordProblems(CANONICAL.get(table.name))
    columns = list(table.all_columns)
    with tempfile.TemporaryDirectory(prefix="csc903_") as tmp:
        path = Path(tmp) / f"{table.name}.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(columns)
            for _, values in records:
                # One line per record, so that a record's row is its position.
                writer.writerow([_one_line(values.get(c, "")) for c in columns])
        try:
            n = stage_csv(
                con,
                path,
                table.read,
                temp,
                key=table.key,
                date_formats=DATE_FORMATS,
                label=str(f.path),
                held=found,
            )
        except ReaderError as e:
            raise ReaderError([_at(p, line) for p in e.problems], e.truncated) from None
    reading.held += [_at(p, line) for p in found.held]
    reading.notes += [_at(p, line) for p in found.notes]
    con.execute(f"UPDATE {temp} SET _row = {_line_sql(sourceline)}")
    read = Read(f, table, temp, order, lambda row: row, f.path)
    read.held_rows = {line(p.row) for p in found.held if p.row is not None}
    by_line = dict(records)
    reading.raw[temp] = lambda wanted: {w: by_line[w] for w in wanted if w in by_line}
    return read, n


def _one_line(value: str) -> str:
    return " ".join(value.split()) if "\n" in value or "\r" in value else value


def _at(p: Problem, line: Callable[[int], int]) -> Problem:
    return p if p.row is None or p.row == 1 else replace(p, row=line(p.row))


def _line_sql(sourceline: list[int]) -> str:
    """``_row`` (2 for the first record) mapped to the element's line, in SQL."""
    if not sourceline:
        return "_row"
    return f"({sourceline}::BIGINT[])[_row - 1]"
