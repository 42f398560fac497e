"""The finance and delivery section's money parts: budget monitoring (seed 000 Tables 1 and 2,
the year quarter by quarter, forecast accuracy), the MTFS (seed 003 Table 8), where figures
disagree, and spend against London and England with the MTFS path to close the gap. Every figure
is computed by money/ (budget.py, mtfs.py, checks.py, spend.py); this module chooses and orders.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from csc_insight.money import budget, checks, mtfs, spend
from csc_insight.money.model import BudgetLine, MoneyRecords, PrintedTotal, reference
from csc_insight.reports.finance_tables import Cell, Part, Row, Table, k, text

# -- budget monitoring --------------------------------------------------------------------------


def budget_part(money: MoneyRecords) -> Part:
    lines = money.budget_lines
    tables: list[Table] = []
    for year in budget.years(lines):
        q = budget.latest_quarter(lines, year) or 1
        mine = budget.of_year(lines, year)
        now = budget.quarter_totals(lines, year, q)
        rows = [
            Row((text(x.service), k(x.budget), k(x.projected_in(q)), k(budget.variance(x, q))))
            for x in mine
        ]
        rows.append(Row((text("Total"), k(now.budget), k(now.projected), k(now.variance)), True))
        tables.append(
            Table(
                f"Budget Q{q} {year}",
                f"Quarter {q} budget monitoring, {year} (£'000)",
                ("Service", "Current budget", "Projected expenditure", "Projected variance"),
                tuple(rows),
                "Variance = projected expenditure − budget: positive is an overspend. Totals are "
                "the sums of the lines.",
                (0,),
            )
        )
        if q > 1:
            before = budget.quarter_totals(lines, year, q - 1)
            moved = [
                Row(
                    (
                        text(x.service),
                        k(x.budget),
                        k(budget.variance(x, q - 1)),
                        k(budget.variance(x, q)),
                        k(budget.movement(x, q)),
                    )
                )
                for x in mine
            ]
            moved.append(
                Row(
                    (
                        text("Total"),
                        k(now.budget),
                        k(before.variance),
                        k(now.variance),
                        k(now.movement),
                    ),
                    True,
                )
            )
            tables.append(
                Table(
                    f"Movement Q{q} {year}",
                    f"Movement between Q{q - 1} and Q{q}, {year} (£'000)",
                    (
                        "Service",
                        "Current budget",
                        f"Q{q - 1} projected variance",
                        f"Q{q} projected variance",
                        f"Q{q - 1} to Q{q} movement",
                    ),
                    tuple(moved),
                    "Movement = this quarter's variance − the last quarter's.",
                    (0,),
                )
            )
        tables.append(_trend(lines, year))
        tables.append(_accuracy(lines, year))
    return Part(
        "budget",
        "Budget monitoring",
        "The directorate's budget and projected outturn by service, the latest quarter first, "
        "then the year quarter by quarter and, once the accounts are closed, how close each "
        "quarter's projection came to the final outturn.",
        tuple(tables),
    )


def _trend(lines: Sequence[BudgetLine], year: str) -> Table:
    rows = []
    for t in budget.trend(lines, year):
        blank = f"not projected: {', '.join(t.missing)}" if t.missing else ""
        rows.append(
            Row(
                (
                    text(f"Q{t.quarter}"),
                    k(t.budget),
                    k(t.projected),
                    k(t.variance),
                    k(t.movement),
                    text(blank),
                )
            )
        )
    return Table(
        f"Trend {year}",
        f"The year quarter by quarter, {year} (£'000)",
        ("Quarter", "Budget", "Projected expenditure", "Projected variance", "Movement", "Note"),
        tuple(rows),
        "A quarter's total is given only when every service has a projection for it.",
        (5,),
    )


def _accuracy(lines: Sequence[BudgetLine], year: str) -> Table:
    found = budget.forecast_accuracy(lines, year)
    rows = [
        Row(
            (
                text(a.service or "Total"),
                text(f"Q{a.quarter}"),
                k(a.projected),
                k(a.outturn),
                k(a.error),
                Cell(_pct(a.error, a.outturn), "pct"),
            ),
            a.service is None,
        )
        for a in found
    ]
    note = (
        "Error = projected − final outturn: positive, the projection was too high. Percentage "
        "of the outturn, to the whole per cent."
    )
    if not found:
        note = (
            f"No final outturn is entered for {year} yet: each quarter's projection is set "
            "against it here once the accounts are closed."
        )
    return Table(
        f"Accuracy {year}",
        f"Forecast accuracy: projected against final outturn, {year} (£'000)",
        ("Service", "Quarter", "Projected", "Final outturn", "Error", "Error %"),
        tuple(rows),
        note,
        (0,),
    )


def _pct(part: Decimal, whole: Decimal) -> int | None:
    if whole == 0:
        return None
    return int((part * 100 / whole).quantize(Decimal(1), ROUND_HALF_UP))


# -- MTFS ---------------------------------------------------------------------------------------


def mtfs_part(money: MoneyRecords) -> Part:
    proposals = money.proposals
    ys = mtfs.years(proposals)
    totals = mtfs.totals(proposals, ys)
    rows: list[Row] = []
    for category, label in (("saving", "Total savings"), ("growth", "Total growth")):
        sign = -1 if category == "saving" else 1
        for p in proposals:
            if p.category == category:
                cells = [_signed(p.amounts.get(y), sign) for y in ys]
                rows.append(Row((text(p.name), *cells, text(p.ref))))
        figures = [t.savings if sign < 0 else t.growth for t in totals]
        rows.append(Row((text(label), *(_signed(v, sign) for v in figures), text("")), True))
    rows.append(
        Row((text("Net (growth − savings)"), *(_signed(t.net, 1) for t in totals), text("")), True)
    )
    return Part(
        "mtfs",
        "Medium Term Financial Strategy",
        "Savings and growth by year, as seed 003's Table 8 sets them out: savings in brackets, "
        "each total and the net computed from the proposals.",
        (
            Table(
                "MTFS",
                "MTFS proposals (£'000; savings in brackets)",
                ("Proposal", *(y.replace("-", "/") for y in ys), "Reference"),
                tuple(rows),
                "Net = growth − savings: in brackets, a net reduction. A blank year: the "
                "proposal states no amount for it; '-' is a nil.",
                (0,),
            ),
        ),
    )


def _signed(v: Decimal | None, sign: int) -> Cell:
    return Cell(None if v is None else v * sign, "mtfs")


# -- disagreements ------------------------------------------------------------------------------


def disagreements(money: MoneyRecords) -> Part | None:
    """Every figure given twice that disagrees, with both and where each came from; None when
    nothing is given twice."""
    if not money.profiles and not money.printed:
        return None
    rows: list[Row] = []
    by_ref = {reference(p.ref): p for p in money.proposals if p.ref}
    for prof in money.profiles:
        p = by_ref.get(reference(prof.ref))
        if p is None:
            rows.append(
                Row(
                    (
                        text(f"{prof.ref} ({prof.name})"),
                        text(""),
                        text("in no MTFS summary"),
                        text(""),
                        text(""),
                        text(str(prof.source)),
                    )
                )
            )
            continue
        for year in sorted(set(p.amounts) & set(prof.amounts)):
            if p.amounts[year] != prof.amounts[year]:
                rows.append(
                    Row(
                        (
                            text(
                                f"{p.ref} {p.name}: {p.category} in the MTFS summary and in "
                                "the project's own profile"
                            ),
                            text(year),
                            k(p.amounts[year]),
                            text(str(p.source)),
                            k(prof.amounts[year]),
                            text(str(prof.source)),
                        )
                    )
                )
    rows += [row for t in money.printed if (row := _printed_row(t, money)) is not None]
    note = (
        "Both figures are kept and neither is chosen: the tables above use the MTFS summary's "
        "figure and the totals computed from the lines, until the source that is wrong is "
        "corrected."
    )
    if not rows:
        note = "Every figure given twice agrees: each printed total is what its lines give."
    return Part(
        "disagreements",
        "Where figures disagree",
        "The same figure typed in two places, or a printed total, that do not agree: both "
        "figures and where each came from.",
        (
            Table(
                "Disagreements",
                "Figures that disagree (£'000)",
                ("What", "Year", "Figure", "Where from", "Other figure", "Where from"),
                tuple(rows),
                note,
                (0, 3, 5),
            ),
        ),
    )


def _printed_row(t: PrintedTotal, money: MoneyRecords) -> Row | None:
    if checks.check_printed(t, money) is None:
        return None
    value, why = checks.computed(t, money)
    return Row(
        (
            text(f"The {checks.label(t)}: printed, and computed from the lines"),
            text(t.year),
            k(t.figure),
            text(str(t.source) + (f", column {t.column}" if t.column else "")),
            k(value) if value is not None else text("cannot be computed"),
            text(f"computed from {why}" if value is not None else why),
        )
    )


# -- spend against London and England ------------------------------------------------------------


def spend_part(lines: Sequence[spend.SpendLine], money: MoneyRecords) -> Part:
    tables: list[Table] = []
    for year in spend.years(lines):
        mine = spend.of_year(lines, year)
        rows = [
            Row(
                (
                    text(x.service_line + ("" if x.in_gap else " (not in the gap)")),
                    k(x.council_k),
                    Cell(x.council_per_child, "pounds"),
                    Cell(x.london_per_child, "pounds"),
                    Cell(x.england_per_child, "pounds"),
                    k(x.london_k),
                    k(x.gap_london_k),
                    k(x.gap_england_k),
                )
            )
            for x in mine
        ]
        g = spend.gap(lines, year)
        rows.append(
            Row(
                (
                    text("Total counted in the gap"),
                    k(g.council_k),
                    text(""),
                    text(""),
                    text(""),
                    k(g.london_k),
                    k(g.gap_london_k),
                    k(g.gap_england_k),
                ),
                True,
            )
        )
        left = f" Not counted in the gap: {', '.join(g.left_out)}." if g.left_out else ""
        tables.append(
            Table(
                f"Spend {year}",
                f"Spend per child against London and England, {year}",
                (
                    "Service line",
                    "Council £'000",
                    "Council £ per child",
                    "London £ per child",
                    "England £ per child",
                    "At the London average £'000",
                    "Gap to London £'000",
                    "Gap to England £'000",
                ),
                tuple(rows),
                "Per child: net spend ÷ the council's population aged 0 to 17. At the London "
                "average: London's spend per child × the council's children. Gap: the council's "
                "spend − that (positive: the council spends more)." + left,
                (0,),
            )
        )
        if g.gap_london_k is not None and money.proposals:
            steps = spend.path(g.gap_london_k, money.proposals)
            tables.append(
                Table(
                    f"Gap path {year}",
                    f"The MTFS path to close the {year} gap to London (£'000)",
                    ("Year", "Savings", "Savings to date", "Gap left"),
                    (
                        Row((text(year), text(""), text(""), k(g.gap_london_k))),
                        *(
                            Row(
                                (
                                    text(s.year),
                                    k(s.savings_k),
                                    k(s.savings_to_date_k),
                                    k(s.gap_left_k),
                                )
                            )
                            for s in steps
                        ),
                    ),
                    "Gap left = the gap less the MTFS savings to date, if every saving is "
                    "delivered (below 0: under the London average). Growth is not added: it "
                    "funds pressures already spent. Every saving counts, as seed 003's "
                    "trajectory takes the whole MTFS.",
                )
            )
    return Part(
        "spend",
        "Spend against London and England",
        "The council's net spend per child by service line against the London and England "
        "averages (the DfE's section 251 outturn), the gap, and the MTFS savings that close it.",
        tuple(tables),
    )
