"""What every reader module provides, and the objects passed between readers and the loader.

A format is a module with:

- ``FORMAT``: its name (``ssd``, ``ssda903``, ...);
- ``MODE``: ``"replace"`` when a file is a full snapshot of the tables it supplies (an SSD
  extract), ``"merge"`` when files add to and update what is there by key (annual returns);
- ``recognise(path) -> str | None``: cheaply tell whether a file is of this format, and what it
  holds within it (its *kind*: an SSD table, an SSDA903 table, ...);
- ``stage(con, files) -> Staged``: read the files into temporary tables with canonical column
  names, inside the load's transaction, raising ``ReaderError`` on bad input;
- ``write(con, out_dir) -> list[Path]``: write the canonical tables in ``con`` in this format
  (used by the synthetic borough).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from csc_insight.formats.csv_table import Column
from csc_insight.store.schema import Field

Mode = Literal["replace", "merge"]


@dataclass(frozen=True)
class SourceFile:
    path: Path
    format: str
    kind: str


@dataclass
class Staged:
    """What a reader produced: temporary tables per canonical table, and records read per file.

    Each temporary table has canonical column names (any subset that includes the key) and no
    two rows with the same key.
    """

    tables: dict[str, list[str]] = field(default_factory=dict)
    rows: dict[Path, int] = field(default_factory=dict)

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
    )
