"""The pack's education section as data, as seed 003's education dashboard lays it out: the
monthly table (the pack's 12 months, each row with its trend), the annual table with the change
from the previous year and the gaps to England and to the statistical neighbours, the
authority's schools against the borough and England, the SEND
placements and EHCP scenarios, the DSG high-needs block, and a commentary of its own.

Every figure is computed by education/ (tables.py, compare.py, send.py, high_needs.py) and every
figure is written by education.figures.show, so a period without one reads "not published" in
the HTML, the PDF and the workbook alike, never 0. The tables of SEND, EHCP and high needs are
finance_tables' Tables, drawn by the same code as the finance section's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from csc_insight.education import high_needs, send, tables
from csc_insight.education.compare import Movement
from csc_insight.education.figures import Figure, published, show
from csc_insight.education.measures import Measure, measure_key
from csc_insight.education.model import EducationRecords
from csc_insight.reports import education_commentary
from csc_insight.reports.finance_tables import Cell, Row, Table, k, text
from csc_insight.reports.model import MONTHS_SHOWN, Commentary
from csc_insight.reports.suppression import DEFAULT_THRESHOLD, small

TITLE = "Education"
#: The words beside a coloured arrow, so colour is never the only signal (print, colour-blind).
TONE_WORDS = {"better": "better", "worse": "worse", "same": "same", "none": ""}
HIDDEN = "c"
#: Monthly counts that are not of children (schools), so never suppressed. Every other monthly
#: count (children missing education, exclusions, EHCP reviews overdue, ...) is, in a
#: published pack: a measure added to the catalogue is suppressed until named here.
NOT_OF_CHILDREN = frozenset({"SCH 1"})


@dataclass(frozen=True)
class MonthlyLine:
    """A monthly row as the pack prints it: each month's text (a figure, "not published", or
    ``c`` when a published pack suppresses it) and the change on a year before."""

    row: tables.MonthlyRow
    hidden: frozenset[int] = frozenset()  # the months (by index) suppressed
    change_hidden: bool = False

    @property
    def measure(self) -> Measure:
        return self.row.measure

    def text(self, i: int) -> str:
        return HIDDEN if i in self.hidden else show(self.row.values[i], self.measure.decimals)

    def texts(self) -> list[str]:
        return [self.text(i) for i in range(len(self.row.values))]

    def number(self, i: int) -> float | None:
        """The month's figure; None where not published or suppressed (never 0)."""
        return None if i in self.hidden else published(self.row.values[i])

    def points(self) -> list[float | None]:
        return [self.number(i) for i in range(len(self.row.values))]

    @property
    def change_text(self) -> str:
        return HIDDEN if self.change_hidden else self.row.change.text()

    @property
    def change_class(self) -> str:
        return "move move-np" if self.change_hidden else tone_class(self.row.change)


def suppress(
    row: tables.MonthlyRow, previous: Figure | None, published_pack: bool, threshold: int
) -> MonthlyLine:
    """The row with, in a published pack, each count of children from 1 to ``threshold`` hidden
    (reports.suppression's primary rule: a true 0 is shown), and the change on a year before
    hidden when either of its figures is (``previous``: the month a year before the last)."""
    m = row.measure
    if not published_pack or m.unit != "count" or m.id in NOT_OF_CHILDREN:
        return MonthlyLine(row)
    hidden = frozenset(i for i, v in enumerate(row.values) if small(published(v), threshold))
    last = len(row.values) - 1
    change_hidden = last in hidden or small(published(previous), threshold)
    return MonthlyLine(row, hidden, change_hidden)


@dataclass
class EducationSection:
    as_at: date
    months: tuple[date, ...]
    monthly: list[MonthlyLine]
    annual: list[tables.AnnualRow]
    years: tuple[int, ...]
    send_tables: list[Table] = field(default_factory=list)
    commentary: Commentary = field(default_factory=Commentary)
    notes: tuple[str, ...] = ()
    #: The authority's schools, a table per measure (education/tables.school_table). Rates and
    #: scores, not counts of children: nothing in them to suppress in a published pack.
    schools: list[tables.SchoolTable] = field(default_factory=list)

    def tables(self) -> list[Table]:
        return self.send_tables


def months_to(as_at: date, n: int = MONTHS_SHOWN) -> tuple[date, ...]:
    """The ``n`` months to the one holding ``as_at``, oldest first, as first days."""
    last = as_at.replace(day=1)
    return tables.months_between(_add_months(last, -(n - 1)), last)


