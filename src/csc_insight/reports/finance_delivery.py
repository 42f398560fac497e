"""The finance and delivery section's delivery parts: the delivery tracker (each project's
delivery RAG, completion score, assurance, savings against profile, milestones and risks), beside
each saving its guardrails judged from the store's results, and the improvement plan. Every
figure comes from delivery/ (status.py, rag.py, guardrails.py, plan.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import duckdb

from csc_insight.delivery import guardrails as guardrail_checks
from csc_insight.delivery import plan, rag, status
from csc_insight.delivery.guardrails import ProjectGuardrails
from csc_insight.delivery.model import DeliveryRecords
from csc_insight.money.model import MoneyRecords
from csc_insight.reports import formatting
from csc_insight.reports.finance_tables import Cell, Part, Row, Table, k, text

# -- delivery and guardrails --------------------------------------------------------------------


def guardrails(
    delivery: DeliveryRecords, con: duckdb.DuckDBPyConnection | None, month: str | None
) -> dict[str, ProjectGuardrails] | None:
    if con is None:
        return None
    by_project = delivery.guardrails_by_project()
    return {
        ref: guardrail_checks.check_project(con, ref, gs, month) for ref, gs in by_project.items()
    }


def delivery_part(
    delivery: DeliveryRecords,
    money: MoneyRecords,
    as_at: date,
    checked: dict[str, ProjectGuardrails] | None,
    con: duckdb.DuckDBPyConnection | None,
    published: bool,
    threshold: int,
) -> Part:
    statuses = status.statuses(delivery, money, as_at, checked)
    ys = sorted({y for s in statuses for y in s.profile})
    rows: list[Row] = []
    for s in statuses:
        milestones, risks, _ = delivery.of(s.project)
        slipped = sum(1 for m in milestones if m.status == "slipped")
        late = sum(1 for m in milestones if rag.days_late(m, as_at) > 0)
        high = len(rag.high_risks(risks))
        rows.append(
            Row(
                (
                    text(s.project.ref),
                    text(s.project.name),
                    Cell(s.delivery.rag, "rag"),
                    Cell(s.score, "pct") if s.score is not None else text("none due"),
                    text(s.assurance),
                    *(Cell(s.profile.get(y), "mtfs") for y in ys),  # a nil prints "-"
                    k(s.delivery.profile_to_date),
                    k(s.delivery.achieved_to_date)
                    if s.delivery.achieved_to_date is not None
                    else text("not entered"),
                    text(f"{late} late, {slipped} slipped of {len(milestones)}"),
                    text(f"{len(risks)}, {high} high" if risks else "none entered"),
                    Cell(_guard_word(s.guardrails), "rag"),
                )
            )
        )
    tables = [
        Table(
            "Delivery",
            f"Delivery of the savings at {formatting.day(as_at)}",
            (
                "Ref",
                "Project",
                "Delivery RAG",
                "Completion",
                "Assurance",
                *(f"Profile {y} £'000" for y in ys),
                "Profile to date £'000",
                "Achieved to date £'000",
                "Milestones",
                "Risks",
                "Guardrails",
            ),
            tuple(rows),
            "Delivery RAG: Red when a milestone is over 28 days late or savings achieved are "
            "under 75% of the profile to date; Amber when a milestone is late or slipped or "
            "savings are under 95%; Grey when nothing due can be rated yet (docs/delivery.md). "
            "Completion: the share of milestones due that were done on time. Profile: the MTFS "
            "proposal's savings.",
            (1,),
        ),
        _guardrail_table(statuses, con, published, threshold),
    ]
    return Part(
        "delivery",
        "Delivery of the savings, and their guardrails",
        "Each project delivering an MTFS saving: its delivery RAG, completion score and "
        "assurance, its savings against profile, and beside each saving the indicators it could "
        "harm (seed 002: are the savings deliverable, sustainable and not an unacceptable risk?).",
        tuple(tables),
    )


def _guard_word(g: ProjectGuardrails | None) -> str:
    if g is None:
        return "not checked"
    if g.status is None:
        return "none set"
    return g.status + (f" since {g.changes[-1].month}" if g.changes else "")


def _guardrail_table(
    statuses: Sequence[status.ProjectStatus],
    con: duckdb.DuckDBPyConnection | None,
    published: bool,
    threshold: int,
) -> Table:
    rows: list[Row] = []
    for s in statuses:
        g = s.guardrails
        if g is None or not g.checks:
            continue
        changes = _changes(g.changes)
        rows.append(
            Row(
                (
                    text(s.project.ref),
                    text(f"The saving's guardrails at {g.month}"),
                    Cell(g.status, "rag"),
                    text(""),
                    text(""),
                    text(""),
                    text(changes or "none"),
                ),
                True,
            )
        )
        for c in g.checks:
            point = (
                guardrail_checks.series(con, c.guardrail.indicator_id).get(c.month) if con else None
            )
            hidden = published and _small_count(c.guardrail.indicator_id, c.value, threshold)
            value = formatting.SUPPRESSED if hidden else _value_text(c)
            why = "a small number, suppressed" if hidden else c.why
            rows.append(
                Row(
                    (
                        text(s.project.ref),
                        text(c.guardrail.describe()),
                        Cell(c.status, "rag"),
                        text(value),
                        text(point.rag if point else ""),
                        text(why),
                        text(_changes(c.changes)),
                    )
                )
            )
    note = (
        "A guardrail is breached when its indicator is beyond the threshold (or, with no "
        "threshold, rated Red); on watch when its process signal is a deteriorating special "
        "cause; no figure when the results hold none (never taken as holding). The saving's "
        "status is its worst guardrail's."
    )
    if not rows:
        note = "No guardrails checked: the pack was given no results to judge them by."
    return Table(
        "Guardrails",
        "Beside each saving, its guardrails",
        ("Ref", "Guardrail", "Status", "Value", "Indicator RAG", "Why", "Months that changed it"),
        tuple(rows),
        note,
        (1, 5, 6),
    )


#: The months that changed a status, most recent last: a committee reads the latest few.
CHANGES_SHOWN = 4


def _changes(changes: Sequence[guardrail_checks.Change]) -> str:
    """``2021-02: holds to breached; 2021-03: breached to holds``, the last CHANGES_SHOWN, the
    number of earlier ones first."""
    shown = "; ".join(f"{c.month}: {c.before} to {c.after}" for c in changes[-CHANGES_SHOWN:])
    earlier = len(changes) - CHANGES_SHOWN
    if earlier > 0:
        shown = f"{earlier} earlier change{'s' if earlier != 1 else ''}; then {shown}"
    return shown


def _value_text(c: guardrail_checks.GuardrailCheck) -> str:
    """The indicator's figure in its unit (22%, 484), with the places that tell it from the
    threshold."""
    from csc_insight.indicators import catalogue

    if c.value is None:
        return "no figure"
    try:
        unit = catalogue.get(c.guardrail.indicator_id).unit
    except catalogue.UnknownIndicator:
        return f"{c.value:g}"
    if unit not in formatting.PLACES:
        return f"{c.value:g}"
    return formatting.value(c.value, unit, against=c.guardrail.threshold)


def _small_count(indicator_id: str, value: float | None, threshold: int) -> bool:
    """A count small enough to identify a child, in a published pack (reports.suppression)."""
    from csc_insight.indicators import catalogue

    try:
        unit = catalogue.get(indicator_id).unit
    except catalogue.UnknownIndicator:
        return False
    return unit == "count" and value is not None and value <= threshold


# -- the improvement plan -----------------------------------------------------------------------


def plan_part(delivery: DeliveryRecords, as_at: date) -> Part:
    progress = plan.progress(delivery, as_at)
    rows = tuple(
        Row(
            (
                text(p.workstream.name),
                text(p.workstream.sro),
                Cell(p.progress or "not entered", "rag"),
                *(Cell(p.counts[s], "int") for s in plan.STANDINGS),
            )
        )
        for p in progress
    )
    actions = tuple(
        Row(
            (
                text(a.ref),
                text(a.workstream),
                text(a.description),
                text(a.owner),
                Cell(a.due, "date"),
                text(a.status or "not entered"),
                Cell(stands, "rag"),
            )
        )
        for p in progress
        for a, stands in p.actions
    )
    month = f"{as_at:%B %Y}"
    return Part(
        "plan",
        "Improvement plan",
        f"Each workstream's progress as its senior responsible officer reports it, beside its "
        f"actions counted by where they stand at the end of {month}.",
        (
            Table(
                "Plan",
                f"Improvement plan workstreams at {month}",
                (
                    "Workstream",
                    "Senior responsible officer",
                    "Progress (as reported)",
                    *(s.capitalize() for s in plan.STANDINGS),
                ),
                rows,
                "Overdue: due before the month's end and not completed. The progress RAG is as "
                "reported, never computed from the counts.",
                (0, 1),
            ),
            Table(
                "Plan actions",
                f"Improvement plan actions at {month}",
                ("Ref", "Workstream", "Action", "Owner", "Due", "Status", "Standing"),
                actions,
                "",
                (2,),
            ),
        ),
    )
