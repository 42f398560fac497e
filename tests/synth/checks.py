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


ALL = (keys_unique, required_present, codes_valid, people_exist, references_exist, spans_ordered,
       care_consistent)  # fmt: skip


def problems(con: duckdb.DuckDBPyConnection, start: date, end: date) -> list[str]:
    out: list[str] = []
    for check in ALL:
        out += check(con)
    return out + within_window(con, start, end)
