"""The education template's sheets and columns, declared once on the shared entry workbook
(entry/columns.py): the writer (template.py) lays the workbook out from them and documents them,
and the reader (template_read.py) finds and checks each column by them. A CSV file holds one
sheet, with the same columns (recognised by its header)."""

from __future__ import annotations

from csc_insight.education.model import AREA_WORDS, LOCATION_WORDS
from csc_insight.entry.columns import Column, Sheet, Workbook

AREA_LIST = tuple(AREA_WORDS.values())
LOCATION_LIST = tuple(LOCATION_WORDS.values())

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
            "indicator",
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
    None,
    "The council's own monthly figures: one row per measure per month.",
)

ANNUAL = Sheet(
    "Annual figures",
    "annual_figures.csv",
    (
        Column(
            "measure",
            "Measure",
            "indicator",
            "yes",
            "The measure's id from the Measures sheet (e.g. KS4 1).",
            ("Measure id",),
        ),
        Column(
            "year",
            "Year",
            "academic_year",
            "yes",
            "The academic year, as the dashboard heads it: 2020 for 2019/20 (2019/20 and "
            "2019-20 are read too).",
        ),
        Column(
            "area",
            "Area",
            "choice",
            "yes",
            "Borough (the council's own figure), England, or Statistical neighbours (their "
            "average, as the DfE's LAIT gives it).",
            (),
            AREA_LIST,
        ),
        Column("value", "Value", "figure", "yes", FIGURE_DOC, ("Figure",)),
        _TAKEN,
        _NOTE,
    ),
    None,
    "Annual figures not read from a DfE file (Ofsted outcomes, EYFSP, KS2, or any year typed "
    "from a published table): one row per measure, year and area.",
)

PLACEMENTS = Sheet(
    "SEND placements",
    "send_placements.csv",
    (
        Column("year", "Financial year", "year", "yes", "The financial year: 2020-21."),
        Column(
            "location",
            "Location",
            "choice",
            "yes",
            "In borough or Out of borough.",
            (),
            LOCATION_LIST,
        ),
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
            "number",
            "yes",
            "The year's cost of the placements in pounds (20484571 or £20,484,571).",
            ("Cost", "Costs"),
        ),
        _TAKEN,
    ),
    None,
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
            "number",
            "yes",
            "The average cost of a plan a year, in pounds (17031).",
        ),
        _TAKEN,
    ),
    None,
    "The EHCP reduction scenarios: one row per scenario. The saving (plans reduced × unit "
    "cost) is computed, never entered.",
)

HIGH_NEEDS = Sheet(
    "High needs",
    "high_needs.csv",
    (
        Column("year", "Financial year", "year", "yes", "The financial year: 2019-20."),
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
    None,
    "The DSG high-needs block: one row per financial year.",
)


SHEETS = (MONTHLY, ANNUAL, PLACEMENTS, SCENARIOS, HIGH_NEEDS)

#: The columns no two rows of a sheet may share (a measure's month, a year's location, ...).
KEYS: dict[str, tuple[str, ...]] = {
    MONTHLY.name: ("measure", "month"),
    ANNUAL.name: ("measure", "year", "area"),
    PLACEMENTS.name: ("year", "location"),
    SCENARIOS.name: ("reduced", "unit_cost"),
    HIGH_NEEDS.name: ("year",),
}

ABOUT = (
    "The education dashboard's figures (seed 003), entered by the council's performance team "
    "and read by csc: the council's own monthly figures, annual figures not read from a DfE "
    "file, SEND placements, the EHCP reduction scenarios and the DSG high-needs block.",
    "Enter what the sources give, figure by figure: csc computes every change, gap, arrow, "
    "total, cost per pupil, saving and cumulative overspend, and never reads one you type "
    "(except a cumulative overspend a paper prints, which is checked against the computed one).",
    "A period with no figure (schools closed, exams cancelled, not yet published) is entered as "
    "'not published' and shown so, never as 0. A period with no row at all is shown as 'not "
    "published' too.",
    "Check it with `csc education check FILE.xlsx`. A row with a problem is reported with its "
    "sheet, row, column and reason, and nothing in the file is loaded until every problem is put "
    "right. Each sheet may also be given as a CSV file of the same columns ("
    + ", ".join(s.csv_name for s in SHEETS)
    + "). The DfE's published LA-level tables "
    "(absence, exclusions, key stage 4) are read as they are downloaded: "
    "`csc education show --dfe FILE.csv`.",
    "Load it in two places. The monthly figures are indicators of the catalogue (area "
    "education): `csc ingest` loads the workbook's Monthly figures sheet (or "
    "monthly_figures.csv) into the store, a faulty row held back and listed by `csc problems`, "
    "and `csc compute` computes them with every other indicator. `csc education load FILE` puts "
    "the other sheets into the dashboard's database.",
)

BOOK = Workbook(
    "Education dashboard: the education template",
    ABOUT,
    SHEETS,
    "",
    "",
    "education template",
    "csc education template",
)
