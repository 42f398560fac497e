"""The lists of Ofsted's Annex A (ILACS) workbook: their columns, and the codes behind the words.

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
from dataclasses import dataclass, field
from typing import Literal

from csc_insight.formats.csv_table import header_key

Need = Literal["key", "column", "optional"]


@dataclass(frozen=True)
class Codes:
    """Allowed codes of a coded column, and the words a workbook may use instead of a code."""

    name: str
    codes: tuple[str, ...]
    words: dict[str, str] = field(default_factory=dict)  # header_key(word) -> code

    def translate(self, text: str) -> str | None:
        """The code for a cell's text, or None when it is neither a code nor a known word.

        Accepts the code ("N1"), the code followed by its description ("N1 - Abuse or neglect")
        and the description alone ("Abuse or neglect"), each also behind the letter Ofsted's
        template gives its drop-down choices ("a) Male", "k) APKN", "c) Not stated/recorded")."""
        choice = _DROP_DOWN.match(text)
        if choice:
            text = choice.group(1)
        upper = text.strip().upper()
        if upper in self.codes:
            return upper
        lead = _LEADING_CODE.match(upper)
        if lead and lead.group(1) in self.codes:
            return lead.group(1)
        return self.words.get(header_key(text))

    def expected(self) -> str:
        shown = ", ".join(self.codes[:20]) + (", ..." if len(self.codes) > 20 else "")
        return f"not a valid {self.name} (expected one of {shown})"


_LEADING_CODE = re.compile(r"^([A-Z0-9]{1,4})\s*[-:–.)]\s*\S")
#: The Annex A template's drop-down lists letter their choices: "a) Male", "aa) ...".
_DROP_DOWN = re.compile(r"^\s*[a-z]{1,2}\)\s+(\S.*)$")


def _words(pairs: dict[str, str]) -> dict[str, str]:
    return {header_key(w): c for w, c in pairs.items()}


SEX = Codes(
    "sex (Male, Female, Unknown or Indeterminate)",
    ("M", "F", "U", "I"),
    _words(
        {
            "male": "M",
            "female": "F",
            "1": "M",
            "2": "F",
            "unknown": "U",
            "not known": "U",
            "not stated": "U",
            "not recorded": "U",
            "not stated/recorded": "U",
            "0": "U",
            "9": "U",
            "indeterminate": "I",
        }
    ),
)

#: DfE ethnicity codes (CIN census and SSDA903).
ETHNICITY_CODES = {
    "WBRI": ("White", "British"),
    "WIRI": ("White", "Irish"),
    "WIRT": ("White", "Traveller of Irish heritage"),
    "WOTH": ("White", "Any other White background"),
    "WROM": ("White", "Gypsy/Roma"),
    "MWBC": ("Mixed", "White and Black Caribbean"),
    "MWBA": ("Mixed", "White and Black African"),
    "MWAS": ("Mixed", "White and Asian"),
    "MOTH": ("Mixed", "Any other mixed background"),
    "AIND": ("Asian or Asian British", "Indian"),
    "APKN": ("Asian or Asian British", "Pakistani"),
    "ABAN": ("Asian or Asian British", "Bangladeshi"),
    "AOTH": ("Asian or Asian British", "Any other Asian background"),
    "BCRB": ("Black or Black British", "Caribbean"),
    "BAFR": ("Black or Black British", "African"),
    "BOTH": ("Black or Black British", "Any other Black background"),
    "CHNE": ("Chinese", "Chinese"),
    "OOTH": ("Other", "Any other ethnic group"),
    "REFU": ("", "Refused"),
    "NOBT": ("", "Information not yet obtained"),
}


def _ethnicity_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for code, (group, desc) in ETHNICITY_CODES.items():
        short = group.split()[0] if group else ""
        for w in {desc, f"{group} {desc}", f"{short} {desc}"}:
            words[header_key(w)] = code
    return words


ETHNICITY = Codes("DfE ethnicity code", tuple(ETHNICITY_CODES), _ethnicity_words())

#: CIN census referral sources. A contact or referral source that is neither a code nor one of
#: these words is kept as a description (the SSD's *_source_desc), not rejected.
REFERRAL_SOURCE = Codes(
    "referral source",
    (
        *("1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F"),
        *("4", "5A", "5B", "5C", "5D", "6", "7", "8", "9", "10"),
    ),
    _words(
        {
            "family member": "1A",
            "relative": "1A",
            "acquaintance": "1B",
            "self": "1C",
            "schools": "2A",
            "school": "2A",
            "education services": "2B",
            "gp": "3A",
            "health visitor": "3B",
            "school nurse": "3C",
            "a&e": "3E",
            "housing": "4",
            "police": "6",
            "other legal agency": "7",
            "other": "8",
            "anonymous": "9",
            "unknown": "10",
        }
    ),
)

_NEED_WORDS = {
    "abuse or neglect": "N1",
    "child's disability": "N2",
    "child's disability or illness": "N2",
    "parental illness/disability": "N3",
    "parental disability or illness": "N3",
    "family in acute stress": "N4",
    "family dysfunction": "N5",
    "socially unacceptable behaviour": "N6",
    "low income": "N7",
    "absent parenting": "N8",
    "cases other than children in need": "N9",
    "not stated": "N0",
}
CIN_NEED = Codes("primary need code", tuple(f"N{i}" for i in range(10)), _words(_NEED_WORDS))
CLA_NEED = Codes(
    "category of need",
    tuple(f"N{i}" for i in range(1, 9)),
    _words({w: c for w, c in _NEED_WORDS.items() if c not in ("N0", "N9")}),
)
CLOSE_REASON = Codes("reason for closure", tuple(f"RC{i}" for i in range(1, 10)))
CP_CATEGORY = Codes(
    "category of abuse",
    ("NEG", "PHY", "SAB", "EMO", "MUL"),
    _words(
        {
            "neglect": "NEG",
            "physical": "PHY",
            "physical abuse": "PHY",
            "sexual": "SAB",
            "sexual abuse": "SAB",
            "emotional": "EMO",
            "emotional abuse": "EMO",
            "multiple": "MUL",
            "multiple categories": "MUL",
        }
    ),
)
LEGAL_STATUS = Codes(
    "legal status",
    ("C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4"),
    _words(
        {
            "interim care order": "C1",
            "full care order": "C2",
            "care order": "C2",
            "freeing order": "D1",
            "placement order": "E1",
            "police protection": "L1",
            "emergency protection order": "L2",
            "child assessment order": "L3",
            "section 20": "V2",
            "s20": "V2",
        }
    ),
)
#: SSDA903 REC: why the child ceased to be looked after (X1, a new episode, is not a leaving).
REASON_CEASED = Codes(
    "reason ceased to be looked after",
    (
        *("E11", "E12", "E13", "E14", "E15", "E16", "E17", "E2", "E3", "E41", "E45"),
        *("E46", "E47", "E48", "E4A", "E4B", "E5", "E6", "E7", "E8", "E9", "X1"),
    ),
)
#: SSDA903 PL codes (2024-25).
PLACEMENT_TYPE = Codes(
    "placement type",
    (
        *("A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5"),
        *("S1", "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1"),
    ),
)
PROVIDER = Codes(
    "placement provider",
    ("PR0", "PR1", "PR2", "PR3", "PR4", "PR5"),
    _words(
        {
            "parent": "PR0",
            "parents": "PR0",
            "own provision": "PR1",
            "own la": "PR1",
            "other la": "PR2",
            "other la provision": "PR2",
            "other public provision": "PR3",
            "private": "PR4",
            "private provision": "PR4",
            "voluntary": "PR5",
            "voluntary/third sector provision": "PR5",
        }
    ),
)
ELIGIBILITY = Codes(
    "eligibility category (Eligible, Relevant, Former relevant, Qualifying)",
    ("Eligible", "Relevant", "Former relevant", "Qualifying"),
    _words(
        {
            "eligible": "Eligible",
            "eligible child": "Eligible",
            "relevant": "Relevant",
            "relevant child": "Relevant",
            "former relevant": "Former relevant",
            "former relevant child": "Former relevant",
            "qualifying": "Qualifying",
            "qualifying care leaver": "Qualifying",
        }
    ),
)
IN_TOUCH = Codes(
    "in-touch code",
    ("YES", "NO", "DIED", "REFU", "NREQ", "RHOM"),
    _words(
        {
            "y": "YES",
            "n": "NO",
            "refused": "REFU",
            "not required": "NREQ",
            "no longer required": "NREQ",
            "returned home": "RHOM",
        }
    ),
)
#: SSDA903 ACCOM: a letter, with 1 (suitable) or 2 (unsuitable) after it in the return.
ACCOMMODATION_LETTERS = (
    "B",
    "C",
    "D",
    "E",
    "G",
    "H",
    "K",
    "R",
    "S",
    "T",
    "U",
    "V",
    "W",
    "X",
    "Y",
    "Z",
)
ACCOMMODATION = Codes(
    "accommodation type",
    ACCOMMODATION_LETTERS + tuple(f"{a}{s}" for a in ACCOMMODATION_LETTERS for s in "12"),
)
SUITABILITY = Codes(
    "suitability (Suitable or Unsuitable)",
    ("Y", "N"),
    _words(
        {
            "suitable": "Y",
            "unsuitable": "N",
            "not suitable": "N",
            "yes": "Y",
            "no": "N",
            "1": "Y",
            "2": "N",
        }
    ),
)
ACTIVITY = Codes(
    "activity code",
    ("F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0"),
)

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
