"""Figures by team and by service: the results_by_team table.

An indicator whose records say which team a subject belongs to (its YAML ``team:``; its SQL's
``team_id`` column) is also kept per team and per service ("performance is reported and
monitored at service and team level", seed 000). The month pass groups the same subject rows by
team as well as by period (engine._grouped) into the ``team_months`` table, so the teams add up
to the borough's figure exactly: every subject row counts under one team, or under "No team
recorded". A service is the sum of its teams (ssd_department's dept_team_parent_name; "No
service recorded" for a team it does not name). Longer periods are built from the months as the
borough's are (periods.py): a flow adds its months, a snapshot takes its last month, and an
indicator evaluated for every period (aggregate: recompute), or a week, is its own. Values,
targets and RAG ratings follow the borough's rules (the ``rag`` macro is rag.rag in SQL, and a
test holds them equal); process limits and signals are the borough's only: a team's months are
too few and too small to read special causes into. A unit with no subjects in a period has no
row there, rather than a 0 out of 0.

All of it is SQL over the month pass's sums, which stay in DuckDB: a borough has some 240,000
unit-periods, too many to build row by row in Python within the compute's second.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import duckdb

from csc_insight.indicators import catalogue, periods
from csc_insight.indicators.catalogue import Indicator

NO_TEAM = "No team recorded"
NO_SERVICE = "No service recorded"

DDL = """CREATE TABLE IF NOT EXISTS results_by_team (
    indicator_id VARCHAR, period_id VARCHAR, period_type VARCHAR, period_start DATE, period_end DATE,
    level VARCHAR, team_id VARCHAR, name VARCHAR, service VARCHAR,
    value DOUBLE, numerator DOUBLE, denominator DOUBLE, subjects BIGINT,
    target DOUBLE, rag VARCHAR, full_history BOOLEAN, computed_at TIMESTAMP)"""

#: rag.rag as a DuckDB macro: the same rule, for every unit-period at once.
RAG_MACRO = """CREATE OR REPLACE TEMP MACRO rag(value, target, polarity, tolerance) AS CASE
    WHEN value IS NULL OR target IS NULL OR polarity = 'none' THEN 'Grey'
    WHEN polarity = 'BIB' AND value >= target THEN 'Green'
    WHEN polarity = 'BIB' AND value >= target - abs(target) * tolerance THEN 'Amber'
    WHEN polarity = 'BIB' THEN 'Red'
    WHEN value <= target THEN 'Green'
    WHEN value <= target + abs(target) * tolerance THEN 'Amber'
    ELSE 'Red' END"""

#: The financial year label of a day (financial_year.label) as a DuckDB macro.
FY_MACRO = """CREATE OR REPLACE TEMP MACRO fy_label(d) AS
    format('{}-{:02d}', year(d) - (month(d) < 4)::INTEGER, (year(d) - (month(d) < 4)::INTEGER + 1) % 100)"""

_BUILD = f"""
WITH named AS (
    SELECT m.indicator_id, m.period_id, m.team_id,
           CASE WHEN m.team_id IS NULL THEN '{NO_TEAM}' ELSE coalesce(d.dept_team_name, m.team_id) END AS name,
           coalesce(d.dept_team_parent_name, '{NO_SERVICE}') AS service,
           m.numerator, m.denominator, m.subjects
    FROM team_months m LEFT JOIN _departments d ON d.dept_team_id = m.team_id),
units AS (
    SELECT indicator_id, period_id, 'team' AS level, team_id, name, service,
           numerator, denominator, subjects FROM named
    UNION ALL
    -- Sums of fractions (FTEs) rounded as the engine rounds the borough's: the order DuckDB adds
    -- them in must not move the last bits, nor a RAG rating.
    SELECT indicator_id, period_id, 'service', NULL, service, service,
           round(sum(numerator), 9), round(sum(denominator), 9), sum(subjects)
    FROM named GROUP BY ALL),
-- Each unit's sums for every period: its own (a month, a week, a recomputed period), the sum
-- of its months (a flow), or its last month (a snapshot).
own AS (
    SELECT u.*, p.period_id AS pid FROM units u JOIN _unit_periods p USING (period_id)
    JOIN _unit_inds i USING (indicator_id)
    WHERE p.period_type IN ('month', 'week') OR i.aggregate = 'recompute'),
