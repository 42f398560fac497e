"""The education template's values as people type them, each read or refused with a reason
(entry/read.py's ``BadValue``, with the rule it breaks): months, academic and financial years,
figures ("not published" included), areas, locations, measure ids, whole numbers and amounts."""

from __future__ import annotations

import re
from datetime import date

from csc_insight.education import measures
from csc_insight.education.figures import NOT_PUBLISHED, Figure, is_not_published_word
from csc_insight.education.model import AREA_WORDS, Area, Location
from csc_insight.education.send import location_of
from csc_insight.entry.read import BadValue
from csc_insight.errors import quoted

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[ T]00:00(?::00)?)?$")
_NAMED_MONTH = re.compile(r"^([A-Za-z]{3,9})[\s\-/']*(\d{2}|\d{4})$")
_ACADEMIC = re.compile(r"^(\d{4})(?:\s*[/-]\s*(\d{2}|\d{4}))?$")
_FINANCIAL = re.compile(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$")
_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$")
#: Figures above this were mistyped (a count of a borough's pupils is below it).
MAX_FIGURE = 10_000_000
#: Pounds above this (£10bn) were mistyped.
MAX_POUNDS = 10_000_000_000

#: The rules (docs/formats/education.md lists them) a value that cannot be read breaks.
_DATE, _AMOUNT, _CODE = "value-date", "value-number", "value-code"


def month(text: str) -> date:
    t = text.strip()
    m = _ISO_MONTH.match(t)
    if m and 1 <= int(m.group(2)) <= 12:
        return date(int(m.group(1)), int(m.group(2)), 1)
    m = _NAMED_MONTH.match(t)
    if m and m.group(1)[:3].lower() in MONTHS:
        year = int(m.group(2)) + (2000 if len(m.group(2)) == 2 else 0)
        return date(year, MONTHS.index(m.group(1)[:3].lower()) + 1, 1)
    raise BadValue(f"{quoted(text)} is not a month (expected 2021-03, Mar-21 or March 2021)", _DATE)


def academic_year(text: str) -> int:
    """2020, 2019/20 or 2019-20 -> 2020 (the year the academic year ends, as the seed heads it)."""
    t = text.strip().removesuffix(".0")
    m = _ACADEMIC.match(t)
    if m:
        first = int(m.group(1))
        if not m.group(2):
            return first
        end = int(m.group(2)) % 100
        if end == (first + 1) % 100:
            return first + 1
    raise BadValue(f"{quoted(text)} is not an academic year (expected 2020, or 2019/20)", _DATE)


def financial_year(text: str) -> str:
    m = _FINANCIAL.match(text.strip())
    if m and int(m.group(2)) % 100 == (int(m.group(1)) + 1) % 100:
        return f"{m.group(1)}-{(int(m.group(1)) + 1) % 100:02d}"
    raise BadValue(f"{quoted(text)} is not a financial year (expected 2020-21)", _DATE)


def number(text: str, what: str = "a number") -> float:
    t = text.strip().removesuffix("%").strip()
    if not t or not _NUMBER.match(t) or not re.search(r"\d", t):
        raise BadValue(f"{quoted(text)} is not {what}", _AMOUNT)
    value = float(t.replace(",", ""))
    if abs(value) > MAX_FIGURE:
        raise BadValue(f"{quoted(text)} is more than {MAX_FIGURE:,}: was it mistyped?", _AMOUNT)
    return value


def figure(text: str) -> Figure:
    if is_not_published_word(text):
        return NOT_PUBLISHED
    value = number(text, "a figure (a number, or 'not published')")
    if value < 0:
        raise BadValue(f"{quoted(text)} is below 0: no measure of the dashboard can be", _AMOUNT)
    return value


def count(text: str) -> int:
    value = number(text, "a whole number")
    if value < 0 or value != int(value):
        raise BadValue(f"{quoted(text)} is not a whole number of 0 or more", _AMOUNT)
    return int(value)


def pounds(text: str) -> int:
    t = text.strip().replace("£", "").replace(" ", "")
    if not _NUMBER.match(t) or not re.search(r"\d", t) or t.startswith("-"):
        raise BadValue(
            f"{quoted(text)} is not an amount in pounds of 0 or more (e.g. 17031)", _AMOUNT
        )
    value = float(t.replace(",", ""))
    if value > MAX_POUNDS:
        raise BadValue(f"{quoted(text)} is more than £10bn: was it mistyped?", _AMOUNT)
    return round(value)


def money(text: str) -> float:
    """£ thousands, 0 or more (a spend, an allocation, a deficit as a positive amount)."""
    t = text.strip().replace("£", "").replace(" ", "")
    value = number(t, "an amount in £ thousands (e.g. 14600)")
    if value < 0:
        raise BadValue(
            f"{quoted(text)} is below 0: enter a deficit or overspend as a positive amount", _AMOUNT
        )
    return value


def area(text: str) -> Area:
    words = {w.lower(): a for a, w in AREA_WORDS.items()}
    words.update(
        {
            "own": "own",
            "la": "own",
            "local authority": "own",
            "national": "england",
            "neighbours": "neighbours",
            "stat neighbours": "neighbours",
            "statistical neighbour average": "neighbours",
        }
    )
    found = words.get(" ".join(text.lower().split()))
    if found is None:
        raise BadValue(
            f"{quoted(text)} is not an area (Borough, England or Statistical neighbours)", _CODE
        )
    return found


def location(text: str) -> Location:
    found = location_of(text)
    if found is None:
        raise BadValue(f"{quoted(text)} is not a location (In borough or Out of borough)", _CODE)
    return found


def measure(text: str, frequency: str) -> str:
    m = measures.find(text)
    if m is None:
        raise BadValue(f"{quoted(text)} is not a measure id (see the Measures sheet)", _CODE)
    if m.frequency != frequency:
        raise BadValue(f"{m.id} is a {m.frequency} measure, not a {frequency} one", _CODE)
    return m.id
