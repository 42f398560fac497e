"""Each project's standing at a date, brought together once for the return, the terminal and
(next) the pack and the dashboard: its savings profile (the MTFS proposal's, from the money
records), delivery RAG, completion score and assurance (rag.py), guardrails (guardrails.py, when
results are given) and next milestone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from csc_insight.delivery import rag
from csc_insight.delivery.guardrails import ProjectGuardrails
from csc_insight.delivery.model import DeliveryRecords, Milestone, Project
from csc_insight.money.model import MoneyRecords, MtfsProposal, name_key


@dataclass(frozen=True)
class ProjectStatus:
    project: Project
    as_at: date
    proposal: MtfsProposal | None  # None: no MTFS proposal has the project's reference
    delivery: rag.DeliveryRag
    score: int | None
    assurance: rag.Assurance
    guardrails: ProjectGuardrails | None  # None: not checked (no results given)
    next_milestone: Milestone | None

    @property
    def profile(self) -> Mapping[str, Decimal]:
        return self.proposal.amounts if self.proposal else {}


def proposal_of(project: Project, money: MoneyRecords) -> MtfsProposal | None:
    return next((p for p in money.proposals if project.delivers(p.ref, p.name)), None)


def next_milestone(milestones: Sequence[Milestone], as_at: date) -> Milestone | None:
    """The milestone not done by ``as_at`` that is due first (a late one before any to come)."""
    open_ = [m for m in milestones if m.due is not None and not rag.done_by(m, as_at)]
    return min(open_, key=lambda m: (m.due, m.description), default=None)


def statuses(
    records: DeliveryRecords,
    money: MoneyRecords,
    as_at: date,
    guardrails: Mapping[str, ProjectGuardrails] | None = None,
) -> list[ProjectStatus]:
    """Every project's status at ``as_at``; ``guardrails`` by project reference, if checked."""
    checked = {name_key(k): v for k, v in (guardrails or {}).items()}
    out = []
    for p in records.projects:
        milestones, risks, _ = records.of(p)
        proposal = proposal_of(p, money)
        delivery = rag.delivery_rag(
            milestones, proposal.amounts if proposal else {}, p.achieved, as_at
        )
        g = checked.get(name_key(p.ref))
        status = None if g is None else g.status
        out.append(
            ProjectStatus(
                p,
                as_at,
                proposal,
                delivery,
                rag.completion_score(milestones, as_at),
                rag.assurance(delivery.rag, risks, status),
                g,
                next_milestone(milestones, as_at),
            )
        )
    return out
