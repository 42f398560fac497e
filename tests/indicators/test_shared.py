"""The shared views (sql/shared/): one rule per concept, the same in every indicator that uses it."""

from __future__ import annotations

from typing import Any

import duckdb
import pytest

from csc_insight.indicators import engine, periods, settings
from tests.indicators.helpers import d, monthly, store_with


def months(first: str, last: str) -> list[periods.Period]:
    return periods.months(d(first + "-01"), d(last + "-01"))


def view(con: duckdb.DuckDBPyConnection, sql: str, first: str, last: str) -> list[tuple[Any, ...]]:
    engine.prepare(con, months(first, last), settings.defaults())
    return con.execute(sql).fetchall()


def pop(
    area: str, year: int, sex: str, count: int, ages: range = range(18)
) -> list[dict[str, Any]]:
    return [
        {"pop_area_code": area, "pop_year": year, "pop_age": a, "pop_sex": sex, "pop_count": count}
        for a in ages
    ]


# --- under_18_population ------------------------------------------------------------------------


def population_store() -> duckdb.DuckDBPyConnection:
    return store_with(
        {
            "ext_population": [
                # Mid-2019: area X only, persons: 18 x 50 = 900.
                *pop("X", 2019, "T", 50),
                # Mid-2020, area X: persons 100 a year of age (18 x 100 = 1,800); its M rows are ignored.
                *pop("X", 2020, "T", 100),
                *pop("X", 2020, "M", 7),
                # Mid-2020, area Y: no persons rows except age 0 (T 100, which wins over its M + F);
                # ages 1-17 are M 40 + F 50 = 90: 100 + 17 x 90 = 1,630.
                *pop("Y", 2020, "M", 40),
                *pop("Y", 2020, "F", 50),
                *pop("Y", 2020, "T", 100, range(1)),
                # Ages 18-25 never count, in any year ...
                *pop("X", 2020, "T", 9999, range(18, 26)),
                # ... and a year with only 18-25 rows (care-leaver denominators) is no estimate.
                *pop("X", 2021, "T", 9999, range(18, 26)),
            ],
            "ssd_cla_episodes": [
                {
                    "clae_cla_episode_id": "E1",
                    "clae_person_id": "A",
                    "clae_cla_episode_start_date": d("2019-01-01"),
                }
            ],
            "ssd_cp_plans": [
                {
                    "cppl_cp_plan_id": "P1",
                    "cppl_person_id": "B",
                    "cppl_cp_plan_start_date": d("2019-01-01"),
                }
            ],
            "ssd_cin_plans": [
                {
                    "cinp_cin_plan_id": "C1",
                    "cinp_person_id": "C",
                    "cinp_cin_plan_start_date": d("2019-01-01"),
                }
            ],
            "ssd_cin_episodes": [
                {
                    "cine_referral_id": "R1",
                    "cine_person_id": "C",
                    "cine_referral_date": d("2019-01-01"),
                }
            ],
        }
    )


def test_under_18_population_one_rule() -> None:
    got = dict(
        view(
            population_store(),
            "SELECT period_id, people FROM under_18_population",
            "2020-02",
            "2021-04",
        )
    )
    # Mid-2020 = area X 1,800 + area Y 1,630 = 3,430.
    # Feb 2020 (leap month) and 31 March 2020 are in 2019-20: mid-2019 = 900.
    assert got["2020-02"] == got["2020-03"] == 900
    # 30 April 2020 to 31 March 2021 (2020-21): mid-2020.
    assert got["2020-04"] == got["2021-03"] == 3430
    # 30 April 2021 (2021-22): mid-2021 has no ages 0-17, so the latest earlier, mid-2020.
    assert got["2021-04"] == 3430


def test_every_rate_per_10000_uses_the_same_population() -> None:
    con = population_store()
    for ind in ("CIN 1", "CIN DfE rate", "CLA rate", "CP rate"):
        got = monthly(con, ind, "2020-03", "2021-04")
        # One child each (C on a CIN plan and in need, A looked after, B on a CP plan).
        assert got["2020-03"][:2] == (1, 900), ind
        assert got["2021-04"][:2] == (1, 3430), ind
        assert got["2021-04"][2] == pytest.approx(10_000 / 3430), ind


