"""Workforce indicators (W1 caseloads, WF 1-15 dashboard) on hand-built workers, teams and posts."""

from __future__ import annotations

from typing import Any

import pytest

from tests.indicators.helpers import d, monthly, period_value, store_with

SERVICES = {
    "ASS1": "Assessment",
    "SWF1": "Social Work with Families",
    "CIC1": "Children in Care",
    "CWD1": "Children with Disabilities",
    "CWDT": "Children with Disabilities Transitions",
    "LC1": "Leaving Care",
    "ADO1": "Adolescents",
    "EH1": "Early Help",
}
TEAMS = [
    {"dept_team_id": t, "dept_team_name": f"{s} team", "dept_team_parent_name": s}
    for t, s in SERVICES.items()
]


def alloc(
    worker: str,
    child: str,
    team: str | None,
    start: str,
    end: str | None = None,
    role: str | None = "SW",
) -> dict[str, Any]:
    return {
        "invo_involvements_id": f"{worker}-{child}-{team}-{start}",
        "invo_professional_id": worker,
        "invo_professional_role_id": role,
        "invo_professional_team": team,
        "invo_person_id": child,
        "invo_involvement_start_date": d(start),
        "invo_involvement_end_date": d(end) if end else None,
    }


def staff(
    staff_id: str,
    start: str,
    end: str | None = None,
    *,
    worker: str | None = None,
    post: str | None = None,
    role: str = "SOCIAL_WORKER",
    agency: str = "N",
    nqsw: str | None = None,
    fte: float = 1.0,
    leaving: str | None = None,
    case_holding: str | None = "Y",
) -> dict[str, Any]:
    return {
        "wstaf_assignment_id": f"{staff_id}-{start}",
        "wstaf_staff_id": staff_id,
        "wstaf_professional_id": worker,
        "wstaf_post_id": post,
        "wstaf_team_id": "SWF1",
        "wstaf_role": role,
        "wstaf_agency": agency,
        "wstaf_nqsw": nqsw,
        "wstaf_fte": fte,
        "wstaf_start_date": d(start),
        "wstaf_end_date": d(end) if end else None,
        "wstaf_leaving_reason": leaving,
        "wstaf_case_holding": case_holding,
    }


def post(
    post_id: str, start: str, end: str | None = None, role: str = "SOCIAL_WORKER"
) -> dict[str, Any]:
    return {
        "wpost_post_id": post_id,
        "wpost_team_id": "SWF1",
        "wpost_role": role,
        "wpost_fte": 1.0,
        "wpost_start_date": d(start),
        "wpost_end_date": d(end) if end else None,
    }


def prof(worker: str, fte: float | None = None, dept: str | None = None) -> dict[str, Any]:
    return {
        "prof_professional_id": worker,
        "prof_full_time_equivalency": fte,
        "prof_professional_department": dept,
    }


# ---------------------------------------------------------------------------------------------
# W1: average caseload = cases held / FTE of case-holding workers
# ---------------------------------------------------------------------------------------------


def test_w1_fte_weighting_and_allocations_ending_on_the_month_end() -> None:
    con = store_with(
        {
            "ssd_department": TEAMS,
            "ssd_professionals": [prof("A", 0.5), prof("B", 1.0), prof("C", 1.0)],
            "ext_workforce_staff": [
                # A works full time to 28 Feb, then 0.5 FTE from 1 March (the first day of the month).
                staff("SA", "2020-09-01", "2021-02-28", worker="A", fte=1.0),
                staff("SA", "2021-03-01", worker="A", fte=0.5),
                staff("SB", "2019-01-01", worker="B", fte=1.0),
                # C, agency at 1.0 FTE to 31 March, made permanent at 0.8 FTE from 31 March: on the
                # overlapping day the latest-started assignment (0.8) is the one in force.
                staff("SC", "2020-01-01", "2021-03-31", worker="C", agency="Y", fte=1.0),
                staff("SC", "2021-03-31", worker="C", fte=0.8),
            ],
            "ssd_involvements": [
                *[alloc("A", f"a{n}", "SWF1", "2021-01-04") for n in range(1, 7)],
                alloc(
                    "A", "a7", "SWF1", "2021-01-04", "2021-03-31"
                ),  # ends on the month end: not held at 31 March
                *[alloc("B", f"b{n}", "SWF1", "2020-11-01") for n in range(1, 12)],
                alloc("B", "b12", "SWF1", "2021-03-31"),  # starts on the month end: held
                *[alloc("C", f"c{n}", "SWF1", "2020-06-01") for n in range(1, 5)],
            ],
        }
    )
    got = monthly(con, "W1 b", "2021-02", "2021-03")
    # 28 Feb: A 7 cases (a1-a7) at 1.0 FTE; B 11 at 1.0; C 4 at 1.0 (agency) -> 22 / 3.0
    assert got["2021-02"][:2] == (22, 3.0)
    assert got["2021-02"][2] == pytest.approx(22 / 3)
    # 31 Mar: A 6 (a7 ended that day) at 0.5; B 12 (b12 started that day) at 1.0; C 4 at 0.8
    #   -> 22 / 2.3
    assert got["2021-03"][:2] == (22, pytest.approx(2.3))
    assert got["2021-03"][2] == pytest.approx(22 / 2.3)
    # Every worker here is in Social Work with Families, so W1 is the same; no other service has any.
    assert monthly(con, "W1", "2021-03", "2021-03")["2021-03"][:2] == (22, pytest.approx(2.3))
    assert monthly(con, "W1 a", "2021-03", "2021-03")["2021-03"] == (0, 0, None)
    # A snapshot: the year and Q4 take 31 March.
    assert period_value(con, "W1 b", "2020-04", "2021-03", "2020-21")[:2] == (
        22,
        pytest.approx(2.3),
    )
    assert period_value(con, "W1 b", "2020-04", "2021-03", "2020-21 Q4")[:2] == (
        22,
        pytest.approx(2.3),
    )


