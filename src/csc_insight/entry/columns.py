"""The sheets and columns of an entry workbook, declared once: the writer lays the workbook out
from them, the Read me sheet and the generated docs document them, and the reader finds and
checks each column by them. A CSV file holds one sheet, with the same columns.

A sheet may have a run of amount columns, one per financial year, after one of its columns
(``years_after``): headed by the year and the sheet's ``year_word`` (``2021-22 £k``, or
``2021-22 achieved £k``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from csc_insight.formats.csv_read import header_key
from csc_insight.money.model import year_label

#: How a column's text is read: ``money`` an amount in £k, ``year`` a financial year,
#: ``choice`` one of the column's ``choices`` (offered as a drop-down), ``score`` a whole number
#: 1 to 5, ``indicator`` a catalogue id, ``number`` a figure in the indicator's unit (or an
#: amount in pounds), ``reference`` tidied as money/model.py's reference(), ``category`` a money
#: category; ``month`` a calendar month, ``academic_year`` a school year (2020 for 2019/20),
#: ``count`` a whole number 0 or more, ``percent`` a percentage, and ``figure`` a published
#: figure that may be entered as "not published" (never read as 0). The domain's reader reads
#: each; the writer and the docs go by the kind only for dates.
Kind = Literal[
    "text", "year", "money", "date", "category", "reference", "choice", "score", "indicator",
    "number", "month", "academic_year", "count", "percent", "figure",
]  # fmt: skip


@dataclass(frozen=True)
class Column:
    """A column of a sheet: the header people see, the kind of value, and what to enter."""

    name: str
    header: str
    kind: Kind
    required: str  # "yes", "no", or when it is needed
    doc: str
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()

    @property
    def mandatory(self) -> bool:
        return self.required == "yes"

    def matches(self, heading: str) -> bool:
        return header_key(heading) in {header_key(h) for h in (self.header, *self.aliases)}


@dataclass(frozen=True)
class Sheet:
    """A sheet of the workbook (or a CSV file of the same columns)."""

    name: str
    csv_name: str
    columns: tuple[Column, ...]
    #: After which column the amount columns go, one per financial year (None: no such columns).
    years_after: str | None
    about: str
    #: The word between the year and £k in an amount column's header ("" or "achieved").
    year_word: str = ""

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def year_header(self, year: str) -> str:
        return f"{year} {self.year_word} £k" if self.year_word else f"{year} £k"

    @cached_property
    def _year_pattern(self) -> re.Pattern[str]:
        word = rf"\s*{re.escape(self.year_word)}" if self.year_word else ""
        return re.compile(
            rf"^\s*(\d{{4}}\s*[-/–]\s*\d{{2,4}}){word}\s*(?:£\s*k|\(£\s*k\)|£'?000s?)?\s*$", re.I
        )

    def year_of_header(self, heading: str) -> str | None:
        """The financial year an amount column is for (``2021-22 £k``, also ``2021/22``)."""
        m = self._year_pattern.match(heading)
        return year_label(m.group(1)) if m else None

    def headers(self, years: Sequence[str]) -> list[str]:
        """The sheet's headers in order, the year columns after ``years_after``."""
        out: list[str] = []
        for c in self.columns:
            out.append(c.header)
            if c.name == self.years_after:
                out += [self.year_header(y) for y in years]
        return out


@dataclass(frozen=True)
class Workbook:
    """An entry workbook: its title, what the Read me says of it, its sheets, and how its
    amount columns are documented (once for every sheet that has them)."""

    title: str
    about: tuple[str, ...]
    sheets: tuple[Sheet, ...]
    #: The Required cell and the doc of a sheet's amount columns.
    amounts_required: str
    amounts_doc: str
    #: What it is called ("money template") and the command that writes it, named when a
    #: file of another kind is given.
    what: str
    command: str

    def sheet_of(self, name: str) -> Sheet:
        return next(s for s in self.sheets if s.name == name)
