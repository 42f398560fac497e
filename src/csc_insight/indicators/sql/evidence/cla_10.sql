-- CLA 10 evidence: each child looked after at the month end (shared/looked_after.sql), their
-- placement then, their last visit with the child seen, and the day by which the next visit was
-- due under the rule that applies (setting cla_visit_rule). In time: the month end is on or
-- before visit_due_by.
--   * placement_start, placement_type: the placement open at the month end (the latest started,
--     should records overlap); with none recorded, the placement starts with the care.
--   * last_visit: the latest visit with the child seen on or before the month end (any time).
--   * visit_rule and visit_due_by, with reg28 (the default; Care Planning Regulations 2010 reg 28):
--       - not yet seen in this placement: within 1 week of its start (placement_start + 7 days);
--       - in the placement's first year: 6 weeks after the last visit in it;
--       - after that, in long-term foster care (U1, U4): 3 months after it;
--       - otherwise 6 weeks after it.
--     With six_weekly (the seed's reading): 6 weeks after the last visit in this period of care.
WITH child AS (
    SELECT
        la.period_id,
        la.period_end,
        la.person_id,
        la.care_start,
        (
            SELECT max(struct_pack(started := x.clap_cla_placement_start_date,
                                   ended := x.clap_cla_placement_end_date,
                                   type := x.clap_cla_placement_type))
            FROM ssd_cla_placement x
            WHERE x.clap_person_id = la.person_id
              AND x.clap_cla_placement_start_date <= la.period_end
              AND (x.clap_cla_placement_end_date IS NULL
                   OR x.clap_cla_placement_end_date > la.period_end)
        ) AS placement,
        (
            SELECT max(v.clav_cla_visit_date)
            FROM ssd_cla_visits v
            WHERE v.clav_person_id = la.person_id
              AND v.clav_cla_visit_seen = 'Y'
              AND v.clav_cla_visit_date <= la.period_end
        ) AS last_visit
    FROM looked_after la
),
placed AS (
    SELECT
        *,
        coalesce(placement.started, care_start) AS placement_start,
        placement.type AS placement_type,
        CASE WHEN last_visit >= care_start THEN last_visit END AS seen_in_care,
        CASE WHEN last_visit >= greatest(care_start, coalesce(placement.started, care_start))
             THEN last_visit END AS seen_in_placement
    FROM child
),
ruled AS (
    SELECT
        *,
        CASE
            WHEN getvariable('cla_visit_rule') = 'six_weekly' THEN 'six weekly'
            WHEN seen_in_placement IS NULL THEN 'first week of placement'
            WHEN period_end < placement_start + INTERVAL 1 YEAR
                THEN 'six weekly, first year of placement'
            WHEN placement_type IN ('U1', 'U4') THEN 'three monthly, long-term foster care'
            ELSE 'six weekly'
        END AS visit_rule
    FROM placed
)
SELECT
    period_id,
    person_id AS subject_id,
    person_id,
    care_start,
    placement_start,
    placement_type,
    last_visit,
    visit_rule,
    CAST(CASE
        WHEN getvariable('cla_visit_rule') = 'six_weekly' THEN seen_in_care + 42
        WHEN visit_rule = 'first week of placement' THEN placement_start + 7
        WHEN visit_rule = 'three monthly, long-term foster care'
            THEN seen_in_placement + INTERVAL 3 MONTH
        ELSE seen_in_placement + 42
    END AS DATE) AS visit_due_by
FROM ruled
