"""The pack's finance and delivery section as data: tables of cells, built once from the money and
delivery records (and the store's results, for the guardrails), drawn by every renderer.

The section follows the seed papers: seed 000's budget monitoring (Table 1 at the latest quarter,
Table 2 the movement since the quarter before) with the year quarter by quarter, forecast
accuracy once the final outturn is known, the placement and package cost tracker in aggregate
(finance_costs.py, issue 20 item 6), seed 003's MTFS (Table 8, savings in brackets), every place
two figures for the same thing disagree with both figures and where each came from, spend
against London and England with the MTFS path to close the gap, the delivery tracker with beside
each saving its guardrails, and seed 004's improvement plan.

Every figure is computed by money/, costs/ and delivery/ (budget.py, mtfs.py, checks.py, spend.py,
status.py, guardrails.py, plan.py); this module only chooses and orders them. A cell keeps its
number (a ``Decimal``, an ``int``) and says how it prints (``kind``), so the HTML prints text and
the workbook stores the number with a matching number format. The section is optional: a pack
without money or delivery records has none (``build`` returns None).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import duckdb

from csc_insight.costs.view import View as CostView
from csc_insight.delivery.model import DeliveryRecords
from csc_insight.money import spend
from csc_insight.money.model import MoneyRecords
from csc_insight.reports import finance_costs, finance_delivery, finance_money
from csc_insight.reports.finance_tables import Cell, Part, Row, Table

__all__ = ["TITLE", "Cell", "FinanceSection", "Part", "Row", "Table", "build"]

TITLE = "Finance and delivery"


@dataclass
class FinanceSection:
    as_at: date
    parts: list[Part] = field(default_factory=list)

    def tables(self) -> list[Table]:
        return [t for p in self.parts for t in p.tables]

    def table(self, key: str) -> Table:
        return next(t for t in self.tables() if t.key == key)


def build(
    money: MoneyRecords | None,
    delivery: DeliveryRecords | None,
    as_at: date,
    *,
    con: duckdb.DuckDBPyConnection | None = None,
    month: str | None = None,
    spend_lines: Sequence[spend.SpendLine] = (),
    published: bool = False,
    threshold: int = 5,
    costs: CostView | None = None,
) -> FinanceSection | None:
    """The section at ``as_at`` (the pack's month end), or None when nothing is given.

    ``con`` and ``month``: the store's results, to judge each saving's guardrails at the pack's
    month (not checked without them). ``published``: a guardrail's count at or under
    ``threshold`` prints as ``c``, as the pack's own tables do. ``costs``: the cost tracker
    run as at ``as_at`` (finance_costs.view_for), shown in aggregate after the budget."""
    money = money or MoneyRecords()
    delivery = delivery or DeliveryRecords()
    if not money and not delivery and not spend_lines and costs is None:
        return None
    section = FinanceSection(as_at)
    if money.budget_lines:
        section.parts.append(finance_money.budget_part(money))
    if costs is not None:
        section.parts.append(finance_costs.costs_part(costs, published, threshold))
    if money.proposals:
        section.parts.append(finance_money.mtfs_part(money))
    disagreements = finance_money.disagreements(money)
    if disagreements is not None:
        section.parts.append(disagreements)
    if spend_lines:
        section.parts.append(finance_money.spend_part(spend_lines, money))
    if delivery.projects:
        checked = finance_delivery.guardrails(delivery, con, month)
        section.parts.append(
            finance_delivery.delivery_part(
                delivery, money, as_at, checked, con, published, threshold
            )
        )
    if delivery.workstreams:
        section.parts.append(finance_delivery.plan_part(delivery, as_at))
    return section
