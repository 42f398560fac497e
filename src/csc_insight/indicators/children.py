"""The children behind a figure: who is counted, who is not, and the dates that decided it.

``listing(con, ind, period, user=...)`` lists the subjects of one indicator's figure for one
period: those in the numerator (for a count, every subject counted), or with ``not_met`` those
in the denominator but outside the numerator. It takes the subjects from the indicator's own SQL
(``engine.subjects``), so the list is the figure's, never a second reading of the definition;
joins each to its **evidence**, a row of the dates and facts that decided it, from the optional
file ``sql/evidence/<slug>.sql``; adds the team and worker the child was allocated to at the
period end; and writes one row to the audit log (store/audit.py). A listing cannot be made
without being recorded.

Evidence files, as data beside the indicator SQL (docs/indicators.md, "The children behind a
figure"): run after ``engine.prepare`` for the same months, each returns one row per subject per
month, ``period_id, subject_id, person_id`` and then named columns in plain words
(``referral_date``, ``previous_referral_date``...). They are written to be read, not to be fast:
a drill-down runs one of them for one period. Workforce figures count workers or posts:
their evidence has an empty ``person_id``, which the listing leaves out, and no allocation.

Nothing here formats: reports/children_text.py renders a Listing as text or CSV.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from importlib.abc import Traversable
from typing import Any

import duckdb

from csc_insight.errors import CscError
from csc_insight.indicators import catalogue, engine, periods, results, settings
from csc_insight.indicators.catalogue import Indicator
from csc_insight.store import audit
from csc_insight.store.sql import table_exists

#: Writes a listing's audit row somewhere other than the store's audit_log: called with (user,
#: indicator id, period id, the ids listed, detail, not_met); returns (user, audit id).
Recorder = Callable[[str, str, str, list[str], str, bool], tuple[str, int]]

#: The columns every evidence file starts with, in this order.
REQUIRED = ("period_id", "subject_id", "person_id")
#: The columns the listing adds after the evidence for a child (see allocations()).
ALLOCATION = ("allocated_team", "allocated_worker", "allocation_ended")
#: What a column name may look like: lower case words joined by underscores.
_NAME = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


@dataclass(frozen=True)
class Listing:
    """The subjects behind one figure, each with its evidence; see listing().

    ``rows`` line up with ``columns``: the evidence's (period_id, subject_id, person_id, then
    the facts; only the first three without an evidence file; no person_id for workers or
    posts), then for children the three ALLOCATION columns. ``numerator`` and ``denominator``
    are the figure as the indicator's SQL gives it now for the period; ``results`` is the
    results table's (numerator, denominator) for the same indicator and period, None when not
    computed, so a caller can see whether the list and the published figure agree.
    """

    indicator: Indicator
    period: periods.Period
    not_met: bool
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    numerator: float | None  # None: no figure (a month not entered, Indicator.empty_month)
    denominator: float | None
    results: tuple[float | None, float | None] | None
    user: str
    audit_id: int

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def about_children(self) -> bool:
        """False for the workforce figures, which count workers or posts."""
        return about_children(self.indicator)

    @property
    def allocated_at(self) -> date:
        """The day the allocated team and worker are taken at: the period end."""
        return self.period.period_end

    @property
    def matches_results(self) -> bool | None:
        """Whether the figure equals the results table's; None when there is none."""
        if self.results is None:
            return None
        num, den = self.results
        return _same(self.numerator, num) and _same(self.denominator, den)


def _same(a: float | None, b: float | None) -> bool:
    """Equal, or equal but for the last bits of a sum of fractions (FTEs) added in another
    order: the engine rounds its sums to 9 decimal places, in SQL; a listing adds in Python."""
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)


def about_children(ind: Indicator) -> bool:
    """Every indicator outside the workforce area counts children or their events; the
    workforce's count workers or posts, the partner figures' and education's the figures an
    analyst entered (catalogue.AGGREGATE_AREAS)."""
    return ind.area not in catalogue.AGGREGATE_AREAS


