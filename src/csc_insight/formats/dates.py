"""Dates in source files: the spellings accepted, the years allowed, and why a value is no date.

Readers check dates in their own way (SQL over a CSV file, workbook cells, XML text), but all
explain a bad one in the same words, naming the value as found and the format the reader
accepts, so that a person can find the cell and put it right::

    >>> date_problem("31/02/2020", (DAY_FIRST, ISO))
    "'31/02/2020' is not a date: 31 February does not exist (expected dd/mm/yyyy or yyyy-mm-dd)"
    >>> date_problem("05/05/19", (DAY_FIRST, ISO))
    "'05/05/19' is not a date: a two-digit year is ambiguous (expected dd/mm/yyyy, e.g. 05/05/2019)"

The readers find a bad date first (in SQL, for speed) and call ``date_problem`` only to word
the reason, so it looks for what a person most likely got wrong; it does not decide validity.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import date

from csc_insight.errors import quoted

#: Dates outside this range are typing errors, not history.
EARLIEST, LATEST = "1900-01-01", "2100-12-31"
FIRST, LAST = date.fromisoformat(EARLIEST), date.fromisoformat(LATEST)

#: Accepted spellings, as strptime formats. ISO dates may carry a time, as SQL Server exports do.
DAY_FIRST = "%d/%m/%Y"
ISO = "%Y-%m-%d"

# The two shapes a date is typed in, loosely (any year length, and a time or anything after a
# space), so that a value with the right shape but wrong parts gets a specific reason.
_SHAPES = {
    DAY_FIRST: re.compile(r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d+)(?:\s.*)?", re.DOTALL),
    # A time, or an XML time zone (Z, +01:00), may follow the day.
    ISO: re.compile(r"(?P<y>\d+)-(?P<m>\d{2})-(?P<d>\d{2})(?:[ TZ+-].*)?", re.DOTALL),
}

# English whatever the locale (calendar.month_name follows it).
_MONTHS = (
    "January February March April May June July August September October November December".split()  # noqa: SIM905
)


def format_name(fmt: str) -> str:
    """A strptime format as people write it: ``%d/%m/%Y %H:%M`` -> ``dd/mm/yyyy`` (the time,
    which readers accept after a date, is left out: nobody is asked for one)."""
    day = fmt.split(" ")[0]
    return day.replace("%d", "dd").replace("%m", "mm").replace("%Y", "yyyy")


def expected(formats: Sequence[str], also: Sequence[str] = ()) -> str:
    """The formats a reader accepts, in its order of preference: ``dd/mm/yyyy or yyyy-mm-dd``.
    ``also`` names other accepted forms first (a workbook's date cells)."""
    names = list(dict.fromkeys([*also, *(format_name(f) for f in formats)]))
    return ", ".join(names[:-1]) + (" or " if len(names) > 1 else "") + names[-1]


def date_problem(value: str, formats: Sequence[str], also: Sequence[str] = ()) -> str:
    """Why ``value`` (text found where a date in one of ``formats`` should be) is not accepted.

    The reason names the value as found and the format(s) expected: a two-digit year, a day the
    month does not have, a month past 12 (day and month swapped), a year outside 1900-2100, a
    day-first date where only ISO is read; else a plain "is not a date".
    """
    text = value.strip()
    shown = quoted(text)
    hint = expected(formats, also)
    for shape, pattern in _SHAPES.items():
        m = pattern.fullmatch(text)
        if m:
            d, mo, year = int(m["d"]), int(m["m"]), m["y"]
            # Suggest the spelling of the shape found if the reader takes it, else its first.
            fmt = shape if shape in formats else formats[0]
            reason = _wrong_part(d, mo, year, fmt, hint)
            if reason is None and shape not in formats:
                reason = f"it is written {_shape_words(shape)}{_example(d, mo, year, fmt)}"
            if reason is not None:
                return f"{shown} is not a date: {reason}"
            if not FIRST.year <= int(year) <= LAST.year:
                years = f"{FIRST.year} to {LAST.year}"
                return f"{shown} is out of range: only dates from {years} are accepted (expected {hint})"
    return f"{shown} is not a date (expected {hint})"


def _wrong_part(d: int, mo: int, year: str, fmt: str, hint: str) -> str | None:
    """What is wrong with the day, month or year of a date of the right shape, with the format
    expected; None when the three make a date."""
    if len(year) == 2:
        return f"a two-digit year is ambiguous{_example(d, mo, year, fmt)}"
    if len(year) != 4:
        return f"the year {year} does not have four digits (expected {hint})"
    if not 1 <= mo <= 12:
        swapped = "; are the day and month the wrong way round?" if 1 <= d <= 12 else ""
        return f"there is no month {mo}{swapped} (expected {hint})"
    if d == 0:
        return f"there is no day 0 (expected {hint})"
    if d > calendar.monthrange(int(year), mo)[1]:
        if (d, mo) == (29, 2):
            return (
                f"{year} is not a leap year, so 29 February {year} does not exist (expected {hint})"
            )
        return f"{d} {_MONTHS[mo - 1]} does not exist (expected {hint})"
    return None


def _example(d: int, mo: int, year: str, fmt: str) -> str:
    """`` (expected dd/mm/yyyy, e.g. 05/05/2019)``: the format, and the value in it when the
    value makes a date. A two-digit year is put in the latest century that is not in the future
    (19 -> 2019, 85 -> 1985): a guess, so shown only as an example."""
    y = int(year)
    if len(year) == 2:
        this_year = date.today().year
        y += this_year // 100 * 100
        if y > this_year:
            y -= 100
    try:
        example = date(y, mo, d).strftime(fmt.split(" ")[0])
    except ValueError:
        return f" (expected {format_name(fmt)})"
    return f" (expected {format_name(fmt)}, e.g. {example})"


def _shape_words(shape: str) -> str:
    return "day first" if shape == DAY_FIRST else "year first"
