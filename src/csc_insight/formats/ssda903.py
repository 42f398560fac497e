"""SSDA903, the children looked after return: its CSV tables, read and written.

Follows the DfE SSDA903 CSV specification for 2023-24 (the year SWEpisodes began); files of
earlier years load too, as the columns added since (PLACE_PROVIDER, URN, PL_POST,
REASON_PLACE_CHANGE, HOME_POST) may be absent. Mapping and decisions: docs/formats/ssda903.md.

Each table is recognised by its columns, not its name. A load may hold several years' returns:
a record two returns share (an episode is the child and DECOM) is staged once, the later return
winning value by value, as the loader's merge does between loads. A file's collection year comes
from the year in its name or its folder's name (``2021``, ``2020-21``, ``202021``: the year the
return ends), else from the folder's Episodes (the latest episode date), else from the latest
event date among the files in its folder. A date after today never decides a year; a file whose
dates run into a later year than its folder's Episodes is a problem.

Episodes become episodes, placements and legal statuses: RNE S starts a period of care, a new
placement at S, P, T, B and U, a new legal status at S, L, T, U and B. When a return's first
episode for a child continues a period of care (RNE not S), the period, placement and legal status
continue those of the child's previous episode already in the store, if there is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from csc_insight.errors import Problem, ReaderError
from csc_insight.formats.base import Mode, SourceFile, Staged
from csc_insight.formats.csv_table import Column, header_key, read_header, stage_csv
from csc_insight.formats.dates import DAY_FIRST, ISO
from csc_insight.formats.keys import record_id_sql
from csc_insight.store import schema
from csc_insight.store.sql import scalar

FORMAT = "ssda903"
MODE: Mode = "merge"


def _codes(table: str, field: str) -> tuple[str, ...] | None:
    return schema.table(table).field(field).codes


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
    dated: tuple[str, ...] = ()  # dates that fall within the collection year

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
                _col(
                    "RNE",
                    required=True,
                    codes=_codes("ssd_cla_episodes", "clae_cla_episode_start_reason"),
                ),
                _col("LS", required=True, codes=_codes("ssd_legal_status", "lega_legal_status")),
                _col("CIN", codes=_codes("ssd_cla_episodes", "clae_cla_primary_need_code")),
                _col("PLACE"),
                _col(
                    "PLACE_PROVIDER",
                    optional=True,
                    codes=_codes("ssd_cla_placement", "clap_cla_placement_provider"),
                ),
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
                _col("MISSING", codes=_codes("ssd_missing", "miss_missing_episode_type")),
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
                _col("IN_TOUCH", codes=_codes("ssd_care_leavers", "clea_care_leaver_in_touch")),
                _col("ACTIV", codes=_codes("ssd_care_leavers", "clea_care_leaver_activity")),
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


# --- recognising a table -------------------------------------------------------------------


def recognise(path: Path) -> str | None:
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


# --- which year's return a file is --------------------------------------------------------

_YEAR_PAIR = re.compile(r"(?<!\d)(20\d\d)[-_ .]?(\d\d)(?!\d)")
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def year_from_name(name: str) -> int | None:
    """The year a return ends, from a name: 2021, 2020-21, 2020_21, 202021 and 2020-2021 all
    give 2021."""
    for m in _YEAR_PAIR.finditer(name):
        first, second = int(m[1]), int(m[2])
        if (first + 1) % 100 == second:
            return first + 1
    years = [int(m[1]) for m in _YEAR.finditer(name)]
    return max(years) if years else None


def collection_year(d: date) -> int:
    """The collection year (1 April to 31 March) holding a date, named by the year it ends."""
    return d.year + 1 if d.month >= 4 else d.year


# --- staging ------------------------------------------------------------------------------


@dataclass
class _Read:
    file: SourceFile
    table: Table
    temp: str
    order: int
    year: int | None = None


def stage(con: duckdb.DuckDBPyConnection, files: list[SourceFile]) -> Staged:
    staged = Staged()
    problems: list[Problem] = []
    truncated = False
    reads: list[_Read] = []
    for i, f in enumerate(sorted(files, key=lambda s: str(s.path))):
        table = TABLES.get(f.kind)
        if table is None or not table.read:
            staged.rows[f.path] = 0
            continue
        temp = f"_s903_file{i}"
        try:
            staged.rows[f.path] = stage_csv(
                con,
                f.path,
                table.read,
                temp,
                key=table.key,
                date_formats=(DAY_FIRST, ISO),
                label=str(f.path),
            )
        except ReaderError as e:
            problems += e.problems
            truncated = truncated or e.truncated
            continue
        except (duckdb.Error, ValueError, OSError) as e:
            problems.append(
                Problem(str(f.path), None, None, f"could not be read: {_first_line(e)}")
            )
            continue
        reads.append(_Read(f, table, temp, i))
    problems += _assign_years(con, reads)
    if problems:
        raise ReaderError(problems, truncated)

    by_table: dict[str, list[_Read]] = {}
    for r in reads:
        by_table.setdefault(r.table.name, []).append(r)
    stitched = {name: _stitch(con, name, rs) for name, rs in by_table.items()}
    for r in reads:
        con.execute(f"DROP TABLE IF EXISTS {r.temp}")

    if "Header" in stitched:
        _stage_sql(con, staged, "ssd_person", _PERSON_SQL.format(t=stitched["Header"]))
    if "Episodes" in stitched:
        _stage_episodes(con, staged, stitched["Episodes"])
    if "UASC" in stitched:
        _stage_sql(con, staged, "ssd_immigration_status", _UASC_SQL.format(t=stitched["UASC"]))
    if "Missing" in stitched:
        _stage_sql(con, staged, "ssd_missing", _MISSING_SQL.format(t=stitched["Missing"]))
    if "OC3" in stitched:
        _stage_sql(con, staged, "ssd_care_leavers", _CARE_LEAVERS_SQL.format(t=stitched["OC3"]))
    if "Reviews" in stitched:
        _stage_reviews(con, staged, stitched["Reviews"], "Episodes" in stitched)
    if "SWEpisodes" in stitched:
        _stage_sql(con, staged, "ssd_involvements", _SW_SQL.format(t=stitched["SWEpisodes"]))
    for temp in stitched.values():
        con.execute(f"DROP TABLE IF EXISTS {temp}")
    con.execute("DROP TABLE IF EXISTS _s903_chain")
    return staged


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


def _assign_years(con: duckdb.DuckDBPyConnection, reads: list[_Read]) -> list[Problem]:
    """Each file's collection year (see the module docstring); problems where it matters and
    cannot be told, where files of one folder imply different years, or where two files of one
    table claim the same year."""
    problems: list[Problem] = []
    named: dict[Path, int] = {}  # the year a file's own name or folder gives
    implied: dict[Path, int] = {}  # the year its dates imply
    for r in reads:
        path = r.file.path
        year = year_from_name(path.stem) or year_from_name(path.parent.name)
        if year is not None:
            named[path] = year
        elif r.table.dated and (latest := _latest_date(con, r)) is not None:
            implied[path] = collection_year(latest)
    folder_year = _folder_years(reads, named, implied)
    for r in reads:
        path = r.file.path
        r.year = named.get(path) or folder_year.get(path.parent) or implied.get(path)
        later = implied.get(path)
        if path not in named and later is not None and r.year is not None and later > r.year:
            problems.append(
                Problem(
                    str(path),
                    None,
                    None,
                    f"its dates run into {later - 1}-{later % 100:02d}, after the "
                    f"{r.year - 1}-{r.year % 100:02d} return its folder's Episodes give: a date "
                    "typed wrong, or a later return's file in this folder; put the year in the "
                    "file's or its folder's name (2021 for 2020-21)",
                )
            )
    seen: dict[tuple[str, int | None], Path] = {}
    for r in reads:
        if r.year is None and r.table.name == "OC3":
            problems.append(
                Problem(
                    str(r.file.path),
                    None,
                    None,
                    "cannot tell which year's return this is (OC3 gives no dates): put the year "
                    "in the file's or its folder's name (2021 for 2020-21), or load it with the "
                    "return's Episodes",
                )
            )
        other = seen.setdefault((r.table.name, r.year), r.file.path)
        if other != r.file.path:
            which = f"the {r.year - 1}-{r.year % 100:02d} return" if r.year else "a return"
            problems.append(
                Problem(
                    str(r.file.path),
                    None,
                    None,
                    f"a second {r.table.name} table for {which} (the first is {other})",
                )
            )
    return problems


def _latest_date(con: duckdb.DuckDBPyConnection, r: _Read) -> date | None:
    """The latest of a file's event dates that is not in the future: a date after today is
    a typing error (a review in 2030), and must not move the whole return into that year."""
    dates = " UNION ALL ".join(f"SELECT {c} AS d FROM {r.temp}" for c in r.table.dated)
    found = scalar(con, f"SELECT max(d) FROM ({dates}) WHERE d <= current_date")
    return found if isinstance(found, date) else None


def _folder_years(
    reads: list[_Read], named: dict[Path, int], implied: dict[Path, int]
) -> dict[Path, int]:
    """The year of each folder's return, for its files whose names give none: its Episodes'
    (the return's spine: every episode open in the year), else the latest any of its files
    gives. Never from a date in the future (see _latest_date)."""
    spine: dict[Path, int] = {}
    latest: dict[Path, int] = {}
    for r in reads:
        folder, path = r.file.path.parent, r.file.path
        year = named.get(path) or implied.get(path)
        if year is None:
            continue
        latest[folder] = max(year, latest.get(folder, 0))
        if r.table.name == "Episodes":
            spine[folder] = max(year, spine.get(folder, 0))
    return latest | spine


def _stitch(con: duckdb.DuckDBPyConnection, name: str, reads: list[_Read]) -> str:
    """One table from several years' files: one row per key, each value from the latest return
    that gives it. OC3 rows gain the birthday in their collection year (_BIRTHDAY), their key."""
    table = reads[0].table
    cols = [c.name for c in table.read]
    parts = []
    for r in reads:
        extra = f", {_birthday_sql('DOB', r.year or 0)} AS _BIRTHDAY" if name == "OC3" else ""
        parts.append(
            f"SELECT {', '.join(cols)}{extra}, {(r.year or 0) * 100_000 + r.order} AS _rank FROM {r.temp}"
        )
    key = ["CHILD", "_BIRTHDAY"] if name == "OC3" else list(table.key)
    values = [
        f"arg_max({c}, _rank) FILTER (WHERE {c} IS NOT NULL) AS {c}" for c in cols if c not in key
    ]
    temp = f"_s903_all_{name}"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {temp} AS
            SELECT {", ".join(key + values)} FROM ({" UNION ALL ".join(parts)}) GROUP BY ALL"""
    )
    return temp


