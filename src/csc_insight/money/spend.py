"""Spend against London and England: the council's spend per child by service line, the gap to
the London and England averages, and the MTFS path to close it (seed 003, 5.1: "Benchmarking
against London for 2019-20 the gap in spend is £11.192m").

The figures come from the DfE's published local-authority expenditure tables (the section 251
outturn, "LA and school expenditure": net current expenditure by category of expenditure, per
local authority, region and England, with a net expenditure per head of the population aged 0
to 17). Nothing is downloaded: the analyst copies the lines into a small CSV (its layout is
``COLUMNS`` below; docs/formats/spend.md) and names the file. Lines starting with ``#`` are
comments. One row per financial year and service line:

- ``council_net_expenditure_k``: the council's net spend on the line, £ thousands;
- ``children_0_17``: the council's population aged 0 to 17 (the DfE's per-head denominator);
- ``london_per_child`` and ``england_per_child``: the averages' net spend per child, £ (blank:
  not entered);
- ``in_gap``: yes or no: whether the line counts towards the gap (seed 003 leaves out the spend
  on unaccompanied asylum-seeking children, which the council does not control).

**The rule.** The council's spend per child = spend ÷ children. What the council would spend at
the London average = London's spend per child × the council's children (seed 003's "London
Ave" column: London's rate applied to the borough). The gap = the council's spend − that, over
the lines counted in the gap; the same for England. Positive: the council spends more.

**The path to close it** takes the MTFS savings year by year: each year's savings reduce spend,
so the gap left after a year is the gap less the savings to date. Growth is not added: the MTFS
growth funds pressures the council already spends (seed 003: budget corrections), so it brings
the budget up to the spend, not the spend above London. Every saving counts, as seed 003's
trajectory (Graph 3) takes the whole MTFS; the note beside the path says so.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from csc_insight.errors import Problem
from csc_insight.money import mtfs
from csc_insight.money.model import MtfsProposal, Source, year_label
from csc_insight.reports.formatting import amount_k

COLUMNS = (
    "financial_year",
    "service_line",
    "council_net_expenditure_k",
    "children_0_17",
    "london_per_child",
    "england_per_child",
    "in_gap",
)
#: What each column holds, and the published table's column it is copied from.
COLUMN_DOCS = {
    "financial_year": "The financial year, 2019-20 (the published `time_period` 201920).",
    "service_line": "The line of spend: a section 251 category of expenditure (the published "
    "`category_of_expenditure`), e.g. Children looked after. Once per year.",
    "council_net_expenditure_k": "The council's net current expenditure on the line, £ thousands "
    "(the published net expenditure, which is in £ millions: × 1,000).",
    "children_0_17": "The council's population aged 0 to 17, the denominator of the published "
    "per-head figures: a whole number above 0.",
    "london_per_child": "London's net expenditure per child aged 0 to 17 on the line, £ (the "
    "published per-head figure for the region); blank: not entered.",
    "england_per_child": "England's net expenditure per child aged 0 to 17 on the line, £; "
    "blank: not entered.",
    "in_gap": "yes or no: whether the line counts towards the gap (seed 003 leaves out spend on "
    "unaccompanied asylum-seeking children).",
}
#: The bundled demo file: seed 003 Table 7's figures under assigned names, the rest made up.
DEMO_FILE = "spend_demo.csv"
DEMO_LABEL = "demo spend file (seed 003 Table 7's figures; names, children and England made up)"
PENNY = Decimal("0.01")


class _Gaps:
    """The council's spend less London's and England's (None: no average to set it against),
    for a class giving the three (as fields or properties)."""

    council_k: Decimal

    if TYPE_CHECKING:

        @property
        def london_k(self) -> Decimal | None: ...

        @property
        def england_k(self) -> Decimal | None: ...

    @property
    def gap_london_k(self) -> Decimal | None:
        return None if self.london_k is None else self.council_k - self.london_k

    @property
    def gap_england_k(self) -> Decimal | None:
        return None if self.england_k is None else self.council_k - self.england_k


@dataclass(frozen=True)
class SpendLine(_Gaps):
    year: str
    service_line: str
    council_k: Decimal
    children: int
    london_per_child: Decimal | None
    england_per_child: Decimal | None
    in_gap: bool
    source: Source

    @property
    def council_per_child(self) -> Decimal:
        """£ per child aged 0 to 17, to the penny."""
        return (self.council_k * 1000 / self.children).quantize(PENNY, ROUND_HALF_UP)

    def at_rate(self, per_child: Decimal | None) -> Decimal | None:
        """£k the council would spend at ``per_child`` for its own children."""
        return None if per_child is None else per_child * self.children / 1000

    @property
    def london_k(self) -> Decimal | None:
        return self.at_rate(self.london_per_child)

    @property
    def england_k(self) -> Decimal | None:
        return self.at_rate(self.england_per_child)


@dataclass(frozen=True)
class Gap(_Gaps):
    """A year's totals over the lines counted in the gap (None: a line lacks the average)."""

    year: str
    council_k: Decimal
    london_k: Decimal | None
    england_k: Decimal | None
    left_out: tuple[str, ...]  # lines not counted in the gap


