"""Quality assurance indicators (SUP 1 case supervision, QA 2-5 case audits) on hand-built cases."""

from __future__ import annotations

from typing import Any

from csc_insight.indicators import catalogue, engine, periods, settings
from tests.indicators.helpers import d, monthly, period_value, store_with


def alloc(
    child: str, start: str, end: str | None = None, worker: str = "W1", role: str = "SW"
) -> dict[str, Any]:
    return {
        "invo_involvements_id": f"{child}-{worker}-{start}",
        "invo_professional_id": worker,
        "invo_professional_role_id": role,
        "invo_person_id": child,
        "invo_involvement_start_date": d(start),
        "invo_involvement_end_date": d(end) if end else None,
    }


def supervised(child: str, on: str) -> dict[str, Any]:
    return {
        "csup_supervision_id": f"{child}-{on}",
        "csup_person_id": child,
        "csup_supervision_date": d(on),
    }


def audit(audit_id: str, on: str, grade: str, child: str = "C1") -> dict[str, Any]:
    return {
        "caud_audit_id": audit_id,
        "caud_person_id": child,
        "caud_audit_date": d(on),
        "caud_grade": grade,
    }


# ---------------------------------------------------------------------------------------------
# SUP 1: case supervision within timescales
# ---------------------------------------------------------------------------------------------


def sup_store() -> Any:
    return store_with(
        {
            "ssd_involvements": [
                alloc("C1", "2020-06-01"),
                alloc("C2", "2020-06-01"),
                alloc("C3", "2021-01-02"),  # new case inside the window: not yet due
                alloc("C4", "2021-01-01"),  # new case on the window's day before: due
                # C5: worker changed on 20 Jan (same day): the case is from 1 Oct 2020, not new.
                alloc("C5", "2020-10-01", "2021-01-20", worker="W1"),
                alloc("C5", "2021-01-20", worker="W2"),
                alloc(
                    "C6", "2020-06-01", "2021-01-31"
                ),  # closed on the month end: not allocated at it
                alloc("C7", "2020-06-01", role="EHW"),  # early help only: not a case
                # C8: closed 31 Dec, reopened 15 Jan after a gap: a new case, not yet due.
                alloc("C8", "2020-05-01", "2020-12-31"),
                alloc("C8", "2021-01-15", worker="W2"),
                # C9: next worker from the day after (one-day gap): the same case, due.
                alloc("C9", "2020-05-01", "2021-01-10"),
                alloc("C9", "2021-01-11", worker="W2"),
            ],
            "ext_case_supervision": [
                supervised("C1", "2021-01-02"),
                supervised("C2", "2021-01-01"),
                supervised("C5", "2020-12-20"),
                supervised("C9", "2021-02-01"),  # after the month end: not for January
            ],
        }
    )


def test_sup1_window_new_cases_and_worker_changes() -> None:
    # 31 Jan 2021, supervision_days 30: the window is 2-31 Jan (after 1 Jan).
    # Denominator: C1, C2, C3, C4, C5, C8, C9 = 7 (C6 closed on 31 Jan, C7 early help only).
    # In time: C1 (2 Jan); C3 (case from 2 Jan, inside the window); C8 (reopened 15 Jan) = 3.
    # Not: C2 (1 Jan is 30 days before), C4 (case from 1 Jan, unsupervised), C5 (20 Dec; worker
    # change on 20 Jan does not restart the case), C9 (continuous since May 2020; 1 Feb is too late).
    assert monthly(sup_store(), "SUP 1", "2021-01", "2021-01")["2021-01"] == (3, 7, 300 / 7)


def test_sup1_window_is_a_setting() -> None:
    # supervision_days 31: the window is 1-31 Jan. C2 (1 Jan) and C4 (case from 1 Jan, now inside
    # the window) join C1, C3, C8 -> 5 of 7.
    got = monthly(sup_store(), "SUP 1", "2021-01", "2021-01", supervision_days=31)
    assert got["2021-01"] == (5, 7, 500 / 7)


