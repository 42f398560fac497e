"""Write the plausibility table in docs/indicators.md: each indicator on the synthetic borough
(2020-21, seed 1) beside the seed pack's own 2020-21 figure.

    .venv/bin/csc demo --out /tmp/csc-demo
    .venv/bin/python scripts/plausibility.py --store /tmp/csc-demo/store.duckdb
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

import duckdb

from csc_insight.indicators import catalogue
from csc_insight.reports import formatting

ROOT = Path(__file__).resolve().parents[1]
SEED = Path("/work/shared/reference/seed-kpis-2020-21.csv")
START, END = "<!-- plausibility:start -->", "<!-- plausibility:end -->"


def seed_figures(path: Path) -> dict[str, tuple[str, str]]:
    """id -> (seed YTD or latest, seed monthly range), from the transcribed seed table."""
    if not path.exists():
        return {}
    lines = [line for line in path.read_text("utf-8").splitlines() if not line.startswith("#")]
    out = {}
    months = [
        "apr20",
        "may20",
        "jun20",
        "jul20",
        "aug20",
        "sep20",
        "oct20",
        "nov20",
        "dec20",
        "jan21",
        "feb21",
        "mar21",
    ]
    for r in csv.DictReader(lines):
        ident = r["id"].strip("[]").replace("ED 2", "FD 2")
        vals = [float(r[m]) for m in months if r[m]]
        span = f"{min(vals):g}–{max(vals):g}" if vals else ""
        out[ident] = (r["ytd_or_latest"], span)
    return out


def table(store: Path, seed: dict[str, tuple[str, str]]) -> str:
    con = duckdb.connect(str(store), read_only=True)
    rows = con.execute(
        """SELECT indicator_id,
                  min(value) FILTER (WHERE period_type = 'month'), max(value) FILTER (WHERE period_type = 'month'),
                  any_value(value) FILTER (WHERE period_type = 'fytd' AND period_id LIKE '%2021-03'),
                  any_value(rag) FILTER (WHERE period_type = 'fytd' AND period_id LIKE '%2021-03')
           FROM results WHERE period_end BETWEEN DATE '2020-04-30' AND DATE '2021-03-31' GROUP BY 1"""
    ).fetchall()
    con.close()
    found = {r[0]: r[1:] for r in rows}
    lines = [
        "| id | indicator | synthetic 2020-21 (YTD or latest) | synthetic monthly range | seed 2020-21 (YTD or latest) | seed monthly range | RAG |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for ind in catalogue.load():
        if ind.id not in found:
            continue
        lo, hi, ytd, rag = found[ind.id]
        s_ytd, s_span = seed.get(ind.id, ("", ""))
        span = (
            f"{formatting.value(lo, ind.unit)}–{formatting.value(hi, ind.unit)}"
            if lo is not None
            else ""
        )
        lines.append(
            f"| {ind.id} | {ind.title} | {formatting.value(ytd, ind.unit)} | {span} | {s_ytd} | {s_span} | {rag} |"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--seed", type=Path, default=SEED)
    args = ap.parse_args()
    doc = ROOT / "docs" / "indicators.md"
    text = doc.read_text("utf-8")
    block = f"{START}\n{table(args.store, seed_figures(args.seed))}\n{END}"
    if START in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    else:
        text += "\n" + block + "\n"
    doc.write_text(text, "utf-8")
    print(f"wrote the plausibility table to {doc}")


if __name__ == "__main__":
    main()
