"""The pack's glossary: the words a committee member meets in it, in plain English.

One list, drawn by the HTML page and the PDF (one page) and the workbook's Summary sheet, so the
three explain a word the same way. Terms are in the order a reader meets them: the tables' columns
first, then the charts, then the services' own words.
"""

from __future__ import annotations

from csc_insight.reports import formatting
from csc_insight.reports.suppression import DEFAULT_THRESHOLD

#: (term, what it means). The commentary and captions use the plain words on the right.
TERMS: tuple[tuple[str, str], ...] = (
    (
        "RAG (red, amber, green)",
        "How the year-to-date or latest figure compares with this year's target. Green meets it; "
        "amber misses it by no more than a small margin (usually a tenth of the target); red "
        "misses it by more; grey has no target, or is not rated.",
    ),
    (
        "Polarity (Better if)",
        "Whether a higher or a lower figure is better (the seed pack wrote BIB, bigger is better, "
        "and SIB, smaller is better). Counts of children and rates per 10,000 have none: a rise or "
        "a fall is not good or bad in itself, and they have no target.",
    ),
    (
        "YTD (year to date)",
        "From 1 April to the end of the report month. Measures of who is open at a date (children "
        "on a plan, caseloads) show the latest month end instead.",
    ),
    (
        "Comparators and their year",
        "Figures the Department for Education publishes: the council's own, its statistical "
        "neighbours', London's and England's, for the year in the Year column. Percentages and "
        "rates are compared with them; a count over a period is compared only with a count for a "
        "whole year (marked †, with the council's own 12-month figure beneath the table).",
    ),
    (
        "Statistical neighbours",
        "The ten councils most like this one in their population and need, as the DfE lists "
        "them; the figure shown is their average.",
    ),
    (
        "Rate per 10,000",
        "Children per 10,000 children under 18 living in the area, so that councils of different "
        "sizes can be compared.",
    ),
    (
        "Usual range (process limits)",
        "The range a measure's monthly figures stay within when nothing has changed: the average "
        "plus or minus 2.66 times the average month-to-month change. Statisticians call variation "
        "inside it common cause.",
    ),
    (
        "Better, worse or higher than usual (special cause)",
        "A month outside the usual range, 7 months in a row on one side of the average, or 6 in a "
        "row each rising or falling: unlikely to be chance, so something has probably changed. "
        "Statisticians call it special cause. With a polarity it is better or worse; without, "
        "only higher or lower.",
    ),
    (
        "Incomplete history",
        "Some measures look back: a re-referral is one within 12 months of an earlier referral. "
        "In the first months of the data loaded that history is missing, so the figure is too low "
        "or too high. Such months are marked * in the tables and shaded grey in the charts, are "
        "not rated, and are left out of the usual range and the commentary.",
    ),
    (
        f"Suppression ({formatting.SUPPRESSED})",
        f"In the published pack a count from 1 to {DEFAULT_THRESHOLD}, and a percentage or rate "
        f"built on one, is shown as {formatting.SUPPRESSED} so that no child can be identified; "
        "another figure may be withheld too, so that a hidden one cannot be worked out from a "
        "total.",
    ),
    (
        "CIN (child in need)",
        "A child the council supports because their health or development would suffer without "
        "help (section 17 of the Children Act 1989). Two rates are shown: children on a child in "
        "need plan (not on a protection plan or in care), and the DfE's count of every open case, "
        "including children on protection plans and in care, which is higher and is the one "
        "England's figure is for.",
    ),
    (
        "CP (child protection) and section 47",
        "A section 47 enquiry is made when there is reason to think a child is suffering, or is "
        "likely to suffer, significant harm. If the worry is confirmed an initial child "
        "protection conference (ICPC), due within 15 working days of the strategy discussion, "
        "decides whether the child needs a child protection plan.",
    ),
    (
        "CLA (children looked after)",
        "Children in the council's care: in foster care, children's homes or placed with family "
        "under a care order. Care leavers are young people aged 18 to 21 who were in care.",
    ),
    (
        "UASC",
        "Unaccompanied asylum-seeking children: children seeking asylum without a parent or "
        "carer, looked after by the council. They are counted apart from the council's own "
        "children in care because their numbers depend on national arrangements.",
    ),
    (
        "ASYE and NQSW",
        "A newly qualified social worker (NQSW) spends their first year on the Assessed and "
        "Supported Year in Employment (ASYE), with a smaller caseload.",
    ),
    (
        "Agency and permanent social workers",
        "Permanent staff are employed by the council; agency staff through an agency, usually at "
        "a higher cost. A vacancy is a funded post without a permanent social worker in it.",
    ),
)
