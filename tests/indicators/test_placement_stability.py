"""CLA 20 short-term and long-term (the DfE's placement stability) on hand-built children."""

from __future__ import annotations

from typing import Any

from csc_insight.indicators import catalogue, children, engine, periods, settings
from tests.indicators.helpers import d, monthly, store_with


def ep(
    person: str,
    start: str,
    ceased: str | None = None,
    rne: str | None = "P",
    placement: str | None = None,
    care_start: str | None = None,
) -> dict[str, Any]:
    """An SSDA903 episode with its reason for new episode (RNE), in the period of care that
    began on ``care_start`` (default: this episode's start)."""
    entered = care_start or start
    return {
        "clae_cla_id": f"{person}-{entered}",
        "clae_entered_care_date": d(entered),
        "clae_cla_episode_id": f"{person}-{start}",
        "clae_person_id": person,
        "clae_cla_episode_start_date": d(start),
        "clae_cla_episode_ceased_date": d(ceased) if ceased else None,
        "clae_cla_episode_start_reason": rne,
        "clae_cla_placement_id": placement,
    }


def chain(person: str, *steps: tuple[str, str | None], last: str | None = None) -> list[Any]:
    """Episodes following on from each other in one period of care: (start, RNE) each; the last
    open unless ``last``."""
    out = []
    for n, (start, rne) in enumerate(steps):
        ceased = steps[n + 1][0] if n + 1 < len(steps) else last
        out.append(ep(person, start, ceased, rne, care_start=steps[0][0]))
    return out


def legal(person: str, status: str, start: str, end: str | None = None) -> dict[str, Any]:
    return {
        "lega_legal_status_id": f"{person}-{start}",
        "lega_person_id": person,
        "lega_legal_status": status,
        "lega_legal_status_start_date": d(start),
        "lega_legal_status_end_date": d(end) if end else None,
    }


def placement(person: str, start: str, kind: str, end: str | None = None) -> dict[str, Any]:
    return {
        "clap_cla_placement_id": f"{person}-{start}",
        "clap_person_id": person,
        "clap_cla_placement_start_date": d(start),
        "clap_cla_placement_end_date": d(end) if end else None,
        "clap_cla_placement_type": kind,
    }


def person(pid: str, dob: str | None) -> dict[str, Any]:
    return {"pers_person_id": pid, "pers_dob": d(dob) if dob else None}


def evidence(con: Any, indicator_id: str, period_id: str, first: str, last: str) -> dict[str, Any]:
    every = periods.all_periods(d(first + "-01"), periods.month_end(d(last + "-01")))
    (p,) = [p for p in every if p.period_id == period_id]
    ind = catalogue.get(indicator_id)
    rows = {}
    for not_met in (False, True):
        got = children.listing(con, ind, p, user="tester", not_met=not_met)
        for r in got.rows:
            row = dict(zip(got.columns, r, strict=True))
            rows[row["subject_id"]] = {**row, "met": not not_met}
    return rows


# --- short-term: 3 or more placements in the 12 months to the month end -------------------------


def short_term_store() -> Any:
    """Children looked after at 31 March 2021; the year is 1 April 2020 to 31 March 2021."""
    return store_with(
        {
            "ssd_cla_episodes": [
                # A: the first placement ceased on 1 April 2020 (last day 31 March): 2 in the year.
                *chain("A", ("2019-01-01", "S"), ("2020-04-01", "P"), ("2020-09-01", "P")),
                # B: the same a day later: in the first placement on 1 April, 3 in the year.
                *chain("B", ("2019-01-01", "S"), ("2020-04-02", "P"), ("2020-09-01", "P")),
                # C: five episodes, but T and U change the placement with the same carers and L
                # only the legal status: 2 placements (every episode counted would be 5).
                *chain(
                    "C",
                    ("2020-05-01", "S"),
                    ("2020-06-01", "T"),
                    ("2020-07-01", "U"),
                    ("2020-08-01", "L"),
                    ("2020-10-01", "P"),
                ),
                # D: a placement begun on the month end counts (B: placement, legal status and
                # carers changed): 3 at 31 March; 2 at 28 February.
                *chain("D", ("2020-05-01", "S"), ("2020-06-01", "B"), ("2021-03-31", "P")),
                # E: left care on 1 June and came back on 1 August: 3 placements in two periods.
                *chain("E", ("2020-05-01", "S"), last="2020-06-01"),
                *chain("E", ("2020-08-01", "S"), ("2020-09-01", "P")),
                # G: two short breaks (V3), then looked after under a care order: 1 placement.
                *chain("G", ("2020-04-10", "S"), last="2020-04-12"),
                *chain("G", ("2020-05-10", "S"), last="2020-05-12"),
                *chain("G", ("2020-07-01", "S")),
                # H: no RNE recorded: a new placement when the placement id changes.
                ep("H", "2020-05-01", "2020-06-01", None, "H1"),
                ep("H", "2020-06-01", "2020-07-01", None, "H1"),
                ep("H", "2020-07-01", None, None, "H2"),
                # I: 3 placements but left care on 31 March: not looked after then.
                *chain(
                    "I",
                    ("2020-05-01", "S"),
                    ("2020-06-01", "P"),
                    ("2020-07-01", "P"),
                    last="2021-03-31",
                ),
                # K: a child whose data begin with an L episode (care history before the store):
                # that episode begins the placement the child is in.
                *chain("K", ("2020-06-01", "L"), ("2020-07-01", "P"), ("2020-08-01", "P")),
            ],
            "ssd_legal_status": [
                legal("G", "V3", "2020-04-10", "2020-07-01"),
                legal("G", "C2", "2020-07-01"),
            ],
        }
    )


