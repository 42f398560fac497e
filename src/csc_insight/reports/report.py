"""`csc report`: the committee pack for a month as pack.html, pack.pdf and pack.xlsx.

One Pack is built from the results table; commentary is generated from it and the analyst's
edits for that month are applied; then each renderer draws the same Pack.
"""

from __future__ import annotations

import getpass
import os
import time
from dataclasses import dataclass
from pathlib import Path

from csc_insight.reports import commentary, edits, model, suppression
from csc_insight.store import db


@dataclass
class Written:
    pack: model.Pack
    files: dict[str, Path]
    seconds: dict[str, float]
    unmatched: list[edits.Edit]  # saved edits that no longer match a generated bullet


def write_pack(
    store: str | os.PathLike[str] | None,
    out_dir: Path,
    period: str | None = None,
    *,
    published: bool = False,
    edits_file: Path | None = None,
    user: str | None = None,
    threshold: int = suppression.DEFAULT_THRESHOLD,
) -> Written:
    from csc_insight.reports.excel import render_excel
    from csc_insight.reports.html import render_html
    from csc_insight.reports.pdf import render_pdf

    seconds: dict[str, float] = {}
    t = time.perf_counter()
    con = db.connect(store)
    try:
        pack = model.build_from(con, period, published=published, threshold=threshold)
        if edits_file is not None:
            edits.save_edits(con, pack.period, edits_file, user or _user())
        generated = commentary.generate(pack)
        saved = edits.load_edits(con, pack.period)
        unmatched = edits.unmatched(generated, saved)
        titles = {r.indicator.id: r.title for r in pack.rows()}
        pack.commentary = commentary.shortened(edits.apply(generated, saved), titles=titles)
    finally:
        con.close()
    seconds["model"] = time.perf_counter() - t
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {
        "html": out_dir / "pack.html",
        "pdf": out_dir / "pack.pdf",
        "xlsx": out_dir / "pack.xlsx",
    }
    t = time.perf_counter()
    page = render_html(pack)
    files["html"].write_text(page, encoding="utf-8")
    seconds["html"] = time.perf_counter() - t
    t = time.perf_counter()
    render_pdf(pack, files["pdf"], html=page)  # the PDF is printed from the same page
    seconds["pdf"] = time.perf_counter() - t
    t = time.perf_counter()
    render_excel(pack, files["xlsx"])
    seconds["xlsx"] = time.perf_counter() - t
    return Written(pack, files, seconds, unmatched)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "analyst"
