"""Months without the look-back their measure needs: marked, and kept out of limits and signals."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import pytest

from csc_insight.indicators import catalogue, engine, periods, spc
from csc_insight.indicators.engine import Row
from csc_insight.store.load import ingest
from csc_insight.synth.outputs import write_outputs

from .helpers import d


@pytest.mark.parametrize(
    ("loaded_from", "months", "first_full"),
    [
        ("2016-04-01", 12, "2017-04-01"),  # FD 8 on data from the first of a month
        ("2016-04-02", 12, "2017-04-01"),  # the first record's month counts as loaded whole
        ("2016-04-30", 0, "2016-04-01"),
        ("2016-04-01", 0, "2016-04-01"),  # no look-back: the first month is whole
        ("2016-02-29", 1, "2016-03-01"),  # a leap day
        ("2019-12-31", 3, "2020-03-01"),  # across a year end
        ("2019-04-01", 24, "2021-04-01"),  # CP 11's two years
    ],
)
def test_first_month_with_full_history(loaded_from: str, months: int, first_full: str) -> None:
    ind = replace(catalogue.get("FD 8"), history_months=months)
    assert engine.full_history_from(ind, d(loaded_from)) == d(first_full)
    assert engine.full_history_from(ind, None) is None


def _month_rows(values: list[float | None], complete_from: int) -> list[Row]:
    out = []
    start = date(2019, 4, 1)
    for n, v in enumerate(values):
        m = periods.add_months(start, n)
        p = periods.Period(f"{m:%Y-%m}", "month", m, periods.month_end(m))
        out.append(Row("FD 8", p, 0, 0, 0, value=v, full_history=n >= complete_from))
    return out


def test_incomplete_months_are_left_out_of_limits_signals_and_marks() -> None:
    # A start-up ramp (2, 4, 6) then a steady series: the ramp must not widen the limits.
    steady = [20.0, 22.0, 21.0, 23.0, 19.0, 22.0, 21.0, 20.0, 22.0, 21.0, 23.0, 20.0, 21.0]
    rows = _month_rows([2.0, 4.0, 6.0, *steady], complete_from=3)
    ind = catalogue.get("FD 8")
    engine._add_signals(ind, rows)
    for r in rows[:3]:
        assert (r.signal, r.assurance, r.limits, r.special_causes) == (None, None, None, None)
    last = rows[-1]
    assert last.limits == pytest.approx(spc.limits(steady))
    assert last.signal == spc.signal(steady, ind.polarity, spc.limits(steady))
    # One mark per month row from the first: the ramp not judged, the rest as the chart's XmR.
    chart = spc.xmr(steady)
    assert chart is not None
    expected = "   " + "".join("+" if f > 0 else "-" if f < 0 else "." for f in chart.flags)
    assert last.special_causes == expected
    # Twelve judged months are needed: the 12th complete month is the first with marks.
    assert rows[3 + 10].special_causes is None and rows[3 + 11].special_causes is not None


def test_a_month_without_a_value_is_not_judged() -> None:
    values: list[float | None] = [float(x) for x in range(20, 33)]
    values[5] = None
    rows = _month_rows(values, complete_from=0)
    engine._add_signals(catalogue.get("FD 8"), rows)
    marks = rows[-1].special_causes
    assert marks is not None and len(marks) == len(values) and marks[5] == " "


def test_compute_marks_the_months_before_each_measures_history(tmp_path: Path) -> None:
    """On the tiny borough (two years from April 2019): FD 8 looks back 12 months, so its months
    to March 2020 are incomplete, and so is every longer period that starts in them; CP 11 looks
    back 24 and has no complete month; a count with no look-back is complete throughout."""
    write_outputs(
        tmp_path / "src",
        size="tiny",
        years=2,
        seed=3,
        end=date(2021, 3, 31),
        formats=["ssd"],
        regimes=[],
    )
    store = tmp_path / "s.duckdb"
    ingest([tmp_path / "src" / "ssd"], store)
    engine.compute(store, only=["FD 8", "CP 11", "FD referrals"])
    con = duckdb.connect(str(store), read_only=True)
    rows = con.execute(
        "SELECT indicator_id, period_type, period_start, full_history, signal FROM results"
    ).fetchall()
    con.close()
    for ident, ptype, start, full, signal in rows:
        if ident == "FD 8":
            assert full == (start >= date(2020, 4, 1)), (ident, ptype, start)
        elif ident == "CP 11":
            assert not full
        else:
            assert full
        if not full:
            assert signal is None
    assert any(r[0] == "FD 8" and r[1] == "month" and r[3] for r in rows)