def test_w1_worker_moving_team_mid_month_counts_where_the_cases_are_at_the_month_end() -> None:
    con = store_with(
        {
            "ssd_department": TEAMS,
            # No FTE anywhere: each worker counts as 1.0 FTE.
            "ssd_involvements": [
                # M moves from Assessment to Social Work with Families on 15 March, taking 3 of 4 cases.
                *[alloc("M", f"m{n}", "ASS1", "2021-01-11", "2021-03-15") for n in range(1, 5)],
                *[alloc("M", f"m{n}", "SWF1", "2021-03-15") for n in range(1, 4)],
                # S splits: 2 cases in Children in Care, 1 in Adolescents -> belongs to Children in Care.
                alloc("S", "s1", "CIC1", "2021-01-05"),
                alloc("S", "s2", "CIC1", "2021-01-05"),
                alloc("S", "s3", "ADO1", "2021-02-01"),
                # T ties 1-1 in March: the most recent allocation (Adolescents, 10 March) decides.
                alloc("T", "t1", "CIC1", "2021-01-05"),
                alloc("T", "t2", "ADO1", "2021-03-10"),
            ],
        }
    )
    feb = {
        i: monthly(con, i, "2021-02", "2021-02")["2021-02"]
        for i in ("W1", "W1 a", "W1 b", "W1 c", "W1 g")
    }
    # 28 Feb: M in Assessment with 4; S in CiC with 3 (s1, s2, s3); T in CiC with 1 (t1).
    assert feb["W1 a"] == (4, 1.0, 4.0)
    assert feb["W1 b"] == (0, 0, None)
    assert feb["W1 c"] == (4, 2.0, 2.0)  # S 3 + T 1 over 2 workers
    assert feb["W1 g"] == (0, 0, None)
    assert feb["W1"] == (8, 3.0, 8 / 3)
    mar = {
        i: monthly(con, i, "2021-03", "2021-03")["2021-03"]
        for i in ("W1", "W1 a", "W1 b", "W1 c", "W1 g")
    }
    # 31 Mar: M in SWwF with 3 (m4 closed on 15 March); S still CiC with 3; T in Adolescents with 2.
    assert mar["W1 a"] == (0, 0, None)
    assert mar["W1 b"] == (3, 1.0, 3.0)
    assert mar["W1 c"] == (3, 1.0, 3.0)
    assert mar["W1 g"] == (2, 1.0, 2.0)
    assert mar["W1"] == (8, 3.0, 8 / 3)  # 3 + 3 + 2: each worker in exactly one service


def test_w1_a_child_held_twice_by_one_worker_is_one_case() -> None:
    con = store_with(
        {
            "ssd_department": TEAMS,
            "ssd_involvements": [
                # R holds r1 through two overlapping allocations in Children in Care, and r2 in
                # Children in Care and in Adolescents at once: two children, two cases.
                alloc("R", "r1", "CIC1", "2021-01-04"),
                alloc("R", "r1", "CIC1", "2021-02-01"),
                alloc("R", "r2", "CIC1", "2021-01-04"),
                alloc("R", "r2", "ADO1", "2021-03-01"),
                alloc("R", "r3", "ADO1", "2021-03-01"),
            ],
        }
    )
    # 31 Mar: r1 and r2 in Children in Care (2), r2 and r3 in Adolescents (2): a tie, which the
    # most recent allocation (Adolescents, 1 March) decides. R holds 3 children, not 5 allocations.
    mar = {i: monthly(con, i, "2021-03", "2021-03")["2021-03"] for i in ("W1", "W1 c", "W1 g")}
    assert mar["W1"] == (3, 1.0, 3.0)
    assert mar["W1 g"] == (3, 1.0, 3.0)
    assert mar["W1 c"] == (0, 0, None)
    # 28 Feb: r1 (twice) and r2 in Children in Care: 2 cases.
    assert monthly(con, "W1 c", "2021-02", "2021-02")["2021-02"] == (2, 1.0, 2.0)


def test_w1_roles_team_fallback_and_transition_team() -> None:
    con = store_with(
        {
            "ssd_department": TEAMS,
            "ssd_professionals": [
                prof("P", 0.6),  # personal adviser, FTE only on the case-system record
                prof("U", 0.0, dept="CWD1"),  # FTE 0 counts as 1.0; team from the record
                prof("X", None),
                prof("E", 1.0),
            ],
            "ssd_involvements": [
                *[alloc("P", f"p{n}", "LC1", "2020-12-01", role="PA") for n in range(1, 4)],
                # Early help worker: role EHW is not a case.
                *[alloc("E", f"e{n}", "EH1", "2021-01-01", role="EHW") for n in range(1, 6)],
                # U: no role recorded (read as SW) and no team on the allocation (U's record: CWD1).
                alloc("U", "u1", None, "2021-02-01", role=None),
                alloc("U", "u2", None, "2021-02-01", role=None),
                # X: transition team (its own service name) -> not W1 d; also co-works p1 (a case for both).
                alloc("X", "x1", "CWDT", "2021-01-01"),
                alloc("X", "p1", "CWDT", "2021-01-01"),
            ],
        }
    )
    assert monthly(con, "W1 f", "2021-03", "2021-03")["2021-03"] == (
        3,
        0.6,
        pytest.approx(5.0),
    )  # 3 / 0.6
    assert monthly(con, "W1 d", "2021-03", "2021-03")["2021-03"] == (2, 1.0, 2.0)  # U only
    # W1 local: P 3 + U 2 + X 2 = 7 cases over 0.6 + 1.0 + 1.0 = 2.6 FTE; E holds no case.
    n, den, value = monthly(con, "W1 local", "2021-03", "2021-03")["2021-03"]
    assert (n, den) == (7, pytest.approx(2.6))
    assert value == pytest.approx(7 / 2.6)
    # W1 (the DfE's): social workers' cases only, U 2 + X 2 = 4 over 2.0 FTE; P, a personal
    # adviser, is out of both parts (W1 gave 7 / 2.6 = 2.7 until it became the DfE's).
    assert monthly(con, "W1", "2021-03", "2021-03")["2021-03"] == (4, 2.0, 2.0)


