-- CLA 10: children looked after at the month end whose statutory visits are within timescales (setting cla_visit_rule: reg28 or six_weekly).
WITH in_care AS (
    -- Looked after at the month end (not on short breaks, V3/V4), with the start of the current
    -- period of care: shared/looked_after.sql.
    SELECT period_id, period_end, person_id AS person, care_start FROM looked_after
),
placements AS (
    -- Each child's placements, as a list.
    SELECT clap_person_id AS person,
           list(struct_pack(started := clap_cla_placement_start_date,
                            ended := clap_cla_placement_end_date,
                            type := clap_cla_placement_type)) AS placements
    FROM ssd_cla_placement
    GROUP BY ALL
),
child AS (
    -- The placement at the month end: the latest started of those open at it, should records
    -- overlap (started on or before the month end, ended after it or not at all).
    SELECT la.period_id, la.period_end, la.person, la.care_start, pl.type AS placement_type,
           coalesce(pl.started, la.care_start) AS placement_start
    FROM (
        SELECT la.*,
               -- The greatest by start date (then end date, then type).
               list_max(list_filter(p.placements, lambda x: x.started <= la.period_end
                                    AND (x.ended IS NULL OR x.ended > la.period_end))) AS pl
        FROM in_care la
        LEFT JOIN placements p ON p.person = la.person
    ) la
),
visits AS (
    -- Each child's visits with the child seen, as a list of dates.
    SELECT clav_person_id AS person, list(clav_cla_visit_date) AS visits
    FROM ssd_cla_visits
    WHERE clav_cla_visit_seen = 'Y' AND clav_cla_visit_date IS NOT NULL
    GROUP BY ALL
),
latest AS (
    -- The latest visit with the child seen on or before the month end.
    SELECT c.*, list_max(list_filter(v.visits, lambda d: d <= c.period_end)) AS visit_date
    FROM child c
    LEFT JOIN visits v ON v.person = c.person
),
seen AS (
    -- That visit, if it was since the period of care began, and if it was since the placement began.
    SELECT *,
           CASE WHEN visit_date >= care_start THEN visit_date END AS seen_in_care,
           CASE WHEN visit_date >= greatest(care_start, placement_start) THEN visit_date END
               AS seen_in_placement
    FROM latest
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
