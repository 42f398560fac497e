"""Reading one Annex A list sheet: its header row, its columns, and its rows as records.

A problem with the sheet (no header row, a required column missing, a column whose values mostly
fail, too many rows) is added to the workbook's problems: the load is refused. A problem with a
row (a bad date or code, a key value missing, a too-long value, a key shared with a different
row) holds that row back: it is kept out of ``Sheet.records`` and listed in ``Sheet.held``. An
exact copy of a row is read once and noted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from csc_insight.errors import Problem, ProblemList
from csc_insight.formats import keys, xlsx_limits
from csc_insight.formats.annex_a_lists import AnnexList, ListColumn, header_variants
from csc_insight.formats.annex_a_values import as_found, cell_text, filled, read_cell
from csc_insight.formats.csv_table import MOSTLY_WRONG_MIN, MOSTLY_WRONG_SHARE, header_key

#: The header row is looked for in this many rows at the top of a sheet (title rows above it).
HEADER_SEARCH_ROWS = 10
#: Columns looked at in a row; a template has at most ~35.
MAX_COLUMNS = 200

Record = dict[str, Any]  # column name -> value, and "_row": the spreadsheet row


class Unreadable(Exception):
    """openpyxl failed part-way through a sheet: the bytes are not a sound workbook."""


@dataclass
class Sheet:
    lst: AnnexList
    name: str  # as the workbook names it
    label: str  # the file label its problems carry: "book.xlsx [List 3]"
    records: list[Record] = field(default_factory=list)  # the rows to stage
    held: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    #: The keys of the rows held back (child and key date), with the first row of each: a row
    #: of another list with the same key describes the same record, and is held too.
    held_keys: dict[tuple[Any, ...], int] = field(default_factory=dict)


@dataclass
class _Row:
    record: Record
    problems: list[Problem]
    key: tuple[Any, ...] | None

    def identity(self) -> tuple[Any, ...]:
        """The row's values as read (a bad one as found), to tell exact copies apart."""
        values = tuple(v for k, v in self.record.items() if k != "_row")
        return values, tuple((p.column, p.value) for p in self.problems)


# ---------------------------------------------------------------------------------------------
# The header


def _match_header(row: tuple[Any, ...], lst: AnnexList) -> dict[str, list[int]]:
    """Column name -> positions in ``row`` of the cells whose text matches its header.

    A header spelled exactly (bar case, spacing and punctuation) beats one that matches only
    without its bracketed text, so "Allocated Team (previous)" beside "Allocated Team" is extra."""
    exact = {c.name: {header_key(h) for h in (c.header, *c.aliases)} for c in lst.columns}
    loose = {c.name: c.keys() for c in lst.columns}
    hits: dict[str, tuple[list[int], list[int]]] = {}
    for i, v in enumerate(row):
        text = cell_text(v)
        if text is None:
            continue
        key, variants = header_key(text), header_variants(text)
        name = next((n for n, ks in exact.items() if key in ks), None)
        if name is not None:
            hits.setdefault(name, ([], []))[0].append(i)
            continue
        name = next((n for n, ks in loose.items() if variants & ks), None)
        if name is not None:
            hits.setdefault(name, ([], []))[1].append(i)
    return {name: exact_hits or loose_hits for name, (exact_hits, loose_hits) in hits.items()}


def _find_header(
    head: list[tuple[Any, ...]], lst: AnnexList
) -> tuple[int, dict[str, list[int]]] | None:
    """(index in ``head``, matches) of the row matching most of the list's headers (at least two)."""
    best: tuple[int, dict[str, list[int]]] | None = None
    for i, row in enumerate(head):
        hits = _match_header(row, lst)
        if len(hits) >= 2 and (best is None or len(hits) > len(best[1])):
            best = (i, hits)
    return best


Columns = list[tuple[ListColumn, int, str]]  # (column, position, header as the file spells it)


def _columns(
    header: tuple[Any, ...], lst: AnnexList, hits: dict[str, list[int]], header_row: int,
    problems: ProblemList,
) -> Columns | None:  # fmt: skip
    """The columns to read, with their positions; None (problems added) if one is missing."""
    out: Columns = []
    missing = False
    for col in lst.columns:
        where = hits.get(col.name, [])
        if not where:
            if col.need != "optional":
                problems.add(header_row, col.header, "column missing from the header")
                missing = True
            continue
        label = cell_text(header[where[0]]) or col.header
        if len(where) > 1 and col.kind != "skip":
            problems.add(header_row, label, "column appears twice in the header")
            missing = True
        if col.kind != "skip":
            out.append((col, where[0], label))
    return None if missing else out


