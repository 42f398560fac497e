"""Children looked after indicators on hand-built children."""

from __future__ import annotations

from typing import Any

import pytest

from csc_insight.indicators import catalogue, children, engine, periods
from tests.indicators.helpers import cla_episode, d, monthly, period_value, store_with


def episode(
    person: str, start: str, ceased: str | None = None, care_start: str | None = None, n: int = 0
) -> dict[str, Any]:
    """An episode in the period of care that began on ``care_start`` (default: this episode's start)."""
    entered = care_start or start
    return cla_episode(
        f"{person}-{start}-{n}",
        person,
        start,
        ceased,
        entered=entered,
        cla_id=f"{person}-{entered}",
    )


def legal(person: str, status: str, start: str, end: str | None = None) -> dict[str, Any]:
    return {
        "lega_legal_status_id": f"{person}-{start}",
        "lega_person_id": person,
        "lega_legal_status": status,
        "lega_legal_status_start_date": d(start),
        "lega_legal_status_end_date": d(end) if end else None,
    }


def uasc(person: str, start: str | None, end: str | None = None) -> dict[str, Any]:
    return {
        "immi_immigration_status_id": f"{person}-UASC",
        "immi_person_id": person,
        "immi_immigration_status": "UASC",
        "immi_immigration_status_start_date": d(start) if start else None,
        "immi_immigration_status_end_date": d(end) if end else None,
    }


def placement(person: str, start: str, kind: str = "U6", end: str | None = None) -> dict[str, Any]:
    return {
        "clap_cla_placement_id": f"{person}-{start}",
        "clap_person_id": person,
        "clap_cla_placement_start_date": d(start),
        "clap_cla_placement_end_date": d(end) if end else None,
        "clap_cla_placement_type": kind,
    }


def visit(person: str, on: str, seen: str = "Y") -> dict[str, Any]:
    return {
        "clav_cla_visit_id": f"{person}-{on}",
        "clav_person_id": person,
        "clav_cla_visit_date": d(on),
        "clav_cla_visit_seen": seen,
    }


def allocation(
    person: str,
    worker: str,
    start: str,
    end: str | None = None,
    role: str | None = "SW",
    team: str = "T1",
) -> dict[str, Any]:
    return {
        "invo_involvements_id": f"{person}-{worker}-{start}",
        "invo_person_id": person,
        "invo_professional_id": worker,
        "invo_professional_role_id": role,
        "invo_professional_team": team,
        "invo_involvement_start_date": d(start),
        "invo_involvement_end_date": d(end) if end else None,
    }


def population(year: int, per_age: int) -> list[dict[str, Any]]:
    return [
        {
            "pop_area_code": "E09000008",
            "pop_year": year,
            "pop_age": age,
            "pop_sex": "T",
            "pop_count": per_age,
        }
        for age in range(26)
    ]


# --- CLA 3 / CLA 4 / CLA rate: looked after at the month end ------------------------------------


def cla_store() -> Any:
    return store_with(
        {
            "ssd_cla_episodes": [
                episode("L", "2020-01-01"),  # local, throughout
                episode("U", "2019-06-01"),  # UASC until 15 Sep 2020
                episode("V", "2019-06-01"),  # UASC until 31 Oct 2020 (the month end)
                episode("X", "2019-01-01", "2020-08-31"),  # ceased on 31 Aug: not looked after then
                episode("Y", "2020-08-31"),  # came into care on 31 Aug: looked after then
                # Z: a change of placement on 15 Aug (X1 then a new episode): one child.
                episode("Z", "2020-01-01", "2020-08-15"),
                episode("Z", "2020-08-15", care_start="2020-01-01"),
                episode("S", "2020-01-01"),  # short breaks throughout
                episode("T", "2020-01-01"),  # short breaks until 10 Aug, then a care order
                episode("R", "2020-01-01"),  # short breaks ended on 31 Aug (the month end)
                # W: two overlapping episode records: one child.
                episode("W", "2020-02-01", n=1),
                episode("W", "2020-02-01", n=2),
            ],
            "ssd_legal_status": [
                legal("S", "V3", "2020-01-01"),
                legal("T", "V4", "2020-01-01", "2020-08-10"),
                legal("T", "C2", "2020-08-10"),
                legal("R", "V3", "2020-01-01", "2020-08-31"),
                legal("R", "C1", "2020-08-31"),
            ],
            "ssd_immigration_status": [
                uasc("U", "2004-02-29", "2020-09-15"),
                uasc("V", None, "2020-10-31"),  # no start given: UASC from the outset
            ],
        }
    )


