"""The SQL the Annex A writer runs on the canonical tables: one query per list, for the window
``$ws`` .. ``$we``, with the child's columns every list starts with (docs/formats/annex_a.md
gives the window rules)."""

from __future__ import annotations


def with_person(core: str) -> str:
    """A list's query with the child's columns every list starts with (age at the period end)."""
    return f"""
    WITH dis AS (
        SELECT disa_person_id AS pid,
               CASE WHEN bool_or(upper(disa_disability_code) <> 'NONE') THEN 'Y' ELSE 'N' END AS flag
        FROM ssd_disability GROUP BY 1),
    alloc AS (
        SELECT invo_person_id AS pid, invo_professional_team AS team, invo_professional_id AS worker
        FROM ssd_involvements
        WHERE invo_involvement_start_date <= $we
          AND (invo_involvement_end_date IS NULL OR invo_involvement_end_date >= $we)
        QUALIFY row_number() OVER (PARTITION BY invo_person_id
                                   ORDER BY invo_involvement_start_date DESC, invo_involvements_id) = 1)
    SELECT c.*,
        CASE p.pers_sex WHEN 'M' THEN 'Male' WHEN 'F' THEN 'Female' WHEN 'U' THEN 'Unknown'
                        WHEN 'I' THEN 'Indeterminate' END AS gender,
        p.pers_ethnicity AS ethnicity,
        p.pers_dob AS dob,
        CASE WHEN p.pers_dob <= $we THEN (CAST(strftime($we::DATE, '%Y%m%d') AS INTEGER)
             - CAST(strftime(p.pers_dob, '%Y%m%d') AS INTEGER)) // 10000 END AS age,
        dis.flag AS disability
    FROM ({core}) c
    LEFT JOIN ssd_person p ON p.pers_person_id = c.child
    LEFT JOIN dis ON dis.pid = c.child
    ORDER BY c._date, c.child
    """


def _one_per(child: str, day: str, order: str) -> str:
    """Annex A has one row per child per key date (the record id): keep one of same-day rows."""
    return f"QUALIFY row_number() OVER (PARTITION BY {child}, {day} ORDER BY {order}) = 1"


