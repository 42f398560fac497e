"""Reading an entry workbook back: the workbook csc wrote (its declared sheets, found by name),
or CSV files of the same columns (one sheet each, recognised by its header), into rows of text
with the spreadsheet's row numbers, then row by row into values.

A load lands whole or not at all: every row of every file is checked, each problem is named
with its file and sheet (``money.xlsx [Budget lines]``), row (as the spreadsheet numbers it),
column (as headed in the file) and reason. Checked here, for every entry workbook: a file that
is not a workbook or not UTF-8 text (refused by name), a sheet's missing or unknown columns, a
required value missing, a date that is not one or an entry dated after today, and rows that
share a key (each names the other). The workbook is checked for soundness and size before
openpyxl opens it (formats/xlsx_limits.py), as every workbook csc reads. What a value means (an
amount, a status, an indicator) is the domain's reader's: it subclasses ``SheetReader``.
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from csc_insight.entry.columns import Sheet, Workbook
from csc_insight.errors import MAX_PROBLEMS_PER_FILE, Problem, quoted
from csc_insight.formats import xlsx_limits
from csc_insight.formats.dates import DAY_FIRST, FIRST, ISO, LAST, date_problem
from csc_insight.formats.template_xlsx import cell_text, find_sheet, sheet_names

#: Columns read from a sheet at most (a stray cell far to the right does not widen every row).
MAX_COLUMNS = 60


class BadValue(Exception):
    """A value (or a file) that cannot be read: its reason, and the rule it breaks."""

    def __init__(self, reason: str, rule: str = "value-code") -> None:
        super().__init__(reason)
        self.reason, self.rule = reason, rule


@dataclass
class Table:
    """A sheet's cells as text, row by row with the spreadsheet's row numbers (header first)."""

    label: str
    rows: list[tuple[int, list[str]]]


#: Which sheet a CSV file's header is of (None: none of them).
SheetOf = Callable[[Sequence[str]], Sheet | None]


def sheet_by_header(sheets: Sequence[Sheet]) -> SheetOf:
    """The usual SheetOf: the sheet whose required columns the header has most of, at least
    half of them (so that a column missing is reported as missing, rather than the whole file
    refused as of no sheet)."""

    def sheet_of(header: Sequence[str]) -> Sheet | None:
        best: tuple[float, Sheet] | None = None
        for s in sheets:
            required = [c for c in s.columns if c.mandatory]
            share = sum(any(c.matches(h) for h in header) for c in required) / len(required)
            if share >= 0.5 and (best is None or share > best[0]):
                best = (share, s)
        return best[1] if best else None

    return sheet_of


def read_tables(
    path: Path, book: Workbook, sheet_of: SheetOf
) -> tuple[list[tuple[Sheet, Table]], list[Problem]]:
    """The sheets of one file as tables of text, or the problem that refuses the file."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            return _workbook(path, book), []
        if suffix in (".csv", ".txt"):
            return [_csv(path, book, sheet_of)], []
        raise BadValue(f"not a {book.what}: expected an .xlsx workbook or a .csv file")
    except BadValue as e:
        return [], [Problem(str(path), None, None, e.reason)]
    except OSError as e:
        return [], [Problem(str(path), None, None, f"cannot be read ({e.strerror or e})")]


def _workbook(path: Path, book: Workbook) -> list[tuple[Sheet, Table]]:
    reason = xlsx_limits.check_workbook(path)
    if reason is not None:
        raise BadValue(reason)
    names = sheet_names(path) or []
    found = [(s, n) for s in book.sheets if (n := find_sheet(names, [s.name, s.csv_name[:-4]]))]
    if not found:
        wanted = ", ".join(f"'{s.name}'" for s in book.sheets)
        raise BadValue(f"no sheet named {wanted}: is this the {book.what} ({book.command})?")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of extensions it does not read
            import openpyxl  # here: reading CSV files needs none of it

            wb = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
            try:
                return [(s, Table(f"{path} [{n}]", list(_sheet_rows(wb[n], n)))) for s, n in found]
            finally:
                wb.close()
    except BadValue:
        raise
    except Exception as e:  # openpyxl raises many kinds on a damaged file
        text = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise BadValue(f"not a readable xlsx workbook ({text[:200]})") from e


