"""Care leaver indicators on hand-built young people."""

from __future__ import annotations

from typing import Any

from tests.indicators.helpers import d, monthly, period_value, store_with


def record(person: str, on: str, activity: str | None, in_touch: str = "YES") -> dict[str, Any]:
    return {
        "clea_table_id": f"{person}-{on}",
        "clea_person_id": person,
        "clea_care_leaver_latest_contact": d(on),
        "clea_care_leaver_activity": activity,
        "clea_care_leaver_in_touch": in_touch,
    }


def person(pid: str, dob: str | None, died: str | None = None) -> dict[str, Any]:
    return {
        "pers_person_id": pid,
        "pers_dob": d(dob) if dob else None,
        "pers_death_date": d(died) if died else None,
    }


def eet_store() -> Any:
    return store_with(
        {
            "ssd_care_leavers": [
                record("P1", "2020-04-01", "F1"),  # first day of the 12 months to 31 Mar 2021: EET
                record("P2", "2020-03-31", "F4"),  # one day before them
                record("P3", "2021-03-31", "G5"),  # last day: not EET
                record("P4", "2020-09-15", "0", in_touch="NO"),  # not in touch: counts, not EET
                record("P5", "2020-10-01", "F2", in_touch="DIED"),  # died: left out
                record("P6", "2020-10-01", "F2", in_touch="RHOM"),  # returned home: left out
                # P7: two contacts about one birthday: the later (P4, EET) stands, once.
                record("P7", "2020-06-10", "G4"),
                record("P7", "2020-06-20", "P4"),
                record(
                    "P8", "2020-12-01", "F2", in_touch="NREQ"
                ),  # no longer requires services: in
                record("P9", "2020-02-29", "P5"),  # leap-day birthday
            ]
        }
    )


def test_cl1_cl2_rolling_year_to_march() -> None:
    # 12 months to 31 Mar 2021 = 1 Apr 2020 - 31 Mar 2021: P1 (EET), P3, P4, P7 (EET), P8 (EET).
    con = eet_store()
    assert monthly(con, "CL 1", "2021-03", "2021-03")["2021-03"] == (3, None, 3.0)
    assert monthly(con, "CL 2", "2021-03", "2021-03")["2021-03"] == (3, 5, 60.0)


def test_cl2_window_moves_by_month_and_leap_day() -> None:
    con = eet_store()
    got = monthly(con, "CL 2", "2021-01", "2021-04")
    # To 31 Jan 2021 (1 Feb 2020 - 31 Jan 2021): P9 (29 Feb 2020, EET), P2 (EET), P1 (EET),
    # P4, P7 (EET), P8 (EET): 5 of 6.
    assert got["2021-01"] == (5, 6, 500 / 6)
    # To 28 Feb 2021 (1 Mar 2020 - 28 Feb 2021): P9 drops out: P2, P1, P4, P7, P8: 4 of 5.
    assert got["2021-02"] == (4, 5, 80.0)
    # To 30 Apr 2021 (1 May 2020 - 30 Apr 2021): P1 drops out: P3, P4, P7, P8: 2 of 4.
    assert got["2021-04"] == (2, 4, 50.0)


def test_cl_year_is_its_last_month() -> None:
    # The 2020-21 year is the 12 months to 31 March 2021, the DfE's year; not a sum of months.
    con = eet_store()
    assert period_value(con, "CL 2", "2020-04", "2021-03", "2020-21") == (3, 5, 60.0)
    assert period_value(con, "CL 1", "2020-04", "2021-03", "2020-21") == (3, None, 3.0)


def test_cl_count_ages_18_to_21() -> None:
    con = store_with(
        {
            "ssd_person": [
                person("Q1", "2002-03-31"),  # 18 on 31 Mar 2020
                person("Q2", "2002-04-01"),  # 18 on 1 Apr 2020
                person("Q4", "2001-06-01"),
                person("Q5", "2001-06-01", died="2020-03-01"),
                person("Q6", "2001-06-01"),
                person("Q7", "1998-03-31"),  # 22 on 31 Mar 2020
                person("Q8", None),
                person("Q9", "2001-06-01"),
            ],
            "ssd_care_leavers": [
                record("Q1", "2019-03-31", "F2"),
                record("Q2", "2019-04-01", "F2"),
                record("Q4", "2018-06-01", "F2"),
                record("Q4", "2019-06-01", None, in_touch="DIED"),  # latest says died
                record("Q5", "2019-06-01", "F2"),  # date of death before the month end
                record("Q6", "2019-06-01", "0", in_touch="NO"),  # not in touch: still a care leaver
                record("Q7", "2019-03-31", "F2"),
                record("Q8", "2019-06-01", "F2"),  # no date of birth: age unknown
                record("Q9", "2020-06-01", "F2"),  # first record after the month end
            ],
        }
    )
    # At 31 Mar 2020: Q1 (18 that day) and Q6 (18). Q2 is 17, Q7 turned 22 that day.
    assert monthly(con, "CL count", "2020-03", "2020-03")["2020-03"] == (2, None, 2.0)


def test_cl_count_leap_day_birthday() -> None:
    # Born 29 Feb 2000: 22nd birthday is 1 Mar 2022 in a common year. Aged 21 at 28 Feb 2022,
    # 22 at 31 Mar 2022. 18th birthday 1 Mar 2018: 17 at 28 Feb 2018, 18 at 31 Mar 2018.
    con = store_with(
        {
            "ssd_person": [person("R", "2000-02-29")],
            "ssd_care_leavers": [record("R", "2017-03-01", "F2")],
        }
    )
    early = monthly(con, "CL count", "2018-02", "2018-03")
    assert early["2018-02"] == (0, None, 0.0)
    assert early["2018-03"] == (1, None, 1.0)
    late = monthly(con, "CL count", "2022-02", "2022-03")
    assert late["2022-02"] == (1, None, 1.0)
    assert late["2022-03"] == (0, None, 0.0)
