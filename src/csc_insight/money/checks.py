"""Where the money records disagree with themselves: a printed total (or a line's printed
variance or movement) that is not what its lines give, and a proposal whose figure differs
between the summary and the project's own profile (mtfs.disagreements).

Each is a ``Problem`` naming the printed figure's file or document, row and column, both
figures and where each came from. A printed figure agrees when the computed one, rounded to the
places printed (whole £k for the seeds), is the same: lines kept to the pound may sum to
9,432.6 where the paper prints 9,433. Nothing is corrected: the figures shown are always the
ones computed from the lines.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from csc_insight.errors import Problem
from csc_insight.money import budget, mtfs
from csc_insight.money.model import BUDGET_KINDS, BudgetLine, MoneyRecords, PrintedTotal
from csc_insight.reports.formatting import amount_k

#: The rule id of a printed figure that is not what its lines give.
TOTAL_RULE = "money-total-disagrees"


def problems(records: MoneyRecords) -> list[Problem]:
    """Every disagreement in ``records``: printed figures first, then the two sources of MTFS
    proposals."""
    out = [p for t in records.printed if (p := check_printed(t, records)) is not None]
    return out + mtfs.disagreements(records.proposals, records.profiles)


def label(t: PrintedTotal) -> str:
    """What a printed figure is, in words: ``Q3 projected variance``, ``total savings``."""
    q = f"Q{t.quarter} " if t.quarter else ""
    words = {
        "budget": "budget",
        "projected": f"{q}projected expenditure",
        "variance": f"{q}projected variance",
        "movement": f"movement in projected variance from Q{(t.quarter or 2) - 1} to Q{t.quarter}",
        "outturn": "outturn",
        "savings": "savings",
        "growth": "growth",
        "net": "net (growth − savings)",
    }[t.what]
    return f"{words} of {t.service}" if t.service else f"total {words}"


def check_printed(t: PrintedTotal, records: MoneyRecords) -> Problem | None:
    """The problem with one printed figure, or None when its lines give it."""
    value, why = computed(t, records)
    if value is not None and _rounded(value, t.figure) == t.figure:
        return None
    printed = f"{label(t)} for {t.year} is printed as {amount_k(t.figure)} ({t.source})"
    if value is None:
        reason = f"the {printed}, but it cannot be checked: {why}"
    else:
        reason = f"the {printed} but {why} give {amount_k(value)}"
    return Problem(
        t.source.document, t.source.row, t.column, reason, TOTAL_RULE, amount_k(t.figure)
    )


def _rounded(value: Decimal, like: Decimal) -> Decimal:
    places = max(0, -int(like.as_tuple().exponent))
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def computed(t: PrintedTotal, records: MoneyRecords) -> tuple[Decimal | None, str]:
    """The figure the lines give for ``t``, and what gives it (or, when None, why not)."""
    if t.what in BUDGET_KINDS:
        return _budget_figure(t, records)
    proposals = records.proposals
    totals = mtfs.year_totals(proposals, t.year)
    value = {"savings": totals.savings, "growth": totals.growth, "net": totals.net}[t.what]
    if value is None:
        return None, f"no MTFS proposal states an amount for {t.year}"
    wanted = {"savings": ("saving",), "growth": ("growth",)}.get(t.what, ("saving", "growth"))
    n = sum(1 for p in proposals if p.category in wanted and t.year in p.amounts)
    return value, f"its {n} proposals"


def _budget_figure(t: PrintedTotal, records: MoneyRecords) -> tuple[Decimal | None, str]:
    lines = budget.of_year(records.budget_lines, t.year)
    if t.service is not None:
        line = budget.find(lines, t.year, t.service)
        if line is None:
            return None, f"there is no budget line for {t.service} in {t.year}"
        lines = [line]
    if not lines:
        return None, f"there are no budget lines for {t.year}"
    q = t.quarter or 1
    if t.what in ("projected", "variance", "movement") and t.quarter not in (1, 2, 3, 4):
        return None, "it names no quarter (Q1 to Q4)"
    if t.what == "movement" and q == 1:
        return None, "a movement is from one quarter to the next (Q2 to Q4)"
    if t.what == "budget":
        return budget.total_budget(lines, t.year), _lines(lines)
    if t.what == "outturn":
        unknown = [x.service for x in lines if x.outturn is None]
        if unknown:
            return None, f"no outturn is entered for {', '.join(unknown)}"
        return sum((x.outturn for x in lines if x.outturn is not None), Decimal(0)), _lines(lines)
    totals = budget.quarter_totals(lines, t.year, q)
    value = {"projected": totals.projected, "variance": totals.variance}.get(
        t.what, totals.movement
    )
    if value is None:
        blank = totals.missing or budget.quarter_totals(lines, t.year, q - 1).missing
        quarter = q if totals.missing else q - 1
        return None, f"no Q{quarter} projection is entered for {', '.join(blank)}"
    return value, _lines(lines)


def _lines(lines: list[BudgetLine]) -> str:
    return "its line's figures" if len(lines) == 1 else f"its {len(lines)} lines"
