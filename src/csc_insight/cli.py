"""The `csc` command: one entry point for every job.

Sub-commands show a progress bar on long work and, on failure, exit non-zero with a one-line
reason (then, for bad input, every problem found, one per line).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from csc_insight.cli_common import console, existing_files, out, progress_bar, store_option
from csc_insight.errors import CscError, ReaderError
from csc_insight.web.role_names import ROLES

FORMAT_NAMES = ("ssd", "ssda903", "cin_census", "annex_a", "workforce", "early_help", "csww")


class CscGroup(click.Group):
    """Turns csc-insight's own errors into a one-line reason and a non-zero exit."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ReaderError as e:
            click.echo(f"csc: bad input: {e}", err=True)
            click.echo(e.report(), err=True)
            sys.exit(2)
        except CscError as e:
            click.echo(f"csc: error: {e}", err=True)
            sys.exit(1)
        except Exception as e:
            # The store failing under a command (locked by a running ingest, a full disk, a
            # damaged file) or a file that cannot be written: one line, never a traceback.
            if type(e).__module__ not in ("duckdb", "_duckdb") and not isinstance(e, OSError):
                raise
            from csc_insight.store.db import explain, store_path

            if isinstance(e, OSError) and e.filename and "duckdb" not in str(e.filename):
                click.echo(f"csc: error: {e.strerror or e}: {e.filename}", err=True)
            else:
                click.echo(f"csc: error: {explain(e, store_path(ctx.meta.get('store')))}", err=True)
            sys.exit(1)


period_option = click.option(
    "--period",
    default=None,
    help="Period: a month 2021-03 (or Mar-21), '2020-21 Q4', 'YTD 2021-03', 'R12 2021-03' or a year 2020-21 (default: the latest month).",
)


@click.group(cls=CscGroup)
@click.version_option(package_name="csc-insight")
def main() -> None:
    """csc-insight: performance intelligence for children's services."""


@main.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option(
    "--size",
    type=click.Choice(["tiny", "borough", "county", "national"]),
    default="borough",
    show_default=True,
)
@click.option("--years", type=click.IntRange(1, 20), default=5, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--end",
    "end",
    type=click.DateTime(["%Y-%m-%d"]),
    default="2021-03-31",
    show_default=True,
    help="Last day simulated (a 31 March closes a collection year).",
)
@click.option(
    "--formats",
    default="ssd,ssda903,cin_census,annex_a,workforce,early_help",
    show_default=True,
    help="Comma-separated formats to write.",
)
@click.option(
    "--regime",
    "regimes",
    multiple=True,
    help="A change of regime, e.g. 2020-09-01:referrals=1.2,cla_entries=0.8 (repeatable).",
)
@click.option(
    "--faults",
    type=click.FloatRange(0, 100),
    default=0,
    help="Spoil about this many records per thousand in the SSD extract, as real extracts go "
    "wrong (bad dates and codes, future dates, duplicates, overlapping episodes); each fault "
    "is listed in faults.csv beside the extract's folder.",
)
def synth(
    out_dir: Path,
    size: str,
    years: int,
    seed: int,
    end: object,
    formats: str,
    regimes: tuple[str, ...],
    faults: float,
) -> None:
    """Simulate a synthetic borough and write it in the chosen formats."""
    from csc_insight.synth.outputs import write_outputs

    chosen = _formats(formats)
    with progress_bar("synth") as update:
        written = write_outputs(
            out_dir,
            size=size,
            years=years,
            seed=seed,
            end=_date(end),
            formats=chosen,
            regimes=list(regimes),
            progress=update,
        )
    for fmt, paths in written.items():
        out.print(f"{fmt:<11} {len(paths):>4} files  {out_dir / fmt}")
    if faults:
        if "ssd" not in written:
            raise CscError("--faults spoils the SSD extract: add ssd to --formats")
        from csc_insight.synth.faults import spoil

        made = spoil(out_dir / "ssd", faults, seed=seed)
        out.print(f"faults      {len(made):>4} records spoiled, listed in {out_dir / 'faults.csv'}")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@store_option
