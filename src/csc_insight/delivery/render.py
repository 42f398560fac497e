"""The delivery tables as plain text for the terminal: projects with their delivery RAG,
completion score, assurance and guardrails; each project's milestones; the improvement plan's
progress at a month. Every figure comes from status.py, guardrails.py and plan.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from csc_insight.delivery import plan, rag
from csc_insight.delivery.model import Milestone
from csc_insight.delivery.status import ProjectStatus
from csc_insight.reports.formatting import amount_k, day

#: The widest a name prints before it is cut short.
NAME_WIDTH = 48


def _cut(text: str | None, width: int = NAME_WIDTH) -> str:
    text = text or ""
    return text if len(text) <= width else text[: width - 1] + "…"


def _k(v: Decimal | None) -> str:
    """£k to the whole thousand, as the finance tables print it; 'not entered' for a blank."""
    return "not entered" if v is None else amount_k(v.quantize(Decimal(1), ROUND_HALF_UP))


def _table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    width = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    out = [title]
    for r in [header, *rows]:
        out.append("  ".join(c.ljust(w) for c, w in zip(r, width, strict=True)).rstrip())
    return "\n".join(out)


def projects(statuses: Sequence[ProjectStatus], as_at: date) -> str:
    """One row per project: RAG, score, assurance, savings to date, guardrails, next milestone."""
    rows = []
    for s in statuses:
        g = s.guardrails
        guard: str = "not checked" if g is None else (g.status or "none set")
        if g is not None and g.changes:
            guard += f" (since {g.changes[-1].month})"
        nxt = s.next_milestone
        rows.append(
            [
                s.project.ref,
                _cut(s.project.name, 36),
                s.delivery.rag,
                "-" if s.score is None else f"{s.score}%",
                s.assurance,
                f"{_k(s.delivery.achieved_to_date)} / {_k(s.delivery.profile_to_date)}",
                guard,
                "-" if nxt is None else f"{day(nxt.due)} {_cut(nxt.description, 30)}",
            ]
        )
    header = [
        "Ref",
        "Project",
        "RAG",
        "Score",
        "Assurance",
        "Achieved / profile £k",
        "Guardrails",
        "Next milestone",
    ]
    return _table(f"Projects at {as_at:%d/%m/%Y}", header, rows)


def guardrails(statuses: Sequence[ProjectStatus]) -> str:
    """Each guardrail at the month, and the months its project's status changed."""
    out = []
    for s in statuses:
        g = s.guardrails
        if g is None or not g.checks:
            continue
        out.append(f"{s.project.ref}: {g.status} at {g.month}")
        out += [f"  {c.guardrail.describe()}: {c.status} ({c.why})" for c in g.checks]
        out += [f"  {x.month}: {x.before} -> {x.after} ({x.why})" for x in g.changes]
    return "\n".join(out) if out else "No guardrails checked."


def milestones(items: Sequence[Milestone], as_at: date) -> str:
    rows = []
    for m in items:
        late = rag.days_late(m, as_at)
        rows.append(
            [
                m.project,
                _cut(m.description),
                _cut(m.owner, 24),
                day(m.due) or "-",
                m.status or "not entered",
                f"{late} days late" if late else "",
            ]
        )
    header = ["Project", "Milestone", "Owner", "Due", "Status", ""]
    return _table(f"Milestones at {as_at:%d/%m/%Y}", header, rows)


def plan_progress(progress: Sequence[plan.WorkstreamProgress], month_end: date) -> str:
    """The improvement plan at a month: actions by workstream and where they stand."""
    rows = [
        [_cut(p.workstream.name, 30), p.progress or "not entered"]
        + [str(p.counts[s]) for s in plan.STANDINGS]
        for p in progress
    ]
    header = ["Workstream", "Progress (as reported)", *plan.STANDINGS]
    text = _table(f"Improvement plan at {month_end:%B %Y}", header, rows)
    actions = [f"  {a.ref} {_cut(a.description, 70)}: {s}" for p in progress for a, s in p.actions]
    return "\n".join([text, "", *actions]) if actions else text


def report(
    statuses: Sequence[ProjectStatus],
    milestone_list: Sequence[Milestone],
    progress: Sequence[plan.WorkstreamProgress],
    as_at: date,
) -> str:
    """What `csc delivery show` prints: projects, guardrails, milestones, the plan."""
    parts = [projects(statuses, as_at), guardrails(statuses), milestones(milestone_list, as_at)]
    if progress:
        parts.append(plan_progress(progress, as_at))
    return "\n\n".join(parts)
