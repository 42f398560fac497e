"""What every reader module provides, and the objects passed between readers and the loader.

A format is a module with:

- ``FORMAT``: its name (``ssd``, ``ssda903``, ...);
- ``MODE``: ``"replace"`` when a file is a full snapshot of the tables it supplies (an SSD
  extract), ``"merge"`` when files add to and update what is there by key (annual returns);
- ``recognise(path) -> str | None``: cheaply tell whether a file is of this format, and what it
  holds within it (its *kind*: an SSD table, an SSDA903 table, ...);
- ``stage(con, files, options) -> Staged``: read the files into temporary tables with canonical column
  names, inside the load's transaction. A problem that makes a file unreadable as its format
  (wrong format or encoding, a required column missing, a column whose values mostly fail
  their type, a damaged file) raises ``ReaderError``: the load is refused. A problem with one
  record (a bad code, an impossible date, a conflicting duplicate key) leaves that record out
  of the staged tables and lists it in ``Staged.held`` (a Problem with its rule id): the load
  goes on without it (docs/load-policy.md);
- ``RULES`` (optional): ``{rule id: what it means}`` for the record rules the reader adds to
  those in formats/rules.py;
- ``write(con, out_dir) -> list[Path]``: write the canonical tables in ``con`` in this format
  (used by the synthetic borough).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from csc_insight.errors import Problem
from csc_insight.formats.csv_table import Column
from csc_insight.store.schema import Field

Mode = Literal["replace", "merge"]


@dataclass(frozen=True)
class SourceFile:
    path: Path
    format: str
    kind: str


@dataclass(frozen=True)
class LoadOptions:
    """What the person loading says about the files. ``year``: the collection year of the
    returns (2021 for 2020-21, the year ending 31 March), for a return that does not say it
    itself; it overrides what a return's own reporting period or name implies."""

    year: int | None = None


@dataclass
class Staged:
    """What a reader produced: temporary tables per canonical table, records read per file,
    and the records held back.

    Each temporary table has canonical column names (any subset that includes the key) and no
    two rows with the same key. ``held``: one Problem per problem with a record left out (a
    record may have several). ``notes``: things done to records that were loaded (an exact
    duplicate row collapsed into one). ``scopes``: per file, what its problems are about
    (default ``format:kind``); a later load of a file with the same scope supersedes them, so
    loading the corrected file replaces what was held back (a return adds its year).
    """

    tables: dict[str, list[str]] = field(default_factory=dict)
    rows: dict[Path, int] = field(default_factory=dict)
    held: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    scopes: dict[Path, str] = field(default_factory=dict)

    def add(self, canonical: str, temp_table: str) -> None:
        self.tables.setdefault(canonical, []).append(temp_table)


def column_for(f: Field, *, all_optional: bool = False) -> Column:
    """The CSV column spec for a canonical field, named as in the store."""
    kind = {"DATE": "date", "INTEGER": "int", "BIGINT": "int", "DOUBLE": "float"}.get(
        f.type, "text"
    )
    if kind == "text" and f.codes is not None:
        kind = "code"
    return Column(
        name=f.name,
        type=kind,  # type: ignore[arg-type]
        required=f.required,
        optional_column=all_optional or not f.required,
        codes=f.codes,
        identifier=f.key,
    )
