"""Reporting periods built from months."""

from __future__ import annotations

from datetime import date

from csc_insight.indicators.periods import all_periods, month_end


def test_month_ends_including_leap_february() -> None:
    assert month_end(date(2020, 2, 10)) == date(2020, 2, 29)
    assert month_end(date(2021, 2, 1)) == date(2021, 2, 28)
    assert month_end(date(2020, 12, 5)) == date(2020, 12, 31)


def test_period_types_from_two_years_of_months() -> None:
    ps = {p.period_id: p for p in all_periods(date(2019, 4, 1), date(2021, 3, 31))}
    assert ps["2020-21"].period_start == date(2020, 4, 1) and ps["2020-21"].period_end == date(
        2021, 3, 31
    )
    assert ps["2020-21 Q1"].period_start == date(2020, 4, 1) and ps[
        "2020-21 Q1"
    ].period_end == date(2020, 6, 30)
    assert ps["2020-21 Q4"].period_start == date(2021, 1, 1)
    assert ps["2020-21 YTD 2020-12"].period_start == date(2020, 4, 1)
    assert ps["R12 2021-02"].period_start == date(2020, 3, 1)
    assert "R12 2020-02" not in ps  # would start before the data
    counts = {}
    for p in ps.values():
        counts[p.period_type] = counts.get(p.period_type, 0) + 1
    assert counts == {"month": 24, "fytd": 24, "r12": 13, "quarter": 8, "year": 2}


def test_periods_starting_mid_year_have_no_partial_year() -> None:
    ps = {p.period_id for p in all_periods(date(2020, 6, 15), date(2021, 3, 31))}
    assert "2020-21" not in ps and "2020-21 YTD 2020-06" not in ps
    assert "2020-21 Q1" not in ps  # April and May are before the data
    assert "2020-21 Q2" in ps  # July to September is whole
