"""The children behind a figure: hand-built stores whose lists are worked out by hand, and the
tiny synthetic borough, where every list must number exactly what the results table says."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from csc_insight.errors import CscError
from csc_insight.indicators import (
    catalogue,
    children,
    periods,
    provenance,
    results,
    settings,
)
from csc_insight.reports import children_text
from csc_insight.store import audit, db
from tests.indicators.helpers import d, period_value, store_with
from tests.indicators.test_cla import visits_store

# --- hand-built children ------------------------------------------------------------------------


def referral(person: str, on: str, n: int = 0) -> dict[str, Any]:
    return {
        "cine_referral_id": f"{person}-{on}" + (f"-{n}" if n else ""),
        "cine_person_id": person,
        "cine_referral_date": d(on),
    }


def allocation(
    ident: str,
    person: str,
    worker: str,
    start: str,
    end: str | None = None,
    role: str | None = "SW",
    team: str | None = "T1",
) -> dict[str, Any]:
    return {
        "invo_involvements_id": ident,
        "invo_person_id": person,
        "invo_professional_id": worker,
        "invo_professional_role_id": role,
        "invo_professional_team": team,
        "invo_involvement_start_date": d(start),
        "invo_involvement_end_date": d(end) if end else None,
    }


TEAMS = [
    {"dept_team_id": "T1", "dept_team_name": "Assessment"},
    {"dept_team_id": "T2", "dept_team_name": "Early Help"},
]
WORKERS = [
    {"prof_professional_id": "W1", "prof_professional_name": "Ada Cole"},
    {
        "prof_professional_id": "W2",
        "prof_professional_name": "Ben Drew",
        "prof_professional_department": "T2",
    },
    {"prof_professional_id": "W3"},  # no name recorded
]


def period(period_id: str, first: str = "2020-04", last: str = "2021-03") -> periods.Period:
    every = periods.all_periods(d(first + "-01"), periods.month_end(d(last + "-01")))
    (p,) = [p for p in every if p.period_id == period_id]
    return p


def listed(
    con: duckdb.DuckDBPyConnection, indicator_id: str, period_id: str, **options: Any
) -> children.Listing:
    """A listing as user 'tester', checking it added exactly one audit row, describing it."""
    before = audit.entries(con)
    got = children.listing(
        con, catalogue.get(indicator_id), period(period_id), user="tester", **options
    )
    after = audit.entries(con)
    assert len(after) == len(before) + 1
    assert after[1:] == before  # the rows before are untouched
    new = after[0]
    assert (new.user, new.action, new.indicator_id, new.period_id) == (
        "tester",
        "children",
        catalogue.get(indicator_id).id,
        period_id,
    )
    assert (new.children, new.not_met, new.audit_id) == (
        got.count,
        options.get("not_met", False),
        got.audit_id,
    )
    return got


def column(got: children.Listing, name: str) -> list[Any]:
    at = got.columns.index(name)
    return [r[at] for r in got.rows]


def by_subject(got: children.Listing) -> dict[str, dict[str, Any]]:
    return {r[1]: dict(zip(got.columns, r, strict=True)) for r in got.rows}


def fd8_store() -> duckdb.DuckDBPyConnection:
    """Referrals in March 2021, the awkward cases of FD 8, and allocations to read at 31 March.

    A: earlier referral exactly 12 months before (10/03/2020): a re-referral.
    B: earlier referral 12 months and a day before (09/03/2020): not.
    C: two referrals on the same day and none before: neither is a re-referral.
    D: referred 05/03 and again 20/03: the second is a re-referral, the first is not.
    """
    return store_with(
        {
            "ssd_cin_episodes": [
                referral("A", "2020-03-10"),
                referral("A", "2021-03-10"),
                referral("B", "2020-03-09"),
                referral("B", "2021-03-10"),
                referral("C", "2021-03-15"),
                referral("C", "2021-03-15", n=2),
                referral("D", "2021-03-05"),
                referral("D", "2021-03-20"),
            ],
            "ssd_department": TEAMS,
            "ssd_professionals": WORKERS,
            "ssd_involvements": [
                # A: an allocation open at the period end.
                allocation("I1", "A", "W1", "2021-03-11"),
                # B: the allocation ended on the period end, so is not open at it; the latest.
                allocation("I2", "B", "W1", "2021-01-01", "2021-02-01"),
                allocation("I3", "B", "W3", "2021-02-02", "2021-03-31", team=None),
                # C: never allocated. D: an early help worker and a social worker both open:
                # the case-holding one (SW) is the allocation; one starting after the period
                # end does not count.
                allocation("I4", "D", "W2", "2021-03-06", role="EHW", team=None),
                allocation("I5", "D", "W1", "2021-03-01"),
                allocation("I6", "D", "W2", "2021-04-01"),
            ],
        }
    )


def test_fd8_numerator_and_not_met_with_their_dates_and_allocations() -> None:
    con = fd8_store()
    met = listed(con, "FD 8", "2021-03")
    assert column(met, "subject_id") == ["A-2021-03-10", "D-2021-03-20"]
    rows = by_subject(met)
    assert rows["A-2021-03-10"]["previous_referral_date"] == d("2020-03-10")
    assert rows["A-2021-03-10"]["window_start"] == d("2020-03-10")
    assert rows["D-2021-03-20"]["previous_referral_date"] == d("2021-03-05")
    assert (met.numerator, met.denominator) == (2, 6)
    assert (met.numerator, met.denominator) == period_value(
        con, "FD 8", "2021-03", "2021-03", "2021-03"
    )[:2]

    missed = listed(con, "FD 8", "2021-03", not_met=True)
    assert column(missed, "subject_id") == [
        "B-2021-03-10",
        "C-2021-03-15",
        "C-2021-03-15-2",
        "D-2021-03-05",
    ]
    rows = by_subject(missed)
    # B's earlier referral is just outside the window: shown, but not as the one it repeats.
    assert rows["B-2021-03-10"]["previous_referral_date"] is None
    assert rows["B-2021-03-10"]["latest_earlier_referral"] == d("2020-03-09")
    assert rows["C-2021-03-15"]["latest_earlier_referral"] is None  # same day is not earlier
    assert len(missed.rows) == missed.denominator - missed.numerator

    # Allocations at 31 March: open (A); ended on the period end, with the date (B, no name, no
    # team: the worker's id); none (C); the case-holding one of two (D).
    alloc = {
        r["person_id"]: (r["allocated_team"], r["allocated_worker"], r["allocation_ended"])
        for r in [*by_subject(met).values(), *by_subject(missed).values()]
    }
    assert alloc == {
        "A": ("Assessment", "Ada Cole (W1)", None),
        "B": (None, "W3", d("2021-03-31")),
        "C": (None, None, None),
        "D": ("Assessment", "Ada Cole (W1)", None),
    }
    assert met.columns[-3:] == children.ALLOCATION


def test_early_help_worker_when_that_is_all_and_the_worker_s_department() -> None:
    con = store_with(
        {
            "ssd_cin_episodes": [referral("E", "2021-03-02")],
            "ssd_department": TEAMS,
            "ssd_professionals": WORKERS,
            "ssd_involvements": [allocation("I1", "E", "W2", "2021-03-01", role="EHW", team=None)],
        }
    )
    got = by_subject(listed(con, "FD referrals", "2021-03"))
    assert got["E-2021-03-02"]["allocated_team"] == "Early Help"  # the worker's department
    assert got["E-2021-03-02"]["allocated_worker"] == "Ben Drew (W2)"


def test_fd8_over_a_quarter_and_the_year_to_date() -> None:
    con = store_with(
        {
            "ssd_cin_episodes": [
                referral("A", "2020-04-01"),
                referral("A", "2020-04-30"),  # a re-referral in April (Q1)
                referral("B", "2021-01-10"),
                referral("B", "2021-03-10"),  # a re-referral in March (Q4)
            ]
        }
    )
    q4 = listed(con, "FD 8", "2020-21 Q4")
    assert [(r[0], r[1]) for r in q4.rows] == [("2021-03", "B-2021-03-10")]
    assert (q4.numerator, q4.denominator) == (1, 2)
    ytd = listed(con, "FD 8", "2020-21 YTD 2021-03")
    assert column(ytd, "subject_id") == ["A-2020-04-30", "B-2021-03-10"]
    assert column(ytd, "period_id") == ["2020-04", "2021-03"]  # the month each counted in
    missed = listed(con, "FD 8", "2020-21 YTD 2021-03", not_met=True)
    assert column(missed, "subject_id") == ["A-2020-04-01", "B-2021-01-10"]
    assert (ytd.numerator, ytd.denominator) == period_value(
        con, "FD 8", "2020-04", "2021-03", "2020-21 YTD 2021-03"
    )[:2]


def cp13_store() -> duckdb.DuckDBPyConnection:
    """test_cp.py's Christmas case: at Thu 31 Dec 2020, a visit on 1 Dec is 20 working days old
    (in time), 30 Nov is 21 (late); D's plan (10 Dec) is new and unvisited, so in neither count."""

    def plan(person: str, start: str, end: str | None = None, ola: str = "N") -> dict[str, Any]:
        return {
            "cppl_cp_plan_id": f"{person}-{start}",
            "cppl_person_id": person,
            "cppl_cp_plan_start_date": d(start),
            "cppl_cp_plan_end_date": d(end) if end else None,
            "cppl_cp_plan_ola": ola,
        }

    def visit(person: str, on: str, seen: str = "Y") -> dict[str, Any]:
        return {
            "cppv_cp_visit_id": f"{person}-{on}",
            "cppv_person_id": person,
            "cppv_cp_visit_date": d(on),
            "cppv_cp_visit_seen": seen,
        }

    return store_with(
        {
            "ssd_cp_plans": [
                plan("A", "2020-06-01"),
                plan("B", "2020-06-01"),
                plan("C", "2020-06-01"),
                plan("D", "2020-12-10"),
                plan("E", "2020-12-10"),
                plan("G", "2020-06-01", "2020-12-31"),
                plan("H", "2020-06-01", ola="Y"),
            ],
            "ssd_cp_visits": [
                visit("A", "2020-12-01"),
                visit("B", "2020-11-30"),
                visit("C", "2020-11-20"),
                visit("C", "2020-12-15", seen="N"),
                visit("E", "2020-12-14"),
                visit("G", "2020-12-20"),
                visit("H", "2020-12-20"),
            ],
        }
    )


