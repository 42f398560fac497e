"""The education template's monthly figures, loaded into the store by `csc ingest`.

The council's own monthly education figures (schools in special measures, attendance returns,
exclusions, children missing education, elective home education, EHCP reviews) are indicators
of the catalogue (indicators/catalogue/education.yaml), computed from the store like every
other: so they are loaded as the partner figures are, by `csc ingest`, into
ext_education_figures. They come from the "Monthly figures" sheet of the education workbook
(`csc education template`, columns declared in education/columns.py), or from that sheet saved
as monthly_figures.csv. The workbook's other sheets (the annual table, SEND placements, EHCP
scenarios, high needs) are not figures by month: `csc education load` keeps them.

One measure and month is one figure (its id ``<measure>-<yyyymm>``): a later load of the same
month replaces it. A figure entered as "not published" (or a DfE symbol) is kept with no value,
so the month has no figure, never 0. A faulty row is held back with its file, row, column and
reason: a measure that is not a monthly education measure, a month that is not one or has not
begun, a value that is not a number, a percentage outside 0 to 100, a negative count.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb

from csc_insight.education import columns as education_columns
from csc_insight.formats.base import LoadOptions, Mode, SourceFile, Staged
from csc_insight.formats.template import (
    Rule,
    Table,
    Template,
    column,
    lit,
    recognise_template,
    words,
    write_template,
)
from csc_insight.formats.template_read import stage_sheets
from csc_insight.formats.template_xlsx import find_sheet, sheet_names

FORMAT = "education_monthly"
MODE: Mode = "merge"

SHEET = education_columns.MONTHLY.name
SHEET_NAMES = (SHEET,)

RULES: dict[str, str] = {
    "education-range": "a monthly education figure out of range: a count below 0 or not whole, "
    "a percentage below 0 or above 100",
    "education-early": "a monthly education figure for a month that has not begun",
}


@cache
def _measures() -> tuple[tuple[str, str], ...]:
    """(id, unit) of the catalogue's education indicators: the measures the sheet may give."""
    from csc_insight.indicators import catalogue

    return tuple((i.id, i.unit) for i in catalogue.load() if i.area == "education")


def _ids(unit: str) -> str:
    return ", ".join(lit(i) for i, u in _measures() if u == unit) or "NULL"


def _template() -> Template:
    ids = [i for i, _ in _measures()]
    return Template(
        kind="education_monthly",
        file_name=education_columns.MONTHLY.csv_name,
        tables=(Table("ext_education_figures"),),
        columns=(
            column("figure_id", "Figure ID", "edu_figure_id"),
            column(
                "measure",
                "Measure",
                "edu_measure_id",
                kind="choice",
                required=True,
                aliases=("Measure id", "Indicator"),
                choices=words({i: [] for i in ids}),
                hint="not a monthly education measure (expected "
                + ", ".join(ids)
                + ": the workbook's Measures sheet lists them)",
            ),
            column("month", "Month", "edu_month", kind="month", required=True, aliases=("Period",)),
            column(
                "value",
                "Value",
                "edu_value",
                kind="figure",
                required=True,
                aliases=("Figure",),
                written_blank_as=("measure", "not published"),
            ),
            column("taken_from", "Taken from", "edu_taken_from", aliases=("Source",)),
            column("note", "Note", "edu_note"),
        ),
        # "Taken from" tells the sheet from the partners' entered figures (Measure ID, Month,
        # Value, Source, Entered by), whose "Entered by" it lacks.
        signature=("measure", "month", "value", "taken_from"),
        key_id="figure_id",
        key_from=("measure", "month"),
        order=("measure", "month"),
        # ... and from the annual figures' sheet (Measure, Year, Area, Value, Taken from, Note).
        excludes=("Entered by", "Entered on", "Year", "Area"),
        rules=(
            Rule(
                f"measure IN ({_ids('count')}) AND (value < 0 OR value <> round(value))",
                "Value",
                "a count must be a whole number of 0 or more",
                "education-range",
            ),
            Rule(
                f"measure IN ({_ids('percent')}) AND NOT (value BETWEEN 0 AND 100)",
                "Value",
                "a percentage must be from 0 to 100",
                "education-range",
            ),
            Rule(
                "month > current_date",
                "Month",
                "the month has not begun: a figure is entered after its month",
                "education-early",
            ),
        ),
    )


@cache
def template() -> Template:
    return _template()


def recognise(path: Path) -> str | None:
    """``education_monthly`` for a CSV with the sheet's header, or a workbook with the sheet."""
    if path.suffix.lower() == ".xlsx":
        names = sheet_names(path)
        return template().kind if names and find_sheet(names, SHEET_NAMES) else None
    return recognise_template(path, [template()])


def stage(
    con: duckdb.DuckDBPyConnection,
    files: list[SourceFile],
    options: LoadOptions = LoadOptions(),  # noqa: B008 - frozen, so one shared default is safe
) -> Staged:
    """Stage the files; a workbook's Monthly figures sheet is read through a CSV copy of it."""
    return stage_sheets(con, files, {template().kind: template()}, FORMAT, SHEET_NAMES)


def write(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[Path]:
    """Write ``monthly_figures.csv``, the education template's sheet, with the store's monthly
    education figures (nothing when there are none)."""
    path = write_template(con, Path(out_dir), template())
    return [path] if path is not None else []
