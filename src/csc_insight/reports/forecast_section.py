"""The pack's forecast section as data: the fan charts' quantiles, the target's trajectory (also
drawn on the children-in-care indicator charts), and tables of the target, the forecast by
quarter, the saved scenarios, the UASC run-off and the caseloads under a vacancy rate.

Every figure was computed by forecast/ through reports/forecast_run.py; here they are only
rounded into finance_tables' cells (numbers kept as numbers, so the workbook stores them as
such). A forecast is aggregate: no child is named. In a published pack a count of children in
care or cases below the suppression threshold is hidden (the actual line of a chart, a cell).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from csc_insight.reports import formatting
from csc_insight.reports.finance_tables import Cell, Kind, Row, Table, text
from csc_insight.reports.forecast_run import ForecastRun, GroupFan, Quantiles
from csc_insight.reports.suppression import DEFAULT_THRESHOLD, small

TITLE = "Forecast"
HIDDEN = "c"
#: The indicator charts the target's trajectory is drawn on, and how a child in care converts
#: to the indicator's unit (None: per 10,000 of the under-18 population).
TRAJECTORY_ON = {"CLA 3": 1.0, "CLA rate local": None}
#: docs/forecasting.md's limits, in two sentences.
LIMITS = (
    "The model carries the reference window's rates of entering, leaving and moving forward "
    "unchanged: it cannot foresee a change in policy or demand (the back-test shows forecasts "
    "from before a fall in entries missing it), and its intervals are about 80% only while the "
    "rates hold. It follows children in care, not care leavers, so the UASC run-off dates are "
    "for children in care (seed 003's 2031-32 counted former UASC care leavers too), and the "
    "caseloads move with children in care and referrals, with no trend of their own."
)


@dataclass(frozen=True)
class ForecastSection:
    run: ForecastRun
    tables_: tuple[Table, ...]
    published: bool
    threshold: int

    @property
    def origin(self) -> date:
        return self.run.origin

    @property
    def fans(self) -> tuple[GroupFan, ...]:
        return self.run.fans

    def tables(self) -> list[Table]:
        """The tables as the page shows them, beneath the section's head (which says what the
        forecast is and its limits)."""
        return list(self.tables_)

    def sheet_tables(self) -> list[Table]:
        """The tables for the workbook, where a sheet is read alone: each note says it is a
        forecast and from when, the first also the model's limits."""
        r = self.run
        mark = (
            f"Forecast from {formatting.day(r.origin)} (reference window from "
            f"{formatting.day(r.window_from)}; {r.sims:,} simulations; 80% intervals)."
        )
        return [
            replace(t, note=" ".join([mark, *([LIMITS] if i == 0 else []), t.note]))
            for i, t in enumerate(self.tables_)
        ]

    def actual(self, fan: GroupFan) -> list[tuple[date, int]]:
        """The chart's line of children in care; none in a published pack when a month's count
        is small (the line would give it away)."""
        if self.published and any(small(n, self.threshold) for _, n in fan.actual):
            return []
        return fan.actual

    def hidden_actual(self) -> list[str]:
        return [f.group for f in self.fans if f.actual and not self.actual(f)]

    def trajectory_for(self, indicator_id: str) -> list[tuple[date, float]]:
        """The target's trajectory in the indicator's unit ([]: not a chart it is drawn on)."""
        if indicator_id not in TRAJECTORY_ON:
            return []
        scale = TRAJECTORY_ON[indicator_id]
        if scale is None:
            if not self.run.population:
                return []
            scale = 10_000 / self.run.population
        return [(d, v * scale) for d, v in self.run.trajectory]

    def heading(self) -> str:
        r = self.run
        return (
            f"A forecast, not a record: from {formatting.day(r.origin)} to "
            f"{formatting.day(r.horizon)}, with rates from the reference window "
            f"{formatting.day(r.window_from)} to {formatting.day(r.origin)}; {r.sims:,} "
            f"simulations over {r.draws:,} bootstrap draws of the rates (seed {r.seed}); "
            f"intervals are 80% (10th to 90th percentile)."
        )

    def target_sentence(self) -> str:
        r = self.run
        goal = f"local children in care at most {r.at_most:,.0f} by {formatting.day(r.by)}"
        if r.probability is None:
            return f"The target ({goal}) is not within the forecast."
        median = _median_at(r.fans[0].q, r.months, r.by)
        return (
            f"The chance of {goal} is {r.probability:.0%} if the window's rates carry on "
            f"(median {median:,.0f})."
        )


def build(
    run: ForecastRun, *, published: bool = False, threshold: int = DEFAULT_THRESHOLD
) -> ForecastSection:
    tabs = [_target(run), _by_quarter(run), _scenarios(run), _runoff(run)]
    tabs.append(_caseloads(run, published, threshold))
    shown = [t for t in tabs if t is not None]
    return ForecastSection(run, tuple(shown), published, threshold)


def _median_at(q: Quantiles, months: list[date], when: date) -> float:
    i = max(i for i, m in enumerate(months) if m <= when)
    return float(q[1, i])


def _n(x: float) -> Cell:
    return Cell(round(x), "int")


def _d(x: float, kind: Kind) -> Cell:
    """A figure kept as a number (to 4 places: the cell's kind decides what prints)."""
    return Cell(Decimal(f"{x:.4f}"), kind)


def _when(d: date | None, never: str) -> Cell:
    return Cell(d, "date") if d else text(never)


