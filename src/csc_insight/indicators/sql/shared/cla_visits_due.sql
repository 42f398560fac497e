-- Shared: the visits of each child looked after at a month end, for CLA 10 and its evidence.
-- View cla_visits_due (period_id, period_end, person, care_start, visit_date, placement_type,
-- placement_start, legal_status, legal_status_start, paragraph, rule_from, seen_in_care,
-- seen_since, first_review, due_by): the placement and legal status open at the
-- month end, the paragraph of the Care Planning Regulations 2010 reg 28 that applies and the day
-- it began to apply (rule_from), the last visit with the child seen, the first review since
-- rule_from, and the day by which the next visit was due (setting cla_visit_rule: reg28 or
-- six_weekly). Under reg28 the rule in force for a visit is the one in force on the day of the
-- visit; the next is due a week, four weeks, six weeks or three months after it (see CLA 10).
-- Each fact is looked up once per child-month, in one pass: the latest visit and the first review
-- by as-of joins, the placement and legal status by month key (open_month_keys) with the
-- overlapping records alone grouped. Lists of each child's records filtered for every month
-- (list_filter) took four times as long at national scale (6 million child-months).
-- materialise: no (read by CLA 10 alone, and by its evidence for one month)
CREATE OR REPLACE TEMP VIEW cla_visits_due AS
WITH in_care AS (
    -- Looked after at the month end (not on short breaks, V3/V4), with the start of the current
    -- period of care: shared/looked_after.sql.
    SELECT period_id, period_end, person_id AS person, care_start FROM looked_after
),
visits AS (
    -- Visits with the child seen.
    SELECT clav_person_id AS person, clav_cla_visit_date AS visit_date
    FROM ssd_cla_visits
    WHERE clav_cla_visit_seen = 'Y' AND clav_cla_visit_date IS NOT NULL
),
visited AS (
    -- The latest visit with the child seen on or before the month end (an as-of join: the
    -- greatest visit date not after it).
    SELECT c.*, v.visit_date
    FROM in_care c
    ASOF LEFT JOIN visits v ON v.person = c.person AND c.period_end >= v.visit_date
),
record AS (
    -- Each child's placements and legal statuses, one row each: started, ended and the value
    -- (placement type, legal status).
    SELECT 'placement' AS kind, clap_person_id AS person, clap_cla_placement_start_date AS started,
           clap_cla_placement_end_date AS ended, clap_cla_placement_type AS value
    FROM ssd_cla_placement
    UNION ALL
    SELECT 'legal status', lega_person_id, lega_legal_status_start_date, lega_legal_status_end_date,
           lega_legal_status
    FROM ssd_legal_status
),
-- NOT MATERIALIZED: computed where each is read (once for the placements, once for the legal
-- statuses), so that each reads only its own kind, rather than held whole (13 million rows).
overlapping AS NOT MATERIALIZED (
    -- Whether a record is open at a month end together with another of the child's of the same
    -- kind (the rule of shared/looked_after.sql's episodes): in order of the first month end
    -- each is open at (lo), a record shares one with an earlier record when the latest month
    -- end of those before it (hi) is at or after its first, and with a later one when the next
    -- first is at or before its last. Months outside `periods` count too, so a record may be
    -- called overlapping when it is not, which costs only time.
    SELECT *,
           coalesce(max(hi) OVER w >= lo, false) OR coalesce(lead(lo) OVER w <= hi, false)
               AS overlap
    FROM (
        SELECT *, month_key(started) AS lo, coalesce(month_key(ended) - 1, 999999) AS hi
        FROM record
        WHERE started IS NOT NULL
    )
    WINDOW w AS (PARTITION BY kind, person ORDER BY lo, hi
                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
),
open_record AS NOT MATERIALIZED (
    -- The record of each kind open at each month end (open_month_keys: started on or before it,
    -- ended after it or not at all): a record that overlaps none of the child's is one row per
    -- month; where they overlap, the latest started (the greatest by start date, then end date,
    -- then value). Grouping only the overlapping ones saves grouping millions of rows.
    SELECT kind, person, month_key, struct_pack(started, ended, value) AS rec
    FROM (
        SELECT *, unnest(open_month_keys(started, ended)) AS month_key
        FROM overlapping
        WHERE NOT overlap
    )
    UNION ALL
    SELECT kind, person, month_key, max(struct_pack(started, ended, value))
    FROM (
        SELECT *, unnest(open_month_keys(started, ended)) AS month_key
        FROM overlapping
        WHERE overlap
    )
    GROUP BY kind, person, month_key
),
child AS (
    -- The placement and the legal status at the month end; with no placement recorded, the
    -- placement starts with the care.
    SELECT la.period_id, la.period_end, la.person, la.care_start, la.visit_date,
           p.rec.value AS placement_type, coalesce(p.rec.started, la.care_start) AS placement_start,
           l.rec.value AS legal_status, l.rec.started AS legal_status_start
    FROM visited la
    LEFT JOIN open_record p
      ON p.kind = 'placement' AND p.person = la.person AND p.month_key = month_key(la.period_end)
    LEFT JOIN open_record l
      ON l.kind = 'legal status' AND l.person = la.person AND l.month_key = month_key(la.period_end)
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
reviews AS (
    -- Reviews held (not cancelled).
    SELECT clar_person_id AS person, clar_cla_review_date AS review_date
    FROM ssd_cla_reviews
    WHERE clar_cla_review_cancelled IS DISTINCT FROM 'Y' AND clar_cla_review_date IS NOT NULL
),
first_review AS (
    -- The first review on or after the day the rule began to apply (an as-of join: the least
    -- review date not before it), once for each child and day, not for every month.
    SELECT c.person, c.rule_from, r.review_date AS first_review
    FROM (SELECT DISTINCT person, rule_from FROM ruled) c
    ASOF LEFT JOIN reviews r ON r.person = c.person AND c.rule_from <= r.review_date
),
seen AS (
    -- The visit if since the period of care began, and if since the rule began to apply; the
    -- first review since then.
    SELECT c.*,
           CASE WHEN c.visit_date >= c.care_start THEN c.visit_date END AS seen_in_care,
           CASE WHEN c.visit_date >= c.rule_from THEN c.visit_date END AS seen_since,
           f.first_review
    FROM ruled c
    LEFT JOIN first_review f ON f.person = c.person AND f.rule_from = c.rule_from
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
