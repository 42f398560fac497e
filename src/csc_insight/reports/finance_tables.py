"""The finance and delivery section's tables as data: a cell keeps its number (a ``Decimal``, an
``int``) and how it prints (``kind``), so the HTML prints its text and the workbook stores the
number with a matching number format (reports/excel_finance.py). Nothing here computes a figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from csc_insight.reports import formatting

#: How a cell prints: text; £k (-267); £k as the MTFS prints it ((424), nil "-"); £ per child
#: (372.51); a whole percentage; a whole number; a RAG or status word (coloured by its word);
#: a date; and for the forecast section: a share printed as a whole percentage (0.08: 8%), a
#: multiplier (× 0.88) and a number to one decimal place (a caseload).
Kind = Literal["text", "k", "mtfs", "pounds", "pct", "int", "rag", "date", "share", "times", "dec1"]
Number = Decimal | int


@dataclass(frozen=True)
class Cell:
    value: Number | str | date | None
    kind: Kind = "text"

    @property
    def text(self) -> str:
        v = self.value
        if v is None:
            return ""
        if isinstance(v, str):
            return v
        if isinstance(v, date):
            return formatting.day(v)
        if self.kind == "k":
            return formatting.amount_k(_whole(v))
        if self.kind == "mtfs":
            return formatting.amount_k(_whole(v), brackets=True, nil="-")
        if self.kind == "pounds":
            return f"{v:,.2f}"
        if self.kind == "pct":
            return f"{v}%"
        if self.kind == "share":
            return f"{v:.0%}"
        if self.kind == "times":
            return f"× {v:.2f}"
        if self.kind == "dec1":
            return f"{v:,.1f}"
        return f"{v:,}"

    @property
    def numeric(self) -> bool:
        return isinstance(self.value, Decimal | int) and self.kind not in ("text", "rag")


def _whole(v: Number) -> Decimal:
    """£k print to the whole thousand, as the papers print them."""
    return Decimal(v).quantize(Decimal(1), ROUND_HALF_UP)


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    total: bool = False  # a total row: bold, a rule above


@dataclass(frozen=True)
class Table:
    key: str  # the anchor and the workbook's sheet name (short, unique)
    title: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    note: str = ""  # beneath the table: what a reader needs to read it
    #: Columns of prose that may wrap (the others are kept on one line).
    prose: tuple[int, ...] = ()


@dataclass(frozen=True)
class Part:
    key: str
    title: str
    intro: str
    tables: tuple[Table, ...]


def text(text: str | None) -> Cell:
    return Cell(text or "")


def k(v: Decimal | None) -> Cell:
    return Cell(v, "k")