@click.option("--user", default=None, help="Who is loading (default: the operating-system user).")
@click.option(
    "--allow-empty",
    is_flag=True,
    help="Let a snapshot file with no records empty the table it replaces (refused otherwise).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse the load if any record has a problem (otherwise such records are held back "
    "and listed by `csc problems`).",
)
@click.option(
    "--year",
    type=click.IntRange(2000, 2100),
    default=None,
    help="Collection year of the returns, as the year it ends (2021 for 2020-21), for returns "
    "that do not say it themselves.",
)
def ingest(
    paths: tuple[Path, ...],
    store: Path | None,
    user: str | None,
    allow_empty: bool,
    strict: bool,
    year: int | None,
) -> None:
    """Load source files (or folders of them) into the store, all or nothing. Records with a
    problem are held back and listed (`csc problems`); exit status 0 when the load landed,
    1 when it was refused (see docs/load-policy.md)."""
    from csc_insight.formats.base import LoadOptions
    from csc_insight.store.load import ingest as do_ingest

    with progress_bar("ingest") as update:
        report = do_ingest(
            paths,
            store,
            user=user,
            progress=update,
            allow_empty=allow_empty,
            strict=strict,
            options=LoadOptions(year=year),
        )
    if report.already_loaded:
        out.print(
            f"Already loaded: these {len(report.files)} files are in the store; nothing changed."
        )
        return
    out.print(
        f"Load {report.load_id}: {len(report.files)} files, {report.rows_read:,} records read."
    )
    if report.held:
        from collections import Counter

        rules = Counter(p.rule for p in report.held).most_common()
        out.print(
            f"Held back: {report.held_records:,} records with problems, out of every figure ("
            + ", ".join(f"{rule} {n:,}" for rule, n in rules)
            + "). List them with `csc problems`; load the corrected files to replace them."
        )
    if report.notes:
        out.print(
            f"Noted: {len(report.notes):,} exact duplicate records, each loaded once "
            "(`csc problems` lists them)."
        )


@main.command()
@click.option("--file", "file_part", default=None, help="Only files whose path contains this.")
@click.option("--rule", default=None, help="Only this rule id (e.g. value-date, key-conflict).")
@click.option("--table", default=None, help="Only records for this store table (e.g. ssd_person).")
@click.option("--all", "history", is_flag=True, help="Include problems later loads replaced.")
@click.option(
    "--csv",
    "csv_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the list to this CSV file.",
)
@click.option("--user", default=None, help="Who is asking (default: the operating-system user).")
@store_option
def problems(
    file_part: str | None,
    rule: str | None,
    table: str | None,
    history: bool,
    csv_file: Path | None,
    user: str | None,
    store: Path | None,
) -> None:
    """The records loads held back, and why: file, row, column, value, reason and rule.
    OFFICIAL-SENSITIVE (the values are children's ids and dates); each listing is written to
    the audit log."""
    from csc_insight.formats.rules import all_rules
    from csc_insight.reports.problems_text import as_text, write_csv
    from csc_insight.store import audit as audit_log
    from csc_insight.store import db
    from csc_insight.store import problems as problem_table

    known = all_rules()
    if rule is not None and rule not in known:
        from difflib import get_close_matches

        near = get_close_matches(rule, list(known), n=1)
        hint = f" (did you mean {near[0]}?)" if near else ""
        raise CscError(f"no rule {rule!r}{hint}; the rules: {', '.join(sorted(known))}")
    if table is not None:
        from csc_insight.store import schema

        if table not in schema.tables():
            raise CscError(f"no table {table!r} in the store; see docs/data-model.md")
    if not db.store_path(store).exists():
        raise CscError(db.missing_store_message(db.store_path(store)))
    con = db.connect(store)  # for writing: the listing's audit row
    try:
        rows = problem_table.listing(con, file=file_part, rule=rule, table=table, history=history)
        if rows:
            audit_log.record(
                con,
                user or audit_log.os_user(),
                None,
                None,
                len(rows),
                " ".join(
                    f"{k}={v}"
                    for k, v in (("file", file_part), ("rule", rule), ("table", table))
                    if v
                )
                + (f" csv {csv_file}" if csv_file else ""),
                action=audit_log.PROBLEMS,
            )
    finally:
        con.close()
    out.print(as_text(rows, history=history), highlight=False, markup=False)
    if csv_file is not None:
        write_csv(rows, csv_file)
        console.print(f"wrote {csv_file} (OFFICIAL-SENSITIVE)", markup=False)


