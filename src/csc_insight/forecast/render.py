"""Text tables for the terminal: the results as people read them, computed elsewhere."""

from __future__ import annotations

from datetime import date

import numpy as np

from csc_insight.forecast import states
from csc_insight.forecast.backtest import Summary
from csc_insight.forecast.caseloads import CaseloadResult
from csc_insight.forecast.costs import YearSpend, interval
from csc_insight.forecast.demand import DemandForecast
from csc_insight.forecast.history import FloatArray
from csc_insight.forecast.simulate import Forecast
from csc_insight.forecast.targets import RunOff, TargetResult


def _d(d: date | None) -> str:
    return f"{d:%d/%m/%Y}" if d else "not within the horizon"


def table(header: list[str], rows: list[list[str]]) -> str:
    """Columns padded to their widest cell; numbers right-aligned."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(r: list[str]) -> str:
        cells = [
            c.rjust(w) if c[:1].isdigit() or c[:1] in "-+£" else c.ljust(w)
            for c, w in zip(r, widths, strict=True)
        ]
        return "  ".join(cells).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def fan(f: Forecast, group: int | None, every: int = 3, level: float = 0.8) -> str:
    """Median and interval of children in care at every ``every``-th month end."""
    s = f.series(group)
    lo, hi = 50 - level * 50, 50 + level * 50
    q = np.percentile(s, [lo, 50, hi], axis=0)
    shown = list(range(0, len(f.months), every))
    if shown[-1] != len(f.months) - 1:
        shown.append(len(f.months) - 1)  # the horizon, always
    rows = [
        [f"{f.months[i]:%d/%m/%Y}", f"{q[1, i]:.0f}", f"{q[0, i]:.0f}–{q[2, i]:.0f}"] for i in shown
    ]
    name = "all children" if group is None else states.GROUPS[group]
    return table(["month end", f"{name}: median", f"{level:.0%} interval"], rows)


def by_category(f: Forecast, group: int, at: int) -> str:
    rows = []
    for c, name in enumerate(states.CATEGORIES):
        s = f.series(group, c)
        rows.append([name, f"{s[0, 0]}", f"{np.median(s[:, at]):.0f}"])
    return table(["placement", f"{f.months[0]:%d/%m/%Y}", f"{f.months[at]:%d/%m/%Y} median"], rows)


def target(r: TargetResult) -> str:
    head = (
        f"{r.group} children in care ≤ {r.threshold:g} on {_d(r.when)}: "
        f"P = {r.baseline:.0%} under the baseline (median {r.median:.0f})"
    )
    rows = []
    for (lever, chance), m in sorted(r.needed.items()):
        what = "entries to care" if lever == "entries" else "leaving care"
        rows.append([what, f"{chance:.0%}", "out of range" if m is None else f"× {m:.2f}"])
    return head + "\n\n" + table(["rate changed", "probability", "multiplier needed"], rows)


def runoff(rs: list[RunOff]) -> str:
    rows = [
        [
            f"{r.arrivals:.0%}",
            f"{r.share:.2%} ({r.threshold:.0f})",
            _d(r.median_date),
            f"{_d(r.early)} – {_d(r.late)}",
        ]
        for r in rs
    ]
    pop = rs[0].population if rs else 0
    return f"under-18 population {pop:,}\n\n" + table(
        ["arrivals (of the window's rate)", "below", "median date", "80% range"], rows
    )


def backtest(summary: list[Summary]) -> str:
    rows = [
        [f"{s.horizon}", s.series, f"{s.mape:.1%}", f"{s.coverage:.0%}", f"{s.n}"] for s in summary
    ]
    return table(["months ahead", "series", "MAPE", "80% coverage", "points"], rows)


def compare(names: list[str], forecasts: list[Forecast], group: int | None, at: int) -> str:
    rows = []
    for name, f in zip(names, forecasts, strict=True):
        s = f.series(group)[:, at]
        lo, med, hi = np.percentile(s, [10, 50, 90])
        rows.append([name, f"{med:.0f}", f"{lo:.0f}–{hi:.0f}"])
    when = f"{forecasts[0].months[at]:%d/%m/%Y}" if forecasts else ""
    return table(["scenario", f"median {when}", "80% interval"], rows)


def spend(years: list[YearSpend]) -> str:
    """Spend per financial year, £ thousands: median and 80% interval."""

    def cell(x: FloatArray) -> str:
        lo, med, hi = interval(x)
        return f"{med:,.0f} ({lo:,.0f}–{hi:,.0f})"

    rows = [
        [y.year + ("" if y.months == 12 else f" ({y.months} months)"), cell(y.local),
         cell(y.uasc_placements), f"{y.uasc_staffing:,.0f}", f"{y.uasc_running:,.0f}",
         cell(-y.home_office), cell(y.uasc_net)]
        for y in years
    ]  # fmt: skip
    return "£ thousands: median (80% interval)\n\n" + table(
        ["year", "local placements", "UASC placements", "UASC staffing", "UASC running",
         "Home Office grant", "UASC net"],
        rows,
    )  # fmt: skip


def demand(name: str, f: DemandForecast, every: int = 1) -> str:
    q = f.interval()
    rows = [
        [f"{m:%b %Y}", f"{q[1, i]:,.0f}", f"{q[0, i]:,.0f}–{q[2, i]:,.0f}"]
        for i, m in enumerate(f.months)
        if i % every == 0
    ]
    return table(["month", f"{name}: median", "80% interval"], rows)


def demand_backtest(name: str, rows: list[tuple[str, float, float, int]]) -> str:
    return table(
        ["series", "months ahead", "MAPE", "80% coverage", "points"],
        [[name, a, f"{m:.1%}", f"{c:.0%}", f"{n}"] for a, m, c, n in rows],
    )


def caseloads(results: list[CaseloadResult]) -> str:
    rows = []
    for r in results:
        lo, med, hi = np.percentile(r.caseload[:, -1], [10, 50, 90])
        rows.append([
            r.service.name, f"{r.service.cases:,}", f"{r.service.posts_fte:.1f}",
            f"{r.workers:.1f}", f"{r.caseload[0, 0]:.1f}", f"{med:.1f} ({lo:.1f}–{hi:.1f})",
            "" if r.service.target is None else f"{r.service.target:g}", f"{r.breach():.0%}",
            r.driver,
        ])  # fmt: skip
    when = f"{results[0].months[-1]:%d/%m/%Y}" if results else ""
    vac = f"{results[0].vacancy:.0%}" if results else ""
    return f"{vac} of posts held vacant\n\n" + table(
        ["service", "cases", "posts FTE", "workers", "caseload now", f"caseload {when}",
         "target", "P(above)", "driver"],
        rows,
    )  # fmt: skip