def test_cla3_cla4_month_ends_and_uasc_ending() -> None:
    con = cla_store()
    local = monthly(con, "CLA 3", "2020-07", "2020-10")
    asylum = monthly(con, "CLA 4", "2020-07", "2020-10")
    # 31 Jul: local L, X, Z, W (T and R on short breaks, Y not yet in care); UASC U, V.
    assert local["2020-07"] == (4, None, 4.0)
    assert asylum["2020-07"] == (2, None, 2.0)
    # 31 Aug: local L, Y, Z, T, R, W (X ceased that day; R's short breaks ended that day);
    # UASC U, V.
    assert local["2020-08"] == (6, None, 6.0)
    assert asylum["2020-08"] == (2, None, 2.0)
    # 30 Sep: U's status ended on 15 Sep, so U moves to local: L, Y, Z, T, R, W, U; UASC V.
    assert local["2020-09"] == (7, None, 7.0)
    assert asylum["2020-09"] == (1, None, 1.0)
    # 31 Oct: V's status ended that day: local 8, UASC 0.
    assert local["2020-10"] == (8, None, 8.0)
    assert asylum["2020-10"] == (0, None, 0.0)
    # A quarter shows its last month: Q2 (Jul-Sep) is 30 September.
    assert period_value(con, "CLA 4", "2020-07", "2020-10", "2020-21 Q2") == (1, None, 1.0)


def test_cla_rate_includes_uasc() -> None:
    con = store_with(
        {
            "ssd_cla_episodes": [
                episode("L", "2020-01-01"),
                episode("U", "2020-01-01"),
                episode("S", "2020-01-01"),
            ],
            "ssd_legal_status": [legal("S", "V3", "2020-01-01")],
            "ssd_immigration_status": [uasc("U", "2004-01-01")],
            # mid-2020: ages 0-17 are 18 x 1,000 = 18,000 (ages 18-25 ignored).
            "ext_population": population(2020, 1000),
        }
    )
    got = monthly(con, "CLA rate", "2021-03", "2021-03")
    # L and U (S on short breaks): 2 / 18,000 x 10,000 = 1.111...
    assert got["2021-03"] == (2, 18000, pytest.approx(2 / 18000 * 10_000))


# --- CLA 10: visits within statutory timescales -------------------------------------------------


