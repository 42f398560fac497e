"""The shared views (sql/shared/): one rule per concept, the same in every indicator that uses it."""

from __future__ import annotations

from typing import Any

import duckdb
import pytest

from csc_insight.indicators import catalogue, engine, periods, settings
from tests.indicators.helpers import cla_episode, d, monthly, store_with
from tests.indicators.test_workforce import TEAMS, alloc, post, prof, staff


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


def test_looked_after_overlapping_and_consecutive_episodes_are_one_row_a_month() -> None:
    con = store_with(
        {
            "ssd_cla_episodes": [
                # P: two records open together at the ends of March to May; the second says the
                # period of care began earlier (1 Dec 2019), and the earliest start wins there.
                cla_episode("P1", "P", "2020-01-10", "2020-06-20", entered="2020-01-10"),
                cla_episode("P2", "P", "2020-03-05", entered="2019-12-01"),
                # Q: a change of placement on 15 April, the new episode starting the day the old ceased.
                cla_episode("Q1", "Q", "2020-02-01", "2020-04-15"),
                cla_episode("Q2", "Q", "2020-04-15", entered="2020-02-01"),
                # R: left care on 10 March and came back on 20 March, a new period of care.
                cla_episode("R1", "R", "2020-01-01", "2020-03-10"),
                cla_episode("R2", "R", "2020-03-20"),
                # S: a record with no start date is not evidence of care.
                {"clae_cla_episode_id": "S1", "clae_person_id": "S"},
            ],
        }
    )
    rows = view(
        con,
        "SELECT period_id, person_id, care_start FROM looked_after ORDER BY 2, 1",
        "2020-01",
        "2020-07",
    )
    p_rows = [("2020-01", "P", d("2020-01-10")), ("2020-02", "P", d("2020-01-10"))] + [
        (m, "P", d("2019-12-01")) for m in ("2020-03", "2020-04", "2020-05", "2020-06", "2020-07")
    ]
    q_rows = [(f"2020-0{m}", "Q", d("2020-02-01")) for m in range(2, 8)]
    r_rows = [("2020-01", "R", d("2020-01-01")), ("2020-02", "R", d("2020-01-01"))] + [
        (f"2020-0{m}", "R", d("2020-03-20")) for m in range(3, 8)
    ]
    assert rows == p_rows + q_rows + r_rows


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


# --- workforce: social_work_role, case allocations, caseloads, staff in post, runs, posts ---------


def test_workforce_views_read_only_what_their_rule_needs() -> None:
    # Head counts (WF 2, 3, 5, 8, 9, 14) must not depend on the case system: only the case-holding
    # view and the caseloads read ssd_involvements.
    reads = catalogue.shared_reads()
    staff_only = {"ext_workforce_staff", "periods"}
    assert reads["social_work_role"] == set()
    assert (
        reads["case_allocations"]
        == reads["open_case_allocations"]
        == {
            "ssd_involvements",
            "periods",
        }
    )
    assert reads["caseloads"] == {
        "ssd_involvements",
        "ssd_professionals",
        "ssd_department",
        "ext_workforce_staff",
        "periods",
    }
    assert reads["staff_runs"] == {"ext_workforce_staff"}
    assert reads["staff_in_post"] == reads["social_workers"] == staff_only
    # Case holding falls back on the caseloads (who holds a case), which also read the case system's
    # worker and team records for FTE and service.
    assert reads["social_worker_case_holding"] == reads["caseloads"]
    assert (
        reads["funded_posts"] == reads["social_work_posts"] == staff_only | {"ext_workforce_posts"}
    )


def test_social_work_role_is_grade_11_and_above() -> None:
    con = store_with({})
    engine.prepare(con, months("2021-03", "2021-03"), settings.defaults())
    got = con.execute(
        """SELECT r, social_work_role(r) FROM (VALUES ('SOCIAL_WORKER'), ('SENIOR_PRACTITIONER'),
           ('TEAM_MANAGER'), ('SERVICE_MANAGER'), ('PERSONAL_ADVISER'), ('EARLY_HELP_WORKER'),
           (NULL)) t(r)"""
    ).fetchall()
    assert [ok for _, ok in got] == [True, True, True, False, False, False, False]


