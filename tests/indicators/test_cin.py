"""Children in need indicators (CIN 1, CIN DfE rate, CIN 4, CIN 8) on hand-built children."""

from __future__ import annotations

import duckdb
import pytest

from csc_insight.indicators import catalogue, children, periods
from tests.indicators.helpers import d, monthly, period_value, store_with


def episode(
    ident: str, person: str, referred: str, closed: str | None = None, nfa: str | None = None
) -> dict[str, object]:
    return {
        "cine_referral_id": ident,
        "cine_person_id": person,
        "cine_referral_date": d(referred),
        "cine_close_date": None if closed is None else d(closed),
        "cine_referral_nfa": nfa,
    }


def population(
    year: int, sex: str, each_age: int, ages: range = range(18)
) -> list[dict[str, object]]:
    return [
        {
            "pop_area_code": "E09000008",
            "pop_year": year,
            "pop_age": a,
            "pop_sex": sex,
            "pop_count": each_age,
        }
        for a in ages
    ]


def cin_plan(ident: str, person: str, start: str, end: str | None = None) -> dict[str, object]:
    return {
        "cinp_cin_plan_id": ident,
        "cinp_person_id": person,
        "cinp_cin_plan_start_date": d(start),
        "cinp_cin_plan_end_date": None if end is None else d(end),
    }


def cp_plan(person: str, start: str, end: str | None = None) -> dict[str, object]:
    return {
        "cppl_cp_plan_id": f"CP-{person}",
        "cppl_person_id": person,
        "cppl_cp_plan_start_date": d(start),
        "cppl_cp_plan_end_date": None if end is None else d(end),
    }


def cla(person: str, start: str, end: str | None = None) -> dict[str, object]:
    return {
        "clae_cla_episode_id": f"LA-{person}",
        "clae_person_id": person,
        "clae_cla_episode_start_date": d(start),
        "clae_cla_episode_ceased_date": None if end is None else d(end),
    }


def visit(person: str, on: str, seen: str | None = "Y") -> dict[str, object]:
    return {
        "cinv_cin_visit_id": f"V-{person}-{on}",
        "cinv_person_id": person,
        "cinv_cin_visit_date": d(on),
        "cinv_cin_visit_seen": seen,
    }


# --- CIN DfE rate (open CIN episodes; was "CIN DfE rate" until CIN 1 became the seed's CIN-plan rate) ---


def dfe_store() -> duckdb.DuckDBPyConnection:
    return store_with(
        {
            "ssd_cin_episodes": [
                episode("A1", "A", "2020-12-01"),  # open throughout
                episode("B1", "B", "2021-01-10", "2021-03-31"),  # closes on 31 March: not open then
                episode("C1", "C", "2021-03-31"),  # referred on 31 March: open then
                episode("D1", "D", "2021-02-10", nfa="Y"),  # NFA with no closure: never in need
                episode("E1", "E", "2020-11-01"),  # two open episodes: one child
                episode("E2", "E", "2021-01-20"),
                episode("F1", "F", "2021-03-31", "2021-03-31", nfa="Y"),  # NFA closed the same day
                episode("G1", "G", "2020-12-31", "2021-01-01"),  # open at 31 Dec only
                episode("H1", "H", "2021-02-28", "2021-03-01"),  # open at 28 Feb only
            ],
            "ext_population": [
                # Mid-2020: persons given (1,000 a year of age, 0-17 = 18,000); M/F rows ignored, age 18 out.
                *population(2020, "T", 1000),
                *population(2020, "M", 400),
                *population(2020, "F", 450),
                *population(2020, "T", 9999, range(18, 19)),
                # Mid-2021: no persons rows: M 600 + F 500 = 1,100 a year of age, x 18 = 19,800.
                *population(2021, "M", 600),
                *population(2021, "F", 500),
            ],
        }
    )