def visits_store() -> Any:
    """Children looked after at 31 Mar 2021 (a Wednesday; visit rules count calendar days)."""
    return store_with(
        {
            "ssd_cla_episodes": [
                episode("A", "2021-03-27"),
                episode("B", "2021-03-24"),
                episode("C", "2021-03-23"),
                episode("D", "2020-10-01"),
                episode("E", "2020-10-01"),
                episode("F", "2019-06-01"),
                episode("G", "2019-06-01"),
                episode("H", "2020-06-01"),
                episode("I", "2020-01-01"),
                episode("J", "2020-10-01"),
                episode("K", "2020-01-01"),
                episode("N", "2021-03-26"),  # no placement record
            ],
            "ssd_legal_status": [legal("K", "V4", "2020-01-01")],
            "ssd_cla_placement": [
                placement("A", "2021-03-27"),
                placement("B", "2021-03-24"),
                placement("C", "2021-03-23"),
                placement("D", "2020-10-01"),
                placement("E", "2020-10-01"),
                placement("F", "2019-06-01", "U4"),  # long-term foster, over a year
                placement("G", "2019-06-01", "U6"),  # other foster, over a year
                placement("H", "2020-06-01", "U1"),  # long-term foster, first year
                placement("I", "2020-01-01", end="2021-03-20"),
                placement("I", "2021-03-20"),  # moved on 20 March
                placement("J", "2020-10-01"),
                placement("K", "2020-01-01"),
            ],
            "ssd_cla_visits": [
                visit("D", "2021-02-17"),  # 42 days before 31 Mar
                visit("E", "2021-02-16"),  # 43 days
                visit("F", "2021-01-01"),  # 89 days; 1 Jan + 3 months = 1 Apr
                visit("G", "2021-01-01"),
                visit("H", "2021-01-01"),
                visit("I", "2021-03-18"),  # before the move
                visit("J", "2021-01-10"),
                visit("J", "2021-03-30", seen="N"),  # not seen
                visit("K", "2021-03-30"),
            ],
        }
    )


def test_cla10_reg28() -> None:
    # At 31 Mar 2021, reg 28:
    #   A placed 27 Mar, not yet seen: 4 days <= 7, in time.   B placed 24 Mar: 7 days, in time.
    #   C placed 23 Mar: 8 days, not seen: late.
    #   D first year, seen 17 Feb: 42 days, in time.          E seen 16 Feb: 43 days, late.
    #   F U4 after the first year, seen 1 Jan: 1 Jan + 3 months = 1 Apr >= 31 Mar, in time.
    #   G U6 after the first year: 6 weeks applies, 89 days, late.
    #   H U1 but still in the placement's first year (from 1 Jun 2020): 6 weeks, late.
    #   I moved on 20 Mar and not seen since (18 Mar was before the move): 11 days, late.
    #   J last seen visit 10 Jan (30 Mar not seen): 80 days, late.
    #   N no placement record: timed from coming into care on 26 Mar, 5 days, in time.
    #   K short breaks: left out.
    con = visits_store()
    assert monthly(con, "CLA 10", "2021-03", "2021-03")["2021-03"] == (5, 11, 500 / 11)


def test_cla10_six_weekly() -> None:
    # six_weekly: seen within 42 days of 31 Mar, since coming into care. D (42 days) and I
    # (18 Mar, before the move but in this period of care) only; A, B, C and N have not been seen
    # since coming into care and get no first-week grace.
    con = visits_store()
    got = monthly(con, "CLA 10", "2021-03", "2021-03", cla_visit_rule="six_weekly")
    assert got["2021-03"] == (2, 11, 200 / 11)


def test_cla10_three_months_to_the_end_of_february() -> None:
    # Long-term foster placement since 2018; seen 30 Nov 2020. 30 Nov + 3 months = 28 Feb 2021
    # (no 30 February): in time at 28 Feb, late at 31 Mar. A visit before the period of care
    # began (Q came into care again on 1 Jan 2019) does not count.
    con = store_with(
        {
            "ssd_cla_episodes": [
                episode("P", "2018-01-01"),
                episode("Q", "2016-01-01", "2018-06-01"),
                episode("Q", "2019-01-01"),
            ],
            "ssd_cla_placement": [
                placement("P", "2018-01-01", "U4"),
                placement("Q", "2019-01-01", "U4"),
            ],
            "ssd_cla_visits": [visit("P", "2020-11-30"), visit("Q", "2018-05-01")],
        }
    )
    got = monthly(con, "CLA 10", "2021-02", "2021-03")
    assert got["2021-02"] == (1, 2, 50.0)  # P in time; Q never seen in this period of care
    assert got["2021-03"] == (0, 2, 0.0)


