"""A project's delivery RAG, its completion score and its delivery assurance, by one rule.

**The delivery RAG at an as-at date** (the day the return is made):

- A milestone is *late* when it is due before the as-at date and not completed by it; it is
  as many days late as the as-at date is after its due date. Due today is not late (it has
  until the end of the day); completed on its due day is on time. A milestone with no due
  date is never late; a status not entered is read as not completed.
- **Red** when a milestone is more than ``RED_DAYS`` (28) days late, or the savings achieved to
  date are below ``SAVINGS_RED`` (75%) of the profile to date.
- **Amber** when a milestone is late by 1 to 28 days, or is marked *slipped* (its manager
  expects it late, even before it is due), or the savings achieved to date are below
  ``SAVINGS_AMBER`` (95%) of the profile to date.
- **Grey** when nothing due can be rated yet: no milestone is due or done by the as-at date,
  and no saving is profiled to date with an achieved figure entered against it (a project with
  no milestones and no profile is Grey; so is one whose savings are due but not entered and
  whose milestones are not due: it is not Green on nothing).
- **Green** otherwise.

Why these: the programme office meets fortnightly, so 28 days is a milestone missed at two
returns in a row without being completed: one missed return is a warning (Amber), two is a
failure to recover (Red). A quarter of a saving short is beyond what a budget's contingency
usually absorbs (Red); within 5% is rounding and timing (Green); between is a shortfall to act
on (Amber).

**The savings profile to date** is the sum, over the financial years of the proposal's profile,
of each year's amount times the share of its twelve months that have ended by the as-at date
(a month has ended on its last day: at 31 March the whole year is due, at 30 March eleven
twelfths). The savings achieved to date are the amounts entered for the years begun by the
as-at date. When none is entered the savings test is not applied, and the reasons say so: a
blank is not a shortfall, and not a success either.

**The completion score** (the fortnightly return's "score for completion") is the share of the
milestones due by the as-at date, or completed by it, that were completed on or before their
due date, as a whole percentage; None when none is due or completed. A completed milestone
whose completion date is not entered counts as on time: the return scores what is entered.

**The delivery assurance** (the return's "delivery assurance") is the usual three levels:

- *limited* when the delivery RAG is Red, or a guardrail is breached, or a risk scores
  ``HIGH_RISK`` (15) or more (likelihood × impact on 1-5 scales) with no mitigation entered;
- *reasonable* when the RAG is Amber or Grey, or a guardrail is on watch or has no figure, or
  a risk scores 15 or more with a mitigation, or a risk is not yet scored (what has not been
  rated or assessed is not assured);
- *substantial* otherwise. Guardrails not checked (no results given) do not count either way:
  the return says "not checked" beside them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from csc_insight.delivery.model import Milestone, Risk
from csc_insight.reports.formatting import amount_k

#: Days late beyond which a milestone makes the project Red (two fortnightly returns).
RED_DAYS = 28
#: Savings achieved to date below this share of the profile to date: Red.
SAVINGS_RED = Decimal("0.75")
#: ... below this share: Amber.
SAVINGS_AMBER = Decimal("0.95")
#: A risk scoring this or more (likelihood × impact) is high.
HIGH_RISK = 15

Rag = Literal["Red", "Amber", "Green", "Grey"]
Assurance = Literal["substantial", "reasonable", "limited"]


@dataclass(frozen=True)
class DeliveryRag:
    """A project's delivery RAG at a date and why."""

    rag: Rag
    reasons: tuple[str, ...]
    profile_to_date: Decimal
    achieved_to_date: Decimal | None


def done_by(m: Milestone, as_at: date) -> bool:
    """Completed by the as-at date (a completion dated later is not yet done)."""
    return m.completed and (m.completed_on is None or m.completed_on <= as_at)


def days_late(m: Milestone, as_at: date) -> int:
    """Days the milestone is late at ``as_at``: 0 when not due yet, due today or done."""
    if m.due is None or done_by(m, as_at):
        return 0
    return max(0, (as_at - m.due).days)


def _year_start(year: str) -> date:
    return date(int(year[:4]), 4, 1)


