"""The CIN census code lists and the child's sex element, by collection year (data, not code).

A collection year is named by the year of its 31 March reference date: 2023 is 2022-23.

Sources, and how sure each fact is (docs/formats/cin_census.md repeats this):

- The lists that never changed in the years below (ethnicity, disability, primary need, closure
  reasons, categories of abuse) are those of the DfE CIN census specifications; the same lists
  appear in every year's XML schema.
- Assessment factors and referral sources by year follow copies of the DfE XML schemas for
  2017-18, 2019-20, 2020-21, 2021-22, 2022-23 and 2023-24 (published with the open-source
  liia-tools pipeline), not the DfE documents themselves: 18A and 19A (physical and sexual abuse)
  up to 2019-20, split into 18B/18C and 19B/19C from 2020-21; 24A (child criminal exploitation)
  and referral source 5D (early help) from 2021-22. 2018-19 is taken to equal 2017-18 and
  2019-20, whose lists are the same.
- ``Sex`` (F, M, U) replaced ``GenderCurrent`` (0, 1, 2, 9) in 2024-25: the DfE 2024-25
  specification (version 1.2) lists it among the changes from the previous year ("New data item
  <Sex> (N00783) replaces <Gender>", CBDS change RFC 1233), as quoted by a summary of it; the
  2023-24 schema copy still has GenderCurrent.
- UPNunknown UN1-UN10 is kept as the reader had it; the schema copies list UN1-UN7 only, and no
  DfE document was found to settle it.

A year after the last one here uses the last one's lists, a year before the first one the
first's, and the reason for a held record names the list used.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

PRIMARY_NEED = tuple(f"N{i}" for i in range(10))
CLOSURE_REASONS = tuple(f"RC{i}" for i in range(1, 10))
ABUSE_CATEGORIES = ("NEG", "PHY", "SAB", "EMO", "MUL")
DISABILITIES = (
    *("MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"),
    "NONE",
)
ETHNICITIES = (
    *("WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND"),
    *("APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"),
)
UPN_UNKNOWN = tuple(f"UN{i}" for i in range(1, 11))
BOOLEANS = MappingProxyType({"true": True, "1": True, "false": False, "0": False})

_SOURCES = (
    *("1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4"),
    *("5A", "5B", "5C", "6", "7", "8", "9", "10"),
)
_SOURCES_5D = (*_SOURCES[:16], "5D", *_SOURCES[16:])

_FACTORS_COMMON = (
    *("1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C"),
    *("5A", "5B", "5C", "6A", "6B", "6C", "7A", "8B", "8C", "8D", "8E", "8F"),
    *("9A", "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A"),
)
_FACTORS_TO_2020 = (*_FACTORS_COMMON, "18A", "19A", "20", "21", "22A", "23A")
_FACTORS_2021 = (*_FACTORS_COMMON, "18B", "18C", "19B", "19C", "20", "21", "22A", "23A")
_FACTORS_FROM_2022 = (*_FACTORS_2021, "24A")

#: GenderCurrent as the store's pers_sex: 1 male, 2 female, 0 not known, 9 not specified
#: (both of the last become U).
GENDER_CURRENT = MappingProxyType({"1": "M", "2": "F", "0": "U", "9": "U"})
#: Sex (2024-25 on) as pers_sex.
SEX = MappingProxyType({"M": "M", "F": "F", "U": "U"})


@dataclass(frozen=True)
class CensusYear:
    """What one collection year's specification allows where the years differ."""

    year: int
    sex_element: str  # GenderCurrent or Sex
    referral_sources: tuple[str, ...]
    factors: tuple[str, ...]

    @property
    def label(self) -> str:
        """``2022-23``, as the DfE names a census."""
        return f"{self.year - 1}-{self.year % 100:02d}"

    @property
    def sex_codes(self) -> MappingProxyType[str, str]:
        return GENDER_CURRENT if self.sex_element == "GenderCurrent" else SEX


def _year(year: int, sex: str, sources: tuple[str, ...], factors: tuple[str, ...]) -> CensusYear:
    return CensusYear(year, sex, sources, factors)


YEARS: MappingProxyType[int, CensusYear] = MappingProxyType(
    {
        2019: _year(2019, "GenderCurrent", _SOURCES, _FACTORS_TO_2020),
        2020: _year(2020, "GenderCurrent", _SOURCES, _FACTORS_TO_2020),
        2021: _year(2021, "GenderCurrent", _SOURCES, _FACTORS_2021),
        2022: _year(2022, "GenderCurrent", _SOURCES_5D, _FACTORS_FROM_2022),
        2023: _year(2023, "GenderCurrent", _SOURCES_5D, _FACTORS_FROM_2022),
        2024: _year(2024, "GenderCurrent", _SOURCES_5D, _FACTORS_FROM_2022),
        2025: _year(2025, "Sex", _SOURCES_5D, _FACTORS_FROM_2022),
    }
)


def census_year(year: int) -> CensusYear:
    """The lists for a collection year (the nearest year known, outside the years above)."""
    return YEARS[min(max(year, min(YEARS)), max(YEARS))]


def years_with(codes: str, value: str) -> list[int]:
    """The years whose list named ``codes`` (``referral_sources``, ``factors``) has ``value``."""
    return [y for y, c in YEARS.items() if value in getattr(c, codes)]