def test_w1e_nqsw_from_a_leap_day_start() -> None:
    con = store_with(
        {
            "ssd_department": TEAMS,
            "ext_workforce_staff": [
                # N starts the ASYE year on 29 Feb 2020 (a leap day), flagged to 28 Feb 2021, then not.
                staff("SN", "2020-02-29", "2021-02-28", worker="N", nqsw="Y"),
                staff("SN", "2021-03-01", worker="N", nqsw="N"),
                staff("SQ", "2015-01-01", worker="Q", nqsw="N"),
            ],
            "ssd_involvements": [
                alloc(
                    "N", "n1", "SWF1", "2020-02-29"
                ),  # allocated on the leap day: held at its end
                alloc("N", "n2", "SWF1", "2020-03-02"),
                *[alloc("Q", f"q{n}", "SWF1", "2019-01-01") for n in range(1, 5)],
            ],
        }
    )
    got = monthly(con, "W1 e", "2020-02", "2021-03")
    assert got["2020-02"] == (1, 1.0, 1.0)  # n1 only, at 29 Feb 2020
    assert got["2020-03"] == (2, 1.0, 2.0)
    assert got["2021-02"] == (2, 1.0, 2.0)  # still flagged on 28 Feb 2021 (end date inclusive)
    assert got["2021-03"] == (0, 0, None)  # ASYE over; Q was never counted
    assert monthly(con, "W1", "2021-03", "2021-03")["2021-03"] == (6, 2.0, 3.0)
    assert monthly(con, "W1 local", "2021-03", "2021-03")["2021-03"] == (6, 2.0, 3.0)


def test_w1_is_the_dfe_caseload_social_workers_cases_over_their_fte() -> None:
    """W1 used to count personal advisers' cases and FTE (now W1 local): 37 / 3.4 = 10.9 here at
    29 February 2020. The DfE's caseload counts social workers' cases, agency workers' included,
    over the FTE of the case-holding social workers: 23 / 2.8 = 8.2."""
    con = store_with(
        {
            "ssd_department": TEAMS,
            "ssd_professionals": [prof("S"), prof("G"), prof("P", 0.6), prof("M")],
            "ext_workforce_staff": [
                staff("SS", "2019-01-01", worker="S", fte=1.0),
                staff("SG", "2019-06-01", worker="G", agency="Y", fte=0.8),  # agency: counted
                staff("SM", "2019-01-01", worker="M", fte=1.0),
            ],
            "ssd_involvements": [
                *[alloc("S", f"s{n}", "SWF1", "2019-10-01") for n in range(1, 11)],
                *[alloc("G", f"g{n}", "CIC1", "2019-10-01") for n in range(1, 9)],
                # P, a personal adviser: 12 children, none a social worker's case.
                *[alloc("P", f"p{n}", "LC1", "2019-10-01", role="PA") for n in range(1, 13)],
                # M holds 3 children as social worker, 2 as personal adviser, and m6 as both
                # (a case once); m7 from the leap day (held at its end), m8 ended on it (not).
                *[alloc("M", f"m{n}", "LC1", "2019-10-01") for n in range(1, 4)],
                *[alloc("M", f"m{n}", "LC1", "2019-10-01", role="PA") for n in (4, 5)],
                alloc("M", "m6", "LC1", "2019-10-01"),
                alloc("M", "m6", "LC1", "2019-11-01", role="PA"),
                alloc("M", "m7", "LC1", "2020-02-29"),
                alloc("M", "m8", "LC1", "2019-10-01", "2020-02-29"),
            ],
        }
    )
    feb = {
        i: monthly(con, i, "2020-02", "2020-02")["2020-02"]
        for i in ("W1", "W1 local", "W1 b", "W1 c", "W1 f")
    }
    # W1: S 10 + G 8 + M 5 (m1-m3, m6, m7) = 23 over 1.0 + 0.8 + 1.0 = 2.8 FTE. P holds no
    # social worker's case, so is out of both parts.
    assert feb["W1"][:2] == (23, pytest.approx(2.8))
    assert feb["W1"][2] == pytest.approx(23 / 2.8)
    # W1 local: S 10 + G 8 + P 12 + M 7 (m1-m7) = 37 over 2.8 + 0.6 = 3.4 FTE.
    assert feb["W1 local"][:2] == (37, pytest.approx(3.4))
    # W1 a-g split W1 local: S in Social Work with Families, G in Children in Care, P and M in
    # Leaving Care; they add up to it.
    assert feb["W1 b"] == (10, 1.0, 10.0)
    assert feb["W1 c"][:2] == (8, pytest.approx(0.8))
    assert feb["W1 f"][:2] == (19, pytest.approx(1.6))
    parts = [feb[i] for i in ("W1 b", "W1 c", "W1 f")]
    assert sum(p[0] for p in parts) == feb["W1 local"][0]
    assert sum(p[1] or 0 for p in parts) == pytest.approx(feb["W1 local"][1])
    # 31 January: m8 still held, m7 not yet: M again 5 (m1-m3, m6, m8).
    assert monthly(con, "W1", "2020-01", "2020-01")["2020-01"][:2] == (23, pytest.approx(2.8))
    # A year: the snapshot at its last month end (31 March 2020, as at 29 February).
    assert period_value(con, "W1", "2019-04", "2020-03", "2019-20")[:2] == (
        23,
        pytest.approx(2.8),
    )


