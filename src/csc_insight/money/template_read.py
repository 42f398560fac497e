"""Reading the money template back: the workbook template.py writes (its three sheets), or
CSV files of the same columns (one sheet each, recognised by its header).

A load lands whole or not at all: every row of every file is checked, each problem is named
with its file and sheet (``money.xlsx [Budget lines]``), row (as the spreadsheet numbers it),
column (as headed in the file) and reason, and when there is any problem *no* record is
returned. What is checked: a file that is not a workbook or not UTF-8 text (refused by name),
a sheet's missing or unknown columns, an amount that is not a number or is below 0 (only a Net
row may be negative), a year, date or category that is not one, a required value missing, an
entry dated after today, and a row whose key another row has (a service twice in a year, a
reference twice). The workbook is checked for soundness and size before openpyxl opens it
(formats/xlsx_limits.py), as every workbook csc reads.

Disagreements between the figures (a printed total, two sources of a proposal) are not
problems with the file: the records are returned and checks.py reports them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from csc_insight.entry import read
from csc_insight.entry.read import BadValue, Row, SheetReader
from csc_insight.errors import Problem, quoted
from csc_insight.money.columns import (
    BOOK,
    BUDGET,
    CATEGORIES,
    MTFS,
    SHEETS,
    Sheet,
    year_of_header,
)
from csc_insight.money.model import (
    QUARTERS,
    BudgetLine,
    Category,
    Entry,
    MoneyRecords,
    MtfsProposal,
    PrintedTotal,
    ProjectProfile,
    Source,
    TotalKind,
    name_key,
    reference,
    year_label,
)

#: An amount above this (£10bn, in £ thousands) was typed in pounds.
MAX_AMOUNT = Decimal(10_000_000)


def read_template(path: Path, today: date | None = None) -> tuple[MoneyRecords, list[Problem]]:
    """The records of a money workbook (or one CSV sheet), and its problems: when there is any
    problem, no records (empty ``MoneyRecords``)."""
    return read_files([path], today)


def read_files(
    paths: Sequence[Path], today: date | None = None
) -> tuple[MoneyRecords, list[Problem]]:
    """The records of several files read as one load (keys checked across them): all of them,
    or none when any file has a problem."""
    readers, problems = read.read_load(paths, BOOK, _sheet_of, _SheetReader, today or date.today())
    if problems:
        return MoneyRecords(), problems
    return _records(readers), []


def _records(readers: Sequence[_SheetReader]) -> MoneyRecords:
    lines = tuple(x for r in readers for x in r.lines)
    proposals = tuple(x for r in readers for x in r.proposals)
    profiles = tuple(x for r in readers for x in r.profiles)
    printed = tuple(x for r in readers for x in r.printed)
    return MoneyRecords(lines, proposals, profiles, printed)


def _sheet_of(header: Sequence[str]) -> Sheet | None:
    """The sheet whose required columns a CSV header has most of (at least half)."""
    best: tuple[float, Sheet] | None = None
    for s in SHEETS:
        required = [c for c in s.columns if c.mandatory]
        hits = sum(any(c.matches(h) for h in header) for c in required)
        years = any(year_of_header(h) for h in header)
        if s.years_after is None and years:
            hits -= 1  # year columns: an MTFS or profile sheet
        share = hits / len(required)
        if share >= 0.5 and (best is None or share > best[0]):
            best = (share, s)
    return best[1] if best else None


# -- values -----------------------------------------------------------------------------------

_AMOUNT = re.compile(r"^£?(?:\d{1,3}(?:,\d{3})+|\d*)(?:\.\d+)?$")
#: Places an amount in £k keeps: to the pound (a workbook's float arithmetic leaves noise).
PLACES = Decimal("0.001")


def money(text: str, *, signed: bool = False) -> Decimal:
    """An amount in £k as people type it: 9050, 9,050, £9,050, 424.5; '-' is nil; (4,609) and
    -4609 are negative, accepted only where ``signed``. Kept to the pound (3 places)."""
    t = text.strip()
    if t in ("-", "–", "—"):
        return Decimal(0)
    negative = (t.startswith("(") and t.endswith(")")) or t.startswith("-")
    inner = t[1:-1] if t.startswith("(") and t.endswith(")") else t.removeprefix("-")
    inner = inner.replace(" ", "")
    if not inner or not _AMOUNT.match(inner) or not re.search(r"\d", inner):
        raise BadValue(
            f"{quoted(text)} is not an amount (expected £ thousands, e.g. 9050 or 9,050)",
            "value-number",
        )
    value = Decimal(inner.replace("£", "").replace(",", ""))
    if value != value.quantize(PLACES):
        value = value.quantize(PLACES, rounding=ROUND_HALF_UP)
    if value > MAX_AMOUNT:
        raise BadValue(
            f"{quoted(text)} is more than £10bn: amounts are in £ thousands (9050 for £9.05m)",
            "value-number",
        )
    if negative and value and not signed:
        raise BadValue(
            f"{quoted(text)} is below 0: enter the amount as a positive figure (a saving as "
            "the amount saved, 424 for £424k, with Category Saving)",
            "money-negative",
        )
    return -value if negative and value else value


def day(text: str, today: date) -> date:
    """The day a row was entered: not after today."""
    return read.day(text, today, why=": the day it was entered")


def year(text: str) -> str:
    y = year_label(text)
    if y is None:
        raise BadValue(
            f"{quoted(text)} is not a financial year (expected 2021-22 or 2021/22)", "value-code"
        )
    return y


def category(text: str) -> str:
    c = CATEGORIES.get(re.sub(r"[^0-9a-z]+", "", text.lower()))
    if c is None:
        raise BadValue(
            f"{quoted(text)} is not a category (expected Saving or Growth; Total savings, "
            "Total growth or Net for a printed total)",
            "value-code",
        )
    return c


# -- one sheet --------------------------------------------------------------------------------

#: The Category of a printed total's row -> what it is the total of.
_TOTALS: dict[str, TotalKind] = {"savings": "savings", "growth_total": "growth", "net": "net"}


@dataclass
class _SheetReader(SheetReader):
    lines: list[BudgetLine] = field(default_factory=list)
    proposals: list[MtfsProposal] = field(default_factory=list)
    profiles: list[ProjectProfile] = field(default_factory=list)
    printed: list[PrintedTotal] = field(default_factory=list)

    #: An MTFS or profile sheet holds amounts by year: without a year column it holds none.
    years_required = True

    def row(self, row: Row) -> None:
        if self.sheet is BUDGET:
            self._budget(row)
        elif self.sheet is MTFS:
            self._mtfs(row)
        else:
            self._profile(row)

    def _entry(self, row: Row, *, required: bool = True) -> Entry | None:
        """Who entered the row and when: required of a record, not of a printed total's row."""
        by = row.get("entered_by", str, required=required)
        on = row.get("entered_on", lambda t: day(t, self.today), required=required)
        return None if by is None or on is None else Entry(by, on)

    def _source(self, row: Row) -> Source:
        return Source(self.table.label, row.text("taken_from") or None, row.n)

    def _budget(self, row: Row) -> None:
        y, service = row.get("year", year), row.get("service", str)
        total = service is not None and name_key(service) == "total"
        amount = row.get("budget", money, required=not total)
        projected = [row.get(f"q{q}", money, required=False) for q in QUARTERS]
        outturn = row.get("outturn", money, required=False)
        entry = self._entry(row, required=not total)
        if y is None or service is None or row.bad:
            return
        self.key(row, (y, name_key(service)), "Financial year and Service", "service")
        if total:
            self._budget_totals(row, y, amount, projected, outturn)
            return
        assert amount is not None and entry is not None
        q1, q2, q3, q4 = projected
        note = row.text("note") or None
        self.lines.append(
            BudgetLine(
                y, service, amount, (q1, q2, q3, q4), outturn, entry, self._source(row), note
            )
        )

    def _budget_totals(
        self,
        row: Row,
        y: str,
        amount: Decimal | None,
        projected: list[Decimal | None],
        outturn: Decimal | None,
    ) -> None:
        given: list[tuple[TotalKind, int | None, Decimal | None, str]] = [
            ("budget", None, amount, "budget"),
            *(("projected", q, projected[q - 1], f"q{q}") for q in QUARTERS),
            ("outturn", None, outturn, "outturn"),
        ]
        for what, q, figure, col in given:
            if figure is not None:
                self.printed.append(
                    PrintedTotal(what, y, figure, self._source(row), q, None, row.header(col))
                )

    def _mtfs(self, row: Row) -> None:
        ref = row.get("ref", reference, required=False)
        name, cat = row.get("name", str), row.get("category", category)
        owner = row.get("owner", str, required=False)
        amounts = row.amounts(lambda t: money(t, signed=cat == "net"))
        entry = self._entry(row, required=cat in ("saving", "growth", None))
        if not amounts and not row.bad:
            row.fail(None, "no amount in any year column", "value-missing")
        if name is None or cat is None or row.bad:
            return
        if cat in ("saving", "growth"):
            assert entry is not None
            key = (ref,) if ref else (name_key(name), cat)
            what = "Reference" if ref else "Proposal and Category, and no Reference"
            self.key(row, ("mtfs", *key), what, "ref" if ref else "name")
            kind: Category = "saving" if cat == "saving" else "growth"
            self.proposals.append(
                MtfsProposal(
                    ref,
                    name,
                    owner,
                    kind,
                    amounts,
                    entry,
                    self._source(row),
                    row.text("note") or None,
                )
            )
            return
        self.key(row, ("mtfs-total", cat), "Category", "category")
        total = _TOTALS[cat]
        for y, figure in amounts.items():
            column = next(h for _, yy, h in self.years if yy == y)
            self.printed.append(PrintedTotal(total, y, figure, self._source(row), column=column))

    def _profile(self, row: Row) -> None:
        ref, name = row.get("ref", reference), row.get("name", str)
        manager = row.get("manager", str, required=False)
        amounts = row.amounts(money)
        entry = self._entry(row)
        if not amounts and not row.bad:
            row.fail(None, "no amount in any year column", "value-missing")
        if ref is None or name is None or entry is None or row.bad:
            return
        self.key(row, ("profile", ref), "Reference", "ref")
        self.profiles.append(
            ProjectProfile(
                ref, name, manager, amounts, entry, self._source(row), row.text("note") or None
            )
        )
