-- When the police attended the incident, or were first told of it: the notice is due before the
-- start of the next school day after this moment, not after the incident was recorded here (an
-- officer may record it hours later, and that delay must not move the school's deadline).
ALTER TABLE encompass_incident ADD COLUMN attended_at timestamptz;
-- Earlier incidents did not say: when it happened is the nearest there is.
UPDATE encompass_incident SET attended_at = occurred_at;
ALTER TABLE encompass_incident ALTER COLUMN attended_at SET NOT NULL;
COMMENT ON COLUMN encompass_incident.attended_at IS 'When the police attended the incident or were told of it (not before it happened, not after it was recorded); notices are due before the next school day after it';
