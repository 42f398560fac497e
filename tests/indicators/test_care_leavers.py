"""Care leaver indicators on hand-built young people."""

from __future__ import annotations

from typing import Any

from csc_insight.indicators import catalogue, engine, periods, settings
from tests.indicators.helpers import cla_episode, d, monthly, period_value, store_with


def record(
    person: str,
    on: str,
    activity: str | None,
    in_touch: str = "YES",
    eligibility: str | None = None,
) -> dict[str, Any]:
    return {
        "clea_table_id": f"{person}-{on}",
        "clea_person_id": person,
        "clea_care_leaver_latest_contact": d(on),
        "clea_care_leaver_activity": activity,
        "clea_care_leaver_in_touch": in_touch,
        "clea_care_leaver_eligibility": eligibility,
    }


def person(pid: str, dob: str | None, died: str | None = None) -> dict[str, Any]:
    return {
        "pers_person_id": pid,
        "pers_dob": d(dob) if dob else None,
        "pers_death_date": d(died) if died else None,
    }


def care(pid: str, start: str, ceased: str | None) -> dict[str, Any]:
    return cla_episode(f"{pid}-{start}", pid, start, ceased)


def eet_store() -> Any:
    """Birthdays in the 12 months to 31 March 2021 (1 April 2020 to 31 March 2021)."""
    return store_with(
        {
            "ssd_person": [
                person("A", "2001-06-15"),  # 19 on 15 Jun 2020
                person("B", "2000-09-10"),  # 20 on 10 Sep 2020
                person("C", "1998-10-01"),  # 22 on 1 Oct 2020
                person("D", "2003-05-20"),  # 17 on 20 May 2020
                person("E", "2003-11-11"),  # 17 on 11 Nov 2020
                person("F", "2002-08-08"),  # 18 on 8 Aug 2020
                person("G", "2000-12-01"),  # 20 on 1 Dec 2020
                person("H", "2000-12-01"),
                person("I", "2001-04-20"),  # 19 on 20 Apr 2020
                person("J", "2000-07-07"),  # 20 on 7 Jul 2020
                person("K", "1999-05-05"),  # 21 on 5 May 2020
                person("L", "2000-05-05"),  # 20 on 5 May 2020
                person("M", "2000-06-30"),  # 20 on 30 Jun 2020
                person("N", "2000-07-31"),  # 20 on 31 Jul 2020
                person("O", "2001-01-20"),  # 20 on 20 Jan 2021
                person("P", "2000-10-10"),  # 20 on 10 Oct 2020
                person("Q", "2002-10-10"),  # 18 on 10 Oct 2020
                person("R", "2000-10-15", died="2020-01-01"),
                person("S", "2000-11-20"),  # 20 on 20 Nov 2020
                person("T", "1999-12-12"),  # 21 on 12 Dec 2020
            ],
            "ssd_cla_episodes": [
                care("A", "2015-07-01", "2019-06-15"),  # left care on the 18th birthday
                care("B", "2016-01-01", "2018-09-10"),
                care("C", "2013-01-01", "2016-10-01"),
                care("D", "2018-01-01", "2020-03-01"),  # left at 16
                care("E", "2018-01-01", None),  # still looked after on the 17th birthday
                care("F", "2017-01-01", "2020-08-08"),  # ceased on the 18th birthday: left
                care("G", "2017-10-01", "2017-12-31"),  # 91 days, after the 16th birthday
                care("H", "2017-10-01", "2017-12-30"),  # 90 days: not 13 weeks
                care("I", "2015-05-01", "2016-05-01"),  # a year, all before the 16th birthday
                care("J", "2016-08-01", "2017-08-01"),  # a year of short breaks (V3)
                care("M", "2014-09-01", "2018-06-30"),
            ],
            "ssd_legal_status": [
                {
                    "lega_legal_status_id": "J-V3",
                    "lega_person_id": "J",
                    "lega_legal_status": "V3",
                    "lega_legal_status_start_date": d("2016-08-01"),
                    "lega_legal_status_end_date": d("2017-08-01"),
                }
            ],
            "ssd_care_leavers": [
                record("A", "2020-06-15", "F2"),  # EET
                record("B", "2019-09-10", "F1"),  # a year before: nothing at the 20th birthday
                record("C", "2020-10-01", "F2"),  # a contact at 22: too old
                record("D", "2020-05-20", "P1"),  # EET at 17
                record("F", "2020-08-08", "G5"),  # not EET at 18
                # K: no care history held; the authority's record makes them a care leaver.
                record("K", "2020-05-05", "F4", eligibility="Former relevant"),
                record("L", "2020-05-05", "F4", eligibility="Qualifying"),  # not a former relevant
                record("M", "2020-03-30", "F1"),  # 3 months before the birthday: its status
                record("N", "2020-09-01", "F1"),  # 1 month and a day after: no information
                record("O", "2020-12-01", "G4"),  # two around the birthday: the later stands
                record("O", "2021-01-25", "P4"),
                record("P", "2020-10-10", None, in_touch="DIED"),
                record("Q", "2020-10-10", None, in_touch="RHOM"),
                record("R", "2019-10-15", "F2"),  # died before the birthday
                record("S", "2019-11-20", None, in_touch="DIED"),  # said died a year before
                record("S", "2020-11-20", "F2"),
                record("T", "2020-12-12", "0", in_touch="NREQ"),  # no longer requires: still in
            ],
        }
    )


