"""The money workbook a finance officer fills: written by csc (XlsxWriter) from the declaration
in columns.py, read back by template_read.py.

Sheets: "Read me" (what the workbook is, and every column of every sheet), "Budget lines",
"MTFS proposals", "Project profiles" and "Lists" (the categories and years offered in their
columns). ``write_template(path)`` writes it blank; with ``records`` it holds them (the demo's
figures, or what the dashboard holds), rows that read back as the same records.
``write_csv_templates(folder)`` writes the same sheets as CSV files, header only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from csc_insight import financial_year
from csc_insight.entry import write
from csc_insight.entry.columns import Column, Sheet
from csc_insight.money import budget, mtfs
from csc_insight.money.columns import ABOUT, BOOK, BUDGET, CATEGORY_LIST, MTFS, PROFILES
from csc_insight.money.model import QUARTERS, Entry, MoneyRecords, PrintedTotal, Source

__all__ = ["ABOUT", "default_years", "markdown", "write_csv_templates", "write_template"]

README = write.README
LISTS = write.LISTS
#: The drop-down lists of the Lists sheet, by the header of the column offering them.
_LIST_COLUMNS = ("Category", "Financial year")


def default_years(today: date | None = None) -> tuple[str, ...]:
    """The current financial year and the two after: an MTFS's usual span."""
    first = financial_year.start(today or date.today()).year
    return tuple(financial_year.label(date(first + i, 4, 1)) for i in range(3))


def headers(sheet: Sheet, years: Sequence[str]) -> list[str]:
    """A sheet's headers in order, the year columns after ``sheet.years_after``."""
    return sheet.headers(years)


def write_template(
    path: Path, years: Sequence[str] | None = None, records: MoneyRecords | None = None
) -> Path:
    """Write the workbook at ``path``: blank, or holding ``records``. ``years``: the amount
    columns of the MTFS and profile sheets (default: those of ``records``, else the current
    financial year and the two after)."""
    records = records or MoneyRecords()
    years = list(years or mtfs.years([*records.proposals, *records.profiles]) or default_years())
    rows = {
        BUDGET.name: _budget_rows(records),
        MTFS.name: _mtfs_rows(records, years),
        PROFILES.name: _profile_rows(records, years),
    }
    lists = {"Category": CATEGORY_LIST, "Financial year": _year_list(years)}
    return write.write_workbook(path, BOOK, years, rows, lists, _list_of)


def write_csv_templates(folder: Path, years: Sequence[str] | None = None) -> list[Path]:
    """Each sheet as a CSV file of its header, in ``folder``."""
    return write.write_csv_headers(folder, BOOK, list(years or default_years()))


def _list_of(sheet: Sheet, column: Column) -> str | None:
    return column.header if column.header in _LIST_COLUMNS else None


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
    return write.markdown(
        BOOK,
        years,
        generated_from="src/csc_insight/money/columns.py and template.py",
        after_about=(
            "The sign convention (money/model.py): budgets, expenditure and outturns are 0 or "
            "more; variance = projected expenditure − budget (positive: overspend); savings and "
            "growth are positive amounts whose Category says which way they go; net = growth − "
            "savings (negative: a net reduction, printed in brackets). A blank is not entered, "
            "never 0.",
        ),
        rules=RULES,
    )