# ---------------------------------------------------------------------------------------------
# WF 1-15: the workforce dashboard
# ---------------------------------------------------------------------------------------------


def headcount_store() -> Any:
    return store_with(
        {
            "ext_workforce_staff": [
                staff("D1", "2019-06-01", worker="W_D1"),
                # D4 starts on the first day of March, NQSW; flag empty but holds a case -> case holding.
                staff("D4", "2021-03-01", worker="W_D4", nqsw="Y", case_holding=None),
                staff("D5", "2018-01-01", case_holding="N"),  # maternity leave
                # TM1: team manager, flag empty, no allocations -> not case holding.
                staff("TM1", "2018-01-01", worker="W_TM1", role="TEAM_MANAGER", case_holding=None),
                staff("G1", "2019-01-15", agency="Y"),
                # G2: agency to 31 March, permanent from 1 April.
                staff("G2", "2020-10-01", "2021-03-31", agency="Y"),
                staff("G2", "2021-04-01"),
                # L1: last day 31 March 2021 (left): in post on 31 March, gone on 30 April.
                staff("L1", "2017-05-01", "2021-03-31", leaving="1"),
                staff("PA1", "2019-01-01", role="PERSONAL_ADVISER"),  # not a social worker
                staff("SM1", "2019-01-01", role="SERVICE_MANAGER"),  # not grade 11+ here
            ],
            "ssd_involvements": [alloc("W_D4", "k1", "SWF1", "2021-03-01")],
        }
    )


@pytest.mark.parametrize(
    ("indicator", "march", "april"),
    [
        # 31 Mar social workers: D1, D4, D5, TM1, G1, G2 (agency), L1 (last day) = 7.
        # 30 Apr: D1, D4, D5, TM1, G1, G2 (direct) = 6.
        ("WF 1", 5, 4),  # case holding: Mar D1, D4, G1, G2, L1; Apr D1, D4, G1, G2
        ("WF 2", 5, 5),  # direct: Mar D1, D4, D5, TM1, L1; Apr D1, D4, D5, TM1, G2
        ("WF 4", 2, 2),  # direct, not case holding: D5 (flag N), TM1 (empty flag, no cases)
        ("WF 5", 2, 1),  # agency: Mar G1, G2; Apr G1
        ("WF 9", 1, 1),  # NQSW: D4
    ],
)
def test_wf_headcounts_across_the_year_end(indicator: str, march: int, april: int) -> None:
    got = monthly(headcount_store(), indicator, "2021-03", "2021-04")
    assert got["2021-03"] == (march, None, march)
    assert got["2021-04"] == (april, None, april)


def test_wf14_agency_rate_and_the_conversion_day() -> None:
    got = monthly(headcount_store(), "WF 14", "2021-03", "2021-04")
    assert got["2021-03"] == (2, 7, 200 / 7)  # G1, G2 of 7
    assert got["2021-04"] == (1, 6, 100 / 6)  # G1 of 6
    # Made permanent on the month end itself: both assignments in force on 31 March, the later wins.
    con = store_with(
        {
            "ext_workforce_staff": [
                staff("X", "2020-06-01", "2021-03-31", agency="Y"),
                staff("X", "2021-03-31"),
            ]
        }
    )
    assert monthly(con, "WF 14", "2021-03", "2021-03")["2021-03"] == (0, 1, 0.0)
    assert monthly(con, "WF 2", "2021-03", "2021-03")["2021-03"] == (1, None, 1)
    assert monthly(con, "WF 5", "2021-03", "2021-03")["2021-03"] == (0, None, 0)
    assert monthly(con, "WF 11", "2021-03", "2021-03")["2021-03"] == (1, None, 1)  # a starter


def test_wf14_fte_the_dfe_agency_rate_weighs_by_fte() -> None:
    """WF 14 counts heads (the DfE's headcount rate): 2 agency of 6 = 33.3% at 31 March. The
    DfE's headline agency rate is agency FTE / (agency FTE + direct FTE): 0.9 / 4.3 = 20.9%."""
    con = store_with(
        {
            "ext_workforce_staff": [
                staff("D1", "2019-06-01"),
                staff("D2", "2019-06-01", fte=0.6),
                staff("D3", "2019-06-01", case_holding="N"),  # not holding cases: still counts
                staff("G1", "2020-01-01", agency="Y", fte=0.5),
                # G2: agency at 0.4 to 31 March 2021 (its last day); from 31 March permanent at
                # 0.8: on the overlapping day the later assignment is theirs, direct.
                staff("G2", "2020-06-01", "2021-03-31", agency="Y", fte=0.4),
                staff("G2", "2021-03-31", fte=0.8),
                # G3: agency from 1 April (the new financial year), full time.
                staff("G3", "2021-04-01", agency="Y"),
                # G4: agency, last day 28 February 2021.
                staff("G4", "2020-02-29", "2021-02-28", agency="Y", fte=0.4),
                staff("A1", "2020-01-01", role="PERSONAL_ADVISER", agency="Y"),  # not counted
                staff("SM", "2020-01-01", role="SERVICE_MANAGER", agency="Y"),  # not counted
            ]
        }
    )
    heads = monthly(con, "WF 14", "2021-02", "2021-04")
    fte = monthly(con, "WF 14 FTE", "2021-02", "2021-04")
    # 28 Feb: direct D1 1.0, D2 0.6, D3 1.0; agency G1 0.5, G2 0.4, G4 0.4 (its last day).
    assert heads["2021-02"] == (3, 6, 50.0)
    assert fte["2021-02"][:2] == (1.3, 3.9)
    assert fte["2021-02"][2] == pytest.approx(100 * 1.3 / 3.9)
    # 31 Mar: G2 is direct at 0.8; G4 gone. Agency G1 0.5 of 1.0 + 0.6 + 1.0 + 0.8 + 0.5 = 3.9.
    assert heads["2021-03"][:2] == (1, 5)
    assert fte["2021-03"][:2] == (0.5, 3.9)
    # 30 Apr: G3 joins, full time: 1.5 / 4.9.
    assert fte["2021-04"][:2] == (1.5, 4.9)
    # The year 2020-21 is its last month end, 31 March.
    assert period_value(con, "WF 14 FTE", "2020-04", "2021-04", "2020-21")[:2] == (0.5, 3.9)