@main.command()
@store_option
def status(store: Path | None) -> None:
    """What is loaded (sources, periods, row counts, last load) and whether results are up to date."""
    from rich.table import Table

    from csc_insight.store.status import store_status

    s = store_status(store)
    out.print(f"Store: {s.path}")
    if not s.exists:
        from csc_insight.store.db import missing_store_message

        raise CscError(missing_store_message(s.path))
    if not s.loads:
        out.print("Nothing loaded yet: load files with `csc ingest PATH`.")
        return
    last = s.loads[-1]
    out.print(
        f"Loads: {len(s.loads)}; last: load {last.load_id} at {last.finished:%Y-%m-%d %H:%M} by {last.user} ({last.files} files, {last.rows:,} records; {last.note})"
    )
    if s.problems_by_rule:
        held = ", ".join(f"{rule} {n:,}" for rule, (n, _) in s.problems_by_rule.items() if n)
        noted = sum(notes for _, notes in s.problems_by_rule.values())
        out.print(
            f"Held back: {s.held:,} records with problems, in no figure"
            + (f" ({held})" if held else "")
            + (f"; {noted:,} exact duplicates loaded once" if noted else "")
            + ": list them with `csc problems`.",
            markup=False,
        )
    else:
        out.print("Held back: none; every record loaded passed the load checks.")
    _print_results_status(s.path)
    src = Table("format", "files", "last load", title="Sources")
    for r in s.sources:
        src.add_row(r.format, str(r.files), str(r.last_load))
    out.print(src)
    t = Table(
        "table", "rows", "from", "to", title="Canonical tables (period: the first required date)"
    )
    for row in s.tables:
        t.add_row(row.name, f"{row.rows:,}", _d(row.first), _d(row.last))
    out.print(t)


def _print_results_status(store: Path) -> None:
    from csc_insight.indicators import provenance, results
    from csc_insight.store import db

    con = db.open_existing(store)
    try:
        fresh = provenance.check(con)
        span = None if fresh.no_results else results.months_computed(con)
    finally:
        con.close()
    if fresh.no_results:
        out.print("Results: none computed yet: run `csc compute`.")
        return
    when = f"computed {fresh.computed_at:%Y-%m-%d %H:%M}" if fresh.computed_at else "computed"
    months = f", months {span[0]} to {span[1]}" if span else ""
    settings = "" if len(fresh.settings) <= 1 else "; computed with different settings"
    if fresh.stale:
        out.print(
            f"Results: {when}{months}: OUT OF DATE: " + "; ".join(fresh.reasons()) + settings,
            markup=False,
        )
        out.print("  run `csc compute` to bring them up to date.", markup=False)
    else:
        out.print(f"Results: {when}{months}; up to date with every load{settings}.", markup=False)
    for used, ids in fresh.settings.items():
        which = "" if len(fresh.settings) == 1 else f" for {_few(ids)}"
        out.print(f"  settings{which}: {_settings_changed(used)}", markup=False)


def _few(ids: list[str], most: int = 4) -> str:
    return ", ".join(ids[:most]) + (f" and {len(ids) - most} more" if len(ids) > most else "")


def _settings_changed(used: str) -> str:
    """The settings a compute used that differ from their defaults, in words."""
    import json

    from csc_insight.indicators import settings

    values = json.loads(used)
    changed = [
        f"{s.name}={values[s.name]} (default {s.default})"
        for s in settings.SETTINGS
        if s.name in values and values[s.name] != s.default
    ]
    return ", ".join(changed) or "the defaults"