def _birthday_sql(dob: str, year: int) -> str:
    """The birthday falling in the collection year ending in ``year``. A 29 February birthday
    falls on 1 March in a common year (the day a person born on 29 February comes of age in
    England)."""
    y = f"(CASE WHEN month({dob}) >= 4 THEN {year - 1} ELSE {year} END)"
    leap = f"({y} % 4 = 0 AND ({y} % 100 <> 0 OR {y} % 400 = 0))"
    return (
        f"(CASE WHEN month({dob}) = 2 AND day({dob}) = 29 AND NOT {leap} THEN make_date({y}, 3, 1) "
        f"ELSE make_date({y}, month({dob}), day({dob})) END)"
    )


def _stage_sql(con: duckdb.DuckDBPyConnection, staged: Staged, canonical: str, sql: str) -> None:
    temp = f"stage_903_{canonical}"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {temp} AS {sql}")
    staged.add(canonical, temp)


_PERSON_SQL = """
SELECT CHILD AS pers_person_id,
       CASE SEX WHEN '1' THEN 'M' WHEN '2' THEN 'F' END AS pers_sex,
       DOB AS pers_dob, upper(ETHNIC) AS pers_ethnicity, UPN AS pers_upn
FROM {t}"""

_UASC_SQL = """
SELECT CHILD || '-UASC' AS immi_immigration_status_id, CHILD AS immi_person_id,
       DOB AS immi_immigration_status_start_date, DUC AS immi_immigration_status_end_date,
       'UASC' AS immi_immigration_status
FROM {t}"""

