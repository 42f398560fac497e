-- Shared: the visits of each child looked after at a month end, for CLA 10 and its evidence.
-- View cla_visits_due (period_id, period_end, person, care_start, placement_type,
-- placement_start, legal_status, legal_status_start, paragraph, rule_from, visit_date,
-- seen_in_care, seen_since, first_review, due_by): the placement and legal status open at the
-- month end, the paragraph of the Care Planning Regulations 2010 reg 28 that applies and the day
-- it began to apply (rule_from), the last visit with the child seen, the first review since
-- rule_from, and the day by which the next visit was due (setting cla_visit_rule: reg28 or
-- six_weekly). Under reg28 the rule in force for a visit is the one in force on the day of the
-- visit; the next is due a week, four weeks, six weeks or three months after it (see CLA 10).
-- materialise: no (read by CLA 10 alone, and by its evidence for one month)
CREATE OR REPLACE TEMP VIEW cla_visits_due AS
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
legal AS (
    -- Each child's legal statuses, as a list.
    SELECT lega_person_id AS person,
           list(struct_pack(started := lega_legal_status_start_date,
                            ended := lega_legal_status_end_date,
                            status := lega_legal_status)) AS statuses
    FROM ssd_legal_status
    GROUP BY ALL
),
child AS (
    -- The placement and the legal status at the month end: the latest started of those open at
    -- it, should records overlap (started on or before the month end, ended after it or not at all).
    SELECT la.period_id, la.period_end, la.person, la.care_start, pl.type AS placement_type,
           coalesce(pl.started, la.care_start) AS placement_start,
           ls.status AS legal_status, ls.started AS legal_status_start
    FROM (
        SELECT la.*,
               -- The greatest by start date (then end date, then type or status).
               list_max(list_filter(p.placements, lambda x: x.started <= la.period_end
                                    AND (x.ended IS NULL OR x.ended > la.period_end))) AS pl,
               list_max(list_filter(l.statuses, lambda x: x.started <= la.period_end
                                    AND (x.ended IS NULL OR x.ended > la.period_end))) AS ls
        FROM in_care la
        LEFT JOIN placements p ON p.person = la.person
        LEFT JOIN legal l ON l.person = la.person
    ) la
),
ruled AS (
    -- Which paragraph of reg 28 applies, and the day it began to apply (rule_from): visits
    -- before it do not count.
    SELECT *,
           CASE
               -- (4): at home with a parent (P1) under an interim care order (C1).
               WHEN placement_type = 'P1' AND legal_status = 'C1' THEN 'ico_at_home'
               -- (5): at home with a parent under a care order (C2).
               WHEN placement_type = 'P1' AND legal_status = 'C2' THEN 'care_order_at_home'
               -- (4): with a relative or friend, not long-term or fostering for adoption (U3):
               -- temporary approval of a connected person (reg 24) is assumed for 16 weeks.
               WHEN placement_type = 'U3' THEN 'connected_person'
               -- (2): everyone else.
               ELSE 'general'
           END AS paragraph,
           CASE WHEN placement_type = 'P1' AND legal_status IN ('C1', 'C2')
                THEN greatest(care_start, placement_start, legal_status_start)
                ELSE greatest(care_start, placement_start)
           END AS rule_from
    FROM child
),
visits AS (
    -- Each child's visits with the child seen, as a list of dates.
    SELECT clav_person_id AS person, list(clav_cla_visit_date) AS visits
    FROM ssd_cla_visits
    WHERE clav_cla_visit_seen = 'Y' AND clav_cla_visit_date IS NOT NULL
    GROUP BY ALL
),
reviews AS (
    -- Each child's reviews held (not cancelled), as a list of dates.
    SELECT clar_person_id AS person, list(clar_cla_review_date) AS reviews
    FROM ssd_cla_reviews
    WHERE clar_cla_review_cancelled IS DISTINCT FROM 'Y' AND clar_cla_review_date IS NOT NULL
    GROUP BY ALL
),
seen AS (
    -- The latest visit with the child seen on or before the month end; that visit if since the
    -- period of care began, and if since the rule began to apply; the first review since then.
    SELECT c.*,
           list_max(list_filter(v.visits, lambda d: d <= c.period_end)) AS visit_date,
           CASE WHEN visit_date >= care_start THEN visit_date END AS seen_in_care,
           CASE WHEN visit_date >= rule_from THEN visit_date END AS seen_since,
           list_min(list_filter(r.reviews, lambda d: d >= c.rule_from)) AS first_review
    FROM ruled c
    LEFT JOIN visits v ON v.person = c.person
    LEFT JOIN reviews r ON r.person = c.person
),
due AS (
    SELECT *,
           CASE
               -- The seed's reading: 6 weeks (42 days) after the last visit in this period of care.
               WHEN getvariable('cla_visit_rule') = 'six_weekly' THEN seen_in_care + 42
               -- Not seen since the rule began to apply: within 1 week of it (the placement start;
               -- at home under an order, the later of the placement and the order).
               WHEN seen_since IS NULL THEN rule_from + 7
               -- (4) weekly until the first review, then at most 4 weeks (28 days); under (4) for a
               -- connected person only while temporary approval lasts (16 weeks, 112 days).
               WHEN paragraph = 'ico_at_home'
                    OR (paragraph = 'connected_person' AND seen_since < rule_from + 112)
                   THEN CASE WHEN first_review IS NULL OR seen_since < first_review
                             THEN seen_since + 7 ELSE seen_since + 28 END
               -- (5) 6 weeks.
               WHEN paragraph = 'care_order_at_home' THEN seen_since + 42
               -- (2)(b) 6 weeks after a visit in the placement's first year.
               WHEN seen_since < placement_start + INTERVAL 1 YEAR THEN seen_since + 42
               -- (2)(c)(i) after it, 3 months where the placement is intended to last until 18
               -- (approximated as long-term foster care, U1 or U4); (c)(ii) otherwise 6 weeks.
               WHEN placement_type IN ('U1', 'U4') THEN seen_since + INTERVAL 3 MONTH
               ELSE seen_since + 42
           END AS due_by
    FROM seen
)
SELECT * FROM due;
