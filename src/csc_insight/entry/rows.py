"""A record (money/model.py's, delivery/model.py's) as the row the dashboard's database keeps
(web/models.py), and back, by the record's field names: ``entry`` is the columns entered_by
and entered_on, ``source`` source_document, source_where and source_row, a budget line's
``projected`` the columns q1 to q4, a mapping of amounts by year a JSON object of strings
(exact: "424.5", never a float), and every other field the column of its name.

A row comes back from sqlite3 (dates as text, amounts as numbers, JSON as text), psycopg or
Django's ORM (dates, Decimals, dicts): ``record`` reads each as the field's type says.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar

from csc_insight.money.model import Entry, Source

T = TypeVar("T")
Row = dict[str, Any]

_QUARTERS = ("q1", "q2", "q3", "q4")


def as_row(record: Any, key: str) -> Row:
    """The record's columns, and its key (``key``: what makes it one row of its table)."""
    out: Row = {"key": key}
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if f.name == "entry":
            out["entered_by"], out["entered_on"] = value.by, value.on
        elif f.name == "source":
            out["source_document"] = value.document
            out["source_where"], out["source_row"] = value.where, value.row
        elif f.name == "projected":
            out.update(zip(_QUARTERS, value, strict=True))
        elif isinstance(value, Mapping):
            out[f.name] = {k: amount_text(v) for k, v in value.items()}
        else:
            out[f.name] = value
    return out


def record(cls: type[T], row: Mapping[str, Any]) -> T:
    """The record of class ``cls`` a row holds."""
    values: dict[str, Any] = {}
    for name, kind in _fields(cls).items():  # type: ignore[arg-type]
        if name == "entry":
            values[name] = Entry(str(row["entered_by"]), _date(row["entered_on"]))
        elif name == "source":
            values[name] = Source(
                str(row["source_document"]), row["source_where"], _int(row["source_row"])
            )
        elif name == "projected":
            values[name] = tuple(_decimal(row[q]) for q in _QUARTERS)
        else:
            values[name] = _reader(kind)(row[name])
    return cls(**values)


def jsonable(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row as JSON can hold it (a change's before and after): dates and amounts as text."""
    return {k: _plain(v) for k, v in row.items() if k != "id"}


def _plain(v: Any) -> Any:
    if isinstance(v, date | datetime):
        return v.isoformat()
    if isinstance(v, Decimal):
        return amount_text(v)
    if isinstance(v, Mapping):
        return {k: _plain(x) for k, x in v.items()}
    return v


def amount_text(v: Decimal) -> str:
    """An amount as text, without trailing zeros (9050.000 and 9050 are one amount: "9050")."""
    return format(v.normalize(), "f")


def canonical(cls: type, row: Mapping[str, Any]) -> Row:
    """A row as a record of ``cls`` writes it, whichever database gave it (to compare rows)."""
    return as_row(record(cls, row), str(row["key"]))


@cache
def _fields(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


def _reader(kind: Any) -> Callable[[Any], Any]:
    """How a column is read for a field of type ``kind`` (``X | None`` reads None as None)."""
    args = typing.get_args(kind)
    if typing.get_origin(kind) in (types.UnionType, typing.Union) and type(None) in args:
        inner = _reader(next(a for a in args if a is not type(None)))
        return lambda v: None if v is None else inner(v)
    if kind is Decimal:
        return _decimal
    if kind is date:
        return _date
    if kind is int:
        return _int
    if kind is float:
        return float
    if typing.get_origin(kind) in (Mapping, dict) or kind is Mapping:
        return _amounts
    return lambda v: v  # text, and the Literal choices (statuses, categories)


def _decimal(v: Any) -> Any:
    # str() first: a float from SQLite's NUMERIC column (424.5) becomes the amount it shows
    return None if v is None else Decimal(str(v))


def _int(v: Any) -> int | None:
    return None if v is None else int(v)


def _date(v: Any) -> date:
    if isinstance(v, datetime):
        return v.date()
    return v if isinstance(v, date) else date.fromisoformat(str(v)[:10])


def _amounts(v: Any) -> dict[str, Decimal]:
    found = json.loads(v) if isinstance(v, str | bytes) else (v or {})
    return {str(k): Decimal(str(x)) for k, x in found.items()}


def table_rows(
    tables: Mapping[str, type], given: Sequence[Sequence[Any]], key: Callable[[Any], str]
) -> dict[str, list[Row]]:
    """Records as rows by table: ``given`` holds each table's records, in ``tables``' order."""
    return {t: [as_row(x, key(x)) for x in xs] for t, xs in zip(tables, given, strict=True)}


def table_records(
    tables: Mapping[str, type], rows: Mapping[str, Sequence[Mapping[str, Any]]]
) -> list[tuple[Any, ...]]:
    """Each table's records (in ``tables``' order) from its rows (a table not given: none)."""
    return [tuple(record(cls, r) for r in rows.get(t, ())) for t, cls in tables.items()]
