"""Every period's figures, built in SQL from the passes' sums: the borough's rows of the results
table here, the figures by team and service in teams.py.

The passes (engine.run_passes) leave their sums in ``passes.period_sums``: per indicator and
period, the whole borough's (``whole``) and, for an indicator with teams, each team's. A longer
period is built from them as periods.py says: a flow adds its months, a snapshot takes its last
month; a week, and every period of an indicator evaluated for each (aggregate: recompute), is its
own. The value follows the unit (engine.value_of), the target and tolerance the financial year of
the period's end, the RAG rating rag.rag (the ``rag`` macro, which a test holds equal to it).
Only each month's process limits and signals are drawn in Python (engine._add_signals, a few
thousand months) and joined on.

The borough has a row for every period of every indicator (weeks only for an indicator marked
``weekly``): 0 where nothing happened, or no figure where no figure was given (``empty_month:
missing``, a figure entered by hand). engine.indicator_rows builds the same rows in Python, one
indicator at a time, for the hand-built tests; a test holds the two equal on the tiny borough.
Sums of months are rounded to 9 decimal places in both, as the months themselves are, so the
order DuckDB adds fractions (FTEs) in never moves a figure's last bits, nor a RAG rating.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from itertools import groupby
from typing import TYPE_CHECKING

import duckdb

from csc_insight.indicators import catalogue, periods
from csc_insight.indicators.catalogue import Indicator

if TYPE_CHECKING:
    from csc_insight.indicators.engine import Row

#: The passes' sums: the whole borough's per indicator and period, and each team's. They live in
#: an in-memory database attached for the compute, not in a temporary table, because the figures
#: by team are built from them on a cursor of their own (engine.compute, teams.build_rows) and a
#: temporary table is its cursor's own.
SUMS = "passes.period_sums"
SUMS_DDL = f"""ATTACH IF NOT EXISTS ':memory:' AS passes;
    CREATE OR REPLACE TABLE {SUMS} (
        indicator_id VARCHAR, period_id VARCHAR, whole BOOLEAN, team_id VARCHAR,
        numerator DOUBLE, denominator DOUBLE, subjects BIGINT)"""

#: rag.rag as a DuckDB macro: the same rule, for every period at once.
RAG_MACRO = """CREATE OR REPLACE TEMP MACRO rag(value, target, polarity, tolerance) AS CASE
    WHEN value IS NULL OR target IS NULL OR polarity = 'none' THEN 'Grey'
    WHEN polarity = 'BIB' AND value >= target THEN 'Green'
    WHEN polarity = 'BIB' AND value >= target - abs(target) * tolerance THEN 'Amber'
    WHEN polarity = 'BIB' THEN 'Red'
    WHEN value <= target THEN 'Green'
    WHEN value <= target + abs(target) * tolerance THEN 'Amber'
    ELSE 'Red' END"""

#: engine.value_of in SQL, over columns has_denominator, scale, numerator and denominator.
VALUE = """CASE WHEN NOT has_denominator THEN numerator
         WHEN coalesce(denominator, 0) = 0 THEN NULL
         ELSE scale * numerator / denominator END"""


def add_up_days(con: duckdb.DuckDBPyConnection, made_of_days: Sequence[periods.Period]) -> None:
    """Replace the day pass's sums by those of the periods (months, weeks) made of those days.

    A weekly indicator counts each event on its date alone (catalogue.py checks that its SQL
    reads nothing month-based), so its figure for any run of days is the sum of its days': it is
    evaluated once, by day, and its months and weeks are added up here, where evaluating it for
    the months and again for the weeks read every record twice."""
    # Each period's days, by their ids as periods.days() writes them: listed here in SQL, where
    # making the 3,600 days of a five-year borough's months and weeks in Python took 0.01 s.
    ids, _, starts, ends = periods.columns(list(made_of_days))
    con.execute(
        """CREATE OR REPLACE TABLE passes.day_periods AS
           SELECT strftime(unnest(generate_series(period_start, period_end, INTERVAL 1 DAY)),
                           '%Y-%m-%d') AS day_id, period_id
           FROM (SELECT unnest($1::VARCHAR[]) AS period_id, unnest($2::DATE[]) AS period_start,
                        unnest($3::DATE[]) AS period_end)""",
        [ids, starts, ends],
    )
    con.execute(
        f"""INSERT INTO {SUMS}
            SELECT s.indicator_id, x.period_id, s.whole, s.team_id, round(sum(s.numerator), 9),
                   round(sum(s.denominator), 9), sum(s.subjects)
            FROM {SUMS} s JOIN passes.day_periods x ON x.day_id = s.period_id
            GROUP BY ALL"""
    )
    con.execute(f"DELETE FROM {SUMS} WHERE period_id IN (SELECT day_id FROM passes.day_periods)")


def units(
    con: duckdb.DuckDBPyConnection,
    inds: Sequence[Indicator],
    every: Sequence[periods.Period],
    history_from: date | None,
) -> None:
    """What the builds join to: the periods computed (``_unit_periods``, weeks included, with
    their order), the indicators' rules (``_unit_inds``, in catalogue order) and their targets
    as they stand for each financial year (``_unit_targets``); and the rag macro. A period's
    financial year (``fy``, of its end) is a column, not a format() per row: the targets' join
    was a third of the figures by team."""
    from csc_insight.indicators.engine import full_history_from

    con.execute(RAG_MACRO)
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _unit_periods AS SELECT
           unnest($1) AS period_id, unnest($2) AS period_type,
           unnest($3::DATE[]) AS period_start, unnest($4::DATE[]) AS period_end,
           unnest($5) AS fy, generate_subscripts($1, 1) AS pos""",
        [*periods.columns(list(every)), [periods.fy_label(p.period_end) for p in every]],
    )
    # The months inside each longer period (a quarter, a year, a year to date, twelve months to
    # date), and which is its last: built once here, so the builds join them on positions, not
    # dates.
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _period_months AS
           SELECT p.pos AS period_pos, m.pos AS month_pos, m.period_end = p.period_end AS last
           FROM _unit_periods p JOIN _unit_periods m
             ON m.period_type = 'month' AND p.period_type NOT IN ('month', 'week')
            AND m.period_start >= p.period_start AND m.period_end <= p.period_end"""
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _unit_inds AS SELECT
           unnest($1) AS indicator_id, unnest($2) AS aggregate, unnest($3) AS has_denominator,
           unnest($4::DOUBLE[]) AS scale, unnest($5) AS polarity,
           unnest($6::DOUBLE[]) AS tolerance, unnest($7::DATE[]) AS complete_from,
           unnest($8) AS weekly, unnest($9) AS empty_month, generate_subscripts($1, 1) AS k""",
        [
            [i.id for i in inds],
            [i.aggregate for i in inds],
            [i.has_denominator for i in inds],
            [catalogue.SCALE.get(i.unit, 1.0) for i in inds],
            [i.polarity for i in inds],
            [i.tolerance for i in inds],
            [full_history_from(i, history_from) for i in inds],
            [i.weekly for i in inds],
            [i.empty_month for i in inds],
        ],
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _unit_targets (
           indicator_id VARCHAR, fy VARCHAR, target DOUBLE, tolerance DOUBLE)"""
    )
    targets = [(i.id, fy, v, i.tolerance_for(fy)) for i in inds for fy, v in i.targets.items()]
    if targets:
        con.execute(
            """INSERT INTO _unit_targets SELECT unnest($1::VARCHAR[]), unnest($2::VARCHAR[]),
               unnest($3::DOUBLE[]), unnest($4::DOUBLE[])""",
            [[t[k] for t in targets] for k in range(4)],
        )


# A period's own sums; a longer period's, added up from its months or its last month's. Where
# none were found: 0 (and 0 out of 0), as engine.indicator_rows, or no figure at all for an
# indicator whose empty months are missing figures (empty_month: missing), which a longer
# period missing any of its months has not either. The sums are joined to the indicators and
# periods by number (_unit_inds.k, _unit_periods.pos): by name, the build took a tenth longer.
_BOROUGH = f"""
WITH grid AS (
    SELECT i.*, p.* FROM _unit_inds i JOIN _unit_periods p ON p.period_type <> 'week' OR i.weekly),