# ---------------------------------------------------------------------------------------------
# The rows


def rows_of(ws: Any) -> Iterator[tuple[Any, ...]]:
    """Rows of a sheet as values, at most MAX_COLUMNS wide (a stray cell far to the right does
    not widen every row); openpyxl's own failures become Unreadable."""
    try:
        ws.reset_dimensions()  # a wrong <dimension> would pad every row to its width
        it = ws.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)
    except Exception as e:
        raise Unreadable(e) from e
    while True:
        try:
            row = next(it)
        except StopIteration:
            return
        except Exception as e:
            raise Unreadable(e) from e
        yield row


def read_sheet(
    ws: Any, lst: AnnexList, name: str, problems: ProblemList, table: str | None
) -> Sheet | None:
    """The sheet's records and held rows; None (problems added) when the sheet is refused.
    ``table``: the canonical table the list's rows are for, named in their held problems."""
    rows = rows_of(ws)
    head: list[tuple[Any, ...]] = []
    for row in rows:
        head.append(row)
        if len(head) == HEADER_SEARCH_ROWS:
            break
    if not any(filled(v) for r in head for v in r):
        problems.add(None, None, "sheet is empty (no header row)")
        return None
    found = _find_header(head, lst)
    if found is None:
        key_headers = [c.header for c in lst.columns if c.need == "key"]
        problems.add(
            None,
            key_headers[0],
            f"no header row in the first {HEADER_SEARCH_ROWS} rows (expected {', '.join(key_headers)}, ...)",
        )
        return None
    at, hits = found
    columns = _columns(head[at], lst, hits, at + 1, problems)
    if columns is None:
        return None
    read: list[_Row] = []
    filled_in: dict[str, int] = {}
    for rownum, row in enumerate(_chain(head[at + 1 :], rows), start=at + 2):
        if rownum > xlsx_limits.MAX_ROWS_PER_SHEET:
            problems.add(None, None, xlsx_limits.too_many_rows(name))
            return None
        if not any(filled(v) for v in row):
            continue
        read.append(_read_row(row, lst, columns, rownum, problems.file, table))
        for _, i, label in columns:
            if i < len(row) and filled(row[i]):
                filled_in[label] = filled_in.get(label, 0) + 1
    if _mostly_wrong(read, filled_in, problems):
        return None
    return _sheet(lst, name, problems.file, read, table)


