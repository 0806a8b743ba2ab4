-- An action's progress: updates with their evidence (a note, a link, a file), the separate
-- judgement of its impact by the group that owns its source, the reminders sent to each agency,
-- and who each agency's action lead is.

CREATE TABLE action_update (
  id serial PRIMARY KEY,
  action_item_id integer NOT NULL REFERENCES action_item(id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  recorded_by uuid REFERENCES app_user(id),
  recorded_by_name text NOT NULL,
  note text NOT NULL,
  link text CHECK (link IS NULL OR link ~ '^https?://'),
  file_name text,
  file_type text,
  file_content bytea,
  status_change text CHECK (status_change IN ('done','dropped')),
  CHECK ((file_name IS NULL) = (file_content IS NULL))
);
COMMENT ON TABLE action_update IS 'Progress on an action, with its evidence; marking an action done or dropped is an update too';
COMMENT ON COLUMN action_update.id IS 'Surrogate key';
COMMENT ON COLUMN action_update.action_item_id IS 'The action';
COMMENT ON COLUMN action_update.recorded_at IS 'When the update was recorded';
COMMENT ON COLUMN action_update.recorded_by IS 'Who recorded it (null for demo data)';
COMMENT ON COLUMN action_update.recorded_by_name IS 'Their name as shown, kept if the account goes';
COMMENT ON COLUMN action_update.note IS 'What was done, or why it was dropped';
COMMENT ON COLUMN action_update.link IS 'A link to evidence (http or https)';
COMMENT ON COLUMN action_update.file_name IS 'The evidence file''s name as uploaded';
COMMENT ON COLUMN action_update.file_type IS 'The evidence file''s content type';
COMMENT ON COLUMN action_update.file_content IS 'The evidence file itself (at most 5 MB)';
COMMENT ON COLUMN action_update.status_change IS 'done or dropped when this update closed the action; null for progress';
CREATE INDEX action_update_action ON action_update (action_item_id, recorded_at);

CREATE TABLE action_impact (
  id serial PRIMARY KEY,
  action_item_id integer NOT NULL REFERENCES action_item(id),
  judgement text NOT NULL CHECK (judgement IN ('embedded','partly','not_evidenced')),
  evidence text NOT NULL,
  judged_on date NOT NULL,
  judged_by uuid REFERENCES app_user(id),
  judged_by_name text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE action_impact IS 'Evidence of impact: the judgement, by the group that owns the action''s source, of whether the learning of a done action is embedded; the latest one counts';
COMMENT ON COLUMN action_impact.id IS 'Surrogate key';
COMMENT ON COLUMN action_impact.action_item_id IS 'The (done) action judged';
COMMENT ON COLUMN action_impact.judgement IS 'embedded, partly (partly evidenced) or not_evidenced';
COMMENT ON COLUMN action_impact.evidence IS 'The evidence the judgement rests on (e.g. a re-audit''s findings)';
COMMENT ON COLUMN action_impact.judged_on IS 'The date the group judged it';
COMMENT ON COLUMN action_impact.judged_by IS 'Who recorded the judgement';
COMMENT ON COLUMN action_impact.judged_by_name IS 'Their name as shown';
COMMENT ON COLUMN action_impact.recorded_at IS 'When it was recorded here';
CREATE INDEX action_impact_action ON action_impact (action_item_id, judged_on DESC, id DESC);

CREATE TABLE action_reminder (
  action_item_id integer NOT NULL REFERENCES action_item(id),
  kind text NOT NULL CHECK (kind IN ('week_before','overdue')),
  due_on date NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  recipients integer NOT NULL,
  PRIMARY KEY (action_item_id, kind, due_on)
);
COMMENT ON TABLE action_reminder IS 'A reminder email sent about an action: a week before its due date, and on the day it became overdue (at most once each per due date)';
COMMENT ON COLUMN action_reminder.action_item_id IS 'The action';
COMMENT ON COLUMN action_reminder.kind IS 'week_before or overdue';
COMMENT ON COLUMN action_reminder.due_on IS 'The due date the reminder was about';
COMMENT ON COLUMN action_reminder.sent_at IS 'When it was enqueued';
COMMENT ON COLUMN action_reminder.recipients IS 'How many addresses it went to';

CREATE TABLE action_agency_lead (
  organisation_id integer PRIMARY KEY REFERENCES organisation(id),
  name text NOT NULL,
  email text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE action_agency_lead IS 'Each agency''s lead for actions: sees its open actions and gets its reminders';
COMMENT ON COLUMN action_agency_lead.organisation_id IS 'The agency (registry organisation)';
COMMENT ON COLUMN action_agency_lead.name IS 'The lead''s name';
COMMENT ON COLUMN action_agency_lead.email IS 'Where the agency''s reminders go';
COMMENT ON COLUMN action_agency_lead.updated_at IS 'When it was last set';
