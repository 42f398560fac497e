"""Reading the delivery template back: the workbook template.py writes (its six sheets), or CSV
files of the same columns (one sheet each, recognised by its header).

As the money template: a load lands whole or not at all. Every row of every file is checked;
each problem names its file and sheet (``delivery.xlsx [Milestones]``), row (as the spreadsheet
numbers it), column (as headed in the file) and reason; when there is any problem *no* record is
returned. What is checked, besides what money/template_read.py checks of a file (not a
workbook, not UTF-8, missing or unknown columns, a required value missing, a date that is not
one, an entry dated after today, a key two rows share):

- a status, test or EQIA status that is not one of its list;
- a likelihood or impact that is not a whole number 1 to 5;
- a guardrail's indicator that is not in the catalogue (with the nearest ids), an at most / at
  least test without a threshold or a no adverse signal test with one, a no adverse signal
  test on an indicator with no better direction (its RAG and signal say nothing is adverse);
- a completion date on a milestone or action not completed, or after today;
- a milestone, risk or guardrail whose project is not on the Projects sheet of the same load,
  an action whose workstream is not on the Workstreams sheet.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from csc_insight.delivery.columns import (
    ACTIONS,
    GUARDRAILS,
    MILESTONES,
    PROJECTS,
    RISKS,
    SHEETS,
    WORKSTREAMS,
    Column,
    Sheet,
    year_of_header,
)
from csc_insight.delivery.model import (
    Action,
    DeliveryRecords,
    Guardrail,
    Milestone,
    Project,
    Risk,
    Workstream,
)
from csc_insight.errors import MAX_PROBLEMS_PER_FILE, Problem, quoted
from csc_insight.formats import xlsx_limits
from csc_insight.formats.dates import DAY_FIRST, FIRST, ISO, LAST, date_problem
from csc_insight.formats.template_xlsx import cell_text, find_sheet, sheet_names
from csc_insight.indicators import catalogue
from csc_insight.money import template_read as money_read
from csc_insight.money.model import Entry, Source, name_key, reference

#: Columns read from a sheet at most (a stray cell far to the right does not widen every row).
MAX_COLUMNS = 60
#: Columns whose dates may not be after today (a due date may).
PAST_DATES = ("entered_on", "completed_on")


class _Bad(Exception):
    """A value that cannot be read: its reason (and the rule it breaks)."""

    def __init__(self, reason: str, rule: str = "value-code") -> None:
        super().__init__(reason)
        self.reason, self.rule = reason, rule


def read_template(path: Path, today: date | None = None) -> tuple[DeliveryRecords, list[Problem]]:
    """The records of a delivery workbook (or one CSV sheet), and its problems: when there is
    any problem, no records."""
    return read_files([path], today)


def read_files(
    paths: Sequence[Path], today: date | None = None
) -> tuple[DeliveryRecords, list[Problem]]:
    """The records of several files read as one load (keys and references checked across them):
    all of them, or none when any file has a problem."""
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
    _check_references(readers)
    for r in readers:
        problems += _limit(r.table.label, r.problems)
    if not problems and not any(r.records for r in readers):
        where = ", ".join(str(p) for p in paths)
        problems.append(
            Problem(where, None, None, "no records below the headers (is this the blank template?)")
        )
    if problems:
        return DeliveryRecords(), problems
    return _records(readers), []


def _limit(label: str, problems: list[Problem]) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS_PER_FILE:
        return problems
    more = len(problems) - MAX_PROBLEMS_PER_FILE
    note = Problem(label, None, None, f"... and {more} more problems (fix these and check again)")
    return [*problems[:MAX_PROBLEMS_PER_FILE], note]


def _records(readers: Sequence[_SheetReader]) -> DeliveryRecords:
    def of(sheet: Sheet) -> tuple[Any, ...]:
        return tuple(x for r in readers if r.sheet is sheet for x in r.records)

    return DeliveryRecords(
        of(PROJECTS), of(MILESTONES), of(RISKS), of(GUARDRAILS), of(WORKSTREAMS), of(ACTIONS)
    )


# -- files to tables of text ------------------------------------------------------------------


@dataclass
class _Table:
    label: str
    rows: list[tuple[int, list[str]]]


def _tables(path: Path) -> tuple[list[tuple[Sheet, _Table]], list[Problem]]:
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            return _workbook(path), []
        if suffix in (".csv", ".txt"):
            return [_csv(path)], []
        raise _Bad("not a delivery template: expected an .xlsx workbook or a .csv file")
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
        raise _Bad(f"no sheet named {wanted}: is this the delivery template?")
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
        raise _Bad("holds NUL bytes: it is not text; save it as CSV UTF-8")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise _Bad(f"not UTF-8 text (byte 0x{data[e.start]:02x}); save it as CSV UTF-8") from e
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for cells in reader:
            rows.append((start, [" ".join(c.split()) for c in cells]))
            start = reader.line_num + 1
            if len(rows) > xlsx_limits.MAX_ROWS_PER_SHEET:
                raise _Bad(f"more than {xlsx_limits.MAX_ROWS_PER_SHEET:,} rows")
    except csv.Error as e:
        raise _Bad(f"not a readable CSV file at line {reader.line_num} ({e})") from e
    sheet = _sheet_of(rows[0][1] if rows else [])
    if sheet is None:
        raise _Bad(
            "not a delivery template sheet: its header is not that of any of "
            + ", ".join(f"{s.name} ({s.csv_name})" for s in SHEETS)
        )
    return sheet, _Table(str(path), rows)


def _sheet_of(header: Sequence[str]) -> Sheet | None:
    """The sheet whose columns the CSV header matches best (all its required ones present)."""
    best: tuple[int, Sheet] | None = None
    for s in SHEETS:
        if not all(any(c.matches(h) for h in header) for c in s.columns if c.mandatory):
            continue
        hits = sum(any(c.matches(h) for h in header) for c in s.columns)
        hits -= sum(not any(c.matches(h) for c in s.columns) for h in header if h)
        if best is None or hits > best[0]:
            best = (hits, s)
    return best[1] if best else None


# -- values -----------------------------------------------------------------------------------


def day(text: str, today: date, *, past: bool) -> date:
    t = text.strip()
    for fmt in (ISO, DAY_FIRST):
        try:
            d = datetime.strptime(t.split(" ")[0].split("T")[0], fmt).date()
        except ValueError:
            continue
        if not FIRST <= d <= LAST:
            break
        if past and d > today:
            raise _Bad(f"{quoted(text)} is after today", "date-future")
        return d
    raise _Bad(date_problem(t, (DAY_FIRST, ISO), ("a date cell",)), "value-date")


def choice(text: str, choices: Sequence[str]) -> str:
    key = name_key(text)
    found = next((c for c in choices if name_key(c) == key), None)
    if found is None:
        raise _Bad(f"{quoted(text)} is not one of: {', '.join(choices)}")
    return found


def ref(text: str) -> str:
    """A reference with its spaces tidied, upper case when it is a code (``cfe sav02`` ->
    ``CFE SAV02``); a proposal's name standing for one (Staffing Review) keeps its case."""
    tidy = " ".join(text.split())
    return reference(tidy) if re.search(r"\d", tidy) else tidy


