-- The platform: the partnership's registry, people who sign in, sessions, the audit log.

CREATE TABLE district (
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL UNIQUE
);
COMMENT ON TABLE district IS 'The districts of the partnership area (e.g. the six of the demo county)';
COMMENT ON COLUMN district.id IS 'Surrogate key';
COMMENT ON COLUMN district.code IS 'Short stable code, e.g. BROM';
COMMENT ON COLUMN district.name IS 'The district''s name as people say it';

CREATE TABLE organisation (
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('local_authority','icb','police','hospital_trust','community_health_trust','probation','youth_justice','voluntary','education')),
  safeguarding_partner boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE organisation IS 'The safeguarding partners and relevant agencies that work on the platform';
COMMENT ON COLUMN organisation.id IS 'Surrogate key';
COMMENT ON COLUMN organisation.code IS 'Short stable code used in imports and the CLI';
COMMENT ON COLUMN organisation.name IS 'Full name';
COMMENT ON COLUMN organisation.kind IS 'What sort of agency it is';
COMMENT ON COLUMN organisation.safeguarding_partner IS 'One of the three statutory safeguarding partners (local authority, ICB, police)';
COMMENT ON COLUMN organisation.created_at IS 'When the record was created';
COMMENT ON COLUMN organisation.updated_at IS 'When the record was last changed';

CREATE TABLE team (
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  organisation_id integer NOT NULL REFERENCES organisation(id),
  district_id integer REFERENCES district(id),
  kind text NOT NULL CHECK (kind IN ('health_visiting','family_front_door','get_safe','education_safeguarding','harm_assessment_unit','hospital_safeguarding','business_unit')),
  email text NOT NULL
);
COMMENT ON TABLE team IS 'Teams inside organisations that receive work (a district health visiting team, the Family Front Door, ...)';
COMMENT ON COLUMN team.id IS 'Surrogate key';
COMMENT ON COLUMN team.code IS 'Short stable code';
COMMENT ON COLUMN team.name IS 'The team''s name';
COMMENT ON COLUMN team.organisation_id IS 'The organisation the team belongs to';
COMMENT ON COLUMN team.district_id IS 'The district the team covers; null when it covers the whole area';
COMMENT ON COLUMN team.kind IS 'What the team does, used to route work to it';
COMMENT ON COLUMN team.email IS 'The team''s shared mailbox, for notifications without child details';
CREATE INDEX team_kind_district ON team (kind, district_id);

CREATE TABLE term (
  id serial PRIMARY KEY,
  school_year text NOT NULL CHECK (school_year ~ '^\d{4}-\d{2}$'),
  name text NOT NULL,
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  CHECK (ends_on >= starts_on),
  UNIQUE (school_year, name)
);
COMMENT ON TABLE term IS 'The local authority''s term dates, every setting''s default calendar; holidays are the gaps';
COMMENT ON COLUMN term.id IS 'Surrogate key';
COMMENT ON COLUMN term.school_year IS 'The school year, e.g. 2026-27';
COMMENT ON COLUMN term.name IS 'The term''s name, e.g. Autumn 1';
COMMENT ON COLUMN term.starts_on IS 'First day of the term (inclusive)';
COMMENT ON COLUMN term.ends_on IS 'Last day of the term (inclusive)';

