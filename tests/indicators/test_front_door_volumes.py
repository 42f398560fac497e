"""Front door FD 2 (contacts actioned within 1 working day) and volumes, on hand-built contacts."""

from __future__ import annotations

from csc_insight.indicators import catalogue, children, engine, periods, settings
from tests.indicators.helpers import d, monthly, period_value, store_with


def contacts(*rows: tuple[str, str, str | None]) -> dict[str, list[dict[str, object]]]:
    """(contact id, form date, completed date or None for still open) -> contacts and decisions."""
    return {
        "ssd_contacts": [
            {"cont_contact_id": c, "cont_person_id": f"P-{c}", "cont_contact_date": d(on)}
            for c, on, _ in rows
        ],
        "ext_contact_decisions": [
            {
                "cond_contact_id": c,
                "cond_person_id": f"P-{c}",
                "cond_decision_date": None if done is None else d(done),
                "cond_decision": None if done is None else "ADVICE",
            }
            for c, _, done in rows
        ],
    }


def test_fd2_ve_day_weekend_and_same_day() -> None:
    tables = contacts(
        # Fri 8 May 2020 was the VE-day bank holiday.
        ("A", "2020-05-07", "2020-05-11"),  # Thu -> Mon: Fri 8 is a holiday, Mon is day 1: in time
        ("B", "2020-05-07", "2020-05-12"),  # Thu -> Tue: Mon 1, Tue 2: late
        (
            "C",
            "2020-05-08",
            "2020-05-11",
        ),  # received on the holiday: clock starts Mon = day 1: in time
        ("D", "2020-05-09", "2020-05-12"),  # received Sat: Mon day 1, Tue day 2: late
        ("E", "2020-05-13", "2020-05-13"),  # same day: 0: in time
        (
            "F",
            "2020-05-29",
            "2020-06-01",
        ),  # Fri -> Mon, completed next month: counts in May, 1: in time
        ("G", "2020-05-20", None),  # still open: left out
        ("H", "2020-05-20", "2020-05-19"),  # completed before received: recording error, left out
    )
    # I: a contact with no decision row at all: left out.
    tables["ssd_contacts"].append(
        {"cont_contact_id": "I", "cont_person_id": "P-I", "cont_contact_date": d("2020-05-21")}
    )
    con = store_with(tables)
    got = monthly(con, "FD 2", "2020-05", "2020-06")
    # Denominator A-F = 6; in time A, C, E, F = 4 -> 66.7%.
    assert got["2020-05"] == (4, 6, 400 / 6)
    # June: F was completed in June but received in May: nothing received in June.
    assert got["2020-06"] == (0, 0, None)


def test_fd2_other_bank_holidays() -> None:
    con = store_with(
        contacts(
            # Christmas 2020: Fri 25 and Mon 28 (Boxing Day substitute) are holidays.
            (
                "X1",
                "2020-12-24",
                "2020-12-29",
            ),  # Thu -> Tue: Tue is the next working day: 1, in time
            # Jubilee 2022: Thu 2 and Fri 3 June are holidays.
            ("J1", "2022-06-01", "2022-06-06"),  # Wed -> Mon: 1, in time
            ("J2", "2022-06-02", "2022-06-07"),  # received on the holiday: Mon 1, Tue 2: late
            # State funeral, Mon 19 September 2022.
            ("S1", "2022-09-16", "2022-09-20"),  # Fri -> Tue: 1, in time
            ("S2", "2022-09-16", "2022-09-21"),  # Fri -> Wed: 2, late
            # Coronation, Mon 8 May 2023, after a weekend.
            (
                "K1",
                "2023-05-06",
                "2023-05-09",
            ),  # Sat -> Tue: Sat, Sun, Mon all before day 1 = Tue: in time
        )
    )
    assert monthly(con, "FD 2", "2020-12", "2020-12")["2020-12"] == (1, 1, 100.0)
    assert monthly(con, "FD 2", "2022-06", "2022-06")["2022-06"] == (1, 2, 50.0)
    assert monthly(con, "FD 2", "2022-09", "2022-09")["2022-09"] == (1, 2, 50.0)
    assert monthly(con, "FD 2", "2023-05", "2023-05")["2023-05"] == (1, 1, 100.0)


