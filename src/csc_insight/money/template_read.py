"""Reading the money template back: the workbook template.py writes (its three sheets), or
CSV files of the same columns (one sheet each, recognised by its header).

A load lands whole or not at all: every row of every file is checked, each problem is named
with its file and sheet (``money.xlsx [Budget lines]``), row (as the spreadsheet numbers it),
column (as headed in the file) and reason, and when there is any problem *no* record is
returned. What is checked: a file that is not a workbook or not UTF-8 text (refused by name),
a sheet's missing or unknown columns, an amount that is not a number or is below 0 (only a Net
row may be negative), a year, date or category that is not one, a required value missing, an
entry dated after today, and a row whose key another row has (a service twice in a year, a
reference twice). The workbook is checked for soundness and size before openpyxl opens it
(formats/xlsx_limits.py), as every workbook csc reads.

Disagreements between the figures (a printed total, two sources of a proposal) are not
problems with the file: the records are returned and checks.py reports them.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from csc_insight.errors import MAX_PROBLEMS_PER_FILE, Problem, quoted
from csc_insight.formats import xlsx_limits
from csc_insight.formats.dates import DAY_FIRST, FIRST, ISO, LAST, date_problem
from csc_insight.formats.template_xlsx import cell_text, find_sheet, sheet_names
from csc_insight.money.columns import (
    BUDGET,
    CATEGORIES,
    MTFS,
    SHEETS,
    Column,
    Sheet,
    year_of_header,
)
from csc_insight.money.model import (
    QUARTERS,
    BudgetLine,
    Category,
    Entry,
    MoneyRecords,
    MtfsProposal,
    PrintedTotal,
    ProjectProfile,
    Source,
    TotalKind,
    name_key,
    reference,
    year_label,
)

#: Columns read from a sheet at most (a stray cell far to the right does not widen every row).
MAX_COLUMNS = 60
#: An amount above this (£10bn, in £ thousands) was typed in pounds.
MAX_AMOUNT = Decimal(10_000_000)


class _Bad(Exception):
    """A value that cannot be read: its reason (and the rule it breaks)."""

    def __init__(self, reason: str, rule: str = "value-number") -> None:
        super().__init__(reason)
        self.reason, self.rule = reason, rule


def read_template(path: Path, today: date | None = None) -> tuple[MoneyRecords, list[Problem]]:
    """The records of a money workbook (or one CSV sheet), and its problems: when there is any
    problem, no records (empty ``MoneyRecords``)."""
    return read_files([path], today)


def read_files(
    paths: Sequence[Path], today: date | None = None
) -> tuple[MoneyRecords, list[Problem]]:
    """The records of several files read as one load (keys checked across them): all of them,
    or none when any file has a problem."""
    today = today or date.today()
    readers: list[_SheetReader] = []
    problems: list[Problem] = []
    for path in paths:
        tables, refused = _tables(Path(path))
        problems += refused
        for sheet, table in tables:
            r = _SheetReader(sheet, table, today)
            r.read()
            readers.append(r)
    _check_keys(readers)
    for r in readers:
        problems += _limit(r.table.label, r.problems)
    if not problems and not any(r.found for r in readers):
        where = ", ".join(str(p) for p in paths)
        problems.append(
            Problem(where, None, None, "no records below the headers (is this the blank template?)")
        )
    if problems:
        return MoneyRecords(), problems
    return _records(readers), []


def _limit(label: str, problems: list[Problem]) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS_PER_FILE:
        return problems
    more = len(problems) - MAX_PROBLEMS_PER_FILE
    note = Problem(label, None, None, f"... and {more} more problems (fix these and check again)")
    return [*problems[:MAX_PROBLEMS_PER_FILE], note]


def _records(readers: Sequence[_SheetReader]) -> MoneyRecords:
    lines = tuple(x for r in readers for x in r.lines)
    proposals = tuple(x for r in readers for x in r.proposals)
    profiles = tuple(x for r in readers for x in r.profiles)
    printed = tuple(x for r in readers for x in r.printed)
    return MoneyRecords(lines, proposals, profiles, printed)


# -- files to tables of text ------------------------------------------------------------------


@dataclass
class _Table:
    """A sheet's cells as text, row by row with the spreadsheet's row numbers (header first)."""

    label: str
    rows: list[tuple[int, list[str]]]


def _tables(path: Path) -> tuple[list[tuple[Sheet, _Table]], list[Problem]]:
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            return _workbook(path), []
        if suffix in (".csv", ".txt"):
            return [_csv(path)], []
        raise _Bad("not a money template: expected an .xlsx workbook or a .csv file")
    except _Bad as e:
        return [], [Problem(str(path), None, None, e.reason)]
    except OSError as e:
        return [], [Problem(str(path), None, None, f"cannot be read ({e.strerror or e})")]


def _workbook(path: Path) -> list[tuple[Sheet, _Table]]:
    reason = xlsx_limits.check_workbook(path)
    if reason is not None:
        raise _Bad(reason)
    names = sheet_names(path) or []
    found = [(s, n) for s in SHEETS if (n := find_sheet(names, [s.name, s.csv_name[:-4]]))]
    if not found:
        wanted = ", ".join(f"'{s.name}'" for s in SHEETS)
        raise _Bad(f"no sheet named {wanted}: is this the money template (csc money template)?")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of extensions it does not read
            import openpyxl  # here: reading CSV files needs none of it

            wb = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
            try:
                return [(s, _Table(f"{path} [{n}]", list(_sheet_rows(wb[n], n)))) for s, n in found]
            finally:
                wb.close()
    except _Bad:
        raise
    except Exception as e:  # openpyxl raises many kinds on a damaged file
        text = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise _Bad(f"not a readable xlsx workbook ({text[:200]})") from e


def _sheet_rows(ws: Any, name: str) -> Iterator[tuple[int, list[str]]]:
    ws.reset_dimensions()  # a wrong <dimension> would pad every row to its width
    for n, row in enumerate(ws.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
        if n > xlsx_limits.MAX_ROWS_PER_SHEET:
            raise _Bad(xlsx_limits.too_many_rows(name))
        yield n, [cell_text(v) for v in row]


def _csv(path: Path) -> tuple[Sheet, _Table]:
    data = path.read_bytes()
    if not data.strip():
        raise _Bad("file is empty")
    if b"\x00" in data[:4096]:
        raise _Bad(
            "holds NUL bytes: it is UTF-16 (Excel's 'Unicode Text') or not text; save it as CSV UTF-8"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise _Bad(
            f"not UTF-8 text (byte 0x{data[e.start]:02x}); save the file as CSV UTF-8"
        ) from e
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for cells in reader:
            rows.append((start, [" ".join(c.split()) if "\n" in c else c.strip() for c in cells]))
            start = reader.line_num + 1
            if len(rows) > xlsx_limits.MAX_ROWS_PER_SHEET:
                raise _Bad(
                    f"more than {xlsx_limits.MAX_ROWS_PER_SHEET:,} rows: is it the right file?"
                )
    except csv.Error as e:
        raise _Bad(f"not a readable CSV file at line {reader.line_num} ({e})") from e
    header = rows[0][1] if rows else []
    sheet = _sheet_of(header)
    if sheet is None:
        raise _Bad(
            "not a money template sheet: its header has none of the columns of "
            + ", ".join(f"{s.name} ({s.csv_name})" for s in SHEETS)
        )
    return sheet, _Table(str(path), rows)


def _sheet_of(header: Sequence[str]) -> Sheet | None:
    """The sheet whose required columns a CSV header has most of (at least half)."""
    best: tuple[float, Sheet] | None = None
    for s in SHEETS:
        required = [c for c in s.columns if c.mandatory]
        hits = sum(any(c.matches(h) for h in header) for c in required)
        years = any(year_of_header(h) for h in header)
        if s.years_after is None and years:
            hits -= 1  # year columns: an MTFS or profile sheet
        share = hits / len(required)
        if share >= 0.5 and (best is None or share > best[0]):
            best = (share, s)
    return best[1] if best else None


# -- values -----------------------------------------------------------------------------------

_AMOUNT = re.compile(r"^£?(?:\d{1,3}(?:,\d{3})+|\d*)(?:\.\d+)?$")
#: Places an amount in £k keeps: to the pound (a workbook's float arithmetic leaves noise).
PLACES = Decimal("0.001")


def money(text: str, *, signed: bool = False) -> Decimal:
    """An amount in £k as people type it: 9050, 9,050, £9,050, 424.5; '-' is nil; (4,609) and
    -4609 are negative, accepted only where ``signed``. Kept to the pound (3 places)."""
    t = text.strip()
    if t in ("-", "–", "—"):
        return Decimal(0)
    negative = (t.startswith("(") and t.endswith(")")) or t.startswith("-")
    inner = t[1:-1] if t.startswith("(") and t.endswith(")") else t.removeprefix("-")
    inner = inner.replace(" ", "")
    if not inner or not _AMOUNT.match(inner) or not re.search(r"\d", inner):
        raise _Bad(f"{quoted(text)} is not an amount (expected £ thousands, e.g. 9050 or 9,050)")
    value = Decimal(inner.replace("£", "").replace(",", ""))
    if value != value.quantize(PLACES):
        value = value.quantize(PLACES, rounding=ROUND_HALF_UP)
    if value > MAX_AMOUNT:
        raise _Bad(
            f"{quoted(text)} is more than £10bn: amounts are in £ thousands (9050 for £9.05m)"
        )
    if negative and value and not signed:
        raise _Bad(
            f"{quoted(text)} is below 0: enter the amount as a positive figure (a saving as "
            "the amount saved, 424 for £424k, with Category Saving)",
            "money-negative",
        )
    return -value if negative and value else value


def day(text: str, today: date) -> date:
    t = text.strip()
    for fmt in (ISO, DAY_FIRST):
        try:
            d = datetime.strptime(t.split(" ")[0].split("T")[0], fmt).date()
        except ValueError:
            continue
        if not FIRST <= d <= LAST:
            break
        if d > today:
            raise _Bad(f"{quoted(text)} is after today: the day it was entered", "date-future")
        return d
    raise _Bad(date_problem(t, (DAY_FIRST, ISO), ("a date cell",)), "value-date")


def year(text: str) -> str:
    y = year_label(text)
    if y is None:
        raise _Bad(
            f"{quoted(text)} is not a financial year (expected 2021-22 or 2021/22)", "value-code"
        )
    return y


def category(text: str) -> str:
    c = CATEGORIES.get(re.sub(r"[^0-9a-z]+", "", text.lower()))
    if c is None:
        raise _Bad(
            f"{quoted(text)} is not a category (expected Saving or Growth; Total savings, "
            "Total growth or Net for a printed total)",
            "value-code",
        )
    return c


# -- one sheet --------------------------------------------------------------------------------


@dataclass
class _Key:
    """A row's key, for the check that no two rows share one."""

    value: tuple[str, ...]
    what: str  # "Financial year and Service"
    column: str
    label: str
    row: int


