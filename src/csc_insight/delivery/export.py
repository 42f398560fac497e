"""The fortnightly return to the corporate programme office (seed 003, 2.2: "progress against
these plans is reported fortnightly to the corporate programme management office (PMO) with a
score for completion and delivery assurance"), as an xlsx workbook: one row per project.

Sheet "Return": reference, name, manager, delivery RAG, completion score, delivery assurance,
the savings profile for the as-at financial year, the profile and the savings achieved to date,
guardrail status and the month it last changed, the next milestone and its due date, and the
reasons for the RAG. Sheet "About": the as-at date, the results month the guardrails were read
at, and the rule (delivery/rag.py) in words. Every figure comes from status.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from csc_insight import financial_year
from csc_insight.delivery import rag
from csc_insight.delivery.status import ProjectStatus

SHEET = "Return"


def columns(year: str) -> list[str]:
    return [
        "Reference",
        "Project",
        "Project manager",
        "Delivery RAG",
        "Completion score %",
        "Delivery assurance",
        f"Savings profile {year} £k",
        "Profile to date £k",
        "Achieved to date £k",
        "Guardrails",
        "Guardrails last changed",
        "Next milestone",
        "Next milestone due",
        "Why",
    ]


def row(s: ProjectStatus, year: str) -> list[Any]:
    g = s.guardrails
    status = "not checked" if g is None else (g.status or "none set")
    changed = g.changes[-1].month if g is not None and g.changes else None
    nxt = s.next_milestone
    return [
        s.project.ref,
        s.project.name,
        s.project.manager,
        s.delivery.rag,
        s.score,
        s.assurance,
        s.profile.get(year),
        s.delivery.profile_to_date,
        s.delivery.achieved_to_date,
        status,
        changed,
        None if nxt is None else nxt.description,
        None if nxt is None else nxt.due,
        "; ".join(s.delivery.reasons),
    ]


def write_return(path: Path, projects: Sequence[ProjectStatus], as_at: date) -> Path:
    """Write the return for ``as_at`` at ``path``."""
    import xlsxwriter

    year = financial_year.label(as_at)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    try:
        bold = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        day = wb.add_format({"num_format": "dd/mm/yyyy"})
        money = wb.add_format({"num_format": "#,##0"})
        ws = wb.add_worksheet(SHEET)
        header = columns(year)
        ws.write_row(0, 0, header, bold)
        ws.freeze_panes(1, 2)
        for i, h in enumerate(header):
            ws.set_column(i, i, 60 if h == "Why" else max(12, min(40, len(h) + 2)))
        for r, s in enumerate(projects, start=1):
            for i, v in enumerate(row(s, year)):
                if v is None:
                    continue
                if isinstance(v, date):
                    ws.write_datetime(r, i, datetime(v.year, v.month, v.day), day)
                elif isinstance(v, Decimal):
                    ws.write_number(r, i, float(v), money)
                elif isinstance(v, int):
                    ws.write_number(r, i, v)
                else:
                    ws.write_string(r, i, str(v))
        about = wb.add_worksheet("About")
        about.set_column(0, 0, 120)
        months = {s.guardrails.month for s in projects if s.guardrails is not None}
        lines = [
            f"Fortnightly return to the programme office, as at {as_at:%d/%m/%Y}.",
            "Guardrails read from the indicators' results for "
            + (", ".join(sorted(months)) if months else "no month (not checked)")
            + ".",
            *(p.strip() for p in (rag.__doc__ or "").split("\n\n") if p.strip()),
        ]
        for i, text in enumerate(lines):
            about.write_string(i, 0, " ".join(text.split()))
    finally:
        wb.close()
    return path
