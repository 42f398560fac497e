"""The csc command as people run it: in a terminal (a pseudo-terminal), not only piped.

A progress bar that worked piped once crashed every long command in a real terminal; these run
each command of the README's first use under a pty and check what it wrote.
"""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

CSC = str(Path(sys.executable).with_name("csc"))
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")  # colours, cursor moves


def run_in_terminal(*args: str, cwd: Path, timeout: float = 300) -> tuple[int, str]:
    """Run ``csc args`` with stdin, stdout and stderr on a pseudo-terminal; (exit code, output)."""
    main, child = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"}
    proc = subprocess.Popen(
        [CSC, *args], stdin=child, stdout=child, stderr=child, cwd=cwd, env=env, close_fds=True
    )
    os.close(child)
    chunks: list[bytes] = []
    try:
        while True:
            ready, _, _ = select.select([main], [], [], timeout)
            if not ready:
                proc.kill()
                raise AssertionError(f"csc {' '.join(args)} gave no output for {timeout} s")
            try:
                data = os.read(main, 65536)
            except OSError:  # the child closed the terminal: Linux raises EIO
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(main)
    text = b"".join(chunks).decode("utf-8", "replace")
    return proc.wait(timeout), ANSI.sub("", text).replace("\r\n", "\n")


def _ok(rc: int, output: str) -> None:
    assert rc == 0, output
    assert "Traceback" not in output and "lost sys.stderr" not in output, output


@pytest.mark.slow
def test_first_use_in_a_terminal(tmp_path: Path) -> None:
    store = tmp_path / "store.duckdb"
    _ok(*run_in_terminal("synth", "--out", "src", "--size", "tiny", "--years", "2", cwd=tmp_path))
    assert (tmp_path / "src" / "ssd" / "ssd_person.csv").exists()

    rc, output = run_in_terminal("ingest", "src/ssd", "--store", str(store), cwd=tmp_path)
    _ok(rc, output)
    assert "Load 1:" in output

    rc, output = run_in_terminal("compute", "--store", str(store), cwd=tmp_path)
    _ok(rc, output)
    assert "Computed" in output

    rc, output = run_in_terminal("status", "--store", str(store), cwd=tmp_path)
    _ok(rc, output)
    assert "up to date" in output

    rc, output = run_in_terminal(
        "report", "--store", str(store), "--out", "pack", "--published", cwd=tmp_path
    )
    _ok(rc, output)
    for name in ("pack.html", "pack.pdf", "pack.xlsx"):
        assert (tmp_path / "pack" / name).stat().st_size > 1000


@pytest.mark.slow
def test_demo_in_a_terminal(tmp_path: Path) -> None:
    """The README's first command's job, in a terminal (scripts/demo installs, then runs this)."""
    rc, output = run_in_terminal("demo", "--out", "demo", "--years", "2", cwd=tmp_path)
    _ok(rc, output)
    assert "Committee pack for 2021-03" in output
    for name in ("pack.html", "pack.pdf", "pack.xlsx"):
        assert (tmp_path / "demo" / "pack" / name).stat().st_size > 1000
