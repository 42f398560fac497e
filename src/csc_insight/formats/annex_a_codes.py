"""The codes behind Annex A's coded columns, and the words a workbook may use instead of them.

Codes follow the DfE's 2024-25 CIN census and SSDA903 specifications; the words are those of the
Ofsted template's drop-down lists and others seen in councils' workbooks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from csc_insight.formats.csv_table import header_key


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
