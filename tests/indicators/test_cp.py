"""Child protection indicators on hand-built children.

Working days are counted as the calendar does: from a to b is wdn(b) - wdn(a), so day a is not
counted and day b is; weekends and England bank holidays are skipped.
"""

from __future__ import annotations

from typing import Any

import pytest

from csc_insight.indicators import catalogue, engine, periods, rag, settings
from tests.indicators.helpers import d, monthly, period_value, store_with


def s47(sid: str, person: str, start: str) -> dict[str, Any]:
    return {"s47e_s47_enquiry_id": sid, "s47e_person_id": person, "s47e_s47_start_date": d(start)}


def icpc(
    cid: str, person: str, held: str, s47_id: str | None, transfer_in: str = "N"
) -> dict[str, Any]:
    return {
        "icpc_icpc_id": cid,
        "icpc_person_id": person,
        "icpc_icpc_date": d(held),
        "icpc_s47_enquiry_id": s47_id,
        "icpc_icpc_transfer_in": transfer_in,
    }


def plan(
    person: str, start: str, end: str | None = None, ola: str = "N", pid: str = ""
) -> dict[str, Any]:
    return {
        "cppl_cp_plan_id": pid or f"{person}-{start}",
        "cppl_person_id": person,
        "cppl_cp_plan_start_date": d(start),
        "cppl_cp_plan_end_date": d(end) if end else None,
        "cppl_cp_plan_ola": ola,
    }


def visit(person: str, on: str, seen: str = "Y") -> dict[str, Any]:
    return {
        "cppv_cp_visit_id": f"{person}-{on}",
        "cppv_person_id": person,
        "cppv_cp_visit_date": d(on),
        "cppv_cp_visit_seen": seen,
    }


def subject_ids(con: Any, indicator_id: str, first: str, last: str, period_id: str) -> list[str]:
    ind = catalogue.get(indicator_id)
    every = periods.all_periods(d(first + "-01"), periods.month_end(d(last + "-01")))
    (p,) = [p for p in every if p.period_id == period_id]
    return [sid for _, sid, _, _ in engine.subjects(con, ind, p)]


# --- CP 5: ICPC within 15 working days of the strategy discussion --------------------------------


def test_cp5_bank_holiday_8_may_2020() -> None:
    # Strategy discussion Tue 5 May 2020. Working days after it: 6 (1), 7 (2), [Fri 8 May is the
    # VE-day bank holiday], 11-15 (3-7), 18-22 (8-12), [25 May spring bank holiday], 26 (13),
    # 27 (14), 28 (15), 29 (16). So 28 May is 15 working days (in time), 29 May is 16 (late).
    # A calendar with the holiday on 4 May instead would make 28 May the 16th: late.
    con = store_with(
        {
            "ssd_s47_enquiry": [s47("S1", "A", "2020-05-05"), s47("S2", "B", "2020-05-05")],
            "ssd_initial_cp_conference": [
                icpc("I1", "A", "2020-05-28", "S1"),
                icpc("I2", "B", "2020-05-29", "S2"),
            ],
        }
    )
    assert monthly(con, "CP 5", "2020-05", "2020-05")["2020-05"] == (1, 2, 50.0)


def test_cp5_christmas_and_year_end() -> None:
    # Strategy Fri 18 Dec 2020. After it: 21-24 Dec (1-4), [25 Christmas, 28 Boxing Day
    # observed], 29-31 Dec (5-7), [1 Jan], 4-8 Jan (8-12), 11 (13), 12 (14), 13 (15), 14 (16).
    # 13 Jan is in time, 14 Jan is late; both count in January 2021.
    con = store_with(
        {
            "ssd_s47_enquiry": [s47("S1", "A", "2020-12-18"), s47("S2", "B", "2020-12-18")],
            "ssd_initial_cp_conference": [
                icpc("I1", "A", "2021-01-13", "S1"),
                icpc("I2", "B", "2021-01-14", "S2"),
            ],
        }
    )
    got = monthly(con, "CP 5", "2020-12", "2021-01")
    assert got["2020-12"] == (0, 0, None)
    assert got["2021-01"] == (1, 2, 50.0)


