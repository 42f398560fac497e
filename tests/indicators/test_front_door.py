"""Front door indicators on hand-built children."""

from __future__ import annotations

from tests.indicators.helpers import d, monthly, period_value, store_with


def referral(person: str, on: str) -> dict[str, object]:
    return {
        "cine_referral_id": f"{person}-{on}",
        "cine_person_id": person,
        "cine_referral_date": d(on),
    }


def test_fd8_365_and_366_days_apart() -> None:
    con = store_with(
        {
            "ssd_cin_episodes": [
                # A: 2020-03-10 then 2021-03-10: 365 days, same date a year later -> re-referral.
                referral("A", "2020-03-10"),
                referral("A", "2021-03-10"),
                # B: 2020-03-09 then 2021-03-10: 366 days -> not a re-referral.
                referral("B", "2020-03-09"),
                referral("B", "2021-03-10"),
                # C: leap day. 2020-02-29 then 2021-02-28: 365 days, within 12 months -> re-referral.
                referral("C", "2020-02-29"),
                referral("C", "2021-02-28"),
            ]
        }
    )
    got = monthly(con, "FD 8", "2021-02", "2021-03")
    assert got["2021-02"] == (1, 1, 100.0)  # C
    assert got["2021-03"] == (1, 2, 50.0)  # A yes, B no


def test_fd8_same_day_duplicate_is_not_a_re_referral() -> None:
    con = store_with(
        {
            "ssd_cin_episodes": [
                referral("A", "2021-01-31"),
                {**referral("A", "2021-01-31"), "cine_referral_id": "A-dup"},
            ]
        }
    )
    assert monthly(con, "FD 8", "2021-01", "2021-01")["2021-01"] == (0, 2, 0.0)


def test_fd8_month_and_year_ends_and_ytd() -> None:
    con = store_with(
        {
            "ssd_cin_episodes": [
                referral("A", "2020-04-01"),  # first day of the financial year
                referral("A", "2020-04-30"),  # re-referral, last day of April
                referral("B", "2021-03-31"),  # last day of the year, first referral
            ]
        }
    )
    got = monthly(con, "FD 8", "2020-04", "2021-03")
    assert got["2020-04"] == (1, 2, 50.0)
    assert got["2021-03"] == (0, 1, 0.0)
    assert got["2020-05"] == (0, 0, None)  # no referrals: no value, Grey
    assert period_value(con, "FD 8", "2020-04", "2021-03", "2020-21") == (1, 3, 100 / 3)
    assert period_value(con, "FD 8", "2020-04", "2021-03", "2020-21 Q1") == (1, 2, 50.0)


def test_fd8_window_is_a_setting() -> None:
    con = store_with(
        {"ssd_cin_episodes": [referral("A", "2020-01-15"), referral("A", "2020-12-15")]}
    )
    assert monthly(con, "FD 8", "2020-12", "2020-12")["2020-12"][2] == 100.0
    assert monthly(con, "FD 8", "2020-12", "2020-12", re_referral_months=6)["2020-12"][2] == 0.0