def test_wf14_fte_sums_fractions_exactly() -> None:
    """3 agency and 7 direct workers at 0.1 FTE: exactly 30%. In binary floating point the FTEs
    would add up to 0.30000000000000004 of 0.9999999999999999."""
    con = store_with(
        {
            "ext_workforce_staff": [
                *[staff(f"G{n}", "2020-01-01", agency="Y", fte=0.1) for n in range(3)],
                *[staff(f"D{n}", "2020-01-01", fte=0.1) for n in range(7)],
            ]
        }
    )
    assert monthly(con, "WF 14 FTE", "2021-03", "2021-03")["2021-03"] == (0.3, 1.0, 30.0)


def test_wf3_wf8_twelve_months_or_more() -> None:
    con = store_with(
        {
            "ext_workforce_staff": [
                staff("D1", "2019-06-01"),
                staff("D6", "2020-02-29"),  # leap-day start
                staff("D7", "2020-03-31"),  # exactly 12 months at 31 March 2021
                staff("D8", "2020-04-01"),
                # M1: promoted on 1 Jan 2021 -> continuous employment from 2019.
                staff("M1", "2019-01-01", "2020-12-31"),
                staff("M1", "2021-01-01", role="SENIOR_PRACTITIONER"),
                # R1: left in June 2020, rejoined 1 Sep 2020 -> employed since 1 Sep 2020.
                staff("R1", "2018-01-01", "2020-06-30", leaving="1"),
                staff("R1", "2020-09-01"),
                # G2: agency from 15 Jan 2020 to 31 Mar 2021, then permanent.
                staff("G2", "2020-01-15", "2021-03-31", agency="Y"),
                staff("G2", "2021-04-01"),
                # G3: two agency assignments back to back (next starts the day after) -> one run.
                staff("G3", "2020-03-01", "2020-09-30", agency="Y"),
                staff("G3", "2020-10-01", agency="Y"),
            ]
        }
    )
    wf3 = monthly(con, "WF 3", "2021-02", "2021-04")
    # 28 Feb 2021, cut-off 28 Feb 2020: D1, M1. (D6 from 29 Feb 2020 is not yet 12 months.)
    assert wf3["2021-02"][0] == 2
    # 31 Mar 2021, cut-off 31 Mar 2020: D1, M1, D6, D7. (D8 from 1 Apr 2020 no; R1 since Sep 2020 no.)
    assert wf3["2021-03"][0] == 4
    # 30 Apr 2021, cut-off 30 Apr 2020: D1, M1, D6, D7, D8. (G2 direct only since 1 Apr 2021.)
    assert wf3["2021-04"][0] == 5
    wf8 = monthly(con, "WF 8", "2021-02", "2021-04")
    assert wf8["2021-02"][0] == 1  # G2 (from 15 Jan 2020); G3 from 1 Mar 2020 not yet
    assert wf8["2021-03"][0] == 2  # G2, G3 (two assignments, one run)
    assert wf8["2021-04"][0] == 1  # G3; G2 is now permanent


def test_wf10_wf11_leavers_and_starters() -> None:
    con = store_with(
        {
            "ext_workforce_staff": [
                staff(
                    "L1", "2017-05-01", "2021-03-31", leaving="1"
                ),  # last day 31 March: March leaver
                staff("L2", "2017-05-01", "2021-04-01", leaving="5"),  # 1 April: April leaver
                # M1: promotion on 1 Jan 2021 (no leaving reason): neither a leaver nor a starter.
                staff("M1", "2019-01-01", "2020-12-31"),
                staff("M1", "2021-01-01", role="SENIOR_PRACTITIONER"),
                # M2: move between posts mid-February, next day: neither.
                staff("M2", "2019-01-01", "2021-02-14", post="P1"),
                staff("M2", "2021-02-15", post="P2"),
                staff(
                    "X1", "2020-01-01", "2021-03-15", agency="Y", leaving="1"
                ),  # agency: not a leaver
                staff(
                    "PA1", "2020-01-01", "2021-03-10", role="PERSONAL_ADVISER", leaving="1"
                ),  # not SW
                staff("S1", "2021-03-01"),  # starts on the first day of March
                staff("S2", "2020-02-29"),  # starts on the leap day
                # G2: agency to 31 March, permanent from 1 April: an April starter, not a leaver.
                staff("G2", "2020-10-01", "2021-03-31", agency="Y"),
                staff("G2", "2021-04-01"),
                # R1: left June 2020 (a June leaver), rejoined 12 April 2021 (an April starter).
                staff("R1", "2018-01-01", "2020-06-30", leaving="1"),
                staff("R1", "2021-04-12"),
            ]
        }
    )
    leavers = monthly(con, "WF 10", "2020-04", "2021-04")
    starters = monthly(con, "WF 11", "2020-04", "2021-04")
    assert leavers["2020-06"][0] == 1  # R1
    assert [leavers[m][0] for m in ("2021-01", "2021-02", "2021-03", "2021-04")] == [0, 0, 1, 1]
    assert [starters[m][0] for m in ("2021-01", "2021-02", "2021-03", "2021-04")] == [0, 0, 1, 2]
    # Flows add up: 2020-21 leavers R1 (June) + L1 (March) = 2; starters S1 = 1.
    assert period_value(con, "WF 10", "2020-04", "2021-04", "2020-21") == (2, None, 2)
    assert period_value(con, "WF 11", "2020-04", "2021-04", "2020-21") == (1, None, 1)
    assert period_value(con, "WF 11", "2020-04", "2021-04", "2020-21 Q4") == (1, None, 1)
    assert monthly(con, "WF 11", "2020-02", "2020-02")["2020-02"][0] == 1  # S2 on 29 Feb 2020


