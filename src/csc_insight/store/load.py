"""Loading source files into the store: one transaction, all files or none.

The steps: find the files and recognise each one's format; read every file into temporary
tables (a reader raises ReaderError on bad input, naming file, row and column); then, inside the
same transaction, replace the tables a snapshot format supplies and merge by key what the other
formats supply; record the load. Any error rolls back, so the store stays as it was. Loading the
same files again changes nothing: merging a row that is already there rewrites the same values.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import ModuleType

import duckdb

from csc_insight.errors import MAX_PROBLEMS_PER_FILE, LoadError, Problem, ReaderError
from csc_insight.formats import csv_table, registry
from csc_insight.formats.base import LoadOptions, SourceFile, Staged
from csc_insight.formats.csv_table import key_rows
from csc_insight.store import db, problems, record_rules, schema
from csc_insight.store.audit import os_user
from csc_insight.store.reconcile import reconcile
from csc_insight.store.sql import scalar

#: Suffixes taken from a folder; other files in a folder (READMEs, notes), hidden files and
#: Excel's lock files (~$name.xlsx, present while a workbook is open) are passed over.
DATA_SUFFIXES = {".csv", ".xml", ".xlsx"}

Progress = Callable[[str, int, int], None]


@dataclass
class LoadReport:
    load_id: int | None
    files: list[SourceFile]
    rows_read: int
    table_rows: dict[str, int] = field(default_factory=dict)
    already_loaded: bool = False
    #: Problems with records: held back (left out of the store) and noted (loaded once).
    held: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)

    @property
    def held_records(self) -> int:
        """Records held back; a record with two problems counts once."""
        return len({(p.file, p.row, p.table, p.key) for p in self.held})


def find_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found += sorted(
                q
                for q in p.rglob("*")
                if q.is_file()
                and q.suffix.lower() in DATA_SUFFIXES
                and not q.name.startswith((".", "~$"))
            )
        elif p.is_file():
            found.append(p)
        else:
            raise LoadError(f"{p}: no such file or folder")
    if not found:
        raise LoadError("no data files found in " + ", ".join(str(p) for p in paths))
    return found


def recognise(paths: list[Path]) -> list[SourceFile]:
    sources, unknown = [], []
    for p in paths:
        hit = registry.recognise(p)
        if hit is None:
            unknown.append(p)
        else:
            sources.append(SourceFile(p, hit[0], hit[1]))
    if unknown:
        names = ", ".join(str(p) for p in unknown[:5]) + (" ..." if len(unknown) > 5 else "")
        raise LoadError(f"not a format csc-insight reads: {names}")
    return sources


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    store: str | os.PathLike[str] | None = None,
    *,
    user: str | None = None,
    progress: Progress | None = None,
    allow_empty: bool = False,
    strict: bool = False,
    options: LoadOptions = LoadOptions(),  # noqa: B008 - frozen, so one shared default is safe
    today: date | None = None,
) -> LoadReport:
    """Load the files at ``paths`` into the store in one transaction. ``allow_empty``: a
    snapshot file with no records may empty the table it replaces (see _emptied). Records
    with problems are held back and listed (docs/load-policy.md); ``strict`` refuses the load
    instead. ``today``: the day of the load, after which no event can be dated (tests set it)."""
    started = datetime.now()
    sources = recognise(find_files(paths))
    try:
        con = db.connect(store)
    except duckdb.IOException as e:
        raise LoadError(f"the store cannot be opened ({str(e).splitlines()[0]})") from e
    # Checksums are worked out beside the load (hashlib lets other threads run), and waited for
    # first only when every file's size matches a file loaded before: then it may be a reload.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(lambda: {s.path: sha256(s.path) for s in sources})
        try:
            if _maybe_loaded_before(con, sources) and _all_loaded_before(con, pending.result()):
                return LoadReport(None, sources, 0, already_loaded=True)
            policy = _Policy(allow_empty, strict, options, today or date.today())
            while True:
                con.execute("BEGIN TRANSACTION")
                try:
                    report = _load(con, sources, pending.result, started, user, progress, policy)
                    checkpoint("before commit")
                    con.execute("COMMIT")
                except csv_table.SerialReadNeeded as e:
                    # A file with line breaks inside quotes: start again, reading it with one
                    # thread (see csv_table.SERIAL). Once per such file at most.
                    con.execute("ROLLBACK")
                    csv_table.SERIAL.add(str(e.path))
                    continue
                except BaseException:
                    # A COMMIT that failed (a full disk) has already ended the transaction:
                    # the error to report is that one, not "no transaction is active".
                    with contextlib.suppress(duckdb.Error):
                        con.execute("ROLLBACK")
                    raise
                return report
        finally:
            csv_table.SERIAL.clear()
            con.close()


def checkpoint(name: str) -> None:
    """Marks each step of a load (a format staged, a table stored, the load recorded, the
    commit next). Nothing happens here: tests replace it to interrupt a load at each step in
    turn and show the store is as it was (tests/store/test_atomic.py)."""


def _maybe_loaded_before(con: duckdb.DuckDBPyConnection, sources: list[SourceFile]) -> bool:
    sizes = {r[0] for r in con.execute("SELECT DISTINCT file_bytes FROM load_files").fetchall()}
    return all(s.path.stat().st_size in sizes for s in sources)


def _all_loaded_before(con: duckdb.DuckDBPyConnection, sums: dict[Path, str]) -> bool:
    known = {r[0] for r in con.execute("SELECT DISTINCT file_sha256 FROM load_files").fetchall()}
    return all(s in known for s in sums.values())


@dataclass(frozen=True)
class _Policy:
    allow_empty: bool
    strict: bool
    options: LoadOptions
    today: date


def _emptied(
    con: duckdb.DuckDBPyConnection, files: list[SourceFile], staged: Staged
) -> list[Problem]:
    """A snapshot file with no records would empty a table that holds some: far more often a
    failed export than a council whose children all left care, so it is refused unless the
    load says --allow-empty."""
    out = []
    for f in files:
        if staged.rows.get(f.path, 0) or f.kind not in staged.tables:
            continue
        held = int(scalar(con, f"SELECT count(*) FROM {f.kind}"))
        if held:
            left_out = sum(1 for p in staged.held if p.file == str(f.path))
            what = (
                f"has no record that can be loaded ({left_out:,} problems with its records)"
                if left_out
                else "holds no records"
            )
            out.append(
                Problem(
                    str(f.path),
                    None,
                    None,
                    f"{what}: loading it would empty {f.kind} ({held:,} rows). If the "
                    "table really is empty now, load it with --allow-empty",
                )
            )
    return out


def _load(
    con: duckdb.DuckDBPyConnection,
    sources: list[SourceFile],
    checksums: Callable[[], dict[Path, str]],
    started: datetime,
    user: str | None,
    progress: Progress | None,
    policy: _Policy,
) -> LoadReport:
    by_format: dict[str, list[SourceFile]] = {}
    for s in sources:
        by_format.setdefault(s.format, []).append(s)
    modules = [m for m in registry.FORMATS if m.FORMAT in by_format]
    # Snapshots first, so that the merging formats fill in and update what a snapshot laid down.
    modules.sort(key=lambda m: m.MODE != "replace")
    total = len(modules) * 2
    rows: dict[Path, int] = {}
    refused: list[Problem] = []
    found: list[problems.Found] = []
    scopes: set[str] = set()
    truncated = False
    for step, module in enumerate(modules):
        files = by_format[module.FORMAT]
        if progress:
            progress(f"reading {module.FORMAT}", step, total)
        try:
            staged = module.stage(con, files, policy.options)
            checkpoint(f"staged {module.FORMAT}")
        except ReaderError as e:
            # Read the other formats too, so one run reports every file's problems.
            refused += e.problems
            truncated = truncated or e.truncated
            continue
        locate = _locator(con, module.FORMAT, files)
        later = record_rules.check(con, staged.tables, policy.today, locate)
        later += record_rules.cascade(con, staged.tables, staged.held + later, locate)
        staged.held += later
        _uncount(staged.rows, later)
        if module.MODE == "merge":
            reconcile(con, staged.tables)
        rows.update(staged.rows)
        scope_of = _scopes(module.FORMAT, files, staged)
        scopes |= set(scope_of.values())
        found += [problems.Found(p, _scope(p, scope_of)) for p in staged.held]
        found += [problems.Found(p, _scope(p, scope_of), held=False) for p in staged.notes]
        if module.MODE == "replace" and not policy.allow_empty:
            emptied = _emptied(con, files, staged)
            if emptied:
                refused += emptied
                continue
        if progress:
            progress(f"storing {module.FORMAT}", len(modules) + step, total)
        _apply(con, module, staged)
    if policy.strict and found:
        # --strict: a problem with any record refuses the load; they are listed first.
        refused = [f.problem for f in found[:MAX_PROBLEMS_PER_FILE]] + refused
        truncated = truncated or len(found) > MAX_PROBLEMS_PER_FILE
    if refused:
        raise ReaderError(refused, truncated)
    rows_read = sum(rows.values())
    load_id = int(scalar(con, "SELECT coalesce(max(load_id), 0) + 1 FROM loads"))
    held = [f.problem for f in found if f.held]
    con.execute(
        "INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            load_id,
            started,
            datetime.now(),
            user or os_user(),
            len(sources),
            rows_read,
            "formats: " + ", ".join(m.FORMAT for m in modules),
        ],
    )
    sums = checksums()
    con.executemany(
        "INSERT INTO load_files VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            [
                load_id,
                str(s.path),
                s.format,
                s.kind,
                sums[s.path],
                s.path.stat().st_size,
                rows.get(s.path, 0),
            ]
            for s in sources
        ],
    )
    problems.record(con, load_id, scopes, found)
    checkpoint("recorded the load")
    counts = {t: int(scalar(con, f"SELECT count(*) FROM {t}")) for t in schema.tables()}
    if progress:
        progress("done", total, total)
    return LoadReport(
        load_id,
        sources,
        rows_read,
        counts,
        held=held,
        notes=[f.problem for f in found if not f.held],
    )


def _scopes(fmt: str, files: list[SourceFile], staged: Staged) -> dict[str, str]:
    """Each file's scope (as its label starts), as the reader set it or ``format:kind``."""
    return {str(f.path): staged.scopes.get(f.path, f"{fmt}:{f.kind}") for f in files}