@dataclass(frozen=True)
class PathStep:
    year: str
    savings_k: Decimal
    savings_to_date_k: Decimal
    gap_left_k: Decimal  # negative: below the London average


def years(lines: Sequence[SpendLine]) -> list[str]:
    return sorted({x.year for x in lines})


def of_year(lines: Sequence[SpendLine], year: str) -> list[SpendLine]:
    return [x for x in lines if x.year == year]


def _total(values: Sequence[Decimal | None]) -> Decimal | None:
    if any(v is None for v in values):
        return None
    return sum((v for v in values if v is not None), Decimal(0))


def gap(lines: Sequence[SpendLine], year: str) -> Gap:
    counted = [x for x in of_year(lines, year) if x.in_gap]
    return Gap(
        year,
        sum((x.council_k for x in counted), Decimal(0)),
        _total([x.london_k for x in counted]),
        _total([x.england_k for x in counted]),
        tuple(x.service_line for x in of_year(lines, year) if not x.in_gap),
    )


def path(gap_k: Decimal, proposals: Sequence[MtfsProposal]) -> list[PathStep]:
    """The gap left after each MTFS year's savings (see the module's docstring)."""
    out: list[PathStep] = []
    to_date = Decimal(0)
    for t in mtfs.totals(proposals):
        saved = t.savings or Decimal(0)
        to_date += saved
        out.append(PathStep(t.year, saved, to_date, gap_k - to_date))
    return out


# -- reading the analyst's file ----------------------------------------------------------------


def demo_lines() -> tuple[SpendLine, ...]:
    f = resources.files("csc_insight.money").joinpath("data", DEMO_FILE)
    lines, problems = _parse(f.read_text("utf-8"), DEMO_LABEL)
    assert not problems, problems  # the bundled file is checked by tests/money/test_spend.py
    return lines


def read_spend(path: Path) -> tuple[tuple[SpendLine, ...], list[Problem]]:
    """The file's lines, or none and every problem (file, row, column and reason)."""
    try:
        text = Path(path).read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        return (), [Problem(str(path), None, None, f"cannot be read as a UTF-8 CSV file: {e}")]
    return _parse(text, str(path))


def _parse(text: str, label: str) -> tuple[tuple[SpendLine, ...], list[Problem]]:
    # Row numbers are the file's line numbers, comments included, so an editor finds them.
    numbered = [(i, line) for i, line in enumerate(text.splitlines(), start=1)]
    body = [(i, line) for i, line in numbered if line.strip() and not line.startswith("#")]
    if not body:
        return (), [Problem(label, None, None, "no header row: " + ", ".join(COLUMNS))]
    rows = list(csv.reader(line for _, line in body))
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return (), [
            Problem(label, body[0][0], c, "this column is missing from the header") for c in missing
        ]
    problems: list[Problem] = []
    lines: list[SpendLine] = []
    seen: dict[tuple[str, str], int] = {}
    for (row_no, _), cells in zip(body[1:], rows[1:], strict=True):
        got = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}
        line = _line(got, label, row_no, problems)
        if line is None:
            continue
        key = (line.year, line.service_line.lower())
        if key in seen:
            problems.append(
                Problem(
                    label,
                    row_no,
                    "service_line",
                    f"{line.service_line} in {line.year} is given twice (first on row {seen[key]})",
                )
            )
        seen.setdefault(key, row_no)
        lines.append(line)
    if not problems and not lines:
        problems.append(Problem(label, None, None, "no rows below the header"))
    return ((), problems) if problems else (tuple(lines), [])