def test_cp5_easter_and_weekend_strategy_and_same_day() -> None:
    # Easter 2021. Strategy Thu 25 Mar: 26 (1), 29-31 (2-4), 1 Apr (5), [2 Good Friday,
    # 5 Easter Monday], 6-9 (6-9), 12-16 (10-14), 19 (15), 20 (16).
    # Weekend: strategy Sat 6 Mar counts from Fri 5 Mar: 8-12 (1-5), 15-19 (6-10), 22-26 (11-15),
    # 29 (16). Same day: 0 working days, in time.
    con = store_with(
        {
            "ssd_s47_enquiry": [
                s47("S1", "A", "2021-03-25"),
                s47("S2", "B", "2021-03-25"),
                s47("S3", "C", "2021-03-06"),
                s47("S4", "D", "2021-03-06"),
                s47("S5", "E", "2021-03-31"),
            ],
            "ssd_initial_cp_conference": [
                icpc("I1", "A", "2021-04-19", "S1"),  # 15: in time (April)
                icpc("I2", "B", "2021-04-20", "S2"),  # 16: late (April)
                icpc("I3", "C", "2021-03-26", "S3"),  # 15: in time (March)
                icpc("I4", "D", "2021-03-29", "S4"),  # 16: late (March)
                icpc("I5", "E", "2021-03-31", "S5"),  # 0: in time (March, last day of the year)
            ],
        }
    )
    got = monthly(con, "CP 5", "2021-03", "2021-04")
    assert got["2021-03"] == (2, 3, 200 / 3)  # C and E of C, D, E
    assert got["2021-04"] == (1, 2, 50.0)  # A of A, B


def test_cp5_transfer_in_and_missing_s47_are_excluded() -> None:
    con = store_with(
        {
            "ssd_s47_enquiry": [s47("S1", "A", "2021-02-01"), s47("S2", "B", "2021-02-01")],
            "ssd_initial_cp_conference": [
                icpc("I1", "A", "2021-02-03", "S1"),  # in time, counted
                icpc("I2", "B", "2021-02-03", "S2", transfer_in="Y"),  # transfer-in: out
                icpc("I3", "C", "2021-02-03", None),  # no section 47: out
                icpc("I4", "D", "2021-02-03", "S-NOT-LOADED"),  # enquiry not in the store: out
            ],
        }
    )
    assert monthly(con, "CP 5", "2021-02", "2021-02")["2021-02"] == (1, 1, 100.0)
    # CP ICPC counts every conference held, transfer-ins and all.
    assert monthly(con, "CP ICPC", "2021-02", "2021-02")["2021-02"] == (4, None, 4.0)


def test_cp5_year_adds_months_and_tolerance_makes_seed_amber() -> None:
    con = store_with(
        {
            "ssd_s47_enquiry": [s47("S1", "A", "2020-04-01"), s47("S2", "B", "2021-03-01")],
            "ssd_initial_cp_conference": [
                icpc("I1", "A", "2020-04-01", "S1"),  # 1 April 2020: first day of 2020-21, in time
                # 1 Mar to 31 Mar 2021: 22 working days, late.
                icpc("I2", "B", "2021-03-31", "S2"),
            ],
        }
    )
    assert period_value(con, "CP 5", "2020-04", "2021-03", "2020-21") == (1, 2, 50.0)
    ind = catalogue.get("CP 5")
    assert ind.tolerance == 0.15
    # The seed: 2020-21 YTD 69% against 77% is Amber (77 x 0.85 = 65.45 <= 69 < 77).
    assert rag.rag(69, 77, ind.polarity, ind.tolerance) == "Amber"
    assert rag.rag(65, 77, ind.polarity, ind.tolerance) == "Red"


# --- CP 11: second or subsequent plan -----------------------------------------------------------


