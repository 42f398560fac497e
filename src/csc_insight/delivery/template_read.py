"""Reading the delivery template back: the workbook template.py writes (its six sheets), or CSV
files of the same columns (one sheet each, recognised by its header).

As the money template: a load lands whole or not at all. Every row of every file is checked;
each problem names its file and sheet (``delivery.xlsx [Milestones]``), row (as the spreadsheet
numbers it), column (as headed in the file) and reason; when there is any problem *no* record is
returned. What is checked, besides what money/template_read.py checks of a file (not a
workbook, not UTF-8, missing or unknown columns, a required value missing, a date that is not
one, an entry dated after today, a key two rows share):

- a status, test or EQIA status that is not one of its list;
- a likelihood or impact that is not a whole number 1 to 5;
- a guardrail's indicator that is not in the catalogue (with the nearest ids), an at most / at
  least test without a threshold or a no adverse signal test with one, a no adverse signal
  test on an indicator with no better direction (its RAG and signal say nothing is adverse);
- a completion date on a milestone or action not completed, or after today;
- a milestone, risk or guardrail whose project is not on the Projects sheet of the same load,
  an action whose workstream is not on the Workstreams sheet.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from csc_insight.delivery.columns import (
    ACTIONS,
    BOOK,
    GUARDRAILS,
    MILESTONES,
    PROJECTS,
    RISKS,
    SHEETS,
    WORKSTREAMS,
    Column,
    Sheet,
)
from csc_insight.delivery.model import (
    Action,
    DeliveryRecords,
    Guardrail,
    Milestone,
    Project,
    Risk,
    Workstream,
)
from csc_insight.entry import read
from csc_insight.entry.read import BadValue, Row, SheetReader
from csc_insight.errors import Problem, quoted
from csc_insight.indicators import catalogue
from csc_insight.money import template_read as money_read
from csc_insight.money.model import Entry, Source, name_key, reference

#: Columns whose dates may not be after today (a due date may).
PAST_DATES = ("entered_on", "completed_on")


def read_template(path: Path, today: date | None = None) -> tuple[DeliveryRecords, list[Problem]]:
    """The records of a delivery workbook (or one CSV sheet), and its problems: when there is
    any problem, no records."""
    return read_files([path], today)


def read_files(
    paths: Sequence[Path], today: date | None = None
) -> tuple[DeliveryRecords, list[Problem]]:
    """The records of several files read as one load (keys and references checked across them):
    all of them, or none when any file has a problem."""
    readers, problems = read.read_load(
        paths, BOOK, _sheet_of, _SheetReader, today or date.today(), [_check_references]
    )
    if problems:
        return DeliveryRecords(), problems
    return _records(readers), []


def _records(readers: Sequence[_SheetReader]) -> DeliveryRecords:
    def of(sheet: Sheet) -> tuple[Any, ...]:
        return tuple(x for r in readers if r.sheet is sheet for x in r.records)

    return DeliveryRecords(
        of(PROJECTS), of(MILESTONES), of(RISKS), of(GUARDRAILS), of(WORKSTREAMS), of(ACTIONS)
    )


def _sheet_of(header: Sequence[str]) -> Sheet | None:
    """The sheet whose columns the CSV header matches best (all its required ones present)."""
    best: tuple[int, Sheet] | None = None
    for s in SHEETS:
        if not all(any(c.matches(h) for h in header) for c in s.columns if c.mandatory):
            continue
        hits = sum(any(c.matches(h) for h in header) for c in s.columns)
        hits -= sum(not any(c.matches(h) for c in s.columns) for h in header if h)
        if best is None or hits > best[0]:
            best = (hits, s)
    return best[1] if best else None


# -- values -----------------------------------------------------------------------------------


def day(text: str, today: date, *, past: bool) -> date:
    return read.day(text, today, past=past)


def choice(text: str, choices: Sequence[str]) -> str:
    key = name_key(text)
    found = next((c for c in choices if name_key(c) == key), None)
    if found is None:
        raise BadValue(f"{quoted(text)} is not one of: {', '.join(choices)}")
    return found


def ref(text: str) -> str:
    """A reference with its spaces tidied, upper case when it is a code (``cfe sav02`` ->
    ``CFE SAV02``); a proposal's name standing for one (Staffing Review) keeps its case."""
    tidy = " ".join(text.split())
    return reference(tidy) if re.search(r"\d", tidy) else tidy


def score(text: str) -> int:
    if not re.fullmatch(r"[1-5](?:\.0+)?", text.strip()):
        raise BadValue(f"{quoted(text)} is not a whole number from 1 to 5", "value-number")
    return int(float(text))


def number(text: str) -> float:
    t = text.strip().removesuffix("%").replace(",", "").strip()
    try:
        return float(t)
    except ValueError:
        raise BadValue(f"{quoted(text)} is not a number", "value-number") from None


def indicator(text: str) -> str:
    try:
        return catalogue.get(text).id
    except catalogue.UnknownIndicator as e:
        raise BadValue(str(e), "value-code") from None


def achieved(text: str) -> Decimal:
    return money_read.money(text)  # the money template's amount, read as it reads one


# -- one sheet --------------------------------------------------------------------------------


@dataclass
class _Ref:
    """A row naming a project (or workstream) that must be in the same load."""

    sheet: Sheet  # the sheet it must be on
    value: str
    column: str
    row: int


