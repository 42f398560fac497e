"""The finance tables as the seed papers print them, as plain text for the terminal: budget
monitoring for a quarter (seed 000 Table 1), the movement since the quarter before (Table 2) and
the MTFS proposals with their totals (seed 003 Table 8, savings in brackets). Every figure is
computed from the records (budget.py, mtfs.py); nothing printed here is typed by anyone.

>>> from csc_insight.money.demo import seed_records
>>> table_1(seed_records().budget_lines, "2020-21").splitlines()[-1].split()
['Total', '105,683', '128,902', '23,219']
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from csc_insight.money import budget, checks, mtfs
from csc_insight.money.model import BudgetLine, MoneyRecords, MtfsProposal
from csc_insight.reports.formatting import amount_k

#: The widest a service or proposal name prints before it is cut short.
NAME_WIDTH = 80


def _table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A title, then columns: the first left-aligned, the figures right-aligned."""
    width = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    out = [title]
    for r in [header, *rows]:
        cells = [r[0].ljust(width[0])] + [
            c.rjust(max(w, 10)) for c, w in zip(r[1:], width[1:], strict=True)
        ]
        out.append("  ".join(cells).rstrip())
    return "\n".join(out)


def _name(text: str) -> str:
    return text if len(text) <= NAME_WIDTH else text[: NAME_WIDTH - 1] + "…"


def _k(v: Decimal | None) -> str:
    return amount_k(v)


def table_1(lines: Sequence[BudgetLine], year: str, quarter: int | None = None) -> str:
    """Budget monitoring at a quarter (default: the latest every line is projected for)."""
    q = quarter or budget.latest_quarter(lines, year) or 1
    rows = [
        [_name(x.service), _k(x.budget), _k(x.projected_in(q)), _k(budget.variance(x, q))]
        for x in budget.of_year(lines, year)
    ]
    t = budget.quarter_totals(lines, year, q)
    rows.append(["Total", _k(t.budget), _k(t.projected), _k(t.variance)])
    header = ["Service", "Current budget", "Projected expenditure", "Projected variance"]
    return _table(f"Quarter {q} budget monitoring, {year} (£'000)", header, rows)


def table_2(lines: Sequence[BudgetLine], year: str, quarter: int | None = None) -> str:
    """The movement in projected variance from the quarter before to ``quarter`` (default: the
    latest every line is projected for; Q2 at the earliest)."""
    q = max(2, quarter or budget.latest_quarter(lines, year) or 2)
    rows = [
        [
            _name(x.service),
            _k(x.budget),
            _k(budget.variance(x, q - 1)),
            _k(budget.variance(x, q)),
            _k(budget.movement(x, q)),
        ]
        for x in budget.of_year(lines, year)
    ]
    before, now = budget.quarter_totals(lines, year, q - 1), budget.quarter_totals(lines, year, q)
    rows.append(["Total", _k(now.budget), _k(before.variance), _k(now.variance), _k(now.movement)])
    header = [
        "Service",
        "Current budget",
        f"Q{q - 1} projected variance",
        f"Q{q} projected variance",
        f"Q{q - 1} to Q{q} movement",
    ]
    return _table(f"Movement between Q{q - 1} and Q{q}, {year} (£'000)", header, rows)


def _mtfs_cell(v: Decimal | None, negate: bool) -> str:
    """A saving as the seed prints it, (424); a nil as '-'; a year not stated blank."""
    if v is None:
        return ""
    return amount_k(-v if negate else v, brackets=True, nil="-")


def table_8(proposals: Sequence[MtfsProposal], years: Sequence[str] | None = None) -> str:
    """The MTFS proposals, savings first, each part with its total, then the net."""
    ys = list(years or mtfs.years(proposals))
    totals = mtfs.totals(proposals, ys)
    rows: list[list[str]] = []
    for category, label in (("saving", "Total savings"), ("growth", "Total growth")):
        negate = category == "saving"
        for p in proposals:
            if p.category == category:
                cells = (_mtfs_cell(p.amounts.get(y), negate) for y in ys)
                rows.append([_name(p.name), *cells, p.ref or ""])
        figures = [t.savings if negate else t.growth for t in totals]
        rows.append([label, *(_mtfs_cell(v, negate) for v in figures), ""])
    rows.append(["Net (growth − savings)", *(_mtfs_cell(t.net, False) for t in totals), ""])
    header = ["Proposal", *(y.replace("-", "/") for y in ys), "Reference"]
    return _table("MTFS proposals (£'000; savings in brackets)", header, rows)


def report(records: MoneyRecords) -> str:
    """Everything, for ``csc money show``: each year's budget monitoring at its latest quarter
    (and the movement since the quarter before), the MTFS, then every disagreement."""
    parts: list[str] = []
    lines = records.budget_lines
    for year in budget.years(lines):
        parts.append(table_1(lines, year))
        if (budget.latest_quarter(lines, year) or 1) > 1:
            parts.append(table_2(lines, year))
    if records.proposals:
        parts.append(table_8(records.proposals))
    problems = checks.problems(records)
    if problems:
        parts.append(
            f"{len(problems)} disagreement{'s' if len(problems) != 1 else ''}:\n"
            + "\n".join(f"- {p}" for p in problems)
        )
    return "\n\n".join(parts) if parts else "No budget lines or MTFS proposals."
