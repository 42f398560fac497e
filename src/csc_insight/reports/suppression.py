"""Small-number suppression for published outputs, following the DfE's practice.

Primary: a count from 1 to the threshold (default 5) is shown as ``c``; a percentage or rate is
suppressed when its numerator or denominator is such a count. Zero is shown: it discloses nothing
about a child. Averages (caseloads: cases per FTE) describe workers, not children, and are shown.

Secondary: a flow count's year-to-date figure is the sum of its months, so with one month
suppressed the YTD and the other months would reveal it. Where exactly one month of the year is
suppressed and the YTD is shown, the next smallest month of the year is suppressed as well.

The 12-month figure set beside a published annual count is the sum of the 12 months the table
shows, so it is withheld whenever one of them is.

A suppressed year-to-date or latest figure is not rated either (RAG Grey): a Red beside a 'c'
would say which side of the target the hidden figure lies.

Unpublished (internal) packs are not suppressed; they are marked OFFICIAL-SENSITIVE instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csc_insight.reports.model import Figure, Pack, PackRow

DEFAULT_THRESHOLD = 5


def small(n: float | None, threshold: int) -> bool:
    return n is not None and 0 < n <= threshold


def primary(fig: Figure, threshold: int) -> None:
    if fig.value is None:
        return
    if fig.unit == "count":
        fig.suppressed = small(fig.value, threshold)
    elif fig.unit in ("percent", "rate_per_10k"):
        fig.suppressed = small(fig.numerator, threshold) or small(fig.denominator, threshold)


def secondary(row: PackRow, financial_year_months: list[int]) -> None:
    """``financial_year_months``: indexes into row.months of the months in the YTD."""
    if row.indicator.unit != "count" or row.indicator.kind != "flow" or row.latest.suppressed:
        return
    in_year = [row.months[i] for i in financial_year_months]
    hidden = [f for f in in_year if f.suppressed]
    if len(hidden) != 1:
        return
    candidates = [f for f in in_year if not f.suppressed and f.value]
    if candidates:
        min(candidates, key=lambda f: f.value or 0).suppressed = True
    else:
        row.latest.suppressed = True


def apply(pack: Pack, threshold: int = DEFAULT_THRESHOLD) -> None:
    fy_start_year = int(pack.financial_year[:4])
    in_year = [i for i, m in enumerate(pack.months) if (m.year, m.month) >= (fy_start_year, 4)]
    for row in pack.rows():
        for point in row.history:
            primary(point.figure, threshold)
        primary(row.latest, threshold)
        secondary(row, in_year)
        if row.annual is not None:
            primary(row.annual, threshold)
            row.annual.suppressed |= any(f.suppressed for f in row.months)
        if row.latest.suppressed:
            row.rag = "Grey"
