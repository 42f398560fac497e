"""Staging Annex A workbooks: their list rows merged into one row per canonical record, written
to temporary tables for the loader.

A record two lists describe (List 3 and List 6 give one referral) is loaded whole or not at all:
when one list's row for it is held back, the other list's row is held too (rule ``depends``).
"""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa

from csc_insight.errors import Problem
from csc_insight.formats.annex_a_book import LIST_TABLES, Book
from csc_insight.formats.annex_a_rows import MAPPERS, Row
from csc_insight.formats.annex_a_sheet import record_id, record_key
from csc_insight.store import schema

#: What a record of a table shared by two lists is called in a ``depends`` problem.
_RECORD_NOUN = {"ssd_cin_episodes": "referral"}


def hold_dependents(book: Book) -> None:
    """Hold back the rows that describe a record another list's held row describes."""
    held: dict[tuple[str, Any], tuple[str, int]] = {}
    for n, sheet in sorted(book.sheets.items()):
        for held_key, row in sheet.held_keys.items():
            held.setdefault((LIST_TABLES.get(n, ""), held_key), (sheet.name, row))
    if not held:
        return
    for n, sheet in sorted(book.sheets.items()):
        table = LIST_TABLES.get(n)
        if table is None:
            continue
        column = "+".join(c.header for c in sheet.lst.columns if c.need == "key")
        keep = []
        for r in sheet.records:
            key = record_key(n, r)
            found = held.get((table, key))
            if found is None or found[0] == sheet.name:
                keep.append(r)
                continue
            noun = _RECORD_NOUN.get(table, "record")
            sheet.held.append(
                Problem(
                    sheet.label,
                    r["_row"],
                    column,
                    f"the same {noun} as {found[0]} row {found[1]}, which is held back: "
                    f"a {noun} is loaded whole or not at all",
                    "depends",
                    None,
                    table,
                    record_id(key),
                )
            )
        sheet.records = keep
        sheet.held.sort(key=lambda p: p.row or 0)


_PERSON_FIELDS = {"gender": "pers_sex", "ethnicity": "pers_ethnicity", "dob": "pers_dob"}


def _people(book: Book) -> dict[str, Row]:
    """ssd_person from every list: the first value given for a child, List 1 first."""
    people: dict[str, Row] = {}
    for n in sorted(book.sheets):
        if n not in MAPPERS:
            continue
        for r in book.sheets[n].records:
            if r.get("child") is None:
                continue
            person = people.setdefault(r["child"], {"pers_person_id": r["child"]})
            for source, target in _PERSON_FIELDS.items():
                if person.get(target) is None and r.get(source) is not None:
                    person[target] = r[source]
    return people


def canonical(books: list[Book]) -> dict[tuple[str, str], dict[Any, Row]]:
    """Rows per (canonical table, source list) by key. Books come oldest first, and a later
    return's values replace an earlier one's value by value (an empty value keeps the earlier),
    as the loader's merge does between loads."""
    out: dict[tuple[str, str], dict[Any, Row]] = {}
    for book in books:
        people = out.setdefault(("ssd_person", "people"), {})
        for pid, person in _people(book).items():
            _fill(people, pid, person)
        for n, sheet in sorted(book.sheets.items()):
            mapper = MAPPERS.get(n)
            if mapper is None:
                continue  # Lists 10 and 11: no canonical table yet
            for r in sheet.records:
                for table, row in mapper(r):
                    key = tuple(row[k] for k in schema.table(table).key)
                    _fill(out.setdefault((table, f"list{n}"), {}), key, row)
    return out


def _fill(rows: dict[Any, Row], key: Any, row: Row) -> None:
    merged = rows.setdefault(key, dict.fromkeys(row))
    merged.update({k: v for k, v in row.items() if v is not None})


_ARROW_TYPES = {
    "DATE": pa.date32(),
    "DOUBLE": pa.float64(),
    "INTEGER": pa.int64(),
    "BIGINT": pa.int64(),
}


def create_temp(con: duckdb.DuckDBPyConnection, name: str, table: str, rows: list[Row]) -> None:
    t = schema.table(table)
    fields = [f for f in t.fields if any(f.name in r for r in rows)]
    arrow = pa.table(
        {
            f.name: pa.array([r.get(f.name) for r in rows], _ARROW_TYPES.get(f.type, pa.string()))
            for f in fields
        }
    )
    view = f"_arrow_{name}"
    con.register(view, arrow)
    try:
        con.execute(f"DROP TABLE IF EXISTS {name}")
        con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {view}")
    finally:
        con.unregister(view)
