-- CIN 4 evidence: each child on a CIN plan at the month end who is neither on a CP plan nor
-- looked after (shared/cin_plan_cohort.sql), and their last visit with the child seen.
--   * last_seen_visit: the latest visit on or before the month end at which the child was seen.
--   * seen_from: the first day a visit counts from: the month end minus cin_visit_days (28 by
--     default) plus one, so for 31 March, 4 March. Seen on or after it counts.
SELECT
    k.period_id,
    k.person_id AS subject_id,
    k.person_id,
    k.current_plan_start AS cin_plan_start,
    (
        SELECT max(v.cinv_cin_visit_date)
        FROM ssd_cin_visits v
        WHERE v.cinv_person_id = k.person_id
          AND v.cinv_cin_visit_seen = 'Y'
          AND v.cinv_cin_visit_date <= k.period_end
    ) AS last_seen_visit,
    CAST(k.period_end - getvariable('cin_visit_days') + 1 AS DATE) AS seen_from
FROM cin_plan_cohort k