def test_cin_dfe_rate_children_in_need_per_10000() -> None:
    got = monthly(dfe_store(), "CIN DfE rate", "2020-12", "2021-04")
    # Population: month ends in 2020-21 use mid-2020 = 18,000; from 30 April 2021, mid-2021 = 19,800.
    # 31 Dec 2020: A, E, G = 3 -> 3 x 10,000 / 18,000.
    assert got["2020-12"][:2] == (3, 18000)
    assert got["2020-12"][2] == pytest.approx(30000 / 18000)
    # 31 Jan 2021: A, B, E = 3 (G closed 1 Jan); still 2020-21: mid-2020.
    assert got["2021-01"][:2] == (3, 18000)
    # 28 Feb 2021: A, B, E, H = 4 (D is NFA).
    assert got["2021-02"][:2] == (4, 18000)
    # 31 Mar 2021: A, C, E = 3 (B closed 31 Mar, F NFA and closed, H closed 1 Mar).
    assert got["2021-03"][:2] == (3, 18000)
    assert got["2021-03"][2] == pytest.approx(30000 / 18000)
    # 30 Apr 2021: A, C, E = 3; 2021-22: mid-2021 = 19,800.
    assert got["2021-04"][:2] == (3, 19800)
    assert got["2021-04"][2] == pytest.approx(30000 / 19800)


def test_cin_dfe_rate_year_is_its_31_march() -> None:
    assert period_value(dfe_store(), "CIN DfE rate", "2020-04", "2021-03", "2020-21")[:2] == (
        3,
        18000,
    )


def test_cin_dfe_rate_population_year_fallbacks_and_none_loaded() -> None:
    con = store_with(
        {
            "ssd_cin_episodes": [episode("A1", "A", "2019-06-01")],
            # Mid-2020: 18 x 1,000 = 18,000; mid-2022: 18 x 2,000 = 36,000; no mid-2021.
            "ext_population": population(2020, "T", 1000) + population(2022, "T", 2000),
        }
    )
    # Leap day 29 Feb 2020 (2019-20): nothing for 2019 or before: the first loaded, mid-2020.
    assert monthly(con, "CIN DfE rate", "2020-02", "2020-02")["2020-02"][:2] == (1, 18000)
    # 31 Mar 2022 (2021-22): no mid-2021: the latest earlier, mid-2020.
    assert monthly(con, "CIN DfE rate", "2022-03", "2022-03")["2022-03"][:2] == (1, 18000)
    # 30 Apr 2022 (2022-23): mid-2022.
    assert monthly(con, "CIN DfE rate", "2022-04", "2022-04")["2022-04"][:2] == (1, 36000)
    no_pop = store_with({"ssd_cin_episodes": [episode("A1", "A", "2019-06-01")]})
    # Children counted, but no population: no rate.
    assert monthly(no_pop, "CIN DfE rate", "2019-06", "2019-06")["2019-06"] == (1, 0, None)


# --- CIN 4 -------------------------------------------------------------------------------------


def cin4_store() -> duckdb.DuckDBPyConnection:
    return store_with(cin4_tables())


def cin4_tables() -> dict[str, list[dict[str, object]]]:
    return {
        "ssd_cin_plans": [
            cin_plan("PA", "A", "2021-01-01"),
            cin_plan("PB", "B", "2021-01-01"),
            cin_plan("PC", "C", "2021-01-01"),
            cin_plan("PD", "D", "2021-01-01"),
            cin_plan("PE", "E", "2021-03-15"),
            cin_plan("PF", "F", "2021-01-01"),
            cin_plan("PG", "G", "2020-06-01"),
            cin_plan("PH", "H", "2021-01-01", "2021-03-31"),
            cin_plan("PI", "I", "2021-01-01"),
            cin_plan("PJ1", "J", "2020-01-01"),
            cin_plan("PJ2", "J", "2021-02-01"),
        ],
        "ssd_cp_plans": [
            cp_plan("D", "2021-03-31"),  # D: CP plan from 31 March: on a CP plan at the month end
            cp_plan("E", "2020-09-01", "2021-03-15"),  # E: CP plan ended 15 March, stepped down
        ],
        "ssd_cla_episodes": [
            cla("F", "2021-02-01"),  # F: looked after
            cla("G", "2021-03-01"),  # G: short breaks only (V3): stays in
        ],
        "ssd_legal_status": [
            {
                "lega_legal_status_id": "LG",
                "lega_person_id": "G",
                "lega_legal_status": "V3",
                "lega_legal_status_start_date": d("2021-03-01"),
            }
        ],
        "ssd_cin_visits": [
            visit("A", "2021-03-04"),  # 31 Mar - 28 = 3 Mar: 4 March is the first day inside
            visit("B", "2021-03-03"),  # 3 March: one day outside
            visit("C", "2021-03-31", seen="N"),  # visited, not seen
            visit("E", "2021-03-20"),
            visit("G", "2021-03-10"),
            visit("I", "2021-04-01"),  # after the month end
            visit("J", "2021-03-25", seen=None),  # seen not recorded
        ],
    }


