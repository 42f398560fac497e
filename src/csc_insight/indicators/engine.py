"""Evaluating the catalogue into the results table, and listing the subjects behind a figure.

Each indicator's SQL returns one row per subject (a child, a referral, a worker...) per month:
``period_id, subject_id, numerator, denominator``. The engine adds them up per month, builds
the longer periods from the months (see periods.py), turns numerator and denominator into a
value by the unit, and adds the target, the RAG rating and the SPC signal. Every view reads the
results table; none recomputes. indicator_rows() does the same for one indicator in Python, the
path the hand-built tests take; a test holds it equal to the SQL build.

Shared views. A concept several indicators use has one home, a file in sql/shared/ that creates a
temporary view (or macro) over the canonical tables and the ``periods`` relation: the under-18
population, care leavers, looked after, on a CP plan, the CIN-plan cohort, case allocations and caseloads,
staff in post, social workers, funded posts. Each file's header says what a row is and the rules.
prepare() creates them after ``periods`` and ``period_days``, in the order of catalogue.SHARED (a
file may use those before it). An indicator's SQL reads them by name; its YAML ``tables:`` still
lists the tables read through them (the catalogue loader checks both ways).

The month pass runs in a few queries: first the indicators that need no materialised shared
view, then the rest in groups that share none (shared_groups: the children's views, the
workforce's), each in a query that computes each shared view its indicators read once (a
materialised common table expression) for all of them. Each query so has DuckDB's memory to
itself and its own views; see compute() and _shared_ctes(). The weekly indicators are evaluated
by day instead. Every pass leaves its sums in ``passes.period_sums``; the longer periods, values, targets and
RAG ratings are built from them in SQL (build.py; teams.py for the figures by team), and only
each month's SPC view is drawn in Python.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import import_module
from threading import Thread

import duckdb

from csc_insight.errors import CscError
from csc_insight.indicators import (
    build,
    catalogue,
    periods,
    provenance,
    rag,
    settings,
    spc,
    targets,
    teams,
)
from csc_insight.indicators.catalogue import Indicator
from csc_insight.store import db, published
from csc_insight.store.sql import scalar

Progress = Callable[[str, int, int], None]

RESULTS_DDL = """CREATE TABLE IF NOT EXISTS results (
    indicator_id VARCHAR, period_id VARCHAR, period_type VARCHAR, period_start DATE, period_end DATE,
    value DOUBLE, numerator DOUBLE, denominator DOUBLE, subjects BIGINT,
    target DOUBLE, rag VARCHAR, signal VARCHAR, assurance VARCHAR,
    spc_centre DOUBLE, spc_lower DOUBLE, spc_upper DOUBLE,
    full_history BOOLEAN, special_causes VARCHAR, computed_at TIMESTAMP)"""
RESULTS_COLUMNS = re.findall(r"(\w+) (?:VARCHAR|DATE|DOUBLE|BIGINT|BOOLEAN|TIMESTAMP)", RESULTS_DDL)

SCALE = catalogue.SCALE


@dataclass
class Row:
    indicator_id: str
    period: periods.Period
    numerator: float | None  # None: no figure (a missing month, see Indicator.empty_month)
    denominator: float | None
    subjects: int
    value: float | None = None
    target: float | None = None
    rag: str = "Grey"
    signal: str | None = None
    assurance: str | None = None
    limits: tuple[float, float, float] | None = None  # SPC centre, lower, upper
    full_history: bool = True  # the look-back the measure needs is loaded for every month
    special_causes: str | None = None  # see _add_signals


def value_of(ind: Indicator, numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None:
        return None
    if not ind.has_denominator:
        return float(numerator)
    if not denominator:
        return None
    return SCALE[ind.unit] * numerator / denominator


#: The dates that can set the first month, in order of preference: the front door's.
FIRST_DATES = (("ssd_contacts", "cont_contact_date"), ("ssd_cin_episodes", "cine_referral_date"))

#: Every event date in the store; the latest (never after today) sets the last month, and the
#: earliest sets the first when there are no contacts or referrals.
EVENT_DATES = (
    ("ssd_contacts", "cont_contact_date"),
    ("ssd_cin_episodes", "cine_referral_date"),
    ("ssd_cin_episodes", "cine_close_date"),
    ("ssd_cin_assessments", "cina_assessment_start_date"),
    ("ssd_cin_assessments", "cina_assessment_auth_date"),
    ("ssd_cp_plans", "cppl_cp_plan_start_date"),
    ("ssd_cp_plans", "cppl_cp_plan_end_date"),
    ("ssd_cla_episodes", "clae_cla_episode_start_date"),
    ("ssd_cla_episodes", "clae_cla_episode_ceased_date"),
    ("ssd_missing", "miss_missing_episode_start_date"),
    ("ssd_missing", "miss_missing_episode_end_date"),
    ("ssd_early_help_episodes", "earl_episode_start_date"),
    ("ssd_early_help_episodes", "earl_episode_end_date"),
    ("ssd_involvements", "invo_involvement_start_date"),
    ("ssd_involvements", "invo_involvement_end_date"),
    ("ext_workforce_staff", "wstaf_start_date"),
    ("ext_workforce_staff", "wstaf_end_date"),
    ("ext_case_audits", "caud_audit_date"),
)


def data_range(con: duckdb.DuckDBPyConnection, today: date | None = None) -> tuple[date, date]:
    """First and last day the loaded data covers.

    First: the first contact, else the first referral, else the earliest event date of any kind.
    Last: the latest event date in EVENT_DATES (a case closing, a worker leaving, an audit...),
    but never after ``today`` (a planned end date in the future is not data yet).
    """
    today = today or date.today()
    dates = " UNION ALL ".join(f"SELECT {c} AS d FROM {t}" for t, c in EVENT_DATES)
    first = scalar(
        con,
        "SELECT coalesce("
        + ", ".join(f"(SELECT min({c}) FROM {t})" for t, c in FIRST_DATES)
        + f", (SELECT min(d) FROM ({dates})))",
    )
    last = scalar(con, f"SELECT max(d) FROM ({dates}) WHERE d <= ?", [today])
    if first is None or last is None:
        raise CscError(
            "nothing to compute: the store holds no contacts, referrals, episodes or workforce "
            "records dated on or before today (run `csc ingest`)"
        )
    if first > last:
        raise CscError(f"nothing to compute: the first record is dated {first}, after {last}")
    return first, last


@cache
def _shared_sql() -> tuple[tuple[str, str], ...]:
    return tuple(catalogue.shared_sql())


@cache
def _shared_macros() -> tuple[tuple[str, str], ...]:
    """The macro statements of the shared files (a file's statements end at their ``;``)."""
    return tuple(
        (name, statement)
        for name, sql in _shared_sql()
        for statement in _code(sql).split(";")
        if re.match(r"\s*CREATE\s+OR\s+REPLACE\s+TEMP\s+MACRO\b", statement, re.IGNORECASE)
    )


@dataclass(frozen=True)
class SharedView:
    """A shared view as the month pass's shared queries use it (see _shared_ctes)."""

    name: str
    body: str  # from its AS to the ; that ends the statement, comments removed
    materialise: bool
    reads: frozenset[str]  # the shared views it reads, directly or not


def _code(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)


@cache
def shared_views() -> tuple[SharedView, ...]:
    """Every shared view in the order prepare() creates them. A view's body runs from its
    ``AS`` to the ``;`` that ends the statement (so no ``;`` inside one, but in a comment)."""
    views: list[SharedView] = []
    for _file, sql in _shared_sql():
        for m in _VIEW.finditer(sql):
            rest = _code(sql[m.end() :])
            body = rest[: rest.index(";")].strip()
            views.append(SharedView(m["name"], body, not m["keep"], _reads(body, views)))
    return tuple(views)


def _reads(code: str, views: list[SharedView] | tuple[SharedView, ...]) -> frozenset[str]:
    """The shared views among ``views`` that ``code`` names, and those they read."""
    named = [v for v in views if re.search(rf"\b{v.name}\b", code, re.IGNORECASE)]
    return frozenset(v.name for v in named).union(*(v.reads for v in named))


def _materialised_read(ind: Indicator) -> frozenset[str]:
    """The materialised shared views an indicator reads, directly or through another view."""
    return _materialised_in(ind.sql)


@cache
def _materialised_in(sql: str) -> frozenset[str]:
    views = shared_views()
    reads = _reads(_code(sql), views)
    return frozenset(v.name for v in views if v.materialise and v.name in reads)


def _reads_materialised(ind: Indicator) -> bool:
    return bool(_materialised_read(ind))


def shared_groups(inds: list[Indicator]) -> list[list[Indicator]]:
    """The indicators that read materialised shared views, in groups that share none between
    them (indicators reading a view in common go together, and so on transitively), in
    catalogue order. Each group is one query holding only its own views in memory: at national
    scale the children's views (looked after, CIN plan cohort) and the workforce's (caseloads)
    held together spill about 1.3 GB to disk; group by group, about 0.1 GB."""
    groups: list[tuple[set[str], list[Indicator]]] = []
    for ind in inds:
        views = set(_materialised_read(ind))
        if not views:
            continue
        joined = [g for g in groups if g[0] & views]
        merged = (views.union(*(g[0] for g in joined)), [x for g in joined for x in g[1]] + [ind])
        groups = [g for g in groups if g not in joined] + [merged]
    order = {ind.id: n for n, ind in enumerate(inds)}
    out = [sorted(g[1], key=lambda i: order[i.id]) for g in groups]
    return sorted(out, key=lambda g: order[g[0].id])


#: The most months a month set holds as a 128-bit integer (bits 0 to 126: the sign bit is left
#: alone); a longer run of periods keeps its sets as bitstrings.
MONTH_SET_INT_MONTHS = 127


def prepare(
    con: duckdb.DuckDBPyConnection,
    period_list: list[periods.Period],
    values: dict[str, str | int],
    *,
    views: bool = True,
) -> None:
    """The relations, variables, macros and shared views every indicator's SQL may use.
    ``views=False``: the shared files' macros but not their views, for a query that brings the
    views it reads as common table expressions (evaluate_many with ``shared``: binding every
    view for every pass is a tenth of a borough's compute)."""
    # DuckDB 2.0.1 pushes a partial aggregate below joins that do not shrink (SUP 1: 37 million
    # child-day rows grouped before the join with the days of each month end): 3.7 s and 1.5 GB
    # become 16 s and 5.4 GB, and at national scale the month pass runs out of memory. 2.0.0 does
    # not; with it the month pass is as fast (or faster) without the rewrite, so it is off for both.
    con.execute("SET disabled_optimizers = 'partial_aggregate_pushdown'")
    # month_key(d): the month holding d as one number (months since year 0), so that "open at
    # the end of month k" becomes arithmetic on keys. Every period ends on a month's last day.
    con.execute("CREATE OR REPLACE TEMP MACRO month_key(d) AS year(d) * 12 + month(d) - 1")
    # Python lists through unnest, not Arrow: `csc compute` then never imports pyarrow (0.1 s).
    con.execute(
        """CREATE OR REPLACE TEMP TABLE periods AS
           SELECT *, month_key(period_end) AS month_key FROM (
               SELECT unnest($1) AS period_id, unnest($2) AS period_type,
                      unnest($3::DATE[]) AS period_start, unnest($4::DATE[]) AS period_end)""",
        periods.columns(period_list),
    )
    # open_month_keys(started, ended): the keys of the months in `periods` at whose end a record
    # is open (started on or before it, ended after it or not at all; none without a start).
    # Unnested and joined to periods on month_key, it is the snapshot at each period end with
    # an equality join, where started <= period_end AND ended > period_end is a range join.
    con.execute(
        """SET VARIABLE first_month_key = (SELECT min(month_key) FROM periods);
           SET VARIABLE last_month_key = (SELECT max(month_key) FROM periods);
           CREATE OR REPLACE TEMP MACRO open_month_keys(started, ended) AS CASE
               WHEN started IS NOT NULL THEN generate_series(
                   greatest(month_key(started), getvariable('first_month_key')),
                   least(month_key(ended) - 1, getvariable('last_month_key'))) END"""
    )
    # month_set(month_key): an aggregate, the set of a group's month keys (all in `periods`) with
    # one bit per month; in_month_set(months, month_key) tests one key; month_set_union(months)
    # is the aggregate of sets. A child's "months in time" kept so is a fixed few bytes, where a
    # list is an allocation per child and a copy per row it is joined to. While the months number
    # at most 127 (ten and a half years) a set is a 128-bit integer; beyond, a bitstring, which
    # lives on the heap (SUP 1 at national scale: 4.1 s as bitstrings, 3.7 s as integers).
    span = scalar(con, "SELECT getvariable('last_month_key') - getvariable('first_month_key') + 1")
    if (span or 0) <= MONTH_SET_INT_MONTHS:
        con.execute(
            """CREATE OR REPLACE TEMP MACRO month_set(k) AS bit_or(
                   CAST(1 AS HUGEINT) << CAST(k - getvariable('first_month_key') AS HUGEINT));
               CREATE OR REPLACE TEMP MACRO in_month_set(months, k) AS CASE
                   WHEN k BETWEEN getvariable('first_month_key') AND getvariable('last_month_key')
                   THEN (months >> CAST(k - getvariable('first_month_key') AS HUGEINT)) & 1 = 1
                   ELSE false END"""
        )
    else:
        con.execute(
            """CREATE OR REPLACE TEMP MACRO month_set(k) AS bitstring_agg(
                   k, getvariable('first_month_key'), getvariable('last_month_key'));
               CREATE OR REPLACE TEMP MACRO in_month_set(months, k) AS CASE
                   WHEN k BETWEEN getvariable('first_month_key') AND getvariable('last_month_key')
                   THEN get_bit(months, CAST(k - getvariable('first_month_key') AS INTEGER)) = 1
                   ELSE false END"""
        )
    con.execute("CREATE OR REPLACE TEMP MACRO month_set_union(months) AS bit_or(months)")
    # days_to_period_end(n): (month_key, day) for the n days up to and including each period
    # end. Joined on an event's date, it gives the month ends the event is within n days before:
    # "seen in the last 4 weeks" as an equality join, grouped into a set of month keys per child.
    # month_sets_by_day(n): the same, one row per day with the set of those month ends (day,
    # months), so that the join does not multiply the events (SUP 1: 33 million supervisions
    # would be 36 million rows) and a child's set is the month_set_union of their days' sets.
    con.execute(
        """CREATE OR REPLACE TEMP MACRO days_to_period_end(n) AS TABLE
           SELECT p.month_key, CAST(d AS DATE) AS day
           FROM periods p,
                unnest(generate_series(p.period_end - (n - 1), p.period_end, INTERVAL 1 DAY)) t(d);
           CREATE OR REPLACE TEMP MACRO month_sets_by_day(n) AS TABLE
           SELECT day, month_set(month_key) AS months FROM days_to_period_end(n) GROUP BY day"""
    )
    # One row per day of each period: a flow joins it on its event date (p.day = the date), an
    # equality DuckDB hashes, where BETWEEN period_start AND period_end is a range join ~10x slower.
    con.execute(
        """CREATE OR REPLACE TEMP TABLE period_days AS
           SELECT p.*, CAST(d AS DATE) AS day
           FROM periods p, unnest(generate_series(p.period_start, p.period_end, INTERVAL 1 DAY)) t(d)"""
    )
    for name, value in values.items():
        con.execute(f"SET VARIABLE {name} = ?", [value])
    for name, sql in _shared_sql() if views else _shared_macros():
        try:
            con.execute(sql)
        except duckdb.Error as e:
            raise CscError(f"shared view sql/shared/{name}.sql: {str(e).splitlines()[0]}") from e


#: A shared view's definition. One that is cheaper to compute again than to hold in DuckDB's memory
#: (millions of rows read by one or two indicators, or a filter over a materialised view) says so
#: in the comment lines just before it, starting ``-- materialise: no`` and saying why: at national
#: scale the materialised views fill most of the memory, and what does not fit spills to disk.
_VIEW = re.compile(
    r"(?P<keep>^--\s*materialise:\s*no\b[^\n]*\n(?:--[^\n]*\n)*)?"
    r"\bCREATE\s+OR\s+REPLACE\s+TEMP\s+VIEW\s+(?P<name>\w+)\s+AS\b",
    re.IGNORECASE | re.MULTILINE,
)


def _shared_ctes(inds: list[Indicator]) -> str:
    """The shared views these indicators read, directly or not, as common table expressions:
    ``WITH looked_after AS MATERIALIZED (...), ...``. DuckDB computes a materialised one once for
    the whole query and holds it as it was computed, which is cheaper than writing a temporary
    table and reading it back; a view marked ``-- materialise: no`` is inlined where it is read."""
    views = shared_views()
    wanted = frozenset().union(*(_reads(_code(i.sql), views) for i in inds))
    ctes = [
        f"{v.name} AS {'MATERIALIZED' if v.materialise else 'NOT MATERIALIZED'} (\n{v.body}\n)"
        for v in views
        if v.name in wanted
    ]
    return "WITH " + ",\n".join(ctes) + "\n" if ctes else ""


#: A period's sums: (numerator, denominator, subjects).
Sums = tuple[float, float | None, int]


def _grouped(ind: Indicator, k: int, by_team: bool = True) -> str:
    """One indicator's sums per period, or per period and team when it has teams: rows of
    (k, period_id, team_id, whole, numerator, denominator, subjects), ``whole`` true for the
    period's own sums. A subject row counts under one team, so the teams add up to the whole,
    which evaluate_many adds up from them (grouping sets, both at once, cost a small store's
    pass a tenth more: two aggregates and a combine per indicator)."""
    sql = ind.sql.strip().rstrip(";")
    sums = "sum(numerator) AS n, sum(denominator) AS d, count(subject_id) AS s"
    if not (ind.team and by_team):
        return (
            f"SELECT {k} AS k, period_id, NULL::VARCHAR AS team_id, true AS whole, {sums} "
            f"FROM ({sql}) GROUP BY period_id"
        )
    return (
        f"SELECT {k} AS k, period_id, team_id::VARCHAR AS team_id, false AS whole, {sums} "
        f"FROM ({sql}) GROUP BY period_id, team_id"
    )


def evaluate(con: duckdb.DuckDBPyConnection, ind: Indicator) -> dict[str, Sums]:
    """(numerator, denominator, subjects) per period in the ``periods`` relation."""
    return evaluate_many(con, [ind])[ind.id]


def evaluate_many(
    con: duckdb.DuckDBPyConnection,
    inds: list[Indicator],
    *,
    shared: bool = False,
    teams: bool = False,
    keep: bool = False,
) -> dict[str, dict[str, Sums]]:
    """Each indicator's sums per period, in one query, so DuckDB plans and runs them together.
    With ``shared``, the query computes each shared view they read once (see _shared_ctes).
    With ``teams``, those with teams are summed per team as well. With ``keep``, the sums (the
    whole's, and each team's) also go into ``passes.period_sums`` (build.SUMS_DDL, which the
    caller has made), where build.py and teams.py make every period's figures from them. Should the
    query fail, each is evaluated alone, which names the one at fault."""
    if not inds:
        return {}
    union = (_shared_ctes(inds) if shared else "") + "\nUNION ALL\n".join(
        _grouped(ind, n, teams) for n, ind in enumerate(inds)
    )
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE _evaluated AS {union}")
        # The whole of an indicator with teams: the sum of its teams' rows.
        con.execute(
            """INSERT INTO _evaluated
               SELECT k, period_id, NULL, true, sum(n), sum(d), sum(s)
               FROM _evaluated WHERE NOT whole GROUP BY k, period_id"""
        )
    except duckdb.Error as e:
        if len(inds) == 1:
            raise CscError(
                f"indicator {inds[0].id} ({inds[0].file}, sql): {str(e).splitlines()[0]}"
            ) from e
        whole: dict[str, dict[str, Sums]] = {}
        for ind in inds:
            whole |= evaluate_many(con, [ind], shared=shared, teams=teams, keep=keep)
        return whole
    whole = {ind.id: {} for ind in inds}
    for k, pid, n, d, subjects in con.execute(
        "SELECT k, period_id, round(coalesce(n, 0), 9), round(d, 9), s FROM _evaluated WHERE whole"
    ).fetchall():
        whole[inds[k].id][pid] = _sums(n, d, subjects)
    if keep:
        con.execute(
            f"""INSERT INTO {build.SUMS}
               SELECT ids[k + 1], period_id, whole, team_id, round(coalesce(n, 0), 9),
                      round(d, 9), s
               FROM _evaluated, (SELECT ?::VARCHAR[] AS ids)""",
            [[ind.id for ind in inds]],
        )
    con.execute("DROP TABLE _evaluated")
    return whole


def _sums(n: float | None, d: float | None, subjects: int) -> Sums:
    """A month's sums as the query rounded them, to 9 decimal places: DuckDB adds fractions
    (FTEs) in whatever order its threads finish, and the last bits of the sum must not decide a
    RAG rating (a caseload of 3162 / 186 FTE is 17, on a target of 17, every time)."""
    return float(n or 0), None if d is None else float(d), int(subjects)


@dataclass(frozen=True)
class Pass:
    """One query of the compute: these indicators over these periods (months, days, or every
    period for those evaluated for each), each shared view they read computed once for all."""

    periods: list[periods.Period]
    inds: list[Indicator]


#: A store holding at most this many children is a council's: its passes run two at a time,
#: each on one thread (see run_passes). A national store's passes each need most of DuckDB's
#: memory, so they run one after another, each query on every thread.
SMALL_STORE_CHILDREN = 200_000


def run_passes(
    con: duckdb.DuckDBPyConnection,
    passes: list[Pass],
    values: dict[str, str | int],
    *,
    by_team: bool = True,
    workers: int = 1,
) -> None:
    """Evaluate each pass into ``passes.period_sums`` (made by the caller). Each brings the shared
    views it reads as common table expressions, so prepare() binds none.

    ``workers`` > 1: that many passes at a time, each on a cursor of its own with DuckDB on one
    thread, the biggest first, each worker taking the next pass when it is free. A council's
    queries are small: DuckDB's two threads on one query did only about half again what one
    did (much of a small query is setting up its many operators, which one thread does), so two
    queries on a thread each do more: 0.61 s of passes became 0.44 s. (Two at a time with DuckDB
    on two threads each gained nothing: four threads on two cores.)"""
    if workers <= 1:
        _run(con, passes, values, by_team)
        return
    (threads,) = con.execute("SELECT current_setting('threads')").fetchone() or (1,)
    queue = sorted(passes, key=_pass_size, reverse=True)
    con.execute("SET threads = 1")
    try:
        with ThreadPoolExecutor(workers) as pool:
            done = [pool.submit(_worker, con, queue, values, by_team) for _ in range(workers)]
            for f in done:
                f.result()
    finally:
        con.execute(f"SET threads = {int(threads)}")


def _pass_size(p: Pass) -> int:
    """A rough measure of a pass's work, to start the biggest first: its indicators times its
    periods (a day pass has some 1,800, a month pass 60)."""
    return len(p.inds) * len(p.periods)


def _worker(
    con: duckdb.DuckDBPyConnection,
    queue: list[Pass],
    values: dict[str, str | int],
    by_team: bool,
) -> None:
    """Take passes from ``queue`` until it is empty, on a cursor of this thread's own (a cursor's
    temporary relations, prepare()'s, are its own; the sums go to the attached ``passes``)."""
    cursor = con.cursor()
    held: list[periods.Period] | None = None
    try:
        while True:
            try:
                p = queue.pop(0)  # list.pop is atomic under the GIL
            except IndexError:
                return
            held = _run_one(cursor, p, held, values, by_team)
    finally:
        cursor.close()


def _run(
    con: duckdb.DuckDBPyConnection,
    passes: list[Pass],
    values: dict[str, str | int],
    by_team: bool,
) -> None:
    """The passes one after another on ``con``."""
    held: list[periods.Period] | None = None
    for p in passes:
        held = _run_one(con, p, held, values, by_team)


def _run_one(
    con: duckdb.DuckDBPyConnection,
    p: Pass,
    held: list[periods.Period] | None,
    values: dict[str, str | int],
    by_team: bool,
) -> list[periods.Period]:
    """One pass on ``con``, whose ``periods`` relation holds ``held``: prepared anew only for
    other periods. Returns the periods it now holds."""
    if p.periods is not held:
        prepare(con, p.periods, values, views=False)
    evaluate_many(con, p.inds, shared=True, teams=by_team, keep=True)
    return p.periods


def compute(
    store: str | os.PathLike[str] | None = None,
    *,
    overrides: dict[str, str] | None = None,
    first: date | None = None,
    last: date | None = None,
    only: list[str] | None = None,
    progress: Progress | None = None,
    by_team: bool = True,
    by_week: bool = True,
) -> int:
    """Evaluate the catalogue for every period loaded and replace the results table.
    ``by_team``/``by_week``: also the figures by team and service, and the weekly figures (a
    store of many authorities, such as the national benchmark's, has no use for either: its
    teams are thousands of different councils')."""
    # numpy draws the process views at the end (spc.prefix_flags_many); importing it takes
    # about 0.1 s of Python, which a thread does while the passes run in DuckDB without the GIL.
    Thread(target=import_module, args=("numpy",), daemon=True).start()
    try:
        values = settings.resolve(overrides)
    except ValueError as e:
        raise CscError(str(e)) from e
    # The targets as they stand: the catalogue's, or an analyst's from the dashboard.
    inds = [i for i in targets.catalogue_for(store) if not only or i.id in only]
    con = db.connect(store)
    try:
        loaded_from, hi = data_range(con)
        lo, hi = first or loaded_from, last or hi
        every = periods.all_periods(lo, hi)
        months = [p for p in every if p.period_type == "month"]
        # Months, with the shared views computed once; the indicators that need every period
        # evaluated on their own; and the weekly indicators by day, their months and weeks the
        # sums of their days (build.add_up_days). Each pass leaves its sums in
        # passes.period_sums, from which build.py and teams.py make every period's figures.
        weekly = [i for i in inds if i.weekly and i.aggregate == "sum"] if by_week else []
        weeks = periods.weeks(lo, hi, str(values["week_ends_on"])) if weekly else []
        monthly = [i for i in inds if i.aggregate != "recompute" and i not in weekly]
        if progress:
            progress("month pass", 0, len(inds))
        # The indicators that read no materialised shared view go first, while DuckDB's memory
        # holds none of them: at national scale they take half of it, and the big joins and
        # sorts then spill to disk (a tenth of the month pass). Then the rest, sharing them
        # group by group.
        direct = [i for i in monthly if not _reads_materialised(i)]
        passes = [Pass(months, direct)]
        passes += [Pass(months, group) for group in shared_groups(monthly)]
        passes += [Pass(every, [i]) for i in inds if i.aggregate == "recompute"]
        if weekly:
            passes.append(Pass(periods.days(months[0].period_start, months[-1].period_end), weekly))
        con.execute(build.SUMS_DDL)
        small = (scalar(con, "SELECT count(*) FROM ssd_person") or 0) <= SMALL_STORE_CHILDREN
        run_passes(con, passes, values, by_team=by_team, workers=2 if small else 1)
        if weekly:
            build.add_up_days(con, months + weeks)
        # Every period's figures, built in SQL (build.py); each month's process view drawn in
        # a thread while DuckDB writes the figures by team, all in one transaction: every
        # reader sees the old results or the new.
        now = datetime.now()
        team_inds = [i for i in inds if i.team and by_team]
        build.units(con, inds, every + weeks, loaded_from)
        months_drawn = build.borough_rows(con, inds)
        with ThreadPoolExecutor(1) as pool:
            views = pool.submit(build.process_views, inds, months_drawn)
            con.execute("BEGIN TRANSACTION")
            _results_table(con, partial=bool(only))
            con.execute(
                "DELETE FROM results"
                + (" WHERE indicator_id IN (SELECT unnest(?))" if only else ""),
                [only] if only else [],
            )
            teams.write(con, team_inds, now, only)
            written = build.write_borough(con, views.result(), now)
        provenance.record(con, inds, values, now)
        con.execute("COMMIT")
        con.execute("DETACH DATABASE IF EXISTS passes")  # the passes' sums
        # A dashboard serving this store moves to the new results now, whole (store/published.py).
        published.publish_if_served(con, db.store_path(store))
        if progress:
            progress("done", len(inds), len(inds))
        return written
    finally:
        con.close()


def _results_table(con: duckdb.DuckDBPyConnection, *, partial: bool) -> None:
    """Create the results table, or make one written by an earlier version anew: a whole
    compute replaces every row anyway; a partial one cannot leave the other rows without the
    columns views now read."""
    present = [
        name
        for (name,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'results' "
            "AND database_name = current_database() AND schema_name = 'main' ORDER BY column_index"
        ).fetchall()
    ]
    if present and present != RESULTS_COLUMNS:
        if partial:
            raise CscError(
                "the results table was written by an earlier version of csc-insight: "
                "run `csc compute` without --only to compute every indicator anew"
            )
        con.execute("DROP TABLE results")
    con.execute(RESULTS_DDL)


def indicator_rows(
    con: duckdb.DuckDBPyConnection,
    ind: Indicator,
    months: list[periods.Period],
    every: list[periods.Period],
    values: dict[str, str | int],
    *,
    prepared: bool = False,
    evaluated: dict[str, Sums] | None = None,
    history_from: date | None = None,
) -> list[Row]:
    """One indicator's rows for every period. ``prepared``: the caller has already run prepare()
    for these months (so the SQL reads them and the shared views as they stand); ``evaluated``:
    the caller has already evaluated the SQL (see evaluate_many); ``history_from``: the first
    day of the loaded history (see full_history_from), None when every month has full history."""
    if evaluated is not None:
        got = evaluated
    else:
        if not prepared:
            prepare(con, every if ind.aggregate == "recompute" else months, values)
        got = evaluate(con, ind)
    empty = _empty(ind)
    by_month = [got.get(m.period_id, empty) for m in months]
    at = {m.period_start: i for i, m in enumerate(months)}  # a period's months are consecutive
    rows: list[Row] = []
    for p in every:
        if p.period_type == "month" or ind.aggregate == "recompute":
            num, den, subj = got.get(p.period_id, empty)
        else:
            first = at[p.period_start.replace(day=1)]
            last = at[p.period_end.replace(day=1)]
            if ind.aggregate == "latest":
                num, den, subj = by_month[last]
            else:
                inside = by_month[first : last + 1]
                subj = sum(x[2] for x in inside)
                if any(x[0] is None for x in inside):  # a month without its figure
                    num, den = None, None
                else:
                    num = round(sum(x[0] or 0 for x in inside), 9)
                    den = None if not _has_den(ind) else round(sum(x[1] or 0 for x in inside), 9)
        rows.append(Row(ind.id, p, num, den, subj))
    complete_from = full_history_from(ind, history_from)
    for r in rows:
        r.value = value_of(ind, r.numerator, r.denominator)
        fy = periods.fy_label(r.period.period_end)
        r.target = ind.target_for(fy)
        r.rag = rag.rag(r.value, r.target, ind.polarity, ind.tolerance_for(fy))
        r.full_history = complete_from is None or r.period.period_start >= complete_from
    _add_signals(ind, [r for r in rows if r.period.period_type == "month"])
    return rows


def week_rows(
    ind: Indicator, weeks: list[periods.Period], got: dict[str, Sums], complete_from: date | None
) -> list[Row]:
    """A weekly indicator's rows for each week: value, target and RAG as for a month (a count's
    monthly target does not apply to a week). No process limits: the SPC charts are monthly."""
    empty = _empty(ind)
    out = []
    for w in weeks:
        num, den, subj = got.get(w.period_id, empty)
        r = Row(ind.id, w, num, den, subj)
        r.value = value_of(ind, num, den)
        fy = periods.fy_label(w.period_end)
        r.target = ind.target_for(fy) if ind.has_denominator else None
        r.rag = rag.rag(r.value, r.target, ind.polarity, ind.tolerance_for(fy))
        r.full_history = complete_from is None or w.period_start >= complete_from
        out.append(r)
    return out


def full_history_from(ind: Indicator, history_from: date | None) -> date | None:
    """The first month start from which every month has the look-back ``ind`` needs: the month
    of ``history_from`` (the first loaded record) plus ``ind.history_months``. A period with full
    history starts on or after it (its later months then have it too). The first record's month
    counts as loaded whole: an extract starts at a month, and its first contact may simply fall
    on the 2nd (FD 8 on data from 02/04/2016: April 2017 is the first full month)."""
    if history_from is None:
        return None
    return periods.add_months(history_from.replace(day=1), ind.history_months)


def _empty(ind: Indicator) -> tuple[float | None, float | None, int]:
    """A period with no rows: 0 (and 0 out of 0), or no figure at all for an indicator whose
    empty months are missing figures (Indicator.empty_month)."""
    if ind.empty_month == "missing":
        return None, None, 0
    return 0.0, 0.0 if _has_den(ind) else None, 0


def _has_den(ind: Indicator) -> bool:
    return ind.has_denominator


def _add_signals(ind: Indicator, month_rows: list[Row]) -> None:
    """Each month's SPC view, judged on the series up to and including that month.

    The series holds the months with a value and full history: a month without the look-back
    its measure needs (a start-up ramp) is left out of the limits and gets no signal. Each
    judged month also keeps ``special_causes``, the chart's marks as they stood at that month:
    one character per month row from the first, '+' or '-' for a special cause above or below
    the centre, '.' for common cause, ' ' for a month not judged; None while too few months
    have been judged. Views read the marks, never recompute them."""
    add_signals_many([(ind, month_rows)])


def add_signals_many(charts: Sequence[tuple[Indicator, list[Row]]]) -> None:
    """_add_signals for many indicators, their marks drawn all at once (spc.prefix_flags_many)."""
    drawn: list[tuple[list[float], list[int], list[Row]]] = []
    for ind, month_rows in charts:
        series: list[float] = []
        judged: list[int] = []  # index in month_rows of each point of ``series``
        charted: list[Row] = []  # the rows with limits, whose marks are drawn below
        total = moving = 0.0  # running sums of the points and of the moving ranges
        for i, r in enumerate(month_rows):
            if r.value is None or not r.full_history:
                continue
            if series:
                moving += abs(r.value - series[-1])
            series.append(r.value)
            judged.append(i)
            total += r.value
            lim = None
            if len(series) >= spc.MIN_POINTS:
                lim = r.limits = spc.limits_of(total, moving, len(series))
                charted.append(r)
            r.signal = spc.signal(series, ind.polarity, lim)
            r.assurance = spc.assurance(series, r.target, ind.polarity, lim)
        drawn.append((series, judged, charted))
    # Every month's chart as it stood at that month, for every indicator at once.
    flags_by_chart = spc.prefix_flags_many(
        [series for series, _, _ in drawn],
        [[r.limits for r in charted if r.limits is not None] for _, _, charted in drawn],
    )
    for (_, judged, charted), chart_flags in zip(drawn, flags_by_chart, strict=True):
        for k, (r, flags) in enumerate(zip(charted, chart_flags, strict=True)):
            points = spc.MIN_POINTS + k
            r.special_causes = _marks(flags, judged[:points], judged[points - 1] + 1)


def _marks(flags: tuple[int, ...], judged: list[int], months: int) -> str:
    marks = [" "] * months
    for at, flag in zip(judged, flags, strict=True):
        marks[at] = "+" if flag > 0 else "-" if flag < 0 else "."
    return "".join(marks)


def subjects(
    con: duckdb.DuckDBPyConnection,
    ind: Indicator,
    period: periods.Period,
    overrides: dict[str, str] | None = None,
) -> list[tuple[str, str, float, float | None]]:
    """The subjects behind a figure: (month or period id, subject id, numerator, denominator).

    A subject with numerator > 0 is in the numerator; every row is in the denominator.
    """
    values = settings.resolve(overrides)
    if ind.aggregate == "recompute" or period.period_type == "week":
        scope = [period]  # a week is evaluated as itself, as compute() does
    elif ind.aggregate == "latest":
        scope = periods.months(period.period_end, period.period_end)
    else:
        scope = periods.months(period.period_start, period.period_end)
    prepare(con, scope, values)
    return [
        (pid, str(sid), float(n or 0), None if d is None else float(d))
        for pid, sid, n, d in con.execute(
            f"SELECT period_id, subject_id, numerator, denominator FROM ({ind.sql.strip().rstrip(';')}) WHERE subject_id IS NOT NULL ORDER BY 1, 2"
        ).fetchall()
    ]
