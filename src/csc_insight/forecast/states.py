"""The model's states: age band × placement category, for local children and UASC apart."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

#: Age bands of the DfE's children-looked-after tables: under 1, 1–4, 5–9, 10–15, 16+.
BANDS = ("under 1", "1-4", "5-9", "10-15", "16+")
#: Lower age (years) of each band; a child leaves care at 18 (ageing out).
BAND_FLOOR_YEARS = (0, 1, 5, 10, 16)
AGE_OUT_YEARS = 18

CATEGORIES = (
    "in-house fostering",
    "agency fostering",
    "kinship",
    "residential",
    "supported accommodation",
    "other",
)
IN_HOUSE, AGENCY, KINSHIP, RESIDENTIAL, SUPPORTED, OTHER = range(len(CATEGORIES))

#: Local children and unaccompanied asylum-seeking children are modelled apart: their entries
#: (arrivals), ages and exits differ, and the seeds' targets and claims are for one or the other.
GROUPS = ("local", "uasc")
LOCAL, UASC = 0, 1

DAYS_PER_YEAR = 365.25
#: A model month: steps are calendar months, rates are per average month.
DAYS_PER_MONTH = DAYS_PER_YEAR / 12

# SSDA903 placement types (PL). U1–U3 are placements with a relative or friend (kinship);
# U4–U6 with other foster carers, split by provider: the council's own (PR1) or bought in.
_RESIDENTIAL = {"K1", "K2", "R1", "R2", "S1"}
_SUPPORTED = {"H5", "P2"}
_KINSHIP = {"U1", "U2", "U3"}
_FOSTER = {"U4", "U5", "U6"}


def category(placement_type: str | None, provider: str | None) -> int:
    """The model category of a placement (type from SSDA903 PL, provider PR0–PR5)."""
    code = (placement_type or "").strip().upper()
    if code in _KINSHIP:
        return KINSHIP
    if code in _FOSTER:
        return IN_HOUSE if (provider or "").strip().upper() == "PR1" else AGENCY
    if code in _RESIDENTIAL:
        return RESIDENTIAL
    if code in _SUPPORTED:
        return SUPPORTED
    return OTHER


def band_of(age_days: npt.NDArray[np.floating] | float) -> npt.NDArray[np.intp]:
    """Age band index of ages in days (ages of 16 and over are the last band)."""
    edges = np.asarray(BAND_FLOOR_YEARS[1:], dtype=float) * DAYS_PER_YEAR
    return np.searchsorted(edges, np.asarray(age_days, dtype=float), side="right")


def band_limits_days() -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """(lower, upper) age in days of each band; the last ends at 18."""
    lo = np.asarray(BAND_FLOOR_YEARS, dtype=float) * DAYS_PER_YEAR
    hi = np.append(lo[1:], AGE_OUT_YEARS * DAYS_PER_YEAR)
    return lo, hi