def test_fd2_easter_and_year_end() -> None:
    con = store_with(
        contacts(
            # Easter 2021: Good Friday 2 April, Easter Monday 5 April.
            ("M1", "2021-03-31", "2021-04-01"),  # Wed -> Thu: 1, in time; counts in March (2020-21)
            ("M2", "2021-03-31", "2021-04-06"),  # Wed -> Tue: Thu 1, Tue 2: late; March
            ("A1", "2021-04-01", "2021-04-06"),  # Thu -> Tue: Fri and Mon are holidays: 1, in time
            ("A2", "2021-04-03", "2021-04-07"),  # Easter Saturday -> Wed: Tue 1, Wed 2: late
        )
    )
    got = monthly(con, "FD 2", "2021-03", "2021-04")
    assert got["2021-03"] == (1, 2, 50.0)
    assert got["2021-04"] == (1, 2, 50.0)
    assert period_value(con, "FD 2", "2020-04", "2021-03", "2020-21") == (1, 2, 50.0)


def test_fd_contacts_and_referrals_by_month() -> None:
    con = store_with(
        {
            "ssd_contacts": [
                {
                    "cont_contact_id": "C1",
                    "cont_person_id": "P1",
                    "cont_contact_date": d("2020-02-29"),
                },
                # Two contacts about one child on one day: two contacts.
                {
                    "cont_contact_id": "C2",
                    "cont_person_id": "P2",
                    "cont_contact_date": d("2020-03-31"),
                },
                {
                    "cont_contact_id": "C3",
                    "cont_person_id": "P2",
                    "cont_contact_date": d("2020-03-31"),
                },
                {
                    "cont_contact_id": "C4",
                    "cont_person_id": "P3",
                    "cont_contact_date": d("2020-04-01"),
                },
            ],
            "ssd_cin_episodes": [
                {
                    "cine_referral_id": "R1",
                    "cine_person_id": "P2",
                    "cine_referral_date": d("2020-03-31"),
                },
                # An NFA referral is still a referral.
                {
                    "cine_referral_id": "R2",
                    "cine_person_id": "P3",
                    "cine_referral_date": d("2020-04-01"),
                    "cine_referral_nfa": "Y",
                    "cine_close_date": d("2020-04-01"),
                },
                {
                    "cine_referral_id": "R3",
                    "cine_person_id": "P4",
                    "cine_referral_date": d("2020-04-13"),
                },
            ],
        }
    )
    contacts_got = monthly(con, "FD contacts", "2020-02", "2020-04")
    # February: C1 (leap day). March: C2, C3. April: C4.
    assert contacts_got == {
        "2020-02": (1, None, 1.0),
        "2020-03": (2, None, 2.0),
        "2020-04": (1, None, 1.0),
    }
    referrals_got = monthly(con, "FD referrals", "2020-03", "2020-04")
    # March: R1 on the year's last day. April: R2 (NFA) and R3 (Easter Monday) = 2.
    assert referrals_got == {"2020-03": (1, None, 1.0), "2020-04": (2, None, 2.0)}
    # A flow: 2020-21 to date at April is April alone; Q4 2019-20 adds January to March.
    assert period_value(con, "FD contacts", "2020-04", "2020-04", "2020-21 YTD 2020-04") == (
        1,
        None,
        1.0,
    )
    # Q4 2019-20 (Jan-Mar 2020): C1 + C2 + C3 = 3.
    assert period_value(con, "FD contacts", "2020-01", "2020-03", "2019-20 Q4") == (3, None, 3.0)


