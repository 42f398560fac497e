-- CLA 10: children looked after at the month end whose statutory visits are within timescales (setting cla_visit_rule: reg28 or six_weekly).
WITH in_care AS (
    -- Looked after at the month end (not on short breaks, V3/V4), with the start of the current
    -- period of care: shared/looked_after.sql.
    SELECT period_id, period_end, person_id AS person, care_start FROM looked_after
),
placement AS (
    -- The placement at the month end (the latest started, should records overlap).
    SELECT la.period_id, la.person,
           max(pl.clap_cla_placement_start_date) AS placement_start,
           arg_max(pl.clap_cla_placement_type, pl.clap_cla_placement_start_date) AS placement_type
    FROM in_care la
    JOIN ssd_cla_placement pl
      ON pl.clap_person_id = la.person
     AND pl.clap_cla_placement_start_date <= la.period_end
     AND (pl.clap_cla_placement_end_date IS NULL OR pl.clap_cla_placement_end_date > la.period_end)
    GROUP BY la.period_id, la.person
),
child AS (
    SELECT la.period_id, la.period_end, la.person, la.care_start, pl.placement_type,
           coalesce(pl.placement_start, la.care_start) AS placement_start
    FROM in_care la
    LEFT JOIN placement pl ON pl.period_id = la.period_id AND pl.person = la.person
),
visits AS (
    SELECT clav_person_id AS person, clav_cla_visit_date AS visit_date
    FROM ssd_cla_visits
    WHERE clav_cla_visit_seen = 'Y' AND clav_cla_visit_date IS NOT NULL
),
seen AS (
    -- The latest visit with the child seen on or before the month end, if it was since the period
    -- of care began, and if it was since the placement began.
    SELECT c.*,
           CASE WHEN v.visit_date >= c.care_start THEN v.visit_date END AS seen_in_care,
           CASE WHEN v.visit_date >= greatest(c.care_start, c.placement_start) THEN v.visit_date END
               AS seen_in_placement
    FROM child c
    ASOF LEFT JOIN visits v ON v.person = c.person AND v.visit_date <= c.period_end
)
SELECT
    period_id,
    person AS subject_id,
    CASE WHEN CASE getvariable('cla_visit_rule')
        -- The seed's reading: a visit in the last 6 weeks (42 days), none before the period of care.
        WHEN 'six_weekly' THEN period_end - seen_in_care <= 42
        -- Care Planning Regulations 2010 reg 28(2).
        ELSE CASE
            -- (a) within 1 week of the placement start: in time until then.
            WHEN seen_in_placement IS NULL THEN period_end - placement_start <= 7
            -- (b) then at intervals of not more than 6 weeks in the placement's first year.
            WHEN period_end < placement_start + INTERVAL 1 YEAR THEN period_end - seen_in_placement <= 42
            -- (c)(i) after the first year, 3 months where the placement is intended to last until 18
            -- (approximated as long-term foster care, U1 or U4).
            WHEN placement_type IN ('U1', 'U4') THEN period_end <= seen_in_placement + INTERVAL 3 MONTH
            -- (c)(ii) otherwise 6 weeks.
            ELSE period_end - seen_in_placement <= 42
        END
    END THEN 1 ELSE 0 END AS numerator,
    1 AS denominator
FROM seen