def _sheet_rows(ws: Any, name: str) -> Iterator[tuple[int, list[str]]]:
    ws.reset_dimensions()  # a wrong <dimension> would pad every row to its width
    for n, row in enumerate(ws.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
        if n > xlsx_limits.MAX_ROWS_PER_SHEET:
            raise BadValue(xlsx_limits.too_many_rows(name))
        yield n, [cell_text(v) for v in row]


def _csv(path: Path, book: Workbook, sheet_of: SheetOf) -> tuple[Sheet, Table]:
    data = path.read_bytes()
    if not data.strip():
        raise BadValue("file is empty")
    if b"\x00" in data[:4096]:
        raise BadValue(
            "holds NUL bytes: it is UTF-16 (Excel's 'Unicode Text') or not text; save it as CSV UTF-8"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise BadValue(
            f"not UTF-8 text (byte 0x{data[e.start]:02x}); save the file as CSV UTF-8"
        ) from e
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for cells in reader:
            # a line break or run of spaces typed in a cell is one space, as a workbook shows it
            rows.append((start, [" ".join(c.split()) for c in cells]))
            start = reader.line_num + 1
            if len(rows) > xlsx_limits.MAX_ROWS_PER_SHEET:
                raise BadValue(
                    f"more than {xlsx_limits.MAX_ROWS_PER_SHEET:,} rows: is it the right file?"
                )
    except csv.Error as e:
        raise BadValue(f"not a readable CSV file at line {reader.line_num} ({e})") from e
    sheet = sheet_of(rows[0][1] if rows else [])
    if sheet is None:
        raise BadValue(
            f"not a {book.what} sheet: its header is not that of any of "
            + ", ".join(f"{s.name} ({s.csv_name})" for s in book.sheets)
        )
    return sheet, Table(str(path), rows)


# -- values -----------------------------------------------------------------------------------


def day(text: str, today: date, *, past: bool = True, why: str = "") -> date:
    """A date as a workbook or a person gives it (2021-06-02, 02/06/2021); with ``past``, not
    after ``today`` (``why`` says what the date is, in the reason)."""
    t = text.strip()
    for fmt in (ISO, DAY_FIRST):
        try:
            d = datetime.strptime(t.split(" ")[0].split("T")[0], fmt).date()
        except ValueError:
            continue
        if not FIRST <= d <= LAST:
            break
        if past and d > today:
            raise BadValue(f"{quoted(text)} is after today{why}", "date-future")
        return d
    raise BadValue(date_problem(t, (DAY_FIRST, ISO), ("a date cell",)), "value-date")


# -- one sheet --------------------------------------------------------------------------------


@dataclass
class Key:
    """A row's key, for the check that no two rows share one."""

    value: tuple[str, ...]
    what: str  # "Financial year and Service"
    column: str
    label: str
    row: int


@dataclass
class SheetReader:
    """Reads one sheet's table: maps its headers to the declared columns (and the year columns),
    then hands each non-blank row to ``row`` (the domain's)."""

    sheet: Sheet
    table: Table
    today: date
    problems: list[Problem] = field(default_factory=list)
    keys: list[Key] = field(default_factory=list)
    at: dict[str, int] = field(default_factory=dict)  # column name -> index
    heading: dict[str, str] = field(default_factory=dict)  # column name -> header in the file
    years: list[tuple[int, str, str]] = field(default_factory=list)  # (index, year, header)
    found: int = 0  # rows below the header that are not blank

    #: A sheet with year columns must have at least one.
    years_required = False

    def add(
        self, row: int | None, column: str | None, reason: str, rule: str | None = None
    ) -> None:
        self.problems.append(Problem(self.table.label, row, column, reason, rule))

    def read(self) -> None:
        if not self.table.rows:
            return
        (n, header), *rows = self.table.rows
        if not self._layout(n, header):
            return
        for n, cells in rows:
            if any(cells):
                self.found += 1
                self.row(Row(self, n, cells))

    def row(self, row: Row) -> None:
        raise NotImplementedError

    def key(self, row: Row, value: tuple[str, ...], what: str, column: str) -> None:
        """The row's key: a problem on both rows when another row of the load has it too."""
        self.keys.append(Key(value, what, row.header(column), self.table.label, row.n))

    def _layout(self, n: int, header: list[str]) -> bool:
        """Map the file's headers to the sheet's columns; False when the sheet cannot be read."""
        for i, h in enumerate(header):
            if not h:
                continue
            c = next((c for c in self.sheet.columns if c.matches(h)), None)
            y = self.sheet.year_of_header(h) if self.sheet.years_after else None
            if c is not None and c.name not in self.at:
                self.at[c.name], self.heading[c.name] = i, h
            elif y is not None and y not in {yy for _, yy, _ in self.years}:
                self.years.append((i, y, h))
            else:
                self.add(
                    n,
                    h,
                    "not a column of this sheet (the Read me sheet lists them), or given twice",
                )
        for c in self.sheet.columns:
            if c.mandatory and c.name not in self.at:
                self.add(n, c.header, "column missing", "value-missing")
        if self.years_required and self.sheet.years_after and not self.years:
            example = self.sheet.year_header("2021-22")
            self.add(n, None, f"no amount columns: one per financial year, headed like {example}")
        return not self.problems


class Row:
    """One row's cells, read column by column; each problem is added to the sheet's."""

    def __init__(self, reader: SheetReader, n: int, cells: list[str]) -> None:
        self.reader, self.n, self.cells = reader, n, cells
        self.bad = False

    def header(self, name: str) -> str:
        """The column's header as the file has it (else as declared)."""
        return self.reader.heading.get(name) or self.reader.sheet.column(name).header

    def text(self, name: str) -> str:
        i = self.reader.at.get(name)
        return self.cells[i].strip() if i is not None and i < len(self.cells) else ""

    def fail(self, column: str | None, reason: str, rule: str | None = None) -> None:
        self.bad = True
        self.reader.add(self.n, column, reason, rule)

    def get(self, name: str, parse: Callable[[str], Any], *, required: bool | None = None) -> Any:
        """The column's value parsed, or None (blank, or a problem added). ``required``: whether
        a blank is a problem (default: whether the column is mandatory)."""
        text = self.text(name)
        if not text:
            if self.reader.sheet.column(name).mandatory if required is None else required:
                self.fail(self.header(name), "value missing", "value-missing")
            return None
        try:
            return parse(text)
        except BadValue as e:
            self.fail(self.header(name), e.reason, e.rule)
            return None

    def amounts(self, parse: Callable[[str], Decimal]) -> dict[str, Decimal]:
        """The year columns' amounts that are not blank, by financial year."""
        out: dict[str, Decimal] = {}
        for i, y, h in self.reader.years:
            text = self.cells[i] if i < len(self.cells) else ""
            if text.strip():
                try:
                    out[y] = parse(text)
                except BadValue as e:
                    self.fail(h, e.reason, e.rule)
        return out


# -- a load: files, keys across them, and whether anything is loaded ---------------------------

R = TypeVar("R", bound=SheetReader)


def read_load(
    paths: Sequence[Path],
    book: Workbook,
    sheet_of: SheetOf,
    reader: Callable[[Sheet, Table, date], R],
    today: date,
    checks: Iterable[Callable[[Sequence[R]], None]] = (),
) -> tuple[list[R], list[Problem]]:
    """Read several files as one load: the sheets' readers, and every problem (at most
    MAX_PROBLEMS_PER_FILE a sheet). ``checks`` look across the readers (a key is always
    checked). When there is any problem, nothing of the load may be used."""
    readers: list[R] = []
    problems: list[Problem] = []
    for path in paths:
        tables, refused = read_tables(Path(path), book, sheet_of)
        problems += refused
        for sheet, table in tables:
            r = reader(sheet, table, today)
            r.read()
            readers.append(r)
    check_keys(readers)
    for check in checks:
        check(readers)
    for r in readers:
        problems += _limit(r.table.label, r.problems)
    if not problems and not any(r.found for r in readers):
        where = ", ".join(str(p) for p in paths)
        problems.append(
            Problem(where, None, None, "no records below the headers (is this the blank template?)")
        )
    return readers, problems


def _limit(label: str, problems: list[Problem]) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS_PER_FILE:
        return problems
    more = len(problems) - MAX_PROBLEMS_PER_FILE
    note = Problem(label, None, None, f"... and {more} more problems (fix these and check again)")
    return [*problems[:MAX_PROBLEMS_PER_FILE], note]


def check_keys(readers: Sequence[SheetReader]) -> None:
    """Rows sharing a key: each is a problem naming the other (none is loaded)."""
    seen: dict[tuple[str, ...], list[tuple[SheetReader, Key]]] = {}
    for r in readers:
        for k in r.keys:
            seen.setdefault(k.value, []).append((r, k))
    for group in seen.values():
        for i, (r, k) in enumerate(group if len(group) > 1 else []):
            _, other = group[1 if i == 0 else 0]
            where = (
                f"row {other.row}" if other.label == k.label else f"{other.label}, row {other.row}"
            )
            r.add(k.row, k.column, f"the same {k.what} as {where}: entered twice", "key-conflict")