def test_cla10_latest_visit_and_placement_at_each_month_end() -> None:
    # Every child in care since before 2020 (so past every placement's first year), reg 28:
    #   X seen 10 and 20 Jan and on 31 Mar: at 28 Feb the 20 Jan visit (39 days) is the latest,
    #     in time (10 Jan would be 49 days, late); at 31 Mar, seen that day.
    #   Y seen 1 Dec and 5 Mar: at 28 Feb the March visit is still to come (1 Dec, 89 days, late);
    #     at 31 Mar, 26 days, in time.
    #   Z two placements open together: the later started (U4, long-term foster) sets the rule,
    #     so 5 Jan + 3 months = 5 Apr is in time at both month ends (U6 would be 6 weeks, late).
    #   W long-term foster placement ended on 31 Mar with no record after it: open at 28 Feb (3
    #     months from 5 Jan, in time); not open at 31 Mar, where 6 weeks apply (85 days, late).
    con = store_with(
        {
            "ssd_cla_episodes": [episode(c, "2019-01-01") for c in "XYZW"],
            "ssd_cla_placement": [
                placement("X", "2019-01-01"),
                placement("Y", "2019-01-01"),
                placement("Z", "2019-01-01", "U6"),
                placement("Z", "2019-06-01", "U4"),
                placement("W", "2019-01-01", "U4", end="2021-03-31"),
            ],
            "ssd_cla_visits": [
                visit("X", "2021-01-10"),
                visit("X", "2021-01-20"),
                visit("X", "2021-03-31"),
                visit("Y", "2020-12-01"),
                visit("Y", "2021-03-05"),
                visit("Z", "2021-01-05"),
                visit("W", "2021-01-05"),
            ],
        }
    )
    ind = catalogue.get("CLA 10")
    seen = {
        p.period_id: sorted(s for _, s, n, _ in engine.subjects(con, ind, p) if n)
        for p in periods.months(d("2021-02-01"), d("2021-03-31"))
    }
    assert seen == {"2021-02": ["W", "X", "Z"], "2021-03": ["X", "Y", "Z"]}


def review(person: str, on: str, cancelled: str = "N") -> dict[str, Any]:
    return {
        "clar_cla_review_id": f"{person}-{on}",
        "clar_person_id": person,
        "clar_cla_review_date": d(on),
        "clar_cla_review_cancelled": cancelled,
    }