def caseload_store() -> duckdb.DuckDBPyConnection:
    return store_with(
        {
            "ssd_department": TEAMS,
            # A's department is Assessment; B has FTE 0 on the case system and no department.
            "ssd_professionals": [prof("A", None, "ASS1"), prof("B", 0.0), prof("C", 0.6)],
            "ext_workforce_staff": [
                # A: an assignment at FTE 0 (counts as full time), in the ASYE.
                staff("SA", "2020-04-01", worker="A", fte=0.0, nqsw="Y"),
                # C: agency at 1.0 FTE to 31 March 2021, permanent at 0.8 from 31 March (the
                # latest-started is in force that day). B has no assignment.
                staff("SC", "2020-01-01", "2021-03-31", worker="C", agency="Y"),
                staff("SC", "2021-03-31", worker="C", fte=0.8, nqsw="N"),
            ],
            "ssd_involvements": [
                alloc("A", "a1", "ASS1", "2021-01-04"),
                alloc("A", "a2", None, "2021-02-01"),  # no team: A's department, Assessment
                alloc("A", "a3", "SWF1", "2021-03-01"),
                alloc("A", "a4", "SWF1", "2021-03-15", role="sw"),  # role in lower case
                alloc("A", "a1", "SWF1", "2021-03-20", role="PA"),  # a1 again, as personal adviser
                alloc("A", "a5", "ASS1", "2021-01-04", "2021-03-31"),  # ended on 31 March
                alloc("A", "a6", "SWF1", "2021-01-04", role="EHW"),  # early help: not a case
                alloc("B", "b1", "CIC1", "2021-03-31"),  # started on 31 March: held that day
                alloc("B", "b2", "LC1", "2021-02-10"),
                alloc("C", "c1", None, "2020-12-01"),  # no team, no department: service unknown
            ],
        }
    )


def test_open_case_allocations_one_row_per_allocation_held() -> None:
    rows = view(
        caseload_store(),
        "SELECT period_id, worker, count(*) FROM open_case_allocations GROUP BY ALL ORDER BY 1, 2",
        "2021-02",
        "2021-03",
    )
    # 28 Feb: A holds a1, a2, a5 (a3, a4 and a1-as-PA not started; a6 is early help); B holds b2.
    # 31 Mar: A holds a1, a2, a3, a4 and a1 as PA (5 allocations; a5 ended that day); B b1, b2.
    assert rows == [
        ("2021-02", "A", 3),
        ("2021-02", "B", 1),
        ("2021-02", "C", 1),
        ("2021-03", "A", 5),
        ("2021-03", "B", 2),
        ("2021-03", "C", 1),
    ]


def test_caseloads_cases_fte_nqsw_and_main_service() -> None:
    rows = view(
        caseload_store(),
        "SELECT period_id, worker, cases, fte::DOUBLE, nqsw, service FROM caseloads ORDER BY 1, 2",
        "2021-02",
        "2021-03",
    )
    assert rows == [
        # 28 Feb: A holds a1, a2, a5, all Assessment (a2 through A's department).
        ("2021-02", "A", 3, 1.0, "Y", "Assessment"),
        # B: b2 only; no assignment, case-system FTE 0 counts as full time.
        ("2021-02", "B", 1, 1.0, None, "Leaving Care"),
        # C: the agency assignment, 1.0 FTE, no NQSW flag; c1's team is unknown.
        ("2021-02", "C", 1, 1.0, None, None),
        # 31 Mar: A holds 4 children (a1 twice is one case). By service: Assessment {a1, a2} = 2,
        # Social Work with Families {a3, a4, a1} = 3, so SWF. FTE 0 on the assignment: 1.0.
        ("2021-03", "A", 4, 1.0, "Y", "Social Work with Families"),
        # B: Children in Care {b1} 1 and Leaving Care {b2} 1 tie; the most recent allocation
        # (b1, 31 March) decides.
        ("2021-03", "B", 2, 1.0, None, "Children in Care"),
        # C: made permanent on 31 March: the 0.8 FTE assignment, NQSW N.
        ("2021-03", "C", 1, 0.8, "N", None),
    ]