def journeys() -> dict[str, list[dict[str, object]]]:
    """Contacts followed to a referral and an assessment (contact, child, received, decision,
    completed); referrals (id, child, date); assessments of referrals."""
    rows = [
        ("K1", "P1", "2021-03-31", "REFERRAL", "2021-04-01"),  # year end; referred next day
        ("K2", "P2", "2021-04-02", "REFERRAL", "2021-04-05"),  # Good Friday to Easter Monday
        ("K3", "P3", "2021-04-06", "REFERRAL", "2021-04-06"),  # referral dated after completion
        ("K4", "P4", "2021-04-08", "OPEN_CASE", "2021-04-08"),  # a referral, but not from this
        ("K5", "P5", "2021-04-09", None, None),  # still open
        ("K6", "P6", "2021-04-12", "REFERRAL", "2021-04-12"),  # two contacts, one referral
        ("K7", "P6", "2021-04-12", "REFERRAL", "2021-04-12"),
        ("K8", "P8", "2020-02-29", "REFERRAL", "2020-02-29"),  # a leap day, all on the day
    ]
    referrals = [
        ("R1", "P1", "2021-04-01"),
        ("R2", "P2", "2021-04-05"),
        ("R3", "P3", "2021-04-07"),
        ("R4", "P4", "2021-04-08"),
        ("R6", "P6", "2021-04-12"),
        ("R8", "P8", "2020-02-29"),
    ]
    return {
        "ssd_contacts": [
            {"cont_contact_id": c, "cont_person_id": p, "cont_contact_date": d(on)}
            for c, p, on, _, _ in rows
        ]
        # K9: no decision row at all.
        + [{"cont_contact_id": "K9", "cont_person_id": "P9", "cont_contact_date": d("2021-03-15")}],
        "ext_contact_decisions": [
            {
                "cond_contact_id": c,
                "cond_person_id": p,
                "cond_decision": decision,
                "cond_decision_date": None if done is None else d(done),
            }
            for c, p, _, decision, done in rows
        ],
        "ssd_cin_episodes": [
            {"cine_referral_id": r, "cine_person_id": p, "cine_referral_date": d(on)}
            for r, p, on in referrals
        ],
        "ssd_cin_assessments": [
            {
                "cina_assessment_id": f"A-{r}",
                "cina_person_id": p,
                "cina_referral_id": r,
                "cina_assessment_start_date": d(on),
            }
            for r, p, on in [
                ("R1", "P1", "2021-04-20"),
                ("R4", "P4", "2021-04-09"),
                ("R6", "P6", "2021-04-13"),
                ("R8", "P8", "2020-03-02"),
            ]
        ],
    }


def test_fd_9_and_assessment_by_the_month_received() -> None:
    con = store_with(journeys())
    referral = monthly(con, "FD 9", "2021-03", "2021-04")
    assessment = monthly(con, "FD 10", "2021-03", "2021-04")
    # March: K1 (received 31 March, referred and assessed in April) of K1, K9.
    assert referral["2021-03"] == (1, 2, 50.0)
    assert assessment["2021-03"] == (1, 2, 50.0)
    # April: referred K2 (over Easter), K6, K7 (one referral, two contacts) of K2-K7; K3's
    # referral is dated after the contact was completed, K4 was decided OPEN_CASE, K5 is open.
    # Assessed: K6, K7 (R2 has no assessment).
    assert referral["2021-04"] == (3, 6, 50.0)
    assert assessment["2021-04"] == (2, 6, 100 / 3)
    # A leap day: received, decided, referred on 29 February 2020; assessed in March.
    leap = monthly(con, "FD 10", "2020-02", "2020-02")
    assert leap["2020-02"] == (1, 1, 100.0)
    # The quarter adds its months: 2021-22 Q1 is April alone here.
    q1 = period_value(con, "FD 9", "2021-03", "2021-06", "2021-22 Q1")
    assert q1[:2] == (3, 6)


