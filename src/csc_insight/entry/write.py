"""Writing an entry workbook (XlsxWriter) from its declaration: a "Read me" sheet documenting
every column of every sheet, one sheet per declared sheet (headers, frozen top row, dates as
dates, amounts as numbers, drop-down lists), and a "Lists" sheet the drop-downs take their items
from. The same declaration gives the CSV headers and the generated reference page (Markdown).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from csc_insight.entry.columns import Column, Sheet, Workbook

README = "Read me"
LISTS = "Lists"
#: Rows of a sheet offered the drop-down lists.
LIST_ROWS = 2000

#: The list (by its name on the Lists sheet) a column offers, or None.
ListOf = Callable[[Sheet, Column], str | None]


def write_workbook(
    path: Path,
    book: Workbook,
    years: Sequence[str],
    rows: Mapping[str, list[list[Any]]],
    lists: Mapping[str, Sequence[str]],
    list_of: ListOf,
    reference: Mapping[str, Sequence[Sequence[Any]]] | None = None,
) -> Path:
    """Write ``book`` at ``path``: ``rows`` by sheet name (each row its cells in header order,
    None blank), ``lists`` the Lists sheet's columns by name, ``list_of`` which one a column
    offers as a drop-down. ``reference``: sheets to read, not fill (the education template's
    Measures), by name, each its rows with the header first, written after the data sheets."""
    import xlsxwriter  # here, not at the top: only writing a workbook needs it

    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    try:
        f = _Formats(wb)
        _readme(wb.add_worksheet(README), f, book, years)
        for sheet in book.sheets:
            ws = wb.add_worksheet(sheet.name)
            _data_sheet(ws, f, sheet, years, rows.get(sheet.name, []), lists, list_of)
        for name, table in (reference or {}).items():
            _reference_sheet(wb.add_worksheet(name), f, table)
        ws = wb.add_worksheet(LISTS)
        for i, (name, items) in enumerate(lists.items()):
            ws.write(0, i, name, f.bold)
            ws.write_column(1, i, list(items))
            ws.set_column(i, i, max(20, min(40, len(name) + 4)))
    finally:
        wb.close()
    return path


def write_csv_headers(
    folder: Path,
    book: Workbook,
    years: Sequence[str],
    rows: Mapping[str, list[list[Any]]] | None = None,
) -> list[Path]:
    """Each sheet as a CSV file of its header, in ``folder``; with ``rows`` (by sheet name, as
    write_workbook takes them) the sheet's rows under it, None blank."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for sheet in book.sheets:
        p = folder / sheet.csv_name
        with p.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(sheet.headers(years))
            w.writerows([_csv_cell(v) for v in r] for r in (rows or {}).get(sheet.name, []))
        out.append(p)
    return out


def _csv_cell(v: Any) -> Any:
    if v is None:
        return ""
    return f"{v:%d/%m/%Y}" if isinstance(v, date) else v


def column_letter(i: int) -> str:
    """The spreadsheet's letters of column ``i`` (0 -> A, 26 -> AA)."""
    letters = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        letters = chr(65 + r) + letters
    return letters


class _Formats:
    def __init__(self, wb: Any) -> None:
        self.bold = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.date = wb.add_format({"num_format": "dd/mm/yyyy"})
        self.title = wb.add_format({"bold": True, "font_size": 14})


