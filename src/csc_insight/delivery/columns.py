"""The delivery template's sheets and columns, declared once: the writer (template.py) lays the
workbook out from them, the Read me sheet and docs/formats/delivery.md document them, and the
reader (template_read.py) finds, parses and checks each column by them. A CSV file holds one
sheet, with the same columns.

A blank is "not entered" (None), never 0 or "not started": a status not entered is read as not
completed; savings achieved not entered are not a shortfall (delivery/rag.py says how each is
used).
"""

from __future__ import annotations

from csc_insight.delivery.model import (
    ACTION_STATUSES,
    EQIA_STATUSES,
    GUARDRAIL_TESTS,
    MILESTONE_STATUSES,
    PROGRESS_RAGS,
)
from csc_insight.entry.columns import Column, Sheet, Workbook

__all__ = ["Column", "Sheet"]

#: The word of an achieved-savings column's header: ``2021-22 achieved £k``.
ACHIEVED_WORD = "achieved"


def year_of_header(heading: str) -> str | None:
    """The financial year an achieved-savings column is for: ``2021-22 achieved £k`` -> 2021-22."""
    return PROJECTS.year_of_header(heading)


def year_header(year: str) -> str:
    return PROJECTS.year_header(year)


ACHIEVED_DOC = (
    "One column per financial year, headed by the year (2021-22 achieved £k): the savings the "
    "project has achieved in that year so far, in £ thousands, 0 or more. Leave a year blank "
    "until it is known (a blank is not entered, not 0). The profile they are measured against "
    "is the MTFS proposal's (the money template), never typed again here."
)

_WHO = (
    Column("entered_by", "Entered by", "text", "yes", "Who entered the row: your name or user id."),
    Column(
        "entered_on",
        "Entered on",
        "date",
        "yes",
        "The day you entered it (dd/mm/yyyy), not after today.",
    ),
    Column(
        "taken_from",
        "Taken from",
        "text",
        "no",
        "Where it was copied from (a project overview, the plan), if anywhere.",
        ("Source",),
    ),
)

_PROJECT = Column(
    "project",
    "Project",
    "reference",
    "yes",
    "The reference of the project, as on the Projects sheet (CFE SAV02).",
    ("Project reference", "Reference", "Ref"),
)


def _owner(what: str) -> Column:
    return Column("owner", "Owner", "text", "no", f"Who is responsible for the {what}.")


def _status(what: str, choices: tuple[str, ...]) -> Column:
    return Column(
        "status",
        "Status",
        "choice",
        "no",
        f"The {what}'s status: {', '.join(choices)}. Blank: not entered (read as not completed).",
        choices=choices,
    )


PROJECTS = Sheet(
    "Projects",
    "projects.csv",
    (
        Column(
            "ref",
            "Reference",
            "reference",
            "yes",
            "The reference of the MTFS proposal the project delivers (CFE SAV02), or the "
            "proposal's name if the MTFS gives it no reference (Staffing Review). No two rows may "
            "share one.",
            ("Ref",),
        ),
        Column("name", "Project", "text", "yes", "The project's name.", ("Name",)),
        Column(
            "manager", "Project manager", "text", "no", "Who manages the project.", ("Manager",)
        ),
        Column("description", "Description", "text", "no", "What the project does."),
        Column(
            "eqia",
            "Equality impact assessment",
            "choice",
            "no",
            f"Its status: {', '.join(EQIA_STATUSES)}.",
            ("EQIA",),
            choices=EQIA_STATUSES,
        ),
        Column("impact", "Impact on residents", "text", "no", "The impact on residents it states."),
        Column(
            "consultation",
            "Consultation",
            "text",
            "no",
            "The consultation and communications it needs.",
            ("Consultations/communications",),
        ),
        *_WHO,
        Column("note", "Note", "text", "no", "Anything a reader should know."),
    ),
    "consultation",
    "Projects: one row per project delivering an MTFS saving, with the savings it has achieved "
    "to date, year by year.",
    ACHIEVED_WORD,
)

MILESTONES = Sheet(
    "Milestones",
    "milestones.csv",
    (
        _PROJECT,
        Column(
            "description",
            "Milestone",
            "text",
            "yes",
            "The milestone as the project overview states it. One row per milestone of a project.",
            ("Description",),
        ),
        _owner("milestone"),
        Column(
            "due",
            "Due date",
            "date",
            "no",
            "The day it is due (dd/mm/yyyy). Blank: no date given (never counted late).",
            ("Due",),
        ),
        _status("milestone", MILESTONE_STATUSES),
        Column(
            "completed_on",
            "Completed on",
            "date",
            "no",
            "The day it was completed, when its status is completed (not after today).",
            ("Completed", "Completed date"),
        ),
        *_WHO,
    ),
    None,
    "Milestones: each project's high level milestones, with owner, due date and status. A "
    "milestone not completed after its due date makes the project's delivery RAG Amber, and Red "
    "after 28 days (delivery/rag.py).",
)

