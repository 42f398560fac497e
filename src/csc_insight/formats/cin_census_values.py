"""Checking the values of a CIN census Child: each problem is a fault that holds the child back.

Every value is checked as text first (present when required, not too long, no control
characters in an identifier), then as what it should be: a date, a code from the collection
year's list, a yes/no or a whole number.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from csc_insight.errors import Problem, quoted
from csc_insight.formats import cin_census_years as lists
from csc_insight.formats.cin_census_xml import local, parse_date, text
from csc_insight.formats.dates import ISO, date_problem

#: No value in a census comes near this; a longer one is a damaged file (or a hostile one).
MAX_LENGTH = 100
#: Shown of a value in a problem's ``value``.
SHOWN = 200
#: The identifiers a control character (a line break, a DEL) may not hide in.
IDS = ("LAchildID", "UPN", "FormerUPN")

#: ``date`` is a method below, so annotations name the type this way.
_Date = date


class ValueReader:
    """Reads leaf values for one child, listing each problem in ``faults`` (tagged with the
    canonical table being read, ``_table``)."""

    def __init__(self, file: str, census: lists.CensusYear) -> None:
        self.file = file
        self.census = census
        self.faults: list[Problem] = []
        self._table = "ssd_person"

    def fault(
        self, line: int | None, column: str, reason: str, rule: str, value: str | None = None
    ) -> None:
        shown = value if value is None or len(value) <= SHOWN else value[: SHOWN - 1] + "…"
        self.faults.append(Problem(self.file, line, column, reason, rule, shown, self._table))

    def text(
        self, g: dict[str, list[Any]], name: str, parent: Any, *, required: bool = False
    ) -> str | None:
        els = g.get(name)
        if not els:
            if required:
                where = local(parent.tag) if parent is not None else "its parent"
                line = parent.sourceline if parent is not None else None
                self.fault(line, name, f"required element missing from {where}", "value-missing")
            return None
        value = self.text_of(els[0], name, required=required)
        for other in els[1:]:
            if text(other) != (value or ""):
                self.fault(
                    other.sourceline,
                    name,
                    f"element appears more than once, with different values "
                    f"(line {els[0].sourceline} has {quoted(value or '')})",
                    "key-conflict",
                    text(other),
                )
        return value

    def text_of(self, el: Any, name: str, *, required: bool = False) -> str | None:
        value = text(el)
        if not value:
            if required:
                self.fault(el.sourceline, name, "value missing", "value-missing")
            return None
        if len(value) > MAX_LENGTH:
            reason = f"{len(value):,} characters long: no census value is longer than {MAX_LENGTH}"
            self.fault(el.sourceline, name, reason, "value-too-long", value)
            return None
        if name in IDS and any(unicodedata.category(c) == "Cc" for c in value):
            reason = f"{quoted(value)} holds a control character (a damaged file?)"
            self.fault(el.sourceline, name, reason, "value-control", value)
            return None
        return value

    def date(
        self, g: dict[str, list[Any]], name: str, parent: Any, *, required: bool = False
    ) -> _Date | None:
        value = self.text(g, name, parent, required=required)
        return None if value is None else self._date(value, g[name][0].sourceline, name)

    def date_of(self, el: Any, name: str, *, required: bool = False) -> _Date | None:
        value = self.text_of(el, name, required=required)
        return None if value is None else self._date(value, el.sourceline, name)

    def _date(self, value: str, line: int | None, name: str) -> _Date | None:
        parsed = parse_date(value)
        if parsed is None:
            # The census schema's xs:date is year first; no other spelling is read.
            self.fault(line, name, date_problem(value, (ISO,)), "value-date", value)
        return parsed

    def code(
        self,
        g: dict[str, list[Any]],
        name: str,
        parent: Any,
        codes: Iterable[str],
        which: str = "",
        years: Mapping[str, str] | None = None,
    ) -> str | None:
        value = self.text(g, name, parent)
        if value is None:
            return None
        return self._code(value, g[name][0].sourceline, name, tuple(codes), which, years)

    def code_of(
        self,
        el: Any,
        name: str,
        codes: Iterable[str],
        which: str = "",
        *,
        required: bool = False,
    ) -> str | None:
        value = self.text_of(el, name, required=required)
        if value is None:
            return None
        return self._code(value, el.sourceline, name, tuple(codes), *self._year_list(which))

    def _year_list(self, which: str) -> tuple[str, Mapping[str, str] | None]:
        """How a year-dependent list is named in a reason, and its years by code."""
        if which in ("sources", "factors"):
            attr = "referral_sources" if which == "sources" else "factors"
            return f"the {self.census.label} list", _YEARS_BY_CODE[attr]
        return which, None

    def _code(
        self,
        value: str,
        line: int | None,
        name: str,
        allowed: tuple[str, ...],
        which: str,
        years: Mapping[str, str] | None,
    ) -> str | None:
        if value.upper() in allowed:
            return value.upper()
        shown = ", ".join(allowed) if len(allowed) <= 20 else ", ".join(allowed[:20]) + ", ..."
        reason = f"not a valid code: {quoted(value)} (expected one of {shown}"
        reason += f", from {which})" if which else ")"
        if years and value.upper() in years:
            reason += f"; it was a code in {years[value.upper()]}"
        self.fault(line, name, reason, "value-code", value)
        return None

    def boolean(self, g: dict[str, list[Any]], name: str, parent: Any) -> bool | None:
        value = self.text(g, name, parent)
        if value is None:
            return None
        if value.lower() in lists.BOOLEANS:
            return lists.BOOLEANS[value.lower()]
        reason = f"not a yes/no value: {quoted(value)} (expected true, false, 1 or 0)"
        self.fault(g[name][0].sourceline, name, reason, "value-code", value)
        return None

    def integer(self, g: dict[str, list[Any]], name: str, parent: Any) -> int | None:
        value = self.text(g, name, parent)
        if value is None:
            return None
        if value.isdigit() and value.isascii():
            return int(value)
        reason = f"not a whole number: {quoted(value)}"
        self.fault(g[name][0].sourceline, name, reason, "value-number", value)
        return None


def _spans(years: list[int]) -> str:
    """``2018-19 to 2019-20`` for the years a code was valid in."""
    labels = [lists.YEARS[y].label for y in years]
    return labels[0] if len(labels) == 1 else f"{labels[0]} to {labels[-1]}"


#: Per year-dependent list, the years each code of any year was valid in (for reasons).
_YEARS_BY_CODE: dict[str, dict[str, str]] = {
    attr: {
        code: _spans(lists.years_with(attr, code))
        for y in lists.YEARS.values()
        for code in getattr(y, attr)
    }
    for attr in ("referral_sources", "factors")
}
