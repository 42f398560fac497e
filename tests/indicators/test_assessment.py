"""Assessment indicators (AMT 2, AMT 2 referral, AMT completed, AMT started) on hand-built
assessments."""

from __future__ import annotations

from tests.indicators.helpers import d, monthly, period_value, store_with


def referral(ident: str, on: str) -> dict[str, object]:
    return {"cine_referral_id": ident, "cine_person_id": f"P-{ident}", "cine_referral_date": d(on)}


def assessment(
    ident: str, referral_id: str | None, start: str, auth: str | None
) -> dict[str, object]:
    return {
        "cina_assessment_id": ident,
        "cina_person_id": f"P-{ident}",
        "cina_referral_id": referral_id,
        "cina_assessment_start_date": d(start),
        "cina_assessment_auth_date": None if auth is None else d(auth),
    }


# Working days after Wed 1 April 2020, counted by hand (England bank holidays: Good Friday 10 Apr,
# Easter Monday 13 Apr, VE day Fri 8 May, spring bank holiday Mon 25 May 2020):
#   April 2-30: Thu 2, Fri 3 (2) + 6-9 (4) + 14-17 (4) + 20-24 (5) + 27-30 (4) = 19
#   May 1-31:   Fri 1 (1) + 4-7 (4) + 11-15 (5) + 18-22 (5) + 26-29 (4)         = 19  -> 38 by 31 May
#   June:       1-5 (5) -> 43; Mon 8 -> 44; Tue 9 -> 45; Wed 10 -> 46.
# Working days after Wed 8 April 2020: those after 1 April less Thu 2, Fri 3, Mon 6, Tue 7, Wed 8 (5):
#   Tue 9 June -> 40; Wed 10 June -> 41.
def june_2020() -> dict[str, list[dict[str, object]]]:
    return {
        "ssd_cin_episodes": [
            referral("RA", "2020-04-01"),
            referral("RB", "2020-04-01"),
            referral("RF", "2020-06-20"),
        ],
        "ssd_cin_assessments": [
            # From the referral 45 (in time); from its start 40.
            assessment("A", "RA", "2020-04-08", "2020-06-09"),
            # From the referral 46 (late); from its start 41 (in time): the case that differs.
            assessment("B", "RB", "2020-04-08", "2020-06-10"),
            # No referral: from its start either way; started and authorised the same day: 0.
            assessment("C", None, "2020-06-01", "2020-06-01"),
            # Referral not in the store: from its start either way, 46: late.
            assessment("D", "GONE", "2020-04-01", "2020-06-10"),
            assessment("E", "RA", "2020-05-01", None),  # not authorised: left out
            # Referral dated after the authorisation: left out from the referral; 3 from its start.
            assessment("F", "RF", "2020-06-15", "2020-06-18"),
        ],
    }


def test_amt2_times_from_the_assessment_start_as_the_dfe_does() -> None:
    con = store_with(june_2020())
    got = monthly(con, "AMT 2", "2020-06", "2020-06")
    # Denominator A, B, C, D, F = 5. In time: A (40), B (41), C (0), F (Mon 15 -> Thu 18: 3) = 4;
    # D started 1 April: 46, late. Timed from the referral (AMT 2 until issue 18) it was 2 of 4:
    # B was late (46) and F left out.
    assert got["2020-06"] == (4, 5, 80.0)


def test_amt2_referral_with_easter_ve_day_and_spring_holiday() -> None:
    con = store_with(june_2020())
    got = monthly(con, "AMT 2 referral", "2020-06", "2020-06")
    # Denominator A, B, C, D = 4 (E not authorised; F authorised before its referral).
    # In time: A (45), C (0) = 2; B and D are 46.
    assert got["2020-06"] == (2, 4, 50.0)