def test_shared_dfe_placements_rows() -> None:
    """The shared view both CLA 20 measures read (sql/shared/placement_stability.sql): one row
    per placement, (started, ceased, previous_from); an open placement ceases on 9999-12-31."""
    con = short_term_store()
    engine.prepare(con, periods.months(d("2021-03-01"), d("2021-03-31")), settings.defaults())
    got: dict[str, list[tuple[str, str, str | None]]] = {}
    for pid, started, ceased, previous in con.execute(
        "SELECT person_id, started, ceased, previous_from FROM dfe_placements ORDER BY ALL"
    ).fetchall():
        got.setdefault(pid, []).append(
            (str(started), str(ceased), str(previous) if previous else None)
        )
    open_ = "9999-12-31"
    # C: T, U and L continue the placement begun by S; P begins the next.
    assert got["C"] == [
        ("2020-05-01", "2020-10-01", None),
        ("2020-10-01", open_, "2020-05-01"),
    ]
    # E: a gap in care ends a placement; previous_from reaches back across the gap.
    assert got["E"] == [
        ("2020-05-01", "2020-06-01", None),
        ("2020-08-01", "2020-09-01", "2020-05-01"),
        ("2020-09-01", open_, "2020-08-01"),
    ]
    # G: the two episodes begun on short breaks (V3) are left out; the V3 status ended on the
    # day the care order's episode began, so that one counts.
    assert got["G"] == [("2020-07-01", open_, None)]
    # H: no RNE, so a new placement only when the placement id changes.
    assert got["H"] == [("2020-05-01", "2020-07-01", None), ("2020-07-01", open_, "2020-05-01")]
    # K: the child's first episode in the store begins a placement, even with RNE L.
    assert got["K"] == [
        ("2020-06-01", "2020-07-01", None),
        ("2020-07-01", "2020-08-01", "2020-06-01"),
        ("2020-08-01", open_, "2020-07-01"),
    ]


def test_cla20_short_term_counts_placements_as_the_dfe_does() -> None:
    con = short_term_store()
    got = monthly(con, "CLA 20 short-term", "2021-02", "2021-03")
    # 31 March: looked after A, B, C, D, E, G, H, K (I left that day); 3+ placements: B, D, E, K.
    assert got["2021-03"] == (4, 8, 50.0)
    # 28 February (from 1 March 2020): I is looked after and has 3; D has 2 (not yet moved on
    # 31 March); A has 3 (in its first placement in March 2020): A, B, E, I, K of 9.
    assert got["2021-02"] == (5, 9, 500 / 9)
    rows = evidence(con, "CLA 20 short-term", "2021-03", "2021-03", "2021-03")
    assert {k: (r["placements_in_year"], r["met"]) for k, r in rows.items()} == {
        "A": (2, False),
        "B": (3, True),
        "C": (2, False),
        "D": (3, True),
        "E": (3, True),
        "G": (1, False),
        "H": (2, False),
        "K": (3, True),
    }
    assert rows["B"]["placements_began"] == "2019-01-01, 2020-04-02, 2020-09-01"
    assert rows["A"]["year_from"] == d("2020-04-01")


def test_cla20_short_term_leap_year_month_ends() -> None:
    # The year to 29 February 2020 runs from 1 March 2019. J1's first placement ended on 1 March
    # 2019 (last day 28 February): in January's year, not February's. J2 also moved on 29
    # February 2020, the month end: that placement counts in February.
    con = store_with(
        {
            "ssd_cla_episodes": [
                *chain("J1", ("2019-02-28", "S"), ("2019-03-01", "P"), ("2019-12-01", "P")),
                *chain(
                    "J2",
                    ("2019-02-28", "S"),
                    ("2019-03-01", "P"),
                    ("2019-12-01", "P"),
                    ("2020-02-29", "P"),
                ),
            ]
        }
    )
    got = monthly(con, "CLA 20 short-term", "2020-01", "2020-02")
    assert got["2020-01"] == (2, 2, 100.0)
    assert got["2020-02"] == (1, 2, 50.0)
    # A quarter shows its last month.
    q = periods.all_periods(d("2020-01-01"), d("2020-03-31"))
    assert any(p.period_id == "2019-20 Q4" for p in q)


