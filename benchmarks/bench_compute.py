"""Time `csc compute` (every indicator, every period) on a loaded store: wall time, peak memory.

Uses the SSD store that bench_ingest.py leaves in --work (<size>-ssd.duckdb), making it first if
it is missing.

    .venv/bin/python benchmarks/bench_compute.py --sizes borough --work /tmp/csc-bench --record
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import duckdb
from bench_ingest import ingest, synth
from common import CSC, Step, peak_of, record, table


def compute(size: str, years: int, work: Path, runs: int) -> Step:
    store = work / f"{size}-ssd.duckdb"
    if not store.exists():
        synth(size, years, work, "ssd", reuse=True)
        ingest(size, years, work, "ssd")
    best: tuple[float, float] | None = None
    for _ in range(runs):
        # A national store holds 150 authorities: their teams are each council's own, and
        # no one reads a week of all England, so the national run computes neither (the
        # borough's compute, which a council runs, computes both).
        extra = ["--no-teams", "--no-weeks"] if size == "national" else []
        s, m = peak_of([CSC, "compute", "--store", str(store), *extra])
        best = (s, m) if best is None or s < best[0] else best
    assert best is not None
    con = duckdb.connect(str(store), read_only=True)
    n, indicators, months = con.execute(
        "SELECT count(*), count(DISTINCT indicator_id), count(DISTINCT period_id) FILTER (WHERE period_type = 'month') FROM results"
    ).fetchall()[0]
    con.close()
    label = f"compute {size} {years}y: {indicators} indicators x {months} months, {n:,} results (best of {runs})"
    return Step(label, best[0], best[1], int(n))


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", default="borough")
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--runs", type=int, default=3, help="runs per size; the fastest is reported")
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--record", action="store_true")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="csc-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    steps = [compute(size, args.years, work, args.runs) for size in args.sizes.split(",")]
    if args.record:
        record("Compute", steps)
    else:
        print(table(steps))


if __name__ == "__main__":
    main()