def test_wf_turnover_leavers_fte_over_the_12_months_to_the_month_end() -> None:
    con = store_with(
        {
            "ext_workforce_staff": [
                staff("D1", "2015-01-01"),
                staff("D2", "2015-01-01", fte=0.5),
                staff("L1", "2017-05-01", "2020-03-31", leaving="1"),
                staff("L2", "2017-05-01", "2020-04-01", fte=0.6, leaving="1"),
                # L3's last day is 31 March 2021: a leaver in the year to it, and in post on it.
                staff("L3", "2017-05-01", "2021-03-31", leaving="1"),
                staff("L4", "2017-05-01", "2020-02-29", fte=0.8, leaving="1"),  # the leap day
                staff("L5", "2017-05-01", "2020-12-25", leaving="1"),  # Christmas Day, as any day
                # M1: promoted on 1 January 2021 (no leaving reason): not a leaver.
                staff("M1", "2019-01-01", "2020-12-31"),
                staff("M1", "2021-01-01", role="SENIOR_PRACTITIONER"),
                # G1: agency, with a leaving reason: not a leaver (agency staff are not counted).
                staff("G1", "2019-01-01", "2020-11-30", agency="Y", leaving="1"),
                # G2: agency to 31 December, permanent from 1 January: not a leaver.
                staff("G2", "2020-06-01", "2020-12-31", agency="Y"),
                staff("G2", "2021-01-01"),
                staff("A1", "2019-01-01", "2020-10-31", role="PERSONAL_ADVISER", leaving="1"),
                # R1 left on 30 June 2020, rejoined on 1 September at 0.5, and left again on 31
                # January 2021 from two assignments ending that day: two leavings, not three.
                staff("R1", "2018-01-01", "2020-06-30", leaving="1"),
                staff("R1", "2020-09-01", "2021-01-31", fte=0.5, leaving="1"),
                staff("R1", "2020-10-01", "2021-01-31", fte=0.5, leaving="1"),
            ]
        }
    )
    got = monthly(con, "WF turnover", "2020-09", "2021-04")
    # 30 Sep 2020, the DfE's year (1 Oct 2019 to 30 Sep 2020): L4 0.8 (29 Feb), L1 1.0, L2 0.6,
    # R1 1.0 = 3.4; in post D1 1.0, D2 0.5, L3 1.0, M1 1.0, R1 0.5, L5 1.0 = 5.0.
    assert got["2020-09"] == (3.4, 5.0, 68.0)
    # 28 Feb 2021 (29 Feb 2020 to 28 Feb 2021): L4 0.8, L1 1.0, L2 0.6, R1 1.0 + 0.5, L5 1.0 =
    # 4.9; in post D1, D2 0.5, L3, M1, G2 = 4.5. More FTE left than is in post: over 100%.
    assert got["2021-02"][:2] == (4.9, 4.5)
    assert got["2021-02"][2] == pytest.approx(100 * 4.9 / 4.5)
    # 31 Mar 2021 (1 Apr 2020 to 31 Mar 2021): L1 and L4 drop out, L3 leaves on the month end:
    # L2 0.6, L3 1.0, R1 1.5, L5 1.0 = 4.1; in post still 4.5 (L3 on her last day).
    assert got["2021-03"][:2] == (4.1, 4.5)
    # 30 Apr 2021: L2 (1 April 2020) drops out: 3.5; in post D1, D2, M1, G2 = 3.5.
    assert got["2021-04"] == (3.5, 3.5, 100.0)
    # A year or quarter takes its last month end: 2020-21 is the 12 months to 31 March 2021.
    assert period_value(con, "WF turnover", "2020-04", "2021-04", "2020-21")[:2] == (4.1, 4.5)
    assert period_value(con, "WF turnover", "2020-04", "2021-04", "2020-21 Q2")[:2] == (3.4, 5.0)


def posts_store() -> Any:
    return store_with(
        {
            "ext_workforce_posts": [
                post("P1", "2015-01-01"),
                post("P2", "2015-01-01"),
                post("P3", "2015-01-01", role="SENIOR_PRACTITIONER"),
                post("P4", "2015-01-01", "2021-03-31"),  # deleted: last funded day 31 March
                post("P5", "2015-01-01", role="SERVICE_MANAGER"),  # not a social-work post
                post("P6", "2021-04-01", role="TEAM_MANAGER"),  # new post from 1 April
            ],
            "ext_workforce_staff": [
                staff("D1", "2019-06-01", post="P1"),
                staff("G1", "2019-06-01", post="P2", agency="Y"),  # covers P2: filled, but vacant
                # P3 vacant across the year end: D2's last day 28 Feb, D3 starts 4 May.
                staff(
                    "D2",
                    "2016-01-01",
                    "2021-02-28",
                    post="P3",
                    role="SENIOR_PRACTITIONER",
                    leaving="1",
                ),
                staff("D3", "2021-05-04", post="P3", role="SENIOR_PRACTITIONER"),
                staff("D4", "2019-01-01", "2020-12-31", post="P4", leaving="1"),
            ],
        }
    )


