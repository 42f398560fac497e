"""One formatter for every view: the web pages, the PDF pack and the Excel workbook all call it.

Percentages to whole numbers as the seed pack prints them (26%), rates and averages to one
decimal place, counts with thousands separators, money in £k, dates dd/mm/yyyy, and a
suppressed cell as the DfE's ``c``.
"""

from __future__ import annotations

from datetime import date

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


def value(v: float | None, unit: str, *, suppressed: bool = False) -> str:
    if suppressed:
        return SUPPRESSED
    if v is None:
        return MISSING
    if unit == "percent":
        return f"{v:.0f}%"
    if unit in ("rate_per_10k", "average"):
        return f"{v:.1f}"
    if unit == "count":
        return f"{v:,.0f}"
    if unit == "money_k":
        return f"£{v / 1000:,.0f}k"
    return f"{v:g}"


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
