"""Partner figures entered by an analyst (SYV 1, RR 1, RR 2): each month's latest entry, worked
out by hand; a later entry supersedes an earlier one; longer periods add the months."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from csc_insight.indicators import catalogue, children, periods
from csc_insight.reports import show
from tests.indicators.helpers import d, monthly, period_value, store_with


def entry(
    measure: str,
    month: str,
    on: str,
    *,
    who: str = "A. Analyst",
    value: float | None = None,
    num: float | None = None,
    den: float | None = None,
) -> dict[str, Any]:
    m = d(month + "-01")
    return {
        "efig_entry_id": f"{measure}-{m:%Y%m}-{d(on):%Y%m%d}",
        "efig_measure_id": measure,
        "efig_month": m,
        "efig_value": value,
        "efig_numerator": num,
        "efig_denominator": den,
        "efig_source": "POLICE" if measure == "SYV_VICTIMS" else "SAFEGUARDING_PARTNERSHIP",
        "efig_entered_by": who,
        "efig_entered_on": d(on),
    }


def figures(*rows: dict[str, Any]) -> duckdb.DuckDBPyConnection:
    return store_with({"ext_entered_figures": list(rows)})


def test_syv_is_each_month_s_latest_entry() -> None:
    con = figures(
        entry("SYV_VICTIMS", "2021-01", "2021-02-05", value=38),
        # February entered on its last day (a leap year's would be the 29th), then revised.
        entry("SYV_VICTIMS", "2021-02", "2021-02-28", value=30),
        entry("SYV_VICTIMS", "2021-02", "2021-03-20", who="B. Analyst", value=33),
        # A file reloaded later with an older entry does not win: the latest Entered on does.
        entry("SYV_VICTIMS", "2021-03", "2021-04-30", value=41),
        entry("SYV_VICTIMS", "2021-03", "2021-04-06", value=45),
        entry("RAPID_REVIEWS", "2021-02", "2021-03-05", value=2),  # another measure
    )
    got = monthly(con, "SYV 1", "2020-12", "2021-03")
    assert {k: v[0] for k, v in got.items()} == {
        "2020-12": None,  # no entry: no figure, never 0 (no victims is a figure of its own)
        "2021-01": 38,
        "2021-02": 33,
        "2021-03": 41,
    }
    assert got["2020-12"] == (None, None, None)
    assert period_value(con, "SYV 1", "2021-01", "2021-03", "2020-21 Q4")[0] == 38 + 33 + 41
    # A period missing a month's entry has no figure either: October and November entered,
    # December not, so the third quarter has none, not October's and November's sum.
    con.executemany(
        "INSERT INTO ext_entered_figures (efig_entry_id, efig_measure_id, efig_month, efig_value,"
        " efig_source, efig_entered_by, efig_entered_on) VALUES (?, 'SYV_VICTIMS', ?, ?,"
        " 'POLICE', 'A. Analyst', ?)",
        [
            ["oct", d("2020-10-01"), 20, d("2020-11-03")],
            ["nov", d("2020-11-01"), 25, d("2020-12-02")],
        ],
    )
    assert period_value(con, "SYV 1", "2020-10", "2021-03", "2020-21 Q3") == (None, None, None)
    assert period_value(con, "SYV 1", "2020-10", "2021-03", "2020-21 Q4")[0] == 38 + 33 + 41


def test_rapid_reviews_add_up_over_the_year() -> None:
    reviews = {"2019-04": 1, "2019-09": 2, "2019-12": 1, "2020-03": 3}
    months = [f"{m:%Y-%m}" for m in (d(f"2019-{n:02d}-01") for n in range(4, 13))]
    months += ["2020-01", "2020-02", "2020-03"]
    rows = [entry("RAPID_REVIEWS", m, f"{m}-28", value=reviews.get(m, 0)) for m in months]
    rows[-1] = entry("RAPID_REVIEWS", "2020-03", "2020-03-31", value=3)  # on the month end
    assert period_value(figures(*rows), "RR 1", "2019-04", "2020-03", "2019-20")[0] == 7
    # The year with one month not entered (August) has no figure: not 7 as if August had none.
    del rows[4]
    assert period_value(figures(*rows), "RR 1", "2019-04", "2020-03", "2019-20")[0] is None


def test_rr2_adds_numerators_and_denominators_not_percentages() -> None:
    con = figures(
        entry("RAPID_REVIEWS_15WD", "2021-01", "2021-02-04", num=1, den=1),
        entry("RAPID_REVIEWS_15WD", "2021-02", "2021-03-04", num=1, den=3),
        # corrected: one more completed in time than first entered
        entry("RAPID_REVIEWS_15WD", "2021-02", "2021-03-18", num=2, den=3),
        entry("RAPID_REVIEWS_15WD", "2021-03", "2021-04-01", num=0, den=0),  # none completed
    )
    got = monthly(con, "RR 2", "2021-01", "2021-03")
    assert got["2021-01"] == (1, 1, 100.0)
    assert got["2021-02"][:2] == (2, 3)
    assert got["2021-03"] == (0, 0, None)
    num, den, value = period_value(con, "RR 2", "2021-01", "2021-03", "2020-21 Q4")
    assert (num, den) == (3, 4) and value == 75.0  # not the mean of 100% and 67%


def test_the_evidence_is_the_entry_counted_with_who_and_when() -> None:
    con = figures(
        entry("SYV_VICTIMS", "2021-02", "2021-03-05", value=30),
        entry("SYV_VICTIMS", "2021-02", "2021-03-20", who="B. Analyst", value=33),
    )
    ind = catalogue.get("SYV 1")
    p = periods.Period("2021-02", "month", date(2021, 2, 1), date(2021, 2, 28))
    got = children.listing(con, ind, p, user="tester")
    (row,) = got.rows
    r = dict(zip(got.columns, row, strict=True))
    assert r["subject_id"] == "SYV_VICTIMS-202102-20210320"
    assert (r["value"], r["entered_by"], r["entered_on"], r["source"]) == (
        33,
        "B. Analyst",
        date(2021, 3, 20),
        "POLICE",
    )
    assert (r["earlier_entries"], r["previous_value"]) == (1, 30)
    assert got.numerator == 33


def test_csc_show_says_a_figure_was_not_entered(tiny_borough_store: Path) -> None:
    """The tiny borough ends in March 2021, whose entries come in April: not entered yet."""
    march = show.show_text("SYV 1", "2021-03", tiny_borough_store).splitlines()
    assert (
        march[2]
        == "Value:       none: not entered for every month of the period (no figure, not 0)"
    )
    february = show.show_text("SYV 1", "2021-02", tiny_borough_store).splitlines()
    assert february[2].split()[1].isdigit()
