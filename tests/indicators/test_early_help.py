"""Early help indicators (EH 7, EH 9, EH starts, EH open) on hand-built episodes."""

from __future__ import annotations

from datetime import date

from csc_insight.indicators import catalogue, engine, periods, settings
from tests.indicators.helpers import d, monthly, period_value, store_with


def closure(episode: str, on: str, reason: str) -> dict[str, object]:
    return {
        "ehcl_episode_id": episode,
        "ehcl_person_id": f"P-{episode}",
        "ehcl_closure_date": d(on),
        "ehcl_closure_reason": reason,
    }


def episode(ident: str, person: str, start: str, end: str | None = None) -> dict[str, object]:
    return {
        "earl_episode_id": ident,
        "earl_person_id": person,
        "earl_episode_start_date": d(start),
        "earl_episode_end_date": None if end is None else d(end),
    }


def closures_across_the_year_end() -> dict[str, list[dict[str, object]]]:
    return {
        "ext_early_help_closures": [
            closure("E1", "2021-03-01", "OUTCOMES_MET"),  # first day of March
            closure("E2", "2021-03-15", "STEP_UP_CSC"),
            closure("E3", "2021-03-31", "DISENGAGED"),  # last day of the financial year
            closure("E4", "2021-04-01", "STEP_UP_CSC"),  # first day of the next year
            closure("E5", "2021-04-30", "DECLINED"),  # stays in the denominator
        ],
        # An episode with an end date but no coded closure: in neither count.
        "ssd_early_help_episodes": [episode("E9", "P9", "2021-01-04", "2021-03-20")],
    }


def test_eh7_disengaged_by_closure_month() -> None:
    con = store_with(closures_across_the_year_end())
    got = monthly(con, "EH 7", "2021-03", "2021-04")
    # March: E1, E2, E3 closed (E9 has no coded closure); disengaged: E3 -> 1/3.
    assert got["2021-03"] == (1, 3, 100 / 3)
    # April: E4, E5 closed; none disengaged -> 0/2.
    assert got["2021-04"] == (0, 2, 0.0)


def test_eh9_stepped_up_by_closure_month() -> None:
    con = store_with(closures_across_the_year_end())
    got = monthly(con, "EH 9", "2021-03", "2021-04")
    # March: E2 stepped up of E1, E2, E3 -> 1/3. April: E4 of E4, E5 -> 1/2.
    assert got["2021-03"] == (1, 3, 100 / 3)
    assert got["2021-04"] == (1, 2, 50.0)


def test_eh7_eh9_longer_periods_add_months() -> None:
    con = store_with(
        {
            "ext_early_help_closures": [
                closure("A", "2020-04-01", "DISENGAGED"),  # Q1 2020-21
                closure("B", "2020-06-30", "STEP_UP_CSC"),  # Q1, last day
                closure("C", "2020-07-01", "DISENGAGED"),  # Q2, first day
                closure("D", "2021-03-31", "OTHER"),  # Q4, last day of the year
                closure("E", "2020-02-29", "DISENGAGED"),  # leap day: 2019-20, outside
            ]
        }
    )
    # Year 2020-21: A, B, C, D closed = 4; disengaged A, C = 2 -> 50%; stepped up B = 1 -> 25%.
    assert period_value(con, "EH 7", "2020-04", "2021-03", "2020-21") == (2, 4, 50.0)
    assert period_value(con, "EH 9", "2020-04", "2021-03", "2020-21") == (1, 4, 25.0)
    # Q1: A, B -> EH 7 1/2.
    assert period_value(con, "EH 7", "2020-04", "2021-03", "2020-21 Q1") == (1, 2, 50.0)
    # Leap day closure counts in February 2020.
    assert monthly(con, "EH 7", "2020-02", "2020-02")["2020-02"] == (1, 1, 100.0)


