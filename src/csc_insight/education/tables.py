"""The dashboard's two tables, as seed 003 prints them, computed from the records.

Monthly: one row per measure, a figure for every month from the first month any figure is
for to the last (the trend a sparkline draws), and the change from the same month a year
before. Annual: one row per measure, the borough's figure for each academic year, the change
from the previous year, and the latest year's gaps to England and to the statistical
neighbours. A month or year without a figure is ``NOT_PUBLISHED`` in the row, never 0 and
never skipped, so a trend keeps its gaps where they fall. The latest year is the last with a
published borough figure (the EYFSP's is 2019: the 2020 assessments were cancelled), and its
comparators are that year's.

Schools: for each annual measure with figures from the DfE's school-level tables, the
authority's schools in the latest year with a published school figure (a year when every
school's is not published, as in the cancelled 2020 exams, is not the latest). Each school has
its figure, the change on its own figure the year before ("not comparable" into a series-break
year, as in the annual table), and the gaps to the borough's and England's figures that year.
The worst against England come first by the measure's polarity; a school without a figure that
year, given as not published or in the year before's table and not this one's, reads "not
published", never 0, and comes last. The figures are rates and scores, never counts of
children, so no school's is suppressed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from csc_insight.education import measures
from csc_insight.education.compare import Movement, change, gap
from csc_insight.education.figures import NOT_PUBLISHED, Figure, published
from csc_insight.education.measures import Measure, measure_key
from csc_insight.education.model import (
    AnnualFigure,
    EducationRecords,
    MonthlyFigure,
    SchoolFigure,
)


@dataclass(frozen=True)
class MonthlyRow:
    measure: Measure
    months: tuple[date, ...]
    values: tuple[Figure, ...]
    change: Movement  # the last month against the same month a year before

    @property
    def latest(self) -> Figure:
        return self.values[-1] if self.values else NOT_PUBLISHED

    @property
    def trend(self) -> tuple[float | None, ...]:
        """The points a sparkline draws: None where not published, a gap in the line."""
        return tuple(published(v) for v in self.values)


@dataclass(frozen=True)
class AnnualRow:
    measure: Measure
    years: tuple[int, ...]
    values: tuple[Figure, ...]
    latest_year: int
    change: Movement
    england: Figure
    neighbours: Figure
    vs_england: Movement
    vs_neighbours: Movement

    @property
    def latest(self) -> Figure:
        return self.values[self.years.index(self.latest_year)]

    @property
    def trend(self) -> tuple[float | None, ...]:
        """The points a sparkline draws: None where not published, a gap in the line."""
        return tuple(published(v) for v in self.values)


def months_between(first: date, last: date) -> tuple[date, ...]:
    out, m = [], first.replace(day=1)
    while m <= last:
        out.append(m)
        m = date(m.year + m.month // 12, m.month % 12 + 1, 1)
    return tuple(out)


def year_before(month: date) -> date:
    return month.replace(year=month.year - 1)


def monthly_table(
    figures: Iterable[MonthlyFigure],
    months: Sequence[date] | None = None,
    since: date | None = None,
) -> list[MonthlyRow]:
    """A row per monthly measure that has a figure, in the catalogue's order, for ``months``
    (default: every month from ``since``, or from the first with a figure, to the last)."""
    got: dict[str, dict[date, Figure]] = {}
    for f in figures:
        got.setdefault(measure_key(f.measure), {})[f.month] = f.value
    if not got:
        return []
    if months is None:
        every = [m for values in got.values() for m in values]
        months = months_between(since or min(every), max(every))
    rows = []
    for m in measures.of("monthly"):
        mine = got.get(measure_key(m.id))
        if mine is None:
            continue
        values = tuple(mine.get(month, NOT_PUBLISHED) for month in months)
        last = months[-1]
        rows.append(
            MonthlyRow(
                m, tuple(months), values, change(mine.get(last), mine.get(year_before(last)), m)
            )
        )
    return rows


def annual_table(
    figures: Iterable[AnnualFigure], years: Sequence[int] | None = None
) -> list[AnnualRow]:
    """A row per annual measure with a borough figure, in the catalogue's order."""
    got: dict[tuple[str, str], dict[int, Figure]] = {}
    for f in figures:
        got.setdefault((measure_key(f.measure), f.area), {})[f.year] = f.value
    own_years = [y for (_, area), v in got.items() if area == "own" for y in v]
    if not own_years:
        return []
    years = tuple(years or range(min(own_years), max(own_years) + 1))
    rows = []
    for m in measures.of("annual"):
        key = measure_key(m.id)
        own = got.get((key, "own"))
        if own is None:
            continue
        rows.append(
            _annual_row(
                m, years, own, got.get((key, "england"), {}), got.get((key, "neighbours"), {})
            )
        )
    return rows