def listing(
    con: duckdb.DuckDBPyConnection,
    ind: Indicator,
    period: periods.Period,
    *,
    user: str,
    not_met: bool = False,
    overrides: dict[str, str] | None = None,
    detail: str = "",
    record: Recorder | None = None,
    only_teams: list[str] | None = None,
) -> Listing:
    """The subjects behind ``ind``'s figure for ``period``, recorded in the audit log as ``user``.

    Default: the subjects in the numerator (for a count, every subject counted). ``not_met``:
    those in the denominator but not in the numerator (percentages only). Settings: those the
    results were computed with (settings_used), with ``overrides`` on top (as ``csc compute
    --set``). ``detail``: a note for the audit row (e.g. where the list was written). ``con``
    must be open for writing, for the audit row, unless ``record`` writes it elsewhere (the web
    dashboard's audit table): it is called with the listing before the listing is returned, and
    returns the audit entry's user and id. ``only_teams``: list only the children allocated to
    these teams at the period end (a manager's own); those of other teams are neither listed
    nor recorded as seen.
    """
    if not_met and ind.unit != "percent":
        raise CscError(
            f"{ind.id} is a {ind.unit.replace('_', ' ')}: only a percentage has subjects in the "
            "denominator but outside the numerator; list it without --not-met"
        )
    used = _checked({**settings_used(con, ind), **(overrides or {})})
    subjects = engine.subjects(con, ind, period, used)
    numerator, denominator = _figure(con, ind)
    chosen = [(pid, sid) for pid, sid, n, d in subjects if _wanted(n, d, not_met)]
    columns, rows = _rows(con, ind, chosen, period.period_end)
    if only_teams is not None:
        if "allocated_team" not in columns:
            raise CscError(f"{ind.id} counts workers or entries, not children of a team")
        at = columns.index("allocated_team")  # the team's name where ssd_department has it
        named = con.execute(
            "SELECT dept_team_name FROM ssd_department WHERE dept_team_id IN (SELECT unnest(?))",
            [only_teams],
        ).fetchall()
        allowed = set(only_teams) | {n for (n,) in named}
        rows = [r for r in rows if r[at] in allowed]
    if record is None:
        entry = audit.record(
            con,
            user,
            ind.id,
            period.period_id,
            len(rows),
            _audit_detail(used, detail),
            not_met=not_met,
        )
        who, audit_id = entry.user, entry.audit_id
    else:
        at = columns.index("person_id") if "person_id" in columns else 1  # else the worker or post
        ids = [str(r[at] or r[1]) for r in rows]
        who, audit_id = record(
            user, ind.id, period.period_id, ids, _audit_detail(used, detail), not_met
        )
    return Listing(
        indicator=ind,
        period=period,
        not_met=not_met,
        columns=columns,
        rows=tuple(rows),
        numerator=numerator,
        denominator=denominator,
        results=results_figure(con, ind, period),
        user=who,
        audit_id=audit_id,
    )


def settings_used(con: duckdb.DuckDBPyConnection, ind: Indicator) -> dict[str, str]:
    """The settings the indicator's results were computed with (results_provenance), so that
    by default a list is the published figure's; empty when none are recorded."""
    if not table_exists(con, "results_provenance"):
        return {}
    found = con.execute(
        "SELECT settings FROM results_provenance WHERE indicator_id = ?", [ind.id]
    ).fetchall()
    if not found or not found[0][0]:
        return {}
    known = {s.name for s in settings.SETTINGS}
    return {k: str(v) for k, v in json.loads(found[0][0]).items() if k in known}


def _checked(overrides: dict[str, str]) -> dict[str, str]:
    try:
        settings.resolve(overrides)
    except ValueError as e:
        raise CscError(str(e)) from e
    return overrides


def _wanted(numerator: float, denominator: float | None, not_met: bool) -> bool:
    if not_met:
        return (denominator or 0) > 0 and numerator == 0
    return numerator > 0


def _figure(con: duckdb.DuckDBPyConnection, ind: Indicator) -> tuple[float | None, float | None]:
    """The figure for the months engine.subjects() has just prepared, which are exactly those
    the engine builds the period from (all its months for a flow, the last for a snapshot, the
    period itself when recomputed): so their sums, in month order as the engine adds them."""
    sums = engine.evaluate(con, ind)
    if ind.empty_month == "missing":  # a month without its figure: the period has none
        wanted = {pid for (pid,) in con.execute("SELECT period_id FROM periods").fetchall()}
        if not wanted <= set(sums):
            return None, None
    months = [sums[k] for k in sorted(sums)]
    numerator = round(sum(n for n, _, _ in months), 9)
    if not ind.has_denominator:
        return numerator, None
    return numerator, round(sum(d or 0 for _, d, _ in months), 9)


