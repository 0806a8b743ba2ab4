-- The Section 175/157 safeguarding audit of every school: each year's questions, each school's
-- return with its answers and section self-ratings, amendments that reopen a submitted return,
-- reminders sent, and the follow-ups of answers that need the education safeguarding team to act.

CREATE TABLE schools_audit_year (
  id serial PRIMARY KEY,
  school_year text NOT NULL UNIQUE CHECK (school_year ~ '^\d{4}-\d{2}$'),
  title text NOT NULL,
  opens_on date NOT NULL,
  closes_on date NOT NULL CHECK (closes_on >= opens_on),
  copied_from_id integer REFERENCES schools_audit_year (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE schools_audit_year IS 'One year''s Section 175/157 audit, as the education safeguarding team defined it';
COMMENT ON COLUMN schools_audit_year.school_year IS 'The school year the audit belongs to, like 2023-24';
COMMENT ON COLUMN schools_audit_year.title IS 'What schools see, e.g. Section 175/157 safeguarding audit 2023-24';
COMMENT ON COLUMN schools_audit_year.opens_on IS 'The first day schools may fill in their return';
COMMENT ON COLUMN schools_audit_year.closes_on IS 'The day returns are due';
COMMENT ON COLUMN schools_audit_year.copied_from_id IS 'The year whose sections and questions this one started from, or null';
COMMENT ON COLUMN schools_audit_year.created_at IS 'When the year was defined';

CREATE TABLE schools_audit_section (
  id serial PRIMARY KEY,
  year_id integer NOT NULL REFERENCES schools_audit_year (id) ON DELETE CASCADE,
  position integer NOT NULL,
  title text NOT NULL,
  UNIQUE (year_id, position)
);
COMMENT ON TABLE schools_audit_section IS 'A section of a year''s audit (e.g. Early help), rated red, amber or green by each school';
COMMENT ON COLUMN schools_audit_section.year_id IS 'The audit year';
COMMENT ON COLUMN schools_audit_section.position IS 'Its order in the audit, from 1';
COMMENT ON COLUMN schools_audit_section.title IS 'Its heading';

CREATE TABLE schools_audit_question (
  id serial PRIMARY KEY,
  year_id integer NOT NULL REFERENCES schools_audit_year (id) ON DELETE CASCADE,
  section_id integer NOT NULL REFERENCES schools_audit_section (id) ON DELETE CASCADE,
  position integer NOT NULL,
  code text NOT NULL CHECK (code ~ '^[a-z0-9_]{1,60}$'),
  text text NOT NULL,
  hint text,
  kind text NOT NULL CHECK (kind IN ('yes_no', 'number', 'choice', 'text', 'evidence')),
  choices text[] NOT NULL DEFAULT '{}',
  required boolean NOT NULL DEFAULT true,
  report_label text,
  follow_up_answer text,
  compare_with text CHECK (compare_with IN ('get_safe_dsl_and_deputy')),
  new_this_year boolean NOT NULL DEFAULT false,
  UNIQUE (year_id, code),
  UNIQUE (section_id, position)
);
COMMENT ON TABLE schools_audit_question IS 'A question of a year''s audit';
COMMENT ON COLUMN schools_audit_question.year_id IS 'The audit year (also that of its section)';
COMMENT ON COLUMN schools_audit_question.section_id IS 'The section it belongs to';
COMMENT ON COLUMN schools_audit_question.position IS 'Its order within the section, from 1';
COMMENT ON COLUMN schools_audit_question.code IS 'A short name that stays the same from year to year, so this year''s answer is compared with last year''s';
COMMENT ON COLUMN schools_audit_question.text IS 'The question as schools read it';
COMMENT ON COLUMN schools_audit_question.hint IS 'Guidance shown under the question, or null';
COMMENT ON COLUMN schools_audit_question.kind IS 'yes_no, number (a whole number or decimal, 0 or more), choice (one of choices), text, or evidence (a note of the evidence held)';
COMMENT ON COLUMN schools_audit_question.choices IS 'The options of a choice question, in order; empty for other kinds';
COMMENT ON COLUMN schools_audit_question.required IS 'Whether a return cannot be submitted without an answer to it';
COMMENT ON COLUMN schools_audit_question.report_label IS 'The label of its figure in the yearly report, or null when it gives none';
COMMENT ON COLUMN schools_audit_question.follow_up_answer IS 'The answer (yes, no, or a choice) that puts the school on the follow-up list, or null';
COMMENT ON COLUMN schools_audit_question.compare_with IS 'A record held elsewhere the answer is checked against: get_safe_dsl_and_deputy (the training module''s GET SAFE status), or null';
COMMENT ON COLUMN schools_audit_question.new_this_year IS 'Whether the question was added this year (no answer from last year to compare)';

CREATE TABLE schools_audit_return (
  id serial PRIMARY KEY,
  year_id integer NOT NULL REFERENCES schools_audit_year (id),
  setting_id integer NOT NULL,
  status text NOT NULL DEFAULT 'in_progress' CHECK (status IN ('in_progress', 'submitted')),
  started_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  submitted_at timestamptz,
  submitted_by uuid,
  UNIQUE (year_id, setting_id),
  CHECK ((status = 'submitted') = (submitted_at IS NOT NULL))
);
COMMENT ON TABLE schools_audit_return IS 'A school''s return for one audit year; a school with no row has not started';
COMMENT ON COLUMN schools_audit_return.year_id IS 'The audit year';
COMMENT ON COLUMN schools_audit_return.setting_id IS 'The school (registry_setting.id)';
COMMENT ON COLUMN schools_audit_return.status IS 'in_progress (answers saved as they go) or submitted (by the head; read-only until an amendment reopens it)';
COMMENT ON COLUMN schools_audit_return.started_at IS 'When the first answer was saved';
COMMENT ON COLUMN schools_audit_return.updated_at IS 'When an answer was last saved or the return last changed status';
COMMENT ON COLUMN schools_audit_return.submitted_at IS 'When the head submitted it; null while in progress';
COMMENT ON COLUMN schools_audit_return.submitted_by IS 'The head teacher''s account (auth_account.id) that submitted it';
CREATE INDEX schools_audit_return_setting ON schools_audit_return (setting_id);

CREATE TABLE schools_audit_answer (
  return_id integer NOT NULL REFERENCES schools_audit_return (id) ON DELETE CASCADE,
  question_id integer NOT NULL REFERENCES schools_audit_question (id),
  yes boolean,
  number numeric(14, 2) CHECK (number >= 0),
  text text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (return_id, question_id),
  CHECK (num_nonnulls(yes, number, text) = 1)
);
COMMENT ON TABLE schools_audit_answer IS 'One answer of a return; a question not answered has no row';
COMMENT ON COLUMN schools_audit_answer.return_id IS 'The return';
COMMENT ON COLUMN schools_audit_answer.question_id IS 'The question answered';
COMMENT ON COLUMN schools_audit_answer.yes IS 'The answer to a yes/no question';
COMMENT ON COLUMN schools_audit_answer.number IS 'The answer to a number question';
COMMENT ON COLUMN schools_audit_answer.text IS 'The answer to a choice, text or evidence question';
COMMENT ON COLUMN schools_audit_answer.updated_at IS 'When it was last saved';
CREATE INDEX schools_audit_answer_question ON schools_audit_answer (question_id);

CREATE TABLE schools_audit_rating (
  return_id integer NOT NULL REFERENCES schools_audit_return (id) ON DELETE CASCADE,
  section_id integer NOT NULL REFERENCES schools_audit_section (id),
  rag text NOT NULL CHECK (rag IN ('red', 'amber', 'green')),
  PRIMARY KEY (return_id, section_id)
);
COMMENT ON TABLE schools_audit_rating IS 'A school''s own red/amber/green rating of one section of its return';
COMMENT ON COLUMN schools_audit_rating.return_id IS 'The return';
COMMENT ON COLUMN schools_audit_rating.section_id IS 'The section rated';
COMMENT ON COLUMN schools_audit_rating.rag IS 'red, amber or green';

CREATE TABLE schools_audit_amendment (
  id serial PRIMARY KEY,
  return_id integer NOT NULL REFERENCES schools_audit_return (id) ON DELETE CASCADE,
  reason text NOT NULL,
  reopened_by uuid NOT NULL,
  reopened_at timestamptz NOT NULL DEFAULT now(),
  previously_submitted_at timestamptz NOT NULL
);
COMMENT ON TABLE schools_audit_amendment IS 'A submitted return reopened for amendment, and why';
COMMENT ON COLUMN schools_audit_amendment.return_id IS 'The return reopened';
COMMENT ON COLUMN schools_audit_amendment.reason IS 'Why it was reopened, as the person reopening it wrote';
COMMENT ON COLUMN schools_audit_amendment.reopened_by IS 'Who reopened it (auth_account.id)';
COMMENT ON COLUMN schools_audit_amendment.reopened_at IS 'When';
COMMENT ON COLUMN schools_audit_amendment.previously_submitted_at IS 'When the return had been submitted before it was reopened';

CREATE TABLE schools_audit_reminder (
  id serial PRIMARY KEY,
  year_id integer NOT NULL REFERENCES schools_audit_year (id),
  setting_id integer NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  sent_by uuid,
  status_then text NOT NULL CHECK (status_then IN ('not_started', 'in_progress'))
);
COMMENT ON TABLE schools_audit_reminder IS 'A reminder email sent to a school whose return was not submitted';
COMMENT ON COLUMN schools_audit_reminder.year_id IS 'The audit year';
COMMENT ON COLUMN schools_audit_reminder.setting_id IS 'The school reminded (registry_setting.id)';
COMMENT ON COLUMN schools_audit_reminder.sent_at IS 'When the email was queued';
COMMENT ON COLUMN schools_audit_reminder.sent_by IS 'Who sent the reminders (auth_account.id)';
COMMENT ON COLUMN schools_audit_reminder.status_then IS 'Where the return stood: not_started or in_progress';
CREATE INDEX schools_audit_reminder_year ON schools_audit_reminder (year_id, setting_id);

CREATE TABLE schools_audit_follow_up (
  id serial PRIMARY KEY,
  year_id integer NOT NULL REFERENCES schools_audit_year (id),
  setting_id integer NOT NULL,
  question_id integer NOT NULL REFERENCES schools_audit_question (id),
  answer_given text NOT NULL,
  action_id integer NOT NULL UNIQUE,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (year_id, setting_id, question_id)
);
COMMENT ON TABLE schools_audit_follow_up IS 'An answer the education safeguarding team follows up with the school (e.g. no child-on-child abuse policy); the action itself (owner, due date, progress) is the actions module''s';
COMMENT ON COLUMN schools_audit_follow_up.year_id IS 'The audit year';
COMMENT ON COLUMN schools_audit_follow_up.setting_id IS 'The school (registry_setting.id)';
COMMENT ON COLUMN schools_audit_follow_up.question_id IS 'The question whose answer needs action';
COMMENT ON COLUMN schools_audit_follow_up.answer_given IS 'The school''s answer when the follow-up was raised';
COMMENT ON COLUMN schools_audit_follow_up.action_id IS 'The action recorded for it through the actions module''s service (its owner, due date and status live there)';
COMMENT ON COLUMN schools_audit_follow_up.created_by IS 'Who raised it (auth_account.id)';
COMMENT ON COLUMN schools_audit_follow_up.created_at IS 'When it was raised';
COMMENT ON COLUMN schools_audit_year.id IS 'Surrogate key';
COMMENT ON COLUMN schools_audit_section.id IS 'Surrogate key';
COMMENT ON COLUMN schools_audit_question.id IS 'Surrogate key';
COMMENT ON COLUMN schools_audit_return.id IS 'Surrogate key';
COMMENT ON COLUMN schools_audit_amendment.id IS 'Surrogate key';
COMMENT ON COLUMN schools_audit_reminder.id IS 'Surrogate key';
COMMENT ON COLUMN schools_audit_follow_up.id IS 'Surrogate key';