_MISSING_SQL = f"""
SELECT {record_id_sql("CHILD", "MIS_START")} AS miss_table_id, CHILD AS miss_person_id,
       MIS_START AS miss_missing_episode_start_date, MISSING AS miss_missing_episode_type,
       MIS_END AS miss_missing_episode_end_date
FROM {{t}}"""

_CARE_LEAVERS_SQL = f"""
SELECT {record_id_sql("CHILD", "_BIRTHDAY")} AS clea_table_id, CHILD AS clea_person_id,
       IN_TOUCH AS clea_care_leaver_in_touch, _BIRTHDAY AS clea_care_leaver_latest_contact,
       upper(ACCOM) AS clea_care_leaver_accommodation,
       CASE right(ACCOM, 1) WHEN '1' THEN 'Y' WHEN '2' THEN 'N' END AS clea_care_leaver_accom_suitable,
       ACTIV AS clea_care_leaver_activity
FROM {{t}}"""

_SW_SQL = f"""
SELECT {record_id_sql("CHILD", "SW_DECOM")} AS invo_involvements_id, SW_ID AS invo_professional_id,
       'SW' AS invo_professional_role_id, CHILD AS invo_person_id,
       SW_DECOM AS invo_involvement_start_date, SW_DEC AS invo_involvement_end_date,
       SW_REASON AS invo_worker_change_reason
FROM {{t}}"""