def reg28_store() -> Any:
    """The paragraphs of reg 28 beyond the general rule, and a visit in a placement's first year.

    IB, IS, IX: came into care at home (P1) under an interim care order (C1) on 1 Mar 2021.
    IC, ID: the same since 1 Oct 2020, first review 20 Oct 2020.
    CA: at home under an interim care order from 1 Jun 2020; a care order (C2) made on 20 Mar 2021.
    CB: on a care order since 2019, in foster care, then home with a parent from 1 Dec 2020.
    UA: in care since 1 Jun 2020, with a relative or friend (U3) from 1 Feb 2021.
    UB, UC: with a relative or friend (U3) since coming into care (1 Jan 2021, 1 Oct 2020).
    FA, FB: long-term foster care (U4) since 29 Feb 2020.
    """
    at_home = ["IB", "IS", "IX"]
    return store_with(
        {
            "ssd_cla_episodes": [episode(c, "2021-03-01") for c in at_home]
            + [
                episode("IC", "2020-10-01"),
                episode("ID", "2020-10-01"),
                episode("CA", "2020-06-01"),
                episode("CB", "2019-01-01"),
                episode("UA", "2020-06-01"),
                episode("UB", "2021-01-01"),
                episode("UC", "2020-10-01"),
                episode("FA", "2020-02-29"),
                episode("FB", "2020-02-29"),
            ],
            "ssd_legal_status": [legal(c, "C1", "2021-03-01") for c in at_home]
            + [
                legal("IC", "C1", "2020-10-01"),
                legal("ID", "C1", "2020-10-01"),
                legal("CA", "C1", "2020-06-01", "2021-03-20"),
                legal("CA", "C2", "2021-03-20"),
                legal("CB", "C2", "2019-01-01"),
                legal("UA", "V2", "2020-06-01"),
                legal("UB", "V2", "2021-01-01"),
                legal("UC", "V2", "2020-10-01"),
            ],
            "ssd_cla_placement": [placement(c, "2021-03-01", "P1") for c in at_home]
            + [
                placement("IC", "2020-10-01", "P1"),
                placement("ID", "2020-10-01", "P1"),
                placement("CA", "2020-06-01", "P1"),
                placement("CB", "2019-01-01", "U6", end="2020-12-01"),
                placement("CB", "2020-12-01", "P1"),
                placement("UA", "2020-06-01", "U6", end="2021-02-01"),
                placement("UA", "2021-02-01", "U3"),
                placement("UB", "2021-01-01", "U3"),
                placement("UC", "2020-10-01", "U3"),
                placement("FA", "2020-02-29", "U4"),
                placement("FB", "2020-02-29", "U4"),
            ],
            "ssd_cla_reviews": [
                review("IS", "2021-03-22"),
                review("IX", "2021-03-15", cancelled="Y"),
                review("IC", "2020-10-20"),
                review("ID", "2020-10-20"),
                review("CA", "2020-06-20"),
                review("UA", "2020-06-25"),  # before the placement: not its first review
                review("UA", "2021-03-10"),
                review("UB", "2021-01-15"),
                review("UC", "2020-10-20"),
            ],
            "ssd_cla_visits": [
                visit("IB", "2021-03-03"),
                visit("IB", "2021-03-20"),
                visit("IS", "2021-03-22"),  # the day of the first review
                visit("IX", "2021-03-16"),
                visit("IC", "2021-02-25"),
                visit("ID", "2021-03-03"),
                visit("CA", "2021-02-15"),
                visit("CA", "2021-03-15"),
                visit("CB", "2021-02-20"),
                *[visit("UA", f"2021-{m}") for m in ("02-05", "02-12", "02-19", "02-26", "03-05")],
                visit("UB", "2021-03-05"),
                visit("UC", "2021-03-01"),
                visit("FA", "2021-02-27"),  # the last day of the placement's first year
                visit("FB", "2021-02-28"),  # its first anniversary: after the first year
            ],
        }
    )


def in_time(con: Any, first: str, last: str) -> dict[str, list[str]]:
    ind = catalogue.get("CLA 10")
    return {
        p.period_id: sorted(s for _, s, n, _ in engine.subjects(con, ind, p) if n)
        for p in periods.months(d(first + "-01"), periods.month_end(d(last + "-01")))
    }


def test_cla10_reg28_paragraphs_3_to_5_and_the_first_year() -> None:
    # At 31 Mar 2021 (the old rule, reg 28(2) for everyone, in brackets):
    #   IB  interim care order at home, no review yet: weekly; seen 20 Mar, due 27 Mar: late
    #       (was in time: 11 days <= 6 weeks).
    #   IS  seen on the day of the first review (22 Mar): four weekly from then, due 19 Apr: in time.
    #   IX  the only review was cancelled: still weekly; seen 16 Mar, due 23 Mar: late (was in time).
    #   IC  after the first review: four weekly; seen 25 Feb, due 25 Mar: late (was in time, 34 days).
    #   ID  seen 3 Mar, due 31 Mar (28 days): in time.
    #   CA  care order made 20 Mar while at home: a visit within a week of it, due 27 Mar; last seen
    #       15 Mar, before the order: late (was in time, 16 days).
    #   CB  home with a parent under a care order: six weekly; seen 20 Feb, due 3 Apr: in time.
    #   UA  with a relative or friend since 1 Feb (temporary approval assumed for 16 weeks): weekly
    #       until the first review since the placement began (10 Mar); seen 5 Mar, due 12 Mar: late
    #       (was in time, 26 days).
    #   UB  the same after its first review: four weekly; seen 5 Mar, due 2 Apr: in time.
    #   UC  seen 1 Mar, after the 16 weeks (to 20 Jan): the general rule, six weekly: in time.
    #   FA, FB  seen 27 and 28 Feb: in time.
    # At 28 Feb: IB, IS, IX not yet in care. ID, UB and UC not yet seen since the rule began
    # (due a week after it): late. IC (25 Feb), CA (15 Feb, four weekly under the interim order,
    # due 15 Mar), CB, UA (26 Feb, due 5 Mar), FA and FB: in time.
    # At 30 Apr: FA's visit was in the first year of the placement, so the next was due six weeks
    # later (10 Apr): late (was in time: after the first year, long-term foster care, 3 months).
    # FB's visit on the anniversary was after the first year: three monthly, due 28 May: in time.
    got = in_time(reg28_store(), "2021-02", "2021-04")
    assert got == {
        "2021-02": ["CA", "CB", "FA", "FB", "IC", "UA"],
        "2021-03": ["CB", "FA", "FB", "ID", "IS", "UB", "UC"],
        "2021-04": ["FB"],
    }