def test_cin4_visit_in_the_last_28_days() -> None:
    got = monthly(cin4_store(), "CIN 4", "2021-03", "2021-04")
    # Cohort at 31 Mar: A, B, C, E, G, I, J = 7 (D on a CP plan, F looked after, H plan ended 31 Mar).
    # Seen 4-31 March: A (4th), E (20th), G (10th) = 3.
    assert got["2021-03"] == (3, 7, 300 / 7)
    # 30 Apr: same cohort; window 3-30 April: I (1 April) is outside; nobody else visited -> 0/7.
    assert got["2021-04"] == (0, 7, 0.0)


def test_cin4_window_is_a_setting() -> None:
    got = monthly(cin4_store(), "CIN 4", "2021-03", "2021-03", cin_visit_days=30)
    # 31 Mar - 30 = 1 March: visits 2-31 March count; B's 3 March visit is now inside -> 4/7.
    assert got["2021-03"] == (4, 7, 400 / 7)


def test_cin4_leap_february() -> None:
    con = store_with(
        {
            "ssd_cin_plans": [cin_plan("PA", "A", "2019-12-01"), cin_plan("PB", "B", "2019-12-01")],
            "ssd_cin_visits": [visit("A", "2020-02-02"), visit("B", "2020-02-01")],
        }
    )
    # 29 Feb 2020 - 28 days = 1 Feb: 2 Feb is inside, 1 Feb is not -> 1/2.
    assert monthly(con, "CIN 4", "2020-02", "2020-02")["2020-02"] == (1, 2, 50.0)
    # The quarter Jan-Mar 2020 is its 31 March snapshot: window 4-31 March, no visits -> 0/2.
    assert period_value(con, "CIN 4", "2020-01", "2020-03", "2019-20 Q4") == (0, 2, 0.0)


# --- CIN 8 -------------------------------------------------------------------------------------


def test_cin8_plan_made_within_6_months() -> None:
    con = store_with(
        {
            "ssd_cin_plans": [
                cin_plan(
                    "PA", "A", "2020-09-30"
                ),  # 31 Mar 2021 - 6 months = 30 Sep 2020: up to date
                cin_plan("PB", "B", "2020-09-29"),  # one day older: out of date
                cin_plan("PC1", "C", "2019-01-01"),  # C: old plan still open ...
                cin_plan(
                    "PC2", "C", "2021-01-05"
                ),  # ... and a new one: current = 5 Jan 2021, one child
                cin_plan(
                    "PD1", "D", "2020-12-01", "2021-01-31"
                ),  # D: the recent plan has ended ...
                cin_plan(
                    "PD2", "D", "2020-06-01"
                ),  # ... the open one is from June 2020: out of date
                cin_plan("PE", "E", "2021-03-01"),  # E: on a CP plan too: left out
                cin_plan("PF", "F", "2021-03-01"),  # F: looked after: left out
                cin_plan("PG", "G", "2021-03-31"),  # G: plan made on the month end: up to date
            ],
            "ssd_cp_plans": [cp_plan("E", "2021-03-10")],
            "ssd_cla_episodes": [cla("F", "2021-03-20")],
        }
    )
    got = monthly(con, "CIN 8", "2021-03", "2021-03")
    # Cohort A, B, C, D, G = 5; up to date A, C, G = 3.
    assert got["2021-03"] == (3, 5, 60.0)
    assert period_value(con, "CIN 8", "2020-04", "2021-03", "2020-21") == (3, 5, 60.0)


def test_cin8_leap_day_cut_off() -> None:
    con = store_with(
        {
            "ssd_cin_plans": [
                cin_plan(
                    "PA", "A", "2020-02-29"
                ),  # 31 Aug 2020 - 6 months = 29 Feb 2020: up to date
                cin_plan("PB", "B", "2020-02-28"),  # out of date
                cin_plan("PC", "C", "2020-01-01", "2020-08-31"),  # ended on the month end: not in
            ]
        }
    )
    assert monthly(con, "CIN 8", "2020-08", "2020-08")["2020-08"] == (1, 2, 50.0)


