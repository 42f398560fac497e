"""A one-screen summary of the latest month: each indicator's figure, target, RAG and signal."""

from __future__ import annotations

import os
from dataclasses import dataclass

from csc_insight.indicators import catalogue
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
    con = db.connect(store, read_only=True)
    try:
        month = con.execute(
            "SELECT max(period_id) FROM results WHERE period_type = 'month'"
        ).fetchall()[0][0]
        rows = con.execute(
            """SELECT m.indicator_id, coalesce(y.value, m.value), coalesce(y.target, m.target),
                      coalesce(y.rag, m.rag), m.signal
               FROM results m LEFT JOIN results y
                 ON y.indicator_id = m.indicator_id AND y.period_type = 'fytd' AND y.period_end = m.period_end
               WHERE m.period_type = 'month' AND m.period_id = ?""",
            [month],
        ).fetchall()
    finally:
        con.close()
    found = {r[0]: r[1:] for r in rows}
    lines = []
    for ind in catalogue.load():
        if ind.id not in found:
            continue
        value, target, rag, signal = found[ind.id]
        lines.append(
            Line(
                ind.id,
                ind.title,
                formatting.value(value, ind.unit, against=target),
                formatting.target(target, ind.unit),
                rag,
                signal or "",
            )
        )
    return month, lines
