"""Time `csc synth` and `csc ingest` at each size; record wall time, rows per second, peak memory.

Each step runs as its own process (the `csc` command, as a user would run it), so its peak
resident memory is measured alone. Results are printed and, with --record, added to
BENCHMARKS.md with the machine and the command.

    .venv/bin/python benchmarks/bench_ingest.py --sizes borough --years 5 --record
    .venv/bin/python benchmarks/bench_ingest.py --sizes national --years 5 --record
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
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


def bench(size: str, years: int, work: Path, formats: str) -> list[Step]:
    out = work / size
    store = work / f"{size}.duckdb"
    shutil.rmtree(out, ignore_errors=True)
    store.unlink(missing_ok=True)
    steps = []
    s, m = peak_of([CSC, "synth", "--out", str(out), "--size", size, "--years", str(years), "--formats", formats])
    steps.append(Step(f"synth {size} {years}y ({formats})", s, m))
    s, m = peak_of([CSC, "ingest", str(out / "ssd"), "--store", str(store)])
    con = duckdb.connect(str(store), read_only=True)
    rows = con.execute("SELECT sum(load_rows) FROM loads").fetchall()[0][0]
    con.close()
    steps.append(Step(f"ingest {size} {years}y (SSD extract)", s, m, int(rows)))
    for fmt in [f for f in formats.split(",") if f != "ssd"]:
        fstore = work / f"{size}-{fmt}.duckdb"
        fstore.unlink(missing_ok=True)
        s, m = peak_of([CSC, "ingest", str(out / fmt), "--store", str(fstore)])
        con = duckdb.connect(str(fstore), read_only=True)
        rows = con.execute("SELECT sum(load_rows) FROM loads").fetchall()[0][0]
        con.close()
        steps.append(Step(f"ingest {size} {years}y ({fmt})", s, m, int(rows)))
    return steps


def cin_census_children_per_second(work: Path) -> Step | None:
    """Read one CIN census file (the borough's latest year) and time the reader alone."""
    files = sorted((work / "borough" / "cin_census").glob("*.xml"))
    if not files:
        return None
    from csc_insight.formats import cin_census
    from csc_insight.formats.base import SourceFile

    path = files[-1]
    children = sum(1 for line in path.open("rb") if b"<Child>" in line)
    con = duckdb.connect()
    t0 = time.perf_counter()
    cin_census.stage(con, [SourceFile(path, "cin_census", "census")])
    seconds = time.perf_counter() - t0
    return Step(f"CIN census reader alone: {children:,} children ({path.name})", seconds, 0, children)


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="borough", help="comma-separated: tiny, borough, county, national")
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--formats", default=None, help="formats to synthesise (default: all for borough, ssd otherwise)")
    ap.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    ap.add_argument("--record", action="store_true", help="append the results to BENCHMARKS.md")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="csc-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    steps: list[Step] = []
    for size in args.sizes.split(","):
        formats = args.formats or ("ssd,ssda903,cin_census,annex_a,workforce,early_help" if size in ("tiny", "borough") else "ssd")
        steps += bench(size, args.years, work, formats)
        if size == "borough":
            cin = cin_census_children_per_second(work)
            if cin:
                steps.append(cin)
    lines = [
        "| step | wall time (s) | records | records per second | peak memory (MB) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for s in steps:
        rows = f"{s.rows:,}" if s.rows else ""
        peak = f"{s.peak_mb:,.0f}" if s.peak_mb else ""
        lines.append(f"| {s.name} | {s.seconds:.2f} | {rows} | {s.rows_per_second} | {peak} |")
    table = "\n".join(lines)
    print(table)
    if args.record:
        command = "python benchmarks/bench_ingest.py " + " ".join(sys.argv[1:])
        entry = f"\n### Synth and ingest — {date.today():%Y-%m-%d}\n\nMachine: {machine()}.  \nCommand: `{command}`\n\n{table}\n"
        with (ROOT / "BENCHMARKS.md").open("a", encoding="utf-8") as f:
            f.write(entry)


if __name__ == "__main__":
    main()
