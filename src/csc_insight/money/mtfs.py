"""The MTFS: savings, growth and net per financial year, computed from the proposals, and where
a project's own profile disagrees with the summary. Signs: see money/model.py.

Net = growth − savings (seed 003 Table 8, 2021-22: 20,433 − 9,433 = 11,000). A year no proposal
states an amount for has no totals (None), which is not the same as a year of nil proposals (0).

The same figure is often typed twice: in the summary table and in the project's overview (seed
003: CFE GRO01 is 8,211 in Table 8 and 8,341 in its overview). Both are kept with their sources;
each difference is a problem naming both figures and where each came from. Neither is chosen:
the totals are the summary's, and the problem says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from csc_insight.errors import Problem
from csc_insight.money.model import MtfsProposal, ProjectProfile, reference
from csc_insight.reports.formatting import amount_k

#: The rule id of a proposal whose figure differs between two sources.
DISAGREE_RULE = "money-sources-disagree"


def year_column(year: str) -> str:
    """The column a year's amounts are in (the template's header, and the problems' column)."""
    return f"{year} £k"


def years(proposals: Sequence[MtfsProposal | ProjectProfile]) -> list[str]:
    """The years any of them states an amount for, in order."""
    return sorted({y for p in proposals for y in p.amounts})


@dataclass(frozen=True)
class YearTotals:
    """A year's savings, growth and net (None: no proposal states an amount for the year)."""

    year: str
    savings: Decimal | None
    growth: Decimal | None
    net: Decimal | None


def _total(proposals: Sequence[MtfsProposal], year: str, category: str) -> Decimal:
    return sum(
        (p.amounts[year] for p in proposals if p.category == category and year in p.amounts),
        Decimal(0),
    )


def year_totals(proposals: Sequence[MtfsProposal], year: str) -> YearTotals:
    if not any(year in p.amounts for p in proposals):
        return YearTotals(year, None, None, None)
    savings, growth = _total(proposals, year, "saving"), _total(proposals, year, "growth")
    return YearTotals(year, savings, growth, growth - savings)


def totals(
    proposals: Sequence[MtfsProposal], years_: Sequence[str] | None = None
) -> list[YearTotals]:
    """Each year's totals: the years given, or every year a proposal states."""
    return [year_totals(proposals, y) for y in (years_ or years(proposals))]


def disagreements(
    proposals: Sequence[MtfsProposal], profiles: Sequence[ProjectProfile]
) -> list[Problem]:
    """A problem for each year a project's profile and its proposal give different amounts,
    naming both figures and both sources; a profile whose reference no proposal has, too."""
    by_ref = {reference(p.ref): p for p in proposals if p.ref}
    out: list[Problem] = []
    for prof in profiles:
        p = by_ref.get(reference(prof.ref))
        if p is None:
            out.append(_unmatched(prof))
            continue
        for year in sorted(set(p.amounts) & set(prof.amounts)):
            if p.amounts[year] != prof.amounts[year]:
                out.append(_differ(p, prof, year))
    return out


def _differ(p: MtfsProposal, prof: ProjectProfile, year: str) -> Problem:
    ours, theirs = amount_k(p.amounts[year]), amount_k(prof.amounts[year])
    what = "saving" if p.category == "saving" else "growth"
    return Problem(
        p.source.document,
        p.source.row,
        year_column(year),
        f"{p.ref} ({p.name}), {what} in {year}: {ours} in the MTFS summary ({p.source}) but "
        f"{theirs} in the project's own profile ({prof.source}); both are kept and neither is "
        f"chosen: the totals use the summary's {ours} until one of them is corrected",
        DISAGREE_RULE,
        theirs,
    )


def _unmatched(prof: ProjectProfile) -> Problem:
    return Problem(
        prof.source.document,
        prof.source.row,
        "Reference",
        f"{prof.ref} ({prof.name}): no MTFS proposal has this reference, so its profile cannot "
        "be compared with the summary",
        DISAGREE_RULE,
        prof.ref,
    )