@main.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("csc-data") / "demo",
    show_default=True,
)
@store_option
@click.option("--years", type=click.IntRange(1, 20), default=5, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
def demo(out_dir: Path, store: Path | None, years: int, seed: int) -> None:
    """Synthesise a borough, load it, compute every indicator and write the committee pack."""
    from csc_insight.comparators.store import load_bundled
    from csc_insight.costs import demo as costs_demo
    from csc_insight.education import demo as education_demo
    from csc_insight.indicators.engine import compute as do_compute
    from csc_insight.reports import forecast_run
    from csc_insight.reports.finance_inputs import seed_inputs
    from csc_insight.reports.report import write_pack
    from csc_insight.store import db
    from csc_insight.store.load import ingest as do_ingest
    from csc_insight.synth.outputs import write_outputs

    store = store or out_dir / "store.duckdb"
    if store.exists():
        store.unlink()  # a demo starts from an empty store each time
    with progress_bar("synth") as update:
        write_outputs(
            out_dir / "sources",
            size="borough",
            years=years,
            seed=seed,
            end=date(2021, 3, 31),
            formats=["ssd"],
            regimes=[],
            progress=update,
        )
    with progress_bar("ingest") as update:
        report = do_ingest([out_dir / "sources" / "ssd"], store, user="demo", progress=update)
    out.print(
        f"Synthetic borough ({years} years to 31/03/2021, seed {seed}) loaded into {store}: {report.rows_read:,} records."
    )
    with progress_bar("compute") as update:
        n = do_compute(store, progress=update)
    status.callback(store)  # type: ignore[misc]
    con = db.connect(store)
    try:
        load_bundled(con)
    finally:
        con.close()
    _print_summary(store, n)
    with progress_bar("report") as update:
        update("the seed papers' finance and the placements' costs", 0, 1)
        fin = seed_inputs()  # the seed papers' finance, projects and plan: the finance section
        made_up_costs = costs_demo.rows_from_store(store, seed)  # costs for the store's placements
        update("forecasting children in care", 0, 1)
        forecast_run.save_demo_scenarios(store)  # so the pack's scenario table has some
        forecast = forecast_run.run(store)  # from 31/03/2021, the pack's month end
        written = write_pack(
            store,
            out_dir / "pack",
            user="demo",
            progress=update,
            money=fin.money,
            delivery=fin.delivery,
            spend_lines=fin.spend_lines,
            costs=made_up_costs,
            education=education_demo.records(),
            forecast=forecast,
        )
    out.print("Committee pack for " + written.pack.period + ":")
    for kind, path in written.files.items():
        out.print(f"  {kind:<5} {path}")
    from csc_insight.store import web_db  # the demo dashboard's Finance, Costs, ... pages

    web_db.load_demo(
        store, fin.money, fin.delivery, made_up_costs, education_demo.records().with_monthly(())
    )
    where = web_db.sqlite_path(store) if web_db.url() is None else "CSC_DATABASE_URL"
    out.print(f"The dashboard's finance, delivery, costs and education figures: {where}")


def _print_summary(store: Path | None, n: int) -> None:
    from rich.table import Table

    from csc_insight.reports.summary import latest_lines

    month, lines = latest_lines(store)
    t = Table(title=f"{n:,} results; the latest month, {month}", box=None, padding=(0, 1))
    # Every column but the title keeps its width; the title takes what is left of the screen.
    t.add_column("id", no_wrap=True, min_width=10)
    t.add_column("indicator", no_wrap=True, overflow="ellipsis", max_width=max(20, out.width - 56))
    t.add_column("YTD/latest", justify="right", no_wrap=True, min_width=10)
    t.add_column("target", justify="right", no_wrap=True, min_width=6)
    t.add_column("RAG", no_wrap=True, min_width=5)
    t.add_column("signal", no_wrap=True, min_width=13)
    colour = {"Green": "green", "Amber": "yellow", "Red": "red"}
    for line in lines:
        rag = f"[{colour[line.rag]}]{line.rag}[/]" if line.rag in colour else line.rag
        t.add_row(line.id, line.title, line.latest, line.target, rag, line.signal)
    out.print(t)


@main.command()
@store_option
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="NAME=VALUE",
    help="Override a setting (see docs/catalogue.md), repeatable.",
)
@click.option("--only", multiple=True, metavar="ID", help="Compute only these indicators.")
@click.option(
    "--teams/--no-teams",
    default=True,
    help="Also the figures by team and service (--no-teams for a store of many authorities).",
)
@click.option("--weeks/--no-weeks", default=True, help="Also the weekly figures.")
def compute(
    store: Path | None, sets: tuple[str, ...], only: tuple[str, ...], teams: bool, weeks: bool
) -> None:
    """Evaluate the indicator catalogue for every period loaded into the results table."""
    from csc_insight.indicators.engine import compute as do_compute

    overrides = {}
    for item in sets:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r}: expected NAME=VALUE", param_hint="--set")
        overrides[name.strip()] = value.strip()
    from csc_insight.indicators import catalogue

    chosen = catalogue.resolve(only) if only else None
    with progress_bar("compute") as update:
        n = do_compute(
            store,
            overrides=overrides,
            only=chosen,
            progress=update,
            by_team=teams,
            by_week=weeks,
        )
    what = f" for {', '.join(chosen)}" if chosen else ""
    click.echo(f"Computed {n:,} results{what}.")


