"""One formatter for every view: the web pages, the PDF pack and the Excel workbook all call it.

Percentages to whole numbers as the seed pack prints them (26%), rates and averages to one
decimal place, counts with thousands separators, money in £k, dates dd/mm/yyyy, and a
suppressed cell as the DfE's ``c``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

SUPPRESSED = "c"
MISSING = ""

#: Excel number formats matching the text formats below, for cells stored as numbers.
EXCEL_FORMATS = {
    "percent": '0"%"',
    "rate_per_10k": "0.0",
    "average": "0.0",
    "count": "#,##0",
    "money_k": '"£"#,##0,"k"',  # the trailing comma scales by 1,000, as value() does
}


#: Decimal places each unit prints with.
PLACES = {"percent": 0, "rate_per_10k": 1, "average": 1, "count": 0}


def value(
    v: float | None, unit: str, *, suppressed: bool = False, against: float | None = None
) -> str:
    """``against``: the target the value is rated against. A value that misses it but would print
    the same (89.6% against 90% prints "90%" beside an Amber) gets the places that tell them apart,
    up to three."""
    if suppressed:
        return SUPPRESSED
    if v is None:
        return MISSING
    if unit in PLACES:
        text = f"{v:,.{places(v, unit, against)}f}"
        return f"{text}%" if unit == "percent" else text
    if unit == "money_k":
        return f"£{v / 1000:,.0f}k"
    return f"{v:g}"


def places(v: float, unit: str, against: float | None = None) -> int:
    """The decimal places value() prints ``v`` with (see there); for a unit in PLACES."""
    n = PLACES[unit]
    if against is not None and v != against:
        while n < 3 and round(v, n) == round(against, n):
            n += 1
    return n


def excel_format(unit: str, n: int) -> str:
    """EXCEL_FORMATS' format for the unit with ``n`` decimal places instead of its own."""
    digits = "0." + "0" * n if n else "0"
    if unit == "percent":
        return f'{digits}"%"'
    return f"#,##{digits}" if unit == "count" else digits


def target(v: float | None, unit: str) -> str:
    return "" if v is None else value(v, unit)


def day(d: date | None) -> str:
    return "" if d is None else f"{d:%d/%m/%Y}"


def month_long(d: date) -> str:
    """A month in a sentence: March 2021."""
    return f"{d:%B %Y}"


def month(d: date) -> str:
    """Column heading for a month, as the seed pack prints it: Mar-21."""
    return f"{d:%b-%y}"


def count(x: float | None) -> str:
    """A numerator or denominator: whole numbers with thousands separators, FTEs to one place."""
    if x is None:
        return "none"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"


def amount_k(v: Decimal | float | None, *, brackets: bool = False, nil: str | None = None) -> str:
    """An amount in £ thousands as the finance tables print it: ``9,050``, ``-1,242``; with
    ``brackets`` a negative amount as ``(424)`` (the MTFS table's savings and net); ``nil``:
    what a zero prints as (the MTFS table's ``-``). Whole thousands print without decimals."""
    if v is None:
        return MISSING
    d = Decimal(str(v)) if isinstance(v, float) else v
    if d == 0 and nil is not None:
        return nil
    text = f"{abs(d):,.0f}" if d == d.to_integral_value() else f"{abs(d):,}"
    if d < 0:
        return f"({text})" if brackets else f"-{text}"
    return text
