-- WREN: the hospital's screening of emergency department (A&E) attendances of children for key
-- words that signal risk, the hospital safeguarding nurse's triage, and the monthly profile.

CREATE TABLE wren_keyword_list (
  id serial PRIMARY KEY,
  version integer NOT NULL UNIQUE CHECK (version > 0),
  terms jsonb NOT NULL,
  note text,
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE wren_keyword_list IS 'A version of the WREN list of key words and phrases; the highest version is the one in use, earlier ones stay for the results that used them';
COMMENT ON COLUMN wren_keyword_list.id IS 'Surrogate key';
COMMENT ON COLUMN wren_keyword_list.version IS 'Version number, 1, 2, 3, …: every screening result records the version it used';
COMMENT ON COLUMN wren_keyword_list.terms IS 'The words and phrases, a JSON array of strings, matched as whole words in any case';
COMMENT ON COLUMN wren_keyword_list.note IS 'Why this version was made (what changed)';
COMMENT ON COLUMN wren_keyword_list.created_by IS 'Who saved this version (null for the shipped first list)';
COMMENT ON COLUMN wren_keyword_list.created_at IS 'When this version was saved';

CREATE TABLE wren_column_mapping (
  owner_key text PRIMARY KEY,
  mapping jsonb NOT NULL,
  updated_by uuid REFERENCES app_user(id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE wren_column_mapping IS 'The last column mapping used to import an A&E file, saved for the next import of the same team';
COMMENT ON COLUMN wren_column_mapping.owner_key IS 'Whose mapping: team:<team id>, or user:<user id> for a user without a team';
COMMENT ON COLUMN wren_column_mapping.mapping IS 'JSON array of [our field (attendance_id, arrived_at, …), the column of their file] pairs';
COMMENT ON COLUMN wren_column_mapping.updated_by IS 'Who last saved it';
COMMENT ON COLUMN wren_column_mapping.updated_at IS 'When it was last saved';

CREATE TABLE wren_import (
  id serial PRIMARY KEY,
  team_id integer REFERENCES team(id),
  filename text NOT NULL,
  file bytea,
  header jsonb NOT NULL,
  row_count integer NOT NULL,
  status text NOT NULL CHECK (status IN ('uploaded', 'imported')),
  uploaded_by uuid REFERENCES app_user(id),
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  imported_at timestamptz,
  kept integer,
  already_imported integer,
  adults_dropped integer,
  rejected integer,
  flagged integer,
  problems jsonb NOT NULL DEFAULT '[]'
);
COMMENT ON TABLE wren_import IS 'An A&E file uploaded for WREN screening: kept only until its columns are mapped and it is imported';
COMMENT ON COLUMN wren_import.id IS 'Surrogate key';
COMMENT ON COLUMN wren_import.team_id IS 'The hospital safeguarding team whose attendances these are (the uploader''s team)';
COMMENT ON COLUMN wren_import.filename IS 'The uploaded file''s name';
COMMENT ON COLUMN wren_import.file IS 'The file''s bytes until it is imported, then cleared: adults'' attendances in it are never kept';
COMMENT ON COLUMN wren_import.header IS 'The file''s header row, a JSON array of column names';
COMMENT ON COLUMN wren_import.row_count IS 'Rows in the file, the header not counted';
COMMENT ON COLUMN wren_import.status IS 'uploaded (columns not mapped yet) or imported';
COMMENT ON COLUMN wren_import.uploaded_by IS 'Who uploaded it (null: the command line or the demo seed)';
COMMENT ON COLUMN wren_import.uploaded_at IS 'When it was uploaded';
COMMENT ON COLUMN wren_import.imported_at IS 'When its good rows were imported';
COMMENT ON COLUMN wren_import.kept IS 'Attendances of under-18s imported from it';
COMMENT ON COLUMN wren_import.already_imported IS 'Rows whose attendance id was imported before (left as they were)';
COMMENT ON COLUMN wren_import.adults_dropped IS 'Attendances of people 18 or over on the day, not kept';
COMMENT ON COLUMN wren_import.rejected IS 'Rows that could not be read (each in problems)';
COMMENT ON COLUMN wren_import.flagged IS 'Imported attendances the screening flagged';
COMMENT ON COLUMN wren_import.problems IS 'JSON array of {row, column, message}: each unreadable row and why';

CREATE TABLE wren_attendance (
  id serial PRIMARY KEY,
  attendance_ref text NOT NULL UNIQUE,
  team_id integer REFERENCES team(id),
  import_id integer REFERENCES wren_import(id),
  arrived_at timestamptz NOT NULL,
  department text,
  given_name text,
  family_name text NOT NULL,
  date_of_birth date NOT NULL,
  age_years integer NOT NULL CHECK (age_years BETWEEN 0 AND 17),
  nhs_number text,
  postcode text,
  ethnicity text,
  presenting_complaint text,
  notes text NOT NULL DEFAULT '',
  child_id uuid,
  match_method text NOT NULL CHECK (match_method IN ('nhs_number', 'linkage', 'none')),
  match_probability double precision CHECK (match_probability BETWEEN 0 AND 1),
  match_decision text CHECK (match_decision IN ('link', 'review')),
  known_facts jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE wren_attendance IS 'An emergency department attendance of a child (under 18 on the day), as the hospital sent it';
COMMENT ON COLUMN wren_attendance.id IS 'Surrogate key';
COMMENT ON COLUMN wren_attendance.attendance_ref IS 'The hospital''s attendance id: importing it again changes nothing';
COMMENT ON COLUMN wren_attendance.team_id IS 'The hospital safeguarding team that imported it and triages it';
COMMENT ON COLUMN wren_attendance.import_id IS 'The import it came in';
COMMENT ON COLUMN wren_attendance.arrived_at IS 'When the child arrived at the department';
COMMENT ON COLUMN wren_attendance.department IS 'Which emergency department or minor injuries unit';
COMMENT ON COLUMN wren_attendance.given_name IS 'Patient''s given name as the hospital holds it';
COMMENT ON COLUMN wren_attendance.family_name IS 'Patient''s family name as the hospital holds it';
COMMENT ON COLUMN wren_attendance.date_of_birth IS 'Patient''s date of birth';
COMMENT ON COLUMN wren_attendance.age_years IS 'Age in whole years on the day of the attendance';
COMMENT ON COLUMN wren_attendance.nhs_number IS 'NHS number, if the hospital sent one';
COMMENT ON COLUMN wren_attendance.postcode IS 'Home postcode as sent';
COMMENT ON COLUMN wren_attendance.ethnicity IS 'Ethnicity as recorded by the hospital';
COMMENT ON COLUMN wren_attendance.presenting_complaint IS 'The presenting complaint';
COMMENT ON COLUMN wren_attendance.notes IS 'Free-text clinical notes: what is screened';
COMMENT ON COLUMN wren_attendance.child_id IS 'The child in the child index this attendance is matched to (never created from A&E data), or null';
COMMENT ON COLUMN wren_attendance.match_method IS 'nhs_number (the same NHS number and date of birth), linkage (the linkage engine''s best candidate) or none';
COMMENT ON COLUMN wren_attendance.match_probability IS 'The probability that child_id is this patient (1 for an exact NHS number)';
COMMENT ON COLUMN wren_attendance.match_decision IS 'link (at or above the link threshold) or review (a possible match for the nurse to check)';
COMMENT ON COLUMN wren_attendance.known_facts IS 'What the child index and partner modules held about the child when the attendance was flagged (JSON array of {kind, text, since}): the monthly profile counts these';
COMMENT ON COLUMN wren_attendance.created_at IS 'When it was imported';
CREATE INDEX wren_attendance_arrived ON wren_attendance (arrived_at);
CREATE INDEX wren_attendance_child ON wren_attendance (child_id);
CREATE INDEX wren_attendance_team ON wren_attendance (team_id, arrived_at);

CREATE TABLE wren_screening (
  id serial PRIMARY KEY,
  attendance_id integer NOT NULL REFERENCES wren_attendance(id),
  list_version integer NOT NULL REFERENCES wren_keyword_list(version),
  flagged boolean NOT NULL,
  matches jsonb NOT NULL,
  screened_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (attendance_id, list_version)
);
COMMENT ON TABLE wren_screening IS 'The result of screening one attendance''s notes with one version of the key word list';
COMMENT ON COLUMN wren_screening.id IS 'Surrogate key';
COMMENT ON COLUMN wren_screening.attendance_id IS 'The attendance screened';
COMMENT ON COLUMN wren_screening.list_version IS 'The version of the key word list used';
COMMENT ON COLUMN wren_screening.flagged IS 'True when any key word was found (negated or family mentions included: they are marked, not hidden)';
COMMENT ON COLUMN wren_screening.matches IS 'JSON array of {term, text, field, start, end, negated, family}: each match, where it is in its field (its context is shown from there), and its marks';
COMMENT ON COLUMN wren_screening.screened_at IS 'When it was screened';
CREATE INDEX wren_screening_flagged ON wren_screening (list_version, flagged);

CREATE TABLE wren_triage (
  attendance_id integer PRIMARY KEY REFERENCES wren_attendance(id),
  outcome text NOT NULL CHECK (outcome IN ('no_further_action', 'inform_social_worker', 'refer_front_door', 'raise_get_safe_concern')),
  rationale text NOT NULL CHECK (length(rationale) > 0),
  decided_by uuid NOT NULL REFERENCES app_user(id),
  decided_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE wren_triage IS 'The hospital safeguarding nurse''s decision on a flagged attendance';
COMMENT ON COLUMN wren_triage.attendance_id IS 'The flagged attendance';
COMMENT ON COLUMN wren_triage.outcome IS 'no_further_action, inform_social_worker, refer_front_door or raise_get_safe_concern';
COMMENT ON COLUMN wren_triage.rationale IS 'Why: the nurse''s reasoning';
COMMENT ON COLUMN wren_triage.decided_by IS 'The nurse who decided';
COMMENT ON COLUMN wren_triage.decided_at IS 'When';

-- The first list, as the hospital's WREN report uses it (the report names gun, gang, weapon, knife,
-- overdose); later versions are saved from the key words page.
INSERT INTO wren_keyword_list (version, terms, note) VALUES (1, '["gun", "gang", "weapon", "knife", "knife crime", "stab", "stabbed", "stabbing", "machete", "shot", "shooting", "overdose", "overdosed", "county lines", "drug dealing", "dealing drugs", "running drugs", "cuckooing", "debt bondage", "exploited", "exploitation", "groomed", "grooming", "trafficked", "older boyfriend", "sexual assault", "raped", "assaulted", "strangled", "ligature", "self-harm", "self harm", "suicidal", "missing from home", "sexting", "nude images", "cannabis", "ketamine", "cocaine", "alcohol intoxication"]', 'The first list');