def test_cl1_cl2_are_19_to_21_at_the_birthday() -> None:
    # 19-21: A (EET), B (no record at the birthday: not EET), G (13 weeks, no record), K (EET),
    # M (EET), N (record outside the window: not EET), O (EET, the later record), T (NREQ).
    # Left out: C (22), H (90 days), I (care before 16 only), J (short breaks), L (qualifying),
    # P (died), R (died before), S (an earlier record said died), D, E, F, Q (17-18).
    # The definition before issue 18 (the latest record dated in the 12 months, no age rule, no
    # care history) gave 8 in EET of 10 (A, C, D, F, K, L, N, O, S, T): 80%.
    con = eet_store()
    assert monthly(con, "CL 1", "2021-03", "2021-03")["2021-03"] == (4, None, 4.0)
    assert monthly(con, "CL 2", "2021-03", "2021-03")["2021-03"] == (4, 8, 50.0)


def test_cl_17_18_apart() -> None:
    # D (EET at 17, left care at 16) and F (left care on the 18th birthday, not EET). E is still
    # looked after on the 17th birthday, Q returned home.
    con = eet_store()
    assert monthly(con, "CL 1 17-18", "2021-03", "2021-03")["2021-03"] == (1, None, 1.0)
    assert monthly(con, "CL 2 17-18", "2021-03", "2021-03")["2021-03"] == (1, 2, 50.0)


def test_cl_year_is_its_last_month() -> None:
    # The 2020-21 year is the 12 months to 31 March 2021, the DfE's year; not a sum of months.
    con = eet_store()
    assert period_value(con, "CL 2", "2020-04", "2021-03", "2020-21") == (4, 8, 50.0)
    assert period_value(con, "CL 1", "2020-04", "2021-03", "2020-21") == (4, None, 4.0)
    assert period_value(con, "CL 2 17-18", "2020-04", "2021-03", "2020-21") == (1, 2, 50.0)


def test_cl2_window_moves_by_month() -> None:
    con = eet_store()
    got = monthly(con, "CL 2", "2021-04", "2021-06")
    # To 30 Apr 2021 (1 May 2020 - 30 Apr 2021): the same eight.
    assert got["2021-04"] == (4, 8, 50.0)
    # To 31 May 2021 (from 1 Jun 2020): K's 21st birthday (5 May 2020) drops out.
    assert got["2021-05"] == (3, 7, 300 / 7)
    # To 30 Jun 2021 (from 1 Jul 2020): A's 19th and M's 20th drop out; A's 20th (15 Jun 2021)
    # comes in with no record: no information. M's 21st (30 Jun 2021) too.
    assert got["2021-06"] == (1, 7, 100 / 7)


def test_cl_leap_day_birthday_counts_once() -> None:
    # Born 29 Feb 2000: 19 on 1 Mar 2019 (a common year), 20 on 29 Feb 2020. The 12 months to
    # February 2020 hold both: the young person counts once, at the later.
    con = store_with(
        {
            "ssd_person": [person("U", "2000-02-29")],
            "ssd_care_leavers": [record("U", "2019-03-01", "F1"), record("U", "2020-02-29", "G5")],
        }
    )
    got = monthly(con, "CL 2", "2020-01", "2020-03")
    assert got["2020-01"] == (1, 1, 100.0)  # 1 Feb 2019 - 31 Jan 2020: the 19th, EET
    assert got["2020-02"] == (0, 1, 0.0)  # 1 Mar 2019 - 29 Feb 2020: the 20th only
    assert got["2020-03"] == (0, 1, 0.0)


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


# --- formerly UASC (CL count UASC, CL 2 UASC) and appeal rights exhausted (CL ARE) --------------


def immigration(pid: str, status: str, start: str | None, end: str | None) -> dict[str, Any]:
    return {
        "immi_immigration_status_id": f"{pid}-{status}-{start}",
        "immi_person_id": pid,
        "immi_immigration_status": status,
        "immi_immigration_status_start_date": d(start) if start else None,
        "immi_immigration_status_end_date": d(end) if end else None,
    }