@dataclass
class _SheetReader(SheetReader):
    records: list[Any] = field(default_factory=list)
    refs: list[_Ref] = field(default_factory=list)

    def row(self, row: Row) -> None:
        values = {c.name: row.get(c.name, _parser(c, self.today)) for c in self.sheet.columns}
        if self.sheet is PROJECTS:
            values["achieved"] = row.amounts(achieved)
        if row.bad:
            return
        entry = Entry(values["entered_by"], values["entered_on"])
        source = Source(self.table.label, values["taken_from"], row.n)
        build = _BUILDERS[self.sheet.name]
        record = build(self, row, values, entry, source)
        if record is not None and not row.bad:
            self.records.append(record)

    def key(self, row: Row, value: tuple[str, ...], what: str, column: str) -> None:
        super().key(row, (self.sheet.name, *value), what, column)

    def ref(self, row: Row, sheet: Sheet, value: str, column: str) -> None:
        self.refs.append(_Ref(sheet, value, row.header(column), row.n))


def _parser(c: Column, today: date) -> Callable[[str], Any]:
    if c.kind == "date":
        return lambda t: day(t, today, past=c.name in PAST_DATES)
    if c.kind == "choice":
        return lambda t: choice(t, c.choices)
    parsers: dict[str, Callable[[str], Any]] = {
        "reference": ref,
        "score": score,
        "number": number,
        "indicator": indicator,
    }
    return parsers.get(c.kind, str.strip)


# -- the records, sheet by sheet --------------------------------------------------------------

_V = dict[str, Any]


def _project(r: _SheetReader, row: Row, v: _V, entry: Entry, source: Source) -> Project:
    r.key(row, (name_key(v["ref"]),), "Reference", "ref")
    return Project(
        v["ref"],
        v["name"],
        v["manager"],
        v["description"],
        v["achieved"],
        v["eqia"],
        v["impact"],
        v["consultation"],
        entry,
        source,
        v["note"],
    )


def _completion(row: Row, v: _V) -> bool:
    """A completion date on a row not completed is a problem."""
    if v["completed_on"] is not None and v["status"] != "completed":
        row.fail(
            row.header("completed_on"),
            "a completion date, but the status is not completed",
            "value-code",
        )
        return False
    return True


def _milestone(r: _SheetReader, row: Row, v: _V, entry: Entry, source: Source) -> Milestone:
    r.key(
        row,
        (name_key(v["project"]), name_key(v["description"])),
        "Project and Milestone",
        "description",
    )
    r.ref(row, PROJECTS, v["project"], "project")
    _completion(row, v)
    return Milestone(
        v["project"],
        v["description"],
        v["owner"],
        v["due"],
        v["status"],
        v["completed_on"],
        entry,
        source,
    )


def _risk(r: _SheetReader, row: Row, v: _V, entry: Entry, source: Source) -> Risk:
    r.key(
        row, (name_key(v["project"]), name_key(v["description"])), "Project and Risk", "description"
    )
    r.ref(row, PROJECTS, v["project"], "project")
    return Risk(
        v["project"],
        v["description"],
        v["likelihood"],
        v["impact"],
        v["mitigation"],
        v["owner"],
        entry,
        source,
    )


def _guardrail(r: _SheetReader, row: Row, v: _V, entry: Entry, source: Source) -> Guardrail | None:
    r.key(
        row,
        (name_key(v["project"]), name_key(v["indicator"])),
        "Project and Indicator",
        "indicator",
    )
    r.ref(row, PROJECTS, v["project"], "project")
    test, threshold = v["test"], v["threshold"]
    if test == "no adverse signal":
        if threshold is not None:
            row.fail(
                row.header("threshold"),
                "a threshold, but the test is no adverse signal: "
                "leave it blank or choose at most or at least",
                "value-code",
            )
        elif catalogue.get(v["indicator"]).polarity == "none":
            row.fail(
                row.header("test"),
                f"{v['indicator']} has no better direction, so no "
                "signal of it is adverse: give a threshold (at most or at least)",
                "value-code",
            )
    elif threshold is None:
        row.fail(
            row.header("threshold"), f"value missing: {test} needs a threshold", "value-missing"
        )
    return Guardrail(v["project"], v["indicator"], test, threshold, v["why"], entry, source)


def _workstream(r: _SheetReader, row: Row, v: _V, entry: Entry, source: Source) -> Workstream:
    r.key(row, (name_key(v["name"]),), "Workstream", "name")
    return Workstream(v["name"], v["sro"], v["progress"], entry, source)


def _action(r: _SheetReader, row: Row, v: _V, entry: Entry, source: Source) -> Action:
    r.key(row, (name_key(v["ref"]),), "Reference", "ref")
    r.ref(row, WORKSTREAMS, v["workstream"], "workstream")
    _completion(row, v)
    return Action(
        v["ref"],
        v["workstream"],
        v["description"],
        v["owner"],
        v["due"],
        v["status"],
        v["evidence"],
        entry,
        source,
        v["completed_on"],
    )


_BUILDERS: dict[str, Callable[[_SheetReader, Row, _V, Entry, Source], Any]] = {
    PROJECTS.name: _project,
    MILESTONES.name: _milestone,
    RISKS.name: _risk,
    GUARDRAILS.name: _guardrail,
    WORKSTREAMS.name: _workstream,
    ACTIONS.name: _action,
}


# -- across rows and files --------------------------------------------------------------------


def _check_references(readers: Sequence[_SheetReader]) -> None:
    """A project or workstream named on a row must be on its own sheet in the same load."""
    names = {
        PROJECTS.name: {name_key(x.ref) for r in readers if r.sheet is PROJECTS for x in r.records},
        WORKSTREAMS.name: {
            name_key(x.name) for r in readers if r.sheet is WORKSTREAMS for x in r.records
        },
    }
    for r in readers:
        for ref in r.refs:
            if name_key(ref.value) not in names[ref.sheet.name]:
                r.add(
                    ref.row,
                    ref.column,
                    f"{quoted(ref.value)} is not on the {ref.sheet.name} sheet of this load",
                    "value-code",
                )
