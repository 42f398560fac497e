"""Headline figures of a financial year, computed from the canonical tables (for calibration)."""

from __future__ import annotations

from datetime import date

import duckdb
import numpy as np
import pyarrow as pa

from csc_insight.synth.workdays import WorkCalendar, day

FAR = "DATE '9999-12-31'"


def _calendar(con: duckdb.DuckDBPyConnection) -> None:
    """A temporary working-day calendar (the synth's own, the same rule as the store's)."""
    cal = WorkCalendar(day(date(2005, 1, 1)), day(date(2030, 12, 31)))
    days = np.arange(cal.first, cal.last + 1)
    tbl = pa.table(
        {
            "d": pa.array(days.astype(np.int32), pa.date32()),
            "wdn": pa.array(cal.wdn.astype(np.int32)),
        }
    )
    con.register("_wd_arrow", tbl)
    con.execute("CREATE OR REPLACE TEMP TABLE wd AS SELECT * FROM _wd_arrow")
    con.unregister("_wd_arrow")


def year_figures(con: duckdb.DuckDBPyConnection, fy_start: date) -> dict[str, float]:
    """Figures for the financial year starting ``fy_start`` (stocks at its last day)."""
    _calendar(con)
    a, b = f"DATE '{fy_start}'", f"DATE '{date(fy_start.year + 1, 3, 31)}'"

    def one(sql: str) -> float:
        v = con.execute(sql.replace("FY0", a).replace("FY1", b)).fetchall()[0][0]
        return float(v) if v is not None else float("nan")

    me = "(SELECT last_day(m)::DATE d FROM range(FY0, FY1 + INTERVAL 1 DAY, INTERVAL 1 MONTH) t(m))"
    f: dict[str, float] = {}
    f["referrals"] = one(
        "SELECT count(*) FROM ssd_cin_episodes WHERE cine_referral_date BETWEEN FY0 AND FY1"
    )
    f["contacts"] = one(
        "SELECT count(*) FROM ssd_contacts WHERE cont_contact_date BETWEEN FY0 AND FY1"
    )
    f["re_referral_pct"] = one(
        """SELECT 100 * avg((EXISTS (SELECT 1 FROM ssd_cin_episodes b
               WHERE b.cine_person_id = a.cine_person_id
                 AND b.cine_referral_date < a.cine_referral_date
               AND b.cine_referral_date >= a.cine_referral_date - INTERVAL 365 DAY))::INT)
           FROM ssd_cin_episodes a WHERE cine_referral_date BETWEEN FY0 AND FY1"""
    )
    f["assessments"] = one(
        "SELECT count(*) FROM ssd_cin_assessments "
        "WHERE cina_assessment_auth_date BETWEEN FY0 AND FY1"
    )
    f["assessment_45wd_pct"] = one(
        """SELECT 100 * avg((w2.wdn - w1.wdn <= 45)::INT) FROM ssd_cin_assessments x
           JOIN wd w1 ON w1.d = x.cina_assessment_start_date
             JOIN wd w2 ON w2.d = x.cina_assessment_auth_date
           WHERE cina_assessment_auth_date BETWEEN FY0 AND FY1"""
    )
    f["s47"] = one(
        "SELECT count(*) FROM ssd_s47_enquiry WHERE s47e_s47_start_date BETWEEN FY0 AND FY1"
    )
    f["icpc"] = one(
        "SELECT count(*) FROM ssd_initial_cp_conference WHERE icpc_icpc_date BETWEEN FY0 AND FY1"
    )
    f["icpc_15wd_pct"] = one(
        """SELECT 100 * avg((w2.wdn - w1.wdn <= 15)::INT) FROM ssd_initial_cp_conference i
           JOIN ssd_s47_enquiry s ON s.s47e_s47_enquiry_id = i.icpc_s47_enquiry_id
           JOIN wd w1 ON w1.d = s.s47e_s47_start_date JOIN wd w2 ON w2.d = i.icpc_icpc_date
           WHERE icpc_icpc_date BETWEEN FY0 AND FY1"""
    )
    f["cp_second_pct"] = one(
        """SELECT 100 * avg((EXISTS (SELECT 1 FROM ssd_cp_plans b
          WHERE b.cppl_person_id = a.cppl_person_id
               AND b.cppl_cp_plan_start_date < a.cppl_cp_plan_start_date))::INT)
           FROM ssd_cp_plans a WHERE cppl_cp_plan_start_date BETWEEN FY0 AND FY1"""
    )
    f["cp_open"] = one(
        f"""SELECT count(*) FROM ssd_cp_plans WHERE cppl_cp_plan_start_date <= FY1
            AND coalesce(cppl_cp_plan_end_date, {FAR}) > FY1"""
    )
    looked_after = f"""(SELECT DISTINCT clae_person_id p FROM ssd_cla_episodes
        WHERE clae_cla_episode_start_date <= FY1
          AND coalesce(clae_cla_episode_ceased_date, {FAR}) > FY1)"""
    uasc = f"""(SELECT immi_person_id FROM ssd_immigration_status
      WHERE immi_immigration_status = 'UASC'
        AND immi_immigration_status_start_date <= FY1
          AND coalesce(immi_immigration_status_end_date, {FAR}) > FY1)"""
    f["cla_local"] = one(f"SELECT count(*) FROM {looked_after} WHERE p NOT IN {uasc}")
    f["cla_uasc"] = one(f"SELECT count(*) FROM {looked_after} WHERE p IN {uasc}")
    f["under_18"] = one(
        "SELECT sum(pop_count) FROM ext_population WHERE pop_sex = 'T' AND pop_age < 18 "
        "AND pop_year = year(FY0)"
    )
    f["cin_open"] = one(
        f"""SELECT count(DISTINCT cine_person_id) FROM ssd_cin_episodes
          WHERE cine_referral_date <= FY1
            AND coalesce(cine_close_date, {FAR}) > FY1"""
    )
    f["cin_plans_open"] = one(
        f"""SELECT count(DISTINCT cinp_person_id) FROM ssd_cin_plans
          WHERE cinp_cin_plan_start_date <= FY1
            AND coalesce(cinp_cin_plan_end_date, {FAR}) > FY1"""
    )
    f["appeal_rights_exhausted"] = one(
        f"""SELECT count(DISTINCT immi_person_id) FROM ssd_immigration_status i
            JOIN ssd_person p ON p.pers_person_id = i.immi_person_id
          WHERE immi_immigration_status = 'ARE' AND immi_immigration_status_start_date <= FY1
            AND coalesce(immi_immigration_status_end_date, {FAR}) > FY1
            AND p.pers_dob + INTERVAL 25 YEAR > FY1"""
    )
    f["care_leaver_rows"] = one(
        "SELECT count(*) FROM ssd_care_leavers "
        "WHERE clea_care_leaver_latest_contact BETWEEN FY0 AND FY1"
    )
    f["care_leaver_eet_pct"] = one(
        """SELECT 100 * avg((clea_care_leaver_activity IN
          ('F1','P1','F2','P2','F3','P3','F4','P4','F5','P5'))::INT)
           FROM ssd_care_leavers WHERE clea_care_leaver_latest_contact BETWEEN FY0 AND FY1"""
    )
    f["missing_per_month"] = one(
        "SELECT count(*) / 12.0 FROM ssd_missing "
        "WHERE miss_missing_episode_start_date BETWEEN FY0 AND FY1"
    )
    f["contacts_1wd_pct"] = one(
        """SELECT 100 * avg((w2.wdn - w1.wdn <= 1)::INT) FROM ssd_contacts c
           JOIN ext_contact_decisions x ON x.cond_contact_id = c.cont_contact_id
           JOIN wd w1 ON w1.d = c.cont_contact_date JOIN wd w2 ON w2.d = x.cond_decision_date
           WHERE cont_contact_date BETWEEN FY0 AND FY1"""
    )
    f["eh_disengaged_pct"] = one(
        "SELECT 100 * avg((ehcl_closure_reason = 'DISENGAGED')::INT) FROM ext_early_help_closures "
        "WHERE ehcl_closure_date BETWEEN FY0 AND FY1"
    )
    f["eh_step_up_pct"] = one(
        "SELECT 100 * avg((ehcl_closure_reason = 'STEP_UP_CSC')::INT) FROM ext_early_help_closures "
        "WHERE ehcl_closure_date BETWEEN FY0 AND FY1"
    )
    f["cp_visited_20wd_pct"] = one(
        f"""SELECT 100 * avg(v) FROM (SELECT me.d, p.cppl_person_id,
               max((wm.wdn - wv.wdn < 20)::INT) v
             FROM {me} me JOIN ssd_cp_plans p ON p.cppl_cp_plan_start_date <= me.d - 28
               AND coalesce(p.cppl_cp_plan_end_date, {FAR}) > me.d
             JOIN wd wm ON wm.d = me.d
             LEFT JOIN ssd_cp_visits v ON v.cppv_person_id = p.cppl_person_id
               AND v.cppv_cp_visit_date <= me.d
             LEFT JOIN wd wv ON wv.d = v.cppv_cp_visit_date GROUP BY ALL)"""
    )
    f["cin_visited_4wk_pct"] = one(
        f"""SELECT 100 * avg(v) FROM (SELECT me.d, p.cinp_person_id,
               max(coalesce((v.cinv_cin_visit_date > me.d - 28)::INT, 0)) v
             FROM {me} me JOIN ssd_cin_plans p ON p.cinp_cin_plan_start_date <= me.d - 28
               AND coalesce(p.cinp_cin_plan_end_date, {FAR}) > me.d
             LEFT JOIN ssd_cin_visits v ON v.cinv_person_id = p.cinp_person_id
               AND v.cinv_cin_visit_date <= me.d
             GROUP BY ALL)"""
    )
    f["cla_visited_6wk_pct"] = one(
        f"""SELECT 100 * avg(v) FROM (SELECT me.d, e.clae_person_id,
               max(coalesce((v.clav_cla_visit_date > me.d - 42)::INT, 0)) v
             FROM {me} me JOIN ssd_cla_episodes e ON e.clae_entered_care_date <= me.d - 42
               AND e.clae_cla_episode_start_date <= me.d
                 AND coalesce(e.clae_cla_episode_ceased_date, {FAR}) > me.d
             LEFT JOIN ssd_cla_visits v ON v.clav_person_id = e.clae_person_id
               AND v.clav_cla_visit_date <= me.d
             GROUP BY ALL)"""
    )
    f["caseload"] = one(
        f"""SELECT avg(n) FROM (SELECT me.d, i.invo_professional_id, count(*) n FROM {me} me
             JOIN ssd_involvements i ON i.invo_involvement_start_date <= me.d
               AND coalesce(i.invo_involvement_end_date, {FAR}) >= me.d
                 AND i.invo_professional_role_id = 'SW'
             GROUP BY ALL)"""
    )
    f["case_supervision_pct"] = one(
        f"""SELECT 100 * avg(v) FROM (SELECT me.d, i.invo_person_id,
               max(coalesce((s.csup_supervision_date > me.d - 31)::INT, 0)) v
             FROM {me} me JOIN ssd_involvements i ON i.invo_involvement_start_date <= me.d - 31
               AND coalesce(i.invo_involvement_end_date, {FAR}) >= me.d
                 AND i.invo_professional_role_id <> 'EHW'
             LEFT JOIN ext_case_supervision s ON s.csup_person_id = i.invo_person_id
               AND s.csup_supervision_date <= me.d GROUP BY ALL)"""
    )
    f["staff_supervised_30d_pct"] = one(
        f"""SELECT 100 * avg(v) FROM (SELECT me.d, s.wstaf_staff_id,
               max(coalesce((x.ssup_supervision_date > me.d - 30)::INT, 0)) v
             FROM {me} me JOIN ext_workforce_staff s ON s.wstaf_start_date <= me.d - 30
               AND coalesce(s.wstaf_end_date, {FAR}) >= me.d
               AND s.wstaf_role IN ('SOCIAL_WORKER', 'SENIOR_PRACTITIONER', 'PERSONAL_ADVISER')
             LEFT JOIN ext_staff_supervision x ON x.ssup_staff_id = s.wstaf_staff_id
               AND x.ssup_supervision_date <= me.d GROUP BY ALL)"""
    )
    f["audits_per_quarter"] = one(
        "SELECT count(*) / 4.0 FROM ext_case_audits WHERE caud_audit_date BETWEEN FY0 AND FY1"
    )
    f["agency_pct"] = one(
        """SELECT 100 * avg((wstaf_agency = 'Y')::INT) FROM ext_workforce_staff
           WHERE wstaf_start_date <= FY1 AND coalesce(wstaf_end_date, DATE '9999-12-31') >= FY1
           AND wstaf_role IN ('SOCIAL_WORKER', 'SENIOR_PRACTITIONER')"""
    )
    f["vacancy_pct"] = one(
        """SELECT 100 * avg((n = 0)::INT)
          FROM (SELECT p.wpost_post_id, count(s.wstaf_assignment_id) n
             FROM ext_workforce_posts p LEFT
               JOIN ext_workforce_staff s ON s.wstaf_post_id = p.wpost_post_id
               AND s.wstaf_agency = 'N' AND s.wstaf_start_date <= FY1
               AND coalesce(s.wstaf_end_date, DATE '9999-12-31') >= FY1 GROUP BY ALL)"""
    )
    return f