def test_cin8_review_months_is_a_setting() -> None:
    con = store_with(
        {
            "ssd_cin_plans": [
                cin_plan("PA", "A", "2020-09-30"),
                cin_plan("PB", "B", "2020-09-29"),
                cin_plan("PC", "C", "2020-12-31"),
            ]
        }
    )
    # Default 6: cut-off 31 Mar 2021 - 6 months = 30 Sep 2020: A, C up to date -> 2/3.
    assert monthly(con, "CIN 8", "2021-03", "2021-03")["2021-03"] == (2, 3, 200 / 3)
    # 3 months: cut-off 31 Dec 2020: C only -> 1/3.
    got = monthly(con, "CIN 8", "2021-03", "2021-03", cin_plan_review_months=3)
    assert got["2021-03"] == (1, 3, 100 / 3)
    # 7 months: cut-off 31 Aug 2020: all three -> 3/3.
    got = monthly(con, "CIN 8", "2021-03", "2021-03", cin_plan_review_months=7)
    assert got["2021-03"] == (3, 3, 100.0)


def plan_review(plan: str, person: str, on: str, cancelled: str = "N") -> dict[str, object]:
    return {
        "cinr_cin_plan_review_id": f"{plan}-{on}",
        "cinr_cin_plan_id": plan,
        "cinr_person_id": person,
        "cinr_cin_plan_review_date": d(on),
        "cinr_cin_plan_review_cancelled": cancelled,
    }


def test_cin8_a_plan_reviewed_but_not_reissued_is_up_to_date() -> None:
    # At 31 Mar 2021 the cut-off is 30 Sep 2020. Every plan was made on 1 Jan 2020, so by plan
    # rows alone (the definition before issue 18) all seven children were out of date (0 of 7).
    #   A reviewed 15 Dec 2020: up to date.
    #   B reviewed 29 Sep 2020 (a day before the cut-off): out of date; its review on 5 Apr 2021
    #     is after the month end and does not count.
    #   C reviewed 30 Sep 2020, on the cut-off: up to date.
    #   D its only recent review was cancelled: out of date.
    #   E two open plans; the earlier-made one was reviewed on 10 Jan 2021: up to date.
    #   F the reviewed plan ended on 1 Feb 2021; the open one was never reviewed: out of date.
    #   G reviewed on the month end: up to date.
    people = "ABCDEFG"
    con = store_with(
        {
            "ssd_cin_plans": [cin_plan(f"P{c}", c, "2020-01-01") for c in people if c not in "EF"]
            + [
                cin_plan("PE1", "E", "2020-01-01"),
                cin_plan("PE2", "E", "2020-06-01"),
                cin_plan("PF1", "F", "2020-01-01", "2021-02-01"),
                cin_plan("PF2", "F", "2020-03-01"),
            ],
            "ext_cin_plan_reviews": [
                plan_review("PA", "A", "2020-12-15"),
                plan_review("PB", "B", "2020-09-29"),
                plan_review("PB", "B", "2021-04-05"),
                plan_review("PC", "C", "2020-09-30"),
                plan_review("PD", "D", "2020-06-01"),
                plan_review("PD", "D", "2021-02-01", cancelled="Y"),
                plan_review("PE1", "E", "2021-01-10"),
                plan_review("PF1", "F", "2021-01-15"),
                plan_review("PG", "G", "2021-03-31"),
            ],
        }
    )
    assert monthly(con, "CIN 8", "2021-03", "2021-03")["2021-03"] == (4, 7, 400 / 7)
    # At 30 Apr 2021 (cut-off 31 Oct 2020): A, E, G, and B now (5 Apr); C's review is too old.
    assert monthly(con, "CIN 8", "2021-04", "2021-04")["2021-04"] == (4, 7, 400 / 7)
    # A listing shows the review that decided.
    every = periods.all_periods(d("2020-04-01"), d("2021-03-31"))
    (p,) = [p for p in every if p.period_id == "2021-03"]
    got = children.listing(con, catalogue.get("CIN 8"), p, user="tester")
    rows = {r[1]: dict(zip(got.columns, r, strict=True)) for r in got.rows}
    assert sorted(rows) == ["A", "C", "E", "G"]
    assert (rows["E"]["cin_plan_start"], rows["E"]["last_review"]) == (
        d("2020-06-01"),
        d("2021-01-10"),
    )
    assert rows["E"]["plan_made_or_reviewed"] == d("2021-01-10")
    assert rows["A"]["up_to_date_from"] == d("2020-09-30")