def score(text: str) -> int:
    if not re.fullmatch(r"[1-5](?:\.0+)?", text.strip()):
        raise _Bad(f"{quoted(text)} is not a whole number from 1 to 5", "value-number")
    return int(float(text))


def number(text: str) -> float:
    t = text.strip().removesuffix("%").replace(",", "").strip()
    try:
        return float(t)
    except ValueError:
        raise _Bad(f"{quoted(text)} is not a number", "value-number") from None


def indicator(text: str) -> str:
    try:
        return catalogue.get(text).id
    except catalogue.UnknownIndicator as e:
        raise _Bad(str(e), "value-code") from None


def achieved(text: str) -> Decimal:
    try:
        return money_read.money(text)
    except money_read._Bad as e:  # the money template's amount, read as it reads one
        raise _Bad(e.reason, e.rule) from None


# -- one sheet --------------------------------------------------------------------------------


@dataclass
class _Key:
    value: tuple[str, ...]
    what: str
    column: str
    label: str
    row: int


@dataclass
class _Ref:
    """A row naming a project (or workstream) that must be in the same load."""

    sheet: Sheet  # the sheet it must be on
    value: str
    column: str
    row: int


@dataclass
class _SheetReader:
    sheet: Sheet
    table: _Table
    today: date
    problems: list[Problem] = field(default_factory=list)
    records: list[Any] = field(default_factory=list)
    keys: list[_Key] = field(default_factory=list)
    refs: list[_Ref] = field(default_factory=list)
    at: dict[str, int] = field(default_factory=dict)
    heading: dict[str, str] = field(default_factory=dict)
    years: list[tuple[int, str, str]] = field(default_factory=list)

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
                self._row(_Row(self, n, cells))

    def _layout(self, n: int, header: list[str]) -> bool:
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
        return not self.problems

    def _row(self, row: _Row) -> None:
        values = {c.name: row.get(c) for c in self.sheet.columns}
        if self.sheet is PROJECTS:
            values["achieved"] = row.years()
        if row.bad:
            return
        entry = Entry(values["entered_by"], values["entered_on"])
        source = Source(self.table.label, values["taken_from"], row.n)
        build = _BUILDERS[self.sheet.name]
        record = build(self, row, values, entry, source)
        if record is not None and not row.bad:
            self.records.append(record)

    def key(self, row: _Row, value: tuple[str, ...], what: str, column: str) -> None:
        self.keys.append(
            _Key((self.sheet.name, *value), what, row.header(column), self.table.label, row.n)
        )

    def ref(self, row: _Row, sheet: Sheet, value: str, column: str) -> None:
        self.refs.append(_Ref(sheet, value, row.header(column), row.n))