#: The Category of a printed total's row -> what it is the total of.
_TOTALS: dict[str, TotalKind] = {"savings": "savings", "growth_total": "growth", "net": "net"}


@dataclass
class _SheetReader:
    sheet: Sheet
    table: _Table
    today: date
    problems: list[Problem] = field(default_factory=list)
    lines: list[BudgetLine] = field(default_factory=list)
    proposals: list[MtfsProposal] = field(default_factory=list)
    profiles: list[ProjectProfile] = field(default_factory=list)
    printed: list[PrintedTotal] = field(default_factory=list)
    keys: list[_Key] = field(default_factory=list)
    at: dict[str, int] = field(default_factory=dict)  # column name -> index
    heading: dict[str, str] = field(default_factory=dict)  # column name -> header in the file
    years: list[tuple[int, str, str]] = field(default_factory=list)  # (index, year, header)
    found: int = 0

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
                self._row(n, cells)

    def _layout(self, n: int, header: list[str]) -> bool:
        """Map the file's headers to the sheet's columns; False when the sheet cannot be read."""
        for i, h in enumerate(header):
            if not h:
                continue
            c = next((c for c in self.sheet.columns if c.matches(h)), None)
            y = year_of_header(h) if self.sheet.years_after else None
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
        if self.sheet.years_after and not self.years:
            self.add(n, None, "no amount columns: one per financial year, headed like 2021-22 £k")
        return not self.problems

    # a row ------------------------------------------------------------------------------------

    def _row(self, n: int, cells: list[str]) -> None:
        row = _Row(self, n, cells)
        if self.sheet is BUDGET:
            self._budget(row)
        elif self.sheet is MTFS:
            self._mtfs(row)
        else:
            self._profile(row)

    def _entry(self, row: _Row, *, required: bool = True) -> Entry | None:
        """Who entered the row and when: required of a record, not of a printed total's row."""
        by = row.get("entered_by", str, required=required)
        on = row.get("entered_on", lambda t: day(t, self.today), required=required)
        return None if by is None or on is None else Entry(by, on)

    def _source(self, row: _Row) -> Source:
        return Source(self.table.label, row.text("taken_from") or None, row.n)

    def _budget(self, row: _Row) -> None:
        y, service = row.get("year", year), row.get("service", str)
        total = service is not None and name_key(service) == "total"
        amount = row.get("budget", money, required=not total)
        projected = [row.get(f"q{q}", money, required=False) for q in QUARTERS]
        outturn = row.get("outturn", money, required=False)
        entry = self._entry(row, required=not total)
        if y is None or service is None or row.bad:
            return
        self.keys.append(
            _Key(
                (y, name_key(service)),
                "Financial year and Service",
                row.header("service"),
                self.table.label,
                row.n,
            )
        )
        if total:
            self._budget_totals(row, y, amount, projected, outturn)
            return
        assert amount is not None and entry is not None
        q1, q2, q3, q4 = projected
        note = row.text("note") or None
        self.lines.append(
            BudgetLine(
                y, service, amount, (q1, q2, q3, q4), outturn, entry, self._source(row), note
            )
        )

    def _budget_totals(
        self,
        row: _Row,
        y: str,
        amount: Decimal | None,
        projected: list[Decimal | None],
        outturn: Decimal | None,
    ) -> None:
        given: list[tuple[TotalKind, int | None, Decimal | None, str]] = [
            ("budget", None, amount, "budget"),
            *(("projected", q, projected[q - 1], f"q{q}") for q in QUARTERS),
            ("outturn", None, outturn, "outturn"),
        ]
        for what, q, figure, col in given:
            if figure is not None:
                self.printed.append(
                    PrintedTotal(what, y, figure, self._source(row), q, None, row.header(col))
                )

    def _amounts(self, row: _Row, *, signed: bool = False) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for i, y, h in self.years:
            text = row.cells[i] if i < len(row.cells) else ""
            if text.strip():
                try:
                    out[y] = money(text, signed=signed)
                except _Bad as e:
                    row.fail(h, e)
        return out

    def _mtfs(self, row: _Row) -> None:
        ref = row.get("ref", reference, required=False)
        name, cat = row.get("name", str), row.get("category", category)
        owner = row.get("owner", str, required=False)
        amounts = self._amounts(row, signed=cat == "net")
        entry = self._entry(row, required=cat in ("saving", "growth", None))
        if not amounts and not row.bad:
            row.fail(None, _Bad("no amount in any year column", "value-missing"))
        if name is None or cat is None or row.bad:
            return
        if cat in ("saving", "growth"):
            assert entry is not None
            key = (ref,) if ref else (name_key(name), cat)
            what = "Reference" if ref else "Proposal and Category, and no Reference"
            self.keys.append(
                _Key(
                    ("mtfs", *key),
                    what,
                    row.header("ref" if ref else "name"),
                    self.table.label,
                    row.n,
                )
            )
            kind: Category = "saving" if cat == "saving" else "growth"
            self.proposals.append(
                MtfsProposal(
                    ref,
                    name,
                    owner,
                    kind,
                    amounts,
                    entry,
                    self._source(row),
                    row.text("note") or None,
                )
            )
            return
        self.keys.append(
            _Key(("mtfs-total", cat), "Category", row.header("category"), self.table.label, row.n)
        )
        total = _TOTALS[cat]
        for y, figure in amounts.items():
            column = next(h for _, yy, h in self.years if yy == y)
            self.printed.append(PrintedTotal(total, y, figure, self._source(row), column=column))

    def _profile(self, row: _Row) -> None:
        ref, name = row.get("ref", reference), row.get("name", str)
        manager = row.get("manager", str, required=False)
        amounts = self._amounts(row)
        entry = self._entry(row)
        if not amounts and not row.bad:
            row.fail(None, _Bad("no amount in any year column", "value-missing"))
        if ref is None or name is None or entry is None or row.bad:
            return
        self.keys.append(
            _Key(("profile", ref), "Reference", row.header("ref"), self.table.label, row.n)
        )
        self.profiles.append(
            ProjectProfile(
                ref, name, manager, amounts, entry, self._source(row), row.text("note") or None
            )
        )


