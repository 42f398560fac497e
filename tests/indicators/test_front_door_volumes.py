"""Front door FD 2 (contacts actioned within 1 working day) and volumes, on hand-built contacts."""

from __future__ import annotations

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
