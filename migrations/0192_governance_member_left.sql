-- A member who leaves a group keeps their place in the attendance of the meetings they were
-- expected at: they are marked as having left, never deleted, and are not expected after.
ALTER TABLE governance_member ADD COLUMN left_on date;
COMMENT ON COLUMN governance_member.left_on IS 'The day the member left the group (null while a member); not expected at meetings after it';
