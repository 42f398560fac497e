"""Annex A cells read as values: text, dates, Y/N flags, codes and contact sources.

A cell that cannot be read as its column's kind gives a reason and the rule it breaks (the rule
ids of formats/rules.py); the sheet reader holds the row back with them.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from csc_insight.formats.annex_a_lists import REFERRAL_SOURCE, Codes
from csc_insight.formats.dates import DAY_FIRST, FIRST, ISO, LAST, date_problem

_EXCEL_LAST_SERIAL = 73415  # 2100-12-31
#: Longer text is held back (as csv_table's Column.max_length): no real id, code or name comes
#: near it, and a damaged or hostile workbook cannot fill the store with megabyte "ids".
MAX_VALUE_LENGTH = 1000

#: (rule id, reason) for a cell that cannot be read.
CellProblem = tuple[str, str]


def filled(v: object) -> bool:
    return v is not None and not (isinstance(v, str) and not v.strip())


def cell_text(v: object) -> str | None:
    """A cell as text: numbers typed into text columns come as floats (1234.0 -> "1234")."""
    if v is None:
        return None
    if isinstance(v, bool):
        return "Y" if v else "N"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    if isinstance(v, datetime):
        return v.date().isoformat()
    text = str(v).strip()
    return text or None


_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s.*)?$")
_YMD = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")
#: What a date column accepts, as messages name it: a date cell first, as the template has it.
_DATE_FORMATS, _DATE_CELL = (DAY_FIRST, ISO), ("a date cell",)


def to_date(v: object) -> tuple[date | None, str | None]:
    """(date, None), or (None, reason) when the cell holds something that is not a date; the
    reason quotes the cell as Excel shows it (a date cell day first)."""
    if not filled(v):
        return None, None
    d: date | None = None
    if isinstance(v, datetime):
        d = v.date()
    elif isinstance(v, date):
        d = v
    elif isinstance(v, (int, float)) and not isinstance(v, bool):
        # A date typed into a cell formatted as a number arrives as its Excel serial.
        if 1 <= v <= _EXCEL_LAST_SERIAL:
            from openpyxl.utils.datetime import from_excel

            d = from_excel(float(v)).date()
    elif isinstance(v, str):
        d = _text_date(v.strip()[:40])
    if d is None or not FIRST <= d <= LAST:
        return None, date_problem(as_found(v), _DATE_FORMATS, _DATE_CELL)
    return d, None


def as_found(v: object) -> str:
    """A cell as the person filling the workbook sees it (a date cell day first), cut to the
    longest value kept."""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, date):
        d = v.date() if isinstance(v, datetime) else v
        return f"{d.day:02}/{d.month:02}/{d.year:04}"  # strftime leaves years < 1000 unpadded
    text = cell_text(v) or str(v)
    return text[:MAX_VALUE_LENGTH]


def _text_date(text: str) -> date | None:
    for pattern, order in ((_DMY, (2, 1, 0)), (_YMD, (0, 1, 2))):
        m = pattern.match(text)
        if m:
            y, mo, d = (int(m.group(i + 1)) for i in order)
            try:
                return date(y, mo, d)
            except ValueError:
                return None
    return None


_YES = {"Y", "YES", "TRUE"}
_NO = {"N", "NO", "FALSE"}


def to_yn(v: object) -> tuple[str | None, str | None]:
    text = cell_text(v)
    if text is None:
        return None, None
    upper = text.upper()
    if upper in _YES:
        return "Y", None
    if upper in _NO:
        return "N", None
    return None, "not Y or N"


def to_source(v: object) -> tuple[tuple[str | None, str | None] | None, str | None]:
    """(code, description) of a contact or referral source; never a problem: a source that is
    not a CIN census code is kept as its description."""
    text = cell_text(v)
    if text is None:
        return None, None
    code = REFERRAL_SOURCE.translate(text)
    return (code, None if code == text.upper() else text), None


def read_cell(kind: object, v: object) -> tuple[Any, CellProblem | None]:
    """A cell read as its column's kind: (value, None), or (None, (rule, reason))."""
    if isinstance(v, str) and len(v) > MAX_VALUE_LENGTH:
        return None, ("value-too-long", f"longer than {MAX_VALUE_LENGTH:,} characters")
    if kind == "date":
        d, reason = to_date(v)
        return d, ("value-date", reason) if reason else None
    if kind == "yn":
        flag, reason = to_yn(v)
        return flag, ("value-code", reason) if reason else None
    if kind == "source":
        return to_source(v)[0], None
    text = cell_text(v)
    if isinstance(kind, Codes) and text is not None:
        code = kind.translate(text)
        return (code, None) if code is not None else (None, ("value-code", kind.expected()))
    return text, None


def convert(kind: object, v: object) -> tuple[Any, str | None]:
    """A cell read as its column's kind: (value, None) or (None, reason)."""
    value, problem = read_cell(kind, v)
    return value, problem[1] if problem else None