def test_cp13_seen_not_seen_and_not_yet_due() -> None:
    con = cp13_store()
    met = listed(con, "CP 13", "2020-12")
    assert column(met, "subject_id") == ["A", "E"]
    assert by_subject(met)["A"]["working_days_since_visit"] == 20
    missed = listed(con, "CP 13", "2020-12", not_met=True)
    assert column(missed, "subject_id") == ["B", "C"]
    rows = by_subject(missed)
    assert (rows["B"]["last_seen_visit"], rows["B"]["working_days_since_visit"]) == (
        d("2020-11-30"),
        21,
    )
    assert rows["C"]["last_seen_visit"] == d("2020-11-20")  # the unseen visit does not count
    assert (met.numerator, met.denominator) == (2, 4)
    # A quarter of a snapshot is its last month: the same children.
    q3 = listed(con, "CP 13", "2020-21 Q3")
    assert column(q3, "subject_id") == ["A", "E"]
    assert {r[0] for r in q3.rows} == {"2020-12"}


def test_cla10_reg28_due_dates() -> None:
    # test_cla.py's visits at 31 Mar 2021: in time A, B, D, F, N; late C, E, G, H, I, J.
    con = visits_store()
    met = listed(con, "CLA 10", "2021-03")
    assert column(met, "subject_id") == ["A", "B", "D", "F", "N"]
    missed = listed(con, "CLA 10", "2021-03", not_met=True)
    assert column(missed, "subject_id") == ["C", "E", "G", "H", "I", "J"]
    rows = {**by_subject(met), **by_subject(missed)}
    due = {k: (r["visit_rule"], r["visit_due_by"]) for k, r in rows.items()}
    assert due == {
        "A": ("first week of placement", d("2021-04-03")),
        "B": ("first week of placement", d("2021-03-31")),
        "C": ("first week of placement", d("2021-03-30")),
        "D": ("six weekly, first year of placement", d("2021-03-31")),
        "E": ("six weekly, first year of placement", d("2021-03-30")),
        "F": ("three monthly, long-term foster care", d("2021-04-01")),
        "G": ("six weekly", d("2021-02-12")),
        "H": ("six weekly, first year of placement", d("2021-02-12")),
        "I": ("first week of placement", d("2021-03-27")),
        "J": ("six weekly, first year of placement", d("2021-02-21")),
        "N": ("first week of placement", d("2021-04-02")),
    }
    assert rows["I"]["last_visit"] == d("2021-03-18")  # before the move, so not in this placement
    assert (met.numerator, met.denominator) == (5, 11)


