"""Missing indicators on hand-built children."""

from __future__ import annotations

from typing import Any

from tests.indicators.helpers import d, monthly, period_value, store_with


def missing(person: str, start: str, kind: str | None = "M", n: int = 0) -> dict[str, Any]:
    return {
        "miss_table_id": f"{person}-{start}-{n}",
        "miss_person_id": person,
        "miss_missing_episode_start_date": d(start),
        "miss_missing_episode_type": kind,
    }


def episode(person: str, start: str, ceased: str | None = None) -> dict[str, Any]:
    return {
        "clae_cla_episode_id": f"{person}-{start}",
        "clae_person_id": person,
        "clae_cla_episode_start_date": d(start),
        "clae_cla_episode_ceased_date": d(ceased) if ceased else None,
    }


def legal(person: str, status: str, start: str, end: str | None = None) -> dict[str, Any]:
    return {
        "lega_legal_status_id": f"{person}-{start}",
        "lega_person_id": person,
        "lega_legal_status": status,
        "lega_legal_status_start_date": d(start),
        "lega_legal_status_end_date": d(end) if end else None,
    }


# --- MIS 1: children with 3+ missing episodes in the period ----------------------------------


def test_mis1_month_quarter_and_types() -> None:
    con = store_with(
        {
            "ssd_missing": [
                # A: 3 in May.
                missing("A", "2020-05-01"),
                missing("A", "2020-05-08"),
                missing("A", "2020-05-31"),
                # B: 2 in May, 1 on 1 June: 3+ in neither month, but 3 in Q1 (April-June).
                missing("B", "2020-05-30"),
                missing("B", "2020-05-31"),
                missing("B", "2020-06-01"),
                # C: 3 in May but one is away without authorisation (A): 2 missing.
                missing("C", "2020-05-02"),
                missing("C", "2020-05-03"),
                missing("C", "2020-05-04", kind="A"),
                # D: 3 in May, one with no type (read as missing).
                missing("D", "2020-05-05"),
                missing("D", "2020-05-06"),
                missing("D", "2020-05-07", kind=None),
                # E: 4 in May, two on the same day: counted once.
                missing("E", "2020-05-10"),
                missing("E", "2020-05-11"),
                missing("E", "2020-05-12", n=1),
                missing("E", "2020-05-12", n=2),
            ]
        }
    )
    got = monthly(con, "MIS 1", "2020-04", "2020-06")
    assert got["2020-04"] == (0, None, 0.0)
    assert got["2020-05"] == (3, None, 3.0)  # A, D, E
    assert got["2020-06"] == (0, None, 0.0)  # B has only 1 in June
    # The quarter adds the months: 0 + 3 + 0. B, with 3 episodes across May and June, is in
    # neither month, so not in the quarter (counted afresh, it used to be 4: A, B, D, E).
    assert period_value(con, "MIS 1", "2020-04", "2020-06", "2020-21 Q1") == (3, None, 3.0)


def test_mis1_year_is_the_sum_of_its_months() -> None:
    con = store_with(
        {
            "ssd_missing": [
                # G: 3 in each of January, February (one on the leap day) and March 2020.
                missing("G", "2020-01-01"),
                missing("G", "2020-01-02"),
                missing("G", "2020-01-31"),
                missing("G", "2020-02-01"),
                missing("G", "2020-02-28"),
                missing("G", "2020-02-29"),
                missing("G", "2020-03-01"),
                missing("G", "2020-03-15"),
                missing("G", "2020-03-31"),  # the year's last day
                # F: one episode in each of three months: 3 in the year, never 3 in a month.
                missing("F", "2019-05-15"),
                missing("F", "2019-08-31"),
                missing("F", "2020-03-31"),
                # H: 3 on one day (three records): repeat missing that month.
                missing("H", "2019-12-25", n=1),
                missing("H", "2019-12-25", n=2),
                missing("H", "2019-12-25", n=3),
            ]
        }
    )
    got = monthly(con, "MIS 1", "2019-04", "2020-04")
    assert [got[m][0] for m in ("2019-12", "2020-01", "2020-02", "2020-03", "2020-04")] == [
        1, 1, 1, 1, 0
    ]  # fmt: skip
    # The year adds its months: G three times (January to March) and H once = 4. Counted afresh
    # (children with 3+ episodes in the whole year, each once) it used to be 3: G, F and H.
    assert period_value(con, "MIS 1", "2019-04", "2020-04", "2019-20") == (4, None, 4.0)
    assert period_value(con, "MIS 1", "2019-04", "2020-04", "2019-20 Q4") == (3, None, 3.0)
    # May 2019 to April 2020 holds the same months but April's none: 4.
    assert period_value(con, "MIS 1", "2019-04", "2020-04", "R12 2020-04") == (4, None, 4.0)


# --- MIS 2: missing episodes of children looked after -------------------------------------------


