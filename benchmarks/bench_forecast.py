"""Time the forecast on the borough's store: reading the spells, a 2-year forecast with the
rates as estimated, one with rate-uncertainty intervals (bootstrap over children), and the
back-test over 3 origins. In process (the model's time, not Python's start-up); best of --runs.

    .venv/bin/python benchmarks/bench_forecast.py --store csc-data/demo/store.duckdb
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from common import machine

from csc_insight.forecast import backtest, history, rates
from csc_insight.forecast.simulate import Start, simulate
from csc_insight.store import db


def best(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Best wall time and best CPU time of ``runs``: the machine is shared, and CPU time says
    what the work costs when another process holds a core."""
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return min(wall), min(cpu)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--store", type=Path, default=Path("csc-data/demo/store.duckdb"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--draws", type=int, default=200)
    a = ap.parse_args()
    con = db.open_existing(a.store)
    spells = history.read_spells(con)
    steps: list[tuple[str, tuple[float, float]]] = [
        ("read the spells", best(lambda: history.read_spells(con), a.runs))
    ]
    con.close()
    origin = date(2021, 3, 31)
    w0, w1 = history.day(date(2019, 3, 31)), history.day(origin)
    start = Start.from_spells(spells, origin)

    def point(sims: int) -> Callable[[], object]:
        return lambda: simulate(start, rates.estimate(spells, w0, w1), origin, 24, sims)

    def uncertain(sims: int) -> Callable[[], object]:
        def run() -> object:
            r = rates.estimate(spells, w0, w1, draws=a.draws, seed=1)
            return simulate(start, r, origin, 24, sims)

        return run

    def back() -> object:
        return backtest.run(spells, backtest.default_origins(spells, 24))

    for sims in (500, 1000):
        steps.append(
            (f"2-year forecast, rates as estimated, {sims} simulations", best(point(sims), a.runs))
        )
    for sims in (500, 1000):
        steps.append(
            (f"2-year forecast, {a.draws} bootstrap draws of the rates, {sims} simulations",
             best(uncertain(sims), a.runs))
        )  # fmt: skip
    steps.append(("back-test, 3 origins, 12 and 24 months", best(back, a.runs)))
    print(f"Machine: {machine()}  ")
    print(f"Store: {a.store} ({len(spells):,} placement spells); best of {a.runs}\n")
    print("| step | wall time (s) | CPU time (s) |\n| --- | ---: | ---: |")
    for name, (wall, cpu) in steps:
        print(f"| {name} | {wall:.3f} | {cpu:.3f} |")


if __name__ == "__main__":
    main()