whole AS (
    SELECT i.k, p.pos, s.numerator, s.denominator, s.subjects
    FROM {SUMS} s JOIN _unit_inds i USING (indicator_id) JOIN _unit_periods p USING (period_id)
    WHERE s.whole),
own AS (
    SELECT g.k, g.pos, w.numerator, w.denominator, w.subjects, w.k IS NOT NULL AS found
    FROM grid g LEFT JOIN whole w USING (k, pos)
    WHERE g.period_type IN ('month', 'week') OR g.aggregate = 'recompute'),
added AS (
    SELECT g.k, g.pos, round(coalesce(sum(w.numerator), 0), 9),
           round(coalesce(sum(coalesce(w.denominator, 0)), 0), 9), coalesce(sum(w.subjects), 0),
           g.empty_month = 'zero' OR bool_and(w.k IS NOT NULL)
    FROM grid g
    JOIN _period_months m ON m.period_pos = g.pos
    LEFT JOIN whole w ON w.k = g.k AND w.pos = m.month_pos
    WHERE g.aggregate = 'sum'
    GROUP BY g.k, g.pos, g.empty_month),
last_month AS (
    SELECT g.k, g.pos, w.numerator, w.denominator, w.subjects, w.k IS NOT NULL
    FROM grid g
    JOIN _period_months m ON m.period_pos = g.pos AND m.last
    LEFT JOIN whole w ON w.k = g.k AND w.pos = m.month_pos
    WHERE g.aggregate = 'latest'),