def test_staff_in_post_runs_and_continuous_start() -> None:
    con = store_with(
        {
            "ext_workforce_staff": [
                # P: direct; to the leap day, then promoted from 1 March 2020 (continuous); leaves
                # on 30 March 2021 and returns as team manager on 1 April (31 March not worked: a
                # new run).
                staff("P", "2019-02-28", "2020-02-29"),
                staff("P", "2020-03-01", "2021-03-30", role="SENIOR_PRACTITIONER"),
                staff("P", "2021-04-01", role="TEAM_MANAGER"),
                # Q: agency to 31 March 2021, direct from 31 March (a new run on the new footing).
                staff("Q", "2019-06-01", "2021-03-31", agency="Y"),
                staff("Q", "2021-03-31"),
                # R: a service manager: in post, not a social worker.
                staff("R", "2018-01-01", role="SERVICE_MANAGER"),
                # S: agency; a day's gap on 1 July 2020 starts a new run on 2 July.
                staff("S", "2020-01-01", "2020-06-30", agency="Y"),
                staff("S", "2020-07-02", agency="Y"),
            ]
        }
    )
    runs = view(
        con,
        "SELECT staff_id, agency, run_start, role FROM staff_runs ORDER BY 1, 3",
        "2021-03",
        "2021-03",
    )
    assert runs == [
        ("P", "N", d("2019-02-28"), "SOCIAL_WORKER"),
        ("P", "N", d("2021-04-01"), "TEAM_MANAGER"),
        ("Q", "Y", d("2019-06-01"), "SOCIAL_WORKER"),
        ("Q", "N", d("2021-03-31"), "SOCIAL_WORKER"),
        ("R", "N", d("2018-01-01"), "SERVICE_MANAGER"),
        ("S", "Y", d("2020-01-01"), "SOCIAL_WORKER"),
        ("S", "Y", d("2020-07-02"), "SOCIAL_WORKER"),
    ]
    in_post = view(
        con,
        "SELECT period_id, staff_id, role, agency FROM staff_in_post ORDER BY 1, 2",
        "2021-02",
        "2021-04",
    )
    assert in_post == [
        ("2021-02", "P", "SENIOR_PRACTITIONER", "N"),
        ("2021-02", "Q", "SOCIAL_WORKER", "Y"),
        ("2021-02", "R", "SERVICE_MANAGER", "N"),
        ("2021-02", "S", "SOCIAL_WORKER", "Y"),
        # 31 March: P left on the 30th; Q's direct assignment (the latest-started) is in force.
        ("2021-03", "Q", "SOCIAL_WORKER", "N"),
        ("2021-03", "R", "SERVICE_MANAGER", "N"),
        ("2021-03", "S", "SOCIAL_WORKER", "Y"),
        ("2021-04", "P", "TEAM_MANAGER", "N"),
        ("2021-04", "Q", "SOCIAL_WORKER", "N"),
        ("2021-04", "R", "SERVICE_MANAGER", "N"),
        ("2021-04", "S", "SOCIAL_WORKER", "Y"),
    ]
    social_workers = view(
        con,
        "SELECT period_id, staff_id, continuous_start FROM social_workers ORDER BY 1, 2",
        "2021-02",
        "2021-04",
    )
    # R (service manager) is never a social worker; the start is the run on the current footing.
    assert social_workers == [
        ("2021-02", "P", d("2019-02-28")),  # across the leap day and the promotion
        ("2021-02", "Q", d("2019-06-01")),  # agency since June 2019
        ("2021-02", "S", d("2020-07-02")),  # the run after the gap
        ("2021-03", "Q", d("2021-03-31")),  # direct since the conversion day
        ("2021-03", "S", d("2020-07-02")),
        ("2021-04", "P", d("2021-04-01")),  # back after a day out: a new run
        ("2021-04", "Q", d("2021-03-31")),
        ("2021-04", "S", d("2020-07-02")),
    ]


