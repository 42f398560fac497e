"""The monthly education figures as `csc compute` left them in the store's results.

The council's monthly education measures are indicators of the catalogue (area education,
indicators/catalogue/education.yaml): `csc ingest` loads the template's Monthly figures sheet
into ext_education_figures and `csc compute` makes their results as it does every indicator's.
The education section of the pack and the Education page read them here, as MonthlyFigure
records, so their tables are drawn by education/tables.py as before. A measure's months run
from the first month entered for it to the last month computed; a month there without a value
(entered as not published, or not entered) is NOT_PUBLISHED, never 0.
"""

from __future__ import annotations

import duckdb

from csc_insight.education.figures import NOT_PUBLISHED
from csc_insight.education.model import MonthlyFigure, Source
from csc_insight.store.sql import table_exists


def monthly_figures(con: duckdb.DuckDBPyConnection) -> tuple[MonthlyFigure, ...]:
    """The education indicators' month results, from each measure's first entered month (none
    when the store has no results or no education figures)."""
    if not (table_exists(con, "results") and table_exists(con, "ext_education_figures")):
        return ()
    rows = con.execute(
        """SELECT r.indicator_id, r.period_start, r.value, r.computed_at
           FROM results r
           JOIN (SELECT edu_measure_id, min(edu_month) AS first_month
                 FROM ext_education_figures GROUP BY ALL) e
             ON e.edu_measure_id = r.indicator_id
           WHERE r.period_type = 'month' AND r.period_start >= e.first_month
           ORDER BY r.indicator_id, r.period_start"""
    ).fetchall()
    return tuple(
        MonthlyFigure(
            measure,
            month,
            NOT_PUBLISHED if value is None else float(value),
            Source(f"csc compute, {computed_at:%d/%m/%Y %H:%M}"),
        )
        for measure, month, value, computed_at in rows
    )