LIST_SQL: dict[int, str] = {
    1: f"""
        SELECT cont_person_id AS child, cont_contact_date AS _date, cont_contact_date AS contact_date,
               coalesce(cont_contact_source_code, cont_contact_source_desc) AS contact_source
        FROM ssd_contacts WHERE cont_contact_date BETWEEN $ws AND $we
        {_one_per("cont_person_id", "cont_contact_date", "cont_contact_id")}""",
    2: f"""
        SELECT earl_person_id AS child, earl_episode_start_date AS _date,
               earl_episode_start_date AS eh_start,
               CASE WHEN earl_episode_end_date <= $we THEN earl_episode_end_date END AS eh_end,
               earl_episode_organisation AS eh_org
        FROM ssd_early_help_episodes WHERE earl_episode_start_date BETWEEN $ws AND $we
        {_one_per("earl_person_id", "earl_episode_start_date", "earl_episode_id")}""",
    3: f"""
        SELECT r.cine_person_id AS child, r.cine_referral_date AS _date,
               r.cine_referral_date AS referral_date,
               coalesce(r.cine_referral_source_code, r.cine_referral_source_desc) AS referral_source,
               r.cine_referral_nfa AS referral_nfa,
               (SELECT count(*) FROM ssd_cin_episodes o
                WHERE o.cine_person_id = r.cine_person_id
                  AND o.cine_referral_date > r.cine_referral_date - INTERVAL 12 MONTH
                  AND o.cine_referral_date <= r.cine_referral_date) AS referrals_12m,
               r.cine_referral_team AS team, r.cine_referral_worker_id AS worker
        FROM ssd_cin_episodes r WHERE r.cine_referral_date BETWEEN $ws AND $we
        {_one_per("r.cine_person_id", "r.cine_referral_date", "r.cine_referral_id")}""",
    4: f"""
        SELECT cina_person_id AS child, cina_assessment_start_date AS _date,
               cina_assessment_start_date AS asmt_start,
               cina_assessment_child_seen AS child_seen,
               CASE WHEN cina_assessment_auth_date <= $we THEN cina_assessment_auth_date END AS asmt_auth,
               CASE WHEN cina_assessment_auth_date <= $we THEN
                    CASE cina_assessment_outcome_nfa WHEN 'Y' THEN 'N' WHEN 'N' THEN 'Y' END
               END AS requires_support,
               cina_assessment_team AS team, cina_assessment_worker_id AS worker
        FROM ssd_cin_assessments WHERE cina_assessment_start_date BETWEEN $ws AND $we
        {_one_per("cina_person_id", "cina_assessment_start_date", "cina_assessment_id")}""",
    5: f"""
        SELECT s.s47e_person_id AS child, s.s47e_s47_start_date AS _date,
               s.s47e_s47_start_date AS s47_start, s.s47e_s47_nfa AS icpc_unnecessary,
               i.icpc_icpc_date AS icpc_date, i.icpc_icpc_outcome_cp_flag AS icpc_plan,
               (SELECT count(*) FROM ssd_s47_enquiry o
                WHERE o.s47e_person_id = s.s47e_person_id
                  AND o.s47e_s47_start_date > s.s47e_s47_start_date - INTERVAL 12 MONTH
                  AND o.s47e_s47_start_date <= s.s47e_s47_start_date) AS s47_12m,
               (SELECT count(*) FROM ssd_initial_cp_conference o
                WHERE o.icpc_person_id = s.s47e_person_id
                  AND o.icpc_icpc_date > s.s47e_s47_start_date - INTERVAL 12 MONTH
                  AND o.icpc_icpc_date <= s.s47e_s47_start_date) AS icpc_12m,
               s.s47e_s47_completed_by_team AS team, s.s47e_s47_completed_by_worker_id AS worker
        FROM ssd_s47_enquiry s
        LEFT JOIN (SELECT * FROM ssd_initial_cp_conference WHERE icpc_icpc_date <= $we
                   QUALIFY row_number() OVER (PARTITION BY icpc_s47_enquiry_id
                                              ORDER BY icpc_icpc_date, icpc_icpc_id) = 1) i
               ON i.icpc_s47_enquiry_id = s.s47e_s47_enquiry_id
        WHERE s.s47e_s47_start_date BETWEEN $ws AND $we
        {_one_per("s.s47e_person_id", "s.s47e_s47_start_date", "s.s47e_s47_enquiry_id")}""",
    6: f"""
        SELECT e.cine_person_id AS child, e.cine_referral_date AS _date,
               e.cine_referral_date AS cin_start, e.cine_cin_primary_need_code AS primary_need,
               (SELECT max(v.cinv_cin_visit_date) FROM ssd_cin_visits v
                WHERE v.cinv_person_id = e.cine_person_id AND coalesce(v.cinv_cin_visit_seen, 'Y') = 'Y'
                  AND v.cinv_cin_visit_date BETWEEN e.cine_referral_date AND $we) AS last_seen,
               CASE WHEN e.cine_close_date <= $we THEN e.cine_close_date END AS cin_close,
               CASE WHEN e.cine_close_date <= $we THEN e.cine_close_reason END AS close_reason,
               CASE WHEN e.cine_close_date <= $we THEN 'Closed' ELSE 'Open' END AS case_status,
               e.cine_referral_team AS team, e.cine_referral_worker_id AS worker
        FROM ssd_cin_episodes e
        WHERE e.cine_referral_date <= $we AND (e.cine_close_date IS NULL OR e.cine_close_date >= $ws)
        {_one_per("e.cine_person_id", "e.cine_referral_date", "e.cine_referral_id")}""",
    7: f"""
        SELECT c.cppl_person_id AS child, c.cppl_cp_plan_start_date AS _date,
               c.cppl_cp_plan_start_date AS cpp_start,
               c.cppl_cp_plan_initial_category AS initial_category,
               c.cppl_cp_plan_latest_category AS latest_category,
               v.cppv_cp_visit_date AS last_visit, v.cppv_cp_visit_seen_alone AS seen_alone,
               (SELECT max(r.cppr_cp_review_date) FROM ssd_cp_reviews r
                WHERE r.cppr_cp_plan_id = c.cppl_cp_plan_id AND r.cppr_cp_review_date <= $we) AS latest_review,
               CASE WHEN c.cppl_cp_plan_end_date <= $we THEN c.cppl_cp_plan_end_date END AS cpp_end,
               (SELECT count(*) FROM ssd_cp_plans o
                WHERE o.cppl_person_id = c.cppl_person_id
                  AND o.cppl_cp_plan_start_date < c.cppl_cp_plan_start_date) AS previous_cpps,
               a.team, a.worker
        FROM ssd_cp_plans c
        LEFT JOIN (SELECT * FROM ssd_cp_visits WHERE cppv_cp_visit_date <= $we
                   QUALIFY row_number() OVER (PARTITION BY cppv_cp_plan_id
                                              ORDER BY cppv_cp_visit_date DESC, cppv_cp_visit_id) = 1) v
               ON v.cppv_cp_plan_id = c.cppl_cp_plan_id
        LEFT JOIN alloc a ON a.pid = c.cppl_person_id
        WHERE c.cppl_cp_plan_start_date <= $we
          AND (c.cppl_cp_plan_end_date IS NULL OR c.cppl_cp_plan_end_date >= $ws)
        {_one_per("c.cppl_person_id", "c.cppl_cp_plan_start_date", "c.cppl_cp_plan_id")}""",
    8: """
        WITH ep AS (
            SELECT * FROM ssd_cla_episodes
            WHERE clae_cla_episode_start_date <= $we
              AND (clae_cla_episode_ceased_date IS NULL OR clae_cla_episode_ceased_date >= $ws)),
        latest AS (
            SELECT e.*,
                   coalesce(e.clae_entered_care_date,
                            (SELECT min(o.clae_cla_episode_start_date) FROM ssd_cla_episodes o
                             WHERE o.clae_cla_id = e.clae_cla_id),
                            e.clae_cla_episode_start_date) AS entered,
                   least($we::DATE, coalesce(e.clae_cla_episode_ceased_date, $we::DATE)) AS as_at
            FROM ep e
            QUALIFY row_number() OVER (PARTITION BY e.clae_person_id
                                       ORDER BY e.clae_cla_episode_start_date DESC,
                                                e.clae_cla_episode_id DESC) = 1),
        pl AS (
            SELECT e.clae_person_id AS pid, c.*
            FROM latest e JOIN ssd_cla_placement c
              ON c.clap_person_id = e.clae_person_id AND c.clap_cla_placement_start_date <= e.as_at
            QUALIFY row_number() OVER (
                PARTITION BY e.clae_person_id
                ORDER BY (c.clap_cla_placement_id = e.clae_cla_placement_id) DESC NULLS LAST,
                         c.clap_cla_placement_start_date DESC) = 1),
        ls AS (
            SELECT e.clae_person_id AS pid, l.*
            FROM latest e JOIN ssd_legal_status l
              ON l.lega_person_id = e.clae_person_id
             AND l.lega_legal_status_start_date BETWEEN e.entered AND e.as_at
            QUALIFY row_number() OVER (PARTITION BY e.clae_person_id
                                       ORDER BY l.lega_legal_status_start_date DESC) = 1),
        miss AS (
            SELECT miss_person_id AS pid,
                   count(*) FILTER (WHERE miss_missing_episode_type = 'M'
                                    AND miss_missing_episode_start_date >= $ws) AS missing_12m,
                   count(*) FILTER (WHERE miss_missing_episode_type = 'A'
                                    AND miss_missing_episode_start_date >= $ws) AS absent_12m,
                   arg_max(miss_missing_rhi_offered, miss_missing_episode_start_date)
                       FILTER (WHERE miss_missing_episode_type = 'M') AS rhi_offered,
                   arg_max(miss_missing_rhi_accepted, miss_missing_episode_start_date)
                       FILTER (WHERE miss_missing_episode_type = 'M') AS rhi_accepted
            FROM ssd_missing WHERE miss_missing_episode_start_date <= $we GROUP BY 1)
        SELECT e.clae_person_id AS child, e.clae_cla_episode_start_date AS _date,
               CASE WHEN EXISTS (
                   SELECT 1 FROM ssd_immigration_status u
                   WHERE u.immi_person_id = e.clae_person_id AND upper(u.immi_immigration_status) = 'UASC'
                     AND coalesce(u.immi_immigration_status_start_date, $we) <= $we
                     AND coalesce(u.immi_immigration_status_end_date, $ws) >= $ws)
                    THEN 'Y' ELSE 'N' END AS uasc,
               e.entered AS entered_care,
               e.clae_cla_primary_need_code AS cla_need,
               CASE WHEN (SELECT count(DISTINCT coalesce(o.clae_cla_id, o.clae_cla_episode_id)) FROM ep o
                          WHERE o.clae_person_id = e.clae_person_id) > 1 THEN 'Y' ELSE 'N' END AS second_period,
               ls.lega_legal_status_start_date AS ls_start, ls.lega_legal_status AS legal_status,
               (SELECT max(r.clar_cla_review_date) FROM ssd_cla_reviews r
                WHERE r.clar_person_id = e.clae_person_id AND r.clar_cla_review_date <= $we) AS latest_review,
               (SELECT max(v.clav_cla_visit_date) FROM ssd_cla_visits v
                WHERE v.clav_person_id = e.clae_person_id AND v.clav_cla_visit_date <= $we) AS last_visit,
               e.clae_cla_last_iro_contact_date AS last_iro,
               (SELECT count(*) FROM ssd_cla_placement o
                WHERE o.clap_person_id = e.clae_person_id AND o.clap_cla_placement_start_date <= $we
                  AND (o.clap_cla_placement_end_date IS NULL OR o.clap_cla_placement_end_date >= $ws)) AS placements_12m,
               CASE WHEN e.clae_cla_episode_ceased_date <= $we THEN e.clae_cla_episode_ceased_date END AS ceased_date,
               CASE WHEN e.clae_cla_episode_ceased_date <= $we THEN e.clae_cla_episode_ceased_reason END AS ceased_reason,
               pl.clap_cla_placement_start_date AS placement_start,
               pl.clap_cla_placement_type AS placement_type,
               pl.clap_cla_placement_provider AS placement_provider,
               pl.clap_cla_placement_postcode AS placement_postcode,
               pl.clap_cla_placement_urn AS placement_urn,
               miss.missing_12m, miss.absent_12m, miss.rhi_offered, miss.rhi_accepted,
               a.team, a.worker
        FROM latest e
        LEFT JOIN pl ON pl.pid = e.clae_person_id
        LEFT JOIN ls ON ls.pid = e.clae_person_id
        LEFT JOIN miss ON miss.pid = e.clae_person_id
        LEFT JOIN alloc a ON a.pid = e.clae_person_id""",
    9: """
        SELECT clea_person_id AS child, clea_care_leaver_latest_contact AS _date,
               clea_care_leaver_allocated_team AS team, clea_care_leaver_worker_id AS worker,
               clea_care_leaver_eligibility AS eligibility, clea_care_leaver_in_touch AS in_touch,
               regexp_replace(clea_care_leaver_accommodation, '^([A-Z])[12]$', '\\1') AS accommodation,
               CASE coalesce(clea_care_leaver_accom_suitable,
                             CASE right(clea_care_leaver_accommodation, 1) WHEN '1' THEN 'Y' WHEN '2' THEN 'N' END)
                    WHEN 'Y' THEN 'Suitable' WHEN 'N' THEN 'Unsuitable' END AS suitability,
               clea_care_leaver_activity AS activity,
               CASE WHEN EXISTS (SELECT 1 FROM ssd_immigration_status u
                                 WHERE u.immi_person_id = clea_person_id
                                   AND upper(u.immi_immigration_status) = 'UASC')
                    THEN 'Y' ELSE 'N' END AS uasc_ever,
               clea_care_leaver_personal_advisor AS personal_advisor,
               clea_pathway_plan_review_date AS pathway_review,
               clea_care_leaver_latest_contact AS latest_contact
        FROM ssd_care_leavers
        WHERE clea_care_leaver_latest_contact BETWEEN $ws AND $we
        QUALIFY row_number() OVER (PARTITION BY clea_person_id
                                   ORDER BY clea_care_leaver_latest_contact DESC, clea_table_id DESC) = 1""",
}
