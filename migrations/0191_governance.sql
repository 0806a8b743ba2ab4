-- Governance of the partnership (module `governance`): the executive group and subgroups, their
-- members by agency, meetings with attendance, decisions; priorities per year with quarterly
-- progress; published documents and their versions; independent scrutiny. No child's data.

CREATE TABLE governance_group (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('executive','subgroup')),
  purpose text NOT NULL,
  chair_name text NOT NULL,
  chair_agency text NOT NULL
);
COMMENT ON TABLE governance_group IS 'The executive group or a subgroup of the partnership (e.g. quality assurance, practice reviews, GET SAFE)';
COMMENT ON COLUMN governance_group.id IS 'Surrogate key';
COMMENT ON COLUMN governance_group.name IS 'Its name, e.g. Quality Assurance subgroup';
COMMENT ON COLUMN governance_group.kind IS 'executive (the three safeguarding partners'' group) or subgroup';
COMMENT ON COLUMN governance_group.purpose IS 'What it is for';
COMMENT ON COLUMN governance_group.chair_name IS 'Who chairs it';
COMMENT ON COLUMN governance_group.chair_agency IS 'The chair''s agency';

CREATE TABLE governance_member (
  id serial PRIMARY KEY,
  group_id integer NOT NULL REFERENCES governance_group (id) ON DELETE CASCADE,
  name text NOT NULL,
  role_title text NOT NULL,
  agency text NOT NULL,
  UNIQUE (group_id, name)
);
COMMENT ON TABLE governance_member IS 'A member of a group, by agency';
COMMENT ON COLUMN governance_member.id IS 'Surrogate key';
COMMENT ON COLUMN governance_member.group_id IS 'The group';
COMMENT ON COLUMN governance_member.name IS 'The member''s name';
COMMENT ON COLUMN governance_member.role_title IS 'Their job, e.g. Director of Nursing';
COMMENT ON COLUMN governance_member.agency IS 'The agency they represent, e.g. West Mercia Police';

CREATE TABLE governance_meeting (
  id serial PRIMARY KEY,
  group_id integer NOT NULL REFERENCES governance_group (id) ON DELETE CASCADE,
  held_on date NOT NULL,
  UNIQUE (group_id, held_on)
);
COMMENT ON TABLE governance_meeting IS 'A meeting of a group';
COMMENT ON COLUMN governance_meeting.id IS 'Surrogate key';
COMMENT ON COLUMN governance_meeting.group_id IS 'The group that met';
COMMENT ON COLUMN governance_meeting.held_on IS 'The day it met';

CREATE TABLE governance_attendance (
  meeting_id integer NOT NULL REFERENCES governance_meeting (id) ON DELETE CASCADE,
  member_id integer NOT NULL REFERENCES governance_member (id) ON DELETE CASCADE,
  present boolean NOT NULL,
  PRIMARY KEY (meeting_id, member_id)
);
COMMENT ON TABLE governance_attendance IS 'Whether each member attended a meeting';
COMMENT ON COLUMN governance_attendance.meeting_id IS 'The meeting';
COMMENT ON COLUMN governance_attendance.member_id IS 'The member';
COMMENT ON COLUMN governance_attendance.present IS 'True when they attended; false when absent or gave apologies';

CREATE TABLE governance_decision (
  id serial PRIMARY KEY,
  meeting_id integer NOT NULL REFERENCES governance_meeting (id) ON DELETE CASCADE,
  what text NOT NULL,
  why text NOT NULL,
  decided_by text NOT NULL
);
COMMENT ON TABLE governance_decision IS 'A decision taken at a meeting; its actions are in the actions module (source governance/decision)';
COMMENT ON COLUMN governance_decision.id IS 'Surrogate key';
COMMENT ON COLUMN governance_decision.meeting_id IS 'The meeting that decided';
COMMENT ON COLUMN governance_decision.what IS 'What was decided';
COMMENT ON COLUMN governance_decision.why IS 'Why';
COMMENT ON COLUMN governance_decision.decided_by IS 'By whom (e.g. the three safeguarding partners)';

CREATE TABLE governance_priority (
  id serial PRIMARY KEY,
  financial_year text NOT NULL CHECK (financial_year ~ '^\d{4}-\d{2}$'),
  title text NOT NULL,
  description text NOT NULL,
  owner_group_id integer NOT NULL REFERENCES governance_group (id),
  UNIQUE (financial_year, title)
);
COMMENT ON TABLE governance_priority IS 'A priority (area of focus) of the partnership for a financial year, owned by a group';
COMMENT ON COLUMN governance_priority.id IS 'Surrogate key';
COMMENT ON COLUMN governance_priority.financial_year IS 'The year, e.g. 2023-24';
COMMENT ON COLUMN governance_priority.title IS 'The priority, e.g. Neglect';
COMMENT ON COLUMN governance_priority.description IS 'What the partnership means to achieve';
COMMENT ON COLUMN governance_priority.owner_group_id IS 'The group that owns it';

