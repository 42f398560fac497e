"""`csc forecast`: children looked after, targets, UASC run-off, back-tests and scenarios."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import click

from csc_insight.cli_common import out, store_option

if TYPE_CHECKING:  # the models are imported when a command runs: every `csc` start stays quick
    from csc_insight.forecast.history import Spells
    from csc_insight.forecast.rates import Rates
    from csc_insight.forecast.simulate import Start

MAX_FORECAST_MONTHS = 60


@click.group()
def forecast() -> None:
    """Forecast children looked after (local and UASC) from the store, test targets and claims,
    back-test the model, and compare scenarios (docs/forecasting.md)."""


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as e:
        raise click.BadParameter(f"{text!r} is not a date (YYYY-MM-DD)") from e


class _Model(NamedTuple):  # not a dataclass: making one costs every `csc` start a millisecond
    spells: Spells
    start: Start
    rates: Rates
    origin: date
    store: Path


def _model(
    store: Path | None, origin: str | None, window_from: str | None, draws: int, scenario: str,
    sims: int = 1,
) -> _Model:  # fmt: skip
    from csc_insight.errors import CscError
    from csc_insight.forecast import model
    from csc_insight.forecast import scenario as sc
    from csc_insight.store import db

    if sims < 1 or draws < 0:
        raise click.BadParameter("--sims must be 1 or more and --draws 0 or more")
    path = db.store_path(store)
    con = db.open_existing(path)
    try:
        spells = model.read(con, path)
    finally:
        con.close()
    m = model.fit(spells, _date(origin), _date(window_from), draws=draws, seed=1)
    r = m.rates
    if scenario != "baseline":
        saved = sc.load_all(sc.scenario_file(path))
        if scenario not in saved:
            raise CscError(f"no scenario {scenario!r} (saved: {', '.join(saved) or 'none'})")
        r = sc.apply(saved[scenario], r)
    return _Model(m.spells, m.start, r, m.origin, path)


def _common(f: Any) -> Any:
    options = [
        click.option("--origin", help="Forecast from this day (default: the last month end)."),
        click.option(
            "--window-from", help="Reference window start (default: 2 years before the origin)."
        ),
        click.option(
            "--draws", default=200, show_default=True,
            help="Bootstrap draws of the rates (0: point rates, only the moves random).",
        ),
        click.option(
            "--sims", default=500, show_default=True,
            help="Simulations (at 500 an interval end is within about 1.5 children).",
        ),
        click.option("--scenario", default="baseline", show_default=True, help="Saved scenario."),
        store_option,
    ]  # fmt: skip
    for option in reversed(options):
        f = option(f)
    return f


def _horizon(months: int) -> int:
    if not 1 <= months <= MAX_FORECAST_MONTHS:
        raise click.BadParameter(f"the horizon is 1 to {MAX_FORECAST_MONTHS} months")
    return months


@forecast.command("cla")
@_common
@click.option("--months", default=24, show_default=True, help="Horizon in months (up to 60).")
def forecast_cla(
    store: Path | None, origin: str | None, window_from: str | None, draws: int, sims: int,
    scenario: str, months: int,
) -> None:  # fmt: skip
    """Children looked after, local and UASC, month by month: median and 80% interval, and
    local children by placement category at the horizon."""
    from csc_insight.forecast import render, states
    from csc_insight.forecast.simulate import simulate

    m = _model(store, origin, window_from, draws, scenario, sims)
    f = simulate(m.start, m.rates, m.origin, _horizon(months), sims, seed=1)
    for g in range(len(states.GROUPS)):
        out.print(render.fan(f, g), markup=False)
        out.print("")
    out.print(render.by_category(f, states.LOCAL, len(f.months) - 1), markup=False)


@forecast.command("target")
@_common
@click.option("--by", "by_", default="2024-03-31", show_default=True, help="Target date.")
@click.option("--at-most", default=430.0, show_default=True, help="Target: children in care.")
@click.option("--group", type=click.Choice(["local", "uasc"]), default="local", show_default=True)
def forecast_target(
    store: Path | None, origin: str | None, window_from: str | None, draws: int, sims: int,
    scenario: str, by_: str, at_most: float, group: str,
) -> None:  # fmt: skip
    """The probability of meeting a target (default: local children in care ≤ 430 by 31 March
    2024) and the change in entry or leaving rates that would meet it with 50% and 80%."""
    from csc_insight.forecast import render, states
    from csc_insight.forecast.targets import assess_target

    m = _model(store, origin, window_from, draws, scenario, sims)
    when = _date(by_)
    assert when is not None
    r = assess_target(
        m.start, m.rates, m.origin, when, at_most, states.GROUPS.index(group), sims=min(sims, 500)
    )
    out.print(render.target(r), markup=False)


@forecast.command("uasc")
@_common
@click.option("--population", type=int, help="Under-18 population (default: the store's).")
@click.option("--arrivals", default="0,0.5,1", show_default=True, help="Arrival multipliers.")
def forecast_uasc(
    store: Path | None, origin: str | None, window_from: str | None, draws: int, sims: int,
    scenario: str, population: int | None, arrivals: str,
) -> None:  # fmt: skip
    """When UASC in care fall below 0.07% and 0.1% of the under-18 population, with no new
    arrivals and under arrival scenarios (multipliers of the window's arrival rate)."""
    from csc_insight.errors import CscError
    from csc_insight.forecast import history, render
    from csc_insight.forecast.targets import uasc_runoff
    from csc_insight.store import db

    m = _model(store, origin, window_from, draws, scenario, sims)
    if population is None:
        con = db.open_existing(m.store)
        try:
            population = history.under18_population(con)
        finally:
            con.close()
    if not population:
        raise CscError("the store has no population estimates: give --population")
    try:
        mults = tuple(float(x) for x in arrivals.split(",") if x.strip())
    except ValueError as e:
        raise click.BadParameter(f"--arrivals {arrivals!r}: numbers separated by commas") from e
    rs = uasc_runoff(m.start, m.rates, m.origin, population, arrivals=mults, sims=min(sims, 300))
    out.print(render.runoff(rs), markup=False)


@forecast.command("backtest")
@store_option
@click.option("--origins", default="", help="Origins, e.g. 2017-03-31,2018-03-31 (default: 3).")
@click.option("--window-months", default=24, show_default=True, help="Reference window.")
@click.option("--detail", is_flag=True, help="Every point, not only the summary.")
def forecast_backtest(store: Path | None, origins: str, window_months: int, detail: bool) -> None:
    """Fit on the records up to each origin, forecast 12 and 24 months and compare with what
    happened: mean absolute percentage error and 80% interval coverage."""
    from csc_insight.forecast import backtest, history, render
    from csc_insight.store import db

    con = db.open_existing(db.store_path(store))
    try:
        spells = history.read_spells(con)
    finally:
        con.close()
    chosen = [d for d in (_date(x.strip()) for x in origins.split(",")) if d]
    points = backtest.run(
        spells, chosen or backtest.default_origins(spells, 24), window_months=window_months
    )
    out.print(render.backtest(backtest.summarise(points)), markup=False)
    if detail:
        rows = [
            [f"{p.origin:%d/%m/%Y}", f"{p.horizon}", p.series, f"{p.actual}",
             f"{p.median:.0f}", f"{p.low:.0f}–{p.high:.0f}"]
            for p in points
        ]  # fmt: skip
        out.print("")
        out.print(
            render.table(["origin", "months", "series", "actual", "median", "80%"], rows),
            markup=False,
        )


@forecast.group("scenario")
def scenario_group() -> None:
    """Named scenarios, saved beside the store."""


@scenario_group.command("save")
@click.argument("name")
@click.argument("changes")
@click.option("--group", type=click.Choice(["both", "local", "uasc"]), default="both")
@click.option("--note", default="")
@store_option
def scenario_save(name: str, changes: str, group: str, note: str, store: Path | None) -> None:
    """Save scenario NAME: CHANGES such as entries=-20%,leave=x1.1,move=+0.01 (x multiplies,
    % changes by a percentage, a bare number adds per month)."""
    from csc_insight.forecast import scenario as sc
    from csc_insight.store import db

    s = sc.Scenario(name, group, sc.parse_changes(changes), note)
    path = sc.scenario_file(db.store_path(store))
    sc.save(path, s)
    out.print(f"saved {name} in {path}", markup=False)


@scenario_group.command("list")
@store_option
def scenario_list(store: Path | None) -> None:
    """The saved scenarios."""
    from csc_insight.forecast import render
    from csc_insight.forecast import scenario as sc
    from csc_insight.store import db

    saved = sc.load_all(sc.scenario_file(db.store_path(store)))
    rows = [
        [n, s.group, ", ".join(f"{k} ×{c.multiply:g} {c.add:+g}" for k, c in s.changes.items()),
         s.note]
        for n, s in saved.items()
    ]  # fmt: skip
    out.print(render.table(["scenario", "group", "changes", "note"], rows) if rows else "none")


@scenario_group.command("compare")
@click.argument("names", nargs=-1)
@_common
@click.option("--months", default=24, show_default=True, help="Horizon in months (up to 60).")
def scenario_compare(
    names: tuple[str, ...], store: Path | None, origin: str | None, window_from: str | None,
    draws: int, sims: int, scenario: str, months: int,
) -> None:  # fmt: skip
    """The baseline and each named scenario side by side: local, UASC and all children in care
    at the horizon (the same random numbers for each, so differences are the scenarios')."""
    from csc_insight.forecast import render
    from csc_insight.forecast import scenario as sc
    from csc_insight.forecast.simulate import simulate

    del scenario
    m = _model(store, origin, window_from, draws, "baseline", sims)
    saved = sc.load_all(sc.scenario_file(m.store))
    missing = [n for n in names if n not in saved]
    if missing:
        raise click.BadParameter(f"no saved scenario {', '.join(missing)}")
    h = _horizon(months)
    fs = [simulate(m.start, m.rates, m.origin, h, sims, seed=1)]
    fs += [simulate(m.start, sc.apply(saved[n], m.rates), m.origin, h, sims, seed=1) for n in names]
    labels = ["baseline", *names]
    for group, title in ((0, "local"), (1, "UASC"), (None, "all")):
        out.print(f"{title} children in care", markup=False)
        out.print(render.compare(labels, fs, group, h), markup=False)
        out.print("")


@forecast.command("cost-template")
@click.option("--out", "out_file", type=click.Path(path_type=Path), required=True)
@click.option(
    "--demo", is_flag=True, help="Filled with the demo's unit costs and seed 003's UASC rows."
)
def forecast_cost_template(out_file: Path, demo: bool) -> None:
    """Write the unit-cost workbook (a Read me, Unit costs, UASC) to fill for `csc forecast
    costs`."""
    from csc_insight.forecast.cost_template import write_template

    if out_file.suffix.lower() != ".xlsx":
        raise click.UsageError("the template is an Excel workbook: name it .xlsx")
    write_template(out_file, demo)
    out.print(f"wrote {out_file}", markup=False)


@forecast.command("costs")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--demo", is_flag=True, help="The demo's unit costs (no file needed).")
@_common
@click.option("--months", default=36, show_default=True, help="Horizon in months (up to 60).")
def forecast_costs(
    paths: tuple[Path, ...], demo: bool, store: Path | None, origin: str | None,
    window_from: str | None, draws: int, sims: int, scenario: str, months: int,
) -> None:  # fmt: skip
    """Placement spend by financial year with intervals, and UASC costs net of the Home Office
    grant, from a unit-cost workbook (`csc forecast cost-template`) or the demo's."""
    import tempfile

    from csc_insight.forecast import cost_template, costs, render
    from csc_insight.forecast.simulate import simulate

    if demo == bool(paths):
        raise click.UsageError("give the unit-cost files, or --demo")
    if demo:
        with tempfile.TemporaryDirectory() as tmp:
            p = Path(tmp) / "costs.xlsx"
            cost_template.write_template(p, demo=True)
            book = cost_template.read_files([p])
    else:
        book = cost_template.read_files(list(paths))
    m = _model(store, origin, window_from, draws, scenario, sims)
    f = simulate(m.start, m.rates, m.origin, _horizon(months), sims, seed=1)
    out.print(render.spend(costs.spend_by_year(f, book)), markup=False)


def _demand_history(store: Path | None, series: str) -> Any:
    from csc_insight.forecast import demand
    from csc_insight.store import db

    con = db.open_existing(db.store_path(store))
    try:
        return demand.read_monthly(con, series)
    finally:
        con.close()


@forecast.command("demand")
@store_option
@click.option("--series", type=click.Choice(["contacts", "referrals"]), default="referrals")
@click.option("--origin", help="Forecast from this month end (default: the last whole month).")
@click.option("--months", default=12, show_default=True, help="Horizon in months (up to 60).")
@click.option("--backtest", "backtest_", is_flag=True, help="Back-test instead, 3 origins.")
def forecast_demand(
    store: Path | None, series: str, origin: str | None, months: int, backtest_: bool
) -> None:
    """Contacts or referrals by month with seasonality and an 80% interval; or their back-test."""
    from csc_insight.errors import CscError
    from csc_insight.forecast import demand, render

    h = _demand_history(store, series)
    if len(h.months) < 13:
        raise CscError(f"the store holds {len(h.months)} whole months of {series}: 13 needed")
    o = _date(origin) or h.months[-1]
    if backtest_:
        last = h.months[-1]
        origins = [date(last.year - k, 3, 31) for k in (4, 3, 2)]
        origins = [x for x in origins if x >= h.months[11]] or [h.months[-13]]
        rows = demand.summarise(demand.backtest(h, origins))
        out.print(render.demand_backtest(series, rows), markup=False)
        return
    f = demand.forecast(demand.fit(h.up_to(o)), o, _horizon(months), seed=1)
    out.print(render.demand(series, f), markup=False)


@forecast.command("caseloads")
@_common
@click.option("--vacancy", default=0.07, show_default=True, help="Share of posts held vacant.")
@click.option("--months", default=24, show_default=True, help="Horizon in months (up to 60).")
def forecast_caseloads(
    store: Path | None, origin: str | None, window_from: str | None, draws: int, sims: int,
    scenario: str, vacancy: float, months: int,
) -> None:  # fmt: skip
    """Caseload per worker by service with a share of posts held vacant (e.g. the 7% the seed
    rejected), driven by the children in care and referrals forecasts, against the catalogue's
    targets, with the probability of going above them."""
    from csc_insight.forecast import caseloads, demand, render
    from csc_insight.forecast.simulate import simulate
    from csc_insight.store import db

    if not 0 <= vacancy < 1:
        raise click.BadParameter("--vacancy is a share of posts, from 0 to below 1 (0.07 = 7%)")
    m = _model(store, origin, window_from, draws, scenario, sims)
    h = _horizon(months)
    f = simulate(m.start, m.rates, m.origin, h, sims, seed=1)
    hist = _demand_history(store, "referrals").up_to(m.origin)
    df = demand.forecast(demand.fit(hist), m.origin, h, sims, seed=1)
    con = db.open_existing(m.store)
    try:
        services = caseloads.read_services(con, m.origin)
    finally:
        con.close()
    out.print(render.caseloads(caseloads.project(services, f, df, hist, vacancy)), markup=False)