def test_eh7_month_without_closures_has_no_value() -> None:
    con = store_with({"ext_early_help_closures": [closure("A", "2020-05-08", "DISENGAGED")]})
    got = monthly(con, "EH 7", "2020-05", "2020-06")
    assert got["2020-05"] == (1, 1, 100.0)  # a bank holiday closure counts like any day
    assert got["2020-06"] == (0, 0, None)


def test_eh_starts_by_start_month() -> None:
    con = store_with(
        {
            "ssd_early_help_episodes": [
                episode("E1", "P1", "2020-02-29"),  # leap day -> February
                episode("E2", "P2", "2020-03-31"),  # last day of 2019-20 -> March
                episode("E3", "P3", "2020-04-01"),  # first day of 2020-21 -> April
                episode(
                    "E4", "P3", "2020-04-30", "2020-04-30"
                ),  # same child again, same-day episode
                episode("E5", "P4", "2020-05-08", "2020-06-01"),  # bank holiday start
            ]
        }
    )
    got = monthly(con, "EH starts", "2020-02", "2020-05")
    # February: E1. March: E2. April: E3, E4 (episodes, not children) = 2. May: E5.
    assert got["2020-02"] == (1, None, 1.0)
    assert got["2020-03"] == (1, None, 1.0)
    assert got["2020-04"] == (2, None, 2.0)
    assert got["2020-05"] == (1, None, 1.0)
    # 2020-21 YTD to May: April 2 + May 1 = 3.
    assert period_value(con, "EH starts", "2020-04", "2020-05", "2020-21 YTD 2020-05") == (
        3,
        None,
        3.0,
    )


def test_eh_open_at_month_end() -> None:
    con = store_with(
        {
            "ssd_early_help_episodes": [
                # A: ends on 31 March -> open at 29 February, closed at 31 March.
                episode("A1", "A", "2020-01-10", "2020-03-31"),
                # B: starts on 31 March, still open (no end) -> open at 31 March only.
                episode("B1", "B", "2020-03-31"),
                # C: two overlapping open episodes -> one child.
                episode("C1", "C", "2020-02-01"),
                episode("C2", "C", "2020-02-15"),
                # D: no end date, but its coded closure says 15 March -> open at 29 February only.
                episode("D1", "D", "2020-02-29"),
                # E: same-day episode on 29 February -> closed by the month end.
                episode("E1", "E", "2020-02-29", "2020-02-29"),
                # F: ended 1 April -> open at 31 March.
                episode("F1", "F", "2020-03-02", "2020-04-01"),
            ],
            "ext_early_help_closures": [
                closure("D1", "2020-03-15", "MOVED_AWAY"),
                # A closure date that disagrees with the episode's own end: the episode's end wins.
                closure("F1", "2020-03-20", "OUTCOMES_MET"),
            ],
        }
    )
    got = monthly(con, "EH open", "2020-02", "2020-04")
    # 29 Feb: A, C, D = 3 (E closed the same day; B and F not started).
    assert got["2020-02"] == (3, None, 3.0)
    # 31 Mar: B, C, F = 3 (A ended 31 Mar; D closed 15 Mar).
    assert got["2020-03"] == (3, None, 3.0)
    # 30 Apr: B, C = 2 (F ended 1 Apr).
    assert got["2020-04"] == (2, None, 2.0)
    # A snapshot: the quarter Jan-Mar 2020 is its last month end, not a sum.
    assert period_value(con, "EH open", "2020-01", "2020-04", "2019-20 Q4") == (3, None, 3.0)


def cin_episode(
    ident: str,
    referred: str,
    closed: str | None,
    reason: str | None,
    *,
    nfa: str | None = "N",
    team: str | None = "T1",
) -> dict[str, object]:
    """A children's social care episode of child C-<ident>."""
    return {
        "cine_referral_id": ident,
        "cine_person_id": f"C-{ident}",
        "cine_referral_date": d(referred),
        "cine_close_date": d(closed) if closed else None,
        "cine_close_reason": reason,
        "cine_referral_nfa": nfa,
        "cine_referral_team": team,
    }