def test_cla10_six_weekly_setting_is_the_listing_s_too() -> None:
    con = visits_store()
    got = listed(con, "CLA 10", "2021-03", overrides={"cla_visit_rule": "six_weekly"})
    assert column(got, "subject_id") == ["D", "I"]
    assert {r["visit_rule"] for r in by_subject(got).values()} == {"six weekly"}
    assert audit.entries(con)[0].detail == "setting cla_visit_rule=six_weekly"


def test_a_workforce_listing_shows_workers_without_a_person_or_an_allocation() -> None:
    con = store_with(
        {
            "ssd_department": TEAMS,
            "ext_workforce_staff": [
                {
                    "wstaf_assignment_id": "A1",
                    "wstaf_staff_id": "S1",
                    "wstaf_team_id": "T1",
                    "wstaf_role": "SOCIAL_WORKER",
                    "wstaf_agency": "Y",
                    "wstaf_fte": 1.0,
                    "wstaf_start_date": d("2019-01-01"),
                },
                {
                    "wstaf_assignment_id": "A2",
                    "wstaf_staff_id": "S2",
                    "wstaf_team_id": "T1",
                    "wstaf_role": "SOCIAL_WORKER",
                    "wstaf_agency": "N",
                    "wstaf_fte": 1.0,
                    "wstaf_start_date": d("2019-01-01"),
                },
            ],
        }
    )
    got = listed(con, "WF 14", "2021-03")
    assert not got.about_children
    assert "person_id" not in got.columns
    assert not set(children.ALLOCATION) & set(got.columns)
    assert [(r["subject_id"], r["agency"], r["team"]) for r in by_subject(got).values()] == [
        ("S1", "Y", "Assessment")
    ]
    assert column(listed(con, "WF 14", "2021-03", not_met=True), "subject_id") == ["S2"]


