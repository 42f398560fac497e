"""`csc show`: one indicator's figure for a period, with its definition."""

from __future__ import annotations

import os

from csc_insight.errors import CscError
from csc_insight.indicators import catalogue
from csc_insight.indicators.reference import PARTS, POLARITY
from csc_insight.reports import formatting
from csc_insight.store import db
from csc_insight.store.sql import table_exists


def show_text(
    indicator: str, period: str | None, store: str | os.PathLike[str] | None = None
) -> str:
    ind = catalogue.get(indicator)
    con = db.connect(store, read_only=True)
    try:
        if not table_exists(con, "results"):
            raise CscError("no results yet: run `csc compute`")
        if period is None:
            rows = con.execute(
                "SELECT max(period_id) FROM results WHERE indicator_id = ? AND period_type = 'month'",
                [ind.id],
            ).fetchall()
            period = rows[0][0] if rows else None
        found = con.execute(
            """SELECT period_id, period_start, period_end, value, numerator, denominator, subjects, target, rag,
                      signal, assurance, spc_centre, spc_lower, spc_upper
               FROM results WHERE indicator_id = ? AND period_id = ?""",
            [ind.id, period],
        ).fetchall()
    finally:
        con.close()
    if not found:
        raise CscError(
            f"no result for {ind.id} in period {period!r} (run `csc compute`; periods look like 2021-03, 2020-21, '2020-21 Q4')"
        )
    (
        pid,
        start,
        end,
        value,
        num,
        den,
        subjects,
        target,
        rag,
        signal,
        assurance,
        centre,
        lower,
        upper,
    ) = found[0]
    lines = [
        f"{ind.id}: {ind.title}",
        f"Period:      {pid} ({start:%d/%m/%Y} to {end:%d/%m/%Y})",
        f"Value:       {formatting.value(value, ind.unit, against=target)}",
    ]
    if ind.unit != "count":
        lines.append(
            f"Numerator:   {num:,.1f}".rstrip("0").rstrip(".")
            + f"   Denominator: {den if den is None else f'{den:,.1f}'.rstrip('0').rstrip('.')}"
        )
    lines.append(f"Subjects:    {subjects:,} {ind.subject}(s)")
    lines.append(
        f"Target:      {'none' if target is None else formatting.value(target, ind.unit)}   RAG: {rag}   Polarity: {POLARITY[ind.polarity]}"
    )
    if signal is not None:
        limits = (
            "" if centre is None else f" (centre {centre:.1f}, limits {lower:.1f} to {upper:.1f})"
        )
        lines.append(f"Signal:      {signal}; target: {assurance}{limits}")
    lines.append(f"Owner:       {ind.owner or 'not set'}")
    lines.append("")
    for key, label in PARTS.items():
        lines.append(f"{label}: {ind.definition.get(key, '')}")
    return "\n".join(lines)
