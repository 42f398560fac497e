"""Ofsted's Annex A workbook (ILACS): one sheet per list, read into the canonical tables.

Follows the Annex A lists and columns of Ofsted's ILACS inspection framework as councils fill them
for inspections from 2023-24 (the template whose List 9 adds UASC, personal adviser, pathway plan
review and latest contact); the older List 9 without those columns is read too. Codes follow the
DfE's 2024-25 CIN census and SSDA903 specifications. The mapping, the decisions where the template
is ambiguous, and the writer's window rules are in docs/formats/annex_a.md.

Annex A rows carry no record ids, so each record gets the id every reader gives it
(``<child>-<yyyymmdd>``, docs/dev/readers.md), and an Annex A row merges with the CIN census,
SSDA903 and SSD rows for the same record (MODE = "merge").

The work is split by job: annex_a_book (opening a workbook, within xlsx_limits), annex_a_sheet
(a sheet's header, columns and rows; rows held back), annex_a_values (cells as values and codes),
annex_a_rows (list rows as canonical rows), annex_a_stage (merging and staging) and annex_a_sql
(the writer's queries).
"""

from __future__ import annotations

import calendar
import zipfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb

from csc_insight.errors import Refusals
from csc_insight.formats import xlsx_limits
from csc_insight.formats.annex_a_book import Book, read_book
from csc_insight.formats.annex_a_lists import LISTS, list_number
from csc_insight.formats.annex_a_sql import LIST_SQL, with_person
from csc_insight.formats.annex_a_stage import canonical, create_temp, hold_dependents
from csc_insight.formats.annex_a_values import convert
from csc_insight.formats.base import LoadOptions, Mode, SourceFile, Staged
from csc_insight.store.sql import scalar

FORMAT = "annex_a"
MODE: Mode = "merge"

__all__ = ["FORMAT", "MODE", "convert", "recognise", "stage", "window", "write"]

_DATE_FORMAT = "dd/mm/yyyy"


# ---------------------------------------------------------------------------------------------
# Recognising a workbook


def recognise(path: Path) -> str | None:
    """``workbook`` for an .xlsx whose sheets include two or more Annex A lists.

    An .xlsx that is not a readable workbook at all (truncated, or a CSV renamed) is claimed too
    (kind ``unreadable``), so that the person loading it hears why rather than "not a format"."""
    if path.suffix.lower() != ".xlsx":
        return None
    names = _peek_sheet_names(path)
    if names is None:
        return "unreadable"
    found = {list_number(n) for n in names} - {None}
    return "workbook" if len(found) >= 2 else None


def _peek_sheet_names(path: Path) -> list[str] | None:
    """Sheet names from xl/workbook.xml without opening the workbook; None if unreadable (or a
    zip too big to open even its directory)."""
    try:
        parts = xlsx_limits.zip_parts(path)
        if parts is None or parts > xlsx_limits.MAX_PARTS:
            return None
        with zipfile.ZipFile(path) as z:
            if "xl/workbook.xml" not in z.namelist():
                return None
            return [name for name, _ in xlsx_limits.sheet_parts(z)]
    except Exception:  # any failure to open the zip means the bytes are not a workbook
        return None


# ---------------------------------------------------------------------------------------------
# Staging


def stage(
    con: duckdb.DuckDBPyConnection,
    files: list[SourceFile],
    options: LoadOptions = LoadOptions(),  # noqa: B008 - frozen, so one shared default is safe
) -> Staged:
    """Read each workbook's lists into temporary tables. A problem with a workbook refuses the
    load (ReaderError); a faulty row is held back and listed in ``Staged.held``."""
    staged = Staged()
    books: list[Book] = []
    refusals = Refusals()  # read the other workbooks too: every refusal is reported at once
    for f in files:
        with refusals.of_file():
            book = read_book(f.path)
            hold_dependents(book)
            books.append(book)
            staged.rows[f.path] = book.rows
            staged.held += book.held
            staged.notes += book.notes
            staged.scopes[f.path] = f"{FORMAT}:{f.kind}"
    refusals.raise_if_any()
    books.sort(key=lambda b: b.latest)
    for (table, source), rows in canonical(books).items():
        if not rows:
            continue
        temp = f"stage_annex_a_{source}_{table}"
        create_temp(con, temp, table, list(rows.values()))
        staged.add(table, temp)
    return staged


# ---------------------------------------------------------------------------------------------
# Writing a workbook


def window(period_end: date, months: int = 12) -> tuple[date, date]:
    """The ``months`` months ending on ``period_end``: from the day after ``period_end``,
    ``months`` months back (the 1st of the next month when that day does not exist), to
    ``period_end``. 12 months to 31/03/2020 start 01/04/2019; to 28/02/2021, 01/03/2020."""
    if months < 1:
        raise ValueError("months must be at least 1")
    after = period_end + timedelta(days=1)
    y, m = divmod(after.year * 12 + after.month - 1 - months, 12)
    m += 1
    if after.day > calendar.monthrange(y, m)[1]:
        y, m = (y, m + 1) if m < 12 else (y + 1, 1)
        return date(y, m, 1), period_end
    return date(y, m, after.day), period_end


def write(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    period_end: date | None = None,
    months: int = 12,
) -> list[Path]:
    """Write ``out_dir/annex_a.xlsx``: Lists 1–9 for the window, Lists 10 and 11 headers only."""
    if period_end is None:
        period_end = scalar(con, "SELECT max(cont_contact_date) FROM ssd_contacts") or date.today()
    start, end = window(period_end, months)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "annex_a.xlsx"
    # openpyxl only here and where a workbook is read: a load of other formats (and the CLI's
    # start) need not import it (a fifth of a second).
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    for lst in LISTS:
        ws = wb.create_sheet(lst.sheet_title)
        ws.append([_header_cell(ws, c.header) for c in lst.columns])
        sql = LIST_SQL.get(lst.number)
        if sql is None:
            continue
        cur = con.execute(with_person(sql), {"ws": start, "we": end})
        names = [d[0] for d in cur.description]
        for values in cur.fetchall():
            row = dict(zip(names, values, strict=True))
            ws.append([_cell(ws, row.get(c.name)) for c in lst.columns])
    wb.save(path)
    return [path]


def _header_cell(ws: Any, text: str) -> Any:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cell = WriteOnlyCell(ws, value=text)
    cell.font = Font(bold=True)
    return cell


def _cell(ws: Any, value: object) -> object:
    if isinstance(value, date):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(ws)
        cell.value = value  # set, not passed: the stubs' WriteOnlyCell(value=) leaves out date
        cell.number_format = _DATE_FORMAT
        return cell
    return value