def test_cp11_previous_plans() -> None:
    con = store_with(
        {
            "ssd_cp_plans": [
                # A: a plan in 2019, a new one in January 2021: second time.
                plan("A", "2019-01-10", "2019-06-01"),
                plan("A", "2021-01-15"),
                # B: the previous plan ended on the day the new one started: still previous.
                plan("B", "2020-06-01", "2021-01-20"),
                plan("B", "2021-01-20"),
                # C: two plans recorded on the same day: one start, first time.
                plan("C", "2021-01-25", pid="C-1"),
                plan("C", "2021-01-25", pid="C-2"),
                # D: first plan, on the last day of the month.
                plan("D", "2021-01-31"),
                # E: a plan held by another LA starting in January: not counted.
                plan("E", "2021-01-05", ola="Y"),
                # F: an earlier plan held by another LA counts as previous.
                plan("F", "2018-03-01", "2018-09-01", ola="Y"),
                plan("F", "2021-01-12"),
            ]
        }
    )
    # Starts in January: A (2nd), B (2nd), C (1st), D (1st), F (2nd): 3 of 5.
    assert monthly(con, "CP 11", "2021-01", "2021-01")["2021-01"] == (3, 5, 60.0)
    assert subject_ids(con, "CP 11", "2021-01", "2021-01", "2021-01") == [
        "A-20210115",
        "B-20210120",
        "C-20210125",
        "D-20210131",
        "F-20210112",
    ]
    # CP starts counts the same five starts.
    assert monthly(con, "CP starts", "2021-01", "2021-01")["2021-01"] == (5, None, 5.0)


def test_cp11_leap_day_and_year() -> None:
    con = store_with(
        {
            "ssd_cp_plans": [
                plan("A", "2020-02-29", "2020-04-30"),  # leap day: a start in February 2020
                plan("A", "2020-04-30"),  # 30 April: second time (April)
                plan("B", "2021-03-31"),  # 31 March: first time (March)
                plan("B", "2021-04-01"),  # 1 April: second time, next financial year
            ]
        }
    )
    got = monthly(con, "CP 11", "2020-02", "2021-04")
    assert got["2020-02"] == (0, 1, 0.0)
    assert got["2020-04"] == (1, 1, 100.0)
    assert got["2021-03"] == (0, 1, 0.0)
    assert got["2021-04"] == (1, 1, 100.0)
    # 2020-21 adds April to March: A's April start (2nd) and B's March start (1st).
    assert period_value(con, "CP 11", "2020-02", "2021-04", "2020-21") == (1, 2, 50.0)
    # The headline, the year to date at 31 March, is that year (the DfE's annual measure), not
    # March's own 0%; at 30 April 2021 it is 2021-22's first month alone.
    assert period_value(con, "CP 11", "2020-04", "2021-04", "2020-21 YTD 2021-03") == (1, 2, 50.0)
    assert period_value(con, "CP 11", "2020-04", "2021-04", "2021-22 YTD 2021-04") == (
        1, 1, 100.0
    )  # fmt: skip


# --- CP 13: visited within 20 working days ------------------------------------------------------