def results_figure(
    con: duckdb.DuckDBPyConnection, ind: Indicator, period: periods.Period
) -> tuple[float | None, float | None] | None:
    """(numerator, denominator) from the results table, or None if it holds no such row."""
    if not table_exists(con, "results"):
        return None
    try:
        found = results.figure(con, ind, period)
    except CscError:
        return None
    return found.numerator, found.denominator


def _audit_detail(used: dict[str, str], detail: str) -> str:
    """The settings that differ from their defaults, and the caller's note."""
    defaults = settings.defaults()
    parts = [f"setting {k}={v}" for k, v in sorted(used.items()) if str(defaults[k]) != v]
    return "; ".join([*parts, detail] if detail else parts)


# --- evidence ---------------------------------------------------------------------------------


def _folder() -> Traversable:
    return resources.files("csc_insight.indicators").joinpath("sql", "evidence")


def evidence_sql(ind: Indicator) -> str | None:
    """The indicator's evidence SQL (sql/evidence/<slug>.sql), or None if it has none."""
    f = _folder().joinpath(f"{ind.slug}.sql")
    return f.read_text("utf-8") if f.is_file() else None


def evidence_files() -> dict[str, str]:
    """Every evidence file: slug -> SQL text."""
    folder = _folder()
    if not folder.is_dir():
        return {}
    return {
        f.name.removesuffix(".sql"): f.read_text("utf-8")
        for f in sorted(folder.iterdir(), key=lambda f: f.name)
        if f.name.endswith(".sql")
    }


def _run(con: duckdb.DuckDBPyConnection, ind: Indicator, sql: str) -> duckdb.DuckDBPyConnection:
    try:
        return con.execute(sql.strip().rstrip(";"))
    except duckdb.Error as e:
        raise CscError(
            f"evidence sql/evidence/{ind.slug}.sql ({ind.id}): {str(e).splitlines()[0]}"
        ) from e


def _evidence(
    con: duckdb.DuckDBPyConnection, ind: Indicator
) -> tuple[tuple[str, ...], dict[tuple[str, str], tuple[Any, ...]]]:
    """The evidence columns and rows by (period id, subject id), the subject id as text as
    engine.subjects gives it. Without an evidence file, just the required columns."""
    sql = evidence_sql(ind)
    if sql is None:
        return REQUIRED, {}
    cur = _run(con, ind, sql)
    columns = tuple(c[0] for c in cur.description or ())
    by_key: dict[tuple[str, str], tuple[Any, ...]] = {}
    for row in cur.fetchall():
        key = (str(row[0]), str(row[1]))
        if key in by_key:
            raise CscError(
                f"evidence sql/evidence/{ind.slug}.sql ({ind.id}): two rows for subject "
                f"{key[1]} in {key[0]}; it must return one row per subject per month"
            )
        by_key[key] = (key[0], key[1], *row[2:])
    return columns, by_key


def _rows(
    con: duckdb.DuckDBPyConnection, ind: Indicator, chosen: list[tuple[str, str]], day: date
) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """The columns, and a row for each chosen (period id, subject id): its evidence, then for a
    child the allocation at ``day``."""
    columns, evidence = _evidence(con, ind)
    rows = [evidence.get(key) or _blank(*key, columns) for key in chosen]
    if about_children(ind):
        return _with_allocations(con, columns, rows, day)
    return _without_person(columns, rows)


def _blank(period_id: str, subject_id: str, columns: tuple[str, ...]) -> tuple[Any, ...]:
    """A subject the evidence has no row for: listed all the same, its facts empty."""
    return (period_id, subject_id, *([None] * (len(columns) - 2)))


def evidence_problems(con: duckdb.DuckDBPyConnection, month: date | None = None) -> list[str]:
    """What is wrong with the evidence files, each problem naming its file: a file for no
    indicator, or (run for the month holding ``month`` on this store) one that fails or does
    not start with period_id, subject_id, person_id, or whose column names are not plain
    lower-case words, repeat, or clash with the columns the listing adds."""
    by_slug = {i.slug: i for i in catalogue.load()}
    problems: list[str] = []
    files = evidence_files()
    for slug in files:
        if slug not in by_slug:
            problems.append(f"sql/evidence/{slug}.sql: no indicator has the slug {slug!r}")
    when = month or date.today()
    engine.prepare(con, periods.months(when, when), settings.defaults())
    for slug, sql in files.items():
        if slug in by_slug:
            problems += _column_problems(con, by_slug[slug], sql)
    return problems