def _scope(p: Problem, scope_of: dict[str, str]) -> str:
    # A reader may name a file with more after it (a workbook's sheet): the longest match wins.
    for label in sorted(scope_of, key=len, reverse=True):
        if p.file.startswith(label):
            return scope_of[label]
    return next(iter(scope_of.values()))


def _uncount(rows: dict[Path, int], held: list[Problem]) -> None:
    """Take the records the rules across tables held back off their files' counts of rows read
    (the readers counted them as staged): a load's rows are those it stored."""
    for file, _table, _key in {(p.file, p.table, p.key) for p in held}:
        path = Path(file)
        if path in rows:
            rows[path] -= 1


def _locator(
    con: duckdb.DuckDBPyConnection, fmt: str, files: list[SourceFile]
) -> record_rules.Locate:
    """Where a record a rule across tables held back came from: the file that supplied its
    table, and for an SSD table file its row (found by reading the file's key column again,
    only when something is held)."""
    cache: dict[Path, dict[str, int]] = {}

    def locate(table: str, record: str) -> tuple[str, int | None]:
        mine = [f for f in files if f.kind == table]
        if len(mine) == 1 and fmt == "ssd":
            path = mine[0].path
            if path not in cache:
                cache[path] = key_rows(con, path, schema.table(table).key[0])
            return str(path), cache[path].get(record)
        if len(files) == 1:
            return str(files[0].path), None
        return f"{fmt} ({len(files)} files)", None

    return locate


