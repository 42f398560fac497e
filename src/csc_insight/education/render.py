"""The education dashboard as text: the monthly and annual tables, the schools, the SEND
placements, the EHCP scenarios and the high-needs block, as `csc education show` prints them.
Every figure is written by figures.show, so a missing one reads "not published", as in the pack
and the web page."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from csc_insight.education import high_needs, send, tables
from csc_insight.education.figures import show
from csc_insight.education.model import EducationRecords

WIDTH = 100


def _month(d: date) -> str:
    return f"{d:%b-%y}"


def _heading(text: str) -> list[str]:
    return ["", text, "=" * len(text)]


def _wrap(cells: Sequence[str], indent: str = "  ") -> list[str]:
    """Cells joined by " | " on lines of at most WIDTH, ``indent`` included, a cell never split
    ("not published" stays whole)."""
    lines: list[str] = []
    line = ""
    for cell in cells:
        if line and len(line) + 3 + len(cell) > WIDTH - len(indent):
            lines.append(indent + line)
            line = ""
        line = f"{line} | {cell}" if line else cell
    return [*lines, indent + line] if line else lines


def monthly(rows: Sequence[tables.MonthlyRow]) -> list[str]:
    if not rows:
        return []
    first, last = rows[0].months[0], rows[0].months[-1]
    lines = _heading(f"Monthly figures, {_month(first)} to {_month(last)}")
    section = ""
    for r in rows:
        m = r.measure
        if m.section != section:
            section = m.section
            lines += ["", f"{section}"]
        lines.append(f"{m.id}  {m.title} [{m.seed_polarity or 'no polarity'}]")
        lines += _wrap(
            [f"{_month(d)} {show(v, m.decimals)}" for d, v in zip(r.months, r.values, strict=True)]
        )
        lines.append(
            f"  {_month(last)} against {_month(tables.year_before(last))}: {r.change.text()}"
        )
    return lines


def annual(rows: Sequence[tables.AnnualRow]) -> list[str]:
    if not rows:
        return []
    lines = _heading(
        f"Annual figures, {rows[0].years[0]} to {rows[0].years[-1]} "
        "(academic years: 2020 is 2019/20)"
    )
    section = ""
    for r in rows:
        m = r.measure
        if m.section != section:
            section = m.section
            lines += ["", section]
        lines.append(f"{m.id}  {m.title} [{m.seed_polarity or 'no polarity'}]")
        lines += _wrap(
            [f"{y} {show(v, m.decimals)}" for y, v in zip(r.years, r.values, strict=True)]
        )
        lines += _wrap(
            [
                f"change {r.latest_year - 1} to {r.latest_year}: {r.change.text()}",
                f"England {show(r.england, m.decimals)}: {r.vs_england.text()}",
                f"neighbours {show(r.neighbours, m.decimals)}: {r.vs_neighbours.text()}",
            ]
        )
    return lines


def schools(found: Sequence[tables.SchoolTable]) -> list[str]:
    """Each measure's schools in its latest year, worst against England first, a school
    without a figure "not published" and last."""
    if not found:
        return []
    lines = _heading("Schools (the DfE's school-level tables; worst against England first)")
    for t in found:
        m = t.measure
        lines += [
            "",
            f"{m.id}  {m.title} [{m.seed_polarity or 'no polarity'}]",
            f"  {t.year}: borough {show(t.borough, m.decimals)}, "
            f"England {show(t.england, m.decimals)}",
        ]
        if t.series_break:
            lines.append(f"  {t.year} is not comparable with {t.year - 1} (a series break)")
        for r in t.rows:
            lines.append(f"  {r.name} (URN {r.urn}): {show(r.value, m.decimals)}")
            # One level deeper than the school, so that its figures read as its own.
            lines += _wrap(
                [
                    f"change on {t.year - 1}: {r.change.text()}",
                    f"borough: {r.vs_borough.text()}",
                    f"England: {r.vs_england.text()}",
                ],
                indent="    ",
            )
    return lines


def placements(records: EducationRecords) -> list[str]:
    rows = send.placement_table(records.placements)
    if not rows:
        return []
    year = send.latest_year(records.placements)
    lines = _heading(f"SEND placements, {year}")
    lines.append(
        f"{'Location':<16}{'Establishments':>16}{'Pupils':>10}{'Cost':>16}{'Per pupil':>12}"
    )
    for r in rows:
        est = "" if r.establishments is None else f"{r.establishments:,}"
        per = "" if r.cost_per_pupil is None else f"£{r.cost_per_pupil:,.0f}"
        lines.append(
            f"{r.label:<16}{est:>16}{r.pupils:>10,}{'£' + format(r.cost, ','):>16}{per:>12}"
        )
    share = send.share_out_of_borough(rows)
    if share is not None:
        lines.append(f"Placed out of borough: {share:.1f}% of the pupils")
    return lines


def scenarios(records: EducationRecords) -> list[str]:
    rows = send.scenario_table(records.scenarios)
    if not rows:
        return []
    lines = _heading("EHCP reduction scenarios (saving = plans reduced × unit cost)")
    lines.append(f"{'EHCPs reduced':>14}{'Unit cost':>12}{'Potential saving':>20}")
    for r in rows:
        lines.append(
            f"{r.reduced:>14,}{'£' + format(r.unit_cost, ','):>12}{'£' + format(r.saving, ','):>20}"
        )
    return lines


def _k(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f}"


def high_needs_block(records: EducationRecords) -> list[str]:
    rows = high_needs.table(records.high_needs)
    if not rows:
        return []
    lines = _heading("DSG high-needs block, £k (overspend = spend - allocation)")
    head = (
        "Year",
        "Allocation",
        "Spend",
        "Overspend",
        "Cumulative",
        "Plan",
        "vs plan",
        "DSG deficit",
    )
    lines.append(f"{head[0]:<9}" + "".join(f"{h:>12}" for h in head[1:]))
    for r in rows:
        cells = (
            r.allocation,
            r.spend,
            r.overspend,
            r.cumulative,
            r.plan_deficit,
            r.against_plan,
            r.dsg_deficit,
        )
        lines.append((f"{r.year:<9}" + "".join(f"{_k(c):>12}" for c in cells)).rstrip())
    lines.append(
        "vs plan: the cumulative overspend less the recovery plan's (positive: behind "
        "the plan). DSG deficit: the whole grant's, as the accounts state it."
    )
    for d in high_needs.disagreements(rows):
        lines.append(f"Disagreement: {d}")
    return lines


def report(records: EducationRecords, since: date | None = None) -> str:
    """The whole dashboard; ``since``: the first month of the monthly table (default: the
    first month any figure is for)."""
    lines: list[str] = ["Education dashboard"]
    lines += monthly(tables.monthly_table(records.monthly, since=since))
    lines += annual(tables.annual_table(records.annual))
    lines += schools(tables.school_table(records))
    lines += placements(records)
    lines += scenarios(records)
    lines += high_needs_block(records)
    lines += ["", *records.notes] if records.notes else []
    return "\n".join(lines) + "\n"
