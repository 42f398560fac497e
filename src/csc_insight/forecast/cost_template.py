"""The unit-cost workbook of `csc forecast costs`, declared once on the shared entry workbook
(entry/): written with its Read me and drop-down list (entry/write.py), read back checked
(entry/read.py).

Two sheets. "Unit costs": one row per placement category, the weekly cost of a child in it
and the yearly inflation to apply from the forecast's origin. "UASC": one row per financial
year, the costs the seed papers report beside placements (staffing, running costs) and the
Home Office's weekly rate per UASC in care. The same sheets may come as CSV files (recognised
by their header). A load lands whole or not at all: every problem is named by file and sheet,
row (as the spreadsheet numbers it), column and reason, and then nothing is returned. Checked
here, besides what entry/read.py checks of every entry workbook: a category that is not a
placement category, an amount that is not a number or is below 0, a financial year that is not
one, the same category (or year) entered twice, and a category with no weekly cost.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from csc_insight.entry import read, write
from csc_insight.entry.columns import Column, Sheet, Workbook
from csc_insight.entry.read import BadValue, Row, SheetReader
from csc_insight.errors import Problem, ReaderError, quoted
from csc_insight.forecast import states

UNIT_COSTS = Sheet(
    "Unit costs",
    "unit_costs.csv",
    (
        Column(
            "category",
            "category",
            "choice",
            "yes",
            f"Placement category: {'; '.join(states.CATEGORIES)}.",
            (),
            states.CATEGORIES,
        ),
        Column(
            "provision",
            "provision",
            "text",
            "no",
            "In-house or external (for the reader; not computed).",
        ),
        Column(
            "weekly",
            "weekly cost",
            "number",
            "yes",
            "Cost of one child for one week, in pounds, at the origin.",
        ),
        Column(
            "inflation",
            "inflation %",
            "percent",
            "yes",
            "Yearly increase from the origin, e.g. 3 for 3%.",
        ),
    ),
    None,
    "The weekly cost of a child in each placement category, for the cost forecast: one row per "
    "category.",
)
UASC = Sheet(
    "UASC",
    "uasc.csv",
    (
        Column("year", "financial year", "year", "yes", "Financial year, e.g. 2021-22."),
        Column(
            "staffing", "staffing", "money", "yes", "Staffing for UASC in the year, in £ thousands."
        ),
        Column(
            "running",
            "running costs",
            "money",
            "yes",
            "Other running costs in the year, in £ thousands.",
        ),
        Column(
            "home_office",
            "home office weekly rate",
            "number",
            "yes",
            "Home Office grant a UASC in care a week, £.",
        ),
    ),
    None,
    "Costs of unaccompanied asylum-seeking children beside placements (seed 003 Table 4): one "
    "row per financial year.",
)
SHEETS = (UNIT_COSTS, UASC)

BOOK = Workbook(
    "Unit costs for the forecast (`csc forecast costs`)",
    (
        "`csc forecast cost-template --out costs.xlsx [--demo]` writes this workbook; fill it "
        "and give it to `csc forecast costs costs.xlsx`. Each sheet may also come as a CSV file "
        "with the same header (" + ", ".join(s.csv_name for s in SHEETS) + "). A file with any "
        "problem is refused whole, each problem named by file, sheet, row, column and reason.",
        "The demo's unit costs are illustrative; its UASC rows are seed 003 Table 4's staffing "
        "and running costs and a Home Office rate of £114 a night.",
    ),
    SHEETS,
    "",
    "",
    "unit-cost workbook",
    "csc forecast cost-template",
)


@dataclass(frozen=True)
class UnitCost:
    category: int
    provision: str
    weekly: float
    inflation: float  # a fraction: 0.03 for 3%


@dataclass(frozen=True)
class UascYear:
    year: str
    staffing: float  # £k
    running: float  # £k
    home_office_weekly: float  # £


@dataclass(frozen=True)
class CostBook:
    unit: dict[int, UnitCost]
    uasc: dict[str, UascYear]


#: The demo's figures. Unit costs are illustrative, not any council's; the UASC rows are seed
#: 003 Table 4's staffing and running costs and a Home Office rate of £114 a night.
DEMO_UNIT = {
    "in-house fostering": ("in-house", 450.0), "agency fostering": ("external", 850.0),
    "kinship": ("in-house", 300.0), "residential": ("external", 4500.0),
    "supported accommodation": ("external", 1100.0), "other": ("in-house", 400.0),
}  # fmt: skip
DEMO_UASC = {
    "2020-21": (4213.0, 3887.0), "2021-22": (4279.0, 2566.0),
    "2022-23": (4680.0, 3112.0), "2023-24": (4925.0, 3209.0),
}  # fmt: skip
DEMO_INFLATION = 3.0
HOME_OFFICE_WEEKLY = 114.0 * 7


def demo_rows() -> dict[str, list[list[object]]]:
    return {
        UNIT_COSTS.name: [[c, p, w, DEMO_INFLATION] for c, (p, w) in DEMO_UNIT.items()],
        UASC.name: [[y, s, r, HOME_OFFICE_WEEKLY] for y, (s, r) in DEMO_UASC.items()],
    }


def write_template(path: Path, demo: bool = False) -> None:
    """The workbook: a Read me describing every column, then each sheet (filled for the demo),
    and the Lists sheet the category column's drop-down takes its items from."""
    lists = {"category": states.CATEGORIES}
    write.write_workbook(
        path,
        BOOK,
        (),
        demo_rows() if demo else {},
        lists,
        lambda sheet, column: "category" if column.name == "category" else None,
    )


