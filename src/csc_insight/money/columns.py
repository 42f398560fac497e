"""The money template's sheets and columns, declared once: the writer (template.py) lays the
workbook out from them, the Read me sheet documents them, and the reader (template_read.py)
finds and checks each column by them. A CSV file holds one sheet, with the same columns.

Money is in £ thousands; savings and growth are entered as positive amounts (the sign
convention is money/model.py's). A row whose Service is "Total" (budget lines) or whose
Category is Total savings, Total growth or Net (MTFS) is a total as a document prints it: kept
and checked against the lines, never used as a figure.
"""

from __future__ import annotations

from csc_insight.entry.columns import Column, Sheet, Workbook
from csc_insight.formats.csv_read import header_key

__all__ = ["Column", "Sheet"]


_WHO = (
    Column(
        "entered_by",
        "Entered by",
        "text",
        "yes",
        "Who entered the row: your name or user id (not needed on a row of printed totals).",
    ),
    Column(
        "entered_on",
        "Entered on",
        "date",
        "yes",
        "The day you entered it (dd/mm/yyyy), not after today (not needed on a row of printed "
        "totals).",
    ),
    Column(
        "taken_from",
        "Taken from",
        "text",
        "no",
        "Where the figures were copied from (a report and its table, a project overview): named "
        "when a figure disagrees with another source or with a printed total.",
        ("Source",),
    ),
    Column("note", "Note", "text", "no", "Anything a reader of the figures should know."),
)

AMOUNT_DOC = (
    "One column per financial year, headed by the year (2021-22 £k), with the amount in £ "
    "thousands: 0 or more, a saving entered as the amount saved (424 for £424k; the summary "
    "prints it (424)) and a growth as the amount added. '-' is nil. Leave a year blank when "
    "nothing is stated for it. Only a Net row may be negative: -4609, or (4,609) as printed."
)

BUDGET = Sheet(
    "Budget lines",
    "budget_lines.csv",
    (
        Column(
            "year",
            "Financial year",
            "year",
            "yes",
            "The financial year: 2020-21 (or 2020/21).",
            ("Year",),
        ),
        Column(
            "service",
            "Service",
            "text",
            "yes",
            "The service as the budget report names it. One row per service and year. A row named "
            "Total holds the totals the report prints: they are checked against the lines, never "
            "used as figures.",
            ("Services",),
        ),
        Column(
            "budget",
            "Budget £k",
            "money",
            "yes",
            "The service's current budget for the year in £ thousands, 0 or more (9050 for £9.05m).",
            ("Current budget £k", "Current budget", "Budget"),
        ),
        *(
            Column(
                f"q{q}",
                f"Projected Q{q} £k",
                "money",
                "when forecast",
                f"Projected expenditure for the whole year as forecast at the end of Q{q} "
                f"({('June', 'September', 'December', 'March')[q - 1]}), in £ thousands. Enter "
                "the expenditure, not the variance: csc computes the variance (projected − "
                "budget) and the movement from quarter to quarter. Blank until forecast.",
                (f"Projected expenditure Q{q}", f"Q{q} projected £k", f"Q{q} projected"),
            )
            for q in (1, 2, 3, 4)
        ),
        Column(
            "outturn",
            "Outturn £k",
            "money",
            "when known",
            "The final expenditure for the year once the accounts are closed, in £ thousands: "
            "each quarter's projection is compared with it (forecast accuracy).",
            ("Outturn",),
        ),
        *_WHO,
    ),
    None,
    "Budget lines: one row per service per financial year, its budget and its projected "
    "expenditure at the end of each quarter. Variances, movements and totals are computed.",
)

CATEGORY_WORDS: dict[str, tuple[str, ...]] = {
    "saving": ("Saving", "Savings", "Efficiency", "Efficiencies"),
    "growth": ("Growth", "Pressure", "Pressures"),
    "savings": ("Total savings", "Savings total", "Total efficiencies"),
    "growth_total": ("Total growth", "Growth total"),
    "net": ("Net", "Net total", "Total net"),
}
#: A category word (normalised) -> the category, or the kind of total a row prints.
CATEGORIES = {header_key(w): code for code, ws in CATEGORY_WORDS.items() for w in ws}
CATEGORY_LIST = ("Saving", "Growth", "Total savings", "Total growth", "Net")

