"""The engine: the range of months the data covers, and compute() writing the results table."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import duckdb
import pytest

from csc_insight.errors import CscError
from csc_insight.indicators import catalogue, engine, periods, rag, settings
from csc_insight.store import db, schema
from tests.indicators.helpers import d, monthly, store_with

TODAY = d("2022-06-15")


# --- data_range -----------------------------------------------------------------------------------


def test_first_month_from_contacts_last_from_any_event_never_after_today() -> None:
    con = store_with(
        {
            "ssd_contacts": [
                {
                    "cont_contact_id": "C1",
                    "cont_person_id": "A",
                    "cont_contact_date": d("2020-04-01"),
                },
                {
                    "cont_contact_id": "C2",
                    "cont_person_id": "A",
                    "cont_contact_date": d("2021-03-31"),
                },
            ],
            # Earlier than the first contact: does not move the first month.
            "ssd_cin_episodes": [
                {
                    "cine_referral_id": "R1",
                    "cine_person_id": "A",
                    "cine_referral_date": d("2019-01-01"),
                }
            ],
            # A worker who started in 2015 and left on 29 February 2024: after today, so not data yet.
            "ext_workforce_staff": [
                {
                    "wstaf_assignment_id": "S1",
                    "wstaf_staff_id": "W1",
                    "wstaf_start_date": d("2015-01-01"),
                    "wstaf_end_date": d("2024-02-29"),
                }
            ],
            # The latest event on or before today: an allocation ending on 2 June 2022 (a bank holiday).
            "ssd_involvements": [
                {
                    "invo_involvements_id": "I1",
                    "invo_person_id": "A",
                    "invo_professional_id": "W1",
                    "invo_involvement_start_date": d("2020-04-02"),
                    "invo_involvement_end_date": d("2022-06-02"),
                }
            ],
            "ext_case_audits": [{"caud_audit_id": "AU1", "caud_audit_date": d("2022-05-31")}],
            "ssd_early_help_episodes": [
                {
                    "earl_episode_id": "EH1",
                    "earl_person_id": "A",
                    "earl_episode_start_date": d("2022-01-05"),
                }
            ],
            "ssd_cin_assessments": [
                {
                    "cina_assessment_id": "AS1",
                    "cina_person_id": "A",
                    "cina_assessment_start_date": d("2021-04-01"),
                    "cina_assessment_auth_date": d("2021-05-01"),
                }
            ],
            "ssd_missing": [
                {
                    "miss_table_id": "M1",
                    "miss_person_id": "A",
                    "miss_missing_episode_start_date": d("2022-05-01"),
                }
            ],
        }
    )
    assert engine.data_range(con, today=TODAY) == (d("2020-04-01"), d("2022-06-02"))
    # A later "today" lets the worker's leaving date in.
    assert engine.data_range(con, today=d("2024-03-01")) == (d("2020-04-01"), d("2024-02-29"))


@pytest.mark.parametrize(
    ("table", "row", "when"),
    [
        ("ext_case_audits", {"caud_audit_id": "AU1"}, "caud_audit_date"),
        (
            "ssd_missing",
            {"miss_table_id": "M1", "miss_person_id": "A"},
            "miss_missing_episode_start_date",
        ),
        (
            "ssd_early_help_episodes",
            {"earl_episode_id": "E1", "earl_person_id": "A"},
            "earl_episode_start_date",
        ),
        (
            "ssd_cin_assessments",
            {"cina_assessment_id": "A1", "cina_person_id": "A"},
            "cina_assessment_start_date",
        ),
        (
            "ssd_involvements",
            {"invo_involvements_id": "I1", "invo_person_id": "A", "invo_professional_id": "W"},
            "invo_involvement_start_date",
        ),
    ],
)
def test_each_new_table_alone_sets_the_range(table: str, row: dict[str, Any], when: str) -> None:
    con = store_with({table: [{**row, when: d("2021-03-31")}]})
    assert engine.data_range(con, today=TODAY) == (d("2021-03-31"), d("2021-03-31"))


def test_referrals_set_the_first_month_without_contacts_and_workforce_only_stores_work() -> None:
    con = store_with(
        {
            "ssd_cin_episodes": [
                {
                    "cine_referral_id": "R1",
                    "cine_person_id": "A",
                    "cine_referral_date": d("2020-02-29"),
                    "cine_close_date": d("2020-05-08"),
                }
            ],
            "ext_case_audits": [{"caud_audit_id": "AU1", "caud_audit_date": d("2019-04-01")}],
        }
    )
    # First: the first referral (leap day), not the earlier audit; last: the closure on VE day.
    assert engine.data_range(con, today=TODAY) == (d("2020-02-29"), d("2020-05-08"))
    workforce = store_with(
        {
            "ext_workforce_staff": [
                {
                    "wstaf_assignment_id": "S1",
                    "wstaf_staff_id": "W1",
                    "wstaf_start_date": d("2021-04-01"),
                },
                {
                    "wstaf_assignment_id": "S2",
                    "wstaf_staff_id": "W2",
                    "wstaf_start_date": d("2020-09-01"),
                    "wstaf_end_date": d("2022-03-31"),
                },
            ]
        }
    )
    assert engine.data_range(workforce, today=TODAY) == (d("2020-09-01"), d("2022-03-31"))


def test_nothing_to_compute() -> None:
    with pytest.raises(CscError, match="nothing to compute"):
        engine.data_range(store_with({}), today=TODAY)
    future = store_with(
        {
            "ssd_contacts": [
                {
                    "cont_contact_id": "C1",
                    "cont_person_id": "A",
                    "cont_contact_date": d("2030-01-01"),
                }
            ]
        }
    )
    with pytest.raises(CscError, match="nothing to compute"):
        engine.data_range(future, today=TODAY)


# --- compute() on a store on disk --------------------------------------------------------------------


def insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
    for r in rows:
        assert not set(r) - set(schema.table(table).columns)
        con.execute(
            f"INSERT INTO {table} ({', '.join(r)}) VALUES ({', '.join('?' * len(r))})",
            list(r.values()),
        )


def build_store(path: Path) -> None:
    """January 2021 to April 2022: AMT 2 (flow) and CIN 4 (snapshot) have hand-checked figures."""
    con = db.connect(path)
    insert(
        con,
        "ssd_contacts",
        [
            {"cont_contact_id": "C1", "cont_person_id": "A", "cont_contact_date": d("2021-01-04")},
            {"cont_contact_id": "C2", "cont_person_id": "A", "cont_contact_date": d("2022-04-05")},
        ],
    )
    insert(
        con,
        "ssd_cin_episodes",
        [
            {"cine_referral_id": r, "cine_person_id": p, "cine_referral_date": d(on)}
            for r, p, on in [
                ("R1", "A", "2021-01-04"),
                ("R2", "B", "2021-01-04"),
                ("R3", "C", "2021-04-01"),
                ("R4", "D", "2022-03-01"),
            ]
        ],
    )
    insert(
        con,
        "ssd_cin_assessments",
        [
            {
                "cina_assessment_id": a,
                "cina_person_id": p,
                "cina_referral_id": r,
                "cina_assessment_start_date": d(s),
                "cina_assessment_auth_date": d(e),
            }
            for a, p, r, s, e in [
                # Mon 4 Jan -> Mon 1 Feb 2021: 20 working days, in time (February).
                ("A1", "A", "R1", "2021-01-05", "2021-02-01"),
                # Mon 4 Jan -> Fri 28 May 2021: far over 45 working days, late (May).
                ("A2", "B", "R2", "2021-01-05", "2021-05-28"),
                # Thu 1 April -> Fri 30 April 2021: 19 (Good Friday and Easter Monday out), in time.
                ("A3", "C", "R3", "2021-04-01", "2021-04-30"),
                # Tue 1 March -> Mon 4 April 2022: 24, in time (April 2022, 2022-23: no target).
                ("A4", "D", "R4", "2022-03-01", "2022-04-04"),
            ]
        ],
    )
    insert(
        con,
        "ssd_cin_plans",
        [
            {
                "cinp_cin_plan_id": "PA",
                "cinp_person_id": "A",
                "cinp_cin_plan_start_date": d("2021-01-10"),
            },
            {
                "cinp_cin_plan_id": "PB",
                "cinp_person_id": "B",
                "cinp_cin_plan_start_date": d("2021-02-01"),
                "cinp_cin_plan_end_date": d("2022-01-15"),
            },
        ],
    )
    insert(
        con,
        "ssd_cin_visits",
        [
            {
                "cinv_cin_visit_id": v,
                "cinv_person_id": p,
                "cinv_cin_visit_date": d(on),
                "cinv_cin_visit_seen": seen,
            }
            for v, p, on, seen in [
                ("V1", "A", "2021-03-20", "Y"),
                ("V2", "B", "2021-03-31", "N"),
                ("V3", "A", "2022-03-10", "Y"),
            ]
        ],
    )
    con.close()


def results(path: Path, indicator: str) -> dict[str, dict[str, Any]]:
    con = db.connect(path, read_only=True)
    try:
        cur = con.execute("SELECT * FROM results WHERE indicator_id = ?", [indicator])
        names = [c[0] for c in cur.description]
        return {r[1]: dict(zip(names, r, strict=True)) for r in cur.fetchall()}
    finally:
        con.close()


def test_compute_writes_the_months_the_helpers_compute_and_builds_longer_periods(
    tmp_path: Path,
) -> None:
    path = tmp_path / "store.duckdb"
    build_store(path)
    n = engine.compute(path)
    every = periods.all_periods(d("2021-01-04"), d("2022-04-05"))
    weeks = periods.weeks(d("2021-01-04"), d("2022-04-05"))
    weekly = [i for i in catalogue.load() if i.weekly]
    assert n == len(catalogue.load()) * len(every) + len(weekly) * len(weeks)

    con = db.connect(path)
    amt = monthly(con, "AMT 2", "2021-01", "2022-04")
    cin = monthly(con, "CIN 4", "2021-01", "2022-04")
    con.close()
    got_amt, got_cin = results(path, "AMT 2"), results(path, "CIN 4")
    assert set(got_cin) == {p.period_id for p in every}  # a snapshot: no weeks
    assert set(got_amt) == {p.period_id for p in every + weeks}  # a weekly flow

    # Months: exactly what the helpers compute, checked by hand for a few.
    for month, (num, den, value) in amt.items():
        assert (
            got_amt[month]["numerator"],
            got_amt[month]["denominator"],
            got_amt[month]["value"],
        ) == (num, den, value)
    for month, (num, den, value) in cin.items():
        assert (
            got_cin[month]["numerator"],
            got_cin[month]["denominator"],
            got_cin[month]["value"],
        ) == (num, den, value)
    assert amt["2021-02"] == (1, 1, 100.0)
    assert amt["2021-04"] == (1, 1, 100.0)
    assert amt["2021-05"] == (0, 1, 0.0)
    assert amt["2022-04"] == (1, 1, 100.0)
    assert amt["2021-03"] == (0, 0, None)
    # CIN 4 at 31 Mar 2021: A (seen 20 March) and B (visit not seen) -> 1/2; at 31 Mar 2022 only A
    # (B's plan ended in January), seen 10 March -> 1/1.
    assert cin["2021-03"] == (1, 2, 50.0)
    assert cin["2022-03"] == (1, 1, 100.0)

    # Longer periods from months. Flow (AMT 2): add the months.
    def added(pid: str) -> tuple[float, float]:
        p = next(p for p in every if p.period_id == pid)
        inside = [v for m, v in amt.items() if p.period_start <= d(m + "-01") <= p.period_end]
        return sum(v[0] for v in inside), sum(v[1] or 0 for v in inside)

    for pid, hand in [
        ("2021-22 Q1", (1, 2)),  # April (A3 in time) + May (A2 late) + June (none)
        ("2021-22 YTD 2021-05", (1, 2)),
        ("2021-22", (1, 2)),  # the year April 2021 - March 2022
        ("2020-21 Q4", (1, 1)),  # January-March 2021: A1 in February
    ]:
        row = got_amt[pid]
        assert (row["numerator"], row["denominator"]) == added(pid) == hand, pid
    assert got_amt["2021-22"]["value"] == 50.0
    # Snapshot (CIN 4): the period's last month.
    for pid, month in [
        ("2020-21 Q4", "2021-03"),
        ("2021-22 YTD 2021-05", "2021-05"),
        ("2021-22", "2022-03"),
    ]:
        row = got_cin[pid]
        assert (row["numerator"], row["denominator"], row["value"]) == cin[month], pid

    # Target and RAG by the financial year of the period end: 2020-21 and 2021-22 have targets
    # (AMT 2: 85, CIN 4: 95); April 2022 (2022-23) has none, so Grey.
    for got, ind_id in [(got_amt, "AMT 2"), (got_cin, "CIN 4")]:
        ind = catalogue.get(ind_id)
        for pid, row in got.items():
            target = ind.target_for(periods.fy_label(row["period_end"]))
            assert row["target"] == target, (ind_id, pid)
            assert row["rag"] == rag.rag(row["value"], target, ind.polarity, ind.tolerance)
    assert (got_amt["2021-02"]["target"], got_amt["2021-02"]["rag"]) == (85, "Green")
    assert (got_amt["2021-22"]["target"], got_amt["2021-22"]["rag"]) == (85, "Red")  # 50%
    assert (got_amt["2022-04"]["target"], got_amt["2022-04"]["rag"]) == (None, "Grey")
    assert (got_amt["2021-03"]["value"], got_amt["2021-03"]["rag"]) == (None, "Grey")  # none done
    assert (got_cin["2020-21 Q4"]["target"], got_cin["2020-21 Q4"]["rag"]) == (95, "Red")  # 50%
    assert (got_cin["2021-22"]["target"], got_cin["2021-22"]["rag"]) == (95, "Green")  # 100%


def test_fractional_sums_do_not_decide_the_rag() -> None:
    """Three workers of 0.7, 0.2 and 0.1 FTE holding 17 cases between them: a caseload of 17 on
    W1's target of 17 (smaller is better) is Green. Added in that order in binary floating point
    the FTEs make 0.9999999999999999, and 17 cases over that is 17.000000000000004, which would be
    Amber; in another order they make 1.0. DuckDB adds in whatever order its threads finish, so
    the engine rounds each month's sums to 9 decimal places before the value and the RAG."""
    assert 0.7 + 0.2 + 0.1 != 1.0  # the trap the rounding avoids
    con = store_with({})
    month = periods.months(d("2021-01-01"), d("2021-01-31"))
    engine.prepare(con, month, settings.defaults())
    fractions = replace(
        catalogue.get("W1"),
        sql="""SELECT '2021-01' AS period_id, w AS subject_id, cases AS numerator, fte AS denominator
               FROM (VALUES ('A', 17, 0.7::DOUBLE), ('B', 0, 0.2), ('C', 0, 0.1)) t(w, cases, fte)""",
    )
    con.execute("SET threads = 1")  # one by one, in the order above
    got = engine.evaluate(con, fractions)
    assert got == {"2021-01": (17.0, 1.0, 3)}
    (row,) = engine.indicator_rows(con, fractions, month, month, settings.defaults(), evaluated=got)
    assert (row.value, row.target, row.rag) == (17.0, 17, "Green")


