-- One action tracker for the whole partnership: every audit, review, recommendation, decision,
-- strategy discussion or MACE meeting that ends in something to be done records it here, through
-- the actions module's service. Whether an action is overdue is computed from its due date when
-- read, never stored.

CREATE TABLE action_item (
  id serial PRIMARY KEY,
  description text NOT NULL CHECK (length(trim(description)) > 0),
  owning_organisation_id integer REFERENCES organisation(id),
  owner_name text,
  owner_user_id uuid REFERENCES app_user(id),
  due_on date,
  measurable_outcome text,
  source_module text NOT NULL,
  source_type text NOT NULL,
  source_id text NOT NULL,
  source_label text NOT NULL,
  source_href text,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','dropped')),
  done_on date,
  dropped_on date,
  dropped_reason text,
  created_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES app_user(id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (due_on IS NULL OR due_on >= created_on),
  CHECK (status <> 'dropped' OR (dropped_reason IS NOT NULL AND dropped_on IS NOT NULL)),
  CHECK (status <> 'done' OR done_on IS NOT NULL)
);
COMMENT ON TABLE action_item IS 'Something to be done, by an owning agency and a named owner, by a due date, with a measurable outcome; it came from a source record of another module';
COMMENT ON COLUMN action_item.id IS 'Surrogate key (the action''s number, shown as A-<id>)';
COMMENT ON COLUMN action_item.description IS 'What is to be done';
COMMENT ON COLUMN action_item.owning_organisation_id IS 'The agency that owns the action_item (registry organisation); null when none was given (not SMART)';
COMMENT ON COLUMN action_item.owner_name IS 'The named owner, as free text; null when none was given (not SMART unless an owner account is set)';
COMMENT ON COLUMN action_item.owner_user_id IS 'The owner''s account, when the owner signs in here (reminders go to it)';
COMMENT ON COLUMN action_item.due_on IS 'The civil date it is due by; null when none was given (not SMART). Overdue = still open after this date';
COMMENT ON COLUMN action_item.measurable_outcome IS 'How the partnership will know it is done (not SMART when missing)';
COMMENT ON COLUMN action_item.source_module IS 'The module whose record it came from, e.g. quality, reviews, front-door, exploitation, governance';
COMMENT ON COLUMN action_item.source_type IS 'The kind of source record, e.g. audit, recommendation, strategy-discussion, mace-meeting, decision';
COMMENT ON COLUMN action_item.source_id IS 'The source record''s id, as text';
COMMENT ON COLUMN action_item.source_label IS 'What a reader sees of the source (never a child''s name)';
COMMENT ON COLUMN action_item.source_href IS 'Where the source lives in the service, when it has a page';
COMMENT ON COLUMN action_item.status IS 'open, done or dropped (overdue is computed: open and past its due date)';
COMMENT ON COLUMN action_item.done_on IS 'The civil date it was marked done';
COMMENT ON COLUMN action_item.dropped_on IS 'The civil date it was dropped';
COMMENT ON COLUMN action_item.dropped_reason IS 'Why it was dropped (required to drop one)';
COMMENT ON COLUMN action_item.created_on IS 'The civil date (Europe/London) it was agreed; the due date cannot be before it';
COMMENT ON COLUMN action_item.created_at IS 'When it was recorded here';
COMMENT ON COLUMN action_item.created_by IS 'Who recorded it (null for imports and demo data)';
COMMENT ON COLUMN action_item.updated_at IS 'When it last changed';
CREATE INDEX action_source ON action_item (source_module, source_type, source_id);
-- The overdue list and each agency's open actions read only open actions, by due date.
CREATE INDEX action_open_due ON action_item (due_on) WHERE status = 'open';
CREATE INDEX action_open_agency_due ON action_item (owning_organisation_id, due_on) WHERE status = 'open';
CREATE INDEX action_agency_status ON action_item (owning_organisation_id, status);
