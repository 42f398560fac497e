"""Figures by team and by service: the results_by_team table.

An indicator whose records say which team a subject belongs to (its YAML ``team:``; its SQL's
``team_id`` column) is also kept per team and per service ("performance is reported and
monitored at service and team level", seed 000). The month pass groups the same subject rows by
team as well as by period (engine._grouped) into the ``passes.period_sums`` table, so the teams add up
to the borough's figure exactly: every subject row counts under one team, or under "No team
recorded". A service is the sum of its teams (ssd_department's dept_team_parent_name; "No
service recorded" for a team it does not name). Longer periods are built from the months as the
borough's are (periods.py, build.py): a flow adds its months, a snapshot takes its last month, and an
indicator evaluated for every period (aggregate: recompute), or a week, is its own. Values,
targets and RAG ratings follow the borough's rules (build.py's ``rag`` macro is rag.rag in SQL,
and a test holds them equal); process limits and signals are the borough's only: a team's months are
too few and too small to read special causes into. A unit with no subjects in a period has no
row there, rather than a 0 out of 0.

All of it is SQL over the month pass's sums, which stay in DuckDB: a borough has some 240,000
unit-periods, too many to build row by row in Python within the compute's second.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import duckdb

from csc_insight.indicators import build
from csc_insight.indicators.catalogue import Indicator

NO_TEAM = "No team recorded"
NO_SERVICE = "No service recorded"

DDL = """CREATE TABLE IF NOT EXISTS results_by_team (
    indicator_id VARCHAR, period_id VARCHAR, period_type VARCHAR, period_start DATE, period_end DATE,
    level VARCHAR, team_id VARCHAR, name VARCHAR, service VARCHAR,
    value DOUBLE, numerator DOUBLE, denominator DOUBLE, subjects BIGINT,
    target DOUBLE, rag VARCHAR, full_history BOOLEAN, computed_at TIMESTAMP)"""

#: Every team the passes found (``unit``), and every service, numbered; a team's service's number
#: (``service_unit``). The figures are built by number and named at the end: adding 280,000 joined
#: months up to their periods by six names (the indicator's, the period's, the team's id, name,
#: service and level) took 0.04 s, by three numbers 0.013 s.
_UNITS = f"""CREATE OR REPLACE TEMP TABLE _team_units AS
WITH departments AS (
    SELECT dept_team_id, any_value(dept_team_name) AS dept_team_name,
           any_value(dept_team_parent_name) AS dept_team_parent_name
    FROM ssd_department GROUP BY dept_team_id),
named AS (
    SELECT s.team_id,
           CASE WHEN s.team_id IS NULL THEN '{NO_TEAM}'
                ELSE coalesce(d.dept_team_name, s.team_id) END AS name,
           coalesce(d.dept_team_parent_name, '{NO_SERVICE}') AS service
    FROM (SELECT DISTINCT team_id FROM {build.SUMS} WHERE NOT whole) s
    LEFT JOIN departments d ON d.dept_team_id = s.team_id),
numbered AS (
    SELECT row_number() OVER () AS unit, * FROM (
        SELECT 'team' AS level, team_id, name, service FROM named
        UNION ALL
        SELECT DISTINCT 'service', NULL, service, service FROM named))
SELECT u.*, s.unit AS service_unit
FROM numbered u JOIN numbered s ON s.level = 'service' AND s.name = u.service"""

# Indicators (_unit_inds.k), periods (_unit_periods.pos) and units (_team_units.unit) by
# number throughout; their names joined at the end.
_BUILD = f"""
WITH by_team AS (
    SELECT i.k, p.pos, t.unit, t.service_unit, s.numerator, s.denominator, s.subjects
    FROM {build.SUMS} s
    JOIN _unit_inds i USING (indicator_id)
    JOIN _unit_periods p USING (period_id)
    JOIN _team_units t ON t.level = 'team' AND t.team_id IS NOT DISTINCT FROM s.team_id
    WHERE NOT s.whole),