def test_not_met_is_for_percentages_and_a_user_is_required() -> None:
    con = fd8_store()
    with pytest.raises(CscError, match="only a percentage"):
        children.listing(
            con, catalogue.get("FD referrals"), period("2021-03"), user="t", not_met=True
        )
    with pytest.raises(CscError, match="user"):
        children.listing(con, catalogue.get("FD 8"), period("2021-03"), user=" ")
    with pytest.raises(CscError, match="setting"):
        children.listing(
            con, catalogue.get("FD 8"), period("2021-03"), user="t", overrides={"nope": "1"}
        )
    assert audit.entries(con) == []  # nothing listed, nothing recorded


def test_text_and_csv_carry_the_marking_and_the_count(tmp_path: Path) -> None:
    con = fd8_store()
    got = listed(con, "FD 8", "2021-03", not_met=True)
    text = children_text.as_text(got).splitlines()
    assert text[0] == children_text.MARKING
    assert text[-1] == "4 listed: the denominator 6 less the numerator 2."
    assert any("10/03/2021" in line for line in text)  # dates as dd/mm/yyyy
    assert any("Note: the results table has no figure" in line for line in text)
    lines = children_text.write_csv(got, tmp_path / "out" / "fd8.csv").read_text().splitlines()
    assert lines[0] == f"# {children_text.MARKING}"
    assert lines[1] == ",".join(got.columns)
    assert lines[2].startswith("2021-03,B-2021-03-10,B,2021-03-10,")
    assert len(lines) == 2 + got.count


def test_csv_cells_cannot_become_formulas(tmp_path: Path) -> None:
    con = store_with(
        {"ssd_cin_episodes": [{**referral("X", "2021-03-01"), "cine_referral_id": "=HYPERLINK(1)"}]}
    )
    got = listed(con, "FD referrals", "2021-03")
    lines = children_text.write_csv(got, tmp_path / "x.csv").read_text().splitlines()
    assert lines[2].startswith("2021-03,'=HYPERLINK(1),X,")


