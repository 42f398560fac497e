"""Entered figures: the template in which an analyst enters figures the case records do not hold.

Serious youth violence comes from the police, rapid reviews from the safeguarding partnership:
figures a council reports beside its own but cannot count from the SSD. An analyst enters them
in one template (docs/formats/entered_figures.md), an .xlsx workbook (the rows on its "Figures"
sheet) or a CSV with the same header: one row per measure per month, with the figure (a Value,
or a Numerator and Denominator), the partner it came from, who entered it and when, and a note.
Each row fills ext_entered_figures; the measures are listed, with their shape, in
formats/templates/entered_measures.yaml, which the indicator catalogue reads them by.

Every entry is kept. An entry is one measure, month and day of entry: when its Entry ID is
blank it is ``<measure>-<yyyymm>-<yyyymmdd of Entered on>``, so loading the same entry again
replaces it, and a correction entered on a later day is a new entry beside it. The figure for a
measure and month is its latest entry (latest Entered on); the earlier ones stay, with who
entered them and when, and the loads table says which load brought each file.

A faulty row is held back with its file, row, column and reason (docs/load-policy.md): a value
that is not a number or not a whole number of 0 or more, a measure id not in the list, a month
or entry day in the future or a figure entered before its month was over, a numerator above its
denominator, a figure of the wrong shape for its measure, or who or when missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import yaml

from csc_insight.formats.base import LoadOptions, Mode, SourceFile, Staged
from csc_insight.formats.template import (
    Rule,
    Table,
    Template,
    column,
    lit,
    recognise_template,
    words,
    write_sql,
)
from csc_insight.formats.template_read import stage_sheets
from csc_insight.formats.template_xlsx import (
    ColumnDoc,
    ListSheet,
    find_sheet,
    sheet_names,
    write_workbook,
)

FORMAT = "entered_figures"
MODE: Mode = "merge"

#: The sheet of the workbook holding the rows (also accepted: "Entered figures").
SHEET = "Figures"
SHEET_NAMES = (SHEET, "Entered figures")
WORKBOOK_NAME = "entered_figures.xlsx"

#: The record rules of this template, besides those of formats/rules.py.
RULES: dict[str, str] = {
    "figure-shape": "an entered figure of the wrong shape for its measure: a count needs a Value "
    "(and no Numerator or Denominator), a ratio a Numerator and a Denominator (and no Value)",
    "figure-count": "an entered Value, Numerator or Denominator that is not a whole number of 0 "
    "or more",
    "figure-ratio": "an entered Numerator greater than its Denominator",
    "figure-early": "a figure entered before the end of the month it is for (or a month, or a "
    "day of entry, after today)",
}


@dataclass(frozen=True)
class Measure:
    """A measure an analyst may enter (formats/templates/entered_measures.yaml)."""

    id: str
    title: str
    shape: str  # "count" (a Value) or "ratio" (a Numerator and a Denominator)
    partner: str
    what: str


@cache
def measures() -> tuple[Measure, ...]:
    """The measures of entered_measures.yaml, checked: unique ids, a known shape and partner."""
    f = resources.files("csc_insight.formats").joinpath("templates", "entered_measures.yaml")
    raw = yaml.safe_load(f.read_text("utf-8")) or []
    out = tuple(
        Measure(str(m["id"]), str(m["title"]), str(m["shape"]), str(m["partner"]), str(m["what"]))
        for m in raw
    )
    wrong = [f"{m.id}: shape {m.shape!r}" for m in out if m.shape not in ("count", "ratio")]
    wrong += [f"{m.id}: partner {m.partner!r}" for m in out if m.partner not in PARTNER_NAMES]
    ids = [m.id for m in out]
    wrong += [f"{i}: listed twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    if wrong:
        raise ValueError("entered_measures.yaml: " + "; ".join(wrong))
    return out


#: The partners a figure comes from: stored code -> the words shown (and accepted).
PARTNER_NAMES: dict[str, list[str]] = {
    "POLICE": ["Police", "Metropolitan Police", "Met Police", "MPS"],
    "HEALTH": ["Health", "NHS", "ICB", "Hospital", "CCG"],
    "YOUTH_JUSTICE": [
        "Youth justice",
        "Youth justice service",
        "YJS",
        "Youth offending service",
        "YOS",
        "YOT",
    ],
    "EDUCATION": ["Education", "Schools", "School"],
    "SAFEGUARDING_PARTNERSHIP": [
        "Safeguarding partnership",
        "Safeguarding children partnership",
        "CSCP",
        "LSCP",
        "Safeguarding children board",
        "LSCB",
        "CSCB",
    ],
    "PROBATION": ["Probation", "Probation service"],
    "VOLUNTARY_SECTOR": ["Voluntary sector", "Voluntary", "VCS", "Charity"],
    "COUNCIL": ["Council", "Local authority", "LA"],
    "OTHER": ["Other"],
}
PARTNERS = words(PARTNER_NAMES)
PARTNER_HINT = (
    "not a partner (expected Police, Health, Youth justice, Education, Safeguarding "
    "partnership, Probation, Voluntary sector, Council or Other)"
)

_WHOLE = "{v} IS NOT NULL AND ({v} < 0 OR {v} <> round({v}))"


def _ids(shape: str) -> str:
    return ", ".join(lit(m.id) for m in measures() if m.shape == shape) or "NULL"


def _rules() -> tuple[Rule, ...]:
    counts, ratios = _ids("count"), _ids("ratio")
    shape = [
        Rule(
            f"measure_id IN ({counts}) AND _t_value IS NULL",
            "Value",
            "the measure is a count: give its Value",
            "figure-shape",
        ),
        Rule(
            f"measure_id IN ({counts}) AND (_t_numerator IS NOT NULL OR _t_denominator IS NOT NULL)",
            "Numerator",
            "the measure is a count: give its Value only, no Numerator or Denominator",
            "figure-shape",
        ),
        Rule(
            f"measure_id IN ({ratios}) AND _t_value IS NOT NULL",
            "Value",
            "the measure is a ratio: give its Numerator and Denominator, not a Value",
            "figure-shape",
        ),
        Rule(
            f"measure_id IN ({ratios}) AND _t_numerator IS NULL",
            "Numerator",
            "the measure is a ratio: its Numerator is missing",
            "figure-shape",
        ),
        Rule(
            f"measure_id IN ({ratios}) AND _t_denominator IS NULL",
            "Denominator",
            "the measure is a ratio: its Denominator is missing",
            "figure-shape",
        ),
    ]
    counts_ok = [
        Rule(_WHOLE.format(v=name), header, "not a whole number of 0 or more", "figure-count")
        for name, header in (
            ("value", "Value"),
            ("numerator", "Numerator"),
            ("denominator", "Denominator"),
        )
    ]
    return (
        *shape,
        *counts_ok,
        Rule(
            "numerator > denominator",
            "Numerator",
            "the numerator is greater than the denominator",
            "figure-ratio",
        ),
        Rule(
            "month > current_date",
            "Month",
            "the month has not begun: a figure is entered after its month",
            "figure-early",
        ),
        Rule(
            "entered_on > current_date",
            "Entered on",
            "the day of entry is after today",
            "figure-early",
        ),
        Rule(
            "month <= current_date AND entered_on < last_day(month)",
            "Entered on",
            "entered before the end of the month the figure is for",
            "figure-early",
        ),
    )


def _template() -> Template:
    return Template(
        kind="figures",
        file_name="entered_figures.csv",
        tables=(Table("ext_entered_figures"),),
        columns=(
            column("entry_id", "Entry ID", "efig_entry_id"),
            column(
                "measure_id",
                "Measure ID",
                "efig_measure_id",
                kind="choice",
                required=True,
                aliases=("Measure",),
                choices=words({m.id: [] for m in measures()}),
                hint="not a measure of the template (expected "
                + ", ".join(m.id for m in measures())
                + ": the Measures sheet lists them)",
            ),
            column("month", "Month", "efig_month", kind="month", required=True),
            column("value", "Value", "efig_value", kind="number", aliases=("Figure",)),
            column("numerator", "Numerator", "efig_numerator", kind="number"),
            column("denominator", "Denominator", "efig_denominator", kind="number"),
            column(
                "source",
                "Source",
                "efig_source",
                kind="choice",
                required=True,
                aliases=("Partner",),
                choices=PARTNERS,
                hint=PARTNER_HINT,
            ),
            column("entered_by", "Entered by", "efig_entered_by", required=True),
            column("entered_on", "Entered on", "efig_entered_on", kind="date", required=True),
            column("note", "Note", "efig_note", aliases=("Notes", "Comment")),
        ),
        signature=("measure_id", "month", "entered_by"),
        key_id="entry_id",
        key_from=("measure_id", "month", "entered_on"),
        order=("measure_id", "month", "entered_on", "entry_id"),
        rules=_rules(),
    )


FIGURES = _template()
TEMPLATES = {FIGURES.kind: FIGURES}


def recognise(path: Path) -> str | None:
    """``figures`` for a CSV with the template's header, or a workbook with a Figures sheet."""
    if path.suffix.lower() == ".xlsx":
        names = sheet_names(path)
        return FIGURES.kind if names and find_sheet(names, SHEET_NAMES) else None
    return recognise_template(path, [FIGURES])


