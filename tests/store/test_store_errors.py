"""A store that cannot be used (locked, damaged, read-only, full disk): one line, no traceback."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from csc_insight.cli import main
from csc_insight.store import db

COMMANDS = (
    ["status"],
    ["compute"],
    ["show", "FD 8"],
    ["children", "FD 8"],
    ["audit"],
    ["comparators", "--bundled"],
)


def _run(args: list[str], store: Path, tmp_path: Path) -> tuple[int, str]:
    extra = ["--out", str(tmp_path / "pack")] if args[0] == "report" else []
    r = CliRunner().invoke(main, [*args, *extra, "--store", str(store)])
    return r.exit_code, r.output


@pytest.mark.parametrize("args", [*COMMANDS, ["report"]])
def test_a_store_held_by_another_process(
    args: list[str], ssd_extract: Callable[..., Path], tmp_path: Path
) -> None:
    store = tmp_path / "s.duckdb"
    assert (
        CliRunner().invoke(main, ["ingest", str(ssd_extract()), "--store", str(store)]).exit_code
        == 0
    )
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(store)!r}); print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        code, output = _run(args, store, tmp_path)
    finally:
        holder.kill()
        holder.wait()
    assert code == 1, output
    assert (
        f"csc: error: the store {store} is in use by another process (PID {holder.pid})" in output
    )
    assert "Traceback" not in output


@pytest.mark.parametrize("args", [*COMMANDS, ["report"]])
def test_a_file_that_is_not_a_store(args: list[str], tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    store.write_bytes(b"not a store\n" * 500)
    code, output = _run(args, store, tmp_path)
    assert code == 1, output
    assert f"csc: error: {store} is not a csc-insight store, or is damaged" in output
    assert store.read_bytes() == b"not a store\n" * 500  # left as it was


@pytest.mark.parametrize(
    ("raised", "says"),
    [
        (
            duckdb.IOException('IO Error: Cannot open file "x": Permission denied'),
            "cannot be written",
        ),
        (OSError(28, "No space left on device"), "is full"),
        (duckdb.IOException("IO Error: Could not write file: No space left on device"), "is full"),
        (
            duckdb.IOException("IO Error: Could not set lock on file: held in python (PID 42)."),
            "(PID 42)",
        ),
        (
            duckdb.CatalogException("Catalog Error: Table with name x does not exist!"),
            "could not be used: Catalog Error",
        ),
    ],
)
def test_what_the_store_says_is_explained(raised: Exception, says: str) -> None:
    message = str(db.explain(raised, Path("s.duckdb")))
    assert says in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["status"], "Nothing loaded yet: load files with `csc ingest PATH`."),
        (["compute"], "csc: error: nothing to compute"),
        (["show", "FD 8"], "csc: error: no results yet: run `csc compute`"),
        (["children", "FD 8"], "csc: error: no results yet: run `csc compute`"),
        (["report"], "csc: error: no results yet: run `csc compute`"),
    ],
)
def test_a_store_whose_first_load_never_finished(
    args: list[str], says: str, tmp_path: Path
) -> None:
    """A first load killed before its commit leaves a DuckDB file without csc-insight's tables."""
    store = tmp_path / "s.duckdb"
    duckdb.connect(str(store)).close()
    code, output = _run(args, store, tmp_path)
    assert says in output
    assert code == (0 if args == ["status"] else 1), output
    assert "Traceback" not in output and "Catalog Error" not in output