def months_ended(year: str, as_at: date) -> int:
    """How many of the financial year's twelve months have ended by ``as_at`` (0 to 12)."""
    ended = 0
    first = _year_start(year)
    for i in range(12):
        y, m = first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1
        last = date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)
        ended += last <= as_at
    return ended


def profile_to_date(profile: Mapping[str, Decimal], as_at: date) -> Decimal:
    """The savings profiled to ``as_at``: each year's amount times its share of months ended."""
    total = sum((amount * months_ended(y, as_at) / 12 for y, amount in profile.items()), Decimal(0))
    return total.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def achieved_to_date(achieved: Mapping[str, Decimal], as_at: date) -> Decimal | None:
    """The savings achieved in the years begun by ``as_at``; None when none is entered."""
    found = [a for y, a in achieved.items() if _year_start(y) <= as_at]
    return sum(found, Decimal(0)) if found else None


def _k(v: Decimal) -> str:
    """£k as the finance tables print it, without the places a Decimal keeps (198.5, not
    198.500)."""
    return amount_k(v.normalize())


def delivery_rag(
    milestones: Sequence[Milestone],
    profile: Mapping[str, Decimal],
    achieved: Mapping[str, Decimal],
    as_at: date,
) -> DeliveryRag:
    """The project's delivery RAG at ``as_at`` by the rule above, with its reasons."""
    red, amber = [], []
    for m in milestones:
        late = days_late(m, as_at)
        if late > RED_DAYS:
            red.append(f"'{m.description}' is {late} days late (due {m.due:%d/%m/%Y})")
        elif late > 0:
            amber.append(f"'{m.description}' is {late} days late (due {m.due:%d/%m/%Y})")
        elif m.status == "slipped" and not done_by(m, as_at):
            amber.append(f"'{m.description}' is marked slipped")
    due = profile_to_date(profile, as_at)
    got = achieved_to_date(achieved, as_at)
    notes = []
    if due > 0 and got is None:
        notes.append(f"savings achieved to date not entered (profile to date {_k(due)})")
    elif due > 0 and got is not None:
        share = got / due
        text = f"savings achieved {_k(got)} of {_k(due)} profiled to date"
        if share < SAVINGS_RED:
            red.append(f"{text} ({share:.0%})")
        elif share < SAVINGS_AMBER:
            amber.append(f"{text} ({share:.0%})")
    if red:
        return DeliveryRag("Red", (*red, *amber, *notes), due, got)
    if amber:
        return DeliveryRag("Amber", (*amber, *notes), due, got)
    anything_due = (due > 0 and got is not None) or any(
        (m.due is not None and m.due <= as_at) or done_by(m, as_at) for m in milestones
    )
    if not anything_due:
        return DeliveryRag("Grey", ("nothing due yet", *notes), due, got)
    return DeliveryRag("Green", tuple(notes), due, got)


def completion_score(milestones: Iterable[Milestone], as_at: date) -> int | None:
    """The share (whole %) of milestones due or done by ``as_at`` that were done on time."""
    counted = on_time = 0
    for m in milestones:
        due = m.due is not None and m.due <= as_at
        if not (due or done_by(m, as_at)):
            continue
        counted += 1
        if done_by(m, as_at) and (
            m.due is None or m.completed_on is None or m.completed_on <= m.due
        ):
            on_time += 1
    if not counted:
        return None
    return int((Decimal(100 * on_time) / counted).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def high_risks(risks: Iterable[Risk]) -> list[Risk]:
    return [r for r in risks if r.score is not None and r.score >= HIGH_RISK]


def assurance(rag: Rag, risks: Iterable[Risk], guardrails: str | None = None) -> Assurance:
    """The delivery assurance from the RAG, the risks and the guardrail status (if any)."""
    risks = list(risks)
    high = high_risks(risks)
    unscored = any(r.score is None for r in risks)
    if rag == "Red" or guardrails == "breached" or any(not r.mitigation for r in high):
        return "limited"
    if rag in ("Amber", "Grey") or guardrails in ("watch", "no figure") or high or unscored:
        return "reasonable"
    return "substantial"