def _target(run: ForecastRun) -> Table | None:
    t = run.target
    if t is None or run.probability is None:
        return None
    rows = [Row((text("none: the window's rates"), text("as forecast"),
                 _d(run.probability, "share"), _d(1.0, "times")))]  # fmt: skip
    for lever, words in (("entries", "entries to care"), ("leave", "leaving care")):
        for chance in (0.5, 0.8):
            m = t.needed.get((lever, chance))
            rows.append(
                Row((text(words), _d(chance, "share"), _d(chance, "share"),
                     _d(m, "times") if m is not None else text("out of range")))
            )  # fmt: skip
    return Table(
        "Forecast target",
        f"Local children in care at most {run.at_most:,.0f} by {formatting.day(run.by)}",
        ("rate changed", "aim", "chance of meeting the target", "multiplier of the rate"),
        tuple(rows),
        note=(
            f"The multiplier of one rate (the others as in the window) that meets the target with "
            f"a 50% and an 80% chance, found by bisection over {run.search_sims} simulations a "
            f"trial with the same random numbers (as `csc forecast target`); the first row's "
            f"chance is the baseline's, over {run.sims} simulations."
        ),
    )


def _by_quarter(run: ForecastRun) -> Table:
    shown = list(range(0, len(run.months), 3))
    if shown[-1] != len(run.months) - 1:
        shown.append(len(run.months) - 1)
    path = dict(run.trajectory)
    local, uasc = run.fans
    rows = []
    for i in shown:
        m = run.months[i]
        on = path.get(m)
        rows.append(
            Row((Cell(m, "date"), _n(local.q[1, i]), _n(local.q[0, i]), _n(local.q[2, i]),
                 _d(on, "dec1") if on is not None else text(""),
                 _n(uasc.q[1, i]), _n(uasc.q[0, i]), _n(uasc.q[2, i])))
        )  # fmt: skip
    return Table(
        "Forecast by quarter",
        "Children in care, forecast by quarter",
        ("month end", "local: median", "local: 10th percentile", "local: 90th percentile",
         "local: target trajectory", "UASC: median", "UASC: 10th percentile",
         "UASC: 90th percentile"),
        tuple(rows),
        note="The trajectory is the straight path from the local children in care at the origin "
        "to the target (forecast/targets.trajectory).",
    )  # fmt: skip


def _scenarios(run: ForecastRun) -> Table:
    when = formatting.day(run.horizon)
    base = run.fans
    rows = [
        Row((text("baseline"), text("both"), text("none"), _n(base[0].q[1, -1]),
             _n(base[0].q[0, -1]), _n(base[0].q[2, -1]), _n(base[1].q[1, -1]),
             _d(run.probability, "share") if run.probability is not None else text("")))
    ]  # fmt: skip
    for s in run.scenarios:
        lo, med, hi = s.at_horizon["local"]
        rows.append(
            Row((text(s.name + (f" ({s.note})" if s.note else "")), text(s.group),
                 text(s.changes), _n(med), _n(lo), _n(hi), _n(s.at_horizon["UASC"][1]),
                 _d(s.probability, "share") if s.probability is not None else text("")))
        )  # fmt: skip
    return Table(
        "Forecast scenarios",
        f"Saved scenarios side by side, children in care at {when}",
        ("scenario", "whose rates", "changes", "local: median", "local: 10th percentile",
         "local: 90th percentile", "UASC: median", "chance of the target"),
        tuple(rows),
        note=(
            "Scenarios saved with `csc forecast scenario save`, each run on the same random "
            "numbers as the baseline, so a difference is the scenario's, not chance's."
            if run.scenarios
            else "No scenario is saved beside the store (`csc forecast scenario save`)."
        ),
        prose=(0, 2),
    )  # fmt: skip


def _runoff(run: ForecastRun) -> Table | None:
    if not run.runoff:
        return None
    years = 15
    rows = [
        Row((_d(r.arrivals, "share"), text(f"{r.share:.2%}"),
             _d(r.threshold, "dec1"), _when(r.median_date, f"not within {years} years"),
             _when(r.early, f"not within {years} years"),
             _when(r.late, f"not within {years} years")))
        for r in run.runoff
    ]  # fmt: skip
    return Table(
        "Forecast UASC",
        f"UASC in care falling below 0.07% and 0.1% of the under-18 population "
        f"({run.population:,})",
        ("arrivals (share of the window's rate)", "below", "children", "median month",
         "80% range: from", "80% range: to"),
        tuple(rows),
        note="The first month end the median of UASC in care falls below the share; the range is "
        "the 10th and 90th percentiles of each simulation's first month below.",
    )  # fmt: skip


def _caseloads(run: ForecastRun, published: bool, threshold: int) -> Table:
    when = formatting.day(run.horizon)
    rows = []
    for c in run.caseloads:
        hide = published and small(c.cases, threshold)
        rows.append(
            Row((text(c.service), text(HIDDEN) if hide else Cell(c.cases, "int"),
                 _d(c.posts_fte, "dec1"), _d(c.workers, "dec1"), _d(c.now, "dec1"),
                 _d(c.median, "dec1"), _d(c.low, "dec1"), _d(c.high, "dec1"),
                 _d(c.target, "dec1") if c.target is not None else text(""),
                 _d(c.breach, "share") if c.breach is not None else text(""), text(c.driver)))
        )  # fmt: skip
    return Table(
        "Forecast caseloads",
        f"Caseload per worker with {run.vacancy:.0%} of posts held vacant, at {when}",
        ("service", "cases", "posts (FTE)", "workers", "caseload now", "caseload: median",
         "10th percentile", "90th percentile", "target", "chance above target", "driven by"),
        tuple(rows),
        note=(
            f"Workers are the funded case-holding posts less {run.vacancy:.0%} held vacant (seed "
            "002 rejected 7% as a risk to caseloads); targets are the catalogue's W1 a–g."
        ),
    )  # fmt: skip
