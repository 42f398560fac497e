"""Time `csc synth` and `csc ingest` at each size: wall time, records per second, peak memory.

Each step runs as its own process (the `csc` command, as a user would run it), so its peak
resident memory is measured alone. With --record the table is added to BENCHMARKS.md with the
machine and the command.

    .venv/bin/python benchmarks/bench_ingest.py --sizes borough --years 5 --record
    .venv/bin/python benchmarks/bench_ingest.py --sizes national --years 5 --work /tmp/csc-bench --record
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import duckdb
from common import CSC, Step, loaded_rows, peak_of, record, table

ALL_FORMATS = "ssd,ssda903,cin_census,annex_a,workforce,early_help"


def synth(size: str, years: int, work: Path, formats: str, reuse: bool) -> list[Step]:
    out = work / size
    if reuse and (out / "ssd").exists():
        return []
    shutil.rmtree(out, ignore_errors=True)
    s, m = peak_of(
        [
            CSC,
            "synth",
            "--out",
            str(out),
            "--size",
            size,
            "--years",
            str(years),
            "--formats",
            formats,
        ]
    )
    return [Step(f"synth {size} {years}y ({formats})", s, m)]


def ingest(size: str, years: int, work: Path, fmt: str) -> Step:
    store = work / f"{size}-{fmt}.duckdb"
    store.unlink(missing_ok=True)
    s, m = peak_of([CSC, "ingest", str(work / size / fmt), "--store", str(store)])
    return Step(f"ingest {size} {years}y ({fmt})", s, m, loaded_rows(store))


def cin_census_reader(work: Path) -> Step | None:
    """The CIN census reader alone on the borough's latest year (children per second)."""
    files = sorted((work / "borough" / "cin_census").glob("*.xml"))
    if not files:
        return None
    from csc_insight.formats import cin_census
    from csc_insight.formats.base import SourceFile

    path = files[-1]
    children = path.read_bytes().count(b"<Child>")
    con = duckdb.connect()
    t0 = time.perf_counter()
    cin_census.stage(con, [SourceFile(path, "cin_census", "census")])
    return Step(
        f"CIN census reader alone: {children:,} children ({path.name})",
        time.perf_counter() - t0,
        0,
        children,
    )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--sizes", default="borough", help="comma-separated: tiny, borough, county, national"
    )
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument(
        "--formats",
        default=None,
        help="formats to synthesise (default: all for tiny/borough, ssd otherwise)",
    )
    ap.add_argument(
        "--work", type=Path, default=None, help="scratch folder (default: a new temporary one)"
    )
    ap.add_argument(
        "--reuse", action="store_true", help="reuse synthesised files already in --work"
    )
    ap.add_argument("--record", action="store_true", help="append the results to BENCHMARKS.md")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="csc-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    steps: list[Step] = []
    for size in args.sizes.split(","):
        formats = args.formats or (ALL_FORMATS if size in ("tiny", "borough") else "ssd")
        steps += synth(size, args.years, work, formats, args.reuse)
        for fmt in formats.split(","):
            steps.append(ingest(size, args.years, work, fmt))
        if size == "borough" and (cin := cin_census_reader(work)):
            steps.append(cin)
    if args.record:
        record("Synth and ingest", steps)
    else:
        print(table(steps))


if __name__ == "__main__":
    main()
