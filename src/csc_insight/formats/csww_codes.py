"""The code lists of the Children's social work workforce census (CSWW) XML, and how they map to
the store's codes (used to read and to write, so each mapping is declared once).

Element names and codes as in the census schema for the year ending 30 September 2022 (the
DfE's ``CSWW`` XML: Message > Header, LALevelVacancies, CSWWWorker). The codes have not changed
in the census years the reader was checked against; a year that changes them gets its own list
here, keyed by census year, as the CIN census reader does.
"""

from __future__ import annotations

import re

#: Yes/no items (AgencyWorker, StepUpGrad, FrontlineGrad, Absat30Sept): 1 yes, 0 no.
YES_NO = ("0", "1")
#: GenderCurrent: 0 not known, 1 male, 2 female, 9 not specified.
GENDER = ("0", "1", "2", "9")
ETHNICITY = (
    *("WBRI", "WIRI", "WOTH", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN"),
    *("AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"),
)
#: QualLevel: 1 under-graduate, 2 post-graduate, 3 other.
QUAL_LEVEL = ("1", "2", "3")
#: StartOrigin 1-10 (1 newly qualified social worker ... 9 not known, 10 not yet collected).
START_ORIGIN = tuple(str(i) for i in range(1, 11))
#: LeaverDestination 1-9 (6 non-social-care role, no employment or career break; 8 not known).
LEAVER_DESTINATION = tuple(str(i) for i in range(1, 10))
#: ReasonAbsence (absent at 30 September): maternity or paternity leave, other paid authorised
#: absence, public duties, sick leave, training, unauthorised, unpaid authorised.
REASON_ABSENCE = ("MAT", "OTH", "PUB", "SIC", "TRN", "UNA", "UNP")
#: CFKSSstatus: 1 ASYE, 2 frontline practitioner, 3 practice supervisor, 4 practice leader.
CFKSS_STATUS = ("1", "2", "3", "4")
ASYE = "1"

#: OrgRole -> the store's role (ext_workforce_staff.wstaf_role) and case holding (Y/N, or None
#: when the role does not say). The census has one manager code more than the store: senior (1)
#: and middle (2) managers are both SERVICE_MANAGER, so a SERVICE_MANAGER is written back as 2.
ORG_ROLE: dict[str, tuple[str, str | None]] = {
    "1": ("SERVICE_MANAGER", None),
    "2": ("SERVICE_MANAGER", None),
    "3": ("TEAM_MANAGER", None),
    "4": ("SENIOR_PRACTITIONER", None),
    "5": ("SOCIAL_WORKER", "Y"),  # case holder
    "6": ("SOCIAL_WORKER", "N"),  # qualified without cases
}
#: The store's social-work roles as OrgRole (a SOCIAL_WORKER is 5 or 6 by case holding).
ROLE_CODE = {"SERVICE_MANAGER": "2", "TEAM_MANAGER": "3", "SENIOR_PRACTITIONER": "4"}
#: Roles the census counts: registered social workers; personal advisers and early help workers
#: are not in it.
SOCIAL_WORK_ROLES = ("SOCIAL_WORKER", "SENIOR_PRACTITIONER", "TEAM_MANAGER", "SERVICE_MANAGER")

#: ReasonLeave 1-10 -> the store's word codes (formats/workforce.py LEAVING_REASONS).
REASON_LEAVE = {
    "1": "RESIGNED",
    "2": "VOLUNTARY_REDUNDANCY",
    "3": "COMPULSORY_REDUNDANCY",
    "4": "DISMISSED",
    "5": "RETIRED",
    "6": "DECEASED",
    "7": "MOVED_WITHIN_LA",
    "8": "OTHER",
    "9": "NOT_KNOWN",
    "10": "NOT_YET_COLLECTED",
}
#: The store's two reasons the census has no code for, as written: a career break is "other"
#: with destination 6 (no employment or career break); the end of a fixed-term contract "other".
REASON_WRITTEN = {
    **{word: code for code, word in REASON_LEAVE.items()},
    "CAREER_BREAK": "8",
    "END_OF_CONTRACT": "8",
}
CAREER_BREAK_DESTINATION = "6"
NOT_KNOWN_DESTINATION = "8"

#: SWENo: two letters and digits (Social Work England's "SW" numbers; older HCPC ones). The
#: schemas seen give 2 letters + 10 digits, or + 4 to 12; the wider one is accepted.
SWE_NO = re.compile(r"[A-Za-z]{2}[0-9]{4,12}")
