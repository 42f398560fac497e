"""The children behind a figure as text (for the terminal) and as CSV (for a spreadsheet).

Both carry the protective marking. The text starts with it on a line of its own and ends with a
count line. The CSV's first line is the marking as a comment (``# OFFICIAL-SENSITIVE: ...``),
then the header row and one row per subject: a spreadsheet shows the marking above the table,
and a program reading the file skips it as a comment (pandas: ``comment="#"``) or as one line
(``skiprows=1``). CSV dates are ISO (2021-03-31), so they read back as dates anywhere; the text's
are dd/mm/yyyy like the rest of the pack. See indicators/children.py for what a Listing holds.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from csc_insight.indicators.children import Listing
from csc_insight.reports import formatting
from csc_insight.store.audit import Entry

MARKING = "OFFICIAL-SENSITIVE: child-level detail. Handle and store securely."

#: Characters that make a spreadsheet read a cell as a formula: such a text cell is written
#: with a leading apostrophe, so an id or a free-text value cannot run as one.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text(listing: Listing) -> str:
    """The marking, what is listed, a table of the rows, and a count line last."""
    lines = [MARKING, *_heading(listing), ""]
    if listing.rows:
        lines += _table([_label(c) for c in listing.columns], listing.rows)
    else:
        lines.append("Nothing to list.")
    lines.append("")
    warning = _results_warning(listing)
    if warning:
        lines.append(warning)
    lines.append(count_line(listing))
    return "\n".join(lines)


def _heading(listing: Listing) -> list[str]:
    ind, p = listing.indicator, listing.period
    lines = [
        f"{ind.id}: {ind.title}",
        f"Period:    {p.period_id} ({formatting.day(p.period_start)} to {formatting.day(p.period_end)})",
        f"Listed:    {_what(listing)}",
    ]
    if listing.about_children:
        lines.append(
            f"Allocated: team and worker at {formatting.day(listing.allocated_at)} (open then, "
            "else the latest allocation before it)"
        )
    lines.append(f"Recorded:  audit log entry {listing.audit_id}, user {listing.user}")
    return lines


def _what(listing: Listing) -> str:
    each = f"(each row a {listing.indicator.subject})"
    if listing.not_met:
        return f"in the denominator but not in the numerator {each}"
    if not listing.indicator.has_denominator:
        return f"every one counted {each}"
    return f"in the numerator {each}"


def count_line(listing: Listing) -> str:
    """``N listed: ...`` with the figure the rows belong to."""
    n, num, den = listing.count, listing.numerator, listing.denominator
    head = f"{n:,} listed"
    unit = listing.indicator.unit
    if num is None:
        return f"{head}: the period has no figure (a month's figure has not been entered)."
    if not listing.indicator.has_denominator or den is None:
        return f"{head}: the count is {_number(num)}."
    if listing.not_met:
        return f"{head}: the denominator {_number(den)} less the numerator {_number(num)}."
    if unit == "percent":
        return f"{head}: the numerator, {_number(num)} of {_number(den)} in the denominator."
    if unit == "rate_per_10k":
        return f"{head}: the numerator, {_number(num)} (per {_number(den)} children aged 0-17)."
    return f"{head}: numerator {_number(num)}, denominator {_number(den)}."


def _results_warning(listing: Listing) -> str | None:
    if listing.results is None:
        return "Note: the results table has no figure for this period (run `csc compute`)."
    if listing.matches_results:
        return None
    num, den = listing.results
    return (
        f"Warning: the results table says numerator {_number(num)}, denominator {_number(den)} "
        "for this period: the store has changed since `csc compute`, or settings were given "
        "for this list."
    )


def _number(v: float | None) -> str:
    return "" if v is None else f"{v:,.6f}".rstrip("0").rstrip(".")


def _label(column: str) -> str:
    return column.replace("_", " ")


def _table(header: list[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    cells = [header, *([_text_cell(v) for v in r] for r in rows)]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]


def _text_cell(v: Any) -> str:
    if isinstance(v, date) and not isinstance(v, datetime):
        return formatting.day(v)
    return _plain(v)


def _plain(v: Any) -> str:
    """A cell's value without a date's formatting: empty for none, Y/N for a flag, numbers
    without trailing zeros (an FTE of 0.800000 is 0.8)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "Y" if v else "N"
    if isinstance(v, Decimal | float):
        return _number(float(v))
    return str(v)


def write_csv(listing: Listing, path: str | os.PathLike[str]) -> Path:
    """Write the listing as CSV: the marking as a first comment line, then the header and rows."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as f:
        write_csv_to(listing, f)
    return out


def write_csv_to(listing: Listing, f: Any) -> None:
    """write_csv into an open text stream (a file, or a web response)."""
    f.write(f"# {MARKING}\n")
    writer = csv.writer(f)
    writer.writerow(listing.columns)
    writer.writerows([csv_cell(v) for v in r] for r in listing.rows)


def csv_cell(v: Any) -> str:
    """A value for a CSV cell: dates in ISO form, never a formula (a leading = + - @ is quoted)."""
    if isinstance(v, date):
        return v.isoformat()
    text = _plain(v)
    if isinstance(v, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def audit_text(entries: Sequence[Entry]) -> str:
    """The audit log as a table, newest first as given (`csc audit`)."""
    if not entries:
        return "The audit log is empty."
    header = ["id", "when", "user", "action", "indicator", "period", "listed", "not met", "detail"]
    rows = [
        (
            e.audit_id,
            f"{e.recorded_at:%d/%m/%Y %H:%M:%S}",
            e.user,
            e.action,
            e.indicator_id,
            e.period_id,
            e.children,
            e.not_met,
            e.detail,
        )
        for e in entries
    ]
    return "\n".join(_table(header, rows))
