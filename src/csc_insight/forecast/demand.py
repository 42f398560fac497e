"""Front-door demand: contacts and referrals by month, with seasonality and intervals.

Contacts and referrals arrive on working days, so a month's count is first divided by its
England working days (bank holidays included, store/calendar.py) over 21: a February or a
month with two bank holidays is not read as a fall in demand, and the forecast gives each
future month its own working days. On that scale the model is a level and a month-of-year
pattern: the season factor of a calendar month is its
mean count over the reference window ÷ the window's mean (shrunk towards 1 when the window has
seen that month only once or twice), the level the mean of the last 12 months' deseasonalised
counts. The spread has three parts: the level's own uncertainty (the residuals' spread ÷ √12),
month-to-month variation beyond Poisson (the residuals' variance less the Poisson part), the
season factors' own uncertainty (the residuals' variance over the months seen) and the Poisson
count itself. There is no trend term: the back-test says how far a flat level carries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import numpy.typing as npt

from csc_insight.forecast.simulate import month_ends

FloatArray = npt.NDArray[np.float64]

SERIES = {
    "contacts": "SELECT cont_contact_date FROM ssd_contacts",
    "referrals": "SELECT cine_referral_date FROM ssd_cin_episodes",
}


@dataclass(frozen=True)
class Monthly:
    """Counts by calendar month, each month ending on ``months[i]``."""

    months: list[date]
    counts: FloatArray

    def up_to(self, origin: date) -> Monthly:
        keep = [i for i, m in enumerate(self.months) if m <= origin]
        return Monthly([self.months[i] for i in keep], self.counts[keep])


def read_monthly(con: duckdb.DuckDBPyConnection, series: str) -> Monthly:
    """Whole months of one series, from the first month the store's records cover fully to the
    last (a part month at either end would read as a fall in demand). Records start with the
    first contact: an extract carries older referrals only of children known since."""
    since = "(SELECT coalesce(min(cont_contact_date), DATE '1900-01-01') FROM ssd_contacts)"
    inner = f"SELECT * FROM ({SERIES[series]}) t(d) WHERE d >= {since}"
    rows = con.execute(
        f"SELECT date_trunc('month', d) AS m, count(*) FROM ({inner}) t(d) "
        "WHERE d IS NOT NULL GROUP BY 1 ORDER BY 1"
    ).fetchall()  # the queries are SERIES' own, never user text
    span = con.execute(f"SELECT min(d), max(d) FROM ({inner}) t(d)").fetchone()
    if not rows or span is None or span[0] is None:
        return Monthly([], np.zeros(0))
    first, last = span
    got = {(r[0].year, r[0].month): float(r[1]) for r in rows}
    ends = month_ends(_month_end(rows[0][0]), _months(rows[0][0], rows[-1][0]))
    if first.day != 1:
        ends = ends[1:]  # the first month is a part month
    if (last.toordinal() + 1) != date(*_next(last.year, last.month), 1).toordinal():
        ends = ends[:-1]
    return Monthly(ends, np.array([got.get((m.year, m.month), 0.0) for m in ends]))


def _next(y: int, m: int) -> tuple[int, int]:
    return (y + 1, 1) if m == 12 else (y, m + 1)


def _month_end(d: date) -> date:
    y, m = _next(d.year, d.month)
    return date.fromordinal(date(y, m, 1).toordinal() - 1)


def _months(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def working_days(month_ends: list[date]) -> FloatArray:
    """England working days in each month ÷ 21 (a typical month's)."""
    if not month_ends:
        return np.zeros(0)
    from csc_insight.store.calendar import england_bank_holidays

    first = month_ends[0].replace(day=1)
    hols = list(england_bank_holidays(first, month_ends[-1]))
    starts = [m.replace(day=1) for m in month_ends]
    ends = [date.fromordinal(m.toordinal() + 1) for m in month_ends]
    return np.busday_count(starts, ends, holidays=hols).astype(float) / 21.0


@dataclass(frozen=True)
class DemandModel:
    level: float  # deseasonalised count a month
    season: FloatArray  # factor per calendar month (index 0 = January), mean 1
    sigma_level: float  # sd of log level
    sigma_extra: float  # sd of month-to-month log variation beyond Poisson
    sigma_season: FloatArray  # sd of each calendar month's log season factor (its estimate's)


def fit(history: Monthly, window_months: int = 36) -> DemandModel:
    """The model from the last ``window_months`` months of ``history``."""
    m = history.months[-window_months:]
    y = history.counts[-window_months:] / working_days(m)
    if len(y) < 3 or y.mean() <= 0:
        raise ValueError("at least 3 months with some demand are needed to forecast it")
    cal = np.array([d.month - 1 for d in m])
    season = np.ones(12)
    for k in range(12):
        seen = y[cal == k]
        if len(seen):
            w = len(seen) / (len(seen) + 1)  # one sighting of a month says little
            season[k] = 1 + w * (seen.mean() / y.mean() - 1)
    season /= season.mean()
    deseason = y / season[cal]
    level = float(deseason[-12:].mean())
    resid = np.log(np.maximum(y, 0.5) / (deseason.mean() * season[cal]))
    # the season factors were fitted to these same months: count them as parameters spent
    spent = 1 + sum(n / (n + 1) for n in np.bincount(cal, minlength=12) if n)
    var = float((resid**2).sum() / max(len(y) - spent, 1.0))
    extra = max(var - 1.0 / level, 0.0)
    # months next to each other move together (a run of busy months): the level's 12 months
    # are worth fewer independent ones, n (1 - rho) / (1 + rho) for lag-1 correlation rho
    r = resid - resid.mean()
    rho = float(np.clip((r[1:] * r[:-1]).sum() / max((r * r).sum(), 1e-12), 0.0, 0.9))
    n_eff = min(12, len(y)) * (1 - rho) / (1 + rho)
    seen_n = np.bincount(cal, minlength=12)
    sigma_season = np.sqrt(var / np.maximum(seen_n, 1))
    return DemandModel(
        level, season, float(np.sqrt(var / n_eff)), float(np.sqrt(extra)), sigma_season
    )


@dataclass(frozen=True)
class DemandForecast:
    months: list[date]  # month ends, 1..horizon after the origin
    sims: FloatArray  # (S, horizon)

    def interval(self, level: float = 0.8) -> FloatArray:
        """(3, horizon): low, median, high."""
        return np.percentile(self.sims, [50 - level * 50, 50, 50 + level * 50], axis=0)


def forecast(
    model: DemandModel, origin: date, horizon: int, sims: int = 1000, seed: int = 0
) -> DemandForecast:
    rng = np.random.default_rng(seed)
    ends = month_ends(origin, horizon)[1:]
    cal = np.array([d.month - 1 for d in ends])
    days = working_days(ends)
    level = model.level * np.exp(rng.normal(0, model.sigma_level, (sims, 1)))
    # one error per simulation and calendar month: a season factor misread stays misread
    season = model.season[None, :] * np.exp(rng.normal(0, 1, (sims, 12)) * model.sigma_season)
    mu = level * season[:, cal] * np.exp(rng.normal(0, model.sigma_extra, (sims, horizon)))
    return DemandForecast(ends, rng.poisson(mu * days[None, :]).astype(float))


@dataclass(frozen=True)
class DemandPoint:
    origin: date
    ahead: int  # months
    actual: float
    low: float
    median: float
    high: float


def backtest(history: Monthly, origins: list[date], horizon: int = 24) -> list[DemandPoint]:
    """Fit on the months up to each origin, forecast each month ahead and compare."""
    out: list[DemandPoint] = []
    actual = dict(zip(history.months, history.counts, strict=True))
    for origin in origins:
        f = forecast(fit(history.up_to(origin)), origin, horizon, 500, seed=1)
        q = f.interval()
        for i, m in enumerate(f.months):
            if m in actual:
                out.append(DemandPoint(origin, i + 1, actual[m], q[0, i], q[1, i], q[2, i]))
    return out


def summarise(
    points: list[DemandPoint], bands: tuple[tuple[int, int], ...] = ((1, 12), (13, 24))
) -> list[tuple[str, float, float, int]]:
    """(months ahead, MAPE, 80% coverage, points) for each band of months ahead."""
    out = []
    for a, b in bands:
        ps = [p for p in points if a <= p.ahead <= b]
        if ps:
            ape = np.mean([abs(p.median - p.actual) / max(p.actual, 1) for p in ps])
            cov = np.mean([p.low <= p.actual <= p.high for p in ps])
            out.append((f"{a}-{b}", float(ape), float(cov), len(ps)))
    return out