def test_cp13_christmas_window_new_plans_and_exclusions() -> None:
    # Month end Thu 31 Dec 2020. Counting back: 30 (1), 29 (2), [28, 25 bank holidays], 24 (3),
    # 23-21 (4-6), 18-14 (7-11), 11-7 (12-16), 4-1 Dec (17-20), 30 Nov (21).
    # So a visit on 1 Dec is 20 working days old (in time), 30 Nov is 21 (late).
    # A plan starting 10 Dec is 13 working days old at the month end (< 20: new).
    con = store_with(
        {
            "ssd_cp_plans": [
                plan("A", "2020-06-01"),
                plan("B", "2020-06-01"),
                plan("C", "2020-06-01"),
                plan("D", "2020-12-10"),
                plan("E", "2020-12-10"),
                plan("F", "2020-12-01"),
                plan("G", "2020-06-01", "2020-12-31"),  # ended on the month end: not on a plan
                plan("H", "2020-06-01", ola="Y"),  # held by another LA
                plan("J", "2020-06-01"),
            ],
            "ssd_cp_visits": [
                visit("A", "2020-12-01"),  # 20 working days: in time
                visit("B", "2020-11-30"),  # 21: late
                visit("C", "2020-11-20"),
                visit("C", "2020-12-15", seen="N"),  # not seen: does not count
                # D: new plan, not yet seen: left out.
                visit("E", "2020-12-14"),  # new plan, seen: in time
                # F: plan started 20 working days ago, never seen: counted, late.
                visit("G", "2020-12-20"),
                visit("H", "2020-12-20"),
                visit("J", "2021-01-02"),  # after the month end: does not count
            ],
        }
    )
    # Denominator A, B, C, E, F, J (6); numerator A, E (2).
    assert monthly(con, "CP 13", "2020-12", "2020-12")["2020-12"] == (2, 6, 100 / 3)
    assert subject_ids(con, "CP 13", "2020-12", "2020-12", "2020-12") == [
        "A",
        "B",
        "C",
        "E",
        "F",
        "J",
    ]
    # The window is a setting. At 21 working days B is in time, and F's plan (20 working days
    # old) is now new and unvisited, so F leaves the denominator: 3 (A, B, E) of 5.
    assert monthly(con, "CP 13", "2020-12", "2020-12", cp_visit_working_days=21)["2020-12"] == (
        3,
        5,
        60.0,
    )


def test_cp13_weekend_month_end_and_quarter() -> None:
    # Sun 31 Jan 2021 counts from Fri 29 Jan. Back: 28-25 (1-4), 22-18 (5-9), 15-11 (10-14),
    # 8-4 (15-19), [1 Jan], 31 Dec (20), 30 Dec (21).
    con = store_with(
        {
            "ssd_cp_plans": [plan("A", "2020-06-01"), plan("B", "2020-06-01")],
            "ssd_cp_visits": [visit("A", "2020-12-31"), visit("B", "2020-12-30")],
        }
    )
    got = monthly(con, "CP 13", "2021-01", "2021-03")
    assert got["2021-01"] == (1, 2, 50.0)
    assert got["2021-03"] == (0, 2, 0.0)  # nobody seen since
    # A quarter is its last month (snapshot).
    assert period_value(con, "CP 13", "2021-01", "2021-03", "2020-21 Q4") == (0, 2, 0.0)


def test_cp13_jubilee_state_funeral_and_coronation() -> None:
    # Thu 30 Jun 2022: back 29-27 (1-3), 24-20 (4-8), 17-13 (9-13), 10-6 (14-18),
    # [3 Jun jubilee, 2 Jun spring bank holiday], 1 Jun (19), 31 May (20), 30 May (21).
    # Fri 30 Sep 2022: back 29-26 (1-4), 23-20 (5-8), [19 Sep state funeral], 16-12 (9-13),
    # 9-5 (14-18), 2 (19), 1 Sep (20), 31 Aug (21).
    # Wed 31 May 2023: back 30 (1), [29 May bank holiday], 26-22 (2-6), 19-15 (7-11),
    # 12-9 (12-15), [8 May coronation], 5-2 (16-19), [1 May], 28 Apr (20), 27 Apr (21).
    con = store_with(
        {
            "ssd_cp_plans": [plan(p, "2022-01-04") for p in "ABCDEF"],
            "ssd_cp_visits": [
                visit("A", "2022-05-31"),  # June 2022: in time
                visit("B", "2022-05-30"),  # June 2022: late
                visit("C", "2022-09-01"),  # September 2022: in time
                visit("D", "2022-08-31"),  # September 2022: late
                visit("E", "2023-04-28"),  # May 2023: in time
                visit("F", "2023-04-27"),  # May 2023: late
            ],
        }
    )
    got = monthly(con, "CP 13", "2022-06", "2023-05")
    assert got["2022-06"] == (1, 6, 100 / 6)  # A
    assert got["2022-09"] == (1, 6, 100 / 6)  # C
    assert got["2023-05"] == (1, 6, 100 / 6)  # E


