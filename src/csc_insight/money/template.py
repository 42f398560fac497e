"""The money workbook a finance officer fills: written by csc (XlsxWriter) from the declaration
in columns.py, read back by template_read.py.

Sheets: "Read me" (what the workbook is, and every column of every sheet), "Budget lines",
"MTFS proposals", "Project profiles" and "Lists" (the categories and years offered in their
columns). ``write_template(path)`` writes it blank; with ``records`` it holds them (the demo's
figures, or what the dashboard holds), rows that read back as the same records.
``write_csv_templates(folder)`` writes the same sheets as CSV files, header only.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from csc_insight import financial_year
from csc_insight.money import budget, mtfs
from csc_insight.money.columns import (
    AMOUNT_DOC,
    BUDGET,
    CATEGORY_LIST,
    MTFS,
    PROFILES,
    SHEETS,
    Sheet,
    year_header,
)
from csc_insight.money.model import QUARTERS, Entry, MoneyRecords, PrintedTotal, Source

README = "Read me"
LISTS = "Lists"
#: Rows of a sheet offered the Category and Financial year lists.
LIST_ROWS = 2000

ABOUT = (
    "Budget monitoring and the Medium Term Financial Strategy (MTFS), entered by a finance "
    "officer and read by csc. Money is in £ thousands (9050 for £9.05m).",
    "Enter what the reports give line by line: each service's budget and projected expenditure, "
    "each proposal's amounts, each project's own profile. csc computes every variance, movement "
    "and total, and never reads one you type, except on a Total row (budget lines) or a Total "
    "savings, Total growth or Net row (MTFS proposals): those are the totals a report prints, "
    "checked against the lines, and a difference is reported with both figures.",
    "Savings are entered as positive amounts: a saving of £424k is 424 with Category Saving. "
    "Where a project's profile and the MTFS summary give different figures, enter both (each on "
    "its sheet): csc keeps both and reports the difference, naming where each came from.",
    "Check it with `csc money check FILE.xlsx`. A row with a problem (text in an amount, a "
    "negative budget, a service entered twice for a year, a reference used twice, who or when "
    "missing) is reported with its sheet, row, column and reason, and nothing in the file is "
    "loaded until every problem is put right. Each sheet may also be given as a CSV file of the "
    "same columns (budget_lines.csv, mtfs_proposals.csv, project_profiles.csv).",
)


def default_years(today: date | None = None) -> tuple[str, ...]:
    """The current financial year and the two after: an MTFS's usual span."""
    first = financial_year.start(today or date.today()).year
    return tuple(financial_year.label(date(first + i, 4, 1)) for i in range(3))


def headers(sheet: Sheet, years: Sequence[str]) -> list[str]:
    """A sheet's headers in order, the year columns after ``sheet.years_after``."""
    out: list[str] = []
    for c in sheet.columns:
        out.append(c.header)
        if c.name == sheet.years_after:
            out += [year_header(y) for y in years]
    return out


def write_template(
    path: Path, years: Sequence[str] | None = None, records: MoneyRecords | None = None
) -> Path:
    """Write the workbook at ``path``: blank, or holding ``records``. ``years``: the amount
    columns of the MTFS and profile sheets (default: those of ``records``, else the current
    financial year and the two after)."""
    import xlsxwriter  # here, not at the top: only writing a workbook needs it

    records = records or MoneyRecords()
    years = list(years or mtfs.years([*records.proposals, *records.profiles]) or default_years())
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    try:
        f = _Formats(wb)
        _readme(wb.add_worksheet(README), f, years)
        rows = {BUDGET.name: _budget_rows(records), MTFS.name: _mtfs_rows(records, years)}
        rows[PROFILES.name] = _profile_rows(records, years)
        for sheet in SHEETS:
            _data_sheet(wb.add_worksheet(sheet.name), f, sheet, years, rows[sheet.name])
        lists = wb.add_worksheet(LISTS)
        lists.write_row(0, 0, ["Category", "Financial year"], f.bold)
        lists.write_column(1, 0, CATEGORY_LIST)
        lists.write_column(1, 1, _year_list(years))
        lists.set_column(0, 1, 20)
    finally:
        wb.close()
    return path


