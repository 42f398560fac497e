"""The DfE children in need (CIN) census XML return: recognising a file and staging it (the
writer is ``cin_census_writer``).

A census is read by collection year: the year comes from the file's Header (ReferenceDate, or
31 March of Year), or from ``LoadOptions.year``, which overrides it, and the codes and the
child's sex element are checked against that year's lists (cin_census_years). The work is split
by job: cin_census_xml reads the XML (encodings, structure, Header), cin_census_child turns a
Child into records and checks their values, cin_census_rules applies the DfE validation rules
that change figures, and cin_census_stage stages the records. docs/formats/cin_census.md gives
the mapping to the canonical tables.

A problem with the file (not XML, wrong root, no Header, damaged, bytes not in its encoding)
refuses it. A problem inside a ``Child`` holds back that child's records in that file; a DfE rule
holds back the record it is about and those belonging to it. More than half the children held
back (at least 5) is taken to be a file of another layout, and refused.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from csc_insight import financial_year
from csc_insight.errors import MAX_PROBLEMS_PER_FILE, Problem, ProblemList, ReaderError
from csc_insight.formats.base import LoadOptions, Mode, SourceFile, Staged
from csc_insight.formats.cin_census_child import ChildRead, Record
from csc_insight.formats.cin_census_rules import RULES as DFE_RULES
from csc_insight.formats.cin_census_rules import settle
from csc_insight.formats.cin_census_stage import COLUMNS, KEY_ELEMENT, stage_table
from csc_insight.formats.cin_census_writer import collection_year
from csc_insight.formats.cin_census_xml import PEEK, CensusXml, peek_text
from csc_insight.formats.cin_census_years import census_year
from csc_insight.formats.dates import FIRST

FORMAT = "cin_census"
MODE: Mode = "merge"
KIND = "cin_census"

#: The CIN census's own rules (value-control, a control character in an id, is common).
RULES: dict[str, str] = {**DFE_RULES}

#: A file is refused, not read, when more than this share of its children (and at least
#: REFUSE_MIN of them) would be held back: it is another layout, not a few faulty records.
REFUSE_SHARE = 0.5
REFUSE_MIN = 5


# -- Recognising a file -------------------------------------------------------------------------


def recognise(path: Path) -> str | None:
    """A ``.xml`` file whose root is ``Message`` holding a CIN collection (first 8 KB only).

    An empty ``.xml`` file, or one cut off before its header, is claimed when its name says CIN,
    so that the reader can report it rather than the load saying it knows no such format.
    """
    if path.suffix.lower() != ".xml":
        return None
    try:
        with path.open("rb") as f:
            head = f.read(PEEK)
    except OSError:
        return None
    named_cin = "cin" in path.stem.lower()
    text = peek_text(head)
    if not text.strip():
        return KIND if named_cin else None
    if not re.match(
        r"(?:\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^>\[]|\[.*?\])*>))*\s*<(?:[\w.-]+:)?Message[\s>/]",
        text,
        re.S,
    ):
        return None
    collection = re.search(r"<(?:[\w.-]+:)?Collection\s*>([^<]*)<", text)
    if collection:
        return KIND if collection.group(1).strip().upper() == "CIN" else None
    if named_cin or re.search(r"<(?:[\w.-]+:)?(?:CINdetails|LAchildID)[\s>]", text):
        return KIND
    return None


# -- Staging ------------------------------------------------------------------------------------


def stage(
    con: duckdb.DuckDBPyConnection,
    files: list[SourceFile],
    options: LoadOptions = LoadOptions(),  # noqa: B008 - frozen, so one shared default is safe
) -> Staged:
    """Read every file, then stage one row per key: where two censuses carry the same record,
    the later census (ReferenceDate) wins, and a value it leaves empty keeps the earlier one."""
    staged = Staged()
    refused: list[Problem] = []
    truncated = False
    results: list[_FileRead] = []
    for f in files:
        reader = _FileRead(f.path, options)
        reader.read()
        if reader.problems:
            refused += reader.problems.items
            truncated = truncated or reader.problems.truncated
            continue
        results.append(reader)
        staged.rows[f.path] = reader.children
        staged.held += reader.held
        staged.notes += reader.notes
        staged.scopes[f.path] = f"{FORMAT}:{f.kind}:{reader.year}"
    if refused:
        raise ReaderError(refused, truncated)
    # Later census, then later in the list, wins.
    order = sorted(range(len(results)), key=lambda i: (results[i].reference_date or FIRST, i))
    rank = {i: r for r, i in enumerate(order)}
    for table in COLUMNS:
        parts = [(r.rows[table], rank[i]) for i, r in enumerate(results) if r.rows[table]]
        if parts:
            staged.add(table, stage_table(con, table, parts))
    return staged


class _FileRead:
    """One file: its children read, checked against each other, and left out where held."""

    def __init__(self, path: Path, options: LoadOptions) -> None:
        self.path = path
        self.file = str(path)
        self.options = options
        self.problems = ProblemList(self.file)
        self.xml = CensusXml(path, self.problems)
        self.children = 0
        self.year: int | None = None
        self.reference_date: date | None = None
        self.held: list[Problem] = []
        self.notes: list[Problem] = []
        self.rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in COLUMNS}
        self._children: list[ChildRead] = []
        self._held_children: set[int] = set()
        self._seen: dict[str, dict[Any, tuple[int, Record]]] = {t: {} for t in COLUMNS}

    def read(self) -> None:
        self.xml.read(self._child)
        if self.problems:
            return
        if self.reference_date is None:  # a file with no Child at all
            self._settle_year()
        self._refuse_if_mostly_held()
        if self.problems:
            return
        self._leave_out_held()

    def _settle_year(self) -> None:
        if self.options.year is not None:
            self.reference_date = financial_year.bounds(self.options.year)[1]
        else:
            self.reference_date = self.xml.reference_date
        self.year = collection_year(self.reference_date) if self.reference_date else None

    def _child(self, el: Any) -> None:
        if self.reference_date is None:
            self._settle_year()
        if self.reference_date is None or self.year is None:
            return  # the Header's problem is already listed
        index = self.children
        self.children += 1
        child = ChildRead(self.file, census_year(self.year))
        child.read(el)
        self._children.append(child)
        if child.faults:
            # Held back whole: the DfE rules would only repeat its faults in other words.
            self._held_children.add(index)
            self.held += child.faults
        else:
            self.held += settle(child, self.reference_date)
        for record in child.records:
            self._register(index, record)

    def _register(self, index: int, record: Record) -> None:
        """Note a record's key: the same record again is staged once (a note); another record
        with the same key holds back both children (there is no telling which is right)."""
        if record.key is None:
            return  # a record of a child held back for its missing id or date
        seen = self._seen[record.table]
        first = seen.get(record.key)
        if first is None:
            seen[record.key] = (index, record)
            return
        first_index, first_record = first
        element = KEY_ELEMENT[record.table]
        if first_record.values == record.values:
            # Staged with the first copy, unless that copy's child is held back.
            record.duplicate_of = first_index
            reason = f"the same record as line {first_record.line}: loaded once"
            self.notes.append(
                Problem(
                    self.file,
                    record.line,
                    element,
                    reason,
                    "row-duplicate",
                    str(record.key),
                    record.table,
                    str(record.key),
                )
            )
            return
        whose = "this child's" if first_index == index else "either child's"
        reason = (
            f"duplicate key: {record.key} is already in this file (line {first_record.line}) "
            f"with different values; {whose} records in this file are held back"
        )
        self.held.append(
            Problem(
                self.file,
                record.line,
                element,
                reason,
                "key-conflict",
                str(record.key),
                record.table,
                str(record.key),
            )
        )
        self._held_children |= {first_index, index}

    def _refuse_if_mostly_held(self) -> None:
        held = len(self._held_children)
        if held < REFUSE_MIN or held <= self.children * REFUSE_SHARE:
            return
        faults = [p for p in self.held if p.rule not in DFE_RULES]
        common = Counter((p.column, p.rule) for p in faults).most_common(1)
        what = ""
        if common:
            (column, rule), n = common[0]
            what = f" (most often {rule} in {column}, {n} times)"
        self.problems.add(
            None,
            None,
            f"{held:,} of {self.children:,} children have problems{what}: this looks like a "
            "file of another layout or year, not a few faulty records, so it is not loaded",
        )
        for p in faults[: MAX_PROBLEMS_PER_FILE - 1]:
            self.problems.add(p.row, p.column, p.reason)
        self.problems.truncated = len(faults) > MAX_PROBLEMS_PER_FILE - 1

    def _leave_out_held(self) -> None:
        for index, child in enumerate(self._children):
            if index in self._held_children:
                self.held.append(
                    Problem(
                        self.file,
                        child.line,
                        "LAchildID",
                        "the child's records in this file are held back (problems above)",
                        "depends",
                        child.pid,
                        "ssd_person",
                        child.pid,
                    )
                )
                continue
            for record in child.records:
                first = record.duplicate_of
                if first is not None and first not in self._held_children:
                    continue  # staged with its first copy
                if record.key is not None and not record.left_out():
                    self.rows[record.table].append(record.row())


# -- Writing ------------------------------------------------------------------------------------


def write(
    con: duckdb.DuckDBPyConnection, out_dir: Path, *, years: list[int] | None = None
) -> list[Path]:
    """One census file per collection year; see ``cin_census_writer``."""
    from csc_insight.formats import cin_census_writer

    return cin_census_writer.write(con, out_dir, years=years)
