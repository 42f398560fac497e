"""Where the pack's finance and delivery section gets its records: the analyst's files (read with
the money and delivery templates' own readers and spend.py's), or the seed papers' figures for
the demo. One place, so that ``csc report`` and ``csc demo`` read them alike and the lead can
later add the dashboard's database as another source.

Every file is read before anything is refused: a faulty file refuses the pack with every
problem of every file, naming file, sheet, row, column and reason, and nothing is used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from csc_insight.costs.model import CostRow
from csc_insight.delivery.model import DeliveryRecords
from csc_insight.errors import CscError, Problem, ReaderError
from csc_insight.money import spend
from csc_insight.money.model import MoneyRecords


@dataclass(frozen=True)
class FinanceInputs:
    money: MoneyRecords | None = None
    delivery: DeliveryRecords | None = None
    spend_lines: tuple[spend.SpendLine, ...] = ()
    #: Placement and package cost rows (costs/); None: no cost part.
    costs: tuple[CostRow, ...] | None = None

    def __bool__(self) -> bool:
        return bool(self.money or self.delivery or self.spend_lines or self.costs is not None)


def seed_inputs() -> FinanceInputs:
    """The seed papers' finance, projects and plan, and the demo spend file."""
    from csc_insight.delivery import demo as delivery_demo
    from csc_insight.money import demo as money_demo

    return FinanceInputs(
        money_demo.seed_records(), delivery_demo.seed_records(), spend.demo_lines()
    )


def read_inputs(
    money_paths: Sequence[Path] = (),
    delivery_paths: Sequence[Path] = (),
    spend_paths: Sequence[Path] = (),
    *,
    demo: bool = False,
    costs_paths: Sequence[Path] = (),
) -> FinanceInputs:
    """The records the files give (or, with ``demo``, the seed's); raises ``ReaderError`` with
    every problem when any file has one. ``costs_paths``: cost files (csc costs template),
    read with the others whatever ``demo`` says (the demo's costs are made from a store)."""
    if demo and (money_paths or delivery_paths or spend_paths):
        raise CscError("give the finance files or the demo figures, not both")
    problems: list[Problem] = []
    costs = _read_costs(costs_paths, problems)
    if demo:
        if problems:
            raise ReaderError(problems)
        return replace(seed_inputs(), costs=costs)
    from csc_insight.delivery import template_read as delivery_read
    from csc_insight.money import template_read as money_read

    money = delivery = None
    if money_paths:
        money, found = money_read.read_files(list(money_paths))
        problems += found
    if delivery_paths:
        delivery, found = delivery_read.read_files(list(delivery_paths))
        problems += found
    lines: list[spend.SpendLine] = []
    for path in spend_paths:
        got, found = spend.read_spend(path)
        problems += found
        lines += got
    if problems:
        raise ReaderError(problems)
    return FinanceInputs(money, delivery, tuple(lines), costs)


def _read_costs(paths: Sequence[Path], problems: list[Problem]) -> tuple[CostRow, ...] | None:
    """The cost files' rows (None: none given); their problems added to ``problems``."""
    if not paths:
        return None
    from csc_insight.costs import template_read as costs_read

    rows, found = costs_read.read_files(list(paths))
    problems += found
    return tuple(rows)