def test_wf12_wf13_wf15_a_post_vacant_across_the_year_end() -> None:
    con = posts_store()
    unfilled = monthly(con, "WF 12", "2021-02", "2021-05")
    vacant = monthly(con, "WF 13", "2021-02", "2021-05")
    rate = monthly(con, "WF 15 local", "2021-02", "2021-05")
    # 28 Feb: posts P1-P4. Unfilled P4. Vacant P2 (agency), P4. (D2 in P3 on her last day.)
    assert (unfilled["2021-02"][0], vacant["2021-02"][0], rate["2021-02"]) == (1, 2, (2, 4, 50.0))
    # 31 Mar: posts P1-P4 (P4's last funded day). Unfilled P3, P4. Vacant P2, P3, P4.
    assert (unfilled["2021-03"][0], vacant["2021-03"][0], rate["2021-03"]) == (2, 3, (3, 4, 75.0))
    # 30 Apr: posts P1, P2, P3, P6. Unfilled P3, P6. Vacant P2, P3, P6.
    assert (unfilled["2021-04"][0], vacant["2021-04"][0], rate["2021-04"]) == (2, 3, (3, 4, 75.0))
    # 31 May: D3 in P3. Unfilled P6. Vacant P2, P6.
    assert (unfilled["2021-05"][0], vacant["2021-05"][0], rate["2021-05"]) == (1, 2, (2, 4, 50.0))
    assert period_value(con, "WF 15 local", "2020-04", "2021-05", "2020-21") == (3, 4, 75.0)
    # WF 15 (DfE, FTE): every post and person here is full time, so vacancy FTE / (vacancy FTE +
    # direct FTE) happens to equal the post count: 28 Feb 2 / (2 + D1, D2 on her last day);
    # 31 Mar 3 / (3 + D1); 30 Apr 3 / (3 + D1); 31 May 2 / (2 + D1, D3).
    dfe = monthly(con, "WF 15", "2021-02", "2021-05")
    assert [dfe[m] for m in ("2021-02", "2021-03", "2021-04", "2021-05")] == [
        (2, 4, 50.0),
        (3, 4, 75.0),
        (3, 4, 75.0),
        (2, 4, 50.0),
    ]


def test_wf15_the_dfe_vacancy_rate_weighs_by_fte_and_counts_people_not_posts() -> None:
    """WF 15 used to be vacant posts / funded posts (now WF 15 local): 2 / 4 = 50% here. The
    DfE's vacancy rate is vacancy FTE / (vacancy FTE + directly employed FTE): 1.5 / 4.1 = 36.6%."""

    def sized(post_id: str, fte: float, role: str = "SOCIAL_WORKER") -> dict[str, Any]:
        return {**post(post_id, "2015-01-01", role=role), "wpost_fte": fte}

    con = store_with(
        {
            "ext_workforce_posts": [
                sized("P1", 1.0),  # D1 in it
                sized("P2", 1.0),  # covered by agency G1: vacant
                sized("P3", 0.5),  # empty: vacant at 0.5
                sized("P4", 1.0),  # D2 in it at 0.6: not vacant, not part vacant
                sized("P5", 1.0, role="SERVICE_MANAGER"),  # empty, not a social-work post
            ],
            "ext_workforce_staff": [
                staff("D1", "2019-06-01", post="P1"),
                staff("G1", "2019-06-01", post="P2", agency="Y"),
                staff("D2", "2019-06-01", post="P4", fte=0.6),
                staff("D3", "2020-01-01"),  # over establishment: in the denominator all the same
                staff("A1", "2020-01-01", role="PERSONAL_ADVISER"),  # not a social worker
            ],
        }
    )
    assert monthly(con, "WF 15 local", "2021-03", "2021-03")["2021-03"] == (2, 4, 50.0)
    n, den, value = monthly(con, "WF 15", "2021-03", "2021-03")["2021-03"]
    assert (n, den) == (1.5, 4.1)
    assert value == pytest.approx(100 * 1.5 / 4.1)


def test_wf7_management_ratio_includes_unfilled_management_posts() -> None:
    con = store_with(
        {
            "ext_workforce_posts": [
                post("P4", "2015-01-01", role="TEAM_MANAGER"),
                post("P5", "2015-01-01", role="TEAM_MANAGER"),
                post("P6", "2015-01-01", role="TEAM_MANAGER"),
                post("P7", "2015-01-01", role="SERVICE_MANAGER"),  # no one in it
                post("P9", "2015-01-01", role="SERVICE_MANAGER"),
                post("P1", "2015-01-01"),  # social-worker post, empty: not management
            ],
            "ext_workforce_staff": [
                staff("TM1", "2018-01-01", post="P4", role="TEAM_MANAGER"),
                staff("TM2", "2018-01-01", post="P5", role="TEAM_MANAGER"),
                staff("SM1", "2018-01-01", post="P9", role="SERVICE_MANAGER"),
                staff("AM1", "2020-01-01", post="P6", role="TEAM_MANAGER", agency="Y"),  # fills P6
                staff(
                    "AM2", "2020-01-01", role="SERVICE_MANAGER", agency="Y"
                ),  # over establishment
                staff("D1", "2018-01-01", role="SOCIAL_WORKER"),
            ],
        }
    )
    # Direct TM1, TM2, SM1 = 3, of 3 direct + AM1 + AM2 + empty P7 = 6 -> 50%.
    assert monthly(con, "WF 7", "2021-03", "2021-03")["2021-03"] == (3, 6, 50.0)