@main.command()
@click.argument("indicator")
@period_option
@click.option(
    "--by",
    type=click.Choice(["team", "service"]),
    default=None,
    help="The figure by team or by service, with the whole authority's beneath.",
)
@store_option
def show(indicator: str, period: str | None, by: str | None, store: Path | None) -> None:
    """One indicator: value, numerator/denominator, target, RAG, signal and definition."""
    from csc_insight.reports.show import by_unit_text, show_text

    text = by_unit_text(indicator, period, by, store) if by else show_text(indicator, period, store)
    out.print(text, highlight=False, markup=False)


@main.command()
@click.argument("indicator")
@period_option
@click.option(
    "--not-met",
    is_flag=True,
    help="Those in the denominator but outside the numerator (a percentage's 'not met').",
)
@click.option(
    "--csv",
    "csv_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the listing to this CSV file (marked OFFICIAL-SENSITIVE).",
)
@click.option("--user", default=None, help="Who is asking (default: the operating-system user).")
@store_option
def children(
    indicator: str,
    period: str | None,
    not_met: bool,
    csv_file: Path | None,
    user: str | None,
    store: Path | None,
) -> None:
    """The children behind a figure: person, team, worker and the dates that decided whether
    each counts. OFFICIAL-SENSITIVE; each listing is written to the audit log (csc audit)."""
    from csc_insight.indicators import catalogue, provenance, results
    from csc_insight.indicators.children import listing
    from csc_insight.reports.children_text import as_text, write_csv
    from csc_insight.store import db
    from csc_insight.store.audit import os_user

    ind = catalogue.get(indicator)
    if not db.store_path(store).exists():
        raise CscError(db.missing_store_message(db.store_path(store)))
    con = db.connect(store)  # for writing: the listing's audit row
    try:
        results.require_results(con)
        provenance.require_fresh(con, [ind.id])
        p = results.resolve_period(con, period)
        found = listing(
            con,
            ind,
            p,
            user=user or os_user(),
            not_met=not_met,
            detail=f"csv {csv_file}" if csv_file else "",
        )
    finally:
        con.close()
    out.print(as_text(found), highlight=False, markup=False)
    if csv_file is not None:
        write_csv(found, csv_file)
        console.print(f"wrote {csv_file} (OFFICIAL-SENSITIVE)", markup=False)


@main.command()
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@store_option
def audit(limit: int, store: Path | None) -> None:
    """The audit log: who listed which children, for which figure, and when (newest first)."""
    from csc_insight.reports.children_text import audit_text
    from csc_insight.store import audit as audit_log
    from csc_insight.store import db

    con = db.open_existing(store)
    try:
        entries = audit_log.entries(con, limit)
    finally:
        con.close()
    out.print(audit_text(entries), highlight=False, markup=False)