def test_social_worker_case_holding_flag_first_then_cases() -> None:
    con = store_with(
        {
            "ext_workforce_staff": [
                staff("W1", "2020-01-01", case_holding="Y"),  # flag Y, no cases: holds cases
                staff("W2", "2020-01-01", worker="B", case_holding="N"),  # flag N wins over a case
                staff("W3", "2020-01-01", worker="C", case_holding=None),  # case ended 31 March
                staff("W4", "2020-01-01", worker="D", case_holding=None),  # an open PA allocation
                staff("W5", "2020-01-01", case_holding=None),  # no flag, no case-system id
                staff("W6", "2020-01-01", worker="E", case_holding=None),  # early help only
                staff("W7", "2020-01-01", role="SERVICE_MANAGER"),  # not a social worker
            ],
            "ssd_involvements": [
                alloc("B", "b1", "SWF1", "2021-01-01"),
                alloc("C", "c1", "SWF1", "2021-01-01", "2021-03-31"),
                alloc("D", "d1", "LC1", "2021-03-31", role="PA"),
                alloc("E", "e1", "EH1", "2021-01-01", role="EHW"),
            ],
        }
    )
    rows = view(
        con,
        "SELECT staff_id, holds_cases FROM social_worker_case_holding ORDER BY 1",
        "2021-03",
        "2021-03",
    )
    assert rows == [
        ("W1", True),
        ("W2", False),
        ("W3", False),
        ("W4", True),
        ("W5", False),
        ("W6", False),
    ]


def test_funded_posts_filled_and_filled_directly() -> None:
    con = store_with(
        {
            "ext_workforce_posts": [
                post("P1", "2019-01-01"),
                post("P2", "2019-01-01", role="SENIOR_PRACTITIONER"),
                post("P3", "2019-01-01", role="TEAM_MANAGER"),
                post("P4", "2019-01-01", role="SERVICE_MANAGER"),
                post("P5", "2019-01-01", "2021-03-31"),  # deleted on 31 March: funded that day
                post("P6", "2019-01-01", "2021-03-30"),  # deleted the day before: not funded
                post("P7", "2019-01-01"),
            ],
            "ext_workforce_staff": [
                staff("D1", "2020-01-01", "2021-03-31", post="P1"),  # direct, last day 31 March
                staff("A1", "2020-01-01", post="P2", agency="Y"),  # agency cover only
                # X: in P7 and, from 1 March, also over establishment (the later assignment is the
                # one staff_in_post keeps); P7 is still filled.
                staff("X", "2020-01-01", post="P7"),
                staff("X", "2021-03-01"),
            ],
        }
    )
    funded = view(
        con,
        "SELECT post_id, role, filled, filled_directly FROM funded_posts ORDER BY 1",
        "2021-03",
        "2021-03",
    )
    assert funded == [
        ("P1", "SOCIAL_WORKER", True, True),
        ("P2", "SENIOR_PRACTITIONER", True, False),
        ("P3", "TEAM_MANAGER", False, False),
        ("P4", "SERVICE_MANAGER", False, False),
        ("P5", "SOCIAL_WORKER", False, False),
        ("P7", "SOCIAL_WORKER", True, True),
    ]
    social_work = con.execute("SELECT post_id FROM social_work_posts ORDER BY 1").fetchall()
    assert [p for (p,) in social_work] == ["P1", "P2", "P3", "P5", "P7"]