# --- volumes and the rate -----------------------------------------------------------------------


def test_cp_volumes_month_ends_and_snapshots() -> None:
    con = store_with(
        {
            "ssd_s47_enquiry": [
                s47("S1", "A", "2021-03-31"),
                s47("S2", "B", "2021-04-01"),
                s47("S3", "C", "2021-04-30"),
            ],
            "ssd_initial_cp_conference": [icpc("I1", "A", "2021-04-14", "S1")],
            "ssd_cp_plans": [
                plan("A", "2021-03-31", "2021-04-30"),  # open at 31 Mar, ended at 30 Apr
                plan("B", "2021-04-01"),  # open at 30 Apr
                plan("B", "2021-04-01", pid="B-dup"),  # a second record: B counts once
                plan("C", "2020-01-01"),  # open throughout
                plan("D", "2021-04-10", ola="Y"),  # another LA's plan
            ],
        }
    )
    s = monthly(con, "CP s47", "2021-03", "2021-04")
    assert s["2021-03"] == (1, None, 1.0) and s["2021-04"] == (2, None, 2.0)
    assert monthly(con, "CP ICPC", "2021-03", "2021-04")["2021-04"] == (1, None, 1.0)
    starts = monthly(con, "CP starts", "2021-03", "2021-04")
    assert starts["2021-03"] == (1, None, 1.0) and starts["2021-04"] == (1, None, 1.0)
    on = monthly(con, "CP children", "2021-03", "2021-04")
    assert on["2021-03"] == (2, None, 2.0)  # A, C
    assert on["2021-04"] == (2, None, 2.0)  # B, C (A ended on 30 April)
    # 2021-22 year to date (April only): flows add, snapshots take the last month.
    assert period_value(con, "CP s47", "2021-03", "2021-04", "2021-22 YTD 2021-04") == (
        2,
        None,
        2.0,
    )
    assert period_value(con, "CP children", "2021-03", "2021-04", "2021-22 YTD 2021-04") == (
        2,
        None,
        2.0,
    )


def population(
    year: int, per_age: int, sex: str = "T", area: str = "E09000008"
) -> list[dict[str, Any]]:
    """Ages 0-18 with ``per_age`` each: 0-17 adds to 18 x per_age; age 18 must be ignored."""
    return [
        {
            "pop_area_code": area,
            "pop_year": year,
            "pop_age": age,
            "pop_sex": sex,
            "pop_count": per_age,
        }
        for age in range(19)
    ]


def test_cp_rate_population_year_rule() -> None:
    con = store_with(
        {
            "ssd_cp_plans": [
                plan("A", "2019-01-01"),
                plan("B", "2019-01-01"),
                plan("C", "2019-01-01"),
            ],
            # mid-2019: 18 x 450 = 8,100 children; mid-2020: 18 x 500 = 9,000.
            # M and F rows for 2020 are ignored because T rows exist.
            "ext_population": population(2019, 450)
            + population(2020, 500)
            + population(2020, 260, "M"),
        }
    )
    got = monthly(con, "CP rate", "2020-03", "2021-03")
    # March 2020 is in 2019-20: mid-2019. 3 / 8,100 x 10,000 = 3.7037...
    assert got["2020-03"] == (3, 8100, pytest.approx(3 / 8100 * 10_000))
    # April 2020 to March 2021 are in 2020-21: mid-2020. 3 / 9,000 x 10,000 = 3.333...
    assert got["2020-04"] == (3, 9000, pytest.approx(3 / 9000 * 10_000))
    assert got["2021-03"] == (3, 9000, pytest.approx(3 / 9000 * 10_000))
    # The population row has no subject: the figure is still three children.
    ind = catalogue.get("CP rate")
    rows = engine.indicator_rows(
        con,
        ind,
        periods.months(d("2021-03-01"), d("2021-03-31")),
        periods.months(d("2021-03-01"), d("2021-03-31")),
        settings.defaults(),
    )
    assert rows[0].subjects == 3


