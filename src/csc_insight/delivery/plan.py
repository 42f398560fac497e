"""The improvement plan's monthly progress view: each workstream's actions by where they stand
at the end of a month.

An action at a month's end is **completed** when its status is completed (and its completion
date, if entered, is by then); **overdue** when it is due before then and not completed (as
rag.py counts a milestone: due on the month's last day is not yet late); otherwise
as its status says (in progress, not started, slipped), or **not entered**. The workstream's
progress RAG is shown as its officer entered it, beside the counts, never computed from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from csc_insight.delivery.model import Action, DeliveryRecords, ProgressRag, Workstream
from csc_insight.money.model import name_key

#: The columns of the view, in order.
STANDINGS = ("completed", "overdue", "slipped", "in progress", "not started", "not entered")


def standing(a: Action, month_end: date) -> str:
    """Where the action stands at ``month_end`` (one of STANDINGS)."""
    if a.status == "completed" and (a.completed_on is None or a.completed_on <= month_end):
        return "completed"
    if a.due is not None and a.due < month_end:
        return "overdue"
    if a.status in (None, "completed"):  # completed later than this month: not yet
        return "not entered" if a.status is None else "in progress"
    return a.status


@dataclass(frozen=True)
class WorkstreamProgress:
    workstream: Workstream
    counts: dict[str, int]  # by STANDINGS
    actions: tuple[tuple[Action, str], ...]  # each action and its standing

    @property
    def progress(self) -> ProgressRag | None:
        return self.workstream.progress


def progress(records: DeliveryRecords, month_end: date) -> list[WorkstreamProgress]:
    """Each workstream's actions at ``month_end``, in the plan's order."""
    out = []
    for w in records.workstreams:
        mine = [a for a in records.actions if name_key(a.workstream) == name_key(w.name)]
        stands = tuple((a, standing(a, month_end)) for a in mine)
        counts = {s: sum(1 for _, x in stands if x == s) for s in STANDINGS}
        out.append(WorkstreamProgress(w, counts, stands))
    return out