def _apply(con: duckdb.DuckDBPyConnection, module: ModuleType, staged: Staged) -> None:
    for table_name, temps in staged.tables.items():
        if module.MODE == "replace" and len(temps) == 1 and _same_shape(con, temps[0], table_name):
            # A snapshot staged in a persistent table of the same shape takes the table's place:
            # no second copy of the rows.
            con.execute(f"DROP TABLE {table_name}")
            con.execute(f"ALTER TABLE {temps[0]} RENAME TO {table_name}")
            checkpoint(f"stored {table_name}")
            continue
        if module.MODE == "replace":
            con.execute(f"DELETE FROM {table_name}")
        for temp in temps:
            merge(con, table_name, temp)
            con.execute(f"DROP TABLE {temp}")
        checkpoint(f"stored {table_name}")


def _same_shape(con: duckdb.DuckDBPyConnection, staged: str, table_name: str) -> bool:
    """True when ``staged`` is a persistent table with exactly the canonical columns and types."""

    def shape(name: str) -> list[tuple[str, str]]:
        return [
            (c, t)
            for c, t in con.execute(
                """SELECT column_name, data_type FROM duckdb_columns()
                   WHERE table_name = ? AND database_name <> 'temp' ORDER BY column_index""",
                [name],
            ).fetchall()
        ]

    mine = shape(staged)
    return bool(mine) and mine == shape(table_name)