def test_sup1_leap_day_and_year_end() -> None:
    con = store_with(
        {
            "ssd_involvements": [
                alloc("C10", "2019-06-01"),
                alloc("C11", "2019-06-01"),
                alloc("C12", "2020-02-29"),  # allocated on the leap day, the month end
                alloc("C13", "2019-06-01"),
            ],
            "ext_case_supervision": [
                supervised("C10", "2020-01-31"),
                supervised("C11", "2020-01-30"),
                supervised("C13", "2021-03-31"),
                supervised("C10", "2021-04-01"),
            ],
        }
    )
    feb = monthly(con, "SUP 1", "2020-02", "2020-02")["2020-02"]
    # 29 Feb 2020: window 31 Jan-29 Feb. C10 (31 Jan) yes; C12 (case from the leap day itself) yes;
    # C11 (30 Jan, 30 days before) no; C13 (no supervision yet) no -> 2 of 4.
    assert feb == (2, 4, 50.0)
    got = monthly(con, "SUP 1", "2020-04", "2021-04")
    # 31 Mar 2021: window 2-31 Mar: C13 (31 Mar) only -> 1 of 4.
    assert got["2021-03"] == (1, 4, 25.0)
    # 30 Apr 2021: window 1-30 Apr: C10 (1 Apr) only; C13's 31 March is 30 days before -> 1 of 4.
    assert got["2021-04"] == (1, 4, 25.0)
    # The year adds its months: April 2020 to February 2021 are 0 of 4 each (no supervision in
    # any window), March 1 of 4 -> 1 of 48 (it used to be March alone, 1 of 4 = 25%).
    assert period_value(con, "SUP 1", "2020-04", "2021-04", "2020-21") == (1, 48, 100 / 48)


def test_sup1_longer_periods_add_the_months_not_the_last_month() -> None:
    con = store_with(
        {
            "ssd_involvements": [
                # From New Year's Day, a bank holiday: due by 31 January (window 2-31 Jan).
                alloc("A", "2021-01-01"),
                alloc("B", "2021-01-01"),
                alloc("C", "2021-03-02"),  # a new case in March, inside March's window
            ],
            "ext_case_supervision": [
                supervised("A", "2021-01-15"),
                supervised("A", "2021-02-15"),
                supervised("B", "2021-03-31"),  # on the year's last day
            ],
        }
    )
    got = monthly(con, "SUP 1", "2021-01", "2021-03")
    # 31 Jan (window 2-31 Jan): A. 28 Feb (30 Jan-28 Feb): A. 31 Mar (2-31 Mar): B, and C (new).
    assert [got[m][:2] for m in ("2021-01", "2021-02", "2021-03")] == [(1, 2), (1, 2), (2, 3)]
    # The quarter and the year to date are the months added: 4 of 7 (57%), not March's 2 of 3
    # (67%), as the seed's 2020-21 year to date (89%) is the mean of its months, not March (83%).
    assert period_value(con, "SUP 1", "2021-01", "2021-03", "2020-21 Q4") == (4, 7, 400 / 7)
    assert period_value(con, "SUP 1", "2020-04", "2021-03", "2020-21 YTD 2021-03")[:2] == (4, 7)
    assert period_value(con, "SUP 1", "2020-04", "2021-03", "2020-21 YTD 2021-02")[:2] == (2, 4)
    assert period_value(con, "SUP 1", "2020-04", "2021-03", "2020-21")[:2] == (4, 7)


