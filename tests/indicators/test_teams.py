"""Figures by team and by service, and weekly figures: they add up to the borough's and to the month.

Hand-built sums for the aggregation (a flow adds its months, a snapshot takes its last, the
unrecorded team and the unknown service keep their share), and the tiny synthetic borough, where
every indicator with teams must add up period by period, and every weekly indicator's weeks of
February 2021 (Monday 1 to Sunday 28) must add up to its month.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from csc_insight.indicators import (
    build,
    catalogue,
    children,
    engine,
    periods,
    rag,
    results,
    settings,
    teams,
)
from csc_insight.indicators.catalogue import CatalogueError, load_from
from csc_insight.store import db
from csc_insight.store.load import ingest
from csc_insight.synth.outputs import write_outputs
from tests.indicators.test_catalogue import GOOD, make

# --- weeks ---------------------------------------------------------------------------------------


def test_weeks_are_whole_and_end_on_the_chosen_day() -> None:
    # 2020: a leap year; 29 February is a Saturday and 31 December a Thursday.
    got = periods.weeks(date(2020, 2, 24), date(2020, 3, 8))
    assert [(w.period_id, w.period_start, w.period_end) for w in got] == [
        ("W/E 2020-03-01", date(2020, 2, 24), date(2020, 3, 1)),
        ("W/E 2020-03-08", date(2020, 3, 2), date(2020, 3, 8)),
    ]
    # A week cut by the first or the last day is left out, never part-counted.
    assert [w.period_id for w in periods.weeks(date(2020, 2, 25), date(2020, 3, 7))] == []
    fridays = periods.weeks(date(2020, 12, 26), date(2021, 1, 8), "friday")
    assert [(w.period_start, w.period_end) for w in fridays] == [
        (date(2020, 12, 26), date(2021, 1, 1)),  # across the year end
        (date(2021, 1, 2), date(2021, 1, 8)),
    ]
    assert all((w.period_end - w.period_start).days == 6 for w in fridays)


@pytest.mark.parametrize(
    "text", ["W/E 2021-02-28", "w/e 2021-02-28", "week ending 2021-02-28", "WE 2021-02-28"]
)
def test_a_week_is_read_as_people_write_it(text: str) -> None:
    assert periods.parse(text) == ("W/E 2021-02-28", "week")


def test_a_week_ending_on_no_day_is_refused() -> None:
    with pytest.raises(periods.PeriodError, match="no day 2021-02-29"):
        periods.parse("W/E 2021-02-29")


# --- the catalogue's rules for teams and weeks ---------------------------------------------------


def test_a_team_needs_its_column_and_the_column_its_team(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="team is given but the SQL returns no team_id"):
        load_from(make(tmp_path / "a", GOOD + "  team: the referral's team\n"))
    with pytest.raises(CatalogueError, match="say which team"):
        load_from(
            make(
                tmp_path / "b",
                GOOD,
                {"x_1.sql": "SELECT 1, cine_referral_team AS team_id FROM ssd_cin_episodes"},
            )
        )
    (ind,) = load_from(
        make(
            tmp_path / "c",
            GOOD + "  team: the referral's team\n",
            {"x_1.sql": "SELECT 1, cine_referral_team AS team_id FROM ssd_cin_episodes"},
        )
    )
    assert ind.team == "the referral's team"


def test_only_a_flow_counted_by_day_can_be_weekly(tmp_path: Path) -> None:
    (ind,) = load_from(make(tmp_path / "a", GOOD + "  weekly: true\n"))
    assert ind.weekly
    with pytest.raises(CatalogueError, match="only a flow that adds its months can be weekly"):
        load_from(
            make(tmp_path / "b", GOOD.replace("kind: flow", "kind: snapshot") + "  weekly: true\n")
        )
    with pytest.raises(CatalogueError, match="uses month_key"):
        load_from(
            make(
                tmp_path / "c",
                GOOD + "  weekly: true\n",
                {"x_1.sql": "SELECT month_key(cine_referral_date) FROM ssd_cin_episodes"},
            )
        )


# --- hand-built sums by team and service ---------------------------------------------------------

MONTHS = periods.months(date(2021, 1, 1), date(2021, 3, 31))
#: (month, team, numerator, denominator, subjects): T1 and T2 of Assessment, T9 outside
#: ssd_department, and a subject with no team.
TEAM_MONTHS = [
    ("2021-01", "T1", 3.0, 4.0, 4),
    ("2021-01", "T2", 1.0, 2.0, 2),
    ("2021-01", None, 0.0, 1.0, 1),
    ("2021-02", "T1", 2.0, 2.0, 2),
    ("2021-02", "T9", 1.0, 1.0, 1),
    ("2021-03", "T2", 5.0, 5.0, 5),
]


def percent(kind: str) -> catalogue.Indicator:
    return catalogue.Indicator(
        id="X 1",
        title="x",
        area="assessment",
        polarity="BIB",
        unit="percent",
        kind=kind,
        aggregate="sum" if kind == "flow" else "latest",
        subject="s",
        sql="",
        definition={},
        tables=(),
        targets={"2020-21": 80.0},
        team="t",
    )


def table(ind: catalogue.Indicator) -> dict[tuple[str, str, str], tuple[object, ...]]:
    """results_by_team as teams.write makes it from hand-made month sums: by (period, level,
    name), the columns from period_type on."""
    con = duckdb.connect()
    db.create_schema(con)
    con.execute(
        "INSERT INTO ssd_department (dept_team_id, dept_team_name, dept_team_parent_name) "
        "VALUES ('T1', 'Assessment 1', 'Assessment'), ('T2', 'Assessment 2', 'Assessment')"
    )
    con.execute(build.SUMS_DDL)
    con.executemany(
        f"INSERT INTO {build.SUMS} VALUES ('X 1', ?, false, ?, ?, ?, ?)",
        [list(r) for r in TEAM_MONTHS],
    )
    every = periods.all_periods(date(2021, 1, 1), date(2021, 3, 31))
    build.units(con, [ind], every, None)
    teams.write(con, [ind], datetime(2021, 4, 1), None)
    rows = con.execute(
        "SELECT period_id, level, name, * EXCLUDE (indicator_id, period_id, level, name) "
        "FROM results_by_team"
    ).fetchall()
    return {(r[0], r[1], r[2]): r[3:] for r in rows}


# Columns of table(): period_type, period_start, period_end, team_id, service, value,
# numerator, denominator, subjects, target, rag, full_history, computed_at.
SERVICE, FIGURES, RATED = 4, slice(5, 9), slice(9, 11)


def test_a_flow_adds_each_team_s_months_and_a_service_its_teams() -> None:
    got = table(percent("flow"))
    q4 = "2020-21 Q4"
    # T1: (3 + 2) / (4 + 2); its service, T1 and T2: (5 + 1 + 5) / (6 + 2 + 5).
    assert got[(q4, "team", "Assessment 1")][FIGURES] == (100 * 5 / 6, 5.0, 6.0, 6)
    assert got[(q4, "service", "Assessment")][FIGURES] == (100 * 11 / 13, 11.0, 13.0, 13)
    # Unrecorded teams and teams outside ssd_department keep their share.
    assert got[(q4, "team", teams.NO_TEAM)][FIGURES] == (0.0, 0.0, 1.0, 1)
    assert got[(q4, "team", "T9")][SERVICE] == teams.NO_SERVICE
    assert got[(q4, "service", teams.NO_SERVICE)][6:9] == (1.0, 2.0, 2)
    # Every unit is rated against the borough's target, by the borough's rule.
    assert got[("2021-01", "team", "Assessment 1")][RATED] == (80.0, "Amber")  # 75%, within 10%
    assert got[("2021-01", "team", "Assessment 2")][RATED] == (80.0, "Red")  # 50%
    assert got[("2021-03", "team", "Assessment 2")][RATED] == (80.0, "Green")
    # A team with no subjects in a period has no row there (not a 0 out of 0).
    assert ("2021-03", "team", "Assessment 1") not in got


def test_a_snapshot_takes_each_team_s_last_month() -> None:
    got = table(percent("snapshot"))
    assert got[("2020-21 Q4", "team", "Assessment 2")][6:9] == (5.0, 5.0, 5)
    assert ("2020-21 Q4", "team", "Assessment 1") not in got


@pytest.mark.parametrize("polarity", ["BIB", "SIB", "none"])
def test_the_sql_rag_is_rag_rag(polarity: str) -> None:
    """The rating in SQL (build.RAG_MACRO) and in Python (rag.rag) agree on every edge."""
    con = duckdb.connect()
    con.execute(build.RAG_MACRO)
    cases = [
        (v, t, tol)
        for v in (None, 0.0, 71.9, 72.0, 79.99, 80.0, 80.01, 88.0, 88.01, -5.0)
        for t in (None, 80.0, 0.0, -4.0)
        for tol in (0.1, 0.15, 0.0)
    ]
    for v, t, tol in cases:
        (got,) = con.execute("SELECT rag(?, ?, ?, ?)", [v, t, polarity, tol]).fetchone() or ("",)
        assert got == rag.rag(v, t, polarity, tol), (v, t, polarity, tol)  # type: ignore[arg-type]


# --- the tiny synthetic borough: teams add up, weeks add up -------------------------------------


@pytest.fixture(scope="module")
def borough(tiny_borough_store: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The tiny synthetic borough (tests/indicators/conftest.py), open for writing: a listing
    writes its audit row."""
    con = db.connect(tiny_borough_store)
    yield con
    con.close()


