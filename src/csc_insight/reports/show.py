"""`csc show`: one indicator's figure for a period, with its definition, as text."""

from __future__ import annotations

import os

from csc_insight.indicators import catalogue, provenance, results
from csc_insight.indicators.reference import PARTS, POLARITY
from csc_insight.reports import formatting
from csc_insight.store import db


def show_text(
    indicator: str, period: str | None, store: str | os.PathLike[str] | None = None
) -> str:
    ind = catalogue.get(indicator)
    con = db.open_existing(store)
    try:
        results.require_results(con)
        provenance.require_fresh(con, [ind.id])
        p = results.resolve_period(con, period)
        r = results.figure(con, ind, p)
    finally:
        con.close()
    lines = [
        f"{ind.id}: {ind.title}",
        f"Period:      {p.period_id} ({p.period_start:%d/%m/%Y} to {p.period_end:%d/%m/%Y})",
        f"Value:       {formatting.value(r.value, ind.unit, against=r.target)}",
    ]
    if not r.full_history:
        lines.append(
            f"History:     incomplete: the measure looks back {ind.history_months} month(s) and "
            "the store does not hold them all for this period, so the figure may be too low or "
            "too high; it has no signal and is left out of the process limits"
        )
    if ind.unit != "count":
        lines.append(f"Numerator:   {_count(r.numerator)}   Denominator: {_count(r.denominator)}")
    lines.append(f"Subjects:    {r.subjects:,} {ind.subject}(s)")
    target = "none" if r.target is None else formatting.value(r.target, ind.unit)
    lines.append(f"Target:      {target}   RAG: {r.rag}   Polarity: {POLARITY[ind.polarity]}")
    if r.signal is not None:
        limits = (
            ""
            if r.limits is None
            else f" (centre {r.limits[0]:.1f}, limits {r.limits[1]:.1f} to {r.limits[2]:.1f})"
        )
        lines.append(f"Signal:      {r.signal}; target: {r.assurance}{limits}")
    lines.append(f"Owner:       {ind.owner or 'not set'}")
    lines.append(f"Computed:    {r.computed_at:%d/%m/%Y %H:%M}")
    lines.append("")
    for key, label in PARTS.items():
        lines.append(f"{label}: {ind.definition.get(key, '')}")
    lines.append("")
    lines.append(
        f"The children behind it: csc children {_quoted(ind.id)} --period {_quoted(p.period_id)}"
    )
    return "\n".join(lines)


def _count(x: float | None) -> str:
    return "none" if x is None else f"{x:,.1f}".rstrip("0").rstrip(".")


def _quoted(text: str) -> str:
    return f'"{text}"' if " " in text else text