def test_an_empty_listing_still_says_so_and_is_recorded() -> None:
    con = fd8_store()
    got = listed(con, "CP 13", "2021-03")
    assert got.count == 0
    text = children_text.as_text(got).splitlines()
    assert "Nothing to list." in text
    assert text[-1] == "0 listed: the numerator, 0 of 0 in the denominator."


# --- the evidence files -------------------------------------------------------------------------


def test_every_evidence_file_matches_an_indicator_and_has_the_required_columns() -> None:
    con = store_with({})
    assert children.evidence_problems(con, date(2021, 3, 31)) == []


def test_every_indicator_has_evidence() -> None:
    missing = [i.id for i in catalogue.load() if children.evidence_sql(i) is None]
    assert missing == []


def test_evidence_problems_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    files = {
        "fd_99": "SELECT 1 AS period_id, 2 AS subject_id, 3 AS person_id, 4 AS x",
        "fd_8": "SELECT period_id, 1 AS person_id, 2 AS subject_id, 3 AS referral_date FROM periods",
        "fd_2": 'SELECT period_id, 1 AS subject_id, 2 AS person_id, 3 AS "Referral Date", 4 AS allocated_team FROM periods',
        "fd_contacts": "SELECT period_id FROM no_such_table",
    }
    monkeypatch.setattr(children, "evidence_files", lambda: files)
    problems = children.evidence_problems(store_with({}), date(2021, 3, 31))
    assert problems[0] == "sql/evidence/fd_99.sql: no indicator has the slug 'fd_99'"
    text = "\n".join(problems)
    assert "sql/evidence/fd_8.sql: must start with period_id, subject_id, person_id" in text
    assert "sql/evidence/fd_2.sql: column 'Referral Date' is not lower-case words" in text
    assert "sql/evidence/fd_2.sql: column allocated_team is one the listing adds" in text
    assert "sql/evidence/fd_contacts.sql (FD contacts): " in text


def test_two_evidence_rows_for_one_subject_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    con = fd8_store()
    doubled = "SELECT period_id, subject_id, person_id, referral_date FROM ({0}) UNION ALL SELECT period_id, subject_id, person_id, referral_date FROM ({0})"
    sql = children.evidence_sql(catalogue.get("FD 8"))
    assert sql is not None
    monkeypatch.setattr(children, "evidence_sql", lambda ind: doubled.format(sql))
    with pytest.raises(CscError, match="two rows for subject"):
        children.listing(con, catalogue.get("FD 8"), period("2021-03"), user="t")


# --- the tiny synthetic borough -----------------------------------------------------------------