def _column_problems(con: duckdb.DuckDBPyConnection, ind: Indicator, sql: str) -> list[str]:
    where = f"sql/evidence/{ind.slug}.sql"
    try:
        cur = _run(con, ind, f"SELECT * FROM ({sql.strip().rstrip(';')}) LIMIT 0")
    except CscError as e:
        return [str(e)]
    names = [c[0] for c in cur.description or ()]
    cur.fetchall()
    problems = []
    if tuple(names[:3]) != REQUIRED:
        problems.append(f"{where}: must start with {', '.join(REQUIRED)}, not {names[:3]}")
    if len(names) < 4:
        problems.append(f"{where}: no evidence columns after {', '.join(REQUIRED)}")
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"{where}: column {name} appears twice")
    for name in names:
        if not _NAME.fullmatch(name):
            problems.append(f"{where}: column {name!r} is not lower-case words joined by _")
        if name in ALLOCATION:
            problems.append(f"{where}: column {name} is one the listing adds")
    return problems


# --- allocations ------------------------------------------------------------------------------

#: The child's allocation at a day: the one open then (started on or before it, not ended by it,
#: as case_allocations reads an allocation), else the latest to end before it; among several, a
#: case-holding role (SW, PA or none) before others (an early help worker), then the latest
#: started, then the highest id. The team is the allocation's, else the worker's department.
_ALLOCATION_SQL = """
WITH wanted AS (SELECT DISTINCT unnest($persons::VARCHAR[]) AS person_id),
candidate AS (
    SELECT i.invo_person_id AS person_id,
           coalesce(i.invo_professional_team, w.prof_professional_department) AS team_id,
           i.invo_professional_id AS worker_id,
           w.prof_professional_name AS worker_name,
           CASE WHEN i.invo_involvement_end_date > $day THEN NULL
                ELSE i.invo_involvement_end_date END AS ended,
           i.invo_involvement_start_date AS started,
           i.invo_involvements_id AS allocation_id,
           coalesce(upper(i.invo_professional_role_id), 'SW') IN ('SW', 'PA') AS case_holding
    FROM ssd_involvements i
    JOIN wanted x ON x.person_id = i.invo_person_id
    LEFT JOIN ssd_professionals w ON w.prof_professional_id = i.invo_professional_id
    WHERE i.invo_involvement_start_date <= $day
)
SELECT c.person_id,
       coalesce(t.dept_team_name, c.team_id) AS team,
       CASE WHEN c.worker_name IS NULL THEN c.worker_id
            ELSE c.worker_name || ' (' || c.worker_id || ')' END AS worker,
       c.ended
FROM candidate c
LEFT JOIN ssd_department t ON t.dept_team_id = c.team_id
QUALIFY row_number() OVER (
    PARTITION BY c.person_id
    ORDER BY c.ended IS NULL DESC, c.ended DESC, c.case_holding DESC, c.started DESC,
             c.allocation_id DESC) = 1
"""


def allocations(
    con: duckdb.DuckDBPyConnection, persons: list[str], day: date
) -> dict[str, tuple[str | None, str | None, date | None]]:
    """Person id -> (team, worker, the day the allocation ended if before ``day``) at ``day``;
    a child never allocated on or before it is absent. Worker: name (id), or the id alone."""
    if not persons:
        return {}
    rows = con.execute(_ALLOCATION_SQL, {"persons": persons, "day": day}).fetchall()
    return {str(p): (team, worker, ended) for p, team, worker, ended in rows}


def _with_allocations(
    con: duckdb.DuckDBPyConnection,
    columns: tuple[str, ...],
    rows: list[tuple[Any, ...]],
    day: date,
) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    at = columns.index("person_id")
    found = allocations(con, sorted({str(r[at]) for r in rows if r[at] is not None}), day)
    blank = (None, None, None)
    return (*columns, *ALLOCATION), [
        (*r, *(blank if r[at] is None else found.get(str(r[at]), blank))) for r in rows
    ]


def _without_person(
    columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """A workforce listing's rows are workers or posts: its person_id column is always empty."""
    at = columns.index("person_id")
    return columns[:at] + columns[at + 1 :], [r[:at] + r[at + 1 :] for r in rows]