def test_open_month_keys_and_days_to_period_end_at_the_edges() -> None:
    """The two macros the snapshots and "within n days" tests use, on the months January to
    April 2024 (a leap year): which month ends a record is open at, and which days count."""
    con = store_with({})
    engine.prepare(con, periods.months(d("2024-01-01"), d("2024-04-30")), settings.defaults())

    def open_at(started: str | None, ended: str | None) -> list[str]:
        return [
            pid
            for (pid,) in con.execute(
                """SELECT p.period_id
                   FROM (SELECT unnest(open_month_keys(?::DATE, ?::DATE)) AS month_key) k
                   JOIN periods p USING (month_key) ORDER BY 1""",
                [started, ended],
            ).fetchall()
        ]

    assert open_at("2024-01-31", None) == ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert open_at("2024-02-01", "2024-02-29") == []  # ended on the month end: not open at it
    assert open_at("2024-02-01", "2024-03-01") == ["2024-02"]  # open at 29 February
    assert open_at("2023-06-01", "2024-01-31") == []  # ended on the first month end
    assert open_at("2023-06-01", "2024-02-01") == ["2024-01"]
    assert open_at("2024-04-30", "2024-05-01") == ["2024-04"]  # started on the last month end
    assert open_at("2024-05-01", None) == []  # after the last month
    assert open_at(None, "2024-03-15") == []  # no start date: never open
    assert open_at("2024-03-10", "2024-03-20") == []  # inside a month, not at its end

    # The 28 days up to and including 29 February 2024: 2 February to 29 February.
    days = con.execute(
        """SELECT min(day), max(day), count(*) FROM days_to_period_end(28)
           WHERE month_key = month_key(DATE '2024-02-29')"""
    ).fetchone()
    assert days == (d("2024-02-02"), d("2024-02-29"), 28)

    # A set holding the first and the last month (January and April 2024), tested for each
    # month, for months outside `periods`, and for a child with no set (no events: NULL).
    in_set = con.execute(
        """WITH s AS (SELECT month_set(k) AS months
                      FROM (VALUES (month_key(DATE '2024-01-31')), (month_key(DATE '2024-04-30')),
                                   (month_key(DATE '2024-04-30'))) t(k))
           SELECT list(in_month_set(s.months, p.month_key) ORDER BY p.month_key),
                  in_month_set(s.months, month_key(DATE '2023-12-31')),
                  in_month_set(s.months, month_key(DATE '2024-05-31')),
                  in_month_set(NULL, month_key(DATE '2024-01-31'))
           FROM s, periods p GROUP BY s.months"""
    ).fetchone()
    assert in_set == ([True, False, False, True], False, False, None)