@pytest.fixture(scope="module")
def borough(tiny_borough_store: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The tiny synthetic borough (tests/indicators/conftest.py), open for writing: a listing
    writes its audit row."""
    con = db.connect(tiny_borough_store)
    yield con
    con.close()


def results_row(
    con: duckdb.DuckDBPyConnection, indicator_id: str, period_id: str
) -> tuple[Any, ...]:
    rows = con.execute(
        "SELECT numerator, denominator, subjects FROM results WHERE indicator_id = ? AND period_id = ?",
        [indicator_id, period_id],
    ).fetchall()
    assert rows, f"no result for {indicator_id} {period_id}"
    return rows[0]


#: Figures whose subjects each add an amount from their evidence, not 1: the DfE's workforce
#: rates (each worker their FTE), the cost of agency cover (each agency worker their month's
#: premium) and the figures an analyst enters (each entry its value). The listing's column, not
#: its rows, numbers the figure. ``apart``: the numerator's subjects are not in the denominator
#: (turnover: leavers over those in post), so those not met are all of the denominator.
WEIGHTED: dict[str, tuple[str, bool]] = {
    "WF 14 FTE": ("fte", False),
    "WF 15": ("fte", False),
    "WF turnover": ("fte", True),
    "WF agency cost": ("monthly_premium", False),
    "SYV 1": ("value", False),
    "RR 1": ("value", False),
    "RR 2": ("numerator", False),
}
#: The council's monthly education figures: each month's figure its entered value.
WEIGHTED |= {i.id: ("value", False) for i in catalogue.load() if i.area == "education"}
#: A percentage made of entered numerators and denominators: an entry is in both, so there is
#: no list of those "not met" (each entry's denominator less its numerator is not a row); nor
#: for an education percentage, entered as the percentage alone.
NO_NOT_MET = {"RR 2"} | {
    i.id for i in catalogue.load() if i.area == "education" and i.unit == "percent"
}


def weight_of(got: children.Listing, column: str) -> float:
    at = got.columns.index(column)
    return sum(float(r[at] or 0) for r in got.rows)


def check_against_results(
    con: duckdb.DuckDBPyConnection, indicator_id: str, period_id: str
) -> None:
    """Listed in the numerator: as many as the results table's numerator (for a caseload, the
    workers it counts); not met, for a percentage: its denominator less its numerator. Each
    listing adds one audit row."""
    ind = catalogue.get(indicator_id)
    p = results.resolve_period(con, period_id)
    num, den, subjects = results_row(con, ind.id, period_id)
    before = len(audit.entries(con))
    got = children.listing(con, ind, p, user="tester")
    assert got.results == (num, den) and got.matches_results
    if num is None:  # a figure not entered (empty_month: missing): nothing to list
        assert got.count == 0 and ind.empty_month == "missing"
    elif ind.unit == "average":
        assert got.count == subjects
    elif ind.id in WEIGHTED:
        assert weight_of(got, WEIGHTED[ind.id][0]) == pytest.approx(num)
    else:
        assert got.count == num
    listed_missed = ind.unit == "percent" and ind.id not in NO_NOT_MET
    if listed_missed:
        missed = children.listing(con, ind, p, user="tester", not_met=True)
        if ind.id in WEIGHTED:
            column, apart = WEIGHTED[ind.id]
            assert weight_of(missed, column) == pytest.approx(den if apart else den - num)
        else:
            assert missed.count == den - num
        assert not {r[1] for r in missed.rows} & {r[1] for r in got.rows}
    assert len(audit.entries(con)) == before + (2 if listed_missed else 1)
    text = children_text.as_text(got).splitlines()
    assert text[0] == children_text.MARKING
    assert text[-1].startswith(f"{got.count:,} listed")


@pytest.mark.parametrize("indicator_id", [i.id for i in catalogue.load()])
def test_every_indicator_s_list_numbers_its_figure_for_march_2021(
    borough: duckdb.DuckDBPyConnection, indicator_id: str
) -> None:
    check_against_results(borough, indicator_id, "2021-03")


@pytest.mark.parametrize(
    ("indicator_id", "period_id"),
    [
        ("FD 8", "2020-21 Q4"),  # a flow over a quarter
        ("FD 8", "2020-21 YTD 2021-03"),  # and the year to date
        ("AMT 2", "R12 2021-03"),
        ("AMT 2 referral", "R12 2021-03"),
        ("CP 13", "2020-21 Q3"),  # a snapshot: the quarter's last month
        ("CLA 10", "2020-21 YTD 2021-01"),
        ("CIN 1", "2020-21 Q2"),  # a rate
        ("MIS 1", "2020-21"),  # the sum of its months (child-months)
        ("W1", "2020-21 Q4"),  # an average: the workers
        ("QA 3", "2020-21"),
        ("SUP 1", "2020-21 Q1"),
    ],
)
def test_longer_periods_number_their_figure(
    borough: duckdb.DuckDBPyConnection, indicator_id: str, period_id: str
) -> None:
    check_against_results(borough, indicator_id, period_id)


def seen_since(day: date | None, since: date) -> bool:
    return day is not None and day >= since


def at_most(value: Any, limit: Any) -> bool:
    return value is not None and value <= limit


#: For each percentage whose rule turns on its evidence: the rule, read from the evidence row
#: alone (and the period end). Everyone listed as in the numerator must pass it, everyone
#: listed as not met must fail it: the evidence shows what decided, not a second opinion.
RULES: dict[str, Any] = {
    "FD 8": lambda r, end: r["previous_referral_date"] is not None,
    "FD 2": lambda r, end: r["working_days"] <= 1,
    "AMT 2": lambda r, end: r["working_days"] <= 45,
    "AMT 2 referral": lambda r, end: r["working_days"] <= 45,
    "CP 5": lambda r, end: r["working_days"] <= 15,
    "CP 11": lambda r, end: r["previous_plan_start"] is not None,
    "CP 13": lambda r, end: at_most(r["working_days_since_visit"], 20),
    "CIN 4": lambda r, end: seen_since(r["last_seen_visit"], r["seen_from"]),
    "CIN 8": lambda r, end: r["plan_made_or_reviewed"] >= r["up_to_date_from"],
    "CLA 10": lambda r, end: r["visit_due_by"] is not None and end <= r["visit_due_by"],
    "CLA 19": lambda r, end: at_most(r["worker_since"], r["worker_needed_since"]),
    "CL 2": lambda r, end: r["eet"] == "Y",
    "CL 2 17-18": lambda r, end: r["eet"] == "Y",
    "SUP 1": lambda r, end: (
        seen_since(r["last_supervision"], r["supervised_from"])
        or seen_since(r["case_began"], r["supervised_from"])
    ),
    "EH 7": lambda r, end: r["closure_reason"] == "DISENGAGED",
    "EH 9": lambda r, end: r["closure_reason"] == "STEP_UP_CSC",
    "QA 3": lambda r, end: r["grade"] in ("GOOD", "OUTSTANDING"),
    "WF 6": lambda r, end: seen_since(r["last_supervision"], r["supervised_from"]),
    "WF 7": lambda r, end: r["agency"] == "N",
    "WF 14": lambda r, end: r["agency"] == "Y",
    "WF 14 FTE": lambda r, end: r["agency"] == "Y",
    "WF 15": lambda r, end: r["filled_directly"] == "N",
    "WF 15 local": lambda r, end: r["filled_directly"] == "N",
    "WF turnover": lambda r, end: r["left_on"] is not None and r["left_on"] <= end,
    "CP 2 years": lambda r, end: r["plan_end"] >= r["second_anniversary"],
    "MIS RHI offered": lambda r, end: r["return_interview_offered"] == "Y",
    "MIS RHI accepted": lambda r, end: (
        r["return_interview_offered"] == "Y" and r["return_interview_accepted"] == "Y"
    ),
    "CLA 20 short-term": lambda r, end: r["placements_in_year"] >= 3,
    "CLA 20 long-term": lambda r, end: at_most(r["counted_from"], r["needed_from"]),
    "CL 2 UASC": lambda r, end: r["eet"] == "Y",
    "EH step-down": lambda r, end: (
        r["close_reason"] == "RC9" or r["early_help_started"] is not None
    ),
    "FD 9": lambda r, end: r["referral_id"] is not None,
    "FD 10": lambda r, end: r["assessment_started"] is not None,
}


@pytest.mark.parametrize("indicator_id", sorted(RULES))
def test_the_evidence_decides_as_the_indicator_does(
    borough: duckdb.DuckDBPyConnection, indicator_id: str
) -> None:
    ind = catalogue.get(indicator_id)
    p = results.resolve_period(borough, "2020-21 YTD 2021-03")
    rule = RULES[indicator_id]
    for not_met in (False, True):
        got = children.listing(borough, ind, p, user="tester", not_met=not_met)
        for row in by_subject(got).values():
            assert rule(row, p.period_end) is not not_met, row


def test_the_settings_the_results_were_computed_with_are_the_listing_s() -> None:
    con = visits_store()
    con.execute(provenance.DDL)
    con.execute(
        "INSERT INTO results_provenance VALUES ('CLA 10', now(), NULL, ?, 'x')",
        [json.dumps({**settings.defaults(), "cla_visit_rule": "six_weekly"})],
    )
    assert column(listed(con, "CLA 10", "2021-03"), "subject_id") == ["D", "I"]
    assert audit.entries(con)[0].detail == "setting cla_visit_rule=six_weekly"
    # A setting given for the listing wins.
    got = listed(con, "CLA 10", "2021-03", overrides={"cla_visit_rule": "reg28"}, detail="csv x")
    assert column(got, "subject_id") == ["A", "B", "D", "F", "N"]
    assert audit.entries(con)[0].detail == "csv x"


def test_a_list_that_does_not_match_the_results_says_so(borough: duckdb.DuckDBPyConnection) -> None:
    p = results.resolve_period(borough, "2021-03")
    got = children.listing(
        borough, catalogue.get("FD 8"), p, user="tester", overrides={"re_referral_months": "1"}
    )
    assert got.matches_results is False
    text = children_text.as_text(got).splitlines()
    assert text[-2].startswith("Warning: the results table says numerator")
    assert text[-1].startswith(f"{got.count} listed: the numerator, {got.count} of ")