def test_amt2_referral_times_only_the_first_assessment_of_a_referral() -> None:
    # Referrals on Wed 1 April 2020; working days counted as for june_2020 above: from 1 April,
    # Tue 9 June is 45 and Wed 10 June is 46. From Mon 1 June to Wed 10 June: Tue 2, Wed 3, Thu 4,
    # Fri 5, Mon 8, Tue 9, Wed 10 = 7.
    con = store_with(
        {
            "ssd_cin_episodes": [
                referral("RA", "2020-04-01"),
                referral("RB", "2020-04-01"),
                referral("RC", "2020-04-01"),
            ],
            "ssd_cin_assessments": [
                # RA: the first assessment is timed from the referral: 45, in time ...
                assessment("A1", "RA", "2020-04-08", "2020-06-09"),
                # ... the second from its own start (1 June): 7, in time (46 from the referral).
                assessment("A2", "RA", "2020-06-01", "2020-06-10"),
                # RB: two started the same day: the lower id is first: from the referral, 46, late;
                assessment("B1", "RB", "2020-06-01", "2020-06-10"),
                # the other from its own start: 7, in time.
                assessment("B2", "RB", "2020-06-01", "2020-06-10"),
                # RC: the first (earliest started) is still open; the second is timed from its
                # own start: 7, in time.
                assessment("C1", "RC", "2020-04-02", None),
                assessment("C2", "RC", "2020-06-01", "2020-06-10"),
            ],
        }
    )
    # Authorised in June: A1, A2, B1, B2, C2 = 5; in time A1, A2, B2, C2 = 4.
    assert monthly(con, "AMT 2 referral", "2020-06", "2020-06")["2020-06"] == (4, 5, 80.0)
    # AMT 2, from each assessment's start: A1 from Wed 8 April = 40; the others 7: all 5 in time.
    assert monthly(con, "AMT 2", "2020-06", "2020-06")["2020-06"] == (5, 5, 100.0)


def test_amt2_leap_day_clock_start_on_a_saturday() -> None:
    # Sat 29 Feb 2020: the clock starts at Mon 2 March (day 1).
    #   March: Mon 2 - Fri 27 is 4 full weeks (20) + Mon 30, Tue 31 (2) = 22
    #   April: 22 weekdays less Good Friday and Easter Monday = 20  -> 42 by 30 April
    #   Fri 1 May -> 43; Mon 4 -> 44; Tue 5 -> 45; Wed 6 -> 46.
    con = store_with(
        {
            "ssd_cin_episodes": [
                referral("R1", "2020-02-29"),
                referral("R2", "2020-02-29"),
                referral("R3", "2020-02-29"),
            ],
            "ssd_cin_assessments": [
                # Referred and started on the leap day, a Saturday.
                assessment("A", "R1", "2020-02-29", "2020-05-05"),  # 45: in time
                assessment("B", "R2", "2020-02-29", "2020-05-06"),  # 46: late
                # Referred on the leap day, started Mon 2 March (day 1 of the referral's clock),
                # authorised Wed 6 May: 45 from its start (in time), 46 from the referral (late).
                assessment("C", "R3", "2020-03-02", "2020-05-06"),
            ],
        }
    )
    assert monthly(con, "AMT 2", "2020-05", "2020-05")["2020-05"] == (2, 3, 200 / 3)
    assert monthly(con, "AMT 2 referral", "2020-05", "2020-05")["2020-05"] == (1, 3, 100 / 3)


def test_amt2_counts_in_the_month_of_authorisation_across_the_year_end() -> None:
    con = store_with(
        {
            "ssd_cin_episodes": [referral("R1", "2021-03-01"), referral("R2", "2021-03-01")],
            "ssd_cin_assessments": [
                assessment("A", "R1", "2021-03-01", "2021-03-31"),  # March, 2020-21
                assessment("B", "R2", "2021-03-01", "2021-04-01"),  # April, 2021-22
            ],
        }
    )
    got = monthly(con, "AMT 2", "2021-03", "2021-04")
    assert got["2021-03"] == (1, 1, 100.0)
    assert got["2021-04"] == (1, 1, 100.0)
    assert period_value(con, "AMT 2", "2020-04", "2021-04", "2020-21") == (1, 1, 100.0)


def test_amt_completed_and_started() -> None:
    con = store_with(
        {
            "ssd_cin_assessments": [
                assessment(
                    "A", None, "2020-02-29", "2020-03-31"
                ),  # started leap day; done 31 March
                assessment("B", None, "2020-03-31", "2020-04-01"),  # started 31 March; done 1 April
                assessment("C", None, "2020-04-01", None),  # started 1 April; not done
                assessment("D", None, "2020-04-13", "2020-04-13"),  # Easter Monday, same day
            ]
        }
    )
    started = monthly(con, "AMT started", "2020-02", "2020-04")
    # February: A. March: B. April: C, D.
    assert started == {
        "2020-02": (1, None, 1.0),
        "2020-03": (1, None, 1.0),
        "2020-04": (2, None, 2.0),
    }
    completed = monthly(con, "AMT completed", "2020-02", "2020-04")
    # February: none. March: A. April: B, D (C not authorised).
    assert completed == {
        "2020-02": (0, None, 0.0),
        "2020-03": (1, None, 1.0),
        "2020-04": (2, None, 2.0),
    }
    # Q4 2019-20 (Jan-Mar 2020) adds months: started A + B = 2.
    assert period_value(con, "AMT started", "2020-01", "2020-04", "2019-20 Q4") == (2, None, 2.0)
