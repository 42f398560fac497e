"""`csc report`: the committee pack for a month as pack.html, pack.pdf and pack.xlsx.

One Pack is built from the results table; commentary is generated from it and the analyst's
edits for that month are applied; then each renderer draws the same Pack.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from csc_insight.costs.model import CostRow
from csc_insight.delivery.model import DeliveryRecords
from csc_insight.education import computed as education_computed
from csc_insight.education.model import EducationRecords
from csc_insight.indicators import provenance, results
from csc_insight.money.model import MoneyRecords
from csc_insight.money.spend import SpendLine
from csc_insight.reports import (
    commentary,
    edits,
    education_section,
    finance,
    finance_costs,
    folder,
    forecast_section,
    model,
    suppression,
)
from csc_insight.reports.forecast_run import ForecastRun
from csc_insight.store import db
from csc_insight.store.audit import os_user


@dataclass
class Written:
    pack: model.Pack
    files: dict[str, Path]
    seconds: dict[str, float]
    unmatched: list[edits.Edit]  # saved edits that no longer match a generated bullet


Progress = Callable[[str, int, int], None]

#: The steps of a pack, for progress: building the model, each file, moving it into place.
STEPS = ("reading the results", "html", "pdf", "xlsx", "moving into place")


def write_pack(
    store: str | os.PathLike[str] | None,
    out_dir: Path,
    period: str | None = None,
    *,
    published: bool = False,
    edits_file: Path | None = None,
    user: str | None = None,
    threshold: int = suppression.DEFAULT_THRESHOLD,
    progress: Progress | None = None,
    sections: tuple[str, ...] = (),
    unit: model.Unit | None = None,
    money: MoneyRecords | None = None,
    delivery: DeliveryRecords | None = None,
    spend_lines: Sequence[SpendLine] = (),
    costs: Sequence[CostRow] | None = None,
    education: EducationRecords | None = None,
    forecast: ForecastRun | None = None,
) -> Written:
    """Write the pack for ``period`` (a month, yyyy-mm; default the latest) into ``out_dir``,
    whole (see reports/folder.py). Stale results are refused (see indicators/provenance.py).
    ``sections``: only these service areas (e.g. for the Corporate Parenting Panel); ``unit``: a
    service's or a team's own figures (from results_by_team) instead of the borough's.
    The store is opened read-only: an edits file is kept in the dashboard's database
    (reports/edits.py), which the pages read too.

    ``money``, ``delivery`` and ``spend_lines``: the finance and delivery section's records
    (reports/finance.py), from files, the seed papers or the dashboard's database: the caller
    chooses. None of them: the pack has no such section. The section is as at the pack's month
    end, each saving's guardrails judged from the same results as the tables.

    ``costs``: the placement and package cost rows (costs/), tracked against the store's
    placements as at the pack's month end and shown in that section in aggregate. ``education``:
    the education dashboard's records, for a section of their own (reports/education_section.py).
    None: no such part or section. ``forecast``: a forecast run by the caller
    (reports/forecast_run.py), presented in a section of its own (reports/forecast_section.py)
    and as the target's trajectory on the children-in-care charts; None: neither."""
    from csc_insight.reports.excel import render_excel
    from csc_insight.reports.html import render_html
    from csc_insight.reports.pdf import render_pdf

    step = progress or (lambda name, done, total: None)
    seconds: dict[str, float] = {}
    folder.check_destination(out_dir)  # before any work: a folder of one's own is refused
    t = time.perf_counter()
    step(STEPS[0], 0, len(STEPS))
    con = db.open_existing(store)
    try:
        results.require_results(con)
        provenance.require_fresh(con)
        pack = model.build_from(
            con, period, published=published, threshold=threshold, sections=sections, unit=unit
        )
        if edits_file is not None:
            edits.save_edits(con, pack.period, edits_file, user or os_user())
        generated = commentary.generate(pack)
        saved = edits.load_edits(con, pack.period)
        unmatched = edits.unmatched(generated, saved)
        titles = {r.indicator.id: r.title for r in pack.rows()}
        pack.commentary = commentary.shortened(edits.apply(generated, saved), titles=titles)
        pack.finance = finance.build(
            money,
            delivery,
            pack.period_end,
            con=con,
            month=pack.period,
            spend_lines=spend_lines,
            published=published,
            threshold=threshold,
            costs=None
            if costs is None
            else finance_costs.view_for(costs, con, pack.period_end, money),
        )
        # The monthly education figures are indicators of the catalogue: the store's results,
        # whatever monthly rows the education files hold (those are loaded by `csc ingest`).
        computed = education_computed.monthly_figures(con)
        if education is not None or computed:
            pack.education = education_section.build(
                (education or EducationRecords()).with_monthly(computed),
                pack.period_end,
                published=published,
                threshold=threshold,
            )
        if forecast is not None:
            pack.forecast = forecast_section.build(
                forecast, published=published, threshold=threshold
            )
    finally:
        con.close()
    seconds["model"] = time.perf_counter() - t
    with folder.staged(out_dir) as work:
        step(STEPS[1], 1, len(STEPS))
        t = time.perf_counter()
        page = render_html(pack)
        (work / "pack.html").write_text(page, encoding="utf-8")
        seconds["html"] = time.perf_counter() - t
        step(STEPS[2], 2, len(STEPS))
        t = time.perf_counter()
        render_pdf(pack, work / "pack.pdf", html=page)  # the PDF is printed from the same page
        seconds["pdf"] = time.perf_counter() - t
        step(STEPS[3], 3, len(STEPS))
        t = time.perf_counter()
        render_excel(pack, work / "pack.xlsx")
        seconds["xlsx"] = time.perf_counter() - t
        step(STEPS[4], 4, len(STEPS))
    step("done", len(STEPS), len(STEPS))
    files = {kind: out_dir / f"pack.{kind}" for kind in ("html", "pdf", "xlsx")}
    return Written(pack, files, seconds, unmatched)