class _Row:
    """One row's cells, read column by column; each problem is added to the sheet's."""

    def __init__(self, reader: _SheetReader, n: int, cells: list[str]) -> None:
        self.reader, self.n, self.cells = reader, n, cells
        self.bad = False

    def header(self, name: str) -> str:
        return self.reader.heading.get(name) or self.reader.sheet.column(name).header

    def text(self, name: str) -> str:
        i = self.reader.at.get(name)
        return self.cells[i].strip() if i is not None and i < len(self.cells) else ""

    def fail(self, column: str | None, e: _Bad) -> None:
        self.bad = True
        self.reader.add(self.n, column, e.reason, e.rule)

    def get(self, name: str, parse: Any, *, required: bool | None = None) -> Any:
        """The column's value parsed, or None (blank, or a problem added)."""
        col: Column = self.reader.sheet.column(name)
        text = self.text(name)
        if not text:
            if col.mandatory if required is None else required:
                self.fail(self.header(name), _Bad("value missing", "value-missing"))
            return None
        try:
            return parse(text)
        except _Bad as e:
            self.fail(self.header(name), e)
            return None


def _check_keys(readers: Sequence[_SheetReader]) -> None:
    """Rows sharing a key: each is a problem naming the other (none is loaded)."""
    seen: dict[tuple[str, ...], list[tuple[_SheetReader, _Key]]] = {}
    for r in readers:
        for k in r.keys:
            seen.setdefault(k.value, []).append((r, k))
    for group in seen.values():
        if len(group) < 2:
            continue
        for i, (r, k) in enumerate(group):
            _, other = group[1 if i == 0 else 0]
            where = (
                f"row {other.row}" if other.label == k.label else f"{other.label}, row {other.row}"
            )
            r.add(k.row, k.column, f"the same {k.what} as {where}: entered twice", "key-conflict")