def _line(got: dict[str, str], label: str, row: int, problems: list[Problem]) -> SpendLine | None:
    before = len(problems)

    def bad(column: str, reason: str) -> None:
        problems.append(Problem(label, row, column, reason, value=got.get(column)))

    year = year_label(got["financial_year"])
    if year is None:
        bad("financial_year", "not a financial year (2019-20)")
    name = got["service_line"]
    if not name:
        bad("service_line", "empty: name the service line")
    council = _amount(got, "council_net_expenditure_k", bad, required=True)
    children = _whole(got.get("children_0_17", ""))
    if children is None or children <= 0:
        bad("children_0_17", "not a whole number of children above 0")
    london = _amount(got, "london_per_child", bad)
    england = _amount(got, "england_per_child", bad)
    flag = got["in_gap"].lower()
    if flag not in ("yes", "no"):
        bad("in_gap", "not yes or no")
    if len(problems) > before or year is None or council is None or children is None:
        return None
    return SpendLine(
        year,
        name,
        council,
        children,
        london,
        england,
        flag == "yes",
        Source(label, f"{name}, {year}", row),
    )


def _amount(
    got: dict[str, str], column: str, bad: Callable[[str, str], None], required: bool = False
) -> Decimal | None:
    text = got[column].replace(",", "").replace("£", "")
    if not text:
        if required:
            bad(column, "empty: enter the amount")
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        bad(column, "not a number")
        return None
    if not value.is_finite() or value < 0:
        bad(column, "not an amount of 0 or more")
        return None
    return value


def _whole(text: str) -> int | None:
    text = text.replace(",", "")
    return int(text) if text.isdigit() else None


def markdown() -> str:
    """docs/formats/spend.md: the file's layout, from COLUMN_DOCS and the module's rule."""
    rule = (__doc__ or "").split("**The rule.**", 1)[1].strip()
    rows = "\n".join(f"| `{c}` | {COLUMN_DOCS[c]} |" for c in COLUMNS)
    return (
        "# Spend against London and England: the CSV layout\n\n"
        "<!-- Generated from src/csc_insight/money/spend.py: do not edit by hand. -->\n\n"
        "The council's net spend per child by service line against the London and England "
        "averages, from the DfE's published section 251 outturn (\"LA and school "
        'expenditure"). Nothing is downloaded: copy the lines into a CSV file with this header '
        "and give it to `csc report --spend FILE`. Lines starting with `#` are comments; a row "
        "number in a problem is the file's line number. A faulty file refuses the pack with "
        "every problem (file, row, column and reason), and nothing is used.\n\n"
        "| Column | What it holds |\n|---|---|\n"
        f"{rows}\n\n## How the gap is worked out\n\n**The rule.** {rule}\n"
    )


# -- for the terminal ---------------------------------------------------------------------------


def report(lines: Sequence[SpendLine], proposals: Sequence[MtfsProposal]) -> str:
    """Each year's spend per child against London and England, the gap and the MTFS path: what
    `csc money show` can print below the MTFS."""
    parts = []
    for year in years(lines):
        rows = [
            f"{x.service_line[:48]:<48} {amount_k(x.council_k):>8} "
            f"{x.council_per_child:>9,.2f} {_pc(x.london_per_child):>9} "
            f"{_pc(x.england_per_child):>9} {_k(x.gap_london_k):>9}"
            + ("" if x.in_gap else "  (not in the gap)")
            for x in of_year(lines, year)
        ]
        g = gap(lines, year)
        head = f"{'Service line':<48} {'£k':>8} {'£/child':>9} {'London':>9} {'England':>9} {'Gap £k':>9}"
        parts.append(
            f"Spend per child against London and England, {year}\n{head}\n"
            + "\n".join(rows)
            + f"\nGap to the London average: {_k(g.gap_london_k)}; to England: "
            f"{_k(g.gap_england_k)} (£k)"
        )
        if g.gap_london_k is not None and proposals:
            steps = path(g.gap_london_k, proposals)
            parts.append(
                "MTFS path (the gap less the savings to date):\n"
                + "\n".join(
                    f"  {s.year}: savings {amount_k(s.savings_k)}, gap left {_k(s.gap_left_k)}"
                    for s in steps
                )
            )
    return "\n\n".join(parts) if parts else "No spend lines."


def _pc(v: Decimal | None) -> str:
    return "" if v is None else f"{v:,.2f}"


def _k(v: Decimal | None) -> str:
    return "not entered" if v is None else amount_k(v.quantize(Decimal(1), ROUND_HALF_UP))