units AS (
    SELECT k, pos, unit, numerator, denominator, subjects FROM by_team
    UNION ALL
    -- Sums of fractions (FTEs) rounded as the engine rounds the borough's: the order DuckDB adds
    -- them in must not move the last bits, nor a RAG rating.
    SELECT k, pos, service_unit, round(sum(numerator), 9), round(sum(denominator), 9),
           sum(subjects)
    FROM by_team GROUP BY k, pos, service_unit),
-- Each unit's sums for every period: its own (a month, a week, a recomputed period), the sum
-- of its months (a flow), or its last month (a snapshot).
built AS (
    SELECT u.* FROM units u JOIN _unit_periods p USING (pos) JOIN _unit_inds i USING (k)
    WHERE p.period_type IN ('month', 'week') OR i.aggregate = 'recompute'
    UNION ALL
    SELECT u.k, m.period_pos, u.unit, round(sum(u.numerator), 9), round(sum(u.denominator), 9),
           sum(u.subjects)
    FROM units u
    JOIN _unit_inds i USING (k)
    JOIN _period_months m ON m.month_pos = u.pos
    WHERE i.aggregate = 'sum'
    GROUP BY u.k, m.period_pos, u.unit
    UNION ALL
    SELECT u.k, m.period_pos, u.unit, u.numerator, u.denominator, u.subjects
    FROM units u
    JOIN _unit_inds i USING (k)
    JOIN _period_months m ON m.month_pos = u.pos AND m.last
    WHERE i.aggregate = 'latest'),
valued AS (
    SELECT b.*, i.indicator_id, i.polarity, i.has_denominator, p.period_id, p.period_type,
           p.period_start, p.period_end,
           CASE WHEN NOT i.has_denominator THEN b.numerator
                WHEN coalesce(b.denominator, 0) = 0 THEN NULL
                ELSE i.scale * b.numerator / b.denominator END AS value,
           CASE WHEN p.period_type = 'week' AND NOT i.has_denominator THEN NULL
                ELSE t.target END AS target,
           coalesce(t.tolerance, i.tolerance) AS tolerance,
           i.complete_from IS NULL OR p.period_start >= i.complete_from AS full_history
    FROM built b
    JOIN _unit_periods p USING (pos)
    JOIN _unit_inds i USING (k)
    LEFT JOIN _unit_targets t ON t.indicator_id = i.indicator_id AND t.fy = p.fy
    WHERE b.subjects > 0)
SELECT v.indicator_id, v.period_id, v.period_type, v.period_start, v.period_end, n.level,
       n.team_id, n.name, n.service, v.value, v.numerator,
       CASE WHEN v.has_denominator THEN v.denominator END, v.subjects, v.target,
       rag(v.value, v.target, v.polarity, v.tolerance), v.full_history, $computed_at
FROM valued v JOIN _team_units n USING (unit)
"""


def write(
    con: duckdb.DuckDBPyConnection,
    inds: Sequence[Indicator],
    computed_at: datetime,
    only: list[str] | None,
) -> None:
    """Replace results_by_team's rows (those of ``only``'s indicators) with ``inds``' rows, built
    from the teams' rows of ``passes.period_sums`` over the units build.units() made (the teams
    and services numbered first, in ``_team_units``), inside the caller's transaction. Built
    straight into the table: built beside it first (on a cursor of its own, while the borough's
    were built) and then copied, the rows were written twice, and the second writing was most of
    the cost. (Measured too, and no faster: the old rows dropped with the table rather than
    deleted, the rows sorted first, each unit's longer periods added up by window functions over
    its months rather than by joining them to their periods.)"""
    con.execute(DDL)
    con.execute(
        "DELETE FROM results_by_team"
        + (" WHERE indicator_id IN (SELECT unnest(?))" if only else ""),
        [only] if only else [],
    )
    if not inds:
        return
    con.execute(_UNITS)
    # The units may hold every indicator (the borough's): only those with teams have teams'
    # rows in the sums.
    con.execute(f"INSERT INTO results_by_team {_BUILD}", {"computed_at": computed_at})
