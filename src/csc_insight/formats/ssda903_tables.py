"""The SSDA903 CSV tables: their columns, what is read of them, and how a file is recognised.

Columns follow the DfE SSDA903 CSV specification for 2023-24 (the year SWEpisodes began); files
of earlier years load too, as the columns added since (PLACE_PROVIDER, URN, PL_POST,
REASON_PLACE_CHANGE, HOME_POST) may be absent. Codes that changed over the years (RNE, LS, CIN,
PLACE, PLACE_PROVIDER, REC, IN_TOUCH, ACTIV, ACCOM, MISSING) are checked against the list of
the return's own collection year (ssda903_codes.py) once that year is known, not here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from csc_insight.formats.csv_table import Column, header_key, read_header


def _col(
    name: str,
    type: str = "text",
    *,
    required: bool = False,
    optional: bool = False,
    codes: tuple[str, ...] | None = None,
) -> Column:
    kind = "code" if codes is not None and type == "text" else type
    return Column(name, kind, required, optional, codes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Table:
    """One SSDA903 table: every column it may have, those read, its key, and its event dates."""

    name: str
    all_columns: tuple[str, ...]
    read: tuple[Column, ...] = ()  # empty: recognised, not staged
    key: tuple[str, ...] = ()
    #: Event dates, none of them after the collection year ends; the last is one that falls
    #: within the year for every record (DEC, REVIEW, ...), which tells a return's year.
    dated: tuple[str, ...] = ()

    @property
    def distinctive(self) -> set[str]:
        return {header_key(c) for c in self.all_columns} - {"child", "dob", "sex"}


_D = "date"
TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        Table(
            "Header",
            ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
            (
                _col("CHILD", required=True),
                _col("SEX", codes=("1", "2")),
                _col("DOB", _D),
                _col("ETHNIC"),
                _col("UPN"),
            ),
            ("CHILD",),
        ),
        Table(
            "Episodes",
            (
                "CHILD",
                "DECOM",
                "RNE",
                "LS",
                "CIN",
                "PLACE",
                "PLACE_PROVIDER",
                "DEC",
                "REC",
                "REASON_PLACE_CHANGE",
                "HOME_POST",
                "PL_POST",
                "URN",
            ),
            (
                _col("CHILD", required=True),
                _col("DECOM", _D, required=True),
                _col("RNE", required=True),
                _col("LS", required=True),
                _col("CIN"),
                _col("PLACE"),
                _col("PLACE_PROVIDER", optional=True),
                _col("DEC", _D),
                _col("REC"),
                _col("REASON_PLACE_CHANGE", optional=True),
                _col("PL_POST", optional=True),
                _col("URN", optional=True),
            ),
            ("CHILD", "DECOM"),
            ("DECOM", "DEC"),
        ),
        Table(
            "UASC",
            ("CHILD", "SEX", "DOB", "DUC"),
            (_col("CHILD", required=True), _col("DOB", _D), _col("DUC", _D)),
            ("CHILD",),
        ),
        Table(
            "Missing",
            ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
            (
                _col("CHILD", required=True),
                _col("MISSING"),
                _col("MIS_START", _D, required=True),
                _col("MIS_END", _D),
            ),
            ("CHILD", "MIS_START"),
            ("MIS_START",),
        ),
        Table(
            "OC3",
            ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
            (
                _col("CHILD", required=True),
                _col("DOB", _D, required=True),
                _col("IN_TOUCH"),
                _col("ACTIV"),
                _col("ACCOM"),
            ),
            ("CHILD",),
        ),
        Table(
            "Reviews",
            ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
            (_col("CHILD", required=True), _col("REVIEW", _D, required=True), _col("REVIEW_CODE")),
            ("CHILD", "REVIEW"),
            ("REVIEW",),
        ),
        Table(
            "SWEpisodes",
            ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
            (
                _col("CHILD", required=True),
                _col("SW_ID", required=True),
                _col("SW_DECOM", _D, required=True),
                _col("SW_DEC", _D),
                _col("SW_REASON"),
            ),
            ("CHILD", "SW_DECOM"),
            ("SW_DECOM", "SW_DEC"),
        ),
        # Recognised so that a whole return folder loads; nothing in them maps to the store.
        Table(
            "OC2",
            (
                "CHILD",
                "DOB",
                "SDQ_SCORE",
                "SDQ_REASON",
                "CONVICTED",
                "HEALTH_CHECK",
                "IMMUNISATIONS",
                "TEETH_CHECK",
                "HEALTH_ASSESSMENT",
                "SUBSTANCE_MISUSE",
                "INTERVENTION_RECEIVED",
                "INTERVENTION_OFFERED",
            ),
        ),
        Table(
            "AD1",
            (
                "CHILD",
                "DOB",
                "DATE_INT",
                "DATE_MATCH",
                "FOSTER_CARE",
                "NB_ADOPTR",
                "SEX_ADOPTR",
                "LS_ADOPTR",
            ),
        ),
        Table(
            "PlacedAdoption",
            ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
        ),
        Table("PrevPerm", ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM")),
        Table("DoLo", ("CHILD", "DOB", "DOLO_START", "DOLO_END")),
    ]
}


def recognise_csv(path: Path) -> str | None:
    """The SSDA903 table a CSV file holds, by its columns; by its name only when the first line
    cannot be read (empty, or not UTF-8), so that the reader can say what is wrong with it."""
    if path.suffix.lower() != ".csv":
        return None
    header = read_header(path)
    if header is None:
        return _table_named(path.stem)
    keys = {header_key(h) for h in header}
    best: tuple[int, float, str] | None = None
    for t in TABLES.values():
        hits = len(t.distinctive & keys)
        enough = hits * 2 >= len(t.distinctive) and (hits >= 2 or "child" in keys)
        if hits and enough:
            score = (hits, hits / len(t.distinctive), t.name)
            best = max(best, score) if best else score
    return best[2] if best else None


def _table_named(stem: str) -> str | None:
    name = re.sub(r"(ssda)?903|(?<!\d)20\d\d(\d\d)?(?!\d)|[^a-z0-9]+", "", stem.lower())
    for t in TABLES:
        if name == t.lower():
            return t
    return None


#: The columns whose codes depend on the collection year, per table.
YEAR_CODED: dict[str, tuple[str, ...]] = {
    "Episodes": ("RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "REC"),
    "Missing": ("MISSING",),
    "OC3": ("IN_TOUCH", "ACTIV", "ACCOM"),
}

#: The canonical table each read table feeds (the table a held record was for).
CANONICAL: dict[str, str] = {
    "Header": "ssd_person",
    "Episodes": "ssd_cla_episodes",
    "UASC": "ssd_immigration_status",
    "Missing": "ssd_missing",
    "OC3": "ssd_care_leavers",
    "Reviews": "ssd_cla_reviews",
    "SWEpisodes": "ssd_involvements",
}
