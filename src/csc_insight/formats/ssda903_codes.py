"""SSDA903 code lists by collection year, as data.

Each field has the lists it had over the years, each from the first collection year it applies
to (named by the year the return ends: 2023 is 2022-23). A return is checked against the list
in force for its year; a code not in it is held back (``value-code``, naming the year).

Sources. The DfE publishes the lists in its SSDA903 guide and technical specification each
year, and checks them with its validation rules; the rule numbers below are the DfE's, as
implemented for each year by the open-source validator councils use (csc-validator-be-903,
folders ``lac2022_23`` to ``lac2025_26``). Lists before 2022-23 could not be confirmed from
public text: where a field's earliest confirmed list is the first entry (``since=None``) it is
applied to earlier years too; where it is not, earlier years are not checked.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CodeList:
    since: int | None  # first collection year (None: every earlier year too)
    codes: frozenset[str]
    source: str


def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PLACE_2023 = "A3 A4 A5 A6 H5 K1 K2 P1 P2 P3 R1 R2 R3 R5 S1 T0 T1 T2 T3 T4 U1 U2 U3 U4 U5 U6 Z1"
_ACTIV_2023 = "F1 P1 F2 P2 F4 P4 F5 P5 G4 G5 G6 0"

#: Field (the return's column) -> its lists, oldest first.
LISTS: dict[str, tuple[CodeList, ...]] = {
    "RNE": (CodeList(None, _codes("S P L T U B"), "DfE rule 143 (2022-23)"),),
    "LS": (
        CodeList(
            None,
            _codes("C1 C2 D1 E1 V2 V3 V4 J1 J2 J3 L1 L2 L3"),
            "DfE rule 144 (2022-23)",
        ),
    ),
    "CIN": (CodeList(None, _codes("N1 N2 N3 N4 N5 N6 N7 N8"), "903 guide, category of need"),),
    "PLACE": (
        CodeList(None, _codes(_PLACE_2023), "DfE rule 146 (2022-23, unchanged in 2023-24)"),
        # 2024-25 adds K3 (the validator's list spells it 'k3'); P2 and H5 remain in the list,
        # P2 only for placements ended by 28 October 2023 (rule 217t, checked separately).
        CodeList(2025, _codes(_PLACE_2023 + " K3"), "DfE rule 146 (2024-25)"),
        # 2025-26: H5, P2 and Z1 go; Z1 splits into Z11 to Z14.
        CodeList(
            2026,
            _codes(
                "A3 A4 A5 A6 K1 K2 K3 P1 P3 R1 R2 R3 R5 S1 T0 T1 T2 T3 T4 "
                "U1 U2 U3 U4 U5 U6 Z11 Z12 Z13 Z14"
            ),
            "DfE rule 146 (2025-26)",
        ),
    ),
    "PLACE_PROVIDER": (CodeList(None, _codes("PR0 PR1 PR2 PR3 PR4 PR5"), "903 guide"),),
    "REC": (
        CodeList(
            None,
            _codes(
                "E11 E12 E2 E3 E4A E4B E13 E41 E45 E46 E47 E48 E5 E6 E7 E8 E9 E14 E15 E16 E17 X1"
            ),
            "DfE rule 149 (2022-23, unchanged to 2025-26)",
        ),
    ),
    "IN_TOUCH": (CodeList(None, _codes("YES NO DIED REFU NREQ RHOM"), "DfE rule 131 (2022-23)"),),
    "ACTIV": (
        # F3/P3 (training or employment, before it split into F4/P4 and F5/P5) were in the
        # lists of earlier years; the year they left could not be confirmed, only that the
        # 2022-23 list (rule 132) no longer has them.
        CodeList(None, _codes(_ACTIV_2023 + " F3 P3"), "earlier 903 guides (year unconfirmed)"),
        CodeList(2023, _codes(_ACTIV_2023), "DfE rule 132 (2022-23)"),
    ),
    "ACCOM": (
        CodeList(
            2023,
            _codes(
                "B1 B2 C1 C2 D1 D2 E1 E2 G1 G2 H1 H2 K1 K2 R1 R2 S2 T1 T2 U1 U2 V1 V2 "
                "W1 W2 X2 Y1 Y2 Z1 Z2 0"
            ),
            "DfE rule 133 (2022-23)",
        ),
    ),
    "MISSING": (CodeList(None, _codes("M A"), "903 guide, missing or away"),),
}


def list_for(field: str, year: int | None) -> CodeList | None:
    """The list a field is checked against in a return of ``year`` (None: not checked). A
    return whose year is unknown is checked against the latest list."""
    lists = LISTS.get(field, ())
    found: CodeList | None = None
    for entry in lists:
        if year is None or entry.since is None or entry.since <= year:
            found = entry
    return found


def year_label(year: int) -> str:
    """2021 -> '2020-21'."""
    return f"{year - 1}-{year % 100:02d}"
