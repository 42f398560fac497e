"""The synthetic borough's education figures, 2017 to March 2021: bundled CSV files in the
template's own layout (data/demo/), read by the template's reader, so the demo is what a
council's filled template gives. Each row's "Taken from" says whether it is seed 003's (or seed
000's) figure or made up for the demo. The months of 2020 with no exclusions and the cancelled
2020 assessments are "not published"."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import duckdb

from csc_insight.education import dfe, template_read
from csc_insight.education.columns import MONTHLY, SHEETS
from csc_insight.education.figures import published
from csc_insight.education.model import EducationRecords
from csc_insight.errors import ReaderError

NOTE = (
    "Demo: the synthetic borough. Figures from September 2019 to March 2021, the annual table, "
    "the SEND placements, the EHCP scenarios and the DSG deficit are seed 003's and seed 000's; "
    "the months before September 2019, all elective home education, the EHCP reviews and the "
    "high-needs allocations, spend and recovery plan are made up (each row says which). "
    "The schools, their URNs and their figures (key stage 4 for 2018/19 and 2019/20, absence "
    "of two primary and two special schools) are made up: no real school is named."
)
#: The synthetic borough's new LA code, as the bundled neighbours YAML lists it.
LA_CODE = "E09000008"
#: The made-up DfE school-level tables (explore-education-statistics layout).
DFE_FILES = ("dfe_ks4_schools_made_up.csv", "dfe_absence_schools_made_up.csv")


def files() -> list[Path]:
    folder = resources.files("csc_insight.education").joinpath("data", "demo")
    return [Path(str(folder.joinpath(s.csv_name))) for s in SHEETS]


def dfe_files() -> list[Path]:
    folder = resources.files("csc_insight.education").joinpath("data", "demo")
    return [Path(str(folder.joinpath(name))) for name in DFE_FILES]


def records() -> EducationRecords:
    found, problems = template_read.read_files(files())
    if problems:  # the bundled files are tested; this is a broken installation
        raise ReaderError(problems)
    # The tables have School rows only: the borough's annual figures are the template's.
    schools = dfe.read_files(dfe_files(), LA_CODE).schools
    return EducationRecords(
        found.monthly,
        found.annual,
        found.placements,
        found.scenarios,
        found.high_needs,
        (NOTE,),
        schools,
    )


def insert_monthly(con: duckdb.DuckDBPyConnection, first: date, last: date) -> int:
    """Put the demo's monthly figures for the months from ``first`` to ``last`` (those over by
    ``last``) into ext_education_figures, as `csc ingest` of the template's sheet would: a
    figure not published kept with no value. The synthetic borough's extract then carries them
    as it does the partners' entered figures. Returns how many rows."""
    by_key = {(f.measure, f.month): f for f in records().monthly}
    path = next(p for p in files() if p.name == MONTHLY.csv_name)
    rows = []
    with path.open(encoding="utf-8", newline="") as f:
        for line in csv.DictReader(f):
            month = date.fromisoformat(line["Month"] + "-01")
            figure = by_key[(line["Measure"], month)]  # the reader's value: 85.7 or not published
            if first.replace(day=1) <= month and last >= _month_end(month):
                key = f"{figure.measure}-{month:%Y%m}"
                rows.append(
                    (key, figure.measure, month, published(figure.value), line["Taken from"])
                )
    con.executemany(
        "INSERT INTO ext_education_figures (edu_figure_id, edu_measure_id, edu_month, edu_value, "
        "edu_taken_from) VALUES (?, ?, ?, ?, ?)",
        rows,
    )
    return len(rows)


def _month_end(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1) - timedelta(days=1)
