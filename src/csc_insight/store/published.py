"""Published copies of the store: what the web dashboard reads while `csc ingest` and `csc compute`
write.

DuckDB lets one process write a store file, and while it writes no other process may open it,
even to read. So the web server never opens the store itself. Each `csc compute`, when its
results are committed, publishes the store: it checkpoints it (the write-ahead log folded in, so
the file is complete) and copies the file, under a temporary name, into the folder beside it,
``<store>.published/``, then renames the copy to ``<timestamp>.duckdb``: a rename within a folder
is atomic, so a reader finds either the previous copy or the whole new one, never half of one.
The web server opens the newest copy read-only, and moves to a newer one when one appears. A copy
holds the results and the records behind them together, so the children a page lists are those
its figures were computed from, even while the next load is going in.

Publishing is for stores a dashboard serves: `csc serve` makes the folder (publishing the store
as it stands when there is no copy yet), and from then on every `csc compute` publishes; a store
never served is never copied (``publish_if_served``).

The last KEEP copies stay, so that a page still reading the one before is not cut off (on Linux
a file removed while open stays readable to those who hold it). A copy costs the store's size on
disk: about 0.1 GB for a borough, 3 GB at national scale.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

import duckdb

from csc_insight.errors import CscError

KEEP = 3
SUFFIX = ".published"


def folder(store: str | os.PathLike[str]) -> Path:
    p = Path(store)
    return p.with_name(p.name + SUFFIX)


def publish(con: duckdb.DuckDBPyConnection, store: str | os.PathLike[str]) -> Path:
    """Copy the store, as committed on ``con`` (open for writing: no one else writes), into its
    published folder; return the new copy's path."""
    con.execute("CHECKPOINT")
    out = folder(store)
    out.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
    tmp = out / f".{stamp}.partial"
    final = out / f"{stamp}.duckdb"
    try:
        shutil.copyfile(store, tmp)
        os.replace(tmp, final)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise CscError(f"could not publish the results for the dashboard to {out}: {e}") from e
    for old in copies(store)[:-KEEP]:
        old.unlink(missing_ok=True)
    return final


def publish_if_served(con: duckdb.DuckDBPyConnection, store: str | os.PathLike[str]) -> Path | None:
    """publish() when a dashboard serves this store (its published folder exists)."""
    return publish(con, store) if folder(store).is_dir() else None


def copies(store: str | os.PathLike[str]) -> list[Path]:
    """The published copies, oldest first (their names sort by time)."""
    out = folder(store)
    if not out.is_dir():
        return []
    return sorted(p for p in out.glob("*.duckdb") if not p.name.startswith("."))


def latest(store: str | os.PathLike[str]) -> Path | None:
    found = copies(store)
    return found[-1] if found else None
