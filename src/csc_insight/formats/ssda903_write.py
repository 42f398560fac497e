"""Writing SSDA903 returns as CSV tables, one folder per collection year (used by the
synthetic borough, and by the XML writer for the same rows)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from csc_insight.formats.ssda903_years import birthday_sql, collection_year
from csc_insight.store.sql import scalar

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
                 AND lag(lega_id) OVER w IS DISTINCT FROM lega_id THEN 'B'
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
    return f"year({birthday_sql(dob, year)}) - year({dob}) BETWEEN 17 AND 21"


def year_queries(year: int) -> dict[str, str]:
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
        for name, sql in year_queries(year).items():
            path = folder / f"{name}.csv"
            target = "'" + str(path).replace("'", "''") + "'"
            con.execute(f"COPY ({sql}) TO {target} (FORMAT csv, HEADER true, DELIMITER ',')")
            written.append(path)
    return written
