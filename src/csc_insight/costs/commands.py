"""`csc costs`: the placement and package cost template, its checks and the tracker."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import click

from csc_insight.cli_common import existing_files, out, store_option
from csc_insight.errors import ReaderError

if TYPE_CHECKING:
    from csc_insight.money.model import BudgetLine


@click.group()
def costs() -> None:
    """The placement and package cost tracker: the cost template, its checks, the costs by
    period and budget line, the care panel's lists and the reconciliation with case records."""


@costs.command("template")
@click.option(
    "--out", "out_file", type=click.Path(path_type=Path), required=True, help="The .xlsx to write."
)
@click.option("--demo", is_flag=True, help="Filled with made-up costs for the store's placements.")
@click.option("--seed", default=1, show_default=True, help="The demo's random seed.")
@store_option
def costs_template(out_file: Path, demo: bool, seed: int, store: Path | None) -> None:
    """Write the documented cost workbook: a Read me and the Costs sheet
    (docs/formats/costs.md). With --demo, made-up costs for the (synthetic) store's placements.
    Check a filled one with `csc costs check`."""
    from csc_insight.costs import demo as made_up
    from csc_insight.costs.template import write_template

    if out_file.suffix.lower() != ".xlsx":
        raise click.UsageError("the template is an Excel workbook: name it .xlsx")
    rows = made_up.rows_from_store(store, seed) if demo else []
    write_template(out_file, rows)
    out.print(f"wrote {out_file}" + (f" ({len(rows)} made-up cost rows)" if demo else ""))


@costs.command("check")
@click.argument("paths", nargs=-1, required=True, type=existing_files)
def costs_check(paths: tuple[Path, ...]) -> None:
    """Read cost workbooks or CSV files as one load: every problem (file, sheet, row, column,
    reason), else how many rows they hold."""
    from csc_insight.costs import template_read

    rows, problems = template_read.read_files(list(paths))
    if problems:
        raise ReaderError(problems)
    out.print(f"read {len(rows)} cost rows: no problems", highlight=False, markup=False)


@costs.command("show")
@click.argument("paths", nargs=-1, type=existing_files)
@click.option("--demo", is_flag=True, help="Made-up costs for the store's placements.")
@store_option
@click.option(
    "--as-at", "as_at", type=click.DateTime(["%Y-%m-%d"]), default=None,
    help="The day to report as at (default: the last day the store's placements reach).",
)  # fmt: skip
@click.option(
    "--money", "money_files", multiple=True, type=existing_files,
    help="Money workbooks (csc money template) whose budget lines the costs feed; repeatable. "
    "With --demo and none given: the seed papers' budget lines.",
)  # fmt: skip
@click.option(
    "--high-cost", "high_cost", type=click.FloatRange(min=0), default=5000.0, show_default=True,
    help="Pounds a week above which a placement or package is listed for the care panel.",
)  # fmt: skip
def costs_show(
    paths: tuple[Path, ...],
    demo: bool,
    store: Path | None,
    as_at: datetime | None,
    money_files: tuple[Path, ...],
    high_cost: float,
) -> None:
    """The tracker: costs by quarter, to date and projected to the year end, by budget line
    against its budget, the high-cost placements, overdue reviews, spot purchases, and every
    discrepancy between the costs and the store's placements."""
    from csc_insight.costs import demo as made_up
    from csc_insight.costs import render, template_read
    from csc_insight.costs.store import read_store
    from csc_insight.costs.view import build

    if demo == bool(paths):
        raise click.UsageError("give the cost files to show, or --demo")
    if paths:
        rows, problems = template_read.read_files(list(paths))
        if problems:
            raise ReaderError(problems)
    else:
        rows = made_up.rows_from_store(store)
    day = as_at.date() if as_at else None
    facts = read_store(store, day)
    day = day or facts.reach or date.today()
    lines = _budget_lines(money_files, demo)
    view = build(rows, facts, day, lines, Decimal(str(high_cost)))
    out.print(render.report(view), highlight=False, markup=False)


def _budget_lines(paths: tuple[Path, ...], demo: bool) -> tuple[BudgetLine, ...]:
    from csc_insight.money import demo as seed
    from csc_insight.money import template_read

    if not paths:
        return seed.seed_records().budget_lines if demo else ()
    records, problems = template_read.read_files(list(paths))
    if problems:
        raise ReaderError(problems)
    return records.budget_lines


@costs.command("load")
@click.argument("paths", nargs=-1, type=existing_files)
@click.option("--demo", is_flag=True, help="Made-up costs for the store's placements.")
@click.option("--by", "by", default=None, help="Who is loading (default: your account name).")
@store_option
def costs_load(paths: tuple[Path, ...], demo: bool, by: str | None, store: Path | None) -> None:
    """Put checked cost workbooks or CSV files into the dashboard's database as one load (all
    or nothing: a file with a problem loads nothing): a row for the same child, placement (or
    package) and Cost from is replaced, and every change is kept with who made it and when. The
    dashboard's Costs page then reads these rows."""
    import getpass

    from csc_insight.costs import demo as made_up
    from csc_insight.costs import template_read
    from csc_insight.store import web_db

    if demo == bool(paths):
        raise click.UsageError("give the cost files to load, or --demo")
    if paths:
        rows, problems = template_read.read_files(list(paths))
        if problems:
            raise ReaderError(problems)
        where = ", ".join(str(p) for p in paths)
    else:
        rows, where = made_up.rows_from_store(store), "the demo"
    n = web_db.load_costs(store, rows, by or getpass.getuser(), f"csc costs load {where}")
    out.print(f"{n} cost rows added or changed in the dashboard's database", markup=False)