def test_sup1_overlapping_and_nested_allocations() -> None:
    con = store_with(
        {
            "ssd_involvements": [
                # C20: two workers from the same day, one leaving before the month end: one child,
                # one case from 2 Jan 2021 (inside the window), counted once.
                alloc("C20", "2021-01-02", worker="W1"),
                alloc("C20", "2021-01-02", "2021-01-20", worker="W2"),
                # C21: a second worker nested inside the first's allocation: counted once, the case
                # is from June 2020 and was not supervised.
                alloc("C21", "2020-06-01", worker="W1"),
                alloc("C21", "2020-12-01", "2021-01-05", worker="W2"),
                # C22: a short allocation ends early, but the first still runs when the third
                # starts: one case from January 2020, supervised on 15 Jan 2021.
                alloc("C22", "2020-01-01", "2021-01-20", worker="W1"),
                alloc("C22", "2020-03-01", "2020-04-01", worker="W2"),
                alloc("C22", "2021-01-10", worker="W3"),
                # C23: the same worker's allocations meet end to start (ended 10 Jan, next from
                # 10 Jan): allocated throughout, one case from May 2020, not supervised.
                alloc("C23", "2020-05-01", "2021-01-10", worker="W1"),
                alloc("C23", "2021-01-10", worker="W1", role="PA"),
            ],
            "ext_case_supervision": [supervised("C22", "2021-01-15")],
        }
    )
    # 31 Jan 2021, window 2-31 Jan: C20 (new case) and C22 (15 Jan) in time; C21 and C23 not.
    assert monthly(con, "SUP 1", "2021-01", "2021-01")["2021-01"] == (2, 4, 50.0)
    # 31 Dec 2020: C20 not yet allocated; C21, C22, C23 allocated and none supervised: 0 of 3.
    assert monthly(con, "SUP 1", "2020-12", "2020-12")["2020-12"] == (0, 3, 0.0)


def test_sup1_months_between_a_childs_allocations_are_not_counted() -> None:
    con = store_with(
        {
            "ssd_involvements": [
                # G: allocated 10 Nov to 15 Dec 2020, then from 5 Feb 2021 (a new case): not
                # allocated at the end of December or January, the months between.
                alloc("G", "2020-11-10", "2020-12-15", worker="W1"),
                alloc("G", "2021-02-05", worker="W2"),
                # H: allocated since 2019, before the first month computed; never supervised.
                alloc("H", "2019-01-01"),
            ],
            "ext_case_supervision": [supervised("G", "2020-11-20")],
        }
    )
    got = monthly(con, "SUP 1", "2020-11", "2021-03")
    # 30 Nov: G (supervised 20 Nov; a case from 10 Nov) and H -> 1 of 2. December and January:
    # H alone, 0 of 1. 28 Feb: G's new case from 5 Feb is inside the window -> 1 of 2. 31 Mar
    # (window 2-31 Mar): neither -> 0 of 2.
    assert [got[m][:2] for m in ("2020-11", "2020-12", "2021-01", "2021-02", "2021-03")] == [
        (1, 2),
        (0, 1),
        (0, 1),
        (1, 2),
        (0, 2),
    ]


def test_sup1_over_more_than_127_months() -> None:
    # 132 months: each child's month sets are bitstrings, not 128-bit integers (engine.prepare).
    con = store_with(
        {
            "ssd_involvements": [
                alloc("K", "2010-01-01", "2010-03-15"),
                alloc("K", "2020-06-01", worker="W2"),  # a new case ten years later
            ],
            "ext_case_supervision": [supervised("K", "2020-06-10")],
        }
    )
    got = monthly(con, "SUP 1", "2010-01", "2020-12")
    # January and February 2010: allocated, not supervised (the case from 1 January is due by
    # 31 January); March 2010 to May 2020: not allocated; June 2020: supervised 10 June; then not.
    expected = {
        "2010-01": (0, 1),
        "2010-02": (0, 1),
        "2010-03": (0, 0),
        "2015-01": (0, 0),
        "2020-05": (0, 0),
        "2020-06": (1, 1),
        "2020-07": (0, 1),
        "2020-12": (0, 1),
    }
    assert {m: got[m][:2] for m in expected} == expected


# ---------------------------------------------------------------------------------------------
# QA 2-5: case audits
# ---------------------------------------------------------------------------------------------


