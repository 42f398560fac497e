"""Run the simulation: one authority, or 150 for a national picture, into DuckDB tables."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import duckdb
import numpy as np

from csc_insight.education import demo as education_demo
from csc_insight.formats.template_figures_demo import insert_demo_figures
from csc_insight.store import schema
from csc_insight.synth import (
    allocation,
    care_leavers,
    cin_cp,
    cla,
    early_help,
    front_door,
    journeys,
    people,
    population,
    workforce,
)
from csc_insight.synth.context import Ctx
from csc_insight.synth.options import NATIONAL_BOROUGHS, SIZES, SynthOptions
from csc_insight.synth.sink import Emitter
from csc_insight.synth.workdays import day

Progress = Callable[[str, int, int], None]

STEPS = ("journeys", "care", "workforce", "children's social care", "care and leavers",
         "front door and early help", "workers and allocations")  # fmt: skip


def authorities(opts: SynthOptions) -> list[tuple[str, str, float]]:
    """(LA code, id prefix, size multiplier) of each authority to simulate."""
    if opts.size != "national":
        return [(opts.la_code, "", SIZES[opts.size])]
    # sizes spread like English councils': a lognormal whose total is 150 boroughs' worth
    rng = np.random.default_rng([opts.seed, 9_999])
    mult = rng.lognormal(0.0, 0.6, NATIONAL_BOROUGHS)
    mult = mult * NATIONAL_BOROUGHS / mult.sum()
    return [(f"{i + 1:03d}", f"{i + 1:03d}", float(m)) for i, m in enumerate(mult)]


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    for t in schema.tables().values():
        con.execute(t.ddl())


def simulate(
    opts: SynthOptions,
    con: duckdb.DuckDBPyConnection | None = None,
    progress: Progress | None = None,
) -> duckdb.DuckDBPyConnection:
    """Fill every canonical table in ``con`` (a new in-memory database if None) and return it.

    Rows are appended authority by authority, so a national run (~125 million rows) keeps only
    one borough in Python at a time: pass a file-backed connection so DuckDB can spill to disk.
    ``progress(step, done, total)`` is called after each step of each authority.
    """
    return run(opts, authorities(opts), con, progress)


def run(
    opts: SynthOptions,
    las: list[tuple[str, str, float]],
    con: duckdb.DuckDBPyConnection | None = None,
    progress: Progress | None = None,
) -> duckdb.DuckDBPyConnection:
    """Simulate the given authorities (LA code, id prefix, size) one after another."""
    if con is None:
        con = duckdb.connect()
    create_tables(con)
    total = len(las) * len(STEPS)
    done = 0

    def step(name: str, la: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(name if len(las) == 1 else f"{la}: {name}", done, total)

    for index, (code, prefix, scale) in enumerate(las):
        ctx = Ctx(
            seed=opts.seed,
            index=index,
            la_code=code,
            prefix=prefix,
            scale=scale,
            w0=day(opts.start),
            w1=day(opts.end),
            regimes=list(opts.regimes),
        )
        _one(ctx, Emitter(con, prefix), partial(step, la=code))
    if las:
        # Figures an analyst enters from partners (police, the safeguarding partnership): the
        # first authority's, each entered some days after its month, so the window's last month
        # is not entered yet at its end.
        _, _, scale = las[0]
        insert_demo_figures(con, opts.start, opts.end, seed=opts.seed, scale=scale, today=opts.end)
        # The council's monthly education figures (the education template's sheet), the demo's
        # for the months simulated: seed 003's from September 2019, made up before.
        education_demo.insert_monthly(con, opts.start, opts.end)
    return con


def _one(ctx: Ctx, em: Emitter, step: Callable[[str], None]) -> None:
    kids = people.People(ctx)
    ehc = front_door.eh_contacts(ctx, kids)
    refs, eh = journeys.simulate(ctx, kids, ehc)
    step("journeys")
    care = cla.build(ctx, refs)
    leavers = care_leavers.leavers(care)
    step("care")
    seg = allocation.segments(
        ctx, refs, kids.disabled, allocation.leavers_segments(ctx, leavers), eh
    )
    wf = workforce.build(ctx, allocation.cases_per_service(ctx, seg))
    alloc = allocation.allocate(ctx, seg, wf)
    step("workforce")
    cin_cp.write(ctx, em, refs, alloc)
    step("children's social care")
    cla.write(ctx, em, care)
    care_leavers.write(ctx, em, leavers, alloc)
    step("care and leavers")
    eh_worker, _ = alloc.at(eh["person"], eh["start"], allocation.EHW_ROLE)
    early_help.write(ctx, em, eh, eh_worker)
    front_door.write(ctx, em, kids, refs, ehc)
    step("front door and early help")
    allocation.write(ctx, em, alloc, wf)
    workforce.write(ctx, em, wf, allocation.caseloads(ctx, alloc, int(wf.a_staff.max(initial=0))))
    population.write(ctx, em)
    kids.write(em)
    step("workers and allocations")