def _input_files(flag: str, help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A repeatable option naming existing input files (``--money F``), given as NAME_paths."""
    return click.option(
        flag, f"{flag.lstrip('-')}_paths", multiple=True, type=existing_files, help=help
    )


@main.command()
@click.option(
    "--period",
    default=None,
    help="Report month, e.g. 2021-03 (default: the latest month computed).",
)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option(
    "--published",
    is_flag=True,
    help="Suppress small numbers, for publication (otherwise OFFICIAL-SENSITIVE).",
)
@click.option(
    "--edits",
    "edits_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Commentary edits (YAML) to keep for this period and apply.",
)
@click.option(
    "--threshold",
    type=click.IntRange(1, 20),
    default=5,
    show_default=True,
    help="Largest count suppressed when --published.",
)
@click.option(
    "--sections",
    default=None,
    help="Only these service areas, comma-separated, e.g. cla,care_leavers for the Corporate "
    "Parenting Panel (`csc indicators` lists the areas).",
)
@click.option(
    "--service",
    default=None,
    help="A service's own figures (e.g. 'Children in Care'): the measures whose records name a team.",
)
@click.option("--team", default=None, help="A team's own figures, as --service.")
@_input_files("--money", "Finance files (csc money template) for the finance and delivery section.")
@_input_files(
    "--delivery",
    "Delivery files (csc delivery template) for the section: projects, guardrails, plan.",
)
@_input_files("--spend", "Spend per child against London and England (docs/formats/spend.md).")
@click.option("--finance-demo", is_flag=True, help="The section with the seed papers' figures.")
@_input_files(
    "--costs",
    "Placement and package costs (csc costs template), tracked against the store's "
    "placements, for the finance section (in aggregate).",
)
@_input_files(
    "--education",
    "Education files (csc education template, or the DfE's published CSVs, read with --la) "
    "for the pack's education section.",
)
@click.option("--education-demo", is_flag=True, help="The education section with the demo figures.")
@click.option(
    "--la", default=None, help="The authority's new LA code, for DfE files in --education."
)
@click.option(
    "--neighbours", type=existing_files, help="A neighbours YAML, for --la (default: bundled)."
)
@click.option(
    "--forecast",
    "with_forecast",
    is_flag=True,
    help="A forecast section (children in care, target, saved scenarios, UASC, caseloads) from "
    "the pack's month end, and the target's trajectory on the children-in-care charts.",
)
@store_option
def report(
    period: str | None,
    out_dir: Path,
    published: bool,
    edits_file: Path | None,
    threshold: int,
    sections: str | None,
    service: str | None,
    team: str | None,
    money_paths: tuple[Path, ...],
    delivery_paths: tuple[Path, ...],
    spend_paths: tuple[Path, ...],
    finance_demo: bool,
    costs_paths: tuple[Path, ...],
    education_paths: tuple[Path, ...],
    education_demo: bool,
    la: str | None,
    neighbours: Path | None,
    with_forecast: bool,
    store: Path | None,
) -> None:
    """Write the committee pack: pack.html, pack.pdf and pack.xlsx; with finance, delivery or
    cost files (or --finance-demo), its finance and delivery section too, and with education
    files (or --education-demo) its education section."""
    from csc_insight.reports.education_inputs import read_education
    from csc_insight.reports.finance_inputs import read_inputs
    from csc_insight.reports.model import Unit, choose_sections
    from csc_insight.reports.report import write_pack

    # Read before any work: a faulty file refuses the pack with every problem.
    fin = read_inputs(
        money_paths, delivery_paths, spend_paths, demo=finance_demo, costs_paths=costs_paths
    )
    education = read_education(education_paths, demo=education_demo, la=la, neighbours=neighbours)

    if service and team:
        raise click.UsageError("give --service or --team, not both")
    unit = Unit("service", service) if service else Unit("team", team) if team else None
    chosen = choose_sections(sections) if sections else ()
    month = _report_month(store, period)
    forecast = None
    if with_forecast:
        from csc_insight.reports import forecast_run

        with console.status("forecasting children in care"):
            forecast = forecast_run.run(store, forecast_run.month_end(month))
    with progress_bar("report") as update:
        written = write_pack(
            store,
            out_dir,
            month,
            published=published,
            edits_file=edits_file,
            threshold=threshold,
            progress=update,
            sections=chosen,
            unit=unit,
            money=fin.money,
            delivery=fin.delivery,
            spend_lines=fin.spend_lines,
            costs=fin.costs,
            education=education,
            forecast=forecast,
        )
    out.print(f"Committee pack for {written.pack.period} ({written.pack.marking}):")
    for kind, path in written.files.items():
        out.print(f"  {kind:<5} {path}")
    for e in written.unmatched:
        console.print(
            f"note: a saved commentary edit no longer matches a bullet: {e.describe()}",
            markup=False,
        )


def _report_month(store: Path | None, period: str | None) -> str:
    """The month a pack is for. A pack is monthly; a quarter, year to date or year names the
    pack for its last month (2020-21: March 2021), as the committee reads the year at its end.
    (write_pack refuses stale results before it writes anything.)"""
    from csc_insight.indicators import results
    from csc_insight.store import db

    con = db.open_existing(store)
    try:
        p = results.resolve_period(con, period)
    finally:
        con.close()
    month = f"{p.period_end:%Y-%m}"
    if p.period_type != "month":
        console.print(
            f"note: a pack is monthly: {p.period_id} is the pack for {month}", markup=False
        )
    return month


@main.command()
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The workbook to write (.xlsx).",
)
@click.option(
    "--store",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also fill it with the figures already entered in this store.",
)
def template(out_file: Path, store: Path | None) -> None:
    """Write the documented workbook for figures entered from partners (serious youth violence,
    rapid reviews...): a Read me, the measures and partners, and the rows to fill. Load it back
    with `csc ingest` (docs/formats/entered_figures.md)."""
    from csc_insight.formats.template_figures import write_figures_workbook
    from csc_insight.store import db

    if out_file.suffix.lower() != ".xlsx":
        raise click.UsageError("the template is an Excel workbook: name it .xlsx")
    if store is None:
        write_figures_workbook(out_file)
    else:
        con = db.open_existing(store)
        try:
            write_figures_workbook(out_file, con)
        finally:
            con.close()
    out.print(f"wrote {out_file}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--workers", type=click.IntRange(1, 64), default=2, show_default=True, help="gunicorn workers."
)
@store_option
def serve(host: str, port: int, workers: int, store: Path | None) -> None:
    """The web dashboard: sign in, the figures, the children behind them (docs/deploy.md).

    Runs gunicorn on this machine. Figures come from the store's published copy, which each
    `csc compute` renews, so ingest and compute can run while it serves."""
    from csc_insight.web.setup import django_for, publish_first

    copy = publish_first(store)
    django_for(store)
    from csc_insight.web.users import rows

    if not rows():
        console.print(
            "note: no users yet: add one with `csc user add NAME --role admin`", markup=False
        )
    out.print(f"Serving {copy.name} of {db_path(store)} at http://{host}:{port}/ (Ctrl-C stops)")
    args = [
        "gunicorn",
        "csc_insight.web.wsgi:application",
        f"--bind={host}:{port}",
        f"--workers={workers}",
        "--access-logfile=-",
        "--preload",  # load the application once, with the latest pages built (web/wsgi.py)
    ]
    os.environ["CSC_WARM"] = "1"
    import shutil

    exe = shutil.which("gunicorn") or str(Path(sys.executable).with_name("gunicorn"))
    os.execv(exe, args)  # noqa: S606 - our own server, arguments built above


def db_path(store: Path | None) -> Path:
    from csc_insight.store import db

    return db.store_path(store)


@main.group()
def user() -> None:
    """Dashboard users and their roles: viewer, finance, manager, analyst, admin."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True)  # web/roles.py
@click.option("--teams", default="", help="A manager's teams (team ids, comma-separated).")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from standard input (for scripts) instead of asking twice.",
)
@store_option
def user_add(name: str, role: str, teams: str, password_stdin: bool, store: Path | None) -> None:
    """Add a dashboard user. The password is asked for twice (never on the command line)."""
    from csc_insight.web.setup import django_for

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    django_for(store)
    from csc_insight.web.users import add

    add(name, role, password, [t.strip() for t in teams.split(",") if t.strip()])
    out.print(f"Added {name} ({role}).")


