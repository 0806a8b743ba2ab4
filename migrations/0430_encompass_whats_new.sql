-- "What's new for me": when each person last looked at their list of what is new in Operation
-- Encompass (notices to their setting or team, feedback on their force's incidents, escalations).
-- What happened after it is new for them; listing it moves it on.
CREATE TABLE encompass_whats_new_seen (
  user_id uuid PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
  looked_at timestamptz NOT NULL
);
COMMENT ON TABLE encompass_whats_new_seen IS 'When each person last looked at what is new for them in Operation Encompass: one row per person who has looked';
COMMENT ON COLUMN encompass_whats_new_seen.user_id IS 'The signed-in person';
COMMENT ON COLUMN encompass_whats_new_seen.looked_at IS 'When they last opened the list of what is new: what happened after it is new for them';
