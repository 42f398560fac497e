"""Reading the education template back: the workbook template.py writes, or CSV files of its
sheets (each recognised by its header).

A load lands whole or not at all: every row of every file is checked, each problem named with
its file and sheet (``education.xlsx [Monthly figures]``), row (as the spreadsheet numbers it),
column (as headed) and reason, and when there is any problem no record is returned. Checked: a
file that is not a workbook or UTF-8 CSV, a sheet's missing columns, a value that is not what
its column takes (a month, a figure, a whole number, an amount, a measure id of the right
frequency), a required value missing, two rows for one key (a measure's month twice), and the
high-needs sheet's opening overspend missing on its first year.
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csc_insight.education import values
from csc_insight.education.columns import (
    ANNUAL,
    HIGH_NEEDS,
    MONTHLY,
    PLACEMENTS,
    SCENARIOS,
    SHEETS,
    Sheet,
)
from csc_insight.education.model import (
    AnnualFigure,
    EducationRecords,
    EhcpScenario,
    HighNeedsYear,
    MonthlyFigure,
    Placement,
    Source,
)
from csc_insight.errors import MAX_PROBLEMS_PER_FILE, Problem
from csc_insight.formats import xlsx_limits
from csc_insight.formats.template_xlsx import cell_text, find_sheet, sheet_names

MAX_COLUMNS = 40


class _Refused(Exception):
    pass


@dataclass
class _Table:
    sheet: Sheet
    label: str
    rows: list[tuple[int, list[str]]]
    parsed: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


def read_files(paths: Sequence[Path]) -> tuple[EducationRecords, list[Problem]]:
    """The records of the files read as one load, or no records and every problem."""
    tables: list[_Table] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            tables += _tables(Path(path))
        except _Refused as e:
            problems.append(Problem(str(path), None, None, str(e)))
        except OSError as e:
            problems.append(Problem(str(path), None, None, f"cannot be read ({e.strerror or e})"))
    for t in tables:
        problems += _limit(t.label, _read(t))
    problems += _duplicates(tables)
    problems += _opening(tables)
    if not problems and not any(t.parsed for t in tables):
        problems.append(
            Problem(
                ", ".join(map(str, paths)),
                None,
                None,
                "no figures below the headers (is this the blank template?)",
            )
        )
    if problems:
        return EducationRecords(), problems
    return _records(tables), []


def _limit(label: str, problems: list[Problem]) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS_PER_FILE:
        return problems
    more = len(problems) - MAX_PROBLEMS_PER_FILE
    return [
        *problems[:MAX_PROBLEMS_PER_FILE],
        Problem(label, None, None, f"... and {more} more problems (fix these and check again)"),
    ]


# -- files to tables of text ------------------------------------------------------------------


def _tables(path: Path) -> list[_Table]:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _workbook(path)
    if suffix in (".csv", ".txt"):
        return [_csv(path)]
    raise _Refused("not an education template: expected an .xlsx workbook or a .csv file")


def _workbook(path: Path) -> list[_Table]:
    reason = xlsx_limits.check_workbook(path)
    if reason is not None:
        raise _Refused(reason)
    names = sheet_names(path) or []
    found = [(s, n) for s in SHEETS if (n := find_sheet(names, [s.name, s.csv_name[:-4]]))]
    if not found:
        raise _Refused(
            "no sheet named "
            + ", ".join(f"'{s.name}'" for s in SHEETS)
            + ": is this the education template (csc education template)?"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of extensions it does not read
            import openpyxl  # here: reading CSV files needs none of it

            wb = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
            try:
                return [_Table(s, f"{path} [{n}]", list(_sheet_rows(wb[n], n))) for s, n in found]
            finally:
                wb.close()
    except _Refused:
        raise
    except Exception as e:  # openpyxl raises many kinds on a damaged file
        text = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise _Refused(f"not a readable xlsx workbook ({text[:200]})") from e


def _sheet_rows(ws: Any, name: str) -> Iterator[tuple[int, list[str]]]:
    ws.reset_dimensions()  # a wrong <dimension> would pad every row to its width
    for n, row in enumerate(ws.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
        if n > xlsx_limits.MAX_ROWS_PER_SHEET:
            raise _Refused(xlsx_limits.too_many_rows(name))
        yield n, [cell_text(v) for v in row]


def _csv(path: Path) -> _Table:
    data = path.read_bytes()
    if not data.strip():
        raise _Refused("file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise _Refused(f"not UTF-8 text (byte 0x{data[e.start]:02x}); save it as CSV UTF-8") from e
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, [" ".join(c.split()) for c in cells]))
            start = reader.line_num + 1
            if len(rows) > xlsx_limits.MAX_ROWS_PER_SHEET:
                raise _Refused(f"more than {xlsx_limits.MAX_ROWS_PER_SHEET:,} rows")
    except csv.Error as e:
        raise _Refused(f"not a readable CSV file at line {reader.line_num} ({e})") from e
    sheet = _sheet_of(rows[0][1] if rows else [])
    if sheet is None:
        raise _Refused(
            "not an education template sheet: its header is not that of "
            + ", ".join(s.csv_name for s in SHEETS)
        )
    return _Table(sheet, str(path), rows)


def _sheet_of(header: Sequence[str]) -> Sheet | None:
    """The sheet whose required columns the header has most of (at least half, so that a
    missing column is reported as missing rather than the whole file refused)."""
    best: tuple[float, Sheet] | None = None
    for s in SHEETS:
        required = [c for c in s.columns if c.mandatory]
        share = sum(any(c.matches(h) for h in header) for c in required) / len(required)
        if share >= 0.5 and (best is None or share > best[0]):
            best = (share, s)
    return best[1] if best else None


# -- rows to values ---------------------------------------------------------------------------


def _read(t: _Table) -> list[Problem]:
    problems: list[Problem] = []
    if not t.rows:
        return [Problem(t.label, None, None, "sheet is empty: the header row is missing")]
    header_no, header = t.rows[0]
    where = {
        c.name: next((i for i, h in enumerate(header) if c.matches(h)), None)
        for c in t.sheet.columns
    }
    for c in t.sheet.columns:
        if c.mandatory and where[c.name] is None:
            problems.append(Problem(t.label, header_no, c.header, "column missing from the header"))
    if problems:
        return problems
    frequency = "annual" if t.sheet is ANNUAL else "monthly"
    for row_no, cells in t.rows[1:]:
        if not any(cells):
            continue
        parsed: dict[str, Any] = {}
        for c in t.sheet.columns:
            i = where[c.name]
            raw = cells[i] if i is not None and i < len(cells) else ""
            column = header[i] if i is not None else c.header
            if not raw.strip():
                if c.mandatory:
                    problems.append(Problem(t.label, row_no, column, "value missing"))
                parsed[c.name] = None
                continue
            try:
                parsed[c.name] = values.parse(c.kind, raw, frequency)
            except values.Bad as e:
                problems.append(Problem(t.label, row_no, column, str(e)))
        t.parsed.append((row_no, parsed))
    return problems


def _duplicates(tables: Sequence[_Table]) -> list[Problem]:
    """Two rows (in any of the files) for one key: which figure is meant cannot be told."""
    first: dict[tuple[Any, ...], str] = {}
    problems = []
    for t in tables:
        headers = [c.header for c in t.sheet.columns if c.name in t.sheet.key]
        for row_no, p in t.parsed:
            key = (t.sheet.name, *(p.get(k) for k in t.sheet.key))
            if None in key:
                continue  # a key value missing or unreadable is reported already
            if key in first:
                reason = f"a second row for the same {' and '.join(headers)} (first: {first[key]})"
                problems.append(Problem(t.label, row_no, headers[0], reason))
            else:
                first[key] = f"{t.label} row {row_no}"
    return problems


def _opening(tables: Sequence[_Table]) -> list[Problem]:
    rows = [(t, n, p) for t in tables if t.sheet is HIGH_NEEDS for n, p in t.parsed if p["year"]]
    if not rows:
        return []
    t, n, p = min(rows, key=lambda r: r[2]["year"])
    if p.get("opening_overspend") is None:
        header = next(c.header for c in HIGH_NEEDS.columns if c.name == "opening_overspend")
        return [
            Problem(
                t.label,
                n,
                header,
                f"value missing: {p['year']} is the first year "
                "entered, so the overspend it brings forward is needed (0 if none)",
            )
        ]
    return []


# -- values to records ------------------------------------------------------------------------


def _records(tables: Sequence[_Table]) -> EducationRecords:
    out = EducationRecords()
    for t in tables:
        for n, p in t.parsed:
            out = out + _record(t.sheet, p, Source(t.label, n))
    return out


def _record(sheet: Sheet, p: dict[str, Any], source: Source) -> EducationRecords:
    if sheet is MONTHLY:
        return EducationRecords(
            monthly=(MonthlyFigure(p["measure"], p["month"], p["value"], source),)
        )
    if sheet is ANNUAL:
        return EducationRecords(
            annual=(AnnualFigure(p["measure"], p["year"], p["area"], p["value"], source),)
        )
    if sheet is PLACEMENTS:
        return EducationRecords(
            placements=(
                Placement(
                    p["year"], p["location"], p["establishments"], p["pupils"], p["cost"], source
                ),
            )
        )
    if sheet is SCENARIOS:
        return EducationRecords(scenarios=(EhcpScenario(p["reduced"], p["unit_cost"], source),))
    return EducationRecords(
        high_needs=(
            HighNeedsYear(
                p["year"],
                p["allocation"],
                p["spend"],
                p["opening_overspend"],
                p["dsg_deficit"],
                p["printed_overspend"],
                p["plan_deficit"],
                source,
            ),
        )
    )
