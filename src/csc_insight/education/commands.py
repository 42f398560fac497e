"""`csc education`: the education template, its checks and the dashboard's tables."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import click

from csc_insight.cli_common import out, store_option
from csc_insight.education.model import EducationRecords, MonthlyFigure
from csc_insight.errors import ReaderError

_FILES = click.Path(exists=True, dir_okay=False, path_type=Path)

NOTHING_HELD = (
    "No education figures held yet. `csc education template --out F.xlsx` writes the workbook; "
    "its monthly figures are indicators, loaded by `csc ingest` and computed by `csc compute`, "
    "and `csc education load F.xlsx` keeps the rest (the annual figures, SEND placements, EHCP "
    "scenarios and high needs), with the DfE's published tables (--dfe F.csv --la CODE: the "
    "borough's, England's, the neighbours' and the borough's schools' figures). "
    "`csc education show F.xlsx` shows a workbook before loading it."
)


@click.group()
def education() -> None:
    """The education dashboard: the template, its checks, the monthly and annual tables, SEND
    and the high-needs block."""


@education.command("template")
@click.option(
    "--out", "out_file", type=click.Path(path_type=Path), required=True, help="The .xlsx to write."
)
@click.option("--demo", is_flag=True, help="Filled with the demo borough's figures.")
def education_template(out_file: Path, demo: bool) -> None:
    """Write the documented education workbook: a Read me, the monthly and annual figures, SEND
    placements, EHCP scenarios, the high-needs block and the measures (docs/formats/education.md).
    Check a filled one with `csc education check`."""
    from csc_insight.education import demo as seed
    from csc_insight.education.template import write_template

    if out_file.suffix.lower() != ".xlsx":
        raise click.UsageError("the template is an Excel workbook: name it .xlsx")
    write_template(out_file, seed.records() if demo else None)
    out.print(f"wrote {out_file}")


def _dfe_options(f: Callable[..., None]) -> Callable[..., None]:
    """--dfe, --la and --neighbours: the DfE's published tables read with the template's files."""
    f = click.option(
        "--neighbours", type=_FILES, help="A neighbours YAML (default: the bundled one)."
    )(f)
    f = click.option(
        "--la", default=None, help="The authority's new LA code (E09000008), needed with --dfe."
    )(f)
    return click.option(
        "--dfe",
        "dfe_files",
        multiple=True,
        type=_FILES,
        help="A DfE published CSV (explore-education-statistics: LA-level or school-level "
        "absence, exclusions, KS4); repeatable.",
    )(f)


@education.command("check")
@click.argument("paths", nargs=-1, type=_FILES)
@_dfe_options
def education_check(
    paths: tuple[Path, ...], dfe_files: tuple[Path, ...], la: str | None, neighbours: Path | None
) -> None:
    """Read education workbooks or CSV sheets (and DfE files, with --dfe and --la) as one load:
    every problem (file, sheet, row, column, reason), else what they hold."""
    if not (paths or dfe_files):
        raise click.UsageError("give the education files to check, or --dfe files")
    from csc_insight.education.inputs import read_load

    records = read_load(paths, dfe_files, la, neighbours)
    schools = len({f.urn for f in records.schools})
    out.print(
        f"read {len(records.monthly)} monthly figures, {len(records.annual)} annual figures, "
        f"{len(records.placements)} SEND placement rows, {len(records.scenarios)} EHCP "
        f"scenarios, {len(records.high_needs)} high-needs years and {len(records.schools)} "
        f"figures of {schools} schools: no problems",
        markup=False,
    )


@education.command("show")
@click.argument("paths", nargs=-1, type=_FILES)
@click.option("--demo", is_flag=True, help="The demo borough's figures.")
@click.option(
    "--dfe",
    "dfe_files",
    multiple=True,
    type=_FILES,
    help="A DfE published LA-level CSV (absence, exclusions, KS4); repeatable.",
)
@click.option(
    "--la", default="E09000008", show_default=True, help="The authority's new LA code, for --dfe."
)
@click.option("--neighbours", type=_FILES, help="A neighbours YAML (default: the bundled one).")
@store_option
def education_show(
    paths: tuple[Path, ...],
    demo: bool,
    dfe_files: tuple[Path, ...],
    la: str,
    neighbours: Path | None,
    store: Path | None,
) -> None:
    """The monthly table (from the September of the academic year before the latest month),
    the annual table with changes and gaps to England and the neighbours and their arrows,
    the SEND placements, the EHCP scenarios and the high-needs block. A period without a
    figure reads "not published". From the files given, or the demo's; neither: what the
    dashboard shows, the monthly figures as `csc compute` left them in the store and the rest
    from the dashboard's database."""
    from csc_insight.education import demo as seed
    from csc_insight.education import dfe, render, template_read

    if demo and paths:
        raise click.UsageError("give the education files to show, or --demo, not both")
    records = seed.records() if demo else EducationRecords()
    if paths:
        records, problems = template_read.read_files(list(paths))
        if problems:
            raise ReaderError(problems)
    if not (demo or paths):
        records = _held(store)
        if records == EducationRecords():
            out.print(NOTHING_HELD, markup=False)
            return
    if dfe_files:
        records = records + dfe.read_files(dfe_files, la, neighbours)
    out.print(render.report(records, since=first_month(records)), markup=False)


