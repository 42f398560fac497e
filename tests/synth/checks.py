"""Consistency rules that every reader of the synthetic tables relies on, as SQL.

Each check returns a list of problems (empty when the rule holds), so a failing test says which
table and how many rows.
"""

from __future__ import annotations

from datetime import date

import duckdb

from csc_insight.store import schema

#: Date columns that are deadlines rather than events: they may fall after the extract date.
NOT_EVENTS = {
    "icpc_icpc_target_date",
    "cppr_cp_review_due",
    "clar_cla_review_due_date",
    "pers_dob",
    "pers_expected_dob",
}

#: (table, start column, end column) pairs where the end may not precede the start.
SPANS = [
    ("ext_contact_decisions", None, None),
    ("ssd_early_help_episodes", "earl_episode_start_date", "earl_episode_end_date"),
    ("ssd_cin_episodes", "cine_referral_date", "cine_close_date"),
    ("ssd_cin_assessments", "cina_assessment_start_date", "cina_assessment_auth_date"),
    ("ssd_cin_plans", "cinp_cin_plan_start_date", "cinp_cin_plan_end_date"),
    ("ssd_s47_enquiry", "s47e_s47_start_date", "s47e_s47_end_date"),
    ("ssd_cp_plans", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date"),
    ("ssd_cla_episodes", "clae_cla_episode_start_date", "clae_cla_episode_ceased_date"),
    ("ssd_legal_status", "lega_legal_status_start_date", "lega_legal_status_end_date"),
    ("ssd_cla_placement", "clap_cla_placement_start_date", "clap_cla_placement_end_date"),
    ("ssd_missing", "miss_missing_episode_start_date", "miss_missing_episode_end_date"),
    ("ssd_immigration_status", "immi_immigration_status_start_date",
     "immi_immigration_status_end_date"),
    ("ssd_involvements", "invo_involvement_start_date", "invo_involvement_end_date"),
    ("ext_care_proceedings", "cpro_application_date", "cpro_concluded_date"),
    ("ext_workforce_staff", "wstaf_start_date", "wstaf_end_date"),
    ("ext_workforce_posts", "wpost_start_date", "wpost_end_date"),
]  # fmt: skip

#: (table, column, referenced table, referenced key): every non-empty value must exist.
REFERENCES = [
    ("ssd_cin_assessments", "cina_referral_id", "ssd_cin_episodes", "cine_referral_id"),
    ("ssd_cin_plans", "cinp_referral_id", "ssd_cin_episodes", "cine_referral_id"),
    ("ssd_s47_enquiry", "s47e_referral_id", "ssd_cin_episodes", "cine_referral_id"),
    ("ssd_initial_cp_conference", "icpc_referral_id", "ssd_cin_episodes", "cine_referral_id"),
    ("ssd_initial_cp_conference", "icpc_s47_enquiry_id", "ssd_s47_enquiry", "s47e_s47_enquiry_id"),
    ("ssd_initial_cp_conference", "icpc_cp_plan_id", "ssd_cp_plans", "cppl_cp_plan_id"),
    ("ssd_cp_plans", "cppl_referral_id", "ssd_cin_episodes", "cine_referral_id"),
    ("ssd_cp_plans", "cppl_icpc_id", "ssd_initial_cp_conference", "icpc_icpc_id"),
    ("ssd_cp_visits", "cppv_cp_plan_id", "ssd_cp_plans", "cppl_cp_plan_id"),
    ("ssd_cp_reviews", "cppr_cp_plan_id", "ssd_cp_plans", "cppl_cp_plan_id"),
    ("ssd_cla_episodes", "clae_referral_id", "ssd_cin_episodes", "cine_referral_id"),
    ("ssd_cla_episodes", "clae_cla_placement_id", "ssd_cla_placement", "clap_cla_placement_id"),
    ("ssd_cla_placement", "clap_cla_id", "ssd_cla_episodes", "clae_cla_id"),
    ("ssd_cla_visits", "clav_cla_id", "ssd_cla_episodes", "clae_cla_id"),
    ("ssd_cla_reviews", "clar_cla_id", "ssd_cla_episodes", "clae_cla_id"),
    ("ext_contact_decisions", "cond_contact_id", "ssd_contacts", "cont_contact_id"),
    ("ext_early_help_closures", "ehcl_episode_id", "ssd_early_help_episodes", "earl_episode_id"),
    ("ssd_involvements", "invo_professional_id", "ssd_professionals", "prof_professional_id"),
    ("ssd_involvements", "invo_professional_team", "ssd_department", "dept_team_id"),
    ("ssd_involvements", "invo_referral_id", "ssd_cin_episodes", "cine_referral_id"),
    ("ssd_professionals", "prof_professional_department", "ssd_department", "dept_team_id"),
    ("ext_workforce_posts", "wpost_team_id", "ssd_department", "dept_team_id"),
    ("ext_workforce_staff", "wstaf_post_id", "ext_workforce_posts", "wpost_post_id"),
    ("ext_workforce_staff", "wstaf_professional_id", "ssd_professionals", "prof_professional_id"),
    ("ext_staff_supervision", "ssup_staff_id", "ext_workforce_staff", "wstaf_staff_id"),
    ("ext_staff_supervision", "ssup_supervisor_staff_id", "ext_workforce_staff", "wstaf_staff_id"),
    ("ext_case_supervision", "csup_worker_id", "ssd_professionals", "prof_professional_id"),
    ("ext_case_supervision", "csup_supervisor_id", "ssd_professionals", "prof_professional_id"),
    ("ext_case_audits", "caud_auditor_id", "ssd_professionals", "prof_professional_id"),
    ("ssd_cin_episodes", "cine_referral_worker_id", "ssd_professionals", "prof_professional_id"),
    ("ssd_care_leavers", "clea_care_leaver_worker_id", "ssd_professionals",
     "prof_professional_id"),
    ("ssd_early_help_episodes", "earl_episode_worker_id", "ssd_professionals",
     "prof_professional_id"),
]  # fmt: skip


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return int(con.execute(sql).fetchall()[0][0])


def keys_unique(con: duckdb.DuckDBPyConnection) -> list[str]:
    out = []
    for t in schema.tables().values():
        key = ", ".join(t.key)
        n = _count(
            con,
            f"SELECT count(*) FROM (SELECT {key} FROM {t.name} GROUP BY ALL HAVING count(*) > 1)",
        )
        if n:
            out.append(f"{t.name}: {n} duplicated keys")
    return out


def required_present(con: duckdb.DuckDBPyConnection) -> list[str]:
    out = []
    for t in schema.tables().values():
        for f in t.fields:
            if f.required:
                n = _count(con, f"SELECT count(*) FROM {t.name} WHERE {f.name} IS NULL")
                if n:
                    out.append(f"{t.name}.{f.name}: {n} empty")
    return out


def codes_valid(con: duckdb.DuckDBPyConnection) -> list[str]:
    out = []
    for t in schema.tables().values():
        for f in t.fields:
            if f.codes:
                allowed = ", ".join("'" + c + "'" for c in f.codes)
                n = _count(
                    con,
                    f"SELECT count(*) FROM {t.name} WHERE {f.name} IS NOT NULL "
                    f"AND {f.name} NOT IN ({allowed})",
                )
                if n:
                    out.append(f"{t.name}.{f.name}: {n} values outside the schema's codes")
    return out


def people_exist(con: duckdb.DuckDBPyConnection) -> list[str]:
    out = []
    for t in schema.tables().values():
        for f in t.fields:
            if f.name.endswith("_person_id") and t.name != "ssd_person":
                n = _count(
                    con,
                    f"SELECT count(*) FROM {t.name} x WHERE {f.name} IS NOT NULL AND NOT EXISTS "
                    f"(SELECT 1 FROM ssd_person p WHERE p.pers_person_id = x.{f.name})",
                )
                if n:
                    out.append(f"{t.name}.{f.name}: {n} rows name a person not in ssd_person")
    return out


def references_exist(con: duckdb.DuckDBPyConnection) -> list[str]:
    out = []
    for table, col, ref, key in REFERENCES:
        n = _count(
            con,
            f"SELECT count(*) FROM {table} x WHERE {col} IS NOT NULL AND NOT EXISTS "
            f"(SELECT 1 FROM {ref} r WHERE r.{key} = x.{col})",
        )
        if n:
            out.append(f"{table}.{col}: {n} values not in {ref}.{key}")
    return out


#: Records that may end before the window: kept because a later record names them (the
#: conference that made a plan open in the window, and the enquiry that led to it), or because
#: they belong to a period of care that is open in the window (its earlier episodes, placements
#: and legal statuses, which an extract keeps and an SSDA903 return needs).
PARENTS = {"ssd_s47_enquiry", "ssd_cla_episodes", "ssd_cla_placement", "ssd_legal_status"}


def spans_ordered(con: duckdb.DuckDBPyConnection) -> list[str]:
    out = []
    n = _count(
        con,
        "SELECT count(*) FROM ssd_cla_episodes "
        "WHERE clae_cla_episode_start_date < clae_entered_care_date",
    )
    if n:
        out.append(f"ssd_cla_episodes: {n} episodes start before the period of care")
    for table, a, b in SPANS:
        if a is None:
            continue
        n = _count(con, f"SELECT count(*) FROM {table} WHERE {b} < {a}")
        if n:
            out.append(f"{table}: {n} rows with {b} before {a}")
    n = _count(
        con,
        "SELECT count(*) FROM ssd_contacts c JOIN ext_contact_decisions d "
        "ON d.cond_contact_id = c.cont_contact_id WHERE d.cond_decision_date < c.cont_contact_date",
    )
    if n:
        out.append(f"ext_contact_decisions: {n} decided before the contact")
    return out


def within_window(con: duckdb.DuckDBPyConnection, start: date, end: date) -> list[str]:
    """No event after the extract date; nothing that ended before the window."""
    out = []
    for t in schema.tables().values():
        for f in t.fields:
            if f.type == "DATE" and f.name not in NOT_EVENTS:
                n = _count(con, f"SELECT count(*) FROM {t.name} WHERE {f.name} > DATE '{end}'")
                if n:
                    out.append(f"{t.name}.{f.name}: {n} dates after {end}")
    for table, a, b in SPANS:
        if a is None or table == "ext_workforce_posts" or table in PARENTS:
            continue
        n = _count(con, f"SELECT count(*) FROM {table} WHERE {b} < DATE '{start}'")
        if n:
            out.append(f"{table}: {n} rows ended before the window")
    n = _count(
        con,
        f"""SELECT count(*) FROM (SELECT clae_cla_id FROM ssd_cla_episodes GROUP BY clae_cla_id
            HAVING max(coalesce(clae_cla_episode_ceased_date, DATE '{end}')) < DATE '{start}')""",
    )
    if n:
        out.append(f"ssd_cla_episodes: {n} periods of care ended before the window")
    return out


def care_consistent(con: duckdb.DuckDBPyConnection) -> list[str]:
    """A child's CLA episodes never overlap; within a period each starts as the last ends."""
    out = []
    n = _count(
        con,
        """SELECT count(*) FROM (
            SELECT clae_person_id, clae_cla_id, clae_cla_episode_start_date s,
                   clae_cla_episode_ceased_date e,
                   lead(clae_cla_episode_start_date) OVER w next_s,
                   lead(clae_cla_id) OVER w next_cla
            FROM ssd_cla_episodes
            WINDOW w AS (PARTITION BY clae_person_id ORDER BY clae_cla_episode_start_date))
           WHERE next_s IS NOT NULL AND (e IS NULL OR e > next_s
                 OR (next_cla = clae_cla_id AND e <> next_s))""",
    )
    if n:
        out.append(f"ssd_cla_episodes: {n} episodes overlap or leave a gap within a period")
    n = _count(
        con,
        """SELECT count(*) FROM (
            SELECT cppl_cp_plan_end_date e,
                   lead(cppl_cp_plan_start_date) OVER (PARTITION BY cppl_person_id
                        ORDER BY cppl_cp_plan_start_date) next_s
            FROM ssd_cp_plans) WHERE next_s IS NOT NULL AND (e IS NULL OR e > next_s)""",
    )
    if n:
        out.append(f"ssd_cp_plans: {n} plans overlap the child's next plan")
    n = _count(
        con,
        """SELECT count(*) FROM (
            SELECT cine_close_date e,
                   lead(cine_referral_date) OVER (PARTITION BY cine_person_id
                        ORDER BY cine_referral_date) next_s
            FROM ssd_cin_episodes) WHERE next_s IS NOT NULL AND (e IS NULL OR e >= next_s)""",
    )
    if n:
        out.append(f"ssd_cin_episodes: {n} referrals open when the child's next one starts")
    return out


def _episode_changes() -> str:
    """Each CLA episode after the first of its period of care, with whether its placement and
    its legal status (the one in force on its start day) differ from the episode before, and
    whether its placement is with the current foster carers (A3, A5 after U1-U6)."""
    return """
        WITH e AS (
            SELECT e.clae_cla_id, e.clae_cla_episode_start_date AS s,
                   e.clae_cla_episode_start_reason AS rne, e.clae_cla_placement_id AS plac,
                   p.clap_cla_placement_type AS ptype, l.lega_legal_status_id AS lega
            FROM ssd_cla_episodes e
            JOIN ssd_cla_placement p ON p.clap_cla_placement_id = e.clae_cla_placement_id
            ASOF LEFT JOIN ssd_legal_status l ON l.lega_person_id = e.clae_person_id
             AND e.clae_cla_episode_start_date >= l.lega_legal_status_start_date),
        w AS (
            SELECT *, lag(plac) OVER b AS prev_plac, lag(ptype) OVER b AS prev_type,
                      lag(lega) OVER b AS prev_lega
            FROM e WINDOW b AS (PARTITION BY clae_cla_id ORDER BY s))
        SELECT rne, plac <> prev_plac AS placement, lega <> prev_lega AS legal,
               ptype IN ('A3', 'A5') AND prev_type IN ('U1', 'U2', 'U3', 'U4', 'U5', 'U6')
                   AS same_carers, prev_plac IS NULL AS first
        FROM w"""


def episode_reasons(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The reason for new episode (SSDA903 RNE) says what changed: S the period's first episode;
    L the legal status only; P the placement and carers; T the placement, same carers; B the
    legal status, placement and carers; U the legal status and placement, same carers."""
    expected = """CASE WHEN first THEN 'S' WHEN NOT placement THEN 'L'
                       WHEN NOT legal THEN (CASE WHEN same_carers THEN 'T' ELSE 'P' END)
                       WHEN same_carers THEN 'U' ELSE 'B' END"""
    rows = con.execute(
        f"SELECT rne, {expected} AS want, count(*) FROM ({_episode_changes()}) "
        "WHERE rne IS DISTINCT FROM want GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    return [f"ssd_cla_episodes: {n} episodes with RNE {r}, expected {w}" for r, w, n in rows]


ALL = (keys_unique, required_present, codes_valid, people_exist, references_exist, spans_ordered,
       care_consistent, episode_reasons)  # fmt: skip


def problems(con: duckdb.DuckDBPyConnection, start: date, end: date) -> list[str]:
    out: list[str] = []
    for check in ALL:
        out += check(con)
    return out + within_window(con, start, end)