def test_under_18_population_earliest_when_none_earlier_and_none_when_none_loaded() -> None:
    con = store_with({"ext_population": pop("X", 2022, "M", 10) + pop("X", 2022, "F", 11)})
    # 2020-21 and 2021-22: nothing as early: the earliest loaded, mid-2022, 18 x 21 = 378.
    assert dict(view(con, "SELECT * FROM under_18_population", "2021-03", "2021-04")) == {
        "2021-03": 378,
        "2021-04": 378,
    }
    assert view(store_with({}), "SELECT * FROM under_18_population", "2021-03", "2021-03") == []


# --- looked_after / looked_after_on ---------------------------------------------------------------


def test_looked_after_view_and_macro_agree() -> None:
    con = store_with(
        {
            "ssd_cla_episodes": [
                # A: ceased on 31 March 2021: not looked after that day.
                {
                    "clae_cla_episode_id": "A1",
                    "clae_person_id": "A",
                    "clae_cla_episode_start_date": d("2020-06-01"),
                    "clae_cla_episode_ceased_date": d("2021-03-31"),
                },
                # B: short breaks (V3) until 15 March 2021, then a care order: looked after from 15 March.
                {
                    "clae_cla_episode_id": "B1",
                    "clae_person_id": "B",
                    "clae_cla_episode_start_date": d("2020-06-01"),
                },
                # C: came into care on 31 March 2021: looked after that day.
                {
                    "clae_cla_episode_id": "C1",
                    "clae_person_id": "C",
                    "clae_cla_episode_start_date": d("2021-03-31"),
                },
            ],
            "ssd_legal_status": [
                {
                    "lega_legal_status_id": "L1",
                    "lega_person_id": "B",
                    "lega_legal_status": "V3",
                    "lega_legal_status_start_date": d("2020-06-01"),
                    "lega_legal_status_end_date": d("2021-03-15"),
                },
                {
                    "lega_legal_status_id": "L2",
                    "lega_person_id": "B",
                    "lega_legal_status": "C2",
                    "lega_legal_status_start_date": d("2021-03-15"),
                },
            ],
        }
    )
    rows = view(
        con,
        "SELECT period_id, person_id, care_start FROM looked_after ORDER BY 1, 2",
        "2021-02",
        "2021-03",
    )
    # 28 Feb: A (B on short breaks); 31 Mar: B, C (A ceased that day).
    assert rows == [
        ("2021-02", "A", d("2020-06-01")),
        ("2021-03", "B", d("2020-06-01")),
        ("2021-03", "C", d("2021-03-31")),
    ]
    on = con.execute(
        """SELECT p, looked_after_on(p, DATE '2021-03-14'), looked_after_on(p, DATE '2021-03-15'),
                  looked_after_on(p, DATE '2021-03-31')
           FROM (VALUES ('A'), ('B'), ('C'), ('Z')) t(p) ORDER BY p"""
    ).fetchall()
    assert on == [
        ("A", True, True, False),
        ("B", False, True, True),
        ("C", False, False, True),
        ("Z", False, False, False),
    ]


# --- on_cp_plan -------------------------------------------------------------------------------------


def test_on_cp_plan_leaves_out_plans_held_by_another_la_and_takes_the_earliest_start() -> None:
    def plan(
        ident: str, person: str, start: str, end: str | None = None, ola: str | None = None
    ) -> dict[str, Any]:
        return {
            "cppl_cp_plan_id": ident,
            "cppl_person_id": person,
            "cppl_cp_plan_start_date": d(start),
            "cppl_cp_plan_end_date": d(end) if end else None,
            "cppl_cp_plan_ola": ola,
        }

    con = store_with(
        {
            "ssd_cp_plans": [
                plan("A1", "A", "2020-10-01"),  # A: two open plans: earliest start 1 Oct
                plan("A2", "A", "2021-01-10"),
                plan("B1", "B", "2020-10-01", ola="Y"),  # B: held by another LA: not on a plan
                plan("C1", "C", "2020-10-01", ola="Y"),  # C: an OLA plan, then one of ours
                plan("C2", "C", "2021-03-01", ola="N"),
                plan("D1", "D", "2020-10-01", "2021-03-31"),  # D: ended on 31 March
            ]
        }
    )
    rows = view(
        con,
        "SELECT period_id, person_id, plan_start FROM on_cp_plan ORDER BY 1, 2",
        "2021-03",
        "2021-03",
    )
    assert rows == [("2021-03", "A", d("2020-10-01")), ("2021-03", "C", d("2021-03-01"))]
