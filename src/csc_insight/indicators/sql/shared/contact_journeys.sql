-- Shared: contacts followed through to referral and assessment, for FD 9, FD
-- contacts to assessment and their listings (seed 001, para 2.3).
--   * View contact_journeys (contact_id, person_id, received, source_code, source_group,
--     referral_id, referral_date, assessment_started, to_referral, to_assessment): every contact
--     (ssd_contacts), one row each, whenever received; an indicator joins period_days on
--     received. Dates only, no month: it serves weeks as well as months.
--   * received: the form date (cont_contact_date). The contact's decision and completed date
--     (ext_contact_decisions) are not columns: the listings join them for their month, as a join
--     of every contact to its decision doubled FD 9 and FD 10's time at national scale.
--   * source_code: the CIN census referral-source code (cont_contact_source_code); source_group:
--     the DfE's group of it, as in Characteristics of children in need (referrals by source): a
--     code starting 1 (1A-1D, not 10) Individual, 2A Schools, 2B Education services, starting 3
--     Health services, 4 Housing, starting 5 LA services, 6 Police, 7 Other legal agency, 8 Other,
--     9 Anonymous, anything else (10, empty) Unknown.
--   * to_referral: the contact became a referral. It was decided REFERRAL and the child
--     (cont_person_id) has a referral (ssd_cin_episodes) dated on or after the form date and on or
--     before the completed date: the referral window. A contact still open (no completed date), or
--     decided otherwise, did not. Two contacts whose windows hold one referral both became it.
--   * to_assessment: it became a referral (above), and a referral of the child in the window has a
--     child and family assessment (ssd_cin_assessments.cina_referral_id), whenever it started.
--   * referral_id, referral_date: for a contact that became a referral, the earliest referral in
--     the window (two on that day: the lower id); assessment_started: the earliest start of the
--     assessments of the referrals in the window. Empty otherwise.
-- (materialised: read by FD 9 and FD 10, which share it in one query; about 10 million rows at
-- national scale, computed once rather than twice)
CREATE OR REPLACE TEMP VIEW contact_journeys AS
WITH referred AS (
    -- Each contact decided REFERRAL with a referral of the child in its window: the first such
    -- referral, and the assessments of any of them. By the contact's row (rowid), a number,
    -- which the join below matches much faster than the contact id, a string (10 million
    -- contacts at national scale).
    SELECT
        c.rowid AS contact_row,
        min(r.cine_referral_date) AS referral_date,
        arg_min(r.cine_referral_id, (r.cine_referral_date, r.cine_referral_id)) AS referral_id,
        min(a.cina_assessment_start_date) AS assessment_started,
        count(a.cina_referral_id) > 0 AS assessed
    FROM ssd_contacts c
    JOIN ext_contact_decisions d ON d.cond_contact_id = c.cont_contact_id
    JOIN ssd_cin_episodes r
      ON r.cine_person_id = c.cont_person_id
     AND r.cine_referral_date >= c.cont_contact_date
     AND r.cine_referral_date <= d.cond_decision_date
    LEFT JOIN ssd_cin_assessments a ON a.cina_referral_id = r.cine_referral_id
    WHERE d.cond_decision = 'REFERRAL'
    GROUP BY c.rowid
)
SELECT
    c.cont_contact_id AS contact_id,
    c.cont_person_id AS person_id,
    c.cont_contact_date AS received,
    c.cont_contact_source_code AS source_code,
    CASE
        WHEN c.cont_contact_source_code LIKE '1%' AND c.cont_contact_source_code <> '10' THEN 'Individual'
        WHEN c.cont_contact_source_code = '2A' THEN 'Schools'
        WHEN c.cont_contact_source_code = '2B' THEN 'Education services'
        WHEN c.cont_contact_source_code LIKE '3%' THEN 'Health services'
        WHEN c.cont_contact_source_code = '4' THEN 'Housing'
        WHEN c.cont_contact_source_code LIKE '5%' THEN 'LA services'
        WHEN c.cont_contact_source_code = '6' THEN 'Police'
        WHEN c.cont_contact_source_code = '7' THEN 'Other legal agency'
        WHEN c.cont_contact_source_code = '8' THEN 'Other'
        WHEN c.cont_contact_source_code = '9' THEN 'Anonymous'
        ELSE 'Unknown'
    END AS source_group,
    l.referral_id,
    l.referral_date,
    l.assessment_started,
    l.contact_row IS NOT NULL AS to_referral,
    coalesce(l.assessed, false) AS to_assessment
FROM ssd_contacts c
LEFT JOIN referred l ON l.contact_row = c.rowid;
