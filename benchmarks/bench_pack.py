"""Time `csc report` (the committee pack: HTML, PDF and Excel) on the borough's store.

Makes the borough store with `csc demo`'s steps if --store is not given, then writes the pack
--runs times and reports the fastest, with each part's time from the report module.

    .venv/bin/python benchmarks/bench_pack.py --record
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
from pathlib import Path

from common import CSC, ROOT, Step, peak_of, record, table


def _measure_this_checkout() -> None:
    """Make `csc` import this checkout's code. The virtualenv's `csc` imports the checkout it was
    installed from, so a benchmark run from another worktree would time that one instead.
    The subprocesses inherit the environment."""
    src = str(ROOT / "src")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH")) if p)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--store", type=Path, default=None, help="a computed store (default: make the demo borough)"
    )
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--record", action="store_true")
    args = ap.parse_args()
    _measure_this_checkout()
    work = Path(tempfile.mkdtemp(prefix="csc-bench-pack-"))
    store = args.store
    if store is None:
        subprocess.run(
            [CSC, "demo", "--out", str(work / "demo")], check=True, stdout=subprocess.DEVNULL
        )
        store = work / "demo" / "store.duckdb"
    steps = []
    for published in (False, True):
        flag = ["--published"] if published else []
        best = min(
            (
                peak_of([CSC, "report", "--store", str(store), "--out", str(work / "pack"), *flag])
                for _ in range(args.runs)
            ),
            key=lambda r: r[0],
        )
        label = f"csc report, borough, {'published' if published else 'internal'} (HTML + PDF + Excel, best of {args.runs})"
        steps.append(Step(label, best[0], best[1]))
    if args.record:
        record("Committee pack", steps)
    else:
        print(table(steps))


if __name__ == "__main__":
    main()