def _add_months(d: date, n: int) -> date:
    i = d.year * 12 + d.month - 1 + n
    return date(i // 12, i % 12 + 1, 1)


def build(
    records: EducationRecords,
    as_at: date,
    *,
    published: bool = False,
    threshold: int = DEFAULT_THRESHOLD,
) -> EducationSection | None:
    """The section for the pack's month end ``as_at``; None when the records hold nothing.
    ``published``: monthly counts of children from 1 to ``threshold`` print as ``c``."""
    if not (
        records.monthly
        or records.annual
        or records.placements
        or records.scenarios
        or records.high_needs
        or records.schools
    ):
        return None
    months = months_to(as_at)
    rows = tables.monthly_table(records.monthly, months=months) if records.monthly else []
    a_year_before = tables.year_before(months[-1])  # what the last month's change is against
    before = {measure_key(f.measure): f.value for f in records.monthly if f.month == a_year_before}
    monthly = [
        suppress(r, before.get(measure_key(r.measure.id)), published, threshold) for r in rows
    ]
    annual = tables.annual_table(records.annual)
    section = EducationSection(
        as_at,
        months,
        monthly,
        annual,
        annual[0].years if annual else (),
        [t for t in (_placements(records), _scenarios(records), _high_needs(records)) if t],
        notes=records.notes,
        schools=tables.school_table(records),
    )
    # The commentary says nothing of a month it could not print.
    speakable = [x.row for x in monthly if not x.change_hidden]
    section.commentary = education_commentary.generate(speakable, annual)
    return section


def figure(value: Figure | None, m: Measure) -> str:
    return show(value, m.decimals)


def polarity(m: Measure) -> str:
    """The seed's column: High (bigger is better), Low, or nothing."""
    return m.seed_polarity


def tone_class(move: Movement) -> str:
    """A movement's cell classes: tinted by its tone (better, worse), or ``move-np`` (grey
    italic) when there is no difference to take ("not published", "not comparable")."""
    return "move move-np" if move.difference is None else f"move move-{move.tone}"


def _int(v: int | float | None) -> Cell:
    if v is None:
        return text("")
    return Cell(Decimal(str(v)).quantize(Decimal(1), ROUND_HALF_UP), "int")


def _placements(records: EducationRecords) -> Table | None:
    rows = send.placement_table(records.placements)
    if not rows:
        return None
    year = send.latest_year(records.placements)
    out = tuple(
        Row(
            (
                text(r.label),
                _int(r.establishments),
                _int(r.pupils),
                _int(r.cost),
                _int(r.cost_per_pupil),
            ),
            total=r.label == "Total",
        )
        for r in rows
    )
    share = send.share_out_of_borough(rows)
    note = "Cost and cost per pupil in pounds. The total's establishments are left blank: a "
    note += "school may take pupils from both."
    if share is not None:
        note += f" Placed out of borough: {share:.1f}% of the pupils."
    return Table(
        "SEND placements",
        f"SEND placements in and out of borough, {year}",
        ("Location", "Establishments", "Pupils", "Cost (£)", "Cost per pupil (£)"),
        out,
        note,
    )


def _scenarios(records: EducationRecords) -> Table | None:
    rows = send.scenario_table(records.scenarios)
    if not rows:
        return None
    return Table(
        "EHCP scenarios",
        "EHCP reduction scenarios",
        ("EHCPs reduced", "Unit cost (£ a year)", "Potential saving (£)"),
        tuple(Row((_int(r.reduced), _int(r.unit_cost), _int(r.saving))) for r in rows),
        "Potential saving = the plans reduced × the unit cost per plan, computed, not typed.",
    )


def _k(v: float | None) -> Cell:
    return k(None if v is None else Decimal(str(v)))


def _high_needs(records: EducationRecords) -> Table | None:
    rows = high_needs.table(records.high_needs)
    if not rows:
        return None
    out = tuple(
        Row(
            (
                text(r.year),
                _k(r.allocation),
                _k(r.spend),
                _k(r.overspend),
                _k(r.cumulative),
                _k(r.plan_deficit),
                _k(r.against_plan),
                _k(r.dsg_deficit),
            )
        )
        for r in rows
    )
    note = (
        "£k. Overspend = spend less allocation; cumulative = the overspend brought forward plus "
        "each year's. Against plan = the cumulative overspend less the recovery plan's "
        "(positive: behind the plan). DSG deficit: the whole grant's, as the accounts state it."
    )
    for d in high_needs.disagreements(rows):
        note += f" Disagreement: {d}."
    return Table(
        "High needs",
        "Dedicated Schools Grant: the high-needs block",
        (
            "Year",
            "Allocation",
            "Spend",
            "Overspend",
            "Cumulative overspend",
            "Recovery plan",
            "Against plan",
            "DSG deficit",
        ),
        out,
        note,
    )


def trend_label(m: Measure, n: int, what: str) -> str:
    return f"{m.id} {m.title}, {what} ({n})"


def points(values: Sequence[Figure]) -> list[float | None]:
    """A sparkline's points: None (a gap in the line) where not published, never 0."""
    return [published(v) for v in values]