def _annual_row(
    m: Measure,
    years: tuple[int, ...],
    own: dict[int, Figure],
    england: dict[int, Figure],
    neighbours: dict[int, Figure],
) -> AnnualRow:
    values = tuple(own.get(y, NOT_PUBLISHED) for y in years)
    shown = [y for y, v in zip(years, values, strict=True) if published(v) is not None]
    latest = shown[-1] if shown else years[-1]
    value = own.get(latest, NOT_PUBLISHED)
    eng = england.get(latest, NOT_PUBLISHED)
    nbr = neighbours.get(latest, NOT_PUBLISHED)
    return AnnualRow(
        measure=m,
        years=years,
        values=values,
        latest_year=latest,
        change=change(value, own.get(latest - 1), m, latest),
        england=eng,
        neighbours=nbr,
        vs_england=gap(value, eng, m),
        vs_neighbours=gap(value, nbr, m),
    )


# -- the authority's schools -------------------------------------------------------------------
#
# Every annual measure is a rate or a score (the catalogue's units: percent, score), so a
# school's figure tells nothing of a child and needs no disclosure control. A count measure
# (unit "count") would: it is left out of the schools table until someone adds suppression.


@dataclass(frozen=True)
class SchoolRow:
    urn: str
    name: str
    value: Figure
    change: Movement  # on the school's own figure the year before
    vs_borough: Movement
    vs_england: Movement


@dataclass(frozen=True)
class SchoolTable:
    """One measure's schools in one academic year, worst against England first."""

    measure: Measure
    year: int
    borough: Figure
    england: Figure
    rows: tuple[SchoolRow, ...]

    @property
    def series_break(self) -> bool:
        """The year is one the DfE says must not be compared with the year before: each
        school's change reads "not comparable", as the annual table's does."""
        return self.measure.series_break == self.year


def school_table(records: EducationRecords) -> list[SchoolTable]:
    """For each annual measure with school figures, in the catalogue's order, its latest
    academic year with a published school figure (a year when every school's is not published,
    the exams of 2020, is not the latest; with none published, the latest year given)."""
    got: dict[str, dict[int, dict[str, SchoolFigure]]] = {}
    for f in records.schools:
        got.setdefault(measure_key(f.measure), {}).setdefault(f.year, {})[f.urn] = f
    area: dict[tuple[str, str, int], Figure] = {
        (measure_key(f.measure), f.area, f.year): f.value for f in records.annual
    }
    out = []
    for m in measures.of("annual"):
        by_year = got.get(measure_key(m.id))
        if by_year is None or m.unit == "count":
            continue
        key = measure_key(m.id)
        year = _latest(by_year)
        borough = area.get((key, "own", year), NOT_PUBLISHED)
        england = area.get((key, "england", year), NOT_PUBLISHED)
        rows = _school_rows(m, year, by_year, borough, england)
        out.append(SchoolTable(m, year, borough, england, rows))
    return out


def _latest(by_year: dict[int, dict[str, SchoolFigure]]) -> int:
    shown = [
        y for y, s in by_year.items() if any(published(f.value) is not None for f in s.values())
    ]
    return max(shown or by_year)


def _school_rows(
    m: Measure,
    year: int,
    by_year: dict[int, dict[str, SchoolFigure]],
    borough: Figure,
    england: Figure,
) -> tuple[SchoolRow, ...]:
    """A row for each school with a record that year or the year before: one the DfE's table
    dropped this year reads "not published", not left out."""
    now, before = by_year.get(year, {}), by_year.get(year - 1, {})
    rows = []
    for urn in now.keys() | before.keys():
        f = now.get(urn)
        value = f.value if f is not None else NOT_PUBLISHED
        name = (f or before[urn]).name
        previous = before.get(urn)
        rows.append(
            SchoolRow(
                urn,
                name,
                value,
                change(value, previous.value if previous else None, m, year),
                gap(value, borough, m),
                gap(value, england, m),
            )
        )
    return tuple(sorted(rows, key=lambda r: _worst_first(r, m)))


def _worst_first(row: SchoolRow, m: Measure) -> tuple[int, float, str, str]:
    """England's figure is one number for the year, so the order of the gaps to it is the
    order of the figures: the worst by the measure's polarity first (the lowest of a
    bigger-is-better measure), whether or not England's is published; then "not published";
    ties by name and URN. A measure without polarity: the highest first."""
    number = published(row.value)
    if number is None:
        return (1, 0.0, row.name, row.urn)
    return (0, number if m.polarity == "BIB" else -number, row.name, row.urn)