# --- episodes: periods of care, placements, legal statuses --------------------------------

_PLACEMENT_FIELDS = ("PLACE", "PLACE_PROVIDER", "PL_POST", "URN")

#: For each child's earliest episode in the load, what it continues: the child's previous
#: episode in the store, its period of care, placement and legal status.
_CONTEXT_SQL = """
WITH firsts AS (SELECT CHILD, min(DECOM) AS first_decom FROM {t} GROUP BY CHILD),
prev AS (
    SELECT f.CHILD, f.first_decom, e.clae_cla_id, e.clae_entered_care_date, e.clae_cla_placement_id
    FROM firsts f ASOF JOIN ssd_cla_episodes e
      ON e.clae_person_id = f.CHILD AND f.first_decom > e.clae_cla_episode_start_date)
SELECT p.CHILD, p.clae_cla_id AS ctx_cla, p.clae_entered_care_date AS ctx_entered,
       pl.clap_cla_placement_id AS ctx_plac, pl.clap_cla_placement_start_date AS ctx_plac_start,
       pl.clap_cla_placement_type AS ctx_PLACE, pl.clap_cla_placement_provider AS ctx_PLACE_PROVIDER,
       pl.clap_cla_placement_postcode AS ctx_PL_POST, pl.clap_cla_placement_urn AS ctx_URN,
       ls.lega_legal_status_id AS ctx_lega, ls.lega_legal_status_start_date AS ctx_lega_start,
       ls.lega_legal_status AS ctx_LS
FROM prev p
LEFT JOIN ssd_cla_placement pl ON pl.clap_cla_placement_id = p.clae_cla_placement_id
ASOF LEFT JOIN ssd_legal_status ls
  ON ls.lega_person_id = p.CHILD AND p.first_decom > ls.lega_legal_status_start_date"""


def _differs(field: str) -> str:
    """The episode's value differs from the previous episode's (or, for the first, the stored
    context's); empty values never count as a change."""
    before = f"CASE WHEN n = 1 THEN ctx_{field} ELSE lag({field}) OVER w END"
    return f"coalesce({field} <> ({before}), false)"


def _group_ids(prefix: str, ctx_id: str, ctx_start: str) -> str:
    """Id, start and first RNE of the group (period, placement or legal status) an episode
    belongs to: group 0 continues the stored context; others are named by their first DECOM."""
    window = f"OVER (PARTITION BY CHILD, {prefix}_g ORDER BY DECOM)"
    first = f"first_value(DECOM) {window}"
    return (
        f"CASE WHEN {prefix}_g = 0 THEN {ctx_id} ELSE {record_id_sql('CHILD', first)} END AS {prefix}_id, "
        f"CASE WHEN {prefix}_g = 0 THEN {ctx_start} ELSE {first} END AS {prefix}_start, "
        f"first_value(RNE) {window} AS {prefix}_rne"
    )


