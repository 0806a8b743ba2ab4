-- Multi-agency case audits (the JTAI method): a programme per reporting year, its audits (each
-- a theme with its case-selection rule, the agencies asked, the questions and a schedule), the
-- cases selected from the child index, each agency's self-audit of its part, the multi-agency
-- panel's grade and the family's feedback, the findings, and the learning briefings drawn from
-- the audits. Actions from the findings are kept by the actions module.

CREATE TABLE qa_programme (
  id serial PRIMARY KEY,
  year text NOT NULL UNIQUE CHECK (year ~ '^\d{4}-\d{2}$'),
  title text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE qa_programme IS 'The multi-agency audit programme of one reporting year (1 April to 31 March)';
COMMENT ON COLUMN qa_programme.id IS 'Surrogate key';
COMMENT ON COLUMN qa_programme.year IS 'The reporting year, e.g. 2026-27';
COMMENT ON COLUMN qa_programme.title IS 'What the QAPP group calls it';
COMMENT ON COLUMN qa_programme.created_at IS 'When it was recorded';

CREATE TABLE qa_audit (
  id serial PRIMARY KEY,
  programme_id integer NOT NULL REFERENCES qa_programme(id),
  title text NOT NULL,
  theme text NOT NULL CHECK (theme IN ('strategy_no_s47','repeat_strategy','cp_plan_domestic_abuse','early_help_domestic_abuse','cp_medical','other')),
  selection_rule text NOT NULL,
  cases_wanted integer NOT NULL CHECK (cases_wanted BETWEEN 1 AND 200),
  starts_on date NOT NULL,
  panel_on date NOT NULL,
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','auditing','panel','complete')),
  completed_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (panel_on >= starts_on)
);
COMMENT ON TABLE qa_audit IS 'One multi-agency audit of the programme: a theme, how its cases are chosen, and its schedule';
COMMENT ON COLUMN qa_audit.id IS 'Surrogate key';
COMMENT ON COLUMN qa_audit.programme_id IS 'The year''s programme';
COMMENT ON COLUMN qa_audit.title IS 'The audit''s title, e.g. Children on a plan because of domestic abuse';
COMMENT ON COLUMN qa_audit.theme IS 'The theme, which says how the journey can propose cases: strategy_no_s47, repeat_strategy, cp_plan_domestic_abuse, early_help_domestic_abuse, cp_medical, other';
COMMENT ON COLUMN qa_audit.selection_rule IS 'The case-selection rule in words (e.g. strategy discussions from 1 April to 30 June that did not lead to a section 47 enquiry)';
COMMENT ON COLUMN qa_audit.cases_wanted IS 'How many children the audit means to look at';
COMMENT ON COLUMN qa_audit.starts_on IS 'When agencies start their self-audits';
COMMENT ON COLUMN qa_audit.panel_on IS 'When the multi-agency panel meets';
COMMENT ON COLUMN qa_audit.status IS 'planned (choosing cases), auditing (agencies self-audit), panel (the panel grades), complete';
COMMENT ON COLUMN qa_audit.completed_on IS 'When the audit was completed: from then no child''s details are shown';
COMMENT ON COLUMN qa_audit.created_at IS 'When it was recorded';

CREATE TABLE qa_audit_agency (
  audit_id integer NOT NULL REFERENCES qa_audit(id),
  organisation_id integer NOT NULL REFERENCES organisation(id),
  PRIMARY KEY (audit_id, organisation_id)
);
COMMENT ON TABLE qa_audit_agency IS 'An agency asked to self-audit its part in each case of an audit';
COMMENT ON COLUMN qa_audit_agency.audit_id IS 'The audit';
COMMENT ON COLUMN qa_audit_agency.organisation_id IS 'The agency asked';

CREATE TABLE qa_audit_question (
  audit_id integer NOT NULL REFERENCES qa_audit(id),
  position integer NOT NULL,
  question text NOT NULL,
  PRIMARY KEY (audit_id, position)
);
COMMENT ON TABLE qa_audit_question IS 'The questions each agency answers in its self-audit of a case, set per audit theme';
COMMENT ON COLUMN qa_audit_question.audit_id IS 'The audit';
COMMENT ON COLUMN qa_audit_question.position IS 'Its order (1, 2, …)';
COMMENT ON COLUMN qa_audit_question.question IS 'The question';

CREATE TABLE qa_auditor (
  audit_id integer NOT NULL REFERENCES qa_audit(id),
  user_id uuid NOT NULL REFERENCES app_user(id),
  PRIMARY KEY (audit_id, user_id)
);
COMMENT ON TABLE qa_auditor IS 'A named auditor of an audit: only they see its children, and only while it runs';
COMMENT ON COLUMN qa_auditor.audit_id IS 'The audit';
COMMENT ON COLUMN qa_auditor.user_id IS 'The auditor''s account (an agency''s auditor, or the QA lead running it)';

CREATE TABLE qa_case (
  id serial PRIMARY KEY,
  audit_id integer NOT NULL REFERENCES qa_audit(id),
  reference text NOT NULL,
  child_id uuid NOT NULL REFERENCES child(id),
  selected_how text NOT NULL CHECK (selected_how IN ('journey','hand')),
  selected_on date NOT NULL,
  selected_by uuid REFERENCES app_user(id),
  panel_grade text CHECK (panel_grade IN ('outstanding','good','requires_improvement','inadequate')),
  panel_reasons text,
  panel_on date,
  family_approached boolean,
  family_responded boolean,
  family_feedback text,
  UNIQUE (audit_id, child_id),
  UNIQUE (audit_id, reference),
  CHECK (family_responded IS NOT TRUE OR family_approached IS TRUE)
);
COMMENT ON TABLE qa_case IS 'A child whose experience an audit looks at';
COMMENT ON COLUMN qa_case.id IS 'Surrogate key';
COMMENT ON COLUMN qa_case.audit_id IS 'The audit';
COMMENT ON COLUMN qa_case.reference IS 'The case''s reference within the audit (e.g. DA-03): what lists and papers show instead of a name';
COMMENT ON COLUMN qa_case.child_id IS 'The child in the child index';
COMMENT ON COLUMN qa_case.selected_how IS 'journey (proposed by the selection rule from the child''s journey) or hand (entered by hand)';
COMMENT ON COLUMN qa_case.selected_on IS 'When it was selected';
COMMENT ON COLUMN qa_case.selected_by IS 'Who selected it';
COMMENT ON COLUMN qa_case.panel_grade IS 'The grade the multi-agency panel agreed: outstanding, good, requires_improvement, inadequate';
COMMENT ON COLUMN qa_case.panel_reasons IS 'Why, required when it differs from an agency''s own grade';
COMMENT ON COLUMN qa_case.panel_on IS 'When the panel agreed it';
COMMENT ON COLUMN qa_case.family_approached IS 'Whether the family was approached for feedback (null: not recorded)';
COMMENT ON COLUMN qa_case.family_responded IS 'Whether the family responded';
COMMENT ON COLUMN qa_case.family_feedback IS 'What the family said';
CREATE INDEX qa_case_audit ON qa_case (audit_id);

CREATE TABLE qa_self_audit (
  id serial PRIMARY KEY,
  case_id integer NOT NULL REFERENCES qa_case(id),
  organisation_id integer NOT NULL REFERENCES organisation(id),
  answers jsonb NOT NULL,
  grade text NOT NULL CHECK (grade IN ('outstanding','good','requires_improvement','inadequate')),
  strengths text NOT NULL,
  learning text NOT NULL,
  completed_by uuid REFERENCES app_user(id),
  completed_on date NOT NULL,
  UNIQUE (case_id, organisation_id)
);
COMMENT ON TABLE qa_self_audit IS 'An agency''s self-audit of its part in a case (JTAI method): answers, its own grade, strengths and learning';
COMMENT ON COLUMN qa_self_audit.id IS 'Surrogate key';
COMMENT ON COLUMN qa_self_audit.case_id IS 'The case';
COMMENT ON COLUMN qa_self_audit.organisation_id IS 'The agency auditing itself';
COMMENT ON COLUMN qa_self_audit.answers IS 'The answer to each of the audit''s questions, in order (JSON array of text)';
COMMENT ON COLUMN qa_self_audit.grade IS 'The agency''s own grade: outstanding, good, requires_improvement, inadequate';
COMMENT ON COLUMN qa_self_audit.strengths IS 'Strengths in the agency''s practice';
COMMENT ON COLUMN qa_self_audit.learning IS 'Learning and areas for development';
COMMENT ON COLUMN qa_self_audit.completed_by IS 'The auditor who completed it';
COMMENT ON COLUMN qa_self_audit.completed_on IS 'When it was completed';

CREATE TABLE qa_finding (
  id serial PRIMARY KEY,
  audit_id integer NOT NULL REFERENCES qa_audit(id),
  kind text NOT NULL CHECK (kind IN ('strength','learning')),
  text text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE qa_finding IS 'A finding of an audit: a strength or learning, from which actions and briefings follow';
COMMENT ON COLUMN qa_finding.id IS 'Surrogate key';
COMMENT ON COLUMN qa_finding.audit_id IS 'The audit';
COMMENT ON COLUMN qa_finding.kind IS 'strength or learning';
COMMENT ON COLUMN qa_finding.text IS 'The finding, without any child''s details';
COMMENT ON COLUMN qa_finding.recorded_at IS 'When it was recorded';

CREATE TABLE qa_briefing (
  id serial PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE qa_briefing IS 'A learning briefing drawn from audits; its content is in its versions';
COMMENT ON COLUMN qa_briefing.id IS 'Surrogate key';
COMMENT ON COLUMN qa_briefing.created_at IS 'When it was started';

CREATE TABLE qa_briefing_version (
  briefing_id integer NOT NULL REFERENCES qa_briefing(id),
  version integer NOT NULL CHECK (version >= 1),
  title text NOT NULL,
  summary text NOT NULL,
  key_messages jsonb NOT NULL,
  audit_ids integer[] NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now(),
  written_by uuid REFERENCES app_user(id),
  published_on date,
  PRIMARY KEY (briefing_id, version)
);
COMMENT ON TABLE qa_briefing_version IS 'One version of a learning briefing; a change is a new version, and a version once published is never changed';
COMMENT ON COLUMN qa_briefing_version.briefing_id IS 'The briefing';
COMMENT ON COLUMN qa_briefing_version.version IS 'Its number: 1, 2, …';
COMMENT ON COLUMN qa_briefing_version.title IS 'The briefing''s title';
COMMENT ON COLUMN qa_briefing_version.summary IS 'What the audits looked at and found, in short';
COMMENT ON COLUMN qa_briefing_version.key_messages IS 'The key messages for practitioners (JSON array of text)';
COMMENT ON COLUMN qa_briefing_version.audit_ids IS 'The audits it draws on';
COMMENT ON COLUMN qa_briefing_version.written_at IS 'When this version was written';
COMMENT ON COLUMN qa_briefing_version.written_by IS 'Who wrote it';
COMMENT ON COLUMN qa_briefing_version.published_on IS 'When this version was published (null: a draft)';
