"""A store that cannot be used (locked, damaged, read-only, full disk): one line, no traceback."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
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


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """A real file system of a given size (tmpfs), remountable read-only; skips where this
    machine does not allow mounting (it needs root with CAP_SYS_ADMIN, as in CI)."""
    mounted: list[Path] = []

    def make(size: str) -> Path:
        where = tmp_path / f"disk{len(mounted)}"
        where.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a small file system here: {done.stderr.decode().strip()}")
        mounted.append(where)
        return where

    yield make
    for where in mounted:
        subprocess.run(["umount", str(where)], check=False)


@pytest.fixture(scope="module")
def tiny_sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from datetime import date

    from csc_insight.synth.outputs import write_outputs

    root = tmp_path_factory.mktemp("tiny")
    write_outputs(
        root, size="tiny", years=1, seed=2, end=date(2021, 3, 31), formats=["ssd"], regimes=[]
    )
    return root / "ssd"


def test_a_full_disk(small_disk: Callable[[str], Path], tiny_sources: Path) -> None:
    store = small_disk("512K") / "s.duckdb"
    r = CliRunner().invoke(main, ["ingest", str(tiny_sources), "--store", str(store)])
    assert r.exit_code == 1, r.output
    assert f"csc: error: the disk holding {store} is full" in r.output
    assert "Traceback" not in r.output
    con = duckdb.connect(str(store), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM loads").fetchall() == [(0,)]
    finally:
        con.close()


def test_a_read_only_store(
    small_disk: Callable[[str], Path], tiny_sources: Path, tmp_path: Path
) -> None:
    disk = small_disk("200M")
    store = disk / "s.duckdb"
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(tiny_sources), "--store", str(store)]).exit_code == 0
    assert runner.invoke(main, ["compute", "--store", str(store)]).exit_code == 0
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    for args in (["status"], ["show", "FD 8"], ["audit"], ["report", "--out", str(tmp_path / "p")]):
        r = runner.invoke(main, [*args, "--store", str(store)])
        assert r.exit_code == 0, (args, r.output)
    for args in (["compute"], ["children", "FD 8"], ["comparators", "--bundled"]):
        r = runner.invoke(main, [*args, "--store", str(store)])
        assert r.exit_code == 1, (args, r.output)
        assert f"the store {store} cannot be written" in r.output
