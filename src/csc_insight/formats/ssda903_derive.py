"""Canonical rows from the SSDA903 tables, in SQL: years stitched, episodes chained.

A load may hold several years' returns: a record two returns share (an episode is the child and
DECOM) is staged once, the later return winning value by value, as the loader's merge does
between loads. Episodes become episodes, placements and legal statuses: RNE S starts a period
of care, a new placement at S, P, T, B and U (or a change of PLACE, PLACE_PROVIDER, PL_POST or
URN), a new legal status at S, L, T, U and B (or a change of LS). When a return's first episode
for a child continues a period of care (RNE not S), the period, placement and legal status
continue those of the child's previous episode already in the store, if there is one.
"""

from __future__ import annotations

import duckdb

from csc_insight.formats.base import Staged
from csc_insight.formats.keys import record_id_sql
from csc_insight.formats.ssda903_years import Read, birthday_sql


def stitch(con: duckdb.DuckDBPyConnection, name: str, reads: list[Read]) -> str:
    """One table from several years' files: one row per key, each value from the latest return
    that gives it. OC3 rows gain the birthday in their collection year (_BIRTHDAY), their key."""
    table = reads[0].table
    cols = [c.name for c in table.read]
    parts = []
    for r in reads:
        extra = f", {birthday_sql('DOB', r.year or 0)} AS _BIRTHDAY" if name == "OC3" else ""
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


def stage_sql(con: duckdb.DuckDBPyConnection, staged: Staged, canonical: str, sql: str) -> None:
    temp = f"stage_903_{canonical}"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {temp} AS {sql}")
    staged.add(canonical, temp)


PERSON_SQL = """
SELECT CHILD AS pers_person_id,
       CASE SEX WHEN '1' THEN 'M' WHEN '2' THEN 'F' END AS pers_sex,
       DOB AS pers_dob, upper(ETHNIC) AS pers_ethnicity, UPN AS pers_upn
FROM {t}"""

UASC_SQL = """
SELECT CHILD || '-UASC' AS immi_immigration_status_id, CHILD AS immi_person_id,
       DOB AS immi_immigration_status_start_date, DUC AS immi_immigration_status_end_date,
       'UASC' AS immi_immigration_status
FROM {t}"""

MISSING_SQL = f"""
SELECT {record_id_sql("CHILD", "MIS_START")} AS miss_table_id, CHILD AS miss_person_id,
       MIS_START AS miss_missing_episode_start_date, MISSING AS miss_missing_episode_type,
       MIS_END AS miss_missing_episode_end_date
FROM {{t}}"""

CARE_LEAVERS_SQL = f"""
SELECT {record_id_sql("CHILD", "_BIRTHDAY")} AS clea_table_id, CHILD AS clea_person_id,
       IN_TOUCH AS clea_care_leaver_in_touch, _BIRTHDAY AS clea_care_leaver_latest_contact,
       upper(ACCOM) AS clea_care_leaver_accommodation,
       CASE right(ACCOM, 1) WHEN '1' THEN 'Y' WHEN '2' THEN 'N' END AS clea_care_leaver_accom_suitable,
       ACTIV AS clea_care_leaver_activity
FROM {{t}}"""

SW_SQL = f"""
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
        (RNE IN ('S', 'L', 'U', 'B') OR (n = 1 AND ctx_lega IS NULL) OR {_differs("LS")})::INTEGER AS new_lega
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


def stage_episodes(con: duckdb.DuckDBPyConnection, staged: Staged, t: str) -> None:
    for f in ("PLACE_PROVIDER", "REASON_PLACE_CHANGE", "PL_POST", "URN"):
        # An optional column absent from every file is NULL throughout; make it a text column.
        con.execute(f"ALTER TABLE {t} ALTER {f} TYPE VARCHAR")
    con.execute(f"CREATE OR REPLACE TEMP TABLE _s903_ctx AS {_CONTEXT_SQL.format(t=t)}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE _s903_chain AS {_chain_sql(t)}")
    con.execute("DROP TABLE _s903_ctx")
    stage_sql(con, staged, "ssd_cla_episodes", _EPISODES_SQL)
    stage_sql(con, staged, "ssd_cla_placement", _PLACEMENTS_SQL)
    stage_sql(con, staged, "ssd_legal_status", _LEGAL_STATUS_SQL)


def stage_reviews(
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
    stage_sql(con, staged, "ssd_cla_reviews", sql)
