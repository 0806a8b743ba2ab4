-- The police officer's incident journey (one page for the incident, one per child, then "Check
-- your answers") keeps its answers here between pages. Nothing reaches a notice until the officer
-- confirms: then the incident is recorded and the draft deleted in the same transaction.
CREATE TABLE encompass_incident_draft (
  user_id uuid PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
  answers jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE encompass_incident_draft IS 'An incident an officer has started but not yet confirmed: one per officer, deleted when recorded or discarded, and after 7 days untouched';
COMMENT ON COLUMN encompass_incident_draft.user_id IS 'The officer whose draft it is (only they can see it)';
COMMENT ON COLUMN encompass_incident_draft.answers IS 'What the officer has entered so far, as typed: the incident''s fields and a list of children''s fields';
COMMENT ON COLUMN encompass_incident_draft.updated_at IS 'When the officer last saved a page of it';