def test_wf6_personal_supervision_in_the_last_30_days() -> None:
    con = store_with(
        {
            "ext_workforce_staff": [
                staff("K1", "2019-01-01"),
                staff("K2", "2019-01-01"),
                staff("K3", "2019-01-01"),
                staff("K4", "2021-01-20"),  # new starter, not yet supervised in January
                staff("K5", "2019-01-01", case_holding="N"),  # not case holding: out of the figure
            ],
            "ext_staff_supervision": [
                {
                    "ssup_supervision_id": "1",
                    "ssup_staff_id": "K1",
                    "ssup_supervision_date": d("2021-01-02"),
                },
                {
                    "ssup_supervision_id": "2",
                    "ssup_staff_id": "K2",
                    "ssup_supervision_date": d("2021-01-01"),
                },
                # Christmas Day (a bank holiday) is an ordinary calendar day - too old for January.
                {
                    "ssup_supervision_id": "3",
                    "ssup_staff_id": "K3",
                    "ssup_supervision_date": d("2020-12-25"),
                },
                {
                    "ssup_supervision_id": "4",
                    "ssup_staff_id": "K3",
                    "ssup_supervision_date": d("2021-02-01"),
                },
                {
                    "ssup_supervision_id": "5",
                    "ssup_staff_id": "K4",
                    "ssup_supervision_date": d("2021-02-28"),
                },
            ],
        }
    )
    got = monthly(con, "WF 6", "2020-12", "2021-02")
    # 31 Dec (window 2-31 Dec): K3 (25 Dec) of K1, K2, K3 (K4 not yet started).
    assert got["2020-12"] == (1, 3, 100 / 3)
    # 31 Jan (window 2-31 Jan): K1 (2 Jan) only; K2's 1 Jan is 30 days before; K4 none yet.
    assert got["2021-01"] == (1, 4, 25.0)
    # 28 Feb (window 30 Jan-28 Feb): K3 (1 Feb), K4 (28 Feb, the month end itself).
    assert got["2021-02"] == (2, 4, 50.0)
    # staff_supervision_days = 31: January's window opens 1 Jan, so K2 counts too.
    assert monthly(con, "WF 6", "2021-01", "2021-01", staff_supervision_days=31)["2021-01"] == (
        2,
        4,
        50.0,
    )


def test_w1_sum_of_ftes_is_exact_at_national_size() -> None:
    """100,000 workers at 0.1 FTE with a case each: 100,000 cases over exactly 10,000 FTE, a
    caseload of exactly 10. In binary floating point the same FTEs add up to 10000.000000018848
    (and to other values in other orders), which rounding to 9 decimal places does not hide: the
    caseloads view carries FTEs as decimals, whose sum is exact in any order."""
    con = store_with({})
    con.execute(
        """INSERT INTO ssd_professionals (prof_professional_id, prof_full_time_equivalency)
           SELECT 'W' || i, 0.1 FROM range(100000) t(i)"""
    )
    con.execute(
        """INSERT INTO ssd_involvements (invo_involvements_id, invo_professional_id,
               invo_person_id, invo_professional_role_id, invo_involvement_start_date)
           SELECT 'I' || i, 'W' || i, 'C' || i, 'SW', DATE '2021-01-04' FROM range(100000) t(i)"""
    )
    assert sum([0.1] * 100_000) != 10_000  # the trap
    assert monthly(con, "W1", "2021-01", "2021-01")["2021-01"] == (100_000, 10_000, 10)


def test_wf_agency_cost_a_twelfth_of_the_premium_per_agency_fte_at_each_month_end() -> None:
    """Agency FTE at each month end x agency_premium_per_fte_year / 12, the months added up."""
    con = store_with(
        {
            "ext_workforce_staff": [
                staff("A", "2019-12-01", agency="Y"),  # every month end: 1.0
                # B: 0.5, last day 29 February 2020 (a leap day, the month end): costs February.
                staff("B", "2019-12-01", "2020-02-29", agency="Y", fte=0.5),
                staff("C", "2020-03-31", agency="Y"),  # starts on the month end: costs March
                staff("D", "2020-03-02", "2020-03-30", agency="Y"),  # gone by 31 March: nothing
                # E: agency, made permanent on 31 March (both in force that day, the later wins).
                staff("E", "2019-06-01", "2020-03-31", agency="Y"),
                staff("E", "2020-03-31"),
                staff("P", "2019-01-01"),  # a direct employee: no premium
                staff("Z", "2019-01-01", agency="Y", fte=0.0),  # an FTE of 0 adds nothing
                staff("SM", "2019-01-01", role="SERVICE_MANAGER", agency="Y"),  # not counted
                staff("PA", "2019-01-01", role="PERSONAL_ADVISER", agency="Y"),  # not counted
            ]
        }
    )
    month = 20_000 / 12
    got = monthly(con, "WF agency cost", "2020-01", "2020-04")
    assert got["2020-01"][0] == pytest.approx(2.5 * month)  # A 1.0, B 0.5, E 1.0
    assert got["2020-02"][0] == pytest.approx(2.5 * month)  # B's last day is the month end
    assert got["2020-03"][0] == pytest.approx(2.0 * month)  # A, C; D left, E is direct
    assert got["2020-04"] == (pytest.approx(2.0 * month), None, pytest.approx(2.0 * month))
    # The quarter January to March adds its months: 7 FTE-months, 7 / 12 of the premium.
    q4 = period_value(con, "WF agency cost", "2020-01", "2020-04", "2019-20 Q4")
    assert q4[0] == pytest.approx(7 * month)
    # The analyst's premium: 24,000 a year is 2,000 a month per FTE.
    dearer = monthly(
        con, "WF agency cost", "2020-03", "2020-03", agency_premium_per_fte_year="24000"
    )
    assert dearer["2020-03"][0] == pytest.approx(4_000)