CREATE TABLE governance_progress (
  id serial PRIMARY KEY,
  priority_id integer NOT NULL REFERENCES governance_priority (id) ON DELETE CASCADE,
  quarter integer NOT NULL CHECK (quarter BETWEEN 1 AND 4),
  rag text NOT NULL CHECK (rag IN ('red','amber','green')),
  summary text NOT NULL,
  evidence text,
  UNIQUE (priority_id, quarter)
);
COMMENT ON TABLE governance_progress IS 'A quarter''s progress update on a priority';
COMMENT ON COLUMN governance_progress.id IS 'Surrogate key';
COMMENT ON COLUMN governance_progress.priority_id IS 'The priority';
COMMENT ON COLUMN governance_progress.quarter IS 'Quarter of the priority''s financial year: 1 April-June, 2 July-September, 3 October-December, 4 January-March';
COMMENT ON COLUMN governance_progress.rag IS 'Red, amber or green';
COMMENT ON COLUMN governance_progress.summary IS 'What happened';
COMMENT ON COLUMN governance_progress.evidence IS 'The evidence of progress (e.g. audit findings, figures); null when there is none';

CREATE TABLE governance_document (
  id serial PRIMARY KEY,
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9-]+$'),
  title text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('arrangements','procedure','toolkit','guidance','briefing')),
  owner text NOT NULL,
  review_on date NOT NULL,
  status text NOT NULL CHECK (status IN ('draft','published','withdrawn')),
  summary text NOT NULL
);
COMMENT ON TABLE governance_document IS 'A document the partnership publishes: its arrangements, a procedure, a toolkit (e.g. the Neglect Toolkit), guidance or a learning briefing';
COMMENT ON COLUMN governance_document.id IS 'Surrogate key';
COMMENT ON COLUMN governance_document.slug IS 'Its address on the public site, /documents/<slug>';
COMMENT ON COLUMN governance_document.title IS 'Its title';
COMMENT ON COLUMN governance_document.kind IS 'arrangements, procedure, toolkit, guidance or briefing';
COMMENT ON COLUMN governance_document.owner IS 'Who owns it (a group or officer)';
COMMENT ON COLUMN governance_document.review_on IS 'When it is next due for review; overdue when before today';
COMMENT ON COLUMN governance_document.status IS 'draft, published (public page shown) or withdrawn';
COMMENT ON COLUMN governance_document.summary IS 'What it is about, shown on its public page';

CREATE TABLE governance_document_version (
  id serial PRIMARY KEY,
  document_id integer NOT NULL REFERENCES governance_document (id) ON DELETE CASCADE,
  version text NOT NULL,
  issued_on date NOT NULL,
  changes text NOT NULL,
  timescale text,
  UNIQUE (document_id, version)
);
COMMENT ON TABLE governance_document_version IS 'A version of a document and what changed in it';
COMMENT ON COLUMN governance_document_version.id IS 'Surrogate key';
COMMENT ON COLUMN governance_document_version.document_id IS 'The document';
COMMENT ON COLUMN governance_document_version.version IS 'Its version, e.g. 2.1';
COMMENT ON COLUMN governance_document_version.issued_on IS 'When it was issued';
COMMENT ON COLUMN governance_document_version.changes IS 'What changed';
COMMENT ON COLUMN governance_document_version.timescale IS 'For updates to the published arrangements: the timescale for the change (e.g. by 31 December 2024)';

CREATE TABLE governance_scrutiny (
  id serial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('meeting_attended','rapid_review','audit_theme','other')),
  title text NOT NULL,
  held_on date NOT NULL,
  scrutineer text NOT NULL
);
COMMENT ON TABLE governance_scrutiny IS 'An independent scrutiny activity: a meeting attended, rapid review decisions reviewed, an audit theme chosen';
COMMENT ON COLUMN governance_scrutiny.id IS 'Surrogate key';
COMMENT ON COLUMN governance_scrutiny.kind IS 'meeting_attended, rapid_review, audit_theme or other';
COMMENT ON COLUMN governance_scrutiny.title IS 'What it was';
COMMENT ON COLUMN governance_scrutiny.held_on IS 'When';
COMMENT ON COLUMN governance_scrutiny.scrutineer IS 'The independent scrutineer';

CREATE TABLE governance_scrutiny_finding (
  id serial PRIMARY KEY,
  scrutiny_id integer NOT NULL REFERENCES governance_scrutiny (id) ON DELETE CASCADE,
  finding text NOT NULL,
  response text,
  responded_by text,
  responded_on date,
  CHECK ((response IS NULL) = (responded_on IS NULL))
);
COMMENT ON TABLE governance_scrutiny_finding IS 'A finding of a scrutiny activity and the partners'' response';
COMMENT ON COLUMN governance_scrutiny_finding.id IS 'Surrogate key';
COMMENT ON COLUMN governance_scrutiny_finding.scrutiny_id IS 'The activity';
COMMENT ON COLUMN governance_scrutiny_finding.finding IS 'What the scrutineer found';
COMMENT ON COLUMN governance_scrutiny_finding.response IS 'The partners'' response; null while awaited';
COMMENT ON COLUMN governance_scrutiny_finding.responded_by IS 'Who responded';
COMMENT ON COLUMN governance_scrutiny_finding.responded_on IS 'When they responded';
