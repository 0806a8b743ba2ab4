-- Operation Encompass: police incidents of domestic abuse where children were present or live,
-- and one notice per child to the setting's Key Adults (or a health visiting team, the Family
-- Front Door, or the coordinator's queue), due before the start of the next school day.

CREATE TABLE encompass_incident (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  police_reference text NOT NULL UNIQUE,
  occurred_at timestamptz NOT NULL,
  place text NOT NULL,
  district_id integer NOT NULL REFERENCES district(id),
  circumstances text NOT NULL,
  risk_level text NOT NULL CHECK (risk_level IN ('standard','medium','high')),
  officer_name text NOT NULL,
  organisation_id integer NOT NULL REFERENCES organisation(id),
  recorded_by uuid REFERENCES app_user(id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  amended_at timestamptz
);
COMMENT ON TABLE encompass_incident IS 'A domestic abuse incident the police recorded where children were present or normally live';
COMMENT ON COLUMN encompass_incident.id IS 'Surrogate key';
COMMENT ON COLUMN encompass_incident.police_reference IS 'The force''s reference for the incident (unique)';
COMMENT ON COLUMN encompass_incident.occurred_at IS 'When the incident happened';
COMMENT ON COLUMN encompass_incident.place IS 'Where it happened (as the police describe it)';
COMMENT ON COLUMN encompass_incident.district_id IS 'The district it happened in';
COMMENT ON COLUMN encompass_incident.circumstances IS 'What happened, in the words shared with the Key Adult';
COMMENT ON COLUMN encompass_incident.risk_level IS 'DASH risk level: standard, medium or high';
COMMENT ON COLUMN encompass_incident.officer_name IS 'The officer who attended';
COMMENT ON COLUMN encompass_incident.organisation_id IS 'The police force';
COMMENT ON COLUMN encompass_incident.recorded_by IS 'The user who recorded it (null when a police system sent it)';
COMMENT ON COLUMN encompass_incident.recorded_at IS 'When it was recorded here: notices are due before the next school day after this';
COMMENT ON COLUMN encompass_incident.amended_at IS 'When the police last amended it';
CREATE INDEX encompass_incident_force ON encompass_incident (organisation_id, recorded_at DESC);

CREATE TABLE encompass_child (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id uuid NOT NULL REFERENCES encompass_incident(id),
  given_name text NOT NULL,
  family_name text NOT NULL,
  date_of_birth date NOT NULL,
  address text NOT NULL,
  postcode text,
  nhs_number text CHECK (nhs_number ~ '^\d{10}$'),
  presence text NOT NULL CHECK (presence IN ('in_room','elsewhere_in_home','not_present')),
  spoken_to boolean NOT NULL,
  child_voice text,
  demeanour text,
  injuries text,
  child_id uuid REFERENCES child(id),
  match text NOT NULL CHECK (match IN ('exact','none','ambiguous'))
);
COMMENT ON TABLE encompass_child IS 'A child present at or normally living where an incident happened, as the police described them';
COMMENT ON COLUMN encompass_child.id IS 'Surrogate key';
COMMENT ON COLUMN encompass_child.incident_id IS 'The incident';
COMMENT ON COLUMN encompass_child.given_name IS 'Given name as the police recorded it';
COMMENT ON COLUMN encompass_child.family_name IS 'Family name as the police recorded it';
COMMENT ON COLUMN encompass_child.date_of_birth IS 'Date of birth as the police recorded it';
COMMENT ON COLUMN encompass_child.address IS 'Address as the police recorded it';
COMMENT ON COLUMN encompass_child.postcode IS 'Postcode, normalised';
COMMENT ON COLUMN encompass_child.nhs_number IS 'NHS number when the police know it';
COMMENT ON COLUMN encompass_child.presence IS 'Whether present and where: in_room, elsewhere_in_home, not_present';
COMMENT ON COLUMN encompass_child.spoken_to IS 'Whether an officer spoke with the child';
COMMENT ON COLUMN encompass_child.child_voice IS 'What the child said (the child''s voice)';
COMMENT ON COLUMN encompass_child.demeanour IS 'The child''s demeanour as observed';
COMMENT ON COLUMN encompass_child.injuries IS 'Injuries observed, if any';
COMMENT ON COLUMN encompass_child.child_id IS 'The child in the child index, when found by exact identifiers';
COMMENT ON COLUMN encompass_child.match IS 'How the child index matched: exact, none, or ambiguous (never guessed)';
CREATE INDEX encompass_child_incident ON encompass_child (incident_id);
CREATE INDEX encompass_child_child ON encompass_child (child_id);

CREATE TABLE encompass_notice (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  encompass_child_id uuid NOT NULL UNIQUE REFERENCES encompass_child(id),
  incident_id uuid NOT NULL REFERENCES encompass_incident(id),
  recipient text NOT NULL CHECK (recipient IN ('setting','health_visiting','family_front_door','coordinator')),
  setting_id integer REFERENCES setting(id),
  team_id integer REFERENCES team(id),
  routing_reason text NOT NULL,
  due_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'sent' CHECK (status IN ('sent','acknowledged','withdrawn','queued')),
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  first_viewed_at timestamptz,
  acknowledged_at timestamptz,
  acknowledged_by uuid REFERENCES app_user(id),
  action text CHECK (action IN ('support_in_school','monitoring','spoke_with_child','referral_to_front_door','no_action')),
  action_note text,
  feedback text CHECK (feedback IN ('good','not_enough_about_child','missing_details','late','other')),
  feedback_note text,
  escalated_at timestamptz,
  withdrawn_at timestamptz,
  withdrawn_reason text,
  CHECK (recipient <> 'setting' OR setting_id IS NOT NULL),
  CHECK (recipient NOT IN ('health_visiting','family_front_door') OR team_id IS NOT NULL)
);
COMMENT ON TABLE encompass_notice IS 'One Operation Encompass notice per child: to a setting''s Key Adults, a team, or the coordinator''s queue';
COMMENT ON COLUMN encompass_notice.id IS 'Surrogate key';
COMMENT ON COLUMN encompass_notice.encompass_child_id IS 'The child the notice is about (one notice each)';
COMMENT ON COLUMN encompass_notice.incident_id IS 'The incident';
COMMENT ON COLUMN encompass_notice.recipient IS 'Who receives it: setting, health_visiting, family_front_door, or coordinator (to resolve)';
COMMENT ON COLUMN encompass_notice.setting_id IS 'The setting, for a notice to a setting (or the unjoined setting for the coordinator)';
COMMENT ON COLUMN encompass_notice.team_id IS 'The team, for a health visiting or Family Front Door notice';
COMMENT ON COLUMN encompass_notice.routing_reason IS 'Why it went where it went, in plain English';
COMMENT ON COLUMN encompass_notice.due_at IS 'The deadline: the start of the setting''s next school day, or 09:00 on the next working day for teams';
COMMENT ON COLUMN encompass_notice.status IS 'sent, acknowledged, withdrawn, or queued (with the coordinator)';
COMMENT ON COLUMN encompass_notice.created_at IS 'When the notice was created';
COMMENT ON COLUMN encompass_notice.sent_at IS 'When it was made available to its recipient';
COMMENT ON COLUMN encompass_notice.first_viewed_at IS 'When a recipient first opened it';
COMMENT ON COLUMN encompass_notice.acknowledged_at IS 'When a recipient acknowledged it';
COMMENT ON COLUMN encompass_notice.acknowledged_by IS 'Who acknowledged it';
COMMENT ON COLUMN encompass_notice.action IS 'What the recipient did to support the child';
COMMENT ON COLUMN encompass_notice.action_note IS 'More about the action, or why no action';
COMMENT ON COLUMN encompass_notice.feedback IS 'The recipient''s view of the notice''s quality';
COMMENT ON COLUMN encompass_notice.feedback_note IS 'More about the feedback';
COMMENT ON COLUMN encompass_notice.escalated_at IS 'When it was escalated for not being acknowledged by the deadline';
COMMENT ON COLUMN encompass_notice.withdrawn_at IS 'When the police withdrew it (sent to the wrong recipient)';
COMMENT ON COLUMN encompass_notice.withdrawn_reason IS 'Why it was withdrawn';
CREATE INDEX encompass_notice_setting ON encompass_notice (setting_id, created_at DESC);
CREATE INDEX encompass_notice_team ON encompass_notice (team_id, created_at DESC);
CREATE INDEX encompass_notice_open ON encompass_notice (due_at) WHERE status = 'sent';
CREATE INDEX encompass_notice_queue ON encompass_notice (created_at) WHERE status = 'queued';
