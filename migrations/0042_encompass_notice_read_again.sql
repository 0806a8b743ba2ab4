-- After the police amend an incident (or correct a child's details), a recipient who had read the
-- notice is asked to read it again: the notice shows "Read again" in their list until they open it.
ALTER TABLE encompass_notice ADD COLUMN read_again_since timestamptz;
COMMENT ON COLUMN encompass_notice.read_again_since IS 'When the police changed a notice its recipient had already read; cleared when the recipient opens it again (null: nothing new to read)';
