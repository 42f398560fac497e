"""The high-needs block of the Dedicated Schools Grant: spend against the allocation, the
cumulative overspend against the recovery plan (seeds 000 and 003).

Each year's overspend is spend − allocation (positive: overspent); the cumulative overspend is
the one brought forward on the first year entered plus every year's overspend since. It is
computed, never typed: where a document prints a cumulative figure (seed 000: £18.5m at the end
of 2019-20) it is entered as printed and checked against the computed one. The DSG deficit
carried forward (£14.6m) is the whole grant's, as the accounts state it (the other blocks offset
part of the high-needs overspend), so it is shown as entered. The gap to the recovery plan is
the cumulative overspend less the deficit the plan expects at the year's end (positive: behind
the plan).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from csc_insight.education.model import HighNeedsYear

#: Difference (£k) below which a printed cumulative overspend agrees with the computed one: a
#: paper printing £18.5m has rounded to £0.1m.
ROUNDING_K = 50.0


@dataclass(frozen=True)
class HighNeedsRow:
    year: str
    allocation: float
    spend: float
    overspend: float
    cumulative: float
    dsg_deficit: float | None
    plan_deficit: float | None
    printed_overspend: float | None

    @property
    def against_plan(self) -> float | None:
        return None if self.plan_deficit is None else self.cumulative - self.plan_deficit


def table(years: Iterable[HighNeedsYear]) -> list[HighNeedsRow]:
    rows: list[HighNeedsRow] = []
    running = 0.0
    for i, y in enumerate(sorted(years, key=lambda y: y.year)):
        if i == 0:
            running = y.opening_overspend or 0.0
        over = y.spend - y.allocation
        running += over
        rows.append(
            HighNeedsRow(
                y.year,
                y.allocation,
                y.spend,
                over,
                running,
                y.dsg_deficit,
                y.plan_deficit,
                y.printed_overspend,
            )
        )
    return rows


def disagreements(rows: Iterable[HighNeedsRow]) -> list[str]:
    """Each printed cumulative overspend that is not what the years give, with both figures."""
    out = []
    for r in rows:
        if r.printed_overspend is not None and abs(r.printed_overspend - r.cumulative) > ROUNDING_K:
            out.append(
                f"{r.year}: the cumulative high-needs overspend printed is £{r.printed_overspend:,.0f}k"
                f" but the allocations and spend entered give £{r.cumulative:,.0f}k"
            )
    return out
