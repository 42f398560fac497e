"""Code lists and how often each code occurs (shares, not real figures of any authority)."""

from __future__ import annotations

ETHNICITY = {
    "WBRI": 30, "WIRI": 1, "WIRT": 0.3, "WOTH": 7, "WROM": 0.5,
    "MWBC": 7, "MWBA": 2, "MWAS": 1.5, "MOTH": 5,
    "AIND": 3, "APKN": 3, "ABAN": 1, "AOTH": 3,
    "BCRB": 10, "BAFR": 12, "BOTH": 4,
    "CHNE": 0.3, "OOTH": 4, "REFU": 1, "NOBT": 2,
}  # fmt: skip
UASC_ETHNICITY = {"AOTH": 30, "BAFR": 30, "OOTH": 25, "WOTH": 10, "BOTH": 5}
UASC_NATIONALITY = {
    "Afghan": 25, "Eritrean": 20, "Sudanese": 15, "Iranian": 10, "Iraqi": 8,
    "Albanian": 8, "Vietnamese": 6, "Ethiopian": 5, "Kuwaiti": 3,
}  # fmt: skip

DISABILITY = {
    "MOB": 8, "HAND": 3, "PC": 6, "INC": 4, "COMM": 14, "LD": 20, "HEAR": 3,
    "VIS": 3, "BEH": 12, "CON": 6, "AUT": 21,
}  # fmt: skip

NEED = ["N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9"]
NEED_WEIGHT = [0.5, 55, 3, 4, 15, 12, 3, 0.5, 2, 5]
CLA_NEED = ["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"]

# Referral and contact sources (CIN census ReferralSource).
SOURCE = {
    "1A": ("Individual - family member/relative/carer", 4),
    "1B": ("Individual - acquaintance", 1),
    "1C": ("Individual - self", 1.5),
    "1D": ("Individual - other", 1),
    "2A": ("Schools", 18),
    "2B": ("Education services", 2),
    "3A": ("Health services - GP", 2.5),
    "3B": ("Health services - health visitor", 3),
    "3C": ("Health services - school nurse", 0.7),
    "3D": ("Health services - other primary health services", 2),
    "3E": ("Health services - A&E", 3),
    "3F": ("Health services - other", 4),
    "4": ("Housing", 2),
    "5A": ("LA services - social care", 5),
    "5B": ("LA services - other internal", 4),
    "5C": ("LA services - external", 1.5),
    "5D": ("LA services - early help", 1),  # from 2021-22; the census writer maps it earlier
    "6": ("Police", 28),
    "7": ("Other legal agency", 4),
    "8": ("Other", 6),
    "9": ("Anonymous", 2),
    "10": ("Unknown", 1),
}
SOURCE_CODES = list(SOURCE)
SOURCE_WEIGHT = [w for _, w in SOURCE.values()]
SOURCE_DESC = [d for d, _ in SOURCE.values()]

CONTACT_DECISIONS = ["REFERRAL", "EARLY_HELP", "ADVICE", "NFA", "OPEN_CASE"]

CLOSE_REASONS = ["RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9"]
RC = {c: i for i, c in enumerate(CLOSE_REASONS)}

CP_CATEGORY = ["NEG", "EMO", "PHY", "SAB", "MUL"]
CP_CATEGORY_WEIGHT = [50, 36, 7, 4, 3]

# Assessment factors (CIN census), a few per assessment that found needs. Not 21 ('no factors
# identified'): an assessment that found none has an empty list (the census writes it as 21).
FACTORS = ["2A", "2B", "3A", "3B", "4A", "4B", "5A", "6A", "6B", "7A", "8B", "9A",
           "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A", "18B", "19B", "20",
           "22A", "23A", "24A"]  # fmt: skip

# Children looked after (SSDA903).
LEGAL = ["C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4"]
LS = {c: i for i, c in enumerate(LEGAL)}
RNE = ["S", "L", "P", "T", "U", "B"]
REC = ["X1", "E11", "E12", "E4A", "E13", "E41", "E45", "E46", "E47", "E48", "E5", "E6",
       "E7", "E8", "E9", "E15", "E16", "E17", "E2", "E3"]  # fmt: skip
REC_I = {c: i for i, c in enumerate(REC)}
PLACEMENT = ["U1", "U2", "U3", "U4", "U5", "U6", "K1", "K2", "R1", "R2", "R3", "R5", "H5",
             "P1", "P2", "P3", "A3", "A4", "A5", "A6", "S1", "T0", "Z1"]  # fmt: skip
PL = {c: i for i, c in enumerate(PLACEMENT)}
PROVIDER = ["PR0", "PR1", "PR2", "PR3", "PR4", "PR5"]
CHANGE_REASON = ["CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD",
                 "LAREQ", "PLACE", "CUSTOD", "OTHER"]  # fmt: skip
CHANGE_REASON_WEIGHT = [30, 5, 3, 4, 2, 14, 8, 8, 6, 10, 1, 9]
POSTCODE_NEAR = ["CR0", "CR2", "CR4", "CR5", "CR7", "CR8", "SE19", "SE25", "SW16"]
POSTCODE_FAR = ["BR1", "BR3", "SM1", "SE20", "RH1", "TN1", "ME1", "KT1", "TW1", "GU1", "BN1",
                "CT9", "MK1", "LU1"]  # fmt: skip
PARTICIPATION = ["PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"]

# Care leavers (SSDA903 OC3).
IN_TOUCH = ["YES", "NO", "DIED", "REFU", "NREQ", "RHOM"]
IN_TOUCH_WEIGHT = [89, 4, 0.2, 3, 2.8, 1]
ACTIVITY = ["F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0"]
ACTIVITY_WEIGHT = [8, 1, 22, 3, 18, 5, 2, 1, 7, 26, 6, 0]
ACCOM_LETTERS = ["B", "C", "D", "E", "G", "H", "K", "R", "S", "T", "U", "V", "W", "X", "Y", "Z"]
ACCOM_WEIGHT = [4, 4, 8, 3, 2, 3, 1, 15, 18, 6, 8, 4, 3, 2, 4, 15]
ELIGIBILITY = ["Eligible", "Relevant", "Former relevant", "Qualifying"]

# Missing from care.
MISSING_TYPE = ["M", "A"]
YN = ["Y", "N"]

# Early help.
EH_CLOSURE = ["OUTCOMES_MET", "DISENGAGED", "STEP_UP_CSC", "STEP_DOWN_UNIVERSAL", "MOVED_AWAY",
              "DECLINED", "OTHER"]  # fmt: skip
EH_CLOSURE_WEIGHT = [51, 20, 15, 6, 4, 2, 2]
EH_CLOSURE_TEXT = ["Outcomes achieved", "Family disengaged", "Stepped up to social care",
                   "Stepped down to universal services", "Moved out of area",
                   "Consent withdrawn", "Other"]  # fmt: skip
EH_REASON = ["Parenting support", "School attendance", "Domestic abuse", "Emotional wellbeing",
             "Behaviour", "Parental mental health", "Housing and finance",
             "Substance misuse"]  # fmt: skip
EH_ORGANISATION = [
    "Council early help",
    "School",
    "Children's centre",
    "Health",
    "Voluntary sector",
]
EH_ORGANISATION_WEIGHT = [60, 15, 10, 8, 7]