@education.command("load")
@click.argument("paths", nargs=-1, type=_FILES)
@click.option("--demo", is_flag=True, help="The demo borough's figures.")
@_dfe_options
@click.option("--by", "by", default=None, help="Who is loading (default: your account name).")
@store_option
def education_load(
    paths: tuple[Path, ...],
    demo: bool,
    dfe_files: tuple[Path, ...],
    la: str | None,
    neighbours: Path | None,
    by: str | None,
    store: Path | None,
) -> None:
    """Put checked education workbooks or CSV sheets, and the DfE's published tables (--dfe,
    with --la: the borough's, England's and the neighbours' annual figures and the borough's
    schools'), into the dashboard's database as one load (all or nothing: a problem in any file
    loads nothing): a figure for the same measure and period replaces the one held, every
    change kept with who made it and when. The dashboard's Education page then reads them. The
    monthly figures are not loaded here: they are indicators of the catalogue, loaded into the
    store by `csc ingest` and computed by `csc compute`."""
    import getpass

    from csc_insight.education import demo as seed
    from csc_insight.education.inputs import read_load
    from csc_insight.store import web_db

    files = bool(paths or dfe_files)
    if demo == files:
        raise click.UsageError("give the education files to load (or --dfe files), or --demo")
    if files:
        records = read_load(paths, dfe_files, la, neighbours)
        where = ", ".join(str(p) for p in (*paths, *dfe_files))
    else:
        records, where = seed.records(), "the demo"
    monthly = len(records.monthly)
    n = web_db.load_education(
        store, records.with_monthly(()), by or getpass.getuser(), f"csc education load {where}"
    )
    out.print(f"{n} education figures added or changed in the dashboard's database", markup=False)
    if monthly:
        out.print(
            f"{monthly} monthly figures not loaded here: they are indicators, loaded into the "
            "store by `csc ingest` (the workbook or its Monthly figures sheet) and computed by "
            "`csc compute`",
            markup=False,
        )


def _held(store: Path | None) -> EducationRecords:
    """What the dashboard holds: the store's computed monthly figures (none before `csc ingest`
    and `csc compute`) and the dashboard database's other records."""
    from csc_insight.education import computed
    from csc_insight.store import db, web_db

    monthly: tuple[MonthlyFigure, ...] = ()
    path = db.store_path(store)
    if path.exists():
        con = db.connect(path, read_only=True)
        try:
            monthly = computed.monthly_figures(con)
        finally:
            con.close()
    return web_db.entered_education(store).with_monthly(monthly)


def first_month(records: EducationRecords) -> date | None:
    """September of the academic year before the latest month's, as the seed's table starts."""
    months = [f.month for f in records.monthly]
    if not months:
        return None
    last = max(months)
    return date(last.year - (2 if last.month < 9 else 1), 9, 1)


@education.command("ofsted")
@click.argument("path", type=_FILES)
@click.option(
    "--as-at",
    "as_at",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The date the file is as at (YYYY-MM-DD); a 31 August gives OFS 1 and OFS 2 too.",
)
@click.option("--la", required=True, help="The authority's new LA code (E09000008).")
@click.option(
    "--neighbours", type=_FILES, help="A neighbours YAML naming the neighbours (default: bundled)."
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The folder to write monthly_figures.csv and annual_figures.csv in.",
)
def education_ofsted(
    path: Path, as_at: date, la: str, neighbours: Path | None, out_dir: Path
) -> None:
    """Count the authority's Ofsted outcomes from Ofsted's school-level CSV ("State-funded
    schools inspections and outcomes: management information", or the official statistics'
    provider-level file): SCH 1, 2, 3, 5 and 7 for the date's month and, as at a 31 August, OFS 1
    and OFS 2 for the borough, England and the neighbours. Writes them in the template's CSV
    layout: load monthly_figures.csv with `csc ingest`, annual_figures.csv with `csc education
    load`. A file with a faulty row, or of the time after 1 September 2024 (no overall
    effectiveness judgements), writes nothing."""
    import shutil
    import tempfile

    from csc_insight.education import ofsted
    from csc_insight.education.template import write_csv_templates

    # click gives a datetime (a date's subclass): its day only, so it compares with dates
    got = ofsted.outcomes(path, date(as_at.year, as_at.month, as_at.day), la, neighbours)
    out_dir.mkdir(parents=True, exist_ok=True)
    wanted = ("monthly_figures.csv", "annual_figures.csv")
    with tempfile.TemporaryDirectory() as tmp:
        for p in write_csv_templates(Path(tmp), got.records):
            if p.name in wanted:  # the other sheets' files would be empty
                shutil.move(str(p), out_dir / p.name)
    out.print(
        f"wrote {out_dir / wanted[0]} ({len(got.records.monthly)} monthly figures) and "
        f"{out_dir / wanted[1]} ({len(got.records.annual)} annual figures)",
        markup=False,
    )
    for measure, c in got.counts.items():
        if measure == "SCH 1":
            said = f"{c.numerator} in special measures ({c.denominator} with a judgement)"
        else:
            share = "" if c.percent is None else f" = {ofsted.whole(c.percent):.0f}%"
            said = f"{c.numerator} of {c.denominator} schools with a judgement{share}"
        out.print(f"  {measure}: {said}", markup=False)
    for note in got.notes:
        out.print(note, markup=False)
    out.print(
        f"load them: `csc ingest {out_dir / wanted[0]}`, `csc education load {out_dir / wanted[1]}`",
        markup=False,
    )
