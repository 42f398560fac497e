"""The delivery records: projects, milestones, risks, guardrails, workstreams and actions.

A project delivers an MTFS proposal (money/model.py's ``MtfsProposal``), named by its
reference (``CFE SAV02``) or, for a proposal the MTFS gives no reference (the Staffing Review),
by its name. Its savings profile is the proposal's, never typed again here; what a project
records is what has been *achieved* to date, in £k per financial year (money's conventions:
``Decimal`` £ thousands, a blank is "not entered", never 0).

Every record keeps who entered it and when (``Entry``) and where it came from (``Source``), as
the money records do. Dates are days; statuses are the words people pick from a list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from csc_insight.money.model import Entry, Source, name_key

EqiaStatus = Literal["not started", "in progress", "completed", "not needed"]
EQIA_STATUSES: tuple[EqiaStatus, ...] = ("not started", "in progress", "completed", "not needed")

MilestoneStatus = Literal["not started", "in progress", "completed", "slipped"]
MILESTONE_STATUSES: tuple[MilestoneStatus, ...] = (
    "not started",
    "in progress",
    "completed",
    "slipped",
)

#: An improvement plan action's status: the milestone's words (an action is a milestone of the
#: plan).
ActionStatus = MilestoneStatus
ACTION_STATUSES = MILESTONE_STATUSES

#: A workstream's progress as its senior responsible officer reports it (seed 004: "On track").
ProgressRag = Literal["On track", "Some concerns", "Off track", "Not started", "Completed"]
PROGRESS_RAGS: tuple[ProgressRag, ...] = (
    "On track",
    "Some concerns",
    "Off track",
    "Not started",
    "Completed",
)

#: A guardrail's test: the indicator's value must stay at most / at least a threshold, or the
#: indicator must show no adverse signal (its RAG not Red, its SPC signal not a concerning
#: special cause).
GuardrailTest = Literal["at most", "at least", "no adverse signal"]
GUARDRAIL_TESTS: tuple[GuardrailTest, ...] = ("at most", "at least", "no adverse signal")

#: Likelihood and impact of a risk, each on the usual 1 (low) to 5 (high) scale.
RISK_SCALE = range(1, 6)


@dataclass(frozen=True)
class Project:
    """A project delivering a saving (or growth) of the MTFS, as its project overview states it."""

    ref: str  # the MTFS proposal's reference (CFE SAV02), or its name when it has none
    name: str
    manager: str | None
    description: str | None
    #: Savings achieved to date, £k per financial year (a year not entered is absent).
    achieved: Mapping[str, Decimal]
    eqia: EqiaStatus | None
    impact_on_residents: str | None
    consultation: str | None
    entry: Entry
    source: Source
    note: str | None = None

    def delivers(self, proposal_ref: str | None, proposal_name: str) -> bool:
        """Whether this project delivers the proposal (by reference, or by name if it has none)."""
        wanted = proposal_ref or proposal_name
        return name_key(self.ref) == name_key(wanted)


@dataclass(frozen=True)
class Milestone:
    project: str  # the project's ref
    description: str
    owner: str | None
    due: date | None  # None: the overview gives no date (never overdue)
    status: MilestoneStatus | None  # None: not entered (read as not completed)
    completed_on: date | None
    entry: Entry
    source: Source

    @property
    def completed(self) -> bool:
        return self.status == "completed"


@dataclass(frozen=True)
class Risk:
    project: str
    description: str
    likelihood: int | None  # 1-5; None: not yet assessed
    impact: int | None  # 1-5
    mitigation: str | None
    owner: str | None
    entry: Entry
    source: Source

    @property
    def score(self) -> int | None:
        """Likelihood × impact; None until both are assessed."""
        if self.likelihood is None or self.impact is None:
            return None
        return self.likelihood * self.impact


@dataclass(frozen=True)
class Guardrail:
    """A catalogue indicator a project could harm, and the test it must pass while it delivers."""

    project: str
    indicator_id: str  # as the catalogue spells it (FD 8)
    test: GuardrailTest
    threshold: float | None  # in the indicator's unit (22 for 22%); None for no adverse signal
    why: str | None
    entry: Entry
    source: Source

    def describe(self) -> str:
        """``FD 8 at most 22``, ``EH 9: no adverse signal``."""
        if self.test == "no adverse signal":
            return f"{self.indicator_id}: no adverse signal"
        return f"{self.indicator_id} {self.test} {self.threshold:g}"


@dataclass(frozen=True)
class Workstream:
    name: str
    sro: str | None  # senior responsible officer
    progress: ProgressRag | None  # as entered
    entry: Entry
    source: Source


@dataclass(frozen=True)
class Action:
    ref: str  # "2.10"
    workstream: str
    description: str
    owner: str | None
    due: date | None
    status: ActionStatus | None
    evidence: str | None
    entry: Entry
    source: Source
    completed_on: date | None = None


@dataclass(frozen=True)
class DeliveryRecords:
    """Everything one workbook (or the demo) gives, in the order it gave it."""

    projects: tuple[Project, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    risks: tuple[Risk, ...] = ()
    guardrails: tuple[Guardrail, ...] = ()
    workstreams: tuple[Workstream, ...] = ()
    actions: tuple[Action, ...] = ()

    def __bool__(self) -> bool:
        return any(
            (
                self.projects,
                self.milestones,
                self.risks,
                self.guardrails,
                self.workstreams,
                self.actions,
            )
        )

    def guardrails_by_project(self) -> dict[str, list[Guardrail]]:
        """Each project's guardrails, by the project's reference (every project, in order)."""
        return {p.ref: self.of(p)[2] for p in self.projects}

    def of(self, project: Project) -> tuple[list[Milestone], list[Risk], list[Guardrail]]:
        """A project's milestones, risks and guardrails."""
        key = name_key(project.ref)
        return (
            [m for m in self.milestones if name_key(m.project) == key],
            [r for r in self.risks if name_key(r.project) == key],
            [g for g in self.guardrails if name_key(g.project) == key],
        )