def _chain_sql(t: str) -> str:
    place_changed = " OR ".join(_differs(f) for f in _PLACEMENT_FIELDS)
    return f"""
WITH base AS (
    SELECT e.*, c.* EXCLUDE (CHILD), row_number() OVER (PARTITION BY e.CHILD ORDER BY e.DECOM) AS n
    FROM {t} e LEFT JOIN _s903_ctx c ON c.CHILD = e.CHILD),
flags AS (
    SELECT *,
        (RNE = 'S' OR (n = 1 AND ctx_cla IS NULL))::INTEGER AS new_period,
        (RNE IN ('S', 'P', 'T', 'B', 'U') OR (n = 1 AND ctx_plac IS NULL) OR {place_changed})::INTEGER AS new_plac,
        (RNE IN ('S', 'L', 'T', 'U', 'B') OR (n = 1 AND ctx_lega IS NULL) OR {_differs("LS")})::INTEGER AS new_lega
    FROM base WINDOW w AS (PARTITION BY CHILD ORDER BY DECOM)),
groups AS (
    SELECT *,
        sum(new_period) OVER w AS period_g, sum(new_plac) OVER w AS plac_g, sum(new_lega) OVER w AS lega_g
    FROM flags WINDOW w AS (PARTITION BY CHILD ORDER BY DECOM ROWS UNBOUNDED PRECEDING)),
ids AS (
    SELECT *, {_group_ids("period", "ctx_cla", "NULL::DATE")},
        {_group_ids("plac", "ctx_plac", "ctx_plac_start")},
        {_group_ids("lega", "ctx_lega", "ctx_lega_start")}
    FROM groups)
SELECT *,
    CASE WHEN period_g = 0 THEN ctx_entered WHEN period_rne = 'S' THEN period_start END AS entered,
    lead(plac_g) OVER w IS DISTINCT FROM plac_g AS last_of_plac,
    lead(lega_g) OVER w IS DISTINCT FROM lega_g AS last_of_lega,
    lead(period_g) OVER w IS DISTINCT FROM period_g AS last_of_period
FROM ids WINDOW w AS (PARTITION BY CHILD ORDER BY DECOM)"""


_EPISODES_SQL = f"""
SELECT {record_id_sql("CHILD", "DECOM")} AS clae_cla_episode_id, CHILD AS clae_person_id,
       plac_id AS clae_cla_placement_id, DECOM AS clae_cla_episode_start_date,
       RNE AS clae_cla_episode_start_reason, CIN AS clae_cla_primary_need_code,
       DEC AS clae_cla_episode_ceased_date, REC AS clae_cla_episode_ceased_reason,
       period_id AS clae_cla_id, entered AS clae_entered_care_date
FROM _s903_chain"""

_PLACEMENTS_SQL = """
SELECT plac_id AS clap_cla_placement_id, arg_min(period_id, DECOM) AS clap_cla_id,
       CHILD AS clap_person_id, coalesce(min(plac_start), min(DECOM)) AS clap_cla_placement_start_date,
       arg_min(PLACE, DECOM) FILTER (WHERE PLACE IS NOT NULL) AS clap_cla_placement_type,
       arg_min(URN, DECOM) FILTER (WHERE URN IS NOT NULL) AS clap_cla_placement_urn,
       arg_min(PLACE_PROVIDER, DECOM) FILTER (WHERE PLACE_PROVIDER IS NOT NULL) AS clap_cla_placement_provider,
       arg_min(PL_POST, DECOM) FILTER (WHERE PL_POST IS NOT NULL) AS clap_cla_placement_postcode,
       max(DEC) FILTER (WHERE last_of_plac) AS clap_cla_placement_end_date,
       arg_max(REASON_PLACE_CHANGE, DECOM) FILTER (WHERE REASON_PLACE_CHANGE IS NOT NULL)
           AS clap_cla_placement_change_reason
FROM _s903_chain GROUP BY CHILD, plac_id"""

_LEGAL_STATUS_SQL = """
SELECT lega_id AS lega_legal_status_id, CHILD AS lega_person_id,
       arg_min(LS, DECOM) AS lega_legal_status,
       coalesce(min(lega_start), min(DECOM)) AS lega_legal_status_start_date,
       max(DEC) FILTER (WHERE last_of_lega) AS lega_legal_status_end_date
FROM _s903_chain GROUP BY CHILD, lega_id"""


def _stage_episodes(con: duckdb.DuckDBPyConnection, staged: Staged, t: str) -> None:
    for f in ("PLACE_PROVIDER", "REASON_PLACE_CHANGE", "PL_POST", "URN"):
        # An optional column absent from every file is NULL throughout; make it a text column.
        con.execute(f"ALTER TABLE {t} ALTER {f} TYPE VARCHAR")
    con.execute(f"CREATE OR REPLACE TEMP TABLE _s903_ctx AS {_CONTEXT_SQL.format(t=t)}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE _s903_chain AS {_chain_sql(t)}")
    con.execute("DROP TABLE _s903_ctx")
    _stage_sql(con, staged, "ssd_cla_episodes", _EPISODES_SQL)
    _stage_sql(con, staged, "ssd_cla_placement", _PLACEMENTS_SQL)
    _stage_sql(con, staged, "ssd_legal_status", _LEGAL_STATUS_SQL)