WITH_TEAMS = [i.id for i in catalogue.load() if i.team]
WEEKLY = [i.id for i in catalogue.load() if i.weekly]


def test_the_catalogue_has_figures_by_team_and_by_week() -> None:
    assert len(WITH_TEAMS) >= 10 and len(WEEKLY) >= 5


@pytest.mark.parametrize("level", ["team", "service"])
def test_teams_and_services_add_up_to_the_borough(
    borough: duckdb.DuckDBPyConnection, level: str
) -> None:
    """Every period of every indicator with teams: the units' numerators, denominators and
    subjects add up to the borough's. Counted in SQL over the whole table, so a unit left out
    anywhere shows."""
    differ = borough.execute(
        """SELECT r.indicator_id, r.period_id, r.numerator, t.num, r.denominator, t.den,
                  r.subjects, t.subj
           FROM results r
           JOIN (SELECT indicator_id, period_id, sum(numerator) AS num,
                        sum(denominator) AS den, sum(subjects) AS subj
                 FROM results_by_team WHERE level = ? GROUP BY ALL) t USING (indicator_id, period_id)
           WHERE abs(r.numerator - t.num) > 1e-6
              OR abs(coalesce(r.denominator, 0) - coalesce(t.den, 0)) > 1e-6
              OR r.subjects <> t.subj""",
        [level],
    ).fetchall()
    assert differ == []
    # ...and no period of the borough with subjects is missing from the units.
    missing = borough.execute(
        """SELECT indicator_id, period_id FROM results
           WHERE indicator_id IN (SELECT unnest(?)) AND subjects > 0
           EXCEPT SELECT indicator_id, period_id FROM results_by_team WHERE level = ?""",
        [WITH_TEAMS, level],
    ).fetchall()
    assert missing == []


