"""`csc delivery`: projects, milestones, risks, guardrails, the improvement plan and the
fortnightly return."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from csc_insight.cli_common import console, existing_files, out, store_option
from csc_insight.errors import ReaderError
from csc_insight.money.commands import by_option, who

if TYPE_CHECKING:
    from csc_insight.delivery.model import DeliveryRecords
    from csc_insight.delivery.status import ProjectStatus


@click.group()
def delivery() -> None:
    """Projects, their milestones, risks and guardrails, and the improvement plan."""


def _delivery_records(
    paths: tuple[Path, ...], demo: bool, store: Path | None = None, *, entered: bool = False
) -> DeliveryRecords:
    """The files given, the demo's, or (``entered``) else the dashboard's records."""
    from csc_insight.delivery import demo as seed
    from csc_insight.delivery import template_read
    from csc_insight.store import web_db

    if (demo and paths) or not (demo or paths or entered):
        raise click.UsageError("give the delivery files, or --demo")
    if demo:
        return seed.seed_records()
    if paths:
        records, problems = template_read.read_files(list(paths))
        if problems:
            raise ReaderError(problems)
        return records
    records = web_db.entered_delivery(store)
    if not any(vars(records).values()):
        raise click.UsageError(
            "the dashboard's database holds no delivery records: give the delivery files or "
            "--demo, or load them first (csc delivery load FILES)"
        )
    return records


def _project_statuses(
    records: DeliveryRecords,
    demo: bool,
    money_paths: tuple[Path, ...],
    store: Path | None,
    month: str | None,
    as_at: str | None,
) -> tuple[date, list[ProjectStatus]]:
    """Each project's standing at ``as_at``; its guardrails read from the store's results when
    there is a store (the one given, or the default if it exists)."""
    from csc_insight.delivery import guardrails, status
    from csc_insight.money import demo as money_seed
    from csc_insight.money import template_read as money_read
    from csc_insight.store import db, web_db

    try:
        day = date.fromisoformat(as_at) if as_at else date.today()
    except ValueError:
        raise click.BadParameter(
            f"{as_at!r} is not a date (yyyy-mm-dd)", param_hint="--as-at"
        ) from None
    if money_paths:
        money, problems = money_read.read_files(list(money_paths))
        if problems:
            raise ReaderError(problems)
    elif demo:
        money = money_seed.seed_records()
    else:
        money = web_db.entered_money(store)
        if not money:
            raise click.UsageError(
                "give the finance files holding the savings profiles (--money F), or load them "
                "into the dashboard's database (csc money load)"
            )
    checked = None
    if store is not None or db.store_path(None).exists():
        found = guardrails.from_store(store, records.guardrails_by_project(), month)
        checked = {g.project: g for g in found}
    else:
        console.print("note: no store, so the guardrails were not read", markup=False)
    return day, status.statuses(records, money, day, checked)


def _delivery_options(f: Callable[..., None]) -> Callable[..., None]:
    for option in reversed(
        [
            click.argument("paths", nargs=-1, type=existing_files),
            click.option("--demo", is_flag=True, help="The seed papers' projects and finance."),
            click.option(
                "--money",
                "money_paths",
                multiple=True,
                type=existing_files,
                help="Finance files (csc money template) holding the savings profiles.",
            ),
            click.option("--as-at", "as_at", default=None, help="The day rated (default today)."),
            click.option(
                "--month", default=None, help="The results month for the guardrails (yyyy-mm)."
            ),
            store_option,
        ]
    ):
        f = option(f)
    return f


@delivery.command("template")
@click.option(
    "--out", "out_file", type=click.Path(path_type=Path), required=True, help="The .xlsx to write."
)
@click.option("--demo", is_flag=True, help="Filled with the seed papers' projects and plan.")
def delivery_template(out_file: Path, demo: bool) -> None:
    """Write the documented delivery workbook: projects, milestones, risks, guardrails,
    workstreams and actions (docs/formats/delivery.md)."""
    from csc_insight.delivery import demo as seed
    from csc_insight.delivery.template import write_template

    if out_file.suffix.lower() != ".xlsx":
        raise click.UsageError("the template is an Excel workbook: name it .xlsx")
    write_template(out_file, records=seed.seed_records() if demo else None)
    out.print(f"wrote {out_file}")


@delivery.command("check")
@click.argument("paths", nargs=-1, required=True, type=existing_files)
def delivery_check(paths: tuple[Path, ...]) -> None:
    """Read delivery workbooks or CSV sheets as one load: every problem, else what they hold."""
    r = _delivery_records(paths, False)
    out.print(
        f"{len(r.projects)} projects, {len(r.milestones)} milestones, {len(r.risks)} risks, "
        f"{len(r.guardrails)} guardrails, {len(r.workstreams)} workstreams, "
        f"{len(r.actions)} actions",
        markup=False,
    )


@delivery.command("load")
@click.argument("paths", nargs=-1, type=existing_files)
@click.option("--demo", is_flag=True, help="The seed papers' projects and plan.")
@by_option
@store_option
def delivery_load(paths: tuple[Path, ...], demo: bool, by: str | None, store: Path | None) -> None:
    """Put checked delivery workbooks or CSV sheets into the dashboard's database as one load
    (all or nothing): a row whose key it holds (a project's reference, a milestone's project
    and description ...) is replaced, and every change is kept with who made it and when."""
    from csc_insight.store import web_db

    records = _delivery_records(paths, demo)
    where = "the demo" if demo else ", ".join(str(p) for p in paths)
    n = web_db.load_delivery(store, records, who(by), f"csc delivery load {where}")
    out.print(f"{n} rows added or changed in the dashboard's database", markup=False)


@delivery.command("show")
@_delivery_options
def delivery_show(
    paths: tuple[Path, ...],
    demo: bool,
    money_paths: tuple[Path, ...],
    as_at: str | None,
    month: str | None,
    store: Path | None,
) -> None:
    """Each project's delivery RAG, completion score, assurance and guardrails (docs/delivery.md),
    its milestones, and the improvement plan at the month. Without files or --demo: the records
    (and savings profiles) in the dashboard's database."""
    from csc_insight.delivery import plan, render

    records = _delivery_records(paths, demo, store, entered=True)
    day, statuses = _project_statuses(records, demo, money_paths, store, month, as_at)
    report = render.report(statuses, records.milestones, plan.progress(records, day), day)
    out.print(report, markup=False)


@delivery.command("return")
@_delivery_options
@click.option(
    "--out", "out_file", type=click.Path(path_type=Path), required=True, help="The .xlsx to write."
)
def delivery_return(
    paths: tuple[Path, ...],
    demo: bool,
    money_paths: tuple[Path, ...],
    as_at: str | None,
    month: str | None,
    store: Path | None,
    out_file: Path,
) -> None:
    """The fortnightly return to the corporate programme office: one row per project with its
    delivery RAG, completion score, assurance, savings and guardrails."""
    from csc_insight.delivery import export

    records = _delivery_records(paths, demo, store, entered=True)
    day, statuses = _project_statuses(records, demo, money_paths, store, month, as_at)
    export.write_return(out_file, statuses, day)
    out.print(f"wrote {out_file}")
