"""Shared check for the template readers' bad-input tests: a bad file is refused with the file,
row, column and reason of its first problem, and the store is left exactly as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from csc_insight.errors import ReaderError
from csc_insight.store.checksum import store_checksums
from csc_insight.store.load import ingest


def store_holding(folder: Path, name: str, content: bytes) -> Path:
    """A store with one good file loaded (copied per test: creating a store takes a while)."""
    good = folder / name
    good.write_bytes(content)
    ingest([good], folder / "store.duckdb")
    return folder / "store.duckdb"


def assert_refused_and_store_unchanged(
    tmp_path: Path,
    good_store: Path,
    name: str,
    content: bytes,
    expected: tuple[int | None, str | None, str],
    table: tuple[str, int],
    *,
    strict: bool = False,
) -> None:
    """Load ``content`` as ``name`` into a copy of ``good_store``; ``expected`` is the first
    problem's (row, column, words of the reason), ``table`` the table and row count already there.
    ``strict``: load with --strict (a problem with one record refuses the load)."""
    row, column, reason = expected
    store = tmp_path / "store.duckdb"
    shutil.copy(good_store, store)
    before = store_checksums(store)
    assert before[table[0]][0] == table[1]
    bad = tmp_path / "bad" / name
    bad.parent.mkdir()
    bad.write_bytes(content)
    with pytest.raises(ReaderError) as e:
        ingest([bad], store, strict=strict)
    assert store_checksums(store) == before
    first = e.value.problems[0]
    assert (first.file, first.row) == (str(bad), row)
    if column is not None:
        assert first.column == column
    assert reason in first.reason
    assert str(first).startswith(str(bad) + (f", row {row}" if row else ""))
