"""Workforce templates: csc-insight's own CSV templates for HR and quality-assurance records.

Councils hold workforce data in HR and payroll systems, outside the Standard Safeguarding Dataset,
so csc-insight defines simple CSV templates an analyst fills from an HR export or a spreadsheet
(docs/formats/workforce.md). One file per concept, recognised by its header, not its name:

- ``teams``: teams and the services they belong to (ssd_department);
- ``posts``: the establishment, funded posts (ext_workforce_posts);
- ``staff``: staff in post, one row per person per assignment (ext_workforce_staff, and
  ssd_professionals for rows that give the worker's id in the case-management system);
- ``staff_supervision``: personal supervision of staff (ext_staff_supervision);
- the quality kinds, QA records rather than HR ones, kept in this format because the same
  performance team compiles them: ``case_supervision`` (ext_case_supervision) and
  ``case_audits`` (ext_case_audits).

Values follow the Children's social work workforce census (CSWW) where it has them, as specified
for the 2022 collection (DfE CSWW XML schema 2022): Agency (Y/N) is AgencyWorker (1/0 accepted),
FTE is FTE, Role accepts OrgRole codes 1–6, Start date / End date are RoleStartDate /
RoleEndDate, Leaving reason is ReasonLeave (its codes 1–10 or words, stored as word codes),
NQSW/ASYE (Y/N) is CFKSSstatus 1 (ASYE), SWE registration number is SWENo (the code lists are
in formats/workforce_codes.py).

Each column is declared once below, with the canonical fields it fills; the template engine
(formats/template.py, formats/template_read.py) reads and writes the files from that. A faulty
row is held back, not the file; a post held back holds back the staff assignments to it, a
team its posts and staff, and a member of staff (every assignment held) their supervision.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from csc_insight.formats.base import LoadOptions, Mode, SourceFile, Staged
from csc_insight.formats.template import (
    FTE_MAX,
    FTE_RULE,
    Parent,
    Rule,
    Table,
    Template,
    TemplateColumn,
    column,
    recognise_template,
    write_template,
    yes_no,
)
from csc_insight.formats.template_read import stage_templates
from csc_insight.formats.workforce_codes import (
    AUDIT_GRADES,
    AUDIT_HINT,
    LEAVING_HINT,
    LEAVING_REASONS,
    ROLE_HINT,
    ROLES,
)

FORMAT = "workforce"
MODE: Mode = "merge"

#: The record rules of these templates, besides those of formats/rules.py.
RULES: dict[str, str] = {
    FTE_RULE: f"an FTE outside 0 to {FTE_MAX} (1 = full time): hours or a percentage typed as an FTE",
    "workforce-leaving-no-end": "a leaving reason is given for an assignment with no end date",
}


def _role(*fills: str) -> TemplateColumn:
    return column(
        "role", "Role", *fills, kind="choice", required=True, choices=ROLES, hint=ROLE_HINT
    )


END_AFTER_START = Rule(
    "end_date < start_date", "End date", "the end date is before the start date", "date-order"
)

TEAMS = Template(
    kind="teams",
    file_name="workforce_teams.csv",
    tables=(Table("ssd_department"),),
    columns=(
        column("team_id", "Team ID", "dept_team_id", required=True),
        column("team_name", "Team name", "dept_team_name", required=True),
        column("service_id", "Service ID", "dept_team_parent_id"),
        column("service_name", "Service name", "dept_team_parent_name", aliases=("Service",)),
    ),
    signature=("team_id", "team_name"),
    key_id="team_id",
    order=("team_id",),
)

POSTS = Template(
    kind="posts",
    file_name="workforce_posts.csv",
    tables=(Table("ext_workforce_posts"),),
    columns=(
        column("post_id", "Post ID", "wpost_post_id", required=True),
        column("team_id", "Team ID", "wpost_team_id", required=True),
        column("job_title", "Job title", "wpost_job_title"),
        _role("wpost_role"),
        column("grade", "Grade", "wpost_grade"),
        column("fte", "FTE", "wpost_fte", kind="fte", required=True),
        yes_no(
            "case_holding", "Case holding (Y/N)", "wpost_case_holding", aliases=("Case holding",)
        ),
        column("start_date", "Start date", "wpost_start_date", kind="date", required=True),
        column("end_date", "End date", "wpost_end_date", kind="date"),
    ),
    signature=("post_id",),
    # A staff file names the post each person fills: never read one as posts.
    excludes=(
        "Staff ID",
        "Assignment ID",
        "Agency (Y/N)",
        "Agency",
        "Agency worker",
        "Leaving reason",
    ),
    key_id="post_id",
    order=("team_id", "post_id"),
    rules=(END_AFTER_START,),
    parents=(Parent("team_id", "teams", "team_id"),),
)

STAFF = Template(
    kind="staff",
    file_name="workforce_staff.csv",
    tables=(
        Table("ext_workforce_staff"),
        # A worker's case-system record takes their current assignment (else the latest).
        Table(
            "ssd_professionals",
            where="worker_id IS NOT NULL",
            one_per="worker_id",
            prefer="end_date IS NULL DESC, start_date DESC, _row DESC",
            joined_by="worker_id",
        ),
    ),
    columns=(
        column("assignment_id", "Assignment ID", "wstaf_assignment_id"),
        column("staff_id", "Staff ID", "wstaf_staff_id", "prof_staff_id", required=True),
        column(
            "worker_id",
            "Worker ID",
            "wstaf_professional_id",
            "prof_professional_id",
            aliases=("Case system worker ID",),
        ),
        column("name", "Name", "prof_professional_name"),
        column(
            "swe_no",
            "SWE registration number",
            "prof_social_worker_registration_no",
            aliases=("SWE number", "SWENo", "SWE no"),
        ),
        column("post_id", "Post ID", "wstaf_post_id"),
        column(
            "team_id", "Team ID", "wstaf_team_id", "prof_professional_department", required=True
        ),
        _role("wstaf_role"),
        column("job_title", "Job title", "prof_professional_job_title"),
        yes_no(
            "agency",
            "Agency (Y/N)",
            "wstaf_agency",
            "prof_agency_worker_flag",
            required=True,
            aliases=("Agency", "Agency worker"),
        ),
        yes_no("nqsw", "NQSW/ASYE (Y/N)", "wstaf_nqsw", aliases=("NQSW/ASYE", "NQSW", "ASYE")),
        column("fte", "FTE", "wstaf_fte", "prof_full_time_equivalency", kind="fte", required=True),
        column("start_date", "Start date", "wstaf_start_date", kind="date", required=True),
        column("end_date", "End date", "wstaf_end_date", kind="date"),
        column(
            "leaving_reason",
            "Leaving reason",
            "wstaf_leaving_reason",
            kind="choice",
            choices=LEAVING_REASONS,
            hint=LEAVING_HINT,
        ),
        yes_no(
            "case_holding", "Case holding (Y/N)", "wstaf_case_holding", aliases=("Case holding",)
        ),
    ),
    signature=("staff_id",),
    key_id="assignment_id",
    key_from=("staff_id", "start_date"),
    order=("staff_id", "start_date", "assignment_id"),
    rules=(
        END_AFTER_START,
        Rule(
            "_t_leaving_reason IS NOT NULL AND _t_end_date IS NULL",
            "Leaving reason",
            "a leaving reason is given but no end date",
            "workforce-leaving-no-end",
        ),
    ),
    same_for=(("worker_id", "staff_id"),),
    parents=(Parent("post_id", "posts", "post_id"), Parent("team_id", "teams", "team_id")),
)

STAFF_SUPERVISION = Template(
    kind="staff_supervision",
    file_name="workforce_staff_supervision.csv",
    tables=(Table("ext_staff_supervision"),),
    columns=(
        column("supervision_id", "Supervision ID", "ssup_supervision_id"),
        column("staff_id", "Staff ID", "ssup_staff_id", required=True),
        column(
            "supervision_date",
            "Supervision date",
            "ssup_supervision_date",
            kind="date",
            required=True,
        ),
        column("supervisor_staff_id", "Supervisor staff ID", "ssup_supervisor_staff_id"),
    ),
    signature=("staff_id", "supervision_date"),
    key_id="supervision_id",
    key_from=("staff_id", "supervision_date"),
    order=("staff_id", "supervision_date", "supervision_id"),
    parents=(Parent("staff_id", "staff", "staff_id"),),
)

CASE_SUPERVISION = Template(
    kind="case_supervision",
    file_name="workforce_case_supervision.csv",
    tables=(Table("ext_case_supervision"),),
    columns=(
        column("supervision_id", "Supervision ID", "csup_supervision_id"),
        column("person_id", "Person ID", "csup_person_id", required=True, aliases=("Child ID",)),
        column(
            "supervision_date",
            "Supervision date",
            "csup_supervision_date",
            kind="date",
            required=True,
        ),
        column("supervisor_id", "Supervisor ID", "csup_supervisor_id"),
        column("worker_id", "Worker ID", "csup_worker_id"),
        column("team_id", "Team ID", "csup_team"),
    ),
    signature=("person_id", "supervision_date"),
    key_id="supervision_id",
    key_from=("person_id", "supervision_date"),
    order=("person_id", "supervision_date", "supervision_id"),
)

CASE_AUDITS = Template(
    kind="case_audits",
    file_name="workforce_case_audits.csv",
    tables=(Table("ext_case_audits"),),
    columns=(
        column("audit_id", "Audit ID", "caud_audit_id"),
        column("person_id", "Person ID", "caud_person_id", required=True, aliases=("Child ID",)),
        column("audit_date", "Audit date", "caud_audit_date", kind="date", required=True),
        column(
            "grade",
            "Grade",
            "caud_grade",
            kind="choice",
            required=True,
            choices=AUDIT_GRADES,
            hint=AUDIT_HINT,
        ),
        column("auditor_id", "Auditor ID", "caud_auditor_id"),
        column("team_id", "Team ID", "caud_team"),
    ),
    signature=("person_id", "audit_date"),
    key_id="audit_id",
    key_from=("person_id", "audit_date"),
    order=("person_id", "audit_date", "audit_id"),
)

#: In recognition order: a kind whose signature another's contains comes first.
TEMPLATES: dict[str, Template] = {
    t.kind: t for t in (STAFF_SUPERVISION, STAFF, CASE_SUPERVISION, CASE_AUDITS, POSTS, TEAMS)
}


def recognise(path: Path) -> str | None:
    return recognise_template(path, list(TEMPLATES.values()))


def stage(
    con: duckdb.DuckDBPyConnection,
    files: list[SourceFile],
    options: LoadOptions = LoadOptions(),  # noqa: B008 - frozen, so one shared default is safe
) -> Staged:
    return stage_templates(con, files, TEMPLATES, FORMAT)


def write(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[Path]:
    """Write one template file per kind that has rows (``workforce_<kind>.csv``)."""
    written = [write_template(con, Path(out_dir), t) for t in TEMPLATES.values()]
    return [p for p in written if p is not None]
