"""The cost template's one sheet, declared once: the writer (template.py) lays the workbook out
from it, the Read me sheet and docs/formats/costs.md document it, and the reader
(template_read.py) finds and checks each column by it. The sheet may also come as a CSV file
of the same columns (costs.csv).

Weekly costs are in pounds (a placement is priced by the week: 850 for £850 a week); the
tracker sets its totals against the money template's budget lines in £ thousands.
"""

from __future__ import annotations

from csc_insight.costs.model import KIND_WORDS
from csc_insight.entry.columns import Column, Sheet, Workbook

KIND_LIST = tuple(KIND_WORDS.values())
PROVISION_LIST = ("In-house", "External")
PURCHASE_LIST = ("Spot", "Framework")

COSTS = Sheet(
    "Costs",
    "costs.csv",
    (
        Column(
            "child_id",
            "Child ID",
            "text",
            "yes",
            "The child's person ID in the case system (the store's ssd_person), as the SSD "
            "extract gives it. A child the store does not know is listed by the reconciliation.",
            ("Person ID", "Child"),
        ),
        Column(
            "placement_id",
            "Placement ID",
            "text",
            "no",
            "The store's placement ID (ssd_cla_placement) for a placement; blank for a package. "
            "A Placement row left blank is joined to the child's placement that holds its Cost "
            "from date.",
            ("Placement",),
        ),
        Column(
            "kind",
            "Kind",
            "choice",
            "yes",
            "Placement (a child looked after's placement), CWD package (a children with "
            "disabilities care package: short breaks, home care) or Other care package.",
            ("Type",),
            KIND_LIST,
        ),
        Column("provider", "Provider", "text", "yes", "Who provides it, as finance pays them."),
        Column(
            "provision",
            "In-house or external",
            "choice",
            "yes",
            "In-house (the council's own carers and homes) or External (bought in).",
            ("Provision",),
            PROVISION_LIST,
        ),
        Column(
            "purchase",
            "Spot or framework",
            "choice",
            "when external",
            "Spot (bought for this child alone) or Framework (under a framework or block "
            "contract); required for an External row, blank for an In-house one.",
            ("Purchase", "Purchasing"),
            PURCHASE_LIST,
        ),
        Column(
            "weekly",
            "Weekly cost £",
            "number",
            "yes",
            "What it costs a week, in pounds (850, 4,200.50), 0 or more: a day costs a seventh.",
            ("Weekly cost", "Cost per week"),
        ),
        Column(
            "cost_from",
            "Cost from",
            "date",
            "yes",
            "The first day paid for at this weekly cost (dd/mm/yyyy). A new weekly cost is a "
            "new row from the day it applies, the old row ending the day before.",
            ("From",),
        ),
        Column(
            "cost_to",
            "Cost to",
            "date",
            "no",
            "The last day paid for, inclusive (dd/mm/yyyy); blank while it is still being paid. "
            "A placement the store has ended stops costing from its end date whatever this says.",
            ("To",),
        ),
        Column(
            "next_review",
            "Next review",
            "date",
            "no",
            "When the placement or package is next due to be reviewed (dd/mm/yyyy): listed as "
            "overdue after it. Blank: listed as having no review date.",
            ("Review due",),
        ),
        Column(
            "budget_line",
            "Budget line",
            "text",
            "yes",
            "The budget line it is paid from: the Service of the money template's Budget lines "
            "sheet (e.g. Children's Social Care (includes Asylum Seekers)).",
            ("Service",),
        ),
        Column(
            "entered_by", "Entered by", "text", "yes", "Who entered the row: your name or user id."
        ),
        Column(
            "entered_on",
            "Entered on",
            "date",
            "yes",
            "The day you entered it (dd/mm/yyyy), not after today.",
        ),
        Column("note", "Note", "text", "no", "Anything a reader of the costs should know."),
    ),
    None,
    "Costs: one row per placement or care package at one weekly cost. A change of weekly cost "
    "is a new row.",
)

ABOUT = (
    "The placement and package cost tracker's costs, entered by a finance or commissioning "
    "officer and read by csc: each child's placement or care package, its provider, weekly cost, "
    "the days it is paid for, its next review and the budget line it is paid from.",
    "csc joins each row to the child's placement in the store, costs it by calendar days (a day "
    "is a seventh of the weekly cost), stops a placement the store has ended from its end date, "
    "totals the costs by budget line against the money template's budgets, and lists the "
    "high-cost placements, overdue reviews, spot purchases and every discrepancy between these "
    "rows and the case records.",
    "Check it with `csc costs check FILE.xlsx`. A row with a problem (a cost that is not a "
    "number, a date that is not one, Cost to before Cost from, the same placement entered twice "
    "from the same day, who or when missing) is reported with its sheet, row, column and "
    "reason, and nothing in the file is loaded until every problem is put right. The sheet may "
    "also be given as a CSV file of the same columns (costs.csv).",
)

BOOK = Workbook(
    "Placement and package costs: the cost template",
    ABOUT,
    (COSTS,),
    "",
    "",
    "cost template",
    "csc costs template",
)