def test_cla10_reg28_evidence_names_the_paragraph() -> None:
    con = reg28_store()
    every = periods.all_periods(d("2020-04-01"), d("2021-03-31"))
    (p,) = [p for p in every if p.period_id == "2021-03"]
    ind = catalogue.get("CLA 10")
    rows = [
        dict(zip(got.columns, r, strict=True))
        for not_met in (False, True)
        for got in [children.listing(con, ind, p, user="tester", not_met=not_met)]
        for r in got.rows
    ]
    due = {r["subject_id"]: (r["visit_rule"], r["visit_due_by"]) for r in rows}
    assert due == {
        "IB": ("weekly until first review, interim care order at home", d("2021-03-27")),
        "IS": ("four weekly, interim care order at home", d("2021-04-19")),
        "IX": ("weekly until first review, interim care order at home", d("2021-03-23")),
        "IC": ("four weekly, interim care order at home", d("2021-03-25")),
        "ID": ("four weekly, interim care order at home", d("2021-03-31")),
        "CA": ("first week, care order at home", d("2021-03-27")),
        "CB": ("six weekly, care order at home", d("2021-04-03")),
        "UA": (
            "weekly until first review, connected person (temporary approval assumed)",
            d("2021-03-12"),
        ),
        "UB": ("four weekly, connected person (temporary approval assumed)", d("2021-04-02")),
        "UC": ("six weekly, first year of placement", d("2021-04-12")),
        "FA": ("six weekly, first year of placement", d("2021-04-10")),
        "FB": ("three monthly, long-term foster care", d("2021-05-28")),
    }
    assert {
        r["subject_id"]: r["first_review"] for r in rows if r["subject_id"] in ("UA", "IX")
    } == {
        "UA": d("2021-03-10"),  # the first since the placement began; 25 Jun 2020 was before it
        "IX": None,  # cancelled
    }


# --- CLA 19: same social worker for 6 months ----------------------------------------------------