@user.command("list")
@store_option
def user_list(store: Path | None) -> None:
    """Every dashboard user with their role, teams and last sign-in."""
    from csc_insight.web.setup import django_for

    django_for(store)
    from csc_insight.web.users import rows

    for name, role, teams, last in rows():
        out.print(f"{name:<20} {role:<8} {teams:<30} last signed in {last}")


@main.command()
@click.option("--area", default=None, help="Only this service area (e.g. cp, front_door).")
def indicators(area: str | None) -> None:
    """List the indicators: id, short title, service area, unit and polarity."""
    from rich.table import Table

    from csc_insight.indicators import catalogue

    if area is not None and area not in catalogue.AREAS:
        raise click.BadParameter(
            f"unknown area {area!r}; areas: {', '.join(catalogue.AREAS)}", param_hint="--area"
        )
    t = Table(box=None, padding=(0, 1), show_header=True)
    t.add_column("id", no_wrap=True)
    t.add_column("indicator")
    t.add_column("unit", no_wrap=True)
    t.add_column("better when", no_wrap=True)
    better = {"BIB": "higher", "SIB": "lower", "none": "(context)"}
    shown = [i for i in catalogue.load() if area is None or i.area == area]
    published = [p for p in catalogue.published_figures() if area is None or p.area == area]
    for key, name in catalogue.AREAS.items():
        members = [i for i in shown if i.area == key]
        if members:
            t.add_row("", f"[bold]{name}[/] (--area {key})")
        for ind in members:
            t.add_row(ind.id, ind.short_title, ind.unit.replace("_", " "), better[ind.polarity])
        annual = [p for p in published if p.area == key]
        if annual:
            t.add_row("", f"[bold]{name}: published annual figures[/] (not computed)")
        for p in annual:
            t.add_row(p.id, p.short_title, p.unit, better[p.polarity])
    out.print(t)
    out.print(
        f"{len(shown)} indicators"
        + (f" and {len(published)} published annual figures" if published else "")
        + ". `csc show ID` gives one figure with its definition"
        + ("; `csc education show` the published ones." if published else ".")
    )


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--la", "la_code", default="E09000008", show_default=True, help="The authority's new LA code."
)
@click.option(
    "--neighbours",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="YAML of statistical neighbours (default: the bundled example).",
)
@click.option(
    "--bundled",
    is_flag=True,
    help="Load the bundled comparators: the seed pack's 2019-20 figures and the DfE's published England and London figures (docs/comparators.md).",
)
@store_option
def comparators(
    paths: tuple[Path, ...],
    la_code: str,
    neighbours: Path | None,
    bundled: bool,
    store: Path | None,
) -> None:
    """Load published comparators: DfE files (explore-education-statistics CSV) or the bundled set."""
    from csc_insight.comparators import dfe
    from csc_insight.comparators import store as comparator_store
    from csc_insight.store import db

    if not paths and not bundled:
        raise click.UsageError("give DfE CSV files, or --bundled")
    who = dfe.authority(la_code, neighbours)  # checks --la even for --bundled alone
    con = db.connect(store)
    try:
        if bundled:
            out.print(f"Loaded {comparator_store.load_bundled(con):,} bundled comparator figures.")
        if paths:
            out.print(
                f"Loaded {dfe.load(con, paths, who):,} DfE figures for {who.name} ({who.code}), {len(who.neighbours)} neighbours."
            )
    finally:
        con.close()


