"""The money records: budget lines, MTFS proposals, projects' savings profiles, printed totals.

Money is in £ thousands (£k), as the committee papers print it, held as ``Decimal`` so that a
sum of lines is exact. The sign convention, written down once here:

- A budget line's budget, projected expenditure and outturn are amounts of spend, 0 or more.
  Variance = projected expenditure − budget: positive is an overspend, negative an underspend
  (seed 000 prints an underspend as -267). Movement = this quarter's variance − the last one's.
- An MTFS proposal's amount is its size, 0 or more; its category says which way it goes: a
  saving reduces the budget, a growth adds to it. So a saving of £424k is stored as 424, and
  shown in brackets, (424), as the seed prints it. Net = growth − savings: negative is a net
  reduction, shown in brackets too: (4,609).
- A blank is "not entered" (None), never 0: a quarter not yet projected, an outturn not yet
  known, a year a project's profile does not state. A nil a document prints ("-") is 0.

A figure is computed, never typed: variances, movements and totals come from the lines
(budget.py, mtfs.py). A total a document prints is kept as a ``PrintedTotal`` with where it was
printed, so that when it disagrees with its lines both can be named (checks.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

#: The quarters of a financial year: Q1 is April to June.
QUARTERS = (1, 2, 3, 4)

Category = Literal["saving", "growth"]
CATEGORIES: tuple[Category, ...] = ("saving", "growth")

#: What a printed total is the total of. Budget monitoring: ``budget``, ``outturn``, and per
#: quarter ``projected`` (expenditure), ``variance`` and ``movement`` (since the quarter before).
#: MTFS, per financial year: ``savings``, ``growth`` and ``net``.
TotalKind = Literal[
    "budget", "projected", "variance", "movement", "outturn", "savings", "growth", "net"
]
BUDGET_KINDS: tuple[TotalKind, ...] = ("budget", "projected", "variance", "movement", "outturn")
MTFS_KINDS: tuple[TotalKind, ...] = ("savings", "growth", "net")


@dataclass(frozen=True)
class Source:
    """Where a figure came from: a file (and sheet) and its row, or a document and its place.

    >>> str(Source("budget.xlsx [Budget lines]", "Q3 report, Table 1", 4))
    'budget.xlsx [Budget lines], row 4 (taken from Q3 report, Table 1)'
    >>> str(Source("seed 003 (CFE Delivery Plan 2021-24)", "Table 8"))
    'seed 003 (CFE Delivery Plan 2021-24), Table 8'
    """

    document: str  # a file (with its sheet: "F.xlsx [Budget lines]") or a paper
    where: str | None = None  # the place in the paper; for a file's row, what it was taken from
    row: int | None = None

    def __str__(self) -> str:
        if self.row is None:
            return f"{self.document}, {self.where}" if self.where else self.document
        text = f"{self.document}, row {self.row}"
        return f"{text} (taken from {self.where})" if self.where else text


@dataclass(frozen=True)
class Entry:
    """Who entered a record and when (the dashboard keeps every change; a file says it once)."""

    by: str
    on: date


@dataclass(frozen=True)
class BudgetLine:
    """One service's budget for a financial year and its projected expenditure, quarter by quarter.

    ``projected`` is Q1 to Q4 as entered (None: not yet projected); ``outturn`` the final spend,
    once the accounts are closed."""

    year: str  # "2020-21"
    service: str
    budget: Decimal
    projected: tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None]
    outturn: Decimal | None
    entry: Entry
    source: Source
    note: str | None = None

    def projected_in(self, quarter: int) -> Decimal | None:
        return self.projected[quarter - 1]


@dataclass(frozen=True)
class MtfsProposal:
    """A saving or a growth of the MTFS, as the summary table lists it: its amount per financial
    year (years it leaves out are absent; a nil it prints is 0)."""

    ref: str | None  # "CFE SAV02"; some proposals have none
    name: str
    owner: str | None
    category: Category
    amounts: Mapping[str, Decimal]  # financial year -> £k, 0 or more (see the sign convention)
    entry: Entry
    source: Source
    note: str | None = None


@dataclass(frozen=True)
class ProjectProfile:
    """A project's own savings (or growth) profile, as its project overview states it: the
    second source of a proposal's figures, kept beside the summary's and compared with it."""

    ref: str
    name: str
    manager: str | None
    amounts: Mapping[str, Decimal]
    entry: Entry
    source: Source
    note: str | None = None


@dataclass(frozen=True)
class PrintedTotal:
    """A figure a document prints that the system computes: a total of lines (``service`` None)
    or one line's own derived figure (Table 1's variance for one service). Kept to be checked,
    never used as a figure."""

    what: TotalKind
    year: str
    figure: Decimal
    source: Source
    quarter: int | None = None  # for projected, variance and movement
    service: str | None = None
    column: str | None = None  # the column it was printed in, when the source has columns


@dataclass(frozen=True)
class MoneyRecords:
    """Everything one file (or the demo) gives, in the order it gave it."""

    budget_lines: tuple[BudgetLine, ...] = ()
    proposals: tuple[MtfsProposal, ...] = ()
    profiles: tuple[ProjectProfile, ...] = ()
    printed: tuple[PrintedTotal, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.budget_lines or self.proposals or self.profiles or self.printed)


_YEAR = re.compile(r"^\s*(\d{4})\s*[-/–]\s*(\d{2}|\d{4})\s*$")


def year_label(text: str) -> str | None:
    """A financial year as the pack labels it, from the ways people write it; None if it is not one.

    >>> year_label("2021/22"), year_label("2021-2022"), year_label(" 2020-21 ")
    ('2021-22', '2021-22', '2020-21')
    >>> year_label("2021-23") is None, year_label("21/22") is None
    (True, True)
    """
    m = _YEAR.match(text)
    if not m:
        return None
    first, second = int(m.group(1)), m.group(2)
    end = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
    if len(second) == 2 and end < first:
        end += 100  # 1999-00
    if end != first + 1:
        return None
    return f"{first}-{end % 100:02d}"


def same_name(a: str, b: str) -> bool:
    """Names (services, references) match ignoring case, spaces and punctuation."""
    return name_key(a) == name_key(b)


def name_key(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def reference(text: str) -> str:
    """A reference as printed, spaces tidied and upper case: ``cfe  sav02`` -> ``CFE SAV02``."""
    return " ".join(text.split()).upper()
