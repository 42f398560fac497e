"""The dashboard's two tables, as seed 003 prints them, computed from the records.

Monthly: one row per measure, a figure for every month from the first month any figure is
for to the last (the trend a sparkline draws), and the change from the same month a year
before. Annual: one row per measure, the borough's figure for each academic year, the change
from the previous year, and the latest year's gaps to England and to the statistical
neighbours. A month or year without a figure is ``NOT_PUBLISHED`` in the row, never 0 and
never skipped, so a trend keeps its gaps where they fall. The latest year is the last with a
published borough figure (the EYFSP's is 2019: the 2020 assessments were cancelled), and its
comparators are that year's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from csc_insight.education import measures
from csc_insight.education.compare import Movement, change, gap
from csc_insight.education.figures import NOT_PUBLISHED, Figure, published
from csc_insight.education.measures import Measure, measure_key
from csc_insight.education.model import AnnualFigure, MonthlyFigure


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