def uasc_leavers_store() -> Any:
    """Care leavers 19 on 1 June 2020 (in the year to 31 March 2021), each left care on their
    18th birthday after 3 years and 5 months in care."""
    cared = ["U1", "U2", "U3", "L1"]
    return store_with(
        {
            "ssd_person": [person(p, "2001-06-01") for p in [*cared, "U4"]],
            "ssd_cla_episodes": [care(p, "2016-01-01", "2019-06-01") for p in cared],
            "ssd_care_leavers": [
                {**record("U1", "2020-06-01", "F2"), "clea_care_leaver_allocated_team": "T1"},
                {**record("U2", "2020-06-01", "F2"), "clea_care_leaver_allocated_team": "T2"},
                record("U3", "2020-06-01", "F2"),
                # U4: no care history in the store, recorded as a care leaver.
                record("U4", "2020-06-01", "G5", eligibility="Former relevant"),
                record("L1", "2020-06-01", "F2"),
            ],
            "ssd_immigration_status": [
                # U1: UASC in care until the 18th birthday (DUC): formerly UASC.
                immigration("U1", "UASC", "2016-01-01", "2019-06-01"),
                # U2: a UASC status begun the day they left care (not looked after that day).
                immigration("U2", "UASC", "2019-06-01", "2019-07-01"),
                # U3: a UASC status that ended the day they came into care.
                immigration("U3", "UASC", "2010-01-01", "2016-01-01"),
                # U4: no episode held: formerly UASC from the status's start.
                immigration("U4", "UASC", "2015-01-01", None),
            ],
        }
    )


def test_cl_formerly_uasc_is_uasc_while_looked_after() -> None:
    con = uasc_leavers_store()
    # At 31 March 2021 all five are 19 and counted in CL count; U1 and U4 were formerly UASC.
    assert monthly(con, "CL count", "2021-03", "2021-03")["2021-03"] == (5, None, 5.0)
    assert monthly(con, "CL count UASC", "2021-03", "2021-03")["2021-03"] == (2, None, 2.0)
    # CL 2 UASC: U1 in EET, U4 not (G5), of CL 2's five.
    assert monthly(con, "CL 2", "2021-03", "2021-03")["2021-03"] == (4, 5, 80.0)
    assert monthly(con, "CL 2 UASC", "2021-03", "2021-03")["2021-03"] == (1, 2, 50.0)


def test_cl_team_is_the_record_s_team() -> None:
    con = uasc_leavers_store()
    ind = catalogue.get("CL count")
    every = periods.all_periods(d("2021-03-01"), d("2021-03-31"))
    engine.prepare(con, [p for p in every if p.period_type == "month"], settings.defaults())
    teams = dict(con.execute(f"SELECT subject_id, team_id FROM ({ind.sql})").fetchall())
    assert teams == {"U1": "T1", "U2": "T2", "U3": None, "U4": None, "L1": None}


def test_cl_are_open_at_the_month_end() -> None:
    con = store_with(
        {
            "ssd_person": [
                person("A1", "2001-06-01"),
                person("A2", "2001-06-01"),
                person("A3", "1996-03-31"),  # 25 on 31 March 2021
                person("A4", "2001-06-01"),
                person("A5", "2001-06-01", died="2021-02-01"),
                person("A6", "2001-06-01"),
            ],
            "ssd_cla_episodes": [
                care(p, "2016-01-01", "2019-06-01") for p in ["A1", "A2", "A3", "A5"]
            ],
            "ssd_care_leavers": [record("A6", "2020-06-01", "G5")],
            "ssd_immigration_status": [
                immigration("A1", "ARE", "2020-11-15", None),  # ARE from mid-November
                # A2: the case system's wording; ended on 31 March (the month end).
                immigration("A2", "Appeal Rights Exhausted", "2020-10-01", "2021-03-31"),
                immigration("A3", "ARE", "2020-10-01", None),  # 25 on 31 March
                immigration("A4", "ARE", "2020-10-01", None),  # not known as in care or leaving it
                immigration("A5", "ARE", "2020-10-01", None),  # died 1 February
                immigration("A6", "ARE", None, None),  # no start: throughout
            ],
        }
    )
    got = monthly(con, "CL ARE", "2020-10", "2021-03")
    assert got["2020-10"] == (4, None, 4.0)  # A2, A3, A5, A6
    assert got["2020-11"] == (5, None, 5.0)  # and A1
    assert got["2021-02"] == (4, None, 4.0)  # A5 died
    assert got["2021-03"] == (2, None, 2.0)  # A1, A6: A2's status ended, A3 turned 25