def _chain(first: list[tuple[Any, ...]], rest: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:  # fmt: skip
    yield from first
    yield from rest


def _read_row(
    row: tuple[Any, ...], lst: AnnexList, columns: Columns, rownum: int, file: str,
    table: str | None,
) -> _Row:  # fmt: skip
    """One row's values by column name, with a held problem per bad cell."""
    record: Record = {c.name: None for c in lst.columns if c.kind != "skip"}
    record["_row"] = rownum
    found: list[Problem] = []
    bad: set[str] = set()
    for col, i, label in columns:
        v = row[i] if i < len(row) else None
        value, problem = read_cell(col.kind, v)
        if problem is None and value is None and col.need == "key":
            problem = ("value-missing", "value missing")
        if problem is not None:
            rule, reason = problem
            shown = as_found(v) if filled(v) else None
            found.append(Problem(file, rownum, label, reason, rule, shown, table))
            bad.add(col.name)
        record[col.name] = value
    key = None if bad & set(KEY_COLUMNS.get(lst.number, ())) else record_key(lst.number, record)
    return _Row(record, found, key)


_WRONG_TYPE = ("value-date", "value-code", "value-number")


def _mostly_wrong(read: list[_Row], filled_in: dict[str, int], problems: ProblemList) -> bool:
    """Refuse the sheet when a column's values mostly fail their type or code list (as
    csv_table does): a sheet in another layout (US dates, columns moved) is a wrong file, and
    holding back all its rows would hide that."""
    failing: dict[str, list[Problem]] = {}
    for r in read:
        for p in r.problems:
            if p.rule in _WRONG_TYPE and p.column:
                failing.setdefault(p.column, []).append(p)
    refused = False
    for column, ps in failing.items():
        n, of = len(ps), filled_in.get(column, 0)
        if n >= MOSTLY_WRONG_MIN and n > MOSTLY_WRONG_SHARE * of:
            examples = "; ".join(f"row {p.row}: {p.reason}" for p in ps[:3])
            problems.add(
                None,
                column,
                f"{n:,} of its {of:,} values are wrong ({examples}): is this the right file, "
                "in the right layout?",
            )
            refused = True
    return refused


# ---------------------------------------------------------------------------------------------
# Keys: rows that share one, copies and conflicts


def cla_episode_start(r: Record) -> date | None:
    """The start (DECOM) of the child's latest episode: a new episode begins when the child
    enters care, at each change of placement and at each change of legal status."""
    dates = [d for d in (r.get("entered_care"), r.get("placement_start"), r.get("ls_start")) if d]
    return max(dates) if dates else None


#: The columns a list's record key is worked out from: a row with a bad value in one has no key.
KEY_COLUMNS: dict[int, tuple[str, ...]] = {
    1: ("child", "contact_date"),
    2: ("child", "eh_start"),
    3: ("child", "referral_date"),
    4: ("child", "asmt_start"),
    5: ("child", "s47_start"),
    6: ("child", "cin_start"),
    7: ("child", "cpp_start"),
    8: ("child", "entered_care", "placement_start", "ls_start"),
    9: ("child", "latest_contact"),
}


def record_key(n: int, r: Record) -> tuple[Any, ...] | None:
    """A list row's key: the child and the list's key date (None when a part is missing). The
    older List 9 has no date to key on: its rows have none."""
    if n == 8:
        key: tuple[Any, ...] = (r.get("child"), cla_episode_start(r))
    elif n in KEY_COLUMNS:
        key = tuple(r.get(c) for c in KEY_COLUMNS[n])
    else:
        return None
    return None if None in key else key


#: Where a list's key is not simply its key columns: (column named, what the rows share).
_KEY_LABELS = {
    8: (
        "Child Unique ID",
        "the same child and latest episode (the latest of the dates started to be looked after,"
        " of the most recent placement and of the current legal status) as",
    ),
    9: ("Child Unique ID+Latest Date of Contact", "same as"),
}


def record_id(key: tuple[Any, ...] | None) -> str | None:
    """The id the canonical record of a list row gets (``<child>-<yyyymmdd>``), named in its
    held problems so that the loader can hold back what belongs to it."""
    if key is None or len(key) != 2 or not isinstance(key[1], date):
        return None
    return keys.record_id(str(key[0]), key[1])


def _sheet(lst: AnnexList, name: str, label: str, read: list[_Row], table: str | None) -> Sheet:
    """The rows sorted into staged, held and collapsed copies."""
    sheet = Sheet(lst, name, label)
    keys_named = "+".join(c.header for c in lst.columns if c.need == "key")
    column, what = _KEY_LABELS.get(lst.number, (keys_named, "same as"))
    groups: dict[tuple[Any, ...], list[_Row]] = {}
    for r in read:
        if r.key is not None:
            groups.setdefault(r.key, []).append(r)
    copies: set[int] = set()
    for group in groups.values():
        if len(group) < 2:
            continue
        first = group[0]
        if all(r.identity() == first.identity() for r in group):
            if not first.problems:  # each copy of a faulty row is held on its own
                for r in group[1:]:
                    copies.add(id(r))
                    sheet.notes.append(
                        Problem(label, r.record["_row"], column,
                                f"the same record as row {first.record['_row']}: loaded once",
                                "row-duplicate", None, table)
                    )  # fmt: skip
            continue
        for r in group:
            other = group[1] if r is first else first
            r.problems.append(
                Problem(label, r.record["_row"], column,
                        f"duplicate key: {what} row {other.record['_row']} with different "
                        "values; neither is loaded", "key-conflict", None, table)
            )  # fmt: skip
    for r in read:
        if id(r) in copies:
            continue
        if r.problems:
            rid = record_id(r.key)
            sheet.held += [replace(p, key=rid) for p in r.problems]
            if r.key is not None:
                sheet.held_keys.setdefault(r.key, r.record["_row"])
        else:
            sheet.records.append(r.record)
    sheet.held.sort(key=lambda p: p.row or 0)  # a row's own problems, then its key's
    return sheet
