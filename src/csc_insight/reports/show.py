"""`csc show`: one indicator's figure for a period, with its definition, as text."""

from __future__ import annotations

import os

from csc_insight.errors import CscError
from csc_insight.indicators import catalogue, children, provenance, results
from csc_insight.indicators.reference import PARTS, POLARITY
from csc_insight.reports import formatting
from csc_insight.store import db
from csc_insight.store.sql import table_exists


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
    if r.numerator is None:  # empty_month: missing, and a month of the period has no entry
        lines[-1] += "none: not entered for every month of the period (no figure, not 0)"
    if not r.full_history:
        lines.append(
            f"History:     incomplete: the measure looks back {ind.history_months} month(s) and "
            "the store does not hold them all for this period, so the figure may be too low or "
            "too high; it has no signal and is left out of the process limits"
        )
    if ind.has_denominator:
        lines.append(
            f"Numerator:   {formatting.count(r.numerator)}   Denominator: {formatting.count(r.denominator)}"
        )
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
    behind = "children" if children.about_children(ind) else "records"
    lines.append(
        f"The {behind} behind it: csc children {_quoted(ind.id)} --period {_quoted(p.period_id)}"
    )
    return "\n".join(lines)


def by_unit_text(
    indicator: str,
    period: str | None,
    level: str,
    store: str | os.PathLike[str] | None = None,
) -> str:
    """One indicator's figure for a period by service or by team, with the borough's beneath:
    the rows add up to it (see indicators/teams.py)."""
    ind = catalogue.get(indicator)
    if not ind.team:
        with_teams = [i.id for i in catalogue.load() if i.team]
        raise CscError(
            f"{ind.id} has no figures by team: its records do not say which team each "
            f"{ind.subject} belongs to. Those that have: {', '.join(with_teams)}"
        )
    con = db.open_existing(store)
    try:
        results.require_results(con)
        provenance.require_fresh(con, [ind.id])
        p = results.resolve_period(con, period)
        whole = results.figure(con, ind, p)
        rows = (
            con.execute(
                """SELECT name, service, value, numerator, denominator, subjects, rag
                   FROM results_by_team WHERE indicator_id = ? AND period_id = ? AND level = ?
                   ORDER BY service, name""",
                [ind.id, p.period_id, level],
            ).fetchall()
            if table_exists(con, "results_by_team")
            else []
        )
    finally:
        con.close()
    if not rows:
        raise CscError(
            f"no figures by {level} for {ind.id} in {p.period_id}: none had a subject then, or "
            "the results were computed with --no-teams (run `csc compute`)"
        )
    head = ["Service" if level == "service" else "Team", "Value"]
    if ind.has_denominator:
        head += ["Numerator", "Denominator"]
    head.append("RAG")

    def line(
        label: str, value: float | None, num: float | None, den: float | None, rag: str
    ) -> list[str]:
        counts = [formatting.count(num), formatting.count(den)] if ind.has_denominator else []
        return [label, formatting.value(value, ind.unit), *counts, rag]

    table = [
        line(name if level == "service" else f"{name} ({service})", value, num, den, rag)
        for name, service, value, num, den, _subjects, rag in rows
    ]
    table.append(
        line("Whole authority", whole.value, whole.numerator, whole.denominator, whole.rag)
    )
    widths = [max(len(str(r[i])) for r in [head, *table]) for i in range(len(head))]
    lines = [
        f"{ind.id}: {ind.short_title or ind.title}, {p.period_id}, by {level}",
        f"Team: {ind.team}",
        "",
    ]
    for n, r in enumerate([head, *table]):
        if n == len(table):
            lines.append("  ".join("-" * w for w in widths))
        lines.append(
            "  ".join(
                str(c).ljust(w) if i == 0 else str(c).rjust(w)
                for i, (c, w) in enumerate(zip(r, widths, strict=True))
            ).rstrip()
        )
    return "\n".join(lines)


def _quoted(text: str) -> str:
    return f'"{text}"' if " " in text else text