def step_down_store() -> dict[str, list[dict[str, object]]]:
    return {
        "ssd_cin_episodes": [
            cin_episode("R1", "2021-01-05", "2021-03-31", "RC9"),  # year end; RC9, no EH: counts
            cin_episode("R2", "2021-01-05", "2021-03-15", "RC7"),  # EH 28 days later: counts
            cin_episode("R3", "2021-01-05", "2021-03-15", "RC7"),  # EH 29 days later: does not
            cin_episode("R4", "2021-02-01", "2021-03-01", "RC7", team="T2"),  # EH from before
            cin_episode("R5", "2021-03-10", "2021-03-10", "RC8", nfa="Y"),  # NFA: in neither
            # Good Friday 2 April 2021 (a bank holiday): referred, closed and EH the same day.
            cin_episode("R6", "2021-04-02", "2021-04-02", "RC8", team="T2"),
            cin_episode("R7", "2021-03-01", None, None),  # still open: nowhere
            cin_episode("R8", "2019-11-01", "2020-02-29", "RC7"),  # leap day; EH on 28 March
            cin_episode("R9", "2021-01-04", "2021-04-30", "RC7", team=None),  # EH during it
            cin_episode("R10", "2021-01-04", "2021-04-30", "RC2"),  # no EH: denominator only
        ],
        "ssd_early_help_episodes": [
            episode("H2", "C-R2", "2021-04-12"),
            episode("H3", "C-R3", "2021-04-13"),
            episode("H4", "C-R4", "2021-01-01"),  # running since before the referral
            episode("H5", "C-R5", "2021-03-10"),
            episode("H6", "C-R6", "2021-04-02"),
            episode("H8", "C-R8", "2020-03-28"),
            episode("H9", "C-R9", "2021-04-20", "2021-06-30"),
        ],
    }


def test_eh_step_down_by_close_month_reason_or_early_help_within_28_days() -> None:
    con = store_with(step_down_store())
    got = monthly(con, "EH step-down", "2021-03", "2021-04")
    # March: R1 (RC9), R2 (EH on day 28) of R1, R2, R3 (day 29), R4 (EH from before): 2/4.
    assert got["2021-03"] == (2, 4, 50.0)
    # April: R6 (same day, a bank holiday) and R9 (EH began during the episode) of R6, R9, R10.
    assert got["2021-04"] == (2, 3, 200 / 3)
    # A leap day: closed 29 February 2020, early help 28 days later on 28 March.
    assert monthly(con, "EH step-down", "2020-02", "2020-02")["2020-02"] == (1, 1, 100.0)
    # The window is the analyst's: 29 days takes in R3.
    wider = monthly(con, "EH step-down", "2021-03", "2021-03", step_down_days="29")
    assert wider["2021-03"] == (3, 4, 75.0)
    # The year 2020-21 adds its months: the leap-day case is in 2019-20.
    assert period_value(con, "EH step-down", "2020-04", "2021-04", "2020-21")[:2] == (2, 4)


def test_eh_step_down_teams_add_up_to_the_borough() -> None:
    con = store_with(step_down_store())
    ind = catalogue.get("EH step-down")
    engine.prepare(con, periods.months(date(2021, 3, 1), date(2021, 4, 30)), settings.defaults())
    by_team = con.execute(
        f"SELECT period_id, team_id, sum(numerator), sum(denominator) FROM ({ind.sql}) "
        "GROUP BY ALL ORDER BY 1, 2 NULLS LAST"
    ).fetchall()
    assert by_team == [
        ("2021-03", "T1", 2, 3),
        ("2021-03", "T2", 0, 1),
        ("2021-04", "T1", 0, 1),
        ("2021-04", "T2", 1, 1),
        ("2021-04", None, 1, 1),  # R9's referral names no team
    ]
