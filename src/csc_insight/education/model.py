"""The education dashboard's records: what the template, the DfE's tables and the demo give.

Months are the first day of the month; an annual figure's ``year`` is the academic year's end
(2020 is 2019/20, as the seed heads its columns); a high-needs year is a financial year label
(2019-20). Money is in pounds for SEND placements and EHCP costs (the seed prints them to the
pound) and in £ thousands for the high-needs block (as the finance papers do).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

from csc_insight.education.figures import Figure

#: Whose figure an annual row is: the council's own, England's, or the statistical neighbours'
#: average.
Area = Literal["own", "england", "neighbours"]
AREAS: tuple[Area, ...] = ("own", "england", "neighbours")
AREA_WORDS: dict[Area, str] = {
    "own": "Borough",
    "england": "England",
    "neighbours": "Statistical neighbours",
}
Location = Literal["in", "out"]
LOCATION_WORDS: dict[Location, str] = {"in": "In borough", "out": "Out of borough"}


@dataclass(frozen=True)
class Source:
    """Where a record came from: a file, its sheet and row, or a named document (the demo)."""

    where: str
    row: int | None = None

    def __str__(self) -> str:
        return self.where if self.row is None else f"{self.where}, row {self.row}"


@dataclass(frozen=True)
class MonthlyFigure:
    measure: str
    month: date
    value: Figure
    source: Source


@dataclass(frozen=True)
class AnnualFigure:
    measure: str
    year: int
    area: Area
    value: Figure
    source: Source


@dataclass(frozen=True)
class SchoolFigure:
    """One school's figure for an annual measure and academic year, from the DfE's published
    school-level table (explore-education-statistics rows of geographic_level School): the
    authority's own schools, by their URN, with the name the table gives."""

    measure: str
    year: int
    urn: str
    name: str
    value: Figure
    source: Source


@dataclass(frozen=True)
class Placement:
    """SEND pupils placed in or out of borough in a year, the establishments and the cost (£)."""

    year: str
    location: Location
    establishments: int
    pupils: int
    cost: int
    source: Source


@dataclass(frozen=True)
class EhcpScenario:
    """A scenario of EHC plans reduced, at a unit cost per plan (£ a year)."""

    reduced: int
    unit_cost: int
    source: Source


@dataclass(frozen=True)
class HighNeedsYear:
    """One financial year of the DSG high-needs block, £ thousands.

    ``spend`` is the outturn, or the forecast for a year not closed; ``opening_overspend`` the
    cumulative high-needs overspend brought forward, entered on the first year only;
    ``dsg_deficit`` the whole DSG deficit carried forward as the accounts state it (other blocks
    offset part of the high-needs overspend); ``plan_deficit`` the cumulative deficit the
    recovery plan expects at the year's end."""

    year: str
    allocation: float
    spend: float
    opening_overspend: float | None
    dsg_deficit: float | None
    printed_overspend: float | None
    plan_deficit: float | None
    source: Source


@dataclass(frozen=True)
class EducationRecords:
    monthly: tuple[MonthlyFigure, ...] = ()
    annual: tuple[AnnualFigure, ...] = ()
    placements: tuple[Placement, ...] = ()
    scenarios: tuple[EhcpScenario, ...] = ()
    high_needs: tuple[HighNeedsYear, ...] = ()
    notes: tuple[str, ...] = field(default=())
    #: The authority's schools' figures (the DfE's school-level tables), after the rest so that
    #: records built by position keep their meaning.
    schools: tuple[SchoolFigure, ...] = ()

    def with_monthly(self, monthly: tuple[MonthlyFigure, ...]) -> EducationRecords:
        """These records with ``monthly`` for their monthly figures: the store's computed ones
        (education/computed.py), which the catalogue's indicators are."""
        return replace(self, monthly=monthly)

    def __add__(self, other: EducationRecords) -> EducationRecords:
        return EducationRecords(
            self.monthly + other.monthly,
            self.annual + other.annual,
            self.placements + other.placements,
            self.scenarios + other.scenarios,
            self.high_needs + other.high_needs,
            self.notes + other.notes,
            self.schools + other.schools,
        )