def _stage_reviews(
    con: duckdb.DuckDBPyConnection, staged: Staged, t: str, have_episodes: bool
) -> None:
    """Reviews, each with the period of care it fell in: from this load's episodes, else from
    the store's."""
    stored = """SELECT clae_person_id AS person, clae_cla_id AS cla_id,
                min(clae_cla_episode_start_date) AS p_start,
                CASE WHEN count(*) = count(clae_cla_episode_ceased_date)
                     THEN max(clae_cla_episode_ceased_date) END AS p_end
                FROM ssd_cla_episodes WHERE clae_cla_id IS NOT NULL GROUP BY ALL"""
    periods = stored
    if have_episodes:
        loaded = """SELECT CHILD AS person, period_id AS cla_id, min(DECOM) AS p_start,
                    max(DEC) FILTER (WHERE last_of_period) AS p_end
                    FROM _s903_chain WHERE period_id IS NOT NULL GROUP BY ALL"""
        periods = f"""{loaded} UNION ALL SELECT * FROM ({stored})
                      WHERE cla_id NOT IN (SELECT period_id FROM _s903_chain WHERE period_id IS NOT NULL)"""
    sql = f"""
    WITH periods AS ({periods})
    SELECT {record_id_sql("r.CHILD", "r.REVIEW")} AS clar_cla_review_id,
           arg_max(p.cla_id, p.p_start) AS clar_cla_id, r.CHILD AS clar_person_id,
           r.REVIEW AS clar_cla_review_date, r.REVIEW_CODE AS clar_cla_review_participation
    FROM {t} r LEFT JOIN periods p
      ON p.person = r.CHILD AND r.REVIEW BETWEEN p.p_start AND coalesce(p.p_end, DATE '9999-12-31')
    GROUP BY r.CHILD, r.REVIEW, r.REVIEW_CODE"""
    _stage_sql(con, staged, "ssd_cla_reviews", sql)


# --- writing ------------------------------------------------------------------------------

WRITTEN = ("Header", "Episodes", "UASC", "Missing", "OC3", "Reviews", "SWEpisodes")


def _fmt(expr: str) -> str:
    return f"strftime({expr}, '%d/%m/%Y')"


#: Episodes with what the return shows beside them: placement fields through the placement
#: id, legal status as the one in force when the episode began, and RNE where it is empty.
_EPISODE_VIEW = """
WITH e AS (
    SELECT e.*, p.clap_cla_placement_type AS place, p.clap_cla_placement_provider AS provider,
           p.clap_cla_placement_postcode AS pl_post, p.clap_cla_placement_urn AS urn,
           p.clap_cla_placement_change_reason AS change_reason, l.lega_legal_status AS ls,
           l.lega_legal_status_id AS lega_id
    FROM ssd_cla_episodes e
    LEFT JOIN ssd_cla_placement p ON p.clap_cla_placement_id = e.clae_cla_placement_id
    ASOF LEFT JOIN ssd_legal_status l
      ON l.lega_person_id = e.clae_person_id
     AND e.clae_cla_episode_start_date >= l.lega_legal_status_start_date),
ep AS (
    SELECT *,
        coalesce(clae_cla_episode_start_reason, CASE
            WHEN lag(clae_cla_id) OVER w IS NULL OR lag(clae_cla_id) OVER w <> clae_cla_id THEN 'S'
            WHEN lag(clae_cla_placement_id) OVER w IS DISTINCT FROM clae_cla_placement_id
                 AND lag(lega_id) OVER w IS DISTINCT FROM lega_id THEN 'T'
            WHEN lag(lega_id) OVER w IS DISTINCT FROM lega_id THEN 'L'
            ELSE 'P' END) AS rne,
        lead(clae_cla_placement_id) OVER w IS DISTINCT FROM clae_cla_placement_id AS last_of_plac
    FROM e WINDOW w AS (PARTITION BY clae_person_id ORDER BY clae_cla_episode_start_date))
"""


def _episodes_in_year(y0: str, y1: str) -> str:
    """Episodes open at any time from y0 to y1 (SQL date literals)."""
    return f"""SELECT * FROM ep WHERE clae_cla_episode_start_date <= {y1}
               AND (clae_cla_episode_ceased_date IS NULL OR clae_cla_episode_ceased_date >= {y0})"""