RISKS = Sheet(
    "Risks",
    "risks.csv",
    (
        _PROJECT,
        Column("description", "Risk", "text", "yes", "The risk.", ("Description",)),
        Column(
            "likelihood",
            "Likelihood",
            "score",
            "when assessed",
            "How likely it is, 1 (rare) to 5 (almost certain). Blank until assessed.",
        ),
        Column(
            "impact",
            "Impact",
            "score",
            "when assessed",
            "How much harm it would do, 1 (negligible) to 5 (severe). The risk's score is "
            "likelihood × impact; 15 or more is high. A risk not yet scored limits the "
            "project's delivery assurance to reasonable.",
        ),
        Column("mitigation", "Mitigation", "text", "no", "What is done to reduce it."),
        _owner("risk"),
        *_WHO,
    ),
    None,
    "Risks: each project's key risks. A high risk (score 15 or more) without a mitigation "
    "limits the project's delivery assurance.",
)

GUARDRAILS = Sheet(
    "Guardrails",
    "guardrails.csv",
    (
        _PROJECT,
        Column(
            "indicator",
            "Indicator",
            "indicator",
            "yes",
            "The id of a catalogue indicator the project could harm (FD 8; `csc indicators` "
            "lists them). One row per project and indicator.",
            ("Indicator id",),
        ),
        Column(
            "test",
            "Test",
            "choice",
            "yes",
            "at most or at least (a Threshold), or no adverse signal: the indicator must not "
            "be rated Red, and a deteriorating special cause puts the guardrail on watch (only "
            "for an indicator with a better direction).",
            choices=GUARDRAIL_TESTS,
        ),
        Column(
            "threshold",
            "Threshold",
            "number",
            "for at most and at least",
            "The value the indicator must stay at most or at least, in its unit: 22 for 22%, 430 "
            "children. Blank for no adverse signal.",
        ),
        Column("why", "Why", "text", "no", "Why this indicator: the harm the saving could do."),
        *_WHO,
    ),
    None,
    "Guardrails: the catalogue indicators each project could harm and the test each must pass. "
    "Beside each saving, csc shows whether they hold, from the indicators' results (values, RAG "
    "and process signals), with the months that changed it.",
)

WORKSTREAMS = Sheet(
    "Workstreams",
    "workstreams.csv",
    (
        Column("name", "Workstream", "text", "yes", "The workstream's name.", ("Name",)),
        Column(
            "sro",
            "Senior responsible officer",
            "text",
            "no",
            "Who is accountable for it.",
            ("SRO",),
        ),
        Column(
            "progress",
            "Progress",
            "choice",
            "no",
            f"Its progress as its officer reports it: {', '.join(PROGRESS_RAGS)}.",
            ("Progress RAG",),
            choices=PROGRESS_RAGS,
        ),
        *_WHO,
    ),
    None,
    "Workstreams: the improvement plan's workstreams, with their officer and progress as reported.",
)

ACTIONS = Sheet(
    "Actions",
    "actions.csv",
    (
        Column(
            "ref",
            "Reference",
            "reference",
            "yes",
            "The action's number in the plan (2.10). No two rows may share one.",
            ("Ref",),
        ),
        Column(
            "workstream",
            "Workstream",
            "text",
            "yes",
            "The workstream it belongs to, as on the Workstreams sheet.",
        ),
        Column("description", "Action", "text", "yes", "The action.", ("Description",)),
        _owner("action"),
        Column("due", "Due date", "date", "no", "The day it is due (dd/mm/yyyy).", ("Due",)),
        _status("action", ACTION_STATUSES),
        Column(
            "completed_on",
            "Completed on",
            "date",
            "no",
            "The day it was completed, when its status is completed (not after today).",
            ("Completed",),
        ),
        Column("evidence", "Evidence", "text", "no", "What shows it is done (or progressing)."),
        *_WHO,
    ),
    None,
    "Actions: the improvement plan's actions, one row each, by workstream; the monthly "
    "progress view counts them by status.",
)

SHEETS = (PROJECTS, MILESTONES, RISKS, GUARDRAILS, WORKSTREAMS, ACTIONS)

ABOUT = (
    "The projects that deliver the MTFS savings (their milestones, risks and guardrail "
    "indicators) and the improvement plan (its workstreams and actions), entered by a project "
    "manager or analyst and read by csc.",
    "Each project is named by the reference of the MTFS proposal it delivers (CFE SAV02); its "
    "savings profile is the proposal's, from the money template. Enter what has been achieved so "
    "far, year by year. csc computes each project's delivery RAG from its milestones and its "
    "savings achieved against the profile (the rule: docs/delivery.md), and shows beside each "
    "saving whether its guardrail indicators hold, from the indicators' results.",
    "A blank is not entered: a milestone's status left blank is read as not completed, a year's "
    "achieved savings left blank are not a shortfall and not a success.",
    "Check it with `csc delivery check FILE.xlsx`. A row with a problem (a date that is not one, "
    "a status not in the list, an indicator not in the catalogue, a project not on the Projects "
    "sheet, a row entered twice, who or when missing) is reported with its sheet, row, column "
    "and reason, and nothing in the file is loaded until every problem is put right. Each sheet "
    "may also be given as a CSV file of the same columns (projects.csv, milestones.csv, ...).",
    "Put it into the dashboard with `csc delivery load FILE.xlsx` (the same checks: all of it "
    "or nothing): the Delivery and Improvement plan pages, `csc delivery show` and the pack then "
    "read these records, and every change to them is kept with who made it and when.",
)


BOOK = Workbook(
    "Projects, guardrails and the improvement plan: the delivery template",
    ABOUT,
    SHEETS,
    "when known",
    ACHIEVED_DOC,
    "delivery template",
    "csc delivery template",
)
