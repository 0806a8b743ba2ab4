-- "What did you do?" takes several actions (checkboxes): the column keeps the actions taken as a
-- comma-separated list of their keys (one key, as before, when only one was taken). The check
-- now holds each key in the list to the known actions, and "no_action" to being on its own.
ALTER TABLE encompass_notice DROP CONSTRAINT encompass_notice_action_check;
ALTER TABLE encompass_notice ADD CONSTRAINT encompass_notice_action_check CHECK (
  action IS NULL
  OR action = 'no_action'
  OR string_to_array(action, ',') <@ ARRAY['support_in_school', 'monitoring', 'spoke_with_child', 'referral_to_front_door']::text[]
);
COMMENT ON COLUMN encompass_notice.action IS 'What the recipient did to support the child: the keys of the actions taken, comma-separated (support_in_school, monitoring, spoke_with_child, referral_to_front_door), or no_action on its own';