def _looked_after(y0: str, y1: str) -> str:
    return f"""SELECT DISTINCT clae_person_id FROM ssd_cla_episodes
               WHERE clae_cla_episode_start_date <= {y1}
               AND (clae_cla_episode_ceased_date IS NULL OR clae_cla_episode_ceased_date >= {y0})"""


def _age17_21_birthday(dob: str, year: int) -> str:
    return f"year({_birthday_sql(dob, year)}) - year({dob}) BETWEEN 17 AND 21"


def _year_queries(year: int) -> dict[str, str]:
    y0, y1 = f"DATE '{year - 1}-04-01'", f"DATE '{year}-03-31'"
    closed = f"clae_cla_episode_ceased_date <= {y1}"
    episodes = f"""{_EPISODE_VIEW}
        SELECT clae_person_id AS CHILD, {_fmt("clae_cla_episode_start_date")} AS DECOM, rne AS RNE,
               ls AS LS, clae_cla_primary_need_code AS CIN, place AS PLACE,
               provider AS PLACE_PROVIDER,
               CASE WHEN {closed} THEN {_fmt("clae_cla_episode_ceased_date")} END AS DEC,
               CASE WHEN {closed} THEN clae_cla_episode_ceased_reason END AS REC,
               CASE WHEN last_of_plac AND (clae_cla_episode_ceased_date IS NULL OR {closed})
                    THEN change_reason END AS REASON_PLACE_CHANGE,
               NULL AS HOME_POST, pl_post AS PL_POST, urn AS URN
        FROM ({_episodes_in_year(y0, y1)}) ORDER BY clae_person_id, clae_cla_episode_start_date"""
    uasc = f"""
        SELECT i.immi_person_id AS CHILD,
               CASE p.pers_sex WHEN 'M' THEN '1' WHEN 'F' THEN '2' END AS SEX,
               {_fmt("p.pers_dob")} AS DOB,
               {_fmt("arg_max(i.immi_immigration_status_end_date, coalesce(i.immi_immigration_status_start_date, DATE '1900-01-01'))")} AS DUC
        FROM ssd_immigration_status i LEFT JOIN ssd_person p ON p.pers_person_id = i.immi_person_id
        WHERE upper(i.immi_immigration_status) = 'UASC'
          AND i.immi_person_id IN ({_looked_after(y0, y1)})
        GROUP BY i.immi_person_id, p.pers_sex, p.pers_dob ORDER BY CHILD"""
    missing = f"""
        SELECT m.miss_person_id AS CHILD, {_fmt("p.pers_dob")} AS DOB,
               m.miss_missing_episode_type AS MISSING,
               {_fmt("m.miss_missing_episode_start_date")} AS MIS_START,
               {_fmt("m.miss_missing_episode_end_date")} AS MIS_END
        FROM ssd_missing m LEFT JOIN ssd_person p ON p.pers_person_id = m.miss_person_id
        WHERE m.miss_missing_episode_start_date BETWEEN {y0} AND {y1}
        ORDER BY CHILD, m.miss_missing_episode_start_date"""
    oc3 = f"""
        SELECT c.clea_person_id AS CHILD, {_fmt("p.pers_dob")} AS DOB,
               arg_max(c.clea_care_leaver_in_touch, c.clea_care_leaver_latest_contact) AS IN_TOUCH,
               arg_max(c.clea_care_leaver_activity, c.clea_care_leaver_latest_contact) AS ACTIV,
               arg_max(c.clea_care_leaver_accommodation, c.clea_care_leaver_latest_contact) AS ACCOM
        FROM ssd_care_leavers c JOIN ssd_person p ON p.pers_person_id = c.clea_person_id
        WHERE c.clea_care_leaver_latest_contact BETWEEN {y0} AND {y1} AND p.pers_dob IS NOT NULL
          AND {_age17_21_birthday("p.pers_dob", year)}
        GROUP BY c.clea_person_id, p.pers_dob ORDER BY CHILD"""
    reviews = f"""
        SELECT r.clar_person_id AS CHILD, {_fmt("p.pers_dob")} AS DOB,
               {_fmt("r.clar_cla_review_date")} AS REVIEW,
               r.clar_cla_review_participation AS REVIEW_CODE
        FROM ssd_cla_reviews r LEFT JOIN ssd_person p ON p.pers_person_id = r.clar_person_id
        WHERE r.clar_cla_review_date BETWEEN {y0} AND {y1}
          AND coalesce(r.clar_cla_review_cancelled, 'N') <> 'Y'
        ORDER BY CHILD, r.clar_cla_review_date"""
    sw_closed = f"i.invo_involvement_end_date <= {y1}"
    sw = f"""
        SELECT i.invo_person_id AS CHILD, {_fmt("p.pers_dob")} AS DOB,
               i.invo_professional_id AS SW_ID, {_fmt("i.invo_involvement_start_date")} AS SW_DECOM,
               CASE WHEN {sw_closed} THEN {_fmt("i.invo_involvement_end_date")} END AS SW_DEC,
               CASE WHEN {sw_closed} THEN i.invo_worker_change_reason END AS SW_REASON
        FROM ssd_involvements i LEFT JOIN ssd_person p ON p.pers_person_id = i.invo_person_id
        WHERE upper(i.invo_professional_role_id) = 'SW'
          AND i.invo_involvement_start_date <= {y1}
          AND (i.invo_involvement_end_date IS NULL OR i.invo_involvement_end_date >= {y0})
          AND i.invo_person_id IN ({_looked_after(y0, y1)})
        ORDER BY CHILD, i.invo_involvement_start_date"""
    children = f"""
        {_looked_after(y0, y1)}
        UNION SELECT c.clea_person_id FROM ssd_care_leavers c
              JOIN ssd_person p ON p.pers_person_id = c.clea_person_id
              WHERE c.clea_care_leaver_latest_contact BETWEEN {y0} AND {y1}
                AND p.pers_dob IS NOT NULL AND {_age17_21_birthday("p.pers_dob", year)}
        UNION SELECT miss_person_id FROM ssd_missing
              WHERE miss_missing_episode_start_date BETWEEN {y0} AND {y1}
        UNION SELECT clar_person_id FROM ssd_cla_reviews
              WHERE clar_cla_review_date BETWEEN {y0} AND {y1}
                AND coalesce(clar_cla_review_cancelled, 'N') <> 'Y'"""
    header = f"""
        SELECT c.clae_person_id AS CHILD,
               CASE p.pers_sex WHEN 'M' THEN '1' WHEN 'F' THEN '2' END AS SEX,
               {_fmt("p.pers_dob")} AS DOB, p.pers_ethnicity AS ETHNIC, p.pers_upn AS UPN,
               NULL AS MOTHER, NULL AS MC_DOB
        FROM ({children}) c LEFT JOIN ssd_person p ON p.pers_person_id = c.clae_person_id
        WHERE c.clae_person_id IS NOT NULL ORDER BY CHILD"""
    return {
        "Header": header,
        "Episodes": episodes,
        "UASC": uasc,
        "Missing": missing,
        "OC3": oc3,
        "Reviews": reviews,
        "SWEpisodes": sw,
    }


