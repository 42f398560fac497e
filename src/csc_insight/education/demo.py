"""The synthetic borough's education figures, 2017 to March 2021: bundled CSV files in the
template's own layout (data/demo/), read by the template's reader, so the demo is what a
council's filled template gives. Each row's "Taken from" says whether it is seed 003's (or seed
000's) figure or made up for the demo. The months of 2020 with no exclusions and the cancelled
2020 assessments are "not published"."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from csc_insight.education import template_read
from csc_insight.education.columns import SHEETS
from csc_insight.education.model import EducationRecords
from csc_insight.errors import ReaderError

NOTE = (
    "Demo: the synthetic borough. Figures from September 2019 to March 2021, the annual table, "
    "the SEND placements, the EHCP scenarios and the DSG deficit are seed 003's and seed 000's; "
    "the months before September 2019, all elective home education, the EHCP reviews and the "
    "high-needs allocations, spend and recovery plan are made up (each row says which)."
)


def files() -> list[Path]:
    folder = resources.files("csc_insight.education").joinpath("data", "demo")
    return [Path(str(folder.joinpath(s.csv_name))) for s in SHEETS]


def records() -> EducationRecords:
    found, problems = template_read.read_files(files())
    if problems:  # the bundled files are tested; this is a broken installation
        raise ReaderError(problems)
    return EducationRecords(
        found.monthly, found.annual, found.placements, found.scenarios, found.high_needs, (NOTE,)
    )