def test_cla19_same_worker() -> None:
    # At 31 Mar 2021: in care 12+ months means in care since 31 Mar 2020 or earlier; the six
    # months run 1 Oct 2020 - 31 Mar 2021.
    con = store_with(
        {
            "ssd_cla_episodes": [
                episode("A", "2019-01-01"),
                episode("B", "2019-01-01"),
                episode("C", "2020-03-31"),  # exactly 12 months
                episode("D", "2020-04-01"),  # 12 months less a day: not in the cohort
                episode("E", "2019-01-01"),
                episode("F", "2019-01-01"),
                episode("G", "2018-01-01", "2020-06-30"),  # left care ...
                episode("G", "2020-09-01"),  # ... and came back: timed from 1 Sep 2020
                episode("H", "2019-01-01"),
                episode("I", "2019-01-01"),
                episode("J", "2019-01-01"),
            ],
            "ssd_involvements": [
                allocation("A", "W1", "2020-10-01"),  # from the first day: yes
                allocation("B", "W1", "2020-10-02"),  # a day short: no
                allocation("C", "W2", "2020-04-01", "2021-03-31"),  # ends on the month end: yes
                allocation("D", "W2", "2020-04-01"),
                # E moved team on 1 Jan with the same worker: one run, yes.
                allocation("E", "W3", "2020-01-01", "2020-12-31", team="T1"),
                allocation("E", "W3", "2021-01-01", team="T2"),
                # F moved team and changed worker: no.
                allocation("F", "W4", "2020-01-01", "2020-12-31", team="T1"),
                allocation("F", "W5", "2021-01-01", team="T2"),
                allocation("G", "W6", "2018-01-01"),
                # H: a second worker for a month alongside the first: still yes.
                allocation("H", "W6", "2020-01-01"),
                allocation("H", "W7", "2020-11-01", "2020-12-01"),
                # I: only a personal adviser: no.
                allocation("I", "W8", "2020-01-01", role="PA"),
                # J: the same worker with a 4-day gap: no.
                allocation("J", "W9", "2020-01-01", "2020-11-15"),
                allocation("J", "W9", "2020-11-20"),
            ],
        }
    )
    # Cohort A, B, C, E, F, H, I, J (8); same worker A, C, E, H (4).
    assert monthly(con, "CLA 19", "2021-03", "2021-03")["2021-03"] == (4, 8, 50.0)


def test_cla19_an_allocation_with_no_role_is_a_social_worker() -> None:
    # As the caseloads read it: no role recorded (or "sw") is the allocated social worker; PA is not.
    con = store_with(
        {
            "ssd_cla_episodes": [episode(c, "2019-01-01") for c in ("M", "N", "O")],
            "ssd_involvements": [
                allocation("M", "W1", "2020-01-01", role=None),
                allocation("N", "W2", "2020-01-01", role="sw"),
                allocation("O", "W3", "2020-01-01", role="PA"),
            ],
        }
    )
    assert monthly(con, "CLA 19", "2021-03", "2021-03")["2021-03"] == (2, 3, 200 / 3)


def test_cla19_leap_year_twelve_months() -> None:
    # At 28 Feb 2021: 29 Feb 2020 + 12 months = 28 Feb 2021, in the cohort; 1 Mar 2020 is not.
    # The six months are 1 Sep 2020 - 28 Feb 2021.
    con = store_with(
        {
            "ssd_cla_episodes": [episode("K", "2020-02-29"), episode("L", "2020-03-01")],
            "ssd_involvements": [
                allocation("K", "W1", "2020-09-01"),
                allocation("L", "W1", "2020-03-01"),
            ],
        }
    )
    got = monthly(con, "CLA 19", "2021-02", "2021-03")
    assert got["2021-02"] == (1, 1, 100.0)  # K only
    assert got["2021-03"] == (2, 2, 100.0)  # K and L (1 Mar 2020 + 12 months = 1 Mar 2021)


def test_cla_rate_local_leaves_out_uasc_until_their_status_ends() -> None:
    con = store_with(
        {
            "ssd_cla_episodes": [
                episode("L", "2020-01-01"),
                episode("U", "2020-01-01"),
                episode("S", "2020-01-01"),
            ],
            "ssd_legal_status": [legal("S", "V3", "2020-01-01")],
            # U's status ends on 28 February 2021 (the month end): local at 28 February.
            "ssd_immigration_status": [uasc("U", "2004-01-01", "2021-02-28")],
            "ext_population": population(2020, 1000),
        }
    )
    local = monthly(con, "CLA rate local", "2021-01", "2021-02")
    every = monthly(con, "CLA rate", "2021-01", "2021-02")
    assert local["2021-01"] == (1, 18000, pytest.approx(1 / 18000 * 10_000))
    assert local["2021-02"] == (2, 18000, pytest.approx(2 / 18000 * 10_000))
    assert every["2021-01"] == (2, 18000, pytest.approx(2 / 18000 * 10_000))
