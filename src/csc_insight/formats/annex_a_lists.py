"""The lists of Ofsted's Annex A (ILACS) workbook: their sheets and columns (the codes behind
the words are in annex_a_codes).

Column headers are spelled as the Ofsted template spells them (see /work/shared/reference/formats.md
and docs/formats/annex_a.md); ``aliases`` are other spellings seen in councils' workbooks. Header
matching ignores case, spacing, punctuation and any text in brackets, so "Date of Contact
(dd/mm/yyyy)" matches "Date of Contact".

Each column has a ``kind`` (how a cell is read) and a ``need``:

- ``key``: the column must be present and every row must have a value (the record's key);
- ``column``: the column must be present (the reader maps it), a value may be blank;
- ``optional``: the column may be missing.

Columns of kind ``skip`` are carried by the template but not read (no canonical field takes them);
the writer still writes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from csc_insight.formats.annex_a_codes import (
    ACCOMMODATION,
    ACTIVITY,
    CIN_NEED,
    CLA_NEED,
    CLOSE_REASON,
    CP_CATEGORY,
    ELIGIBILITY,
    ETHNICITY,
    IN_TOUCH,
    LEGAL_STATUS,
    PLACEMENT_TYPE,
    PROVIDER,
    REASON_CEASED,
    REFERRAL_SOURCE,
    SEX,
    SUITABILITY,
    Codes,
)
from csc_insight.formats.csv_table import header_key

__all__ = [
    "ACCOMMODATION", "ACTIVITY", "BY_NUMBER", "CIN_NEED", "CLA_NEED", "CLOSE_REASON",
    "CP_CATEGORY", "ELIGIBILITY", "ETHNICITY", "IN_TOUCH", "LEGAL_STATUS", "LISTS",
    "PLACEMENT_TYPE", "PROVIDER", "REASON_CEASED", "REFERRAL_SOURCE", "SEX", "SUITABILITY",
    "AnnexList", "Codes", "ListColumn", "header_variants", "list_number",
]  # fmt: skip

Need = Literal["key", "column", "optional"]


#: How a cell is read: text, a date, a Y/N flag, a code (one of the Codes above), or not at all.
Kind = Literal["id", "text", "date", "yn", "source", "skip"] | Codes


@dataclass(frozen=True)
class ListColumn:
    header: str
    name: str  # the reader's and writer's name for it
    kind: Kind = "skip"
    need: Need = "optional"
    aliases: tuple[str, ...] = ()

    def keys(self) -> set[str]:
        return {k for h in (self.header, *self.aliases) for k in header_variants(h)}


@dataclass(frozen=True)
class AnnexList:
    number: int
    title: str
    columns: tuple[ListColumn, ...]

    @property
    def name(self) -> str:
        return f"List {self.number}"

    @property
    def sheet_title(self) -> str:
        return f"List {self.number} - {self.title}"

    def column(self, name: str) -> ListColumn:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def header_variants(text: str) -> set[str]:
    """Keys a header matches by: as written, and without any text in brackets."""
    bare = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text)
    return {k for k in (header_key(text), header_key(bare)) if k}


def _c(
    header: str, name: str, kind: Kind = "skip", need: Need = "optional", *aliases: str
) -> ListColumn:
    return ListColumn(header, name, kind, need, aliases)


# fmt: off
def _child() -> tuple[ListColumn, ...]:
    """The columns every child-level list starts with."""
    return (
        _c("Child Unique ID", "child", "id", "key", "Child ID", "Unique ID", "Child Unique Identifier", "Person ID", "LA Child ID", "LAchildID"),
        _c("Gender", "gender", SEX, "column", "Sex"),
        _c("Ethnicity", "ethnicity", ETHNICITY, "column", "Ethnic Origin", "Ethnicity Code"),
        _c("Date of Birth", "dob", "date", "column", "DOB", "Birth Date"),
        _c("Age of Child (Years)", "age", "skip", "optional", "Age"),
    )


_DISABILITY = _c("Does the Child have a Disability", "disability", "skip", "optional", "Disability", "Disabled")
_TEAM = _c("Allocated Team", "team", "text", "column", "Team")
_WORKER = _c("Allocated Worker", "worker", "text", "column", "Worker", "Allocated Social Worker")
_TEAM_SKIP = _c("Allocated Team", "team", "skip", "optional", "Team")
_WORKER_SKIP = _c("Allocated Worker", "worker", "skip", "optional", "Worker", "Allocated Social Worker")

LISTS: tuple[AnnexList, ...] = (
    AnnexList(1, "Contacts", (
        *_child(),
        _c("Date of Contact", "contact_date", "date", "key", "Contact Date"),
        _c("Contact Source", "contact_source", "source", "column", "Source of Contact"),
    )),
    AnnexList(2, "Early help", (
        *_child(),
        _c("Assessment start date", "eh_start", "date", "key", "Early Help Assessment Start Date", "EH Assessment Start Date"),
        _c("Assessment completion date", "eh_end", "date", "column", "Early Help Assessment Completion Date", "EH Assessment Completion Date"),
        _c("Organisation completing assessment", "eh_org", "text", "column", "Organisation", "Organisation Completing Early Help Assessment"),
    )),
    AnnexList(3, "Referrals", (
        *_child(),
        _c("Date of referral", "referral_date", "date", "key", "Referral Date"),
        _c("Referral Source", "referral_source", "source", "column", "Source of Referral"),
        _c("Referral NFA?", "referral_nfa", "yn", "column", "NFA", "Referral No Further Action"),
        _c("Number of Referrals in Last 12 Months", "referrals_12m", "skip"),
        _TEAM,
        _WORKER,
    )),
    AnnexList(4, "Assessments", (
        *_child(),
        _DISABILITY,
        _c("Continuous Assessment Start Date", "asmt_start", "date", "key", "Assessment Start Date"),
        _c("Child Seen During Continuous Assessment", "child_seen", "yn", "column", "Child Seen", "Child Seen During Assessment"),
        _c("Continuous Assessment Date of Authorisation", "asmt_auth", "date", "column", "Assessment Authorisation Date", "Date of Authorisation", "Assessment Date of Authorisation"),
        _c("Was the child assessed as requiring LA children's social care support?", "requires_support", "yn", "column", "Requiring Support", "Assessed as Requiring Support"),
        _TEAM,
        _WORKER,
    )),
    AnnexList(5, "Section 47", (
        *_child(),
        _DISABILITY,
        _c("Strategy discussion initiating Section 47 Enquiry Start Date", "s47_start", "date", "key", "Section 47 Enquiry Start Date", "S47 Start Date", "Strategy Discussion Date"),
        _c("Was an Initial Child Protection Conference deemed unnecessary?", "icpc_unnecessary", "yn", "column", "ICPC Deemed Unnecessary", "ICPC Not Required"),
        _c("Date of Initial Child Protection Conference", "icpc_date", "date", "column", "ICPC Date", "Initial Child Protection Conference Date"),
        _c("Did the Initial Child Protection Conference Result in a Child Protection Plan", "icpc_plan", "yn", "column", "ICPC Resulted in CP Plan", "ICPC Result in CP Plan"),
        _c("Number of Section 47 Enquiries in the last 12 months", "s47_12m"),
        _c("Number of ICPCs in the last 12 months", "icpc_12m"),
        _TEAM,
        _WORKER,
    )),
    AnnexList(6, "Children in need", (
        *_child(),
        _DISABILITY,
        _c("CIN Start Date", "cin_start", "date", "key", "Child in Need Start Date"),
        _c("Primary Need Code", "primary_need", CIN_NEED, "column", "Primary Need", "CIN Primary Need Code"),
        _c("Date Child Was Last Seen", "last_seen"),
        _c("CIN Closure Date", "cin_close", "date", "column", "Closure Date", "Child in Need Closure Date"),
        _c("Reason for Closure", "close_reason", CLOSE_REASON, "column", "Closure Reason", "CIN Closure Reason"),
        _c("Case Status", "case_status"),
        _TEAM_SKIP,
        _WORKER_SKIP,
    )),
    AnnexList(7, "Child protection", (
        *_child(),
        _DISABILITY,
        _c("Child Protection Plan Start Date", "cpp_start", "date", "key", "CP Plan Start Date", "CPP Start Date"),
        _c("Initial Category of Abuse", "initial_category", CP_CATEGORY, "column", "Initial Category"),
        _c("Latest Category of Abuse", "latest_category", CP_CATEGORY, "column", "Latest Category"),
        _c("Date of the Last Statutory Visit", "last_visit"),
        _c("Was the Child Seen Alone?", "seen_alone"),
        _c("Date of latest review conference", "latest_review"),
        _c("Child Protection Plan End Date", "cpp_end", "date", "column", "CP Plan End Date", "CPP End Date"),
        _c("Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)", "epo"),
        _c("Number of Previous Child Protection Plans", "previous_cpps"),
        _TEAM_SKIP,
        _WORKER_SKIP,
    )),
    AnnexList(8, "Children looked after", (
        *_child(),
        _c("Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)", "uasc", "yn", "column", "UASC", "Unaccompanied Asylum Seeking Child"),
        _DISABILITY,
        _c("Date Started to be Looked After", "entered_care", "date", "key", "Date Started Looked After", "Date Entered Care", "Date Became Looked After"),
        _c("Child's Category of Need", "cla_need", CLA_NEED, "column", "Category of Need", "CIN Code"),
        _c("Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)", "second_period"),
        _c("Start date of current legal status", "ls_start", "date", "column", "Legal Status Start Date", "Start Date of Legal Status"),
        _c("Child's Legal Status", "legal_status", LEGAL_STATUS, "column", "Legal Status"),
        _c("Date of Latest Statutory Review", "latest_review"),
        _c("Date of Last Social Work Visit", "last_visit"),
        _c("What is the permanence plan for this child?", "permanence_plan"),
        _c("Date of Last IRO Visit / Contact to the Child", "last_iro", "date", "optional", "Date of Last IRO Visit", "Date of Last IRO Contact"),
        _c("Date of Last Health Assessment", "health_assessment"),
        _c("Date of Last Dental Check", "dental_check"),
        _c("Number of Placements in the Last 12 months", "placements_12m"),
        _c("Date Ceased to be Looked After", "ceased_date", "date", "column", "Date Ceased Looked After", "Ceased Date"),
        _c("Reason Ceased to be Looked After", "ceased_reason", REASON_CEASED, "column", "Reason Ceased"),
        _c("Start Date of Most Recent Placement", "placement_start", "date", "column", "Placement Start Date", "Start Date of Current Placement"),
        _c("Placement Type", "placement_type", PLACEMENT_TYPE, "column", "Placement"),
        _c("Placement Provider", "placement_provider", PROVIDER, "column", "Provider"),
        _c("Placement postcode", "placement_postcode", "text", "column", "Placement Post Code"),
        _c("URN of Placement", "placement_urn", "text", "column", "Placement URN", "URN"),
        _c("Placement Location", "placement_location"),
        _c("LA of Placement", "placement_la"),
        _c("Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months", "missing_12m"),
        _c("Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months", "absent_12m"),
        _c("Was the child offered a Return Interview after their last missing episode (Y/N)?", "rhi_offered"),
        _c("Did the child accept a Return Interview after their last missing episode (Y/N)?", "rhi_accepted"),
        _TEAM_SKIP,
        _WORKER_SKIP,
    )),
    AnnexList(9, "Care leavers", (
        *_child(),
        _DISABILITY,
        _TEAM,
        _WORKER,
        _c("Eligibility Category", "eligibility", ELIGIBILITY, "column", "Eligibility"),
        _c("LA in Touch", "in_touch", IN_TOUCH, "column", "In Touch", "LA in Touch with Care Leaver"),
        _c("Type of Accommodation", "accommodation", ACCOMMODATION, "column", "Accommodation", "Accommodation Type"),
        _c("Suitability of Accommodation", "suitability", SUITABILITY, "column", "Suitability", "Accommodation Suitable"),
        _c("Activity Status", "activity", ACTIVITY, "column", "Activity", "Main Activity"),
        _c("UASC or formerly UASC (Y/N)", "uasc_ever", "skip", "optional", "UASC or formerly UASC"),
        _c("Allocated Personal Advisor", "personal_advisor", "text", "optional", "Personal Advisor", "Personal Adviser", "Allocated Personal Adviser"),
        _c("Latest Pathway Plan Review Date", "pathway_review", "date", "optional", "Pathway Plan Review Date"),
        _c("Latest Date of Contact", "latest_contact", "date", "optional", "Date of Latest Contact", "Latest Contact Date"),
    )),
    AnnexList(10, "Adoption", tuple(
        _c(h, f"c{i}", "id" if i == 0 else "skip", "key" if i == 0 else "optional")
        for i, h in enumerate((
            "Child Unique ID", "Family identifier", "Gender", "Ethnicity", "Date of Birth",
            "Age of Child (Years)", "Does the Child have a Disability", "Date the Child Entered Care",
            "Date of Decision that Child Should be Placed for Adoption", "Date of Placement Order",
            "Date of Matching Child and Prospective Adopters", "Date Placed for Adoption",
            "Date of Adoption Order", "Date of Decision that Child Should No Longer be Placed for Adoption",
            "Reason Why Child No Longer Placed for Adoption",
            "Date the child was placed for fostering in FFA or concurrent planning placement",
        ))
    )),
    AnnexList(11, "Adopters", tuple(
        _c(h, f"c{i}", "id" if i == 0 else "skip", "key" if i == 0 else "optional")
        for i, h in enumerate((
            "Individual adopter identifier", "Family identifier", "Gender", "Ethnicity", "Disability",
            "Is the (prospective) adopter fostering for adoption?", "Date enquiry received",
            "Date Stage 1 started", "Date Stage 1 ended", "Date Stage 2 started", "Date Stage 2 ended",
            "Date application submitted", "Date application approved",
            "Date adopter matched with child(ren)", "Date child/children placed with adopter(s)",
            "No. of children placed", "Date of Adoption Order", "Date of leaving adoption process",
            "Reason for leaving adoption process",
        ))
    )),
)

# fmt: on

BY_NUMBER = {lst.number: lst for lst in LISTS}

#: Sheet names that carry the title only ("Contacts"), by header_key.
_TITLE_ONLY = {
    "contacts": 1, "earlyhelp": 2, "referrals": 3, "assessments": 4, "section47": 5,
    "section47s": 5, "s47": 5, "childreninneed": 6, "childprotection": 7,
    "childrenlookedafter": 8, "lookedafterchildren": 8, "cla": 8, "careleavers": 9,
    "adoption": 10, "adopters": 11,
}  # fmt: skip
_NUMBERED = re.compile(r"^\s*l(?:ist)?[\s_\-.:#]*(\d{1,2})(?!\d)", re.IGNORECASE)


def list_number(sheet_name: str) -> int | None:
    """Which list a sheet holds, from its name ("List 1", "List_1", "L1 Contacts", "list 1 -
    contacts", "Contacts"), or None."""
    m = _NUMBERED.match(sheet_name)
    if m:
        n = int(m.group(1))
        return n if n in BY_NUMBER else None
    return _TITLE_ONLY.get(header_key(sheet_name))