def merge(con: duckdb.DuckDBPyConnection, table_name: str, temp: str) -> None:
    """Merge the rows of ``temp`` into ``table_name`` by key.

    A new key adds a row. A key already present is updated: each value the new row carries
    replaces the old one, and a value it leaves empty keeps the old one, so a source that
    carries fewer fields (an Annex A list) fills in without blanking what a richer one gave.
    A table loaded whole (schema ``reload: whole``: one template fills it, every field) has
    the new row replace the old one, an empty value too.
    """
    t = schema.table(table_name)
    staged_cols = {r[0] for r in con.execute(f"DESCRIBE {temp}").fetchall()}
    missing = [k for k in t.key if k not in staged_cols]
    if missing:
        raise LoadError(f"internal: {temp} lacks the key of {table_name}: {missing}")
    key = ", ".join(t.key)
    dup = scalar(
        con, f"SELECT count(*) FROM (SELECT {key} FROM {temp} GROUP BY ALL HAVING count(*) > 1)"
    )
    if dup:
        raise LoadError(f"internal: {temp} holds {dup} duplicate keys for {table_name}")
    select = []
    for f in t.fields:
        if f.key:
            select.append(f"s.{f.name}")
        elif f.name in staged_cols and t.reload_whole:
            select.append(f"CAST(s.{f.name} AS {f.type})")
        elif f.name in staged_cols:
            select.append(f"coalesce(CAST(s.{f.name} AS {f.type}), t.{f.name})")
        else:
            select.append(f"t.{f.name}")
    join = " AND ".join(f"t.{k} = s.{k}" for k in t.key)
    if not scalar(con, f"SELECT EXISTS (SELECT 1 FROM {table_name} t JOIN {temp} s ON {join})"):
        # Nothing to update (a snapshot, or new rows only): a plain insert, the common fast path.
        cols = ", ".join(f.name if f.name in staged_cols else f"NULL AS {f.name}" for f in t.fields)
        con.execute(f"INSERT INTO {table_name} SELECT {cols} FROM {temp}")
        return
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _merged AS
            SELECT {", ".join(select)} FROM {temp} s LEFT JOIN {table_name} t ON {join}"""
    )
    con.execute(f"DELETE FROM {table_name} t USING _merged s WHERE {join}")
    con.execute(f"INSERT INTO {table_name} SELECT * FROM _merged")
    con.execute("DROP TABLE _merged")
