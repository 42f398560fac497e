"""Identifiers for records that a source format carries without one (see docs/dev/readers.md)."""

from __future__ import annotations

from datetime import date


def record_id(person_id: str, on: date) -> str:
    """``<person id>-<yyyymmdd>``: one record of a kind per child per date."""
    return f"{person_id}-{on:%Y%m%d}"


def record_id_sql(person_expr: str, date_expr: str) -> str:
    """The same identifier built in SQL."""
    return f"({person_expr} || '-' || strftime({date_expr}, '%Y%m%d'))"


def uasc_id(person_id: str) -> str:
    return f"{person_id}-UASC"