built AS (
    SELECT indicator_id, pid, level, team_id, name, service, numerator, denominator, subjects
    FROM own
    UNION ALL
    SELECT u.indicator_id, p.period_id, u.level, u.team_id, u.name, u.service,
           round(sum(u.numerator), 9), round(sum(u.denominator), 9), sum(u.subjects)
    FROM units u
    JOIN _unit_inds i USING (indicator_id)
    JOIN _unit_periods m ON m.period_id = u.period_id AND m.period_type = 'month'
    JOIN _unit_periods p ON p.period_type NOT IN ('month', 'week')
     AND m.period_start >= p.period_start AND m.period_end <= p.period_end
    WHERE i.aggregate = 'sum'
    GROUP BY ALL
    UNION ALL
    SELECT u.indicator_id, p.period_id, u.level, u.team_id, u.name, u.service,
           u.numerator, u.denominator, u.subjects
    FROM units u
    JOIN _unit_inds i USING (indicator_id)
    JOIN _unit_periods m ON m.period_id = u.period_id AND m.period_type = 'month'
    JOIN _unit_periods p ON p.period_type NOT IN ('month', 'week') AND p.period_end = m.period_end
    WHERE i.aggregate = 'latest'),
valued AS (
    SELECT b.*, p.period_type, p.period_start, p.period_end, i.polarity,
           CASE WHEN NOT i.has_denominator THEN b.numerator
                WHEN coalesce(b.denominator, 0) = 0 THEN NULL
                ELSE i.scale * b.numerator / b.denominator END AS value,
           CASE WHEN p.period_type = 'week' AND NOT i.has_denominator THEN NULL
                ELSE t.target END AS target,
           coalesce(t.tolerance, i.tolerance) AS tolerance,
           i.complete_from IS NULL OR p.period_start >= i.complete_from AS full_history
    FROM built b
    JOIN _unit_periods p ON p.period_id = b.pid
    JOIN _unit_inds i USING (indicator_id)
    LEFT JOIN _unit_targets t ON t.indicator_id = b.indicator_id AND t.fy = fy_label(p.period_end)
    WHERE b.subjects > 0)
SELECT indicator_id, pid, period_type, period_start, period_end, level, team_id, name, service,
       value, numerator, CASE WHEN has_den THEN denominator END, subjects, target,
       rag(value, target, polarity, tolerance), full_history, $computed_at
FROM valued JOIN (SELECT indicator_id, has_denominator AS has_den FROM _unit_inds) USING (indicator_id)
"""


def write(
    con: duckdb.DuckDBPyConnection,
    inds: Sequence[Indicator],
    every: Sequence[periods.Period],
    history_from: date | None,
    computed_at: datetime,
    only: list[str] | None,
) -> None:
    """Replace results_by_team's rows (those of ``only``'s indicators) from ``team_months``,
    inside the caller's transaction. ``every``: every period computed, weeks included."""
    from csc_insight.indicators.engine import full_history_from

    con.execute(DDL)
    con.execute(
        "DELETE FROM results_by_team"
        + (" WHERE indicator_id IN (SELECT unnest(?))" if only else ""),
        [only] if only else [],
    )
    if not inds:
        return
    con.execute(RAG_MACRO)
    con.execute(FY_MACRO)
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _departments AS
           SELECT dept_team_id, any_value(dept_team_name) AS dept_team_name,
                  any_value(dept_team_parent_name) AS dept_team_parent_name
           FROM ssd_department GROUP BY dept_team_id"""
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _unit_periods AS SELECT
           unnest($1) AS period_id, unnest($2) AS period_type,
           unnest($3::DATE[]) AS period_start, unnest($4::DATE[]) AS period_end""",
        periods.columns(list(every)),
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _unit_inds AS SELECT
           unnest($1) AS indicator_id, unnest($2) AS aggregate, unnest($3) AS has_denominator,
           unnest($4::DOUBLE[]) AS scale, unnest($5) AS polarity,
           unnest($6::DOUBLE[]) AS tolerance, unnest($7::DATE[]) AS complete_from""",
        [
            [i.id for i in inds],
            [i.aggregate for i in inds],
            [i.has_denominator for i in inds],
            [catalogue.SCALE.get(i.unit, 1.0) for i in inds],
            [i.polarity for i in inds],
            [i.tolerance for i in inds],
            [full_history_from(i, history_from) for i in inds],
        ],
    )
    targets = [(i.id, fy, v, i.tolerance_for(fy)) for i in inds for fy, v in i.targets.items()]
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _unit_targets (
           indicator_id VARCHAR, fy VARCHAR, target DOUBLE, tolerance DOUBLE)"""
    )
    if targets:
        con.execute(
            """INSERT INTO _unit_targets SELECT unnest($1::VARCHAR[]), unnest($2::VARCHAR[]),
               unnest($3::DOUBLE[]), unnest($4::DOUBLE[])""",
            [[t[k] for t in targets] for k in range(4)],
        )
    con.execute(f"INSERT INTO results_by_team {_BUILD}", {"computed_at": computed_at})
