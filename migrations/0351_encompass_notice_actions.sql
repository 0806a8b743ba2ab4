-- "What did you do?" takes several actions (checkboxes): the column keeps the actions taken as a
-- comma-separated list of their keys (one key, as before, when only one was taken).
COMMENT ON COLUMN encompass_notice.action IS 'What the recipient did to support the child: the keys of the actions taken, comma-separated (support_in_school, monitoring, spoke_with_child, referral_to_front_door, no_action, the last only on its own)';