class _Row:
    def __init__(self, reader: _SheetReader, n: int, cells: list[str]) -> None:
        self.reader, self.n, self.cells = reader, n, cells
        self.bad = False

    def header(self, name: str) -> str:
        return self.reader.heading.get(name) or self.reader.sheet.column(name).header

    def text(self, name: str) -> str:
        i = self.reader.at.get(name)
        return self.cells[i].strip() if i is not None and i < len(self.cells) else ""

    def fail(self, column: str | None, reason: str, rule: str | None = None) -> None:
        self.bad = True
        self.reader.add(self.n, column, reason, rule)

    def get(self, c: Column) -> Any:
        """The column's value parsed, or None (blank, or a problem added)."""
        text = self.text(c.name)
        if not text:
            if c.mandatory:
                self.fail(self.header(c.name), "value missing", "value-missing")
            return None
        try:
            return _parser(c, self.reader.today)(text)
        except _Bad as e:
            self.fail(self.header(c.name), e.reason, e.rule)
            return None

    def years(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for i, y, h in self.reader.years:
            text = self.cells[i] if i < len(self.cells) else ""
            if text.strip():
                try:
                    out[y] = achieved(text)
                except _Bad as e:
                    self.fail(h, e.reason, e.rule)
        return out


def _parser(c: Column, today: date) -> Callable[[str], Any]:
    if c.kind == "date":
        return lambda t: day(t, today, past=c.name in PAST_DATES)
    if c.kind == "choice":
        return lambda t: choice(t, c.choices)
    parsers: dict[str, Callable[[str], Any]] = {
        "reference": ref,
        "score": score,
        "number": number,
        "indicator": indicator,
    }
    return parsers.get(c.kind, str.strip)


# -- the records, sheet by sheet --------------------------------------------------------------

_V = dict[str, Any]


def _project(r: _SheetReader, row: _Row, v: _V, entry: Entry, source: Source) -> Project:
    r.key(row, (name_key(v["ref"]),), "Reference", "ref")
    return Project(
        v["ref"],
        v["name"],
        v["manager"],
        v["description"],
        v["achieved"],
        v["eqia"],
        v["impact"],
        v["consultation"],
        entry,
        source,
        v["note"],
    )


def _completion(row: _Row, v: _V) -> bool:
    """A completion date on a row not completed is a problem."""
    if v["completed_on"] is not None and v["status"] != "completed":
        row.fail(
            row.header("completed_on"),
            "a completion date, but the status is not completed",
            "value-code",
        )
        return False
    return True


def _milestone(r: _SheetReader, row: _Row, v: _V, entry: Entry, source: Source) -> Milestone:
    r.key(
        row,
        (name_key(v["project"]), name_key(v["description"])),
        "Project and Milestone",
        "description",
    )
    r.ref(row, PROJECTS, v["project"], "project")
    _completion(row, v)
    return Milestone(
        v["project"],
        v["description"],
        v["owner"],
        v["due"],
        v["status"],
        v["completed_on"],
        entry,
        source,
    )


def _risk(r: _SheetReader, row: _Row, v: _V, entry: Entry, source: Source) -> Risk:
    r.key(
        row, (name_key(v["project"]), name_key(v["description"])), "Project and Risk", "description"
    )
    r.ref(row, PROJECTS, v["project"], "project")
    return Risk(
        v["project"],
        v["description"],
        v["likelihood"],
        v["impact"],
        v["mitigation"],
        v["owner"],
        entry,
        source,
    )


def _guardrail(r: _SheetReader, row: _Row, v: _V, entry: Entry, source: Source) -> Guardrail | None:
    r.key(
        row,
        (name_key(v["project"]), name_key(v["indicator"])),
        "Project and Indicator",
        "indicator",
    )
    r.ref(row, PROJECTS, v["project"], "project")
    test, threshold = v["test"], v["threshold"]
    if test == "no adverse signal":
        if threshold is not None:
            row.fail(
                row.header("threshold"),
                "a threshold, but the test is no adverse signal: "
                "leave it blank or choose at most or at least",
                "value-code",
            )
        elif catalogue.get(v["indicator"]).polarity == "none":
            row.fail(
                row.header("test"),
                f"{v['indicator']} has no better direction, so no "
                "signal of it is adverse: give a threshold (at most or at least)",
                "value-code",
            )
    elif threshold is None:
        row.fail(
            row.header("threshold"), f"value missing: {test} needs a threshold", "value-missing"
        )
    return Guardrail(v["project"], v["indicator"], test, threshold, v["why"], entry, source)


def _workstream(r: _SheetReader, row: _Row, v: _V, entry: Entry, source: Source) -> Workstream:
    r.key(row, (name_key(v["name"]),), "Workstream", "name")
    return Workstream(v["name"], v["sro"], v["progress"], entry, source)


def _action(r: _SheetReader, row: _Row, v: _V, entry: Entry, source: Source) -> Action:
    r.key(row, (name_key(v["ref"]),), "Reference", "ref")
    r.ref(row, WORKSTREAMS, v["workstream"], "workstream")
    _completion(row, v)
    return Action(
        v["ref"],
        v["workstream"],
        v["description"],
        v["owner"],
        v["due"],
        v["status"],
        v["evidence"],
        entry,
        source,
        v["completed_on"],
    )


_BUILDERS: dict[str, Callable[[_SheetReader, _Row, _V, Entry, Source], Any]] = {
    PROJECTS.name: _project,
    MILESTONES.name: _milestone,
    RISKS.name: _risk,
    GUARDRAILS.name: _guardrail,
    WORKSTREAMS.name: _workstream,
    ACTIONS.name: _action,
}


# -- across rows and files --------------------------------------------------------------------


def _check_keys(readers: Sequence[_SheetReader]) -> None:
    """Rows sharing a key: each is a problem naming the other (none is loaded)."""
    seen: dict[tuple[str, ...], list[tuple[_SheetReader, _Key]]] = {}
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


def _check_references(readers: Sequence[_SheetReader]) -> None:
    """A project or workstream named on a row must be on its own sheet in the same load."""
    names = {
        PROJECTS.name: {name_key(x.ref) for r in readers if r.sheet is PROJECTS for x in r.records},
        WORKSTREAMS.name: {
            name_key(x.name) for r in readers if r.sheet is WORKSTREAMS for x in r.records
        },
    }
    for r in readers:
        for ref in r.refs:
            if name_key(ref.value) not in names[ref.sheet.name]:
                r.add(
                    ref.row,
                    ref.column,
                    f"{quoted(ref.value)} is not on the {ref.sheet.name} sheet of this load",
                    "value-code",
                )