# --- long-term: under 16, in care 2.5 years, same placement 2 years -----------------------------


def long_term_store() -> Any:
    """At 31 March 2021: in care since 30 September 2018 or before (30 months), and in the
    placement since 31 March 2019 or before (24 months)."""
    return store_with(
        {
            "ssd_person": [
                person("LA", "2010-01-01"),
                person("LB", "2010-01-01"),
                person("LC", "2010-01-01"),
                person("LD", "2010-01-01"),
                person("LE", "2010-01-01"),
                person("LF", "2015-01-01"),
                person("LG", "2015-01-01"),
                person("LH", "2005-03-31"),  # 16 on 31 March 2021
                person("LI", "2005-04-01"),  # 16 on 1 April 2021
                person("LJ", None),
                person("LK", "2010-01-01"),
            ],
            "ssd_cla_episodes": [
                *chain("LA", ("2018-09-30", "S")),  # 2.5 years exactly, one placement
                *chain("LB", ("2018-10-01", "S")),  # a day short of 2.5 years
                *chain("LC", ("2018-01-01", "S"), ("2019-04-01", "P")),  # placement a day short
                *chain("LD", ("2018-01-01", "S"), ("2019-03-31", "P")),  # placement 2 years
                # LE: the placement changed with the same carers (T) in 2020: the same placement.
                *chain("LE", ("2018-01-01", "S"), ("2020-01-01", "T")),
                # LF: placed for adoption with new carers in June 2020; the foster placement
                # before it began in 2018: together 2 years.
                *chain("LF", ("2018-01-01", "S"), ("2020-06-01", "B")),
                # LG: the same moves, but to another foster placement.
                *chain("LG", ("2018-01-01", "S"), ("2020-06-01", "P")),
                *chain("LH", ("2015-01-01", "S")),
                *chain("LI", ("2015-01-01", "S")),
                *chain("LJ", ("2015-01-01", "S")),  # no date of birth
                *chain("LK", ("2015-01-01", "S")),  # short breaks at the month end
            ],
            "ssd_cla_placement": [
                placement("LF", "2018-01-01", "U6", "2020-06-01"),
                placement("LF", "2020-06-01", "A6"),
                placement("LG", "2018-01-01", "U6", "2020-06-01"),
                placement("LG", "2020-06-01", "U4"),
            ],
            "ssd_legal_status": [legal("LK", "V4", "2021-01-01")],
        }
    )


def test_cla20_long_term() -> None:
    con = long_term_store()
    # Denominator: LA, LC, LD, LE, LF, LG, LI (LB too recent, LH 16, LJ no age, LK short
    # breaks); in the same placement 2 years: LA, LD, LE, LF (adoptive and previous), LI.
    assert monthly(con, "CLA 20 long-term", "2021-03", "2021-03")["2021-03"] == (5, 7, 500 / 7)
    rows = evidence(con, "CLA 20 long-term", "2021-03", "2021-03", "2021-03")
    assert {k for k, r in rows.items() if r["met"]} == {"LA", "LD", "LE", "LF", "LI"}
    assert rows["LF"]["placement_type"] == "A6"
    assert rows["LF"]["counted_from"] == d("2018-01-01")
    assert rows["LG"]["counted_from"] == d("2020-06-01")
    assert rows["LE"]["placement_from"] == d("2018-01-01")
    assert rows["LC"]["needed_from"] == d("2019-03-31")


def test_cla20_long_term_leap_day_placement() -> None:
    # A placement begun on 29 February 2020 reaches 2 years on 28 February 2022 (24 calendar
    # months): not in January 2022, in February. The evidence's needed_from at 28 February 2022
    # is 29 February 2020, the month end two years before.
    con = store_with(
        {
            "ssd_person": [person("LL", "2012-06-01")],
            "ssd_cla_episodes": chain("LL", ("2019-01-01", "S"), ("2020-02-29", "P")),
        }
    )
    got = monthly(con, "CLA 20 long-term", "2022-01", "2022-02")
    assert got["2022-01"] == (0, 1, 0.0)
    assert got["2022-02"] == (1, 1, 100.0)
    rows = evidence(con, "CLA 20 long-term", "2022-02", "2022-01", "2022-02")
    assert rows["LL"]["needed_from"] == d("2020-02-29")
    assert rows["LL"]["met"]