def test_a_team_s_figure_is_its_subjects(borough: duckdb.DuckDBPyConnection) -> None:
    """The first team-carrying indicator's March 2021, recounted by hand from its SQL's rows."""
    ind = catalogue.get(WITH_TEAMS[0])
    month = periods.months(date(2021, 3, 1), date(2021, 3, 31))
    engine.prepare(borough, month, settings.defaults())
    by_team = dict(
        borough.execute(
            f"SELECT team_id, sum(numerator) FROM ({ind.sql.strip().rstrip(';')}) GROUP BY 1"
        ).fetchall()
    )
    stored = dict(
        borough.execute(
            "SELECT team_id, numerator FROM results_by_team "
            "WHERE indicator_id = ? AND period_id = '2021-03' AND level = 'team'",
            [ind.id],
        ).fetchall()
    )
    assert stored == {team: float(n or 0) for team, n in by_team.items()}


def test_weeks_of_february_2021_add_up_to_the_month(borough: duckdb.DuckDBPyConnection) -> None:
    """1 February 2021 is a Monday and 28 February a Sunday: its four weeks are the month."""
    differ = borough.execute(
        """SELECT m.indicator_id, m.numerator, w.num, m.denominator, w.den
           FROM results m
           JOIN (SELECT indicator_id, sum(numerator) AS num, sum(denominator) AS den, count(*) AS n
                 FROM results WHERE period_type = 'week'
                  AND period_start >= DATE '2021-02-01' AND period_end <= DATE '2021-02-28'
                 GROUP BY ALL) w USING (indicator_id)
           WHERE m.period_id = '2021-02'
             AND (w.n <> 4 OR abs(m.numerator - w.num) > 1e-6
                  OR abs(coalesce(m.denominator, 0) - coalesce(w.den, 0)) > 1e-6)"""
    ).fetchall()
    assert differ == []
    weekly = borough.execute(
        "SELECT DISTINCT indicator_id FROM results WHERE period_type = 'week'"
    ).fetchall()
    assert sorted(i for (i,) in weekly) == sorted(WEEKLY)


