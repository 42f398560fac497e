"""Whether a saving's guardrails hold: each guardrail indicator's monthly figures, as the results
table holds them (``csc compute`` wrote them; nothing is recomputed here), judged month by month.

A guardrail at a month is:

- **breached** when its value is beyond its threshold (``at most 22``: above 22; ``at least``:
  below), or, for a *no adverse signal* guardrail, when the indicator is rated Red;
- **watch** when, for a *no adverse signal* guardrail, the indicator's process signal is a
  concerning special cause (``deteriorating``: spc.py);
- **no figure** when the results hold no row for the indicator in that month (not computed, or
  not in the catalogue the results came from) or a row with no value (a figure not entered):
  reported as such, never passed as holding;
- **holds** otherwise.

A project's guardrail status at a month is the worst of its guardrails', in the order breached,
watch, no figure, holds; a project without guardrails has none. "With the months that changed
it": each guardrail's and each project's status is worked out for every month the results hold
up to the as-at month, and every month whose status differs from the month before is listed
with both statuses and why.

The caller makes sure the results are up to date (``provenance.require_fresh``), as every view
does; ``from_store`` does it for a store on disk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Literal

import duckdb

from csc_insight.delivery.model import Guardrail
from csc_insight.errors import CscError
from csc_insight.indicators import catalogue, results
from csc_insight.reports import formatting

Status = Literal["holds", "watch", "breached", "no figure"]
#: Worst first: a project's status is the first of these any of its guardrails has.
WORST_FIRST: tuple[Status, ...] = ("breached", "watch", "no figure", "holds")
#: The SPC signal that puts a guardrail on watch.
CONCERNING = "deteriorating"


@dataclass(frozen=True)
class Point:
    """One month of an indicator as the results table holds it."""

    month: str  # 2021-03
    value: float | None
    rag: str
    signal: str | None


@dataclass(frozen=True)
class Change:
    month: str
    before: Status
    after: Status
    why: str


@dataclass(frozen=True)
class GuardrailCheck:
    guardrail: Guardrail
    month: str
    status: Status
    why: str
    value: float | None
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class ProjectGuardrails:
    project: str
    month: str
    status: Status | None  # None: the project has no guardrails
    checks: tuple[GuardrailCheck, ...]
    changes: tuple[Change, ...]


def judge(g: Guardrail, point: Point | None, month: str) -> tuple[Status, str]:
    """One guardrail at one month, and why."""
    if point is None:
        return "no figure", f"{g.indicator_id} has no result for {month} (not computed)"
    if point.value is None:
        return "no figure", f"{g.indicator_id} has no figure for {month} (not entered or no cases)"
    shown = f"{g.indicator_id} {_value(g, point.value, g.threshold)} in {month}"
    if g.test == "no adverse signal":
        if point.rag == "Red":
            return "breached", f"{shown} is rated Red"
        if point.signal == CONCERNING:
            return "watch", f"{shown} shows a deteriorating special cause"
        return "holds", f"{shown}: {point.rag}, {point.signal or 'no signal'}"
    assert g.threshold is not None
    beyond = point.value > g.threshold if g.test == "at most" else point.value < g.threshold
    if beyond:
        return "breached", f"{shown}, {g.test} {_value(g, g.threshold)} wanted"
    return "holds", f"{shown}, within {g.test} {_value(g, g.threshold)}"


def _value(g: Guardrail, v: float, against: float | None = None) -> str:
    """A figure as the pack prints it in the indicator's unit (22%, 484), with the places that
    tell it from the threshold it is judged ``against`` (74.9%, not 75%, against 75%)."""
    try:
        unit = catalogue.get(g.indicator_id).unit
    except catalogue.UnknownIndicator:
        return f"{v:g}"
    return formatting.value(v, unit, against=against) if unit in formatting.PLACES else f"{v:g}"


def months(con: duckdb.DuckDBPyConnection, up_to: str | None = None) -> list[str]:
    """The months the results hold, oldest first (up to and including ``up_to``)."""
    results.require_results(con)
    rows = con.execute(
        "SELECT DISTINCT period_id FROM results WHERE period_type = 'month' "
        "AND (? IS NULL OR period_id <= ?) ORDER BY period_id",
        [up_to, up_to],
    ).fetchall()
    return [r[0] for r in rows]


def series(con: duckdb.DuckDBPyConnection, indicator_id: str) -> dict[str, Point]:
    """An indicator's months in the results, by month id."""
    rows = con.execute(
        "SELECT period_id, value, rag, signal FROM results "
        "WHERE indicator_id = ? AND period_type = 'month' ORDER BY period_id",
        [indicator_id],
    ).fetchall()
    return {r[0]: Point(r[0], r[1], r[2], r[3]) for r in rows}


def _as_at(con: duckdb.DuckDBPyConnection, month: str | None) -> tuple[str, list[str]]:
    held = months(con)
    if not held:
        raise CscError("the results hold no months: run `csc compute`")
    month = month or held[-1]
    if month not in held:
        raise CscError(f"no results for {month}: {results.loaded_range_text(con)}")
    return month, [m for m in held if m <= month]


def _changes(statuses: Sequence[tuple[str, Status, str]]) -> tuple[Change, ...]:
    out = []
    for (_, before, _), (month, after, why) in pairwise(statuses):
        if after != before:
            out.append(Change(month, before, after, why))
    return tuple(out)


def check(con: duckdb.DuckDBPyConnection, g: Guardrail, month: str | None = None) -> GuardrailCheck:
    """One guardrail at ``month`` (default: the latest month the results hold)."""
    month, held = _as_at(con, month)
    return _check(g, series(con, g.indicator_id), month, held)


def _check(g: Guardrail, points: dict[str, Point], month: str, held: list[str]) -> GuardrailCheck:
    statuses = [(m, *judge(g, points.get(m), m)) for m in held]
    _, status, why = statuses[-1]
    point = points.get(month)
    return GuardrailCheck(
        g, month, status, why, None if point is None else point.value, _changes(statuses)
    )


def worst(statuses: Sequence[Status]) -> Status | None:
    return next((s for s in WORST_FIRST if s in statuses), None)


def check_project(
    con: duckdb.DuckDBPyConnection,
    project: str,
    guardrails: Sequence[Guardrail],
    month: str | None = None,
) -> ProjectGuardrails:
    """A project's guardrails at ``month``, its status and the months that changed it."""
    month, held = _as_at(con, month)
    points = {g.indicator_id: series(con, g.indicator_id) for g in guardrails}
    checks = tuple(_check(g, points[g.indicator_id], month, held) for g in guardrails)
    by_month: list[tuple[str, Status, str]] = []
    for m in held:
        judged = [judge(g, points[g.indicator_id].get(m), m) for g in guardrails]
        status = worst([s for s, _ in judged])
        if status is None:
            continue
        why = (
            "every guardrail holds"
            if status == "holds"
            else "; ".join(w for s, w in judged if s == status)
        )
        by_month.append((m, status, why))
    status = worst([c.status for c in checks])
    return ProjectGuardrails(project, month, status, checks, _changes(by_month))


def from_store(
    path: Path | str | None, project_guardrails: dict[str, list[Guardrail]], month: str | None
) -> list[ProjectGuardrails]:
    """Every project's guardrails from a store on disk, refusing results that are out of date."""
    from csc_insight.indicators import provenance
    from csc_insight.store import db

    con = db.open_existing(path)
    try:
        ids = sorted({g.indicator_id for gs in project_guardrails.values() for g in gs})
        provenance.require_fresh(con, ids)
        return [check_project(con, p, gs, month) for p, gs in project_guardrails.items()]
    finally:
        con.close()
