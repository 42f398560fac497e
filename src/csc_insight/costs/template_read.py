"""Reading the cost template back: the workbook template.py writes (its Costs sheet), or a CSV
file of the same columns, through the shared entry-workbook reader (entry/read.py).

A load lands whole or not at all: each problem is named with its file and sheet, row, column
and reason, and when there is any problem no row is returned. Checked here, besides what
entry/read.py checks of every entry workbook: a weekly cost that is not an amount in pounds, is
below 0 or is over £100,000 a week; a Kind, In-house or external, or Spot or framework that is
not one of its choices; an External row with no Spot or framework; Cost to before Cost from;
and two rows for the same child and placement (or, for a package, the same kind and provider)
from the same Cost from day.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from csc_insight.costs.columns import BOOK, COSTS
from csc_insight.costs.model import KIND_WORDS, CostKind, CostRow, Provision, Purchase
from csc_insight.entry import read
from csc_insight.entry.columns import Sheet
from csc_insight.entry.read import BadValue, Row, SheetReader
from csc_insight.errors import Problem, quoted
from csc_insight.money.model import Entry, Source, name_key

#: A weekly cost above this (pounds) was typed wrongly (pence, or a year's cost).
MAX_WEEKLY = Decimal(100_000)
_AMOUNT = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$")


def read_files(
    paths: Sequence[Path], today: date | None = None
) -> tuple[list[CostRow], list[Problem]]:
    """The cost rows of several files read as one load: all of them, or none when any file has
    a problem."""
    readers, problems = read.read_load(paths, BOOK, _sheet_of, _Reader, today or date.today())
    if problems:
        return [], problems
    return [x for r in readers for x in r.rows], []


def _sheet_of(header: Sequence[str]) -> Sheet | None:
    required = [c for c in COSTS.columns if c.mandatory]
    hits = sum(any(c.matches(h) for h in header) for c in required)
    return COSTS if hits * 2 >= len(required) else None


# -- values -----------------------------------------------------------------------------------


def weekly(text: str) -> Decimal:
    """Pounds a week as people type them: 850, 4,200.50, £4,200.50."""
    t = text.strip().replace("£", "").replace(" ", "")
    if t.startswith("-") or (t.startswith("(") and t.endswith(")")):
        raise BadValue(f"{quoted(text)} is below 0: a weekly cost is 0 or more", "value-number")
    if not t or not _AMOUNT.match(t) or not re.search(r"\d", t):
        raise BadValue(
            f"{quoted(text)} is not an amount in pounds (expected e.g. 850 or 4,200.50)",
            "value-number",
        )
    try:
        value = Decimal(t.replace(",", ""))
    except InvalidOperation as e:  # pragma: no cover - the pattern admits only numbers
        raise BadValue(f"{quoted(text)} is not an amount in pounds", "value-number") from e
    if value > MAX_WEEKLY:
        raise BadValue(
            f"{quoted(text)} is more than £100,000 a week: enter the weekly cost in pounds",
            "value-number",
        )
    return value


def choice(text: str, words: dict[str, str], what: str) -> str:
    """The code of a choice typed as its word (any case or punctuation)."""
    found = {name_key(w): code for code, w in words.items()}.get(name_key(text))
    if found is None:
        listed = ", ".join(words.values())
        raise BadValue(f"{quoted(text)} is not {what} (expected one of: {listed})", "value-code")
    return found


_KINDS: dict[str, str] = dict(KIND_WORDS.items())
_PROVISION: dict[str, str] = {"in-house": "In-house", "external": "External"}
_PURCHASE: dict[str, str] = {"spot": "Spot", "framework": "Framework"}


# -- the sheet --------------------------------------------------------------------------------


@dataclass
class _Reader(SheetReader):
    rows: list[CostRow] = field(default_factory=list)

    def row(self, row: Row) -> None:
        child = row.get("child_id", str)
        placement = row.text("placement_id") or None
        kind = row.get("kind", lambda t: choice(t, _KINDS, "a kind"))
        provider = row.get("provider", str)
        provision = row.get("provision", lambda t: choice(t, _PROVISION, "In-house or External"))
        purchase = row.get("purchase", lambda t: choice(t, _PURCHASE, "Spot or Framework"),
                           required=provision == "external")  # fmt: skip
        amount = row.get("weekly", weekly)
        first = row.get("cost_from", lambda t: read.day(t, self.today, past=False))
        last = row.get("cost_to", lambda t: read.day(t, self.today, past=False))
        review = row.get("next_review", lambda t: read.day(t, self.today, past=False))
        line = row.get("budget_line", str)
        by = row.get("entered_by", str)
        on = row.get("entered_on", lambda t: read.day(t, self.today, why=": the day entered"))
        if first is not None and last is not None and last < first:
            row.fail(row.header("cost_to"), f"Cost to {last:%d/%m/%Y} is before Cost from "
                     f"{first:%d/%m/%Y}", "value-date")  # fmt: skip
        if row.bad:
            return
        assert child and kind and provider and provision and amount is not None and first
        assert line and by and on
        which = placement or f"{kind}|{name_key(provider)}"
        what = "Child ID, Placement ID and Cost from" if placement else (
            "Child ID, Kind, Provider and Cost from")  # fmt: skip
        self.key(row, (child, which, first.isoformat()), what, "cost_from")
        self.rows.append(
            CostRow(
                child,
                placement,
                _kind(kind),
                provider,
                _provision(provision),
                _purchase(purchase),
                amount,
                first,
                last,
                review,
                line,
                Entry(by, on),
                Source(self.table.label, None, row.n),
                row.text("note") or None,
            )
        )


def _kind(code: str) -> CostKind:
    return next(k for k in KIND_WORDS if k == code)


def _provision(code: str) -> Provision:
    return "in-house" if code == "in-house" else "external"


def _purchase(code: str | None) -> Purchase | None:
    return None if code is None else ("spot" if code == "spot" else "framework")
