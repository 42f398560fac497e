"""Time `csc ingest` of one year's SSDA903 return, and of a return ten times its size.

Targets (issue 17): a year's return of about 2,700 children and 26,000 rows loads in at most
1 s end to end; ten times that in at most 3 s and 500 MB. The return is the synthetic county's
latest year (`csc synth --size county --formats ssda903`); the ten-times return repeats it with
each copy's children given other ids. Each load is its own `csc ingest` process into a new
store, as a user runs it (so its time includes starting Python and making the store); the best
of --runs is kept.

    .venv/bin/python benchmarks/bench_903.py --work /tmp/bench903 --record
"""

from __future__ import annotations

import argparse
import csv
import shutil
import tempfile
from pathlib import Path

from common import CSC, Step, loaded_rows, peak_of, record, table

#: Columns holding a child's id in the 903 tables (CHILD everywhere).
CHILD = "CHILD"


def synth(work: Path, size: str) -> Path:
    out = work / size
    if not (out / "ssda903").exists():
        shutil.rmtree(out, ignore_errors=True)
        peak_of(
            [
                CSC,
                "synth",
                "--out",
                str(out),
                "--size",
                size,
                "--years",
                "2",
                "--formats",
                "ssda903",
            ]
        )
    years = sorted(p for p in (out / "ssda903").iterdir() if p.is_dir())
    return years[-1]


def scaled(year: Path, times: int, work: Path) -> Path:
    """The year's return ``times`` over, each copy's children renamed (C<k>-<id>)."""
    out = work / f"{year.parent.parent.name}-{year.name}-x{times}"
    if out.exists():
        return out
    out.mkdir(parents=True)
    for src in sorted(year.glob("*.csv")):
        with src.open(newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        at = rows[0].index(CHILD) if CHILD in rows[0] else None
        with (out / src.name).open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(rows[0])
            for k in range(times):
                for r in rows[1:]:
                    if at is not None:
                        r = [*r[:at], f"C{k}-{r[at]}", *r[at + 1 :]]
                    w.writerow(r)
    return out


def children_and_rows(folder: Path) -> tuple[int, int]:
    header = folder / "Header.csv"
    with header.open(encoding="utf-8") as f:
        children = sum(1 for _ in f) - 1
    rows = 0
    for p in folder.glob("*.csv"):
        with p.open(encoding="utf-8") as f:
            rows += sum(1 for _ in f) - 1
    return children, rows


def ingest(folder: Path, work: Path, runs: int, label: str) -> Step:
    best: tuple[float, float] | None = None
    store = work / f"{folder.name}.duckdb"
    for _ in range(runs):
        store.unlink(missing_ok=True)
        s, m = peak_of([CSC, "ingest", str(folder), "--store", str(store)])
        best = (s, m) if best is None or s < best[0] else best
    assert best is not None
    children, rows = children_and_rows(folder)
    return Step(
        f"ingest 903 {label} ({children:,} children, {rows:,} rows)", *best, loaded_rows(store)
    )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--work", type=Path, default=None, help="scratch folder (default: temporary)")
    ap.add_argument("--size", default="county", help="synthetic size whose latest year is used")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--record", action="store_true", help="append the results to BENCHMARKS.md")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="csc-bench-903-"))
    work.mkdir(parents=True, exist_ok=True)
    year = synth(work, args.size)
    steps = [
        ingest(year, work, args.runs, f"one year ({year.name})"),
        ingest(scaled(year, 10, work), work, args.runs, "ten times"),
    ]
    if args.record:
        record("SSDA903 return", steps)
    else:
        print(table(steps))


if __name__ == "__main__":
    main()