CREATE TABLE bank_holiday (
  date date PRIMARY KEY,
  title text NOT NULL,
  substitute boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE bank_holiday IS 'England and Wales bank holidays: shipped with the product, importable again later';
COMMENT ON COLUMN bank_holiday.date IS 'The day of the holiday';
COMMENT ON COLUMN bank_holiday.title IS 'Its name, e.g. Boxing Day';
COMMENT ON COLUMN bank_holiday.substitute IS 'A substitute day for a holiday that fell at a weekend';

CREATE TABLE setting (
  id serial PRIMARY KEY,
  urn text NOT NULL UNIQUE CHECK (urn ~ '^\d{6,7}$'),
  name text NOT NULL,
  phase text NOT NULL CHECK (phase IN ('early_years','first','primary','middle','secondary','special','independent','further_education','alternative_provision')),
  district_id integer NOT NULL REFERENCES district(id),
  school_day_starts_at time NOT NULL,
  safeguarding_email text NOT NULL,
  encompass_status text NOT NULL DEFAULT 'not_joined' CHECK (encompass_status IN ('joined','in_training','not_joined')),
  encompass_joined_on date,
  encompass_training_started_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (encompass_status <> 'joined' OR encompass_joined_on IS NOT NULL)
);
COMMENT ON TABLE setting IS 'Education settings: schools, colleges and early-years providers';
COMMENT ON COLUMN setting.id IS 'Surrogate key';
COMMENT ON COLUMN setting.urn IS 'The DfE unique reference number';
COMMENT ON COLUMN setting.name IS 'The setting''s name';
COMMENT ON COLUMN setting.phase IS 'Phase of education';
COMMENT ON COLUMN setting.district_id IS 'The district it is in';
COMMENT ON COLUMN setting.school_day_starts_at IS 'When its school day starts (Europe/London wall clock); Operation Encompass notices are due before it';
COMMENT ON COLUMN setting.safeguarding_email IS 'The setting''s safeguarding mailbox';
COMMENT ON COLUMN setting.encompass_status IS 'Operation Encompass enrolment: joined, in training, not joined';
COMMENT ON COLUMN setting.encompass_joined_on IS 'When it joined Operation Encompass';
COMMENT ON COLUMN setting.encompass_training_started_on IS 'When its staff started Operation Encompass training';
COMMENT ON COLUMN setting.created_at IS 'When the record was created';
COMMENT ON COLUMN setting.updated_at IS 'When the record was last changed';
CREATE INDEX setting_phase_district ON setting (phase, district_id);
CREATE INDEX setting_name ON setting (lower(name));

CREATE TABLE setting_closure (
  setting_id integer NOT NULL REFERENCES setting(id) ON DELETE CASCADE,
  date date NOT NULL,
  reason text NOT NULL CHECK (reason IN ('inset','closure')),
  PRIMARY KEY (setting_id, date)
);
COMMENT ON TABLE setting_closure IS 'Days a setting is closed inside term: INSET days and other closures';
COMMENT ON COLUMN setting_closure.setting_id IS 'The setting';
COMMENT ON COLUMN setting_closure.date IS 'The day it is closed';
COMMENT ON COLUMN setting_closure.reason IS 'inset (staff training) or closure (any other)';

CREATE TABLE setting_staff (
  id serial PRIMARY KEY,
  setting_id integer NOT NULL REFERENCES setting(id) ON DELETE CASCADE,
  staff_role text NOT NULL CHECK (staff_role IN ('dsl','deputy_dsl','head')),
  given_name text NOT NULL,
  family_name text NOT NULL,
  email text NOT NULL,
  UNIQUE (setting_id, email)
);
COMMENT ON TABLE setting_staff IS 'A setting''s designated safeguarding lead, deputies and head (the Key Adults and escalation contacts)';
COMMENT ON COLUMN setting_staff.id IS 'Surrogate key';
COMMENT ON COLUMN setting_staff.setting_id IS 'The setting';
COMMENT ON COLUMN setting_staff.staff_role IS 'dsl, deputy_dsl or head';
COMMENT ON COLUMN setting_staff.given_name IS 'Given name';
COMMENT ON COLUMN setting_staff.family_name IS 'Family name';
COMMENT ON COLUMN setting_staff.email IS 'Work email address';

CREATE TABLE app_user (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  given_name text NOT NULL,
  family_name text NOT NULL,
  role text NOT NULL,
  organisation_id integer REFERENCES organisation(id),
  team_id integer REFERENCES team(id),
  setting_id integer REFERENCES setting(id),
  password_hash text NOT NULL,
  failed_sign_ins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  last_signed_in_at timestamptz
);
CREATE UNIQUE INDEX app_user_email ON app_user (lower(email));
COMMENT ON TABLE app_user IS 'People who sign in, each with one role and the scope it works in';
COMMENT ON COLUMN app_user.id IS 'Surrogate key';
COMMENT ON COLUMN app_user.email IS 'Sign-in email, unique regardless of case';
COMMENT ON COLUMN app_user.given_name IS 'Given name';
COMMENT ON COLUMN app_user.family_name IS 'Family name';
COMMENT ON COLUMN app_user.role IS 'The role (see src/platform/auth/roles.ts)';
COMMENT ON COLUMN app_user.organisation_id IS 'The organisation the user works for';
COMMENT ON COLUMN app_user.team_id IS 'The team, for roles scoped to a team (e.g. a health visitor)';
COMMENT ON COLUMN app_user.setting_id IS 'The setting, for roles scoped to one (a DSL)';
COMMENT ON COLUMN app_user.password_hash IS 'argon2id hash of the password';
COMMENT ON COLUMN app_user.failed_sign_ins IS 'Consecutive failed sign-ins, reset on success';
COMMENT ON COLUMN app_user.locked_until IS 'Sign-in refused until this moment after repeated failures';
COMMENT ON COLUMN app_user.active IS 'False when the account is disabled';
COMMENT ON COLUMN app_user.created_at IS 'When the account was created';
COMMENT ON COLUMN app_user.updated_at IS 'When the account was last changed';
COMMENT ON COLUMN app_user.last_signed_in_at IS 'The last successful sign-in';

CREATE TABLE user_session (
  id text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  ip text
);
COMMENT ON TABLE user_session IS 'Signed-in sessions; the cookie carries a random token whose SHA-256 is the id';
COMMENT ON COLUMN user_session.id IS 'SHA-256 of the session token (the token itself is never stored)';
COMMENT ON COLUMN user_session.user_id IS 'Who is signed in';
COMMENT ON COLUMN user_session.created_at IS 'When the user signed in';
COMMENT ON COLUMN user_session.last_seen_at IS 'The last request; the session ends after the idle timeout';
COMMENT ON COLUMN user_session.ip IS 'The address the user signed in from';
CREATE INDEX user_session_user ON user_session (user_id);

CREATE TABLE child (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  given_name text NOT NULL,
  family_name text NOT NULL,
  date_of_birth date NOT NULL,
  sex text NOT NULL CHECK (sex IN ('female','male','unknown')),
  address text,
  postcode text,
  district_id integer REFERENCES district(id),
  nhs_number text UNIQUE CHECK (nhs_number ~ '^\d{10}$'),
  upn text UNIQUE CHECK (upn ~ '^[A-Z]\d{11}[0-9A-Z]$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE child IS 'The child index: one record per child across agencies (minimal identifying details)';
COMMENT ON COLUMN child.id IS 'Surrogate key';
COMMENT ON COLUMN child.given_name IS 'Given name';
COMMENT ON COLUMN child.family_name IS 'Family name';
COMMENT ON COLUMN child.date_of_birth IS 'Date of birth';
COMMENT ON COLUMN child.sex IS 'female, male or unknown';
COMMENT ON COLUMN child.address IS 'Home address';
COMMENT ON COLUMN child.postcode IS 'Home postcode, normalised';
COMMENT ON COLUMN child.district_id IS 'The district the child lives in';
COMMENT ON COLUMN child.nhs_number IS 'NHS number (Modulus 11 checked)';
COMMENT ON COLUMN child.upn IS 'DfE unique pupil number (check letter verified)';
COMMENT ON COLUMN child.created_at IS 'When the record was created';
COMMENT ON COLUMN child.updated_at IS 'When the record was last changed';
CREATE INDEX child_name_dob ON child (lower(family_name), date_of_birth);

CREATE TABLE child_enrolment (
  id serial PRIMARY KEY,
  child_id uuid NOT NULL REFERENCES child(id) ON DELETE CASCADE,
  setting_id integer NOT NULL REFERENCES setting(id),
  on_roll_from date NOT NULL,
  on_roll_to date,
  CHECK (on_roll_to IS NULL OR on_roll_to >= on_roll_from)
);
COMMENT ON TABLE child_enrolment IS 'Which setting''s roll a child is on, from when to when';
COMMENT ON COLUMN child_enrolment.id IS 'Surrogate key';
COMMENT ON COLUMN child_enrolment.child_id IS 'The child';
COMMENT ON COLUMN child_enrolment.setting_id IS 'The setting on whose roll the child is';
COMMENT ON COLUMN child_enrolment.on_roll_from IS 'First day on roll';
COMMENT ON COLUMN child_enrolment.on_roll_to IS 'Last day on roll; null while still on roll';
CREATE INDEX child_enrolment_child ON child_enrolment (child_id, on_roll_from);
CREATE INDEX child_enrolment_setting ON child_enrolment (setting_id);

-- The audit log is append-only: the application may insert and read it, never change it.
CREATE TABLE audit_log (
  lane smallint NOT NULL CHECK (lane BETWEEN 0 AND 63),
  seq bigint NOT NULL CHECK (seq >= 1),
  at timestamptz NOT NULL,
  user_id uuid,
  user_email text,
  role text,
  organisation_id integer,
  action text NOT NULL,
  record_type text NOT NULL,
  record_id text,
  child_id uuid,
  outcome text NOT NULL CHECK (outcome IN ('success','denied','not_found')),
  ip text,
  request_id text,
  reason text,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (lane, seq)
);
COMMENT ON TABLE audit_log IS 'Append-only record of every view, create, update and export of a child''s data and every refused attempt, in 64 hash chains (lanes) so that concurrent writers do not queue behind one lock';
COMMENT ON COLUMN audit_log.lane IS 'Which of the 64 hash chains the entry belongs to (chosen by the database connection that wrote it)';
COMMENT ON COLUMN audit_log.seq IS 'Position in its lane''s chain: 1, 2, 3, ... with no gaps';
COMMENT ON COLUMN audit_log.at IS 'When it happened';
COMMENT ON COLUMN audit_log.user_id IS 'Who did it (null for the system or an anonymous attempt)';
COMMENT ON COLUMN audit_log.user_email IS 'Their email at the time';
COMMENT ON COLUMN audit_log.role IS 'Their role at the time';
COMMENT ON COLUMN audit_log.organisation_id IS 'Their organisation at the time';
COMMENT ON COLUMN audit_log.action IS 'What was done: view, create, update, export, sign-in, ...';
COMMENT ON COLUMN audit_log.record_type IS 'The kind of record, e.g. child, setting, notice';
COMMENT ON COLUMN audit_log.record_id IS 'The record''s id';
COMMENT ON COLUMN audit_log.child_id IS 'The child whose data it was, when it was a child''s';
COMMENT ON COLUMN audit_log.outcome IS 'success, denied (forbidden) or not_found (out of scope or missing)';
COMMENT ON COLUMN audit_log.ip IS 'The client address';
COMMENT ON COLUMN audit_log.request_id IS 'The request id, to find the request in the logs';
COMMENT ON COLUMN audit_log.reason IS 'Why, where the user gave a reason';
COMMENT ON COLUMN audit_log.prev_hash IS 'The hash of the entry before it in its lane (64 zeros for the first)';
COMMENT ON COLUMN audit_log.hash IS 'SHA-256 over this entry''s contents and prev_hash';
CREATE INDEX audit_log_user ON audit_log (user_id, at);
CREATE INDEX audit_log_child ON audit_log (child_id, at);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END $$;
COMMENT ON FUNCTION audit_log_is_append_only() IS 'Refuses any change to the audit log but an insert';
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
-- The owner's own rights too: only INSERT and SELECT remain (a superuser, as in PGlite, still has
-- the trigger in its way).
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
DO $$ BEGIN EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM %I', current_user); END $$;

CREATE TABLE email_delivery (
  idempotency_key text PRIMARY KEY,
  sent_at timestamptz NOT NULL DEFAULT now(),
  recipients integer NOT NULL
);
COMMENT ON TABLE email_delivery IS 'Emails already handed to the SMTP server, so a retried job does not send twice';
COMMENT ON COLUMN email_delivery.idempotency_key IS 'The key the enqueuing action gave the email';
COMMENT ON COLUMN email_delivery.sent_at IS 'When the SMTP server accepted it';
COMMENT ON COLUMN email_delivery.recipients IS 'How many addresses it went to (the addresses are not kept)';
