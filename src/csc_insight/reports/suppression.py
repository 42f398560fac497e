"""Disclosure control for published packs, designed as the DfE and the ONS describe it.

A published pack (``csc report --published``) goes to the public, so nothing in it may let a
reader work out a count of 1 to the threshold (default 5): not a table cell, nor a total less the
cells shown, nor a chart's mean or process limits. docs/suppression.md gives the rules with a
worked example and their sources; in brief:

Primary: a count from 1 to the threshold is shown as ``c``. A percentage is ``c`` when its
numerator, its denominator or the children it leaves out (denominator less numerator) number 1 to
the threshold: 2 of 2 is 100%, and 24 of 26 says 2 beside a published 26. A rate is ``c`` when
its numerator or denominator is small. Zero is shown, as the DfE shows a true zero, and a hidden
cell is never a zero, so "0" is never the only value left for one. Averages (caseloads: cases per
worker) describe workers, not children, and are shown.

Secondary (complementary): the months of a financial year add up to its year to date, which a
pack shows for its report month, and each monthly pack shows its own. So the rules are replayed
month by month as each pack was written (``protect_year``): a month is hidden or shown once, in
its own pack, and stays so; the report month is the only month a pack can still hide and its
year to date the only total it adds. A count's year to date is shown only when the cells hidden
since the last year to date shown leave every small cell its whole range 1..threshold
(``narrowed``, the audit); where they would not, the report month is hidden as well (if it is
more than the threshold) and, if that is still not enough, the year to date is withheld. A
percentage's or rate's year to date is shown only while no month of the year is hidden: its
numerator and denominator are sums of the months', and denominators are published as counts
(AMT 2's is AMT completed). A count's 12-month figure is shown only when none of its months is
hidden. A position at a date, or a measure that is already a rolling year, has no total over
months: its latest figure is the report month's.

Derived figures: a withheld figure is not rated (RAG Grey: a Red beside a ``c`` says which side
of the target it lies). A chart's mean, process limits and special causes come from the results
table only when no hidden month went into them; otherwise ``spc_from_shown`` recomputes them from
the months shown (and drops them when fewer than 12 are), and the caption says so. Finally every
hidden figure's value, numerator and denominator are removed from the Pack (``withhold``), so no
renderer, caption, attribute, workbook cell or chart cache can carry one.

Unpublished (internal) packs are not suppressed; they are marked OFFICIAL-SENSITIVE instead.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING

from csc_insight.indicators import spc
from csc_insight.indicators.periods import fy_label

if TYPE_CHECKING:
    from csc_insight.reports.model import Figure, Pack, PackRow

DEFAULT_THRESHOLD = 5


def small(n: float | None, threshold: int) -> bool:
    return n is not None and 0 < n <= threshold


def primary(fig: Figure, threshold: int) -> None:
    """Hide the figure itself when it shows, or lets a published denominator give, a small count."""
    if fig.value is None:
        return
    num, den = fig.numerator, fig.denominator
    if fig.unit == "count":
        fig.suppressed = small(fig.value, threshold)
    elif fig.unit == "percent":
        left_out = None if num is None or den is None else den - num
        fig.suppressed = any(small(n, threshold) for n in (num, den, left_out))
    elif fig.unit == "rate_per_10k":
        fig.suppressed = small(num, threshold) or small(den, threshold)


# --- the audit: what a total lets a reader work out -------------------------------------------


@dataclass(frozen=True)
class Hidden:
    """A withheld count as a reader sees it: only that it lies in ``lo``..``hi``. ``value`` is
    the true count (the audit knows it, the reader does not); a ``small`` cell is a primary one,
    whose whole range 1..threshold must stay possible."""

    value: float
    lo: float
    hi: float
    small: bool


def hidden_count(fig: Figure, threshold: int, *, secondary: bool) -> Hidden:
    """A primary cell is 1..threshold; a secondary one, the reader knows, is more than the
    threshold (it would be primary otherwise, and a zero is never hidden)."""
    if secondary:
        return Hidden(fig.value or 0.0, threshold + 1, math.inf, small=False)
    return Hidden(fig.value or 0.0, 1, threshold, small=True)


def narrowed(hidden: Sequence[Hidden]) -> bool:
    """Whether a reader who knows the sum of ``hidden`` (a total less the cells shown) can rule
    out any value of a small cell's range, or read the sum as small counts in one way only.

    Each cell's feasibility interval is its bounds cut by the sum less the others' bounds (the
    attacker's problem of cell suppression): 9 from two cells of at most 5 leaves each only
    4..5, so it narrows; 6 leaves each 1..5, so it does not; a secondary cell of unbounded size
    leaves the small ones whole. And a sum that splits into small counts in one way only (15 as
    three cells: 5 + 5 + 5) is read that way, right or wrong, so it narrows too."""
    total = sum(h.value for h in hidden)
    lo = sum(h.lo for h in hidden)
    hi = sum(h.hi for h in hidden)
    interval = any(
        max(h.lo, total - (hi - h.hi)) > h.lo or min(h.hi, total - (lo - h.lo)) < h.hi
        for h in hidden
        if h.small
    )
    tops = [h.hi for h in hidden if h.small]
    return interval or (bool(tops) and _small_readings(total, len(hidden), int(max(tops))) == 1)


def _small_readings(total: float, cells: int, top: int, limit: int = 2) -> int:
    """How many ways (as multisets, counted up to ``limit``) ``total`` splits into ``cells``
    counts of 1..top: the parts are taken largest first, so each multiset is met once."""

    def ways(left: float, n: int, cap: int) -> int:
        if n == 0:
            return int(left == 0)
        found = 0
        for v in range(int(min(cap, left - (n - 1))), 0, -1):
            if v * n < left or found >= limit:
                break  # the parts only get smaller from here: the rest cannot reach the sum
            found += ways(left - v, n - 1, v)
        return found

    return ways(total, cells, top)


# --- secondary suppression: the months of a year and its totals -------------------------------


def protect_year(months: Sequence[Figure], threshold: int) -> list[bool]:
    """For each month of one financial year's counts (oldest first, primary suppression done):
    whether that month's pack may show the year to date. Hides further months as it goes.

    The months are replayed as each monthly pack was written, so every pack of a year agrees:
    a month's status is decided in its own pack and never changes, the only month a pack can
    hide is its own, and the year to date it shows, less any shown before (or nothing, before
    April), gives the sum of the cells hidden in between. The report month is hidden too
    whenever those cells need it, whether or not that is enough, so the choice says nothing
    about its value; if they are still exposed, the year to date is withheld."""
    earlier: list[list[Hidden]] = []  # the cells hidden between the years to date shown so far
    window: list[Hidden] = []  # those hidden since the last one
    shown: list[bool] = []
    for fig in months:
        if fig.suppressed:
            window.append(hidden_count(fig, threshold, secondary=False))
        elif _exposed(earlier, window) and (fig.value or 0) > threshold:
            fig.suppressed = True
            window.append(hidden_count(fig, threshold, secondary=True))
        shown.append(not _exposed(earlier, window))
        if shown[-1]:
            earlier, window = [*earlier, window], []
    return shown


def _exposed(earlier: list[list[Hidden]], window: list[Hidden]) -> bool:
    """Whether showing the year to date now would narrow a hidden cell: against each year to
    date shown before (and the start of the year), the difference is the cells in between."""
    return bool(window) and any(
        narrowed([h for w in earlier[i:] for h in w] + window) for i in range(len(earlier) + 1)
    )


def whole_year(months: Sequence[Figure]) -> list[bool]:
    """For a percentage or rate: a month's pack shows the year to date only while no month of
    the year so far is hidden (its numerator and denominator are sums of the months')."""
    hidden_so_far = False
    shown: list[bool] = []
    for fig in months:
        hidden_so_far |= fig.suppressed
        shown.append(not hidden_so_far)
    return shown


def _years(row: PackRow) -> list[list[Figure]]:
    """The history's figures, one list per financial year, oldest first."""
    return [
        [p.figure for p in points]
        for _fy, points in groupby(row.history, key=lambda p: fy_label(p.period_end))
    ]


def _adds_over_months(row: PackRow) -> bool:
    """A count or ratio whose longer periods add up its months (aggregate ``sum``)."""
    ind = row.indicator
    return ind.kind == "flow" and ind.aggregate == "sum" and ind.unit != "average"


def _report_month(row: PackRow, pack: Pack) -> Figure | None:
    """The row's figure for the pack's month, if it has one (its history ends there)."""
    last = row.history[-1] if row.history else None
    if last is None or (last.period_end.year, last.period_end.month) != (
        pack.period_end.year,
        pack.period_end.month,
    ):
        return None
    return last.figure


def _protect_totals(row: PackRow, pack: Pack, threshold: int) -> None:
    """Secondary suppression of the row's months and its year-to-date and 12-month figures."""
    report_month = _report_month(row, pack)
    if not _adds_over_months(row):
        # A position at the month end, a measure that is already a rolling year, or one counted
        # afresh over each period: its latest (and 12-month) figure is the report month's own,
        # or has no sum over months to difference against.
        if report_month is not None and row.indicator.aggregate != "recompute":
            row.latest.suppressed |= report_month.suppressed
            if row.annual is not None:
                row.annual.suppressed |= report_month.suppressed
        return
    counts = row.indicator.unit == "count"
    shown = [protect_year(y, threshold) if counts else whole_year(y) for y in _years(row)]
    if report_month is not None and shown:
        row.latest.suppressed |= not shown[-1][-1]
    if row.annual is not None:
        # The 12 months to March are the year itself, so the year to date's rule decides. Any
        # other 12 months are shown only whole: no two published 12-month figures (one a month)
        # then differ by a hidden month.
        the_year = pack.period_end.month == 3
        the_year &= all(fy_label(m) == pack.financial_year for m in pack.months)
        hidden = any(f.suppressed for f in row.months)
        row.annual.suppressed |= row.latest.suppressed if the_year else hidden


# --- derived figures: process control from the months shown -----------------------------------


def spc_from_shown(row: PackRow) -> None:
    """The chart's mean, limits and special causes, and the report month's signal and assurance,
    over the months a published pack shows: the one place a view recomputes process control.

    The results table's limits are the mean of every month with full history, hidden ones
    included, and its moving ranges run through them: with the mean printed and the lines drawn
    to a tenth of a pixel, a reader could subtract the months shown and get the hidden ones
    back. So where a hidden month went into them, they are computed again with the engine's own
    functions (indicators.spc) over the months shown only; with fewer than spc.MIN_POINTS shown
    there are none. ``row.spc_months`` records how many months they are from, for the caption.
    A hidden report month is not judged. Leaves a row untouched when no hidden month went in."""
    figures = [p.figure for p in row.history]
    judged = [i for i, f in enumerate(figures) if f.value is not None and not f.incomplete]
    if row.limits is None or not any(figures[i].suppressed for i in judged):
        return
    shown = [i for i in judged if not figures[i].suppressed]
    series = [figures[i].value or 0.0 for i in shown]
    report_shown = bool(shown) and shown[-1] == len(figures) - 1
    row.spc_months = len(series)
    chart = spc.xmr(series)
    if chart is None:
        row.limits = row.special_causes = None
        row.signal = "insufficient data" if report_shown else None
        row.assurance = "insufficient data"
        return
    lim = (chart.centre, chart.lower, chart.upper)
    marks = [" "] * len(figures)
    for i, flag in zip(shown, chart.flags, strict=True):
        marks[i] = "+" if flag > 0 else "-" if flag < 0 else "."
    row.limits, row.special_causes = lim, "".join(marks)
    row.signal = spc.signal(series, row.indicator.polarity, lim) if report_shown else None
    row.assurance = spc.assurance(series, row.target, row.indicator.polarity, lim)


# --- the pack ----------------------------------------------------------------------------------


def withhold(fig: Figure) -> None:
    """Remove a hidden figure's numbers from the Pack: what a renderer never has, it cannot
    print, draw, cache or put in an attribute."""
    if fig.suppressed:
        fig.value = fig.numerator = fig.denominator = None


def apply(pack: Pack, threshold: int = DEFAULT_THRESHOLD) -> None:
    for row in pack.rows():
        for point in row.history:
            primary(point.figure, threshold)
        primary(row.latest, threshold)
        if row.annual is not None:
            primary(row.annual, threshold)
        _protect_totals(row, pack, threshold)
        if row.latest.suppressed:
            row.rag = "Grey"
        spc_from_shown(row)
        for fig in [p.figure for p in row.history] + [*row.months, row.latest, row.annual]:
            if fig is not None:
                withhold(fig)