def covered_years(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Every collection year from the earliest to the latest date in the tables the return
    carries (episodes, reviews, missing episodes, care leavers)."""
    dates = """SELECT clae_cla_episode_start_date AS d FROM ssd_cla_episodes
        UNION ALL SELECT clae_cla_episode_ceased_date FROM ssd_cla_episodes
        UNION ALL SELECT clar_cla_review_date FROM ssd_cla_reviews
        UNION ALL SELECT miss_missing_episode_start_date FROM ssd_missing
        UNION ALL SELECT clea_care_leaver_latest_contact FROM ssd_care_leavers"""
    first, last = con.execute(f"SELECT min(d), max(d) FROM ({dates})").fetchall()[0]
    if first is None or not scalar(con, "SELECT count(*) FROM ssd_cla_episodes"):
        return []
    return list(range(collection_year(first), collection_year(last) + 1))


def write(
    con: duckdb.DuckDBPyConnection, out_dir: Path, *, years: list[int] | None = None
) -> list[Path]:
    """Write each collection year's return as ``out_dir/<year it ends>/<Table>.csv``."""
    written: list[Path] = []
    for year in years if years is not None else covered_years(con):
        folder = Path(out_dir) / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        for name, sql in _year_queries(year).items():
            path = folder / f"{name}.csv"
            target = "'" + str(path).replace("'", "''") + "'"
            con.execute(f"COPY ({sql}) TO {target} (FORMAT csv, HEADER true, DELIMITER ',')")
            written.append(path)
    return written