@main.command()
@click.option(
    "--check", is_flag=True, help="Fail if the committed docs differ from what the code generates."
)
@click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True
)
def docs(check: bool, root: Path) -> None:
    """Generate the reference documents (data model) from the code."""
    from csc_insight.docs import generated

    stale = []
    for rel, text in generated().items():
        path = root / rel
        if check:
            if not path.exists() or path.read_text("utf-8") != text:
                stale.append(rel)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
            out.print(f"wrote {path}")
    if stale:
        raise CscError("out of date (run `csc docs`): " + ", ".join(stale))


def _formats(text: str) -> list[str]:
    chosen = [f.strip() for f in text.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in FORMAT_NAMES]
    if unknown:
        raise click.BadParameter(
            f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMAT_NAMES)}"
        )
    return chosen


def _date(value: object) -> date:
    return value.date() if hasattr(value, "date") else value  # type: ignore[return-value]


def _d(d: date | None) -> str:
    return f"{d:%d/%m/%Y}" if d else ""


# Each domain's commands live in a module of their own.
from csc_insight.costs.commands import costs  # noqa: E402
from csc_insight.delivery.commands import delivery  # noqa: E402
from csc_insight.education.commands import education  # noqa: E402
from csc_insight.forecast.commands import forecast  # noqa: E402
from csc_insight.money.commands import money  # noqa: E402

main.add_command(money)
main.add_command(delivery)
main.add_command(education)
main.add_command(forecast)
main.add_command(costs)

if __name__ == "__main__":
    main()
