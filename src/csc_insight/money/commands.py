"""`csc money`: the finance template, its checks and the committee's tables."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from csc_insight.cli_common import existing_files, out, store_option
from csc_insight.errors import ReaderError

if TYPE_CHECKING:
    from csc_insight.money.model import MoneyRecords


@click.group()
def money() -> None:
    """Budget monitoring and the MTFS: the finance template, its checks and tables."""


@money.command("template")
@click.option(
    "--out", "out_file", type=click.Path(path_type=Path), required=True, help="The .xlsx to write."
)
@click.option("--years", default="", help="The MTFS years, e.g. 2021-22,2022-23,2023-24.")
@click.option("--demo", is_flag=True, help="Filled with the seed papers' figures (the demo).")
def money_template(out_file: Path, years: str, demo: bool) -> None:
    """Write the documented finance workbook: a Read me, budget lines, MTFS proposals and project
    savings profiles (docs/formats/money.md). Check a filled one with `csc money check`."""
    from csc_insight.money import demo as seed
    from csc_insight.money.template import write_template

    if out_file.suffix.lower() != ".xlsx":
        raise click.UsageError("the template is an Excel workbook: name it .xlsx")
    wanted = [y.strip() for y in years.split(",") if y.strip()] or None
    write_template(out_file, wanted, seed.seed_records() if demo else None)
    out.print(f"wrote {out_file}")


@money.command("check")
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
def money_check(paths: tuple[Path, ...]) -> None:
    """Read finance workbooks or CSV sheets as one load: every problem (file, sheet, row,
    column, reason), else the tables they give and every disagreement between figures."""
    from csc_insight.money import render, template_read

    records, problems = template_read.read_files(list(paths))
    if problems:
        raise ReaderError(problems)
    out.print(render.report(records), markup=False)


def by_option(f: Callable[..., None]) -> Callable[..., None]:
    """Who is loading: kept with every row changed (default: the signed-in account's name)."""
    return click.option(
        "--by", "by", default=None, help="Who is loading (default: your account name)."
    )(f)


def who(by: str | None) -> str:
    return by or getpass.getuser()


def entered_or_files(
    paths: tuple[Path, ...], demo: bool, store: Path | None
) -> tuple[MoneyRecords, str]:
    """The money figures: the files given, the demo's, or else the dashboard's (the one home of
    what was loaded or entered on its pages); and where they came from."""
    from csc_insight.money import demo as seed
    from csc_insight.money import template_read
    from csc_insight.store import web_db

    if demo and paths:
        raise click.UsageError("give the finance files, or --demo, not both")
    if demo:
        return seed.seed_records(), "the demo"
    if paths:
        records, problems = template_read.read_files(list(paths))
        if problems:
            raise ReaderError(problems)
        return records, ", ".join(str(p) for p in paths)
    records = web_db.entered_money(store)
    if not records:
        raise click.UsageError(
            "the dashboard's database holds no finance figures: give the finance files or "
            "--demo, or load them first (csc money load FILES)"
        )
    return records, "the dashboard's database"


@money.command("load")
@click.argument("paths", nargs=-1, type=existing_files)
@click.option("--demo", is_flag=True, help="The seed papers' figures.")
@by_option
@store_option
def money_load(paths: tuple[Path, ...], demo: bool, by: str | None, store: Path | None) -> None:
    """Put checked finance workbooks or CSV sheets into the dashboard's database as one load
    (all or nothing): a row whose service and year (or reference) it holds is replaced, and
    every change is kept with who made it and when. The pages, `csc money show` and the pack
    then read these figures."""
    from csc_insight.store import web_db

    if not paths and not demo:
        raise click.UsageError("give the finance files to load, or --demo")
    records, where = entered_or_files(paths, demo, store)
    n = web_db.load_money(store, records, who(by), f"csc money load {where}")
    out.print(f"{n} rows added or changed in the dashboard's database", markup=False)


@money.command("show")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--demo", is_flag=True, help="The seed papers' figures.")
@store_option
def money_show(paths: tuple[Path, ...], demo: bool, store: Path | None) -> None:
    """Tables 1, 2 and 8 as the committee papers print them, computed from the lines, with every
    disagreement between figures (a printed total against its lines, a project's own profile
    against the summary). Without files or --demo: the figures in the dashboard's database."""
    from csc_insight.money import render

    records, _ = entered_or_files(paths, demo, store)
    out.print(render.report(records), markup=False)
