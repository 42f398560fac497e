"""The education template's sheets and columns, declared once: the writer (template.py) lays the
workbook out from them and documents them, and the reader (template_read.py) finds and checks
each column by them. A CSV file holds one sheet, with the same columns (recognised by its
header)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from csc_insight.formats.csv_read import header_key

Kind = Literal[
    "measure",
    "month",
    "year",
    "fyear",
    "figure",
    "area",
    "location",
    "count",
    "pounds",
    "money",
    "text",
]


@dataclass(frozen=True)
class Column:
    name: str
    header: str
    kind: Kind
    required: str  # "yes", "no", or when it is needed
    doc: str
    aliases: tuple[str, ...] = ()

    @property
    def mandatory(self) -> bool:
        return self.required == "yes"

    def matches(self, heading: str) -> bool:
        return header_key(heading) in {header_key(h) for h in (self.header, *self.aliases)}


@dataclass(frozen=True)
class Sheet:
    name: str
    csv_name: str
    columns: tuple[Column, ...]
    #: The columns no two rows may share (a measure's month, a year's location, ...).
    key: tuple[str, ...]
    about: str


FIGURE_DOC = (
    "The figure as published: a number (87, 85.7, 4,052; a % sign is allowed). Enter 'not "
    "published' (or '-', 'n/a', or a DfE symbol such as x, c or z) for a period with no "
    "figure, such as a month when schools were closed or a year whose exams were cancelled: it "
    "is shown as 'not published', never as 0. Enter 0 only for a real zero."
)

_TAKEN = Column(
    "taken_from",
    "Taken from",
    "text",
    "no",
    "Where the figure was copied from (a report, a DfE table, a system).",
    ("Source",),
)
_NOTE = Column("note", "Note", "text", "no", "Anything a reader of the figure should know.")

MONTHLY = Sheet(
    "Monthly figures",
    "monthly_figures.csv",
    (
        Column(
            "measure",
            "Measure",
            "measure",
            "yes",
            "The measure's id from the Measures sheet (e.g. CME 1); case and spaces ignored.",
            ("Measure id", "Indicator"),
        ),
        Column(
            "month",
            "Month",
            "month",
            "yes",
            "The month the figure is for: 2021-03, Mar-21 or March 2021.",
            ("Period",),
        ),
        Column("value", "Value", "figure", "yes", FIGURE_DOC, ("Figure",)),
        _TAKEN,
        _NOTE,
    ),
    ("measure", "month"),
    "The council's own monthly figures: one row per measure per month.",
)

ANNUAL = Sheet(
    "Annual figures",
    "annual_figures.csv",
    (
        Column(
            "measure",
            "Measure",
            "measure",
            "yes",
            "The measure's id from the Measures sheet (e.g. KS4 1).",
            ("Measure id",),
        ),
        Column(
            "year",
            "Year",
            "year",
            "yes",
            "The academic year, as the dashboard heads it: 2020 for 2019/20 (2019/20 and "
            "2019-20 are read too).",
        ),
        Column(
            "area",
            "Area",
            "area",
            "yes",
            "Borough (the council's own figure), England, or Statistical neighbours (their "
            "average, as the DfE's LAIT gives it).",
        ),
        Column("value", "Value", "figure", "yes", FIGURE_DOC, ("Figure",)),
        _TAKEN,
        _NOTE,
    ),
    ("measure", "year", "area"),
    "Annual figures not read from a DfE file (Ofsted outcomes, EYFSP, KS2, or any year typed "
    "from a published table): one row per measure, year and area.",
)

PLACEMENTS = Sheet(
    "SEND placements",
    "send_placements.csv",
    (
        Column("year", "Financial year", "fyear", "yes", "The financial year: 2020-21."),
        Column("location", "Location", "location", "yes", "In borough or Out of borough."),
        Column(
            "establishments",
            "Establishments",
            "count",
            "yes",
            "The establishments the pupils attend, a whole number.",
        ),
        Column("pupils", "Pupils", "count", "yes", "The pupils placed, a whole number."),
        Column(
            "cost",
            "Cost £",
            "pounds",
            "yes",
            "The year's cost of the placements in pounds (20484571 or £20,484,571).",
            ("Cost", "Costs"),
        ),
        _TAKEN,
    ),
    ("year", "location"),
    "Pupils with SEND placed in and out of borough: one row per location per year. The total "
    "and the cost per pupil are computed.",
)

SCENARIOS = Sheet(
    "EHCP scenarios",
    "ehcp_scenarios.csv",
    (
        Column(
            "reduced",
            "EHCPs reduced",
            "count",
            "yes",
            "The number of EHC plans the scenario reduces, a whole number.",
        ),
        Column(
            "unit_cost",
            "Unit cost £",
            "pounds",
            "yes",
            "The average cost of a plan a year, in pounds (17031).",
        ),
        _TAKEN,
    ),
    ("reduced", "unit_cost"),
    "The EHCP reduction scenarios: one row per scenario. The saving (plans reduced × unit "
    "cost) is computed, never entered.",
)

HIGH_NEEDS = Sheet(
    "High needs",
    "high_needs.csv",
    (
        Column("year", "Financial year", "fyear", "yes", "The financial year: 2019-20."),
        Column(
            "allocation",
            "Allocation £k",
            "money",
            "yes",
            "The DSG high-needs block allocation for the year, £ thousands.",
        ),
        Column(
            "spend",
            "Spend £k",
            "money",
            "yes",
            "High-needs spend: the outturn, or the latest forecast for a year not closed, "
            "£ thousands.",
        ),
        Column(
            "opening_overspend",
            "Overspend brought forward £k",
            "money",
            "first year only",
            "The cumulative high-needs overspend brought forward into the first year entered "
            "(0 if none); later years' are computed.",
        ),
        Column(
            "dsg_deficit",
            "DSG deficit carried forward £k",
            "money",
            "no",
            "The whole DSG deficit carried forward at the year's end, as the accounts state "
            "it (seed 000: 14600 for 2019-20).",
        ),
        Column(
            "printed_overspend",
            "Cumulative overspend printed £k",
            "money",
            "no",
            "A cumulative high-needs overspend a paper prints (seed 000: 18500 at the end of "
            "2019-20): checked against the computed one, never used as a figure.",
        ),
        Column(
            "plan_deficit",
            "Recovery plan deficit £k",
            "money",
            "no",
            "The cumulative deficit the DSG recovery plan expects at the year's end.",
        ),
        _TAKEN,
    ),
    ("year",),
    "The DSG high-needs block: one row per financial year.",
)

SHEETS = (MONTHLY, ANNUAL, PLACEMENTS, SCENARIOS, HIGH_NEEDS)
AREA_LIST = ("Borough", "England", "Statistical neighbours")
LOCATION_LIST = ("In borough", "Out of borough")