def test_cp_rate_falls_back_and_adds_sexes() -> None:
    con = store_with(
        {
            "ssd_cp_plans": [plan("A", "2019-01-01")],
            # Only mid-2021, as males and females: 18 x (300 + 200) = 9,000.
            "ext_population": population(2021, 300, "M") + population(2021, 200, "F"),
        }
    )
    got = monthly(con, "CP rate", "2021-03", "2022-04")
    # March 2021 (2020-21): no estimate for 2020 or earlier, so the earliest loaded (2021).
    assert got["2021-03"] == (1, 9000, pytest.approx(1 / 9000 * 10_000))
    # April 2022 (2022-23): latest no later than 2022 is 2021.
    assert got["2022-04"] == (1, 9000, pytest.approx(1 / 9000 * 10_000))


def test_cp_rate_without_population_has_no_value() -> None:
    con = store_with({"ssd_cp_plans": [plan("A", "2019-01-01")]})
    assert monthly(con, "CP rate", "2021-03", "2021-03")["2021-03"] == (1, 0, None)


# --- CP 2 years, CP ended: plans ending, and those that had lasted 2 years or more ---------------


def ended_plans_store() -> Any:
    return store_with(
        {
            "ssd_cp_plans": [
                plan("A", "2019-04-01", "2021-04-01"),  # its second anniversary: 2 years
                plan("B", "2019-04-01", "2021-03-31"),  # a day short, on the year's last day
                plan("C", "2020-02-29", "2022-02-28"),  # leap-day start: 2 years on 28 Feb
                plan("D", "2020-03-01", "2022-02-28"),  # a day short
                plan("E", "2018-01-01", "2020-06-30", ola="Y"),  # another LA's: left out
                plan("F", "2018-01-01"),  # still open: not ended
                # G: two plans recorded as ending on one day: one end, from the earlier start.
                plan("G", "2018-01-01", "2021-03-31", pid="G1"),
                plan("G", "2020-06-01", "2021-03-31", pid="G2"),
                plan("H", "2021-03-15", "2021-03-15"),  # started and ended the same day
                # I: a plan of exactly 2 years, then a new plan from the day it ended.
                plan("I", "2018-05-01", "2020-05-01"),
                plan("I", "2020-05-01", "2021-03-10"),
            ]
        }
    )


def test_cp_2_years_anniversaries_leap_day_and_same_day_ends() -> None:
    con = ended_plans_store()
    got = monthly(con, "CP 2 years", "2020-04", "2022-03")
    assert got["2020-05"] == (1, 1, 100.0)  # I's first plan: 2 years to the day
    assert got["2020-06"] == (0, 0, None)  # E is another authority's
    # G of B, G, H and I's second plan (timed on its own: 10 months, not 2 years and 10 months).
    assert got["2021-03"] == (1, 4, 25.0)
    assert got["2021-04"] == (1, 1, 100.0)  # A
    assert got["2022-02"] == (1, 2, 50.0)  # C (leap day) of C and D
    # The financial year is the DfE's measure: plans ending April 2020 to March 2021.
    # May: I (yes); March: B (no), G (yes), H (no), I's second plan (no).
    assert period_value(con, "CP 2 years", "2020-04", "2021-03", "2020-21") == (2, 5, 40.0)


def test_cp_ended_counts_each_end_once() -> None:
    con = ended_plans_store()
    got = monthly(con, "CP ended", "2020-04", "2022-03")
    assert got["2020-05"][0] == 1
    assert got["2020-06"][0] == 0  # another authority's plan
    assert got["2021-03"][0] == 4  # B, G (two plans, one end), H, I's second plan
    assert got["2021-04"][0] == 1
    assert got["2022-02"][0] == 2
    assert period_value(con, "CP ended", "2020-04", "2021-03", "2020-21") == (5, None, 5.0)
    # A plan ending on the month end is no longer open at it: A, C, D and F are; B, G, H are not.
    assert monthly(con, "CP children", "2021-03", "2021-03")["2021-03"][0] == 4


