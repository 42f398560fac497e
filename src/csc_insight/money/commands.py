"""`csc money`: the finance template, its checks and the committee's tables."""

from __future__ import annotations

from pathlib import Path

import click

from csc_insight.cli_common import out
from csc_insight.errors import ReaderError


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


@money.command("show")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--demo", is_flag=True, help="The seed papers' figures.")
def money_show(paths: tuple[Path, ...], demo: bool) -> None:
    """Tables 1, 2 and 8 as the committee papers print them, computed from the lines, with every
    disagreement between figures (a printed total against its lines, a project's own profile
    against the summary)."""
    from csc_insight.money import demo as seed
    from csc_insight.money import render, template_read

    if demo == bool(paths):
        raise click.UsageError("give the finance files to show, or --demo")
    if demo:
        records = seed.seed_records()
    else:
        records, problems = template_read.read_files(list(paths))
        if problems:
            raise ReaderError(problems)
    out.print(render.report(records), markup=False)