@pytest.mark.parametrize(
    ("last", "kind"),
    [
        ("2024-04-30", "HUGEINT"),  # 4 months
        ("2034-07-31", "HUGEINT"),  # 127 months: the last month is bit 126
        ("2034-08-31", "BIT"),  # 128 months: too many for the integer
        ("2035-03-31", "BIT"),
    ],
)
def test_month_sets_as_integers_and_as_bitstrings(last: str, kind: str) -> None:
    """Month sets hold the same months whichever form prepare() gives them: from January 2024 to
    ``last``, a set of the first, the second and the last month; the union of two sets; and the
    sets of month ends by day (the 28 days up to each)."""
    con = store_with({})
    engine.prepare(con, periods.months(d("2024-01-01"), d(last)), settings.defaults())
    keys = [k for (k,) in con.execute("SELECT month_key FROM periods ORDER BY 1").fetchall()]
    first, second, final = keys[0], keys[1], keys[-1]
    got = con.execute(
        """WITH a AS (SELECT month_set(k) AS m FROM (VALUES ($1), ($3), ($3)) t(k)),
                b AS (SELECT month_set($2) AS m),
                u AS (SELECT month_set_union(m) AS m FROM (SELECT m FROM a UNION ALL SELECT m FROM b))
           SELECT typeof(a.m),
                  list(p.month_key ORDER BY p.month_key) FILTER (WHERE in_month_set(a.m, p.month_key)),
                  list(p.month_key ORDER BY p.month_key) FILTER (WHERE in_month_set(u.m, p.month_key)),
                  in_month_set(a.m, $1 - 1), in_month_set(a.m, $3 + 1)
           FROM a, u, periods p GROUP BY a.m, u.m""",
        [first, second, final],
    ).fetchone()
    assert got == (kind, [first, final], [first, second, final], False, False)
    # 2 February 2024 is within 28 days of 29 February only, and the last month end counts for
    # itself only; no day is within 28 days of two month ends.
    by_day = dict(
        con.execute(
            """SELECT day, list(p.month_key ORDER BY p.month_key)
               FROM month_sets_by_day(28) s, periods p
               WHERE in_month_set(s.months, p.month_key) GROUP BY day"""
        ).fetchall()
    )
    assert by_day[d("2024-02-02")] == [second]
    assert d("2024-02-01") not in by_day  # 29 days before 29 February
    assert by_day[d(last)] == [final]
    assert len(by_day) == 28 * len(keys)


def test_shared_groups_share_no_materialised_view() -> None:
    """The month pass evaluates the indicators reading materialised shared views group by group:
    every such indicator is in exactly one group, and no two groups read a materialised view in
    common (else the view would be computed twice), directly or through another view."""
    inds = catalogue.load()
    groups = engine.shared_groups(inds)
    ids = [i.id for g in groups for i in g]
    assert sorted(ids) == sorted(i.id for i in inds if engine._reads_materialised(i))
    assert len(ids) == len(set(ids))
    views = [frozenset().union(*(engine._materialised_read(i) for i in g)) for g in groups]
    for n, a in enumerate(views):
        for b in views[n + 1 :]:
            assert not a & b
    by_id = {i.id: n for n, g in enumerate(groups) for i in g}
    # CIN 4 reads cin_plan_cohort, which reads looked_after, which CLA 10 reads: one group.
    assert by_id["CIN 4"] == by_id["CLA 10"]
    assert by_id["W1"] == by_id["WF 1"] != by_id["CLA 10"]  # WF 1 reads caseloads through a view
    assert len(groups) >= 2