def test_cp_2_years_open_at_month_ends() -> None:
    con = store_with(
        {
            "ssd_cp_plans": [
                plan("A", "2019-03-31"),  # 2 years at 31 March 2021, the month end itself
                plan("B", "2019-04-01"),  # 2 years from 1 April 2021: counted at its end
                plan("C", "2020-02-29"),  # leap-day start: 2 years at 28 February 2022
                plan("D", "2019-01-01", "2021-03-31"),  # ended on the month end: not on a plan
                # E: two overlapping plans, timed from the earlier: counted once.
                plan("E", "2018-06-01", pid="E1"),
                plan("E", "2020-06-01", pid="E2"),
                # F: a new plan from the day the old one ended: timed from the new plan.
                plan("F", "2018-01-01", "2020-01-15"),
                plan("F", "2020-01-15"),
                plan("O", "2018-01-01", ola="Y"),  # another LA's plan
            ]
        }
    )
    got = monthly(con, "CP 2 years open", "2021-02", "2022-02")
    assert got["2021-02"][0] == 2  # D (since January 2021) and E
    assert got["2021-03"][0] == 2  # A and E; D's plan ended on 31 March
    assert got["2021-04"][0] == 3  # A, B, E
    assert got["2022-01"][0] == 4  # A, B, E, F (2 years from 15 January 2022)
    assert got["2022-02"][0] == 5  # and C, from 28 February 2022 (the leap-day start)
    assert subject_ids(con, "CP 2 years open", "2021-02", "2022-02", "2022-02") == [
        "A", "B", "C", "E", "F"
    ]  # fmt: skip


# --- care proceedings and emergency protection orders ------------------------------------------


def proceedings(
    person: str, applied: str, concluded: str | None = None, outcome: str | None = None
) -> dict[str, Any]:
    return {
        "cpro_proceedings_id": f"{person}-{applied}",
        "cpro_person_id": person,
        "cpro_application_date": d(applied),
        "cpro_order_sought": "CARE",
        "cpro_concluded_date": d(concluded) if concluded else None,
        "cpro_outcome": outcome,
    }


def legal(person: str, status: str, start: str, end: str | None = None) -> dict[str, Any]:
    return {
        "lega_legal_status_id": f"{person}-{status}-{start}",
        "lega_person_id": person,
        "lega_legal_status": status,
        "lega_legal_status_start_date": d(start),
        "lega_legal_status_end_date": d(end) if end else None,
    }


def test_care_proceedings_at_month_ends_and_new_applications() -> None:
    con = store_with(
        {
            "ext_care_proceedings": [
                proceedings("P1", "2021-01-31"),  # issued on the month end: in proceedings
                proceedings("P2", "2020-12-01", "2021-01-31", "CARE_ORDER"),  # over on 31 Jan
                proceedings("P3", "2021-01-15", "2021-01-20", "WITHDRAWN"),  # never at a month end
                # P4: two sets of proceedings running at once: one child.
                proceedings("P4", "2020-11-02", "2021-06-01", "SGO"),
                proceedings("P4", "2021-01-04"),
                proceedings("P5", "2020-02-29", "2021-02-01", "SUPERVISION_ORDER"),  # leap day
                proceedings("P6", "2020-12-25"),  # Christmas Day: a calendar date like any other
            ]
        }
    )
    running = monthly(con, "CP proceedings", "2020-02", "2021-03")
    assert running["2020-02"][0] == 1  # P5
    assert running["2020-12"][0] == 4  # P2, P4, P5, P6
    assert running["2021-01"][0] == 4  # P1, P4 (once), P5, P6; P2 concluded on 31 January
    assert running["2021-02"][0] == 3  # P1, P4, P6; P5 concluded on 1 February
    assert period_value(con, "CP proceedings", "2020-04", "2021-03", "2020-21") == (3, None, 3.0)
    new = monthly(con, "CP applications", "2020-02", "2021-03")
    assert new["2020-02"][0] == 1  # P5, on the leap day
    assert new["2020-12"][0] == 2  # P2, P6
    assert new["2021-01"][0] == 3  # P1, P3, P4's second
    assert period_value(con, "CP applications", "2020-04", "2021-03", "2020-21") == (6, None, 6.0)