def write_csv_templates(folder: Path, years: Sequence[str] | None = None) -> list[Path]:
    """Each sheet as a CSV file of its header, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for sheet in SHEETS:
        p = folder / sheet.csv_name
        with p.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerow(
                headers(sheet, list(years or default_years()))
            )
        out.append(p)
    return out


class _Formats:
    def __init__(self, wb: Any) -> None:
        self.bold = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.date = wb.add_format({"num_format": "dd/mm/yyyy"})
        self.title = wb.add_format({"bold": True, "font_size": 14})


def _readme(ws: Any, f: _Formats, years: Sequence[str]) -> None:
    ws.set_column(0, 0, 26)
    ws.set_column(1, 1, 16)
    ws.set_column(2, 2, 100)
    ws.write(0, 0, "Budget monitoring and MTFS: the money template", f.title)
    row = 2
    for para in ABOUT:
        ws.merge_range(row, 0, row, 2, para, f.wrap)
        ws.set_row(row, 15 * (2 + len(para) // 110))
        row += 1
    for sheet in SHEETS:
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
                shown = ", ".join(year_header(y) for y in years)
                ws.write_row(row, 0, [shown, "when stated", AMOUNT_DOC], f.wrap)


def _data_sheet(
    ws: Any, f: _Formats, sheet: Sheet, years: Sequence[str], rows: list[list[Any]]
) -> None:
    names = headers(sheet, years)
    ws.write_row(0, 0, names, f.bold)
    ws.freeze_panes(1, 0)
    for i, h in enumerate(names):
        kind = _kind_of(sheet, h)
        fmt = f.date if kind == "date" else None  # amounts as typed (General): 424.5 stays
        ws.set_column(i, i, max(14, min(48, len(h) + 4)), fmt)
    for r, values in enumerate(rows, start=1):
        for i, v in enumerate(values):
            if v is None:
                continue
            if isinstance(v, date):
                ws.write_datetime(r, i, _as_datetime(v), f.date)
            elif isinstance(v, Decimal):
                ws.write_number(r, i, float(v))
            else:
                ws.write_string(r, i, str(v))
    for name, source in (("Category", "$A$2:$A$6"), ("Financial year", "$B$2:$B$40")):
        if name in names:
            i = names.index(name)
            ws.data_validation(
                1,
                i,
                LIST_ROWS,
                i,
                {"validate": "list", "source": f"='{LISTS}'!{source}", "show_error": False},
            )


def _as_datetime(d: date) -> datetime:
    return datetime(d.year, d.month, d.day)


def _kind_of(sheet: Sheet, heading: str) -> str:
    c = next((c for c in sheet.columns if c.header == heading), None)
    return c.kind if c else "money"  # a year column


def _year_list(years: Sequence[str]) -> list[str]:
    first = int(years[0][:4]) - 5 if years else date.today().year - 5
    return [financial_year.label(date(first + i, 4, 1)) for i in range(15)]


# -- records as rows --------------------------------------------------------------------------


def _who(entry: Entry, source: Source, note: str | None) -> list[Any]:
    """Who, when, taken from, note: a record read from a file keeps what its row said it was
    taken from; another (the demo's) names its document."""
    taken = source.where if source.row is not None else str(source)
    return [entry.by, entry.on, taken, note]


def _budget_rows(records: MoneyRecords) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for x in records.budget_lines:
        rows.append(
            [x.year, x.service, x.budget, *x.projected, x.outturn, *_who(x.entry, x.source, x.note)]
        )
    for year in budget.years(records.budget_lines):
        total = _budget_total_row(records.printed, year)
        if total is not None:
            rows.append(total)
    return rows


def _budget_total_row(printed: Sequence[PrintedTotal], year: str) -> list[Any] | None:
    """The Total row of a year: the printed totals the sheet has a column for."""
    mine = [t for t in printed if t.year == year and t.service is None]
    get = {(t.what, t.quarter): t for t in mine}
    budget_t = get.get(("budget", None))
    projected = [get.get(("projected", q)) for q in QUARTERS]
    outturn = get.get(("outturn", None))
    shown = [t for t in (budget_t, *projected, outturn) if t is not None]
    if not shown:
        return None
    first = shown[0]
    figures = [None if t is None else t.figure for t in (budget_t, *projected, outturn)]
    return [year, "Total", *figures, "", None, str(first.source), None]


def _amounts_row(amounts: Mapping[str, Decimal], years: Sequence[str]) -> list[Any]:
    return [amounts.get(y) for y in years]


def _mtfs_rows(records: MoneyRecords, years: Sequence[str]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for p in records.proposals:
        rows.append(
            [
                p.ref,
                p.name,
                p.owner,
                p.category.capitalize(),
                *_amounts_row(p.amounts, years),
                *_who(p.entry, p.source, p.note),
            ]
        )
    words = {"savings": "Total savings", "growth": "Total growth", "net": "Net"}
    for what, word in words.items():
        mine = {t.year: t for t in records.printed if t.what == what}
        if mine:
            source = str(next(iter(mine.values())).source)
            figures = {y: t.figure for y, t in mine.items()}
            rows.append(
                [None, word, None, word, *_amounts_row(figures, years), "", None, source, None]
            )
    return rows


def _profile_rows(records: MoneyRecords, years: Sequence[str]) -> list[list[Any]]:
    return [
        [
            p.ref,
            p.name,
            p.manager,
            *_amounts_row(p.amounts, years),
            *_who(p.entry, p.source, p.note),
        ]
        for p in records.profiles
    ]


# -- the reference document -------------------------------------------------------------------

#: The problems a money file or its figures can have, by rule id (besides formats/rules.py's
#: value-missing, value-number, value-date, value-code and key-conflict, and date-future).
RULES: dict[str, str] = {
    "money-negative": "an amount below 0 where only 0 or more is read (a budget, an expenditure, "
    "a saving or growth: a saving is entered as the amount saved)",
    "money-total-disagrees": "a total a document prints (a Total row, a Total savings, Total "
    "growth or Net row) that is not what its lines give, rounded to the places printed",
    "money-sources-disagree": "a proposal whose amount in a year differs between the MTFS summary "
    "and the project's own profile (both are kept; the totals use the summary's)",
}


def markdown(years: Sequence[str] = ("2021-22", "2022-23", "2023-24")) -> str:
    """docs/formats/money.md: the workbook's sheets and columns, from their declaration."""
    lines = [
        "# Budget monitoring and MTFS: the money template",
        "",
        "<!-- Generated from src/csc_insight/money/columns.py and template.py. -->",
        "",
        *(f"{para}\n" for para in ABOUT),
        "The sign convention (money/model.py): budgets, expenditure and outturns are 0 or more; "
        "variance = projected expenditure − budget (positive: overspend); savings and growth "
        "are positive amounts whose Category says which way they go; net = growth − savings "
        "(negative: a net reduction, printed in brackets). A blank is not entered, never 0.",
        "",
    ]
    for sheet in SHEETS:
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
                shown = ", ".join(year_header(y) for y in years)
                lines.append(f"| {shown}, ... | when stated | {AMOUNT_DOC} |")
        lines.append("")
    lines += ["## Problems", "", "| rule | meaning |", "| --- | --- |"]
    lines += [f"| `{k}` | {v} |" for k, v in RULES.items()]
    return "\n".join(lines) + "\n"