def read_files(paths: Sequence[Path], today: date | None = None) -> CostBook:
    """The cost book from workbooks or CSV sheets; ReaderError naming every problem."""
    readers, problems = read.read_load(
        paths, BOOK, read.sheet_by_header(SHEETS), _Reader, today or date.today()
    )
    if problems:
        raise ReaderError(problems)
    unit = {u.category: u for r in readers for u in r.unit}
    uasc = {u.year: u for r in readers for u in r.uasc}
    missing = [c for i, c in enumerate(states.CATEGORIES) if i not in unit]
    if missing:
        label = next((r.table.label for r in readers if r.sheet is UNIT_COSTS), "the files given")
        reason = f"no weekly cost for {', '.join(missing)}"
        raise ReaderError([Problem(label, None, "category", reason, "value-code")])
    return CostBook(unit, uasc)


# -- values -----------------------------------------------------------------------------------

_FINANCIAL_YEAR = re.compile(r"\d{4}-\d{2}")


def _category(text: str) -> int:
    key = " ".join(text.lower().split())
    if key not in states.CATEGORIES:
        listed = ", ".join(states.CATEGORIES)
        raise BadValue(f"{quoted(text)} is not a placement category ({listed})", "value-code")
    return states.CATEGORIES.index(key)


def _amount(text: str) -> float:
    """An amount (pounds, £k or a percentage) of 0 or more: 4,500, £850, 3%."""
    try:
        value = float(text.replace(",", "").replace("£", "").rstrip("%"))
    except ValueError:
        raise BadValue(f"{quoted(text)} is not a number", "value-number") from None
    if not value >= 0:  # NaN too
        raise BadValue(f"{value:g} is below 0", "value-number")
    return value


def _year(text: str) -> str:
    if not _FINANCIAL_YEAR.fullmatch(text) or (int(text[:4]) + 1) % 100 != int(text[5:]):
        raise BadValue(f"{quoted(text)} is not a financial year such as 2021-22", "value-date")
    return text


@dataclass
class _Reader(SheetReader):
    unit: list[UnitCost] = field(default_factory=list)
    uasc: list[UascYear] = field(default_factory=list)

    def row(self, row: Row) -> None:
        if self.sheet is UNIT_COSTS:
            category = row.get("category", _category)
            weekly, inflation = row.get("weekly", _amount), row.get("inflation", _amount)
            if row.bad:
                return
            name = states.CATEGORIES[category]
            self.key(row, (self.sheet.name, name), "category", "category")
            self.unit.append(UnitCost(category, row.text("provision"), weekly, inflation / 100))
        else:
            year = row.get("year", _year)
            staffing, running = row.get("staffing", _amount), row.get("running", _amount)
            home_office = row.get("home_office", _amount)
            if row.bad:
                return
            self.key(row, (self.sheet.name, year), "financial year", "year")
            self.uasc.append(UascYear(year, staffing, running, home_office))


def markdown() -> str:
    """docs/formats/forecast_costs.md: the workbook's sheets and columns, from the declaration."""
    return write.markdown(
        BOOK,
        (),
        generated_from="src/csc_insight/forecast/cost_template.py",
        rules=RULES,
    )


#: The problems a unit-cost file can have, by rule id (besides entry/read.py's checks).
RULES: dict[str, str] = {
    "value-code": "a category that is not a placement category, or a category with no weekly "
    "cost (each of them needs one)",
    "value-number": "a weekly cost, inflation, staffing, running cost or Home Office rate that "
    "is not a number, or is below 0",
    "value-date": "a financial year that is not one (2021-22)",
    "value-missing": "a required value missing",
    "key-conflict": "the same category, or the same financial year, entered twice (each row "
    "names the other)",
}