def stage(
    con: duckdb.DuckDBPyConnection,
    files: list[SourceFile],
    options: LoadOptions = LoadOptions(),  # noqa: B008 - frozen, so one shared default is safe
) -> Staged:
    """Stage the files; a workbook's Figures sheet is read through a CSV copy of it."""
    return stage_sheets(con, files, TEMPLATES, FORMAT, SHEET_NAMES)


def write(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[Path]:
    """Write the documented workbook ``entered_figures.xlsx`` with the entered figures in
    ``con`` (nothing when there are none). ``write_template(con, out_dir, FIGURES)`` writes
    the same rows as ``entered_figures.csv``."""
    if not con.execute("SELECT count(*) FROM ext_entered_figures").fetchall()[0][0]:
        return []
    return [write_figures_workbook(Path(out_dir) / WORKBOOK_NAME, con)]


# -- the documented workbook -------------------------------------------------------------------

COLUMN_DOCS = (
    ColumnDoc(
        "Entry ID",
        "no",
        "Leave blank: csc gives each entry <Measure ID>-<yyyymm>-<yyyymmdd of Entered on>.",
    ),
    ColumnDoc("Measure ID", "yes", "The measure, from the Measures sheet (e.g. SYV_VICTIMS)."),
    ColumnDoc("Month", "yes", "The month the figure is for: 2024-05, May 2024, or any date in it."),
    ColumnDoc("Value", "for a count", "The figure, a whole number of 0 or more."),
    ColumnDoc("Numerator", "for a ratio", "How many met the measure: at most the Denominator."),
    ColumnDoc("Denominator", "for a ratio", "How many there were, a whole number of 0 or more."),
    ColumnDoc("Source", "yes", "The partner the figure comes from (the Partners sheet)."),
    ColumnDoc("Entered by", "yes", "Who entered the figure: your name or user id."),
    ColumnDoc(
        "Entered on",
        "yes",
        "The day you entered it (dd/mm/yyyy), on or after the last day of the month.",
    ),
    ColumnDoc("Note", "no", "Where the figure comes from (the partner's report), or a caveat."),
)

ABOUT = (
    "Entered figures: figures the case records do not hold (serious youth violence from the "
    "police, rapid reviews from the safeguarding partnership...), entered by an analyst.",
    "One row per measure per month on the Figures sheet. A count measure takes a Value; a ratio "
    "measure a Numerator and a Denominator. To correct a figure, add a row with a later Entered "
    "on: the latest entry is the one reported, and the earlier entries are kept with who "
    "entered them and when.",
    "Load the workbook with `csc ingest`. A row with a problem (a value that is not a whole "
    "number, a measure not on the Measures sheet, a month not yet over, a numerator above its "
    "denominator, who or when missing) is held back and listed by `csc problems` with its row "
    "and column; the other rows load. Full description: docs/formats/entered_figures.md.",
)


def _lists() -> tuple[ListSheet, ...]:
    return (
        ListSheet(
            "Measures",
            "measure_id",
            ("Measure ID", "Title", "Shape", "Usual source", "What to enter"),
            tuple((m.id, m.title, m.shape, m.partner, m.what) for m in measures()),
        ),
        ListSheet(
            "Partners",
            "source",
            ("Source", "Also accepted"),
            tuple((code, ", ".join(names)) for code, names in PARTNER_NAMES.items()),
        ),
    )


def write_figures_workbook(
    path: Path, con: duckdb.DuckDBPyConnection | None = None, rows: list[Any] | None = None
) -> Path:
    """The documented workbook at ``path``: the entered figures in ``con`` (or ``rows``, in the
    template's column order; none: a blank template), the lists and the Read me sheet."""
    if rows is None:
        rows = [] if con is None else list(con.execute(write_sql(FIGURES)).fetchall())
    return write_workbook(path, FIGURES, SHEET, rows, _lists(), COLUMN_DOCS, ABOUT)