def audits_store() -> Any:
    return store_with(
        {
            "ext_case_audits": [
                # October 2020: 4 audits, the same child twice, one on the month end.
                audit("A1", "2020-10-01", "GOOD"),
                audit("A2", "2020-10-15", "OUTSTANDING"),
                audit("A3", "2020-10-20", "REQUIRES_IMPROVEMENT", child="C2"),
                audit("A4", "2020-10-31", "INADEQUATE", child="C3"),
                # November: none. December: 3, one on Christmas Day (a bank holiday; calendar dates).
                audit("A5", "2020-12-01", "GOOD", child="C4"),
                audit("A6", "2020-12-25", "REQUIRES_IMPROVEMENT", child="C5"),
                audit("A7", "2020-12-31", "REQUIRES_IMPROVEMENT", child="C6"),
                # Year end: 31 March is 2020-21, 1 April is 2021-22.
                audit("A8", "2021-03-31", "GOOD", child="C7"),
                audit("A9", "2021-04-01", "INADEQUATE", child="C8"),
            ]
        }
    )


def test_qa2_audits_counted_in_their_month() -> None:
    con = audits_store()
    got = monthly(con, "QA 2", "2020-10", "2021-04")
    assert [got[m][0] for m in ("2020-10", "2020-11", "2020-12", "2021-03", "2021-04")] == [
        4,
        0,
        3,
        1,
        1,
    ]
    # 2020-21: 4 + 3 + 1 = 8 (A9 on 1 April is next year); Q3 (Oct-Dec) 4 + 3 = 7.
    assert period_value(con, "QA 2", "2020-04", "2021-04", "2020-21") == (8, None, 8)
    assert period_value(con, "QA 2", "2020-04", "2021-04", "2020-21 Q3") == (7, None, 7)


def test_qa3_to_qa5_grades() -> None:
    con = audits_store()
    qa3 = monthly(con, "QA 3", "2020-10", "2021-04")
    qa4 = monthly(con, "QA 4", "2020-10", "2021-04")
    qa5 = monthly(con, "QA 5", "2020-10", "2021-04")
    # October: good/outstanding A1, A2 = 2 of 4; RI A3 = 1; inadequate A4 = 1.
    assert (qa3["2020-10"], qa4["2020-10"], qa5["2020-10"]) == (
        (2, 4, 50.0),
        (1, 4, 25.0),
        (1, 4, 25.0),
    )
    # November: no audits -> no value.
    assert qa3["2020-11"] == (0, 0, None)
    # December: A5 good; A6, A7 RI; none inadequate.
    assert (qa3["2020-12"], qa4["2020-12"], qa5["2020-12"]) == (
        (1, 3, 100 / 3),
        (2, 3, 200 / 3),
        (0, 3, 0.0),
    )
    # The year adds the audits (not the monthly percentages): good A1, A2, A5, A8 = 4 of 8;
    # RI A3, A6, A7 = 3 of 8; inadequate A4 = 1 of 8.
    assert period_value(con, "QA 3", "2020-04", "2021-04", "2020-21") == (4, 8, 50.0)
    assert period_value(con, "QA 4", "2020-04", "2021-04", "2020-21") == (3, 8, 37.5)
    assert period_value(con, "QA 5", "2020-04", "2021-04", "2020-21") == (1, 8, 12.5)
    assert qa5["2021-04"] == (1, 1, 100.0)


def test_qa5_target_of_zero_rates_any_inadequate_red() -> None:
    ind = catalogue.get("QA 5")
    every = periods.all_periods(d("2020-10-01"), d("2020-12-31"))
    months = [p for p in every if p.period_type == "month"]
    rows = engine.indicator_rows(audits_store(), ind, months, every, settings.defaults())
    rag = {r.period.period_id: r.rag for r in rows if r.period.period_type == "month"}
    # Target 0 (SIB): October 25% is Red; December 0% is Green; November has no value (Grey).
    assert rag == {"2020-10": "Red", "2020-11": "Grey", "2020-12": "Green"}