def test_cin8_review_on_the_leap_day_cut_off() -> None:
    # 31 Aug 2020 - 6 months = 29 Feb 2020: a review that day is in time, one the day before not.
    con = store_with(
        {
            "ssd_cin_plans": [cin_plan("PL", "L", "2019-06-01"), cin_plan("PM", "M", "2019-06-01")],
            "ext_cin_plan_reviews": [
                plan_review("PL", "L", "2020-02-29"),
                plan_review("PM", "M", "2020-02-28"),
            ],
        }
    )
    assert monthly(con, "CIN 8", "2020-08", "2020-08")["2020-08"] == (1, 2, 50.0)


# --- CIN 1 (children on CIN plans; was "CIN plans rate") ---------------------------------------


def test_cin1_is_the_cin4_cohort_per_10000() -> None:
    con = store_with({**cin4_tables(), "ext_population": population(2020, "T", 1000)})
    got = monthly(con, "CIN 1", "2021-03", "2021-03")
    # The CIN 4 cohort at 31 Mar 2021: A, B, C, E, G, I, J = 7 (D on CP, F looked after, H ended);
    # under-18s at 31 March 2021, mid-2020: 18 x 1,000 = 18,000 -> 7 x 10,000 / 18,000 = 3.89.
    assert got["2021-03"][:2] == (7, 18000)
    assert got["2021-03"][2] == pytest.approx(70000 / 18000)


def test_cin1_is_not_the_dfe_rate() -> None:
    # One store, two measures at 31 March 2021 (population mid-2020, 18,000):
    #   A: CIN episode open, CIN plan open                -> both
    #   B: CIN episode open, no CIN plan (under assessment) -> DfE only
    #   C: CIN episode open, CIN plan and a CP plan         -> DfE only (CP children are not in CIN 1)
    #   D: CIN episode open, CIN plan, looked after          -> DfE only
    #   E: CIN plan from 1 April 2021 (after the month end)  -> neither at 31 March; CIN 1 at 30 April
    con = store_with(
        {
            "ssd_cin_episodes": [
                episode("A1", "A", "2021-01-04"),
                episode("B1", "B", "2021-03-31"),
                episode("C1", "C", "2020-10-01"),
                episode("D1", "D", "2020-10-01"),
                episode("E1", "E", "2021-04-01"),
            ],
            "ssd_cin_plans": [
                cin_plan("PA", "A", "2021-02-01"),
                cin_plan("PC", "C", "2020-11-01"),
                cin_plan("PD", "D", "2020-11-01"),
                cin_plan("PE", "E", "2021-04-01"),
            ],
            "ssd_cp_plans": [cp_plan("C", "2021-01-15")],
            "ssd_cla_episodes": [cla("D", "2021-02-20")],
            "ext_population": population(2020, "T", 1000) + population(2021, "T", 1100),
        }
    )
    assert monthly(con, "CIN 1", "2021-03", "2021-04") == {
        "2021-03": (1, 18000, pytest.approx(10_000 / 18000)),  # A
        "2021-04": (2, 19800, pytest.approx(20_000 / 19800)),  # A, E; 2021-22: mid-2021 18 x 1,100
    }
    assert monthly(con, "CIN DfE rate", "2021-03", "2021-03")["2021-03"][:2] == (4, 18000)


def test_cin_cohort_keeps_a_child_whose_cp_plan_is_held_by_another_la() -> None:
    # One rule for "on a CP plan" (shared view on_cp_plan): plans held by another LA (OLA = Y) are
    # left out everywhere, so they do not take a child out of the CIN plan cohort either.
    con = store_with(
        {
            "ssd_cin_plans": [cin_plan("PA", "A", "2021-01-01"), cin_plan("PB", "B", "2021-01-01")],
            "ssd_cp_plans": [
                {**cp_plan("A", "2021-02-01"), "cppl_cp_plan_ola": "Y"},  # OLA: A stays in
                {**cp_plan("B", "2021-02-01"), "cppl_cp_plan_ola": "N"},  # ours: B is out
            ],
            "ssd_cin_visits": [visit("A", "2021-03-31")],
        }
    )
    # Cohort at 31 March: A only; A seen on 31 March -> 1/1.
    assert monthly(con, "CIN 4", "2021-03", "2021-03")["2021-03"] == (1, 1, 100.0)
    assert monthly(con, "CIN 8", "2021-03", "2021-03")["2021-03"] == (1, 1, 100.0)
    assert monthly(con, "CP children", "2021-03", "2021-03")["2021-03"][0] == 1  # B
