"""A one-screen summary of the latest month: each indicator's figure, target, RAG and signal."""

from __future__ import annotations

import os
from dataclasses import dataclass

from csc_insight.indicators import catalogue, results
from csc_insight.reports import formatting
from csc_insight.store import db


@dataclass(frozen=True)
class Line:
    id: str
    title: str
    latest: str
    target: str
    rag: str
    signal: str


def latest_lines(store: str | os.PathLike[str] | None = None) -> tuple[str, list[Line]]:
    """(report month, one line per indicator) using the financial year to date for flows."""
    con = db.open_existing(store)
    try:
        month = results.resolve_period(con, None)
        found: dict[str, dict[str, results.Result]] = {}
        for r in results.at_month_end(con, month.period_end):
            found.setdefault(r.indicator_id, {})[r.period.period_type] = r
    finally:
        con.close()
    lines = []
    for ind in catalogue.load():
        if ind.id not in found:
            continue
        rows = found[ind.id]
        now = rows["month"]
        shown = rows.get("fytd", now)
        value = formatting.value(shown.value, ind.unit, against=shown.target)
        lines.append(
            Line(
                ind.id,
                ind.short_title,
                value if shown.full_history else value + " (incomplete history)",
                formatting.target(shown.target, ind.unit),
                shown.rag,
                now.signal or ("incomplete history" if not now.full_history else ""),
            )
        )
    return month.period_id, lines