def test_contact_journeys_view_its_listing_and_weeks() -> None:
    """The shared view contact_journeys, which both indicators and their listings read: the
    referral-source group, the first referral in the window (the lower id on one day), an
    assessment of a later referral in the window, and the same rule for weeks."""
    con = store_with(
        {
            "ssd_contacts": [
                {
                    "cont_contact_id": c,
                    "cont_person_id": p,
                    "cont_contact_date": d(on),
                    "cont_contact_source_code": source,
                }
                for c, p, on, source in [
                    ("J1", "P1", "2021-03-01", "2A"),  # Schools
                    ("J2", "P2", "2021-03-02", "10"),  # 10 is not an individual's code
                    ("J3", "P3", "2021-03-08", "1B"),  # Individual
                    ("J4", "P4", "2021-03-09", None),  # no source: Unknown
                ]
            ],
            "ext_contact_decisions": [
                {
                    "cond_contact_id": c,
                    "cond_person_id": p,
                    "cond_decision": "REFERRAL",
                    "cond_decision_date": d(done),
                }
                for c, p, done in [
                    ("J1", "P1", "2021-03-05"),
                    ("J2", "P2", "2021-03-02"),
                    ("J3", "P3", "2021-03-08"),
                ]
            ],
            "ssd_cin_episodes": [
                {"cine_referral_id": r, "cine_person_id": p, "cine_referral_date": d(on)}
                for r, p, on in [
                    ("R1a", "P1", "2021-03-02"),  # the first in J1's window, not assessed
                    ("R1b", "P1", "2021-03-04"),  # a later one in it, assessed
                    ("R1c", "P1", "2021-03-06"),  # after J1 was completed
                    ("R2b", "P2", "2021-03-02"),  # two on one day: R2a is listed
                    ("R2a", "P2", "2021-03-02"),
                    ("R3", "P3", "2021-03-07"),  # the day before J3 was received
                ]
            ],
            "ssd_cin_assessments": [
                {
                    "cina_assessment_id": f"A-{r}",
                    "cina_person_id": p,
                    "cina_referral_id": r,
                    "cina_assessment_start_date": d(on),
                }
                for r, p, on in [
                    ("R1b", "P1", "2021-03-10"),
                    ("R1c", "P1", "2021-03-07"),
                    ("R3", "P3", "2021-03-08"),
                ]
            ],
        }
    )
    lo, hi = d("2021-03-01"), d("2021-03-31")
    engine.prepare(con, periods.months(lo, hi), settings.defaults())
    got = con.execute(
        "SELECT contact_id, source_group, referral_id, assessment_started, to_referral, "
        "to_assessment FROM contact_journeys ORDER BY contact_id"
    ).fetchall()
    assert got == [
        ("J1", "Schools", "R1a", d("2021-03-10"), True, True),
        ("J2", "Unknown", "R2a", None, True, False),
        ("J3", "Individual", None, None, False, False),
        ("J4", "Unknown", None, None, False, False),
    ]
    # The listing (evidence) gives the view's columns for the contacts received in the month.
    evidence = children.evidence_sql(catalogue.get("FD 9"))
    listed = con.execute(
        f"SELECT subject_id, source_code, source_group, referral_id FROM ({evidence}) "
        "ORDER BY subject_id"
    ).fetchall()
    assert listed == [
        ("J1", "2A", "Schools", "R1a"),
        ("J2", "10", "Unknown", "R2a"),
        ("J3", "1B", "Individual", None),
        ("J4", None, "Unknown", None),
    ]
    # Weeks (ending Sunday): 1-7 March holds J1 and J2, 8-14 March J3 and J4.
    weeks = periods.weeks(lo, hi, "sunday")
    engine.prepare(con, weeks, settings.defaults())
    by_week = {i: engine.evaluate(con, catalogue.get(i)) for i in ("FD 9", "FD 10")}
    first, second = weeks[0].period_id, weeks[1].period_id
    assert by_week["FD 9"][first][:2] == (2, 2)
    assert by_week["FD 9"][second][:2] == (0, 2)
    assert by_week["FD 10"][first][:2] == (1, 2)