sums AS (
    SELECT * FROM own UNION ALL SELECT * FROM added UNION ALL SELECT * FROM last_month),
filled AS (
    SELECT g.*,
           CASE WHEN s.found THEN s.numerator WHEN g.empty_month = 'zero' THEN 0 END
               AS numerator,
           CASE WHEN NOT g.has_denominator THEN NULL
                WHEN s.found THEN s.denominator WHEN g.empty_month = 'zero' THEN 0 END
               AS denominator,
           coalesce(s.subjects, 0) AS subjects  -- a period missing a month: those of the others
    FROM grid g JOIN sums s USING (k, pos)),
valued AS (
    SELECT f.*, {VALUE} AS value,
           CASE WHEN f.period_type = 'week' AND NOT f.has_denominator THEN NULL
                ELSE t.target END AS target,
           coalesce(t.tolerance, f.tolerance) AS rated_tolerance
    FROM filled f
    LEFT JOIN _unit_targets t ON t.indicator_id = f.indicator_id AND t.fy = f.fy)
SELECT k, pos, indicator_id, period_id, period_type, period_start, period_end, value, numerator,
       denominator, subjects, target, rag(value, target, polarity, rated_tolerance) AS rag,
       complete_from IS NULL OR period_start >= complete_from AS full_history
FROM valued
"""


#: A month's month row as borough_rows() gives it to process_views(): indicator_id,
#: period_id, period_start, period_end, value, target, full_history.
MonthRow = tuple[str, str, date, date, float | None, float | None, bool]


def borough_rows(con: duckdb.DuckDBPyConnection, inds: Sequence[Indicator]) -> list[MonthRow]:
    """Build the borough's rows for ``inds`` from ``passes.period_sums`` and the units (see
    units()) into the temporary ``_borough``; returns its months, in order, for
    process_views()."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE _borough AS {_BOROUGH}")
    return con.execute(
        """SELECT indicator_id, period_id, period_start, period_end, value, target, full_history
           FROM _borough WHERE period_type = 'month' ORDER BY k, pos"""
    ).fetchall()


def process_views(inds: Sequence[Indicator], months: list[MonthRow]) -> list[Row]:
    """Each month's process view, drawn over the series to date (engine.add_signals_many): the
    month rows that have one. Python alone, touching no connection, so the compute runs it
    in a thread while DuckDB writes the figures by team."""
    from csc_insight.indicators.engine import Row, add_signals_many

    by_id = {i.id: i for i in inds}
    charts: list[tuple[Indicator, list[Row]]] = []
    for ident, group in groupby(months, key=lambda m: m[0]):
        rows = []
        for _, pid, start, end, value, target, full in group:
            row = Row(ident, periods.Period(pid, "month", start, end), 0.0, None, 0)
            row.value, row.target, row.full_history = value, target, full
            rows.append(row)
        charts.append((by_id[ident], rows))
    add_signals_many(charts)
    return [r for _, rows in charts for r in rows if r.signal or r.assurance or r.limits]


def write_borough(con: duckdb.DuckDBPyConnection, drawn: list[Row], computed_at: datetime) -> int:
    """Insert the rows borough_rows() built, with the process views ``drawn``, into
    ``results`` (the caller has emptied them, in its transaction); returns how many."""
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _spc AS SELECT
           unnest($1::VARCHAR[]) AS indicator_id, unnest($2::VARCHAR[]) AS period_id,
           unnest($3::VARCHAR[]) AS signal, unnest($4::VARCHAR[]) AS assurance,
           unnest($5::DOUBLE[]) AS centre, unnest($6::DOUBLE[]) AS lower,
           unnest($7::DOUBLE[]) AS upper, unnest($8::VARCHAR[]) AS special_causes""",
        [
            [r.indicator_id for r in drawn],
            [r.period.period_id for r in drawn],
            [r.signal for r in drawn],
            [r.assurance for r in drawn],
            *([r.limits[k] if r.limits else None for r in drawn] for k in range(3)),
            [r.special_causes for r in drawn],
        ],
    )
    con.execute(
        """INSERT INTO results
           SELECT b.indicator_id, b.period_id, b.period_type, b.period_start, b.period_end,
                  b.value, b.numerator, b.denominator, b.subjects, b.target, b.rag,
                  s.signal, s.assurance, s.centre, s.lower, s.upper, b.full_history,
                  s.special_causes, $1
           FROM _borough b LEFT JOIN _spc s USING (indicator_id, period_id)
           ORDER BY b.k, b.pos""",
        [computed_at],
    )
    (n,) = con.execute("SELECT count(*) FROM _borough").fetchone() or (0,)
    con.execute("DROP TABLE _borough")
    con.execute("DROP TABLE _spc")
    return int(n)
