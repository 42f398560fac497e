"""The synthetic borough's entered figures: what an analyst would have entered, month by month.

``demo_figures`` gives the rows of ext_entered_figures for the months from ``first`` to ``last``:
serious youth violence as the police report it (about 38 victims a month in a borough of the
seed's size, with the seasonal rise of the summer and autumn), rapid reviews (about seven a year,
as the seed's 2019-20) and how many of them were completed within 15 working days. Each month's
figures are entered by one of two made-up analysts between the 3rd and the 12th of the month
after; now and then the police revise a month's figure and it is entered again a few weeks
later, so the history of entries is there to see. Deterministic for a seed.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from typing import Any

import duckdb

from csc_insight.store import schema

ANALYSTS = ("A. Okafor (performance)", "J. Whitfield (performance)")
#: Serious youth violence victims in a month, for a borough of the seed's size (seed 004: 38 in
#: November 2017), before the seasonal swing.
SYV_PER_MONTH = 36.0
RAPID_REVIEWS_PER_YEAR = 7.0


def _months(first: date, last: date) -> list[date]:
    out, m = [], first.replace(day=1)
    while m <= last:
        out.append(m)
        m = (m + timedelta(days=32)).replace(day=1)
    return out


def _poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method: small means only (a month's rapid reviews)."""
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _row(
    measure: str, month: date, on: date, who: str, source: str, note: str | None, **figure: int
) -> dict[str, Any]:
    return {
        "efig_entry_id": f"{measure}-{month:%Y%m}-{on:%Y%m%d}",
        "efig_measure_id": measure,
        "efig_month": month,
        "efig_value": figure.get("value"),
        "efig_numerator": figure.get("numerator"),
        "efig_denominator": figure.get("denominator"),
        "efig_source": source,
        "efig_entered_by": who,
        "efig_entered_on": on,
        "efig_note": note,
    }


def demo_figures(
    first: date, last: date, *, seed: int = 0, scale: float = 1.0, today: date | None = None
) -> list[dict[str, Any]]:
    """The entered figures for the months ``first`` to ``last`` (each entered after its month,
    none after ``today``). ``scale``: the borough's size against the seed's (1.0)."""
    rng = random.Random(f"entered-figures-{seed}")
    today = today or date.today()
    rows: list[dict[str, Any]] = []
    for month in _months(first, last):
        after = (month + timedelta(days=32)).replace(day=1)
        on = after + timedelta(days=rng.randint(2, 11))
        if on > today:
            continue
        who = rng.choice(ANALYSTS)
        season = 1 + 0.2 * math.sin(2 * math.pi * (month.month - 5) / 12)
        syv = max(0, round(rng.gauss(SYV_PER_MONTH * scale * season, 5 * math.sqrt(scale))))
        note = "Police monthly serious youth violence return"
        rows.append(_row("SYV_VICTIMS", month, on, who, "POLICE", note, value=syv))
        if rng.random() < 0.15:  # the police revise the month: entered again, the first kept
            later = on + timedelta(days=rng.randint(14, 35))
            if later <= today:
                revised = max(0, syv + rng.choice((-3, -2, -1, 1, 2, 4)))
                why = f"Revised by the police (first given as {syv})"
                rows.append(
                    _row(
                        "SYV_VICTIMS",
                        month,
                        later,
                        rng.choice(ANALYSTS),
                        "POLICE",
                        why,
                        value=revised,
                    )
                )
        reviews = _poisson(rng, RAPID_REVIEWS_PER_YEAR * max(scale, 0.1) / 12)
        note = "Safeguarding practice review group minutes"
        rows.append(
            _row("RAPID_REVIEWS", month, on, who, "SAFEGUARDING_PARTNERSHIP", note, value=reviews)
        )
        # Entered every month, 0 of 0 where there were none: a month left blank is a figure
        # not entered (the indicators' empty_month: missing), not a month without reviews.
        in_time = sum(rng.random() < 0.8 for _ in range(reviews))
        rows.append(
            _row(
                "RAPID_REVIEWS_15WD",
                month,
                on,
                who,
                "SAFEGUARDING_PARTNERSHIP",
                note,
                numerator=in_time,
                denominator=reviews,
            )
        )
    return rows


def insert_demo_figures(
    con: duckdb.DuckDBPyConnection, first: date, last: date, **options: Any
) -> int:
    """Insert ``demo_figures(first, last, **options)`` into ext_entered_figures; returns how many."""
    rows = demo_figures(first, last, **options)
    cols = schema.table("ext_entered_figures").columns
    con.executemany(
        f"INSERT INTO ext_entered_figures ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
        [[r[c] for c in cols] for r in rows],
    )
    return len(rows)
