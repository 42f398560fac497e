"""The council's monthly education figures as indicators (catalogue/education.yaml), worked out
by hand: a month's figure is the value entered for it; a month entered as not published, or not
entered, has none (never 0); a flow adds its months, a percentage's longer period is the mean
of its months, a snapshot takes its last month; a longer period missing a month has none."""

from __future__ import annotations

from typing import Any

import duckdb
import pytest

from csc_insight.indicators import catalogue
from tests.indicators.helpers import d, monthly, period_value, store_with


def fig(measure: str, month: str, value: float | None, note: str | None = None) -> dict[str, Any]:
    m = d(month + "-01")
    return {
        "edu_figure_id": f"{measure}-{m:%Y%m}",
        "edu_measure_id": measure,
        "edu_month": m,
        "edu_value": value,  # None: entered as "not published"
        "edu_taken_from": "Capita One",
        "edu_note": note,
    }


def figures(*rows: dict[str, Any]) -> duckdb.DuckDBPyConnection:
    return store_with({"ext_education_figures": list(rows)})


def test_exclusions_are_each_month_s_figure_and_a_not_published_month_is_none() -> None:
    con = figures(
        fig("EXC 1", "2020-01", 120),
        fig("EXC 1", "2020-02", 95),  # February of a leap year: its figure is for the month
        fig("EXC 1", "2020-03", 60),
        fig("EXC 1", "2020-04", None, "schools shut: no exclusions recorded"),
        fig("EXC 2", "2020-01", 3),  # another measure
    )
    got = monthly(con, "EXC 1", "2019-12", "2020-05")
    assert {k: v[0] for k, v in got.items()} == {
        "2019-12": None,  # not entered: no figure
        "2020-01": 120,
        "2020-02": 95,
        "2020-03": 60,
        "2020-04": None,  # not published: no figure, never 0
        "2020-05": None,
    }
    assert got["2020-04"] == (None, None, None)
    # The quarter January to March adds its months; the financial year 2019-20 misses April 2019
    # to December 2019, and 2020-21's first quarter is all not published or not entered.
    assert period_value(con, "EXC 1", "2019-04", "2020-06", "2019-20 Q4")[0] == 120 + 95 + 60
    assert period_value(con, "EXC 1", "2019-04", "2020-06", "2019-20") == (None, None, None)
    assert period_value(con, "EXC 1", "2019-04", "2020-06", "2020-21 Q1") == (None, None, None)


def test_a_percentage_s_quarter_is_the_mean_of_its_months() -> None:
    con = figures(
        fig("ATT 2", "2020-10", 91.5),
        fig("ATT 2", "2020-11", 88.0),
        fig("ATT 2", "2020-12", 86.2),
        fig("ATT 2", "2021-01", 40.1),
        fig("ATT 2", "2021-02", None),  # not published
        fig("ATT 2", "2021-03", 92.0),
    )
    got = monthly(con, "ATT 2", "2020-10", "2021-03")
    assert got["2020-10"] == (91.5, 100.0, pytest.approx(91.5))
    num, den, value = period_value(con, "ATT 2", "2020-10", "2021-03", "2020-21 Q3")
    assert (num, den) == (pytest.approx(91.5 + 88.0 + 86.2), 300.0)
    assert value == pytest.approx((91.5 + 88.0 + 86.2) / 3)
    # A quarter with a month not published has no figure, not the mean of the other two.
    assert period_value(con, "ATT 2", "2020-10", "2021-03", "2020-21 Q4") == (None, None, None)


def test_a_snapshot_takes_its_last_month_and_none_when_that_month_has_none() -> None:
    con = figures(
        fig("SCH 3", "2020-10", 91),
        fig("SCH 3", "2020-11", 91),
        fig("SCH 3", "2020-12", 90),
        fig("SCH 3", "2021-01", 90),
        fig("SCH 3", "2021-02", 89),
        fig("SCH 3", "2021-03", None),
        fig("CME 1", "2021-03", 0),  # a real nought: no children missing education
    )
    assert period_value(con, "SCH 3", "2020-10", "2021-03", "2020-21 Q3")[2] == 90
    # The last month of the fourth quarter was not published: the quarter has no figure, not
    # February's.
    assert period_value(con, "SCH 3", "2020-10", "2021-03", "2020-21 Q4") == (None, None, None)
    assert monthly(con, "CME 1", "2021-03", "2021-03")["2021-03"] == (0, None, 0)


def test_every_education_indicator_is_a_figure_entered_never_a_nought_when_missing() -> None:
    education = [i for i in catalogue.load() if i.area == "education"]
    assert len(education) == 20
    for ind in education:
        assert ind.empty_month == "missing" and ind.tables == ("ext_education_figures",)
        assert f"'{ind.id}'" in ind.sql  # each reads its own measure's figures only
    con = figures(*(fig(i.id, "2021-03", 7) for i in education))
    for ind in education:
        num, den, value = monthly(con, ind.id, "2021-03", "2021-03")["2021-03"]
        assert num == 7 and value == pytest.approx(7)
        assert den == (100.0 if ind.unit == "percent" else None)
