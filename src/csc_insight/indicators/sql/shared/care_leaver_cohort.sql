-- Shared: care leavers at their 17th to 21st birthdays, for CL 1, CL 2 (aged 19 to 21) and
-- CL 1 17-18, CL 2 17-18, as the DfE counts them ('Children looked after in England including
-- adoptions', care leavers tables, from SSDA903 OC3).
--   * View care_leaver_cohort (period_id, person, age, birthday, record_date, in_touch, activity,
--     accommodation, eet, suitable, team): one row per young person with a 17th to 21st birthday in the
--     12 months ending at the period end (the month and the 11 before it) who was a care leaver on
--     it; with two birthdays in the window (born on 29 February: 1 March 2019 and 29 February
--     2020, both in the 12 months to February 2020), the later.
--   * Birthdays from pers_dob: (dob - 1 day) + n years + 1 day, so someone born on 29 February
--     has it on 1 March in a common year. No date of birth: no birthday, not counted.
--   * A care leaver on a birthday: not looked after that day (an episode started on or before it
--     and not ceased by it, short breaks V3/V4 apart, as shared/looked_after.sql), and either
--     looked after for at least 13 weeks (91 days) after their 14th birthday, some of it after
--     their 16th, before the birthday (the Children Act 1989's eligible, relevant and former
--     relevant child; days under legal status V3 or V4, short breaks, do not count), or recorded
--     by the authority as a care leaver (a care-leaver record whose eligibility is not
--     Qualifying), for a care history the store does not hold back to the 14th birthday.
--   * The status at the birthday: the young person's latest care-leaver record dated from 3 months
--     before the birthday to 1 month after it (the SSDA903 guide's "around the birthday"; a
--     record from the 903 is dated on the birthday itself); the highest table id on the same date.
--     No record: no information (record_date, in_touch, activity, accommodation empty), which
--     counts as neither in education, employment or training nor in suitable accommodation.
--   * Left out, as the DfE leaves them out: young people whose status says they have died (DIED)
--     or returned home to their parents for 6 months or more (RHOM), who died (pers_death_date)
--     on or before the birthday, or whose record at an earlier birthday said they had died.
--   * eet: the SSDA903 activity codes of education, employment or training: F1/P1, F2/P2, F4/P4,
--     F5/P5, and F3/P3 (training or employment, as returns coded it before F4/P4 and F5/P5).
--     suitable: the accommodation recorded as suitable (clea_care_leaver_accom_suitable Y; when it
--     is empty, an SSDA903 ACCOM code ending 1). team: the team that record names
--     (clea_care_leaver_allocated_team); empty with no record.
-- (materialised: read by four indicators in one query)
CREATE OR REPLACE TEMP VIEW care_leaver_cohort AS
WITH recorded AS (
    -- The authority's care-leaver records: who it holds as a care leaver, and who it recorded as
    -- having died (from the first such record).
    SELECT clea_person_id AS person,
           bool_or(coalesce(clea_care_leaver_eligibility, '') <> 'Qualifying') AS care_leaver,
           min(clea_care_leaver_latest_contact) FILTER (WHERE clea_care_leaver_in_touch = 'DIED')
               AS recorded_died
    FROM ssd_care_leavers
    GROUP BY clea_person_id
),
candidate AS (
    -- Young people with a care history or a care-leaver record, and a date of birth.
    SELECT pe.pers_person_id AS person, pe.pers_dob AS dob, pe.pers_death_date AS died,
           coalesce(r.care_leaver, false) AS recorded_care_leaver, r.recorded_died
    FROM ssd_person pe
    LEFT JOIN recorded r ON r.person = pe.pers_person_id
    WHERE pe.pers_dob IS NOT NULL
      AND (r.person IS NOT NULL
           OR pe.pers_person_id IN (SELECT clae_person_id FROM ssd_cla_episodes))
),
birthday AS (
    SELECT c.*, n AS age,
           CAST((c.dob - INTERVAL 1 DAY) + to_years(n) + INTERVAL 1 DAY AS DATE) AS birthday,
           CAST((c.dob - INTERVAL 1 DAY) + INTERVAL 14 YEAR + INTERVAL 1 DAY AS DATE) AS turned_14,
           CAST((c.dob - INTERVAL 1 DAY) + INTERVAL 16 YEAR + INTERVAL 1 DAY AS DATE) AS turned_16
    FROM candidate c, range(17, 22) t(n)
),
care AS (
    -- Days looked after (from the start day to the day before the ceased day) and, as negative
    -- spans, days under a short-breaks legal status (V3/V4), which are not looked after.
    SELECT clae_person_id AS person, clae_cla_episode_start_date AS from_day,
           coalesce(clae_cla_episode_ceased_date, DATE '9999-12-31') AS until_day, 1 AS sign
    FROM ssd_cla_episodes
    WHERE clae_cla_episode_start_date IS NOT NULL
    UNION ALL
    SELECT lega_person_id, lega_legal_status_start_date,
           coalesce(lega_legal_status_end_date, DATE '9999-12-31'), -1
    FROM ssd_legal_status
    WHERE lega_legal_status IN ('V3', 'V4') AND lega_legal_status_start_date IS NOT NULL
),
history AS (
    -- For each birthday: days looked after since the 14th and since the 16th birthday before it,
    -- and whether the young person is looked after on it.
    SELECT b.person, b.birthday,
           sum(c.sign * greatest(0, datediff('day', greatest(c.from_day, b.turned_14),
                                             least(c.until_day, b.birthday)))) AS days_after_14,
           sum(c.sign * greatest(0, datediff('day', greatest(c.from_day, b.turned_16),
                                             least(c.until_day, b.birthday)))) AS days_after_16,
           sum(c.sign * CASE WHEN c.from_day <= b.birthday AND c.until_day > b.birthday
                             THEN 1 ELSE 0 END) > 0 AS looked_after
    FROM birthday b
    JOIN care c ON c.person = b.person AND c.from_day <= b.birthday
    GROUP BY b.person, b.birthday
),
status AS (
    -- The latest record from 3 months before each birthday to 1 month after it.
    SELECT b.person, b.birthday, r.clea_care_leaver_latest_contact AS record_date,
           r.clea_care_leaver_in_touch AS in_touch, r.clea_care_leaver_activity AS activity,
           r.clea_care_leaver_accommodation AS accommodation,
           r.clea_care_leaver_accom_suitable AS accom_suitable,
           r.clea_care_leaver_allocated_team AS team
    FROM birthday b
    JOIN ssd_care_leavers r
      ON r.clea_person_id = b.person
     AND r.clea_care_leaver_latest_contact >= b.birthday - INTERVAL 3 MONTH
     AND r.clea_care_leaver_latest_contact <= b.birthday + INTERVAL 1 MONTH
    QUALIFY row_number() OVER (
        PARTITION BY b.person, b.birthday
        ORDER BY r.clea_care_leaver_latest_contact DESC, r.clea_table_id DESC) = 1
),
leaver AS (
    SELECT b.person, b.age, b.birthday, s.record_date, s.in_touch, s.activity, s.accommodation,
           s.team,
           coalesce(s.activity IN ('F1', 'P1', 'F2', 'P2', 'F3', 'P3', 'F4', 'P4', 'F5', 'P5'),
                    false) AS eet,
           coalesce(s.accom_suitable = 'Y', s.accommodation LIKE '_1', false) AS suitable
    FROM birthday b
    LEFT JOIN history h ON h.person = b.person AND h.birthday = b.birthday
    LEFT JOIN status s ON s.person = b.person AND s.birthday = b.birthday
    WHERE NOT coalesce(h.looked_after, false)
      AND (b.recorded_care_leaver OR (h.days_after_14 >= 91 AND h.days_after_16 > 0))
      AND coalesce(s.in_touch, '') NOT IN ('DIED', 'RHOM')
      AND (b.died IS NULL OR b.died > b.birthday)
      AND (b.recorded_died IS NULL OR b.recorded_died >= b.birthday - INTERVAL 3 MONTH)
),
windows AS (
    -- The month ends whose 12 months hold the birthday: its month and the 11 after it, up to the
    -- month before the young person's next counted birthday (born on 29 February: 1 March 2019's
    -- months stop at January 2020, as 29 February 2020's begin).
    SELECT *, unnest(generate_series(
               month_key(birthday),
               least(month_key(birthday) + 11,
                     coalesce(month_key(lead(birthday) OVER (
                                  PARTITION BY person ORDER BY birthday)) - 1,
                              month_key(birthday) + 11)))) AS month_key
    FROM leaver
)
SELECT p.period_id, w.person, w.age, w.birthday, w.record_date, w.in_touch, w.activity,
       w.accommodation, w.eet, w.suitable, w.team
FROM windows w
JOIN periods p ON p.month_key = w.month_key;

