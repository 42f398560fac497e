-- Shared macro social_work_role(role): true for the roles the seed counts as social workers at
-- grade 11 and above (social worker, senior practitioner, team manager), in post or as posts
-- (WF 1-6, WF 8-15, through the views social_workers and social_work_posts).
--   * Service managers, personal advisers and early help workers are not; an empty role is not.
CREATE OR REPLACE TEMP MACRO social_work_role(swr_role) AS
    coalesce(swr_role IN ('SOCIAL_WORKER', 'SENIOR_PRACTITIONER', 'TEAM_MANAGER'), false);