def test_weeks_ending_friday_add_up_to_their_days(borough: duckdb.DuckDBPyConnection) -> None:
    """Any run of weeks, whatever day they end on, holds the events of its days once: eight
    weeks ending Friday against the same 56 days evaluated as one period."""
    con = borough
    weeks = periods.weeks(date(2021, 1, 2), date(2021, 2, 26), "friday")
    assert len(weeks) == 8
    whole = dataclasses.replace(
        weeks[0], period_id="all", period_type="month", period_end=weeks[-1].period_end
    )
    inds = [catalogue.get(i) for i in WEEKLY]
    engine.prepare(con, weeks, settings.defaults())
    by_week = engine.evaluate_many(con, inds)
    engine.prepare(con, [whole], settings.defaults())
    at_once = engine.evaluate_many(con, inds)
    for ind in inds:
        added = [sum(s[i] or 0 for s in by_week[ind.id].values()) for i in (0, 1, 2)]
        assert added == pytest.approx([x or 0 for x in at_once[ind.id].get("all", (0, 0, 0))])


def test_the_children_behind_a_week_are_the_week_s(borough: duckdb.DuckDBPyConnection) -> None:
    ind = catalogue.get(WEEKLY[0])
    week = results.resolve_period(borough, "W/E 2021-02-28")
    got = children.listing(borough, ind, week, user="tester")
    (stored,) = borough.execute(
        "SELECT numerator FROM results WHERE indicator_id = ? AND period_id = 'W/E 2021-02-28'",
        [ind.id],
    ).fetchall()
    assert got.matches_results and got.results[0] == stored[0]
    month = borough.execute(
        "SELECT numerator FROM results WHERE indicator_id = ? AND period_id = '2021-02'", [ind.id]
    ).fetchone()
    assert month is not None and 0 < stored[0] < month[0]


def test_a_compute_without_teams_or_weeks_keeps_neither(tmp_path: Path) -> None:
    """`csc compute --no-teams --no-weeks` (a store of many authorities): the borough's figures
    as ever, no figures by team (not even stale ones) and no weeks."""
    write_outputs(
        tmp_path / "sources", size="tiny", years=1, seed=2, end=date(2021, 3, 31),
        formats=["ssd"], regimes=[],
    )  # fmt: skip
    store = tmp_path / "store.duckdb"
    ingest([tmp_path / "sources" / "ssd"], store)
    engine.compute(store)
    engine.compute(store, by_team=False, by_week=False)
    con = db.connect(store, read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM results_by_team").fetchall() == [(0,)]
        kinds = {k for (k,) in con.execute("SELECT DISTINCT period_type FROM results").fetchall()}
    finally:
        con.close()
    assert "week" not in kinds and "month" in kinds