def test_mis2_looked_after_on_the_day() -> None:
    con = store_with(
        {
            "ssd_cla_episodes": [
                episode("L", "2020-01-01"),  # looked after throughout
                episode("X", "2019-01-01", "2020-05-15"),  # left care on 15 May
                episode("Y", "2020-05-20"),  # came into care on 20 May
                episode("S", "2020-01-01"),  # short breaks
            ],
            "ssd_legal_status": [legal("S", "V3", "2020-01-01")],
            "ssd_missing": [
                missing("L", "2020-05-08"),  # counted (bank holiday, calendar dates only)
                missing("L", "2020-05-09", kind="A"),  # away: not counted
                missing("L", "2020-05-10", kind=None),  # no type: counted
                missing("L", "2020-05-31"),  # counted in May
                missing("L", "2020-06-01"),  # counted in June
                missing("H", "2020-05-11"),  # never looked after: missing from home
                missing("X", "2020-05-14"),  # still looked after: counted
                missing("X", "2020-05-15"),  # left care that day: not counted
                missing("Y", "2020-05-19"),  # not yet looked after
                missing("Y", "2020-05-20"),  # came into care that day: counted
                missing("S", "2020-05-12"),  # short breaks: not counted
            ],
        }
    )
    got = monthly(con, "MIS 2", "2020-04", "2020-06")
    # May: L 8th, L 10th, L 31st, X 14th, Y 20th.
    assert got["2020-05"] == (5, None, 5.0)
    assert got["2020-06"] == (1, None, 1.0)
    # The quarter adds the months: 0 + 5 + 1.
    assert period_value(con, "MIS 2", "2020-04", "2020-06", "2020-21 Q1") == (6, None, 6.0)


def test_mis2_short_breaks_ending_mid_month() -> None:
    con = store_with(
        {
            "ssd_cla_episodes": [episode("S", "2020-01-01")],
            # Short breaks until 10 Feb 2020 (the day the status ended), then a care order.
            "ssd_legal_status": [
                legal("S", "V4", "2020-01-01", "2020-02-10"),
                legal("S", "C2", "2020-02-10"),
            ],
            "ssd_missing": [
                missing("S", "2020-02-09"),  # on short breaks: not counted
                missing("S", "2020-02-10"),  # care order from that day: counted
                missing("S", "2020-02-29"),  # leap day: counted in February
            ],
        }
    )
    assert monthly(con, "MIS 2", "2020-02", "2020-03")["2020-02"] == (2, None, 2.0)


# --- MIS RHI offered, MIS RHI accepted: return home interviews after missing episodes -----------


def returned(
    ident: str,
    start: str,
    end: str | None,
    offered: str | None,
    accepted: str | None = None,
    kind: str | None = "M",
) -> dict[str, Any]:
    return {
        "miss_table_id": ident,
        "miss_person_id": f"child-{ident}",
        "miss_missing_episode_start_date": d(start),
        "miss_missing_episode_end_date": d(end) if end else None,
        "miss_missing_episode_type": kind,
        "miss_missing_rhi_offered": offered,
        "miss_missing_rhi_accepted": accepted,
    }


def test_return_home_interviews_by_the_month_the_episode_ended() -> None:
    con = store_with(
        {
            "ssd_missing": [
                returned("e1", "2021-02-28", "2021-03-01", "Y", "Y"),  # started in Feb: March
                returned("e2", "2021-03-31", "2021-03-31", "Y", "N"),  # same day, year end
                returned("e3", "2021-03-20", None, None),  # still missing: in neither
                returned("e4", "2021-03-02", "2021-03-03", "Y", "Y", kind="A"),  # away: out
                returned("e5", "2021-03-04", "2021-03-05", "N", kind=None),  # no type: missing
                returned("e6", "2021-03-06", "2021-03-06", None),  # offer not recorded
                returned("e7", "2021-03-07", "2021-03-08", "N", "Y"),  # accepted, never offered
                returned("e8", "2021-02-27", "2021-02-28", "Y", "N"),  # February
                returned("e9", "2021-04-01", "2021-04-02", "Y", "Y"),  # Good Friday: April
                returned("e10", "2020-02-28", "2020-02-29", "N"),  # leap day
            ]
        }
    )
    offered = monthly(con, "MIS RHI offered", "2020-02", "2021-04")
    assert offered["2020-02"] == (0, 1, 0.0)
    assert offered["2021-02"] == (1, 1, 100.0)
    assert offered["2021-03"] == (2, 5, 40.0)  # e1, e2 of e1, e2, e5, e6, e7
    assert offered["2021-04"] == (1, 1, 100.0)
    accepted = monthly(con, "MIS RHI accepted", "2020-02", "2021-04")
    assert accepted["2021-02"] == (0, 1, 0.0)
    assert accepted["2021-03"] == (1, 5, 20.0)  # e1 only (e7's acceptance has no offer)
    # The year adds its months: February and March 2021 (2020-21 runs to 31 March).
    got = period_value(con, "MIS RHI offered", "2020-04", "2021-04", "2020-21")
    assert got == (3, 6, 50.0)
