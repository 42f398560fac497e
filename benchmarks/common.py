"""Helpers shared by the benchmark scripts: run a command and measure it; describe the machine;
append a results table to BENCHMARKS.md."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
CSC = str(Path(sys.executable).with_name("csc"))


@dataclass
class Step:
    name: str
    seconds: float
    peak_mb: float
    rows: int | None = None

    @property
    def rows_per_second(self) -> str:
        return f"{self.rows / self.seconds:,.0f}" if self.rows else ""


def peak_of(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one command, measured for that process alone."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(args)}")
    return seconds, usage.ru_maxrss / 1024  # ru_maxrss is in KB on Linux


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}; Python {platform.python_version()}, DuckDB {duckdb.__version__}"


def table(steps: list[Step]) -> str:
    lines = [
        "| step | wall time (s) | records | records per second | peak memory (MB) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for s in steps:
        rows = f"{s.rows:,}" if s.rows else ""
        peak = f"{s.peak_mb:,.0f}" if s.peak_mb else ""
        lines.append(f"| {s.name} | {s.seconds:.2f} | {rows} | {s.rows_per_second} | {peak} |")
    return "\n".join(lines)


def record(title: str, steps: list[Step]) -> str:
    """Print the table; append it to BENCHMARKS.md with the machine and the command."""
    text = table(steps)
    print(text)
    command = "python " + " ".join(["benchmarks/" + Path(sys.argv[0]).name, *sys.argv[1:]])
    entry = f"\n### {title}: {date.today():%Y-%m-%d}\n\nMachine: {machine()}.  \nCommand: `{command}`\n\n{text}\n"
    with (ROOT / "BENCHMARKS.md").open("a", encoding="utf-8") as f:
        f.write(entry)
    return text


def loaded_rows(store: Path) -> int:
    con = duckdb.connect(str(store), read_only=True)
    try:
        return int(con.execute("SELECT sum(load_rows) FROM loads").fetchall()[0][0])
    finally:
        con.close()