def test_emergency_protection_orders_new_orders_only() -> None:
    con = store_with(
        {
            "ssd_legal_status": [
                # X: police protection, then an EPO, then an interim care order.
                legal("X", "L1", "2021-01-30", "2021-02-01"),
                legal("X", "L2", "2021-02-01", "2021-02-08"),
                legal("X", "C1", "2021-02-08"),
                # Y: an EPO from the month end, and a second row from the day it ended (an
                # extension): one order, in January.
                legal("Y", "L2", "2021-01-31", "2021-02-05"),
                legal("Y", "L2", "2021-02-05", "2021-02-10"),
                # Z: two orders a fortnight apart: two.
                legal("Z", "L2", "2021-02-10", "2021-02-12"),
                legal("Z", "L2", "2021-03-01", "2021-03-05"),
                legal("W", "L1", "2021-02-03", "2021-02-04"),  # police protection only
                legal("V", "L2", "2020-02-29", "2020-03-02"),  # leap day
            ]
        }
    )
    got = monthly(con, "CP EPO", "2020-02", "2021-03")
    assert got["2020-02"][0] == 1  # V
    assert got["2021-01"][0] == 1  # Y
    assert got["2021-02"][0] == 2  # X, Z (Y's second row continues its order)
    assert got["2021-03"][0] == 1  # Z's second order
    assert subject_ids(con, "CP EPO", "2020-02", "2021-03", "2021-02") == [
        "X-20210201", "Z-20210210"
    ]  # fmt: skip


def test_conferences_and_enquiries_count_under_their_own_team() -> None:
    """CP 5, CP ICPC and CP s47 return each subject's team (team_id; NULL where the record names
    none), so that the teams' figures add up to the borough's."""
    con = store_with(
        {
            "ssd_s47_enquiry": [
                {**s47("S1", "A", "2020-05-05"), "s47e_s47_completed_by_team": "T1"},
                {**s47("S2", "B", "2020-05-05"), "s47e_s47_completed_by_team": "T2"},
                s47("S3", "C", "2020-05-29"),  # no team recorded
            ],
            "ssd_initial_cp_conference": [
                {**icpc("I1", "A", "2020-05-28", "S1"), "icpc_icpc_team": "T1"},  # 15: in time
                {**icpc("I2", "B", "2020-05-29", "S2"), "icpc_icpc_team": "T1"},  # 16: late
                icpc("I3", "C", "2020-05-29", "S3"),  # 0: in time, no team
            ],
        }
    )
    may = [p for p in periods.all_periods(d("2020-05-01"), d("2020-05-31"))]
    engine.prepare(con, [p for p in may if p.period_type == "month"], settings.defaults())

    def by_team(indicator_id: str) -> dict[str | None, tuple[float, float | None]]:
        sql = catalogue.get(indicator_id).sql.strip().rstrip(";")
        rows = con.execute(
            f"SELECT team_id, sum(numerator), sum(denominator) FROM ({sql}) GROUP BY team_id"
        ).fetchall()
        return {t: (n, den) for t, n, den in rows}

    assert by_team("CP 5") == {"T1": (1, 2), None: (1, 1)}
    assert by_team("CP ICPC") == {"T1": (2, None), None: (1, None)}
    assert by_team("CP s47") == {"T1": (1, None), "T2": (1, None), None: (1, None)}
    # The teams add up to the borough's month.
    assert monthly(con, "CP 5", "2020-05", "2020-05")["2020-05"][:2] == (2, 3)
