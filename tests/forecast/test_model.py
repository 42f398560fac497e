"""The model's shared pieces: the children in care month by month over the reference window."""

from __future__ import annotations

from datetime import date

import numpy as np

from csc_insight.forecast import states
from csc_insight.forecast.history import Spells, day
from csc_insight.forecast.model import Fitted, in_care_by_month
from tests.forecast.helpers import ORIGIN, rates, start

NAN = float("nan")


def _spells(rows: list[tuple[int, float, date, date | None]], records_from: date) -> Spells:
    """One spell a child: (group, date of birth as days, start, end or None while open)."""
    n = len(rows)
    return Spells(
        child=np.arange(n),
        group=np.array([g for g, *_ in rows]),
        dob=np.array([dob for _, dob, *_ in rows]),
        start=np.array([float(day(s)) for _, _, s, _ in rows]),
        end=np.array([NAN if e is None else float(day(e)) for *_, e in rows]),
        cat=np.zeros(n, dtype=np.int64),
        enters=np.ones(n, dtype=bool),
        leaves=np.array([e is not None for *_, e in rows]),
        next_cat=np.full(n, -1),
        records_from=float(day(records_from)),
        records_to=float(day(ORIGIN)),
    )


def test_children_in_care_are_counted_at_each_month_end_of_the_window() -> None:
    years = states.DAYS_PER_YEAR
    rows = [
        (states.LOCAL, day(ORIGIN) - 5 * years, date(2019, 6, 1), None),  # in care throughout
        (states.LOCAL, day(ORIGIN) - 9 * years, date(2020, 2, 10), date(2020, 3, 15)),  # February
        (states.UASC, day(ORIGIN) - 16 * years, date(2019, 1, 1), None),
        # 18 on 1 March 2020: still in care on paper, but counted no more
        (states.LOCAL, day(date(2020, 3, 1)) - 18 * years, date(2018, 1, 1), None),
        # left on 31 January: not in care at the end of that day
        (states.LOCAL, day(ORIGIN) - 3 * years, date(2019, 1, 1), date(2020, 1, 31)),
    ]
    spells = _spells(rows, records_from=date(2020, 1, 15))
    f = Fitted(spells, start([], []), rates(), ORIGIN, date(2019, 12, 31))
    # 31 December 2019 is before the records begin: left out, not drawn as no children
    assert in_care_by_month(f) == [
        (date(2020, 1, 31), 2, 1),
        (date(2020, 2, 29), 3, 1),
        (date(2020, 3, 31), 1, 1),
    ]
