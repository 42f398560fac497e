"""The model fitted to a store: its spells, the children in care at the origin and the rates from
the reference window, with the defaults the command line and the dashboard's Forecast page share
(the origin: the last month end the records reach; the window: the two years before it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import duckdb

from csc_insight.errors import CscError
from csc_insight.forecast import history, rates, states
from csc_insight.forecast.history import Spells
from csc_insight.forecast.rates import Rates
from csc_insight.forecast.simulate import Start, month_ends
from csc_insight.forecast.targets import months_between


@dataclass(frozen=True)
class Fitted:
    spells: Spells
    start: Start
    rates: Rates
    origin: date
    window_from: date


def month_end_on_or_before(d: date) -> date:
    return d if (d + timedelta(days=1)).day == 1 else d.replace(day=1) - timedelta(days=1)


def read(con: duckdb.DuckDBPyConnection, where: object) -> Spells:
    """The store's spells; refused, naming ``where``, when it holds no child in care."""
    spells = history.read_spells(con)
    if not len(spells):
        raise CscError(f"{where} holds no placements of children looked after to forecast from")
    return spells


def fit(
    spells: Spells, origin: date | None = None, window_from: date | None = None,
    draws: int = 200, seed: int = 1,
) -> Fitted:  # fmt: skip
    """Rates from the window (``window_from``, ``origin``], each defaulted as the commands do;
    refused, in words, when the window is not within the records."""
    last = history.from_day(spells.records_to)
    o = origin or month_end_on_or_before(last)
    w0 = window_from or month_end_on_or_before(date(o.year - 2, o.month, 1) + timedelta(31))
    if w0 >= o:
        raise CscError(f"the reference window must start before the origin {o:%d/%m/%Y}")
    lo = max(history.day(w0), spells.records_from)
    if history.day(o) > spells.records_to + 0.5:
        raise CscError(f"the origin {o:%d/%m/%Y} is after the records end ({last:%d/%m/%Y})")
    if lo >= history.day(o):
        first = history.from_day(spells.records_from)
        raise CscError(f"the origin {o:%d/%m/%Y} is not after the records begin ({first:%d/%m/%Y})")
    if draws < 0:
        raise CscError("the draws of the rates are 0 or more")
    r = rates.estimate(spells, lo, history.day(o), draws=draws, seed=seed)
    return Fitted(spells, Start.from_spells(spells, o), r, o, w0)


def in_care_by_month(f: Fitted) -> list[tuple[date, int, int]]:
    """Children in care, local and UASC, at each month end of the reference window up to the
    origin: the line a fan chart draws before the forecast (the dashboard's Forecast page and the
    pack's forecast section). Month ends before the records begin are left out, not drawn as 0."""
    first = month_end_on_or_before(f.window_from)
    out = []
    for m in month_ends(first, months_between(first, f.origin)):
        if history.day(m) >= f.spells.records_from:
            stock = f.spells.stock(history.day(m)).sum(axis=(1, 2))
            out.append((m, int(stock[states.LOCAL]), int(stock[states.UASC])))
    return out
