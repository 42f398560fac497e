"""The workforce templates' code lists: the words people type, and the codes stored.

Codes follow the Children's social work workforce census (CSWW) where it has them, as specified
for the 2022 collection (DfE CSWW XML schema 2022): OrgRole codes 1–6 for Role, ReasonLeave
codes 1–10 for Leaving reason. Each list maps every accepted spelling (matched blind to case,
spaces and punctuation) to its stored code; a ``*_HINT`` is the reason given for a value that
is none of them.
"""

from __future__ import annotations

from csc_insight.formats.template import words

ROLE_CODES = (
    "SOCIAL_WORKER",
    "SENIOR_PRACTITIONER",
    "TEAM_MANAGER",
    "SERVICE_MANAGER",
    "PERSONAL_ADVISER",
    "EARLY_HELP_WORKER",
)
#: The codes read as words ("Social worker"), common short forms, and CSWW OrgRole 1–6. The
#: census has no service-manager code: its senior and middle managers both map to SERVICE_MANAGER;
#: a qualified worker without cases (6) is a SOCIAL_WORKER whose Case holding is N.
ROLES = words(
    {
        "SOCIAL_WORKER": ["SW", "Case holder", "5", "Qualified without cases", "6"],
        "SENIOR_PRACTITIONER": ["Advanced practitioner", "4"],
        "TEAM_MANAGER": ["First line manager", "3"],
        "SERVICE_MANAGER": ["Middle manager", "2", "Senior manager", "1"],
        "PERSONAL_ADVISER": ["PA", "Personal advisor"],
        "EARLY_HELP_WORKER": ["EHW", "Early help practitioner"],
    }
)
ROLE_HINT = (
    "not a role (expected Social worker, Senior practitioner, Team manager, Service manager, "
    "Personal adviser or Early help worker, or a CSWW OrgRole code 1–6)"
)

#: CSWW ReasonLeave as word codes (its numbers 1–10 are accepted too), plus two csc-insight
#: additions the census has no reason for: CAREER_BREAK (the census records it as a leaver
#: destination) and END_OF_CONTRACT (agency and fixed-term staff, who are not census leavers).
LEAVING_REASONS = words(
    {
        "RESIGNED": ["Resignation", "1"],
        "VOLUNTARY_REDUNDANCY": ["2"],
        "COMPULSORY_REDUNDANCY": ["3"],
        "DISMISSED": ["Dismissal", "4"],
        "RETIRED": ["Retirement", "5"],
        "DECEASED": ["Died", "6"],
        "MOVED_WITHIN_LA": [
            "Moved to a non-child and family social work role within LA",
            "Moved to a non-child and family social work role",
            "Moved to a non-social work role",
            "7",
        ],
        "OTHER": ["8"],
        "NOT_KNOWN": ["Unknown", "9"],
        "NOT_YET_COLLECTED": ["10"],
        "CAREER_BREAK": [],
        "END_OF_CONTRACT": [
            "Contract ended",
            "End of fixed-term contract",
            "End of fixed term contract",
            "End of assignment",
        ],
    }
)
LEAVING_HINT = (
    "not a leaving reason (expected Resigned, Voluntary redundancy, Compulsory redundancy, "
    "Dismissed, Retired, Deceased, Moved within LA, Other, Not known, Not yet collected, "
    "Career break or End of contract, or a CSWW ReasonLeave code 1–10)"
)

AUDIT_GRADES = words(
    {
        "OUTSTANDING": ["1"],
        "GOOD": ["2"],
        "REQUIRES_IMPROVEMENT": ["RI", "Requires improvement to be good", "3"],
        "INADEQUATE": ["4"],
    }
)
AUDIT_HINT = (
    "not a grade (expected Outstanding, Good, Requires improvement or Inadequate, or Ofsted's 1–4)"
)