def _readme(ws: Any, f: _Formats, book: Workbook, years: Sequence[str]) -> None:
    ws.set_column(0, 0, 26)
    ws.set_column(1, 1, 16)
    ws.set_column(2, 2, 100)
    ws.write(0, 0, book.title, f.title)
    row = 2
    for para in book.about:
        ws.merge_range(row, 0, row, 2, para, f.wrap)
        ws.set_row(row, 15 * (2 + len(para) // 110))
        row += 1
    for sheet in book.sheets:
        row += 1
        ws.merge_range(row, 0, row, 2, f"Sheet '{sheet.name}': {sheet.about}", f.bold)
        ws.set_row(row, 30)
        row += 1
        ws.write_row(row, 0, ["Column", "Required", "What to enter"], f.bold)
        for c in sheet.columns:
            row += 1
            ws.write_row(row, 0, [c.header, c.required, c.doc], f.wrap)
            if c.name == sheet.years_after:
                row += 1
                shown = ", ".join(sheet.year_header(y) for y in years)
                ws.write_row(row, 0, [shown, book.amounts_required, book.amounts_doc], f.wrap)


def _reference_sheet(ws: Any, f: _Formats, table: Sequence[Sequence[Any]]) -> None:
    for r, values in enumerate(table):
        ws.write_row(r, 0, list(values), f.bold if r == 0 else None)
    for i in range(max((len(t) for t in table), default=0)):
        # as wide as the column's longest text, within reason: a title reads on one line
        longest = max((len(str(t[i])) for t in table if i < len(t) and t[i] is not None), default=0)
        ws.set_column(i, i, max(10, min(80, longest + 2)))
    ws.freeze_panes(1, 0)


def _data_sheet(
    ws: Any,
    f: _Formats,
    sheet: Sheet,
    years: Sequence[str],
    rows: list[list[Any]],
    lists: Mapping[str, Sequence[str]],
    list_of: ListOf,
) -> None:
    names = sheet.headers(years)
    ws.write_row(0, 0, names, f.bold)
    ws.freeze_panes(1, 0)
    kinds = {c.header: c.kind for c in sheet.columns}
    for i, h in enumerate(names):
        fmt = f.date if kinds.get(h) == "date" else None  # amounts as typed (General): 424.5 stays
        ws.set_column(i, i, max(14, min(48, len(h) + 4)), fmt)
    for r, values in enumerate(rows, start=1):
        for i, v in enumerate(values):
            if v is None:
                continue
            if isinstance(v, date):
                ws.write_datetime(r, i, datetime(v.year, v.month, v.day), f.date)
            elif isinstance(v, Decimal | int | float):
                ws.write_number(r, i, float(v))
            else:
                ws.write_string(r, i, str(v))
    for c in sheet.columns:
        name = list_of(sheet, c)
        if name is None or name not in lists:
            continue
        letter = column_letter(list(lists).index(name))
        source = f"='{LISTS}'!${letter}$2:${letter}${len(lists[name]) + 1}"
        i = names.index(c.header)
        ws.data_validation(
            1, i, LIST_ROWS, i, {"validate": "list", "source": source, "show_error": False}
        )


def markdown(
    book: Workbook,
    years: Sequence[str],
    *,
    generated_from: str,
    after_about: Sequence[str] = (),
    rules: Mapping[str, str] | None = None,
) -> str:
    """The workbook's reference page (docs/formats/*.md): its sheets and columns from their
    declaration, and the problems a file of it can have, by rule id."""
    lines = [
        f"# {book.title}",
        "",
        f"<!-- Generated from {generated_from}. -->",
        "",
        *(f"{para}\n" for para in book.about),
        *(f"{para}\n" for para in after_about),
    ]
    for sheet in book.sheets:
        lines += [
            f"## {sheet.name} (or `{sheet.csv_name}`)",
            "",
            sheet.about,
            "",
            "| column | required | what to enter |",
            "| --- | --- | --- |",
        ]
        for c in sheet.columns:
            lines.append(f"| {c.header} | {c.required} | {c.doc} |")
            if c.name == sheet.years_after:
                shown = ", ".join(sheet.year_header(y) for y in years)
                lines.append(f"| {shown}, ... | {book.amounts_required} | {book.amounts_doc} |")
        lines.append("")
    if rules:
        lines += ["## Problems", "", "| rule | meaning |", "| --- | --- |"]
        lines += [f"| `{k}` | {v} |" for k, v in rules.items()]
    return "\n".join(lines) + "\n"
