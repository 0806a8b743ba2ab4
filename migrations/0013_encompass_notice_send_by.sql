-- When a notice should have reached its recipient: the start of the setting's next school day
-- after the incident was recorded (09:00 on the next working day for a team). For a notice routed
-- at once it is its due_at. A notice the coordinator sends on by hand gets a new due_at, counted
-- from when it was sent (the setting cannot acknowledge what it has not had), but send_by stays
-- counted from the incident: "% sent before the next school day" measured against due_at was
-- always 100 %, however long a notice had waited in the queue.
ALTER TABLE encompass_notice ADD COLUMN send_by timestamptz;
-- Earlier notices: the deadline they were routed with is the best there is.
UPDATE encompass_notice SET send_by = due_at;
ALTER TABLE encompass_notice ALTER COLUMN send_by SET NOT NULL;
COMMENT ON COLUMN encompass_notice.send_by IS 'When the notice should have reached its recipient: the start of the next school day (09:00 next working day for teams) after the incident was recorded';
