from __future__ import annotations

from datetime import date

from csc_insight.delivery.model import Guardrail, Milestone, Risk
from csc_insight.money.model import Entry, Source

ENTRY = Entry("tester", date(2021, 1, 1))
SOURCE = Source("hand-built test")


def milestone(
    due: date | None, status: str | None = "in progress", completed_on: date | None = None
) -> Milestone:
    return Milestone("CFE SAV02", "a milestone", None, due, status, completed_on, ENTRY, SOURCE)  # type: ignore[arg-type]


def risk(likelihood: int | None, impact: int | None, mitigation: str | None = "a plan") -> Risk:
    return Risk("CFE SAV02", "a risk", likelihood, impact, mitigation, None, ENTRY, SOURCE)


def guardrail(indicator: str, test: str, threshold: float | None = None) -> Guardrail:
    return Guardrail("CFE SAV02", indicator, test, threshold, None, ENTRY, SOURCE)  # type: ignore[arg-type]