MTFS = Sheet(
    "MTFS proposals",
    "mtfs_proposals.csv",
    (
        Column(
            "ref",
            "Reference",
            "reference",
            "when it has one",
            "The proposal's reference, e.g. CFE SAV02; blank if it has none. No two rows may "
            "share one. A project profile is matched to its proposal by it.",
            ("Ref",),
        ),
        Column("name", "Proposal", "text", "yes", "The proposal as the MTFS names it.", ("Name",)),
        Column("owner", "Owner", "text", "no", "Who is responsible for delivering it."),
        Column(
            "category",
            "Category",
            "category",
            "yes",
            "Saving or Growth. A row of category Total savings, Total growth or Net holds the "
            "totals the MTFS prints: checked against the proposals, never used as figures.",
        ),
        *_WHO,
    ),
    "category",
    "MTFS proposals: the savings and growth of the Medium Term Financial Strategy as its summary "
    "table lists them, one row per proposal, an amount column per financial year.",
)

PROFILES = Sheet(
    "Project profiles",
    "project_profiles.csv",
    (
        Column(
            "ref",
            "Reference",
            "reference",
            "yes",
            "The reference of the MTFS proposal the project delivers (CFE SAV02).",
            ("Ref",),
        ),
        Column("name", "Project", "text", "yes", "The project's name.", ("Name",)),
        Column(
            "manager", "Project manager", "text", "no", "Who manages the project.", ("Manager",)
        ),
        *_WHO,
    ),
    "manager",
    "Project profiles: each project's own savings (or growth) profile, as its project overview "
    "states it. Where it differs from the MTFS proposals sheet, csc reports both figures and "
    "where each came from, and keeps both.",
)

SHEETS = (BUDGET, MTFS, PROFILES)

ABOUT = (
    "Budget monitoring and the Medium Term Financial Strategy (MTFS), entered by a finance "
    "officer and read by csc. Money is in £ thousands (9050 for £9.05m).",
    "Enter what the reports give line by line: each service's budget and projected expenditure, "
    "each proposal's amounts, each project's own profile. csc computes every variance, movement "
    "and total, and never reads one you type, except on a Total row (budget lines) or a Total "
    "savings, Total growth or Net row (MTFS proposals): those are the totals a report prints, "
    "checked against the lines, and a difference is reported with both figures.",
    "Savings are entered as positive amounts: a saving of £424k is 424 with Category Saving. "
    "Where a project's profile and the MTFS summary give different figures, enter both (each on "
    "its sheet): csc keeps both and reports the difference, naming where each came from.",
    "Check it with `csc money check FILE.xlsx`. A row with a problem (text in an amount, a "
    "negative budget, a service entered twice for a year, a reference used twice, who or when "
    "missing) is reported with its sheet, row, column and reason, and nothing in the file is "
    "loaded until every problem is put right. Each sheet may also be given as a CSV file of the "
    "same columns (budget_lines.csv, mtfs_proposals.csv, project_profiles.csv).",
    "Put it into the dashboard with `csc money load FILE.xlsx` (the same checks: all of it or "
    "nothing): the Finance page, `csc money show` and the pack then read these figures, and "
    "every change to them is kept with who made it and when.",
)

BOOK = Workbook(
    "Budget monitoring and MTFS: the money template",
    ABOUT,
    SHEETS,
    "when stated",
    AMOUNT_DOC,
    "money template",
    "csc money template",
)


def year_of_header(heading: str) -> str | None:
    """The financial year an amount column is for: ``2021-22 £k`` (also ``2021/22``) -> 2021-22."""
    return MTFS.year_of_header(heading)


def year_header(year: str) -> str:
    return MTFS.year_header(year)
