-- The statutory yearly report (module `yearly-report`): drafts the business unit builds for a
-- period, with narrative around live figure references; waivers of checks with their reasons;
-- each safeguarding partner's approval; and the frozen versions published to the public.
-- Only aggregate figures are held here: no child's data.

CREATE TABLE yearly_report (
  id serial PRIMARY KEY,
  title text NOT NULL,
  period_from date NOT NULL,
  period_to date NOT NULL CHECK (period_to >= period_from),
  narrative text NOT NULL DEFAULT '',
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE yearly_report IS 'A draft yearly report of the partnership for a period';
COMMENT ON COLUMN yearly_report.id IS 'Surrogate key';
COMMENT ON COLUMN yearly_report.title IS 'Its title, e.g. Yearly report 2025 to 2026';
COMMENT ON COLUMN yearly_report.period_from IS 'First day of the period reported on (inclusive)';
COMMENT ON COLUMN yearly_report.period_to IS 'Last day of the period reported on (inclusive); usually 31 March';
COMMENT ON COLUMN yearly_report.narrative IS 'The words around the figures, with live references like {{figure:training.key}} and {{contents:N}}';
COMMENT ON COLUMN yearly_report.created_by IS 'The business-unit user who started it';
COMMENT ON COLUMN yearly_report.created_at IS 'When it was started';
COMMENT ON COLUMN yearly_report.updated_at IS 'When its title, period or narrative last changed (approvals are for what was there then)';

CREATE TABLE yearly_report_waiver (
  report_id integer NOT NULL REFERENCES yearly_report(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('small_count','contents')),
  key text NOT NULL,
  reason text NOT NULL CHECK (length(trim(reason)) > 0),
  waived_by uuid,
  waived_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (report_id, kind, key)
);
COMMENT ON TABLE yearly_report_waiver IS 'A check the business unit has waived for a report, with its reason';
COMMENT ON COLUMN yearly_report_waiver.report_id IS 'The report';
COMMENT ON COLUMN yearly_report_waiver.kind IS 'small_count: a figure under 5 records may be published; contents: a Working Together item not covered';
COMMENT ON COLUMN yearly_report_waiver.key IS 'The figure key (small_count) or the Working Together item number (contents)';
COMMENT ON COLUMN yearly_report_waiver.reason IS 'Why it is waived, as written';
COMMENT ON COLUMN yearly_report_waiver.waived_by IS 'Who waived it';
COMMENT ON COLUMN yearly_report_waiver.waived_at IS 'When';

CREATE TABLE yearly_report_approval (
  report_id integer NOT NULL REFERENCES yearly_report(id) ON DELETE CASCADE,
  partner text NOT NULL CHECK (partner IN ('local_authority','police','health')),
  user_id uuid NOT NULL,
  approved_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (report_id, partner),
  UNIQUE (report_id, user_id)
);
COMMENT ON TABLE yearly_report_approval IS 'A safeguarding partner''s sign-off of the draft as it stands (cleared when the draft changes)';
COMMENT ON COLUMN yearly_report_approval.report_id IS 'The report';
COMMENT ON COLUMN yearly_report_approval.partner IS 'Which of the three safeguarding partners signed off';
COMMENT ON COLUMN yearly_report_approval.user_id IS 'The executive who signed for that partner (one partner each)';
COMMENT ON COLUMN yearly_report_approval.approved_at IS 'When';

CREATE TABLE yearly_report_version (
  id serial PRIMARY KEY,
  report_id integer NOT NULL REFERENCES yearly_report(id),
  version integer NOT NULL,
  title text NOT NULL,
  period_from date NOT NULL,
  period_to date NOT NULL,
  sections jsonb NOT NULL,
  narrative text NOT NULL,
  approvals jsonb NOT NULL,
  checksum text NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
  published_by uuid,
  published_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (report_id, version)
);
COMMENT ON TABLE yearly_report_version IS 'A published, frozen version of a yearly report: what the public sees';
COMMENT ON COLUMN yearly_report_version.id IS 'Surrogate key, in the public address';
COMMENT ON COLUMN yearly_report_version.report_id IS 'The draft it was published from';
COMMENT ON COLUMN yearly_report_version.version IS '1, 2, … for each publication of the draft';
COMMENT ON COLUMN yearly_report_version.title IS 'Its title when published';
COMMENT ON COLUMN yearly_report_version.period_from IS 'First day of the period (inclusive)';
COMMENT ON COLUMN yearly_report_version.period_to IS 'Last day of the period (inclusive)';
COMMENT ON COLUMN yearly_report_version.sections IS 'Every section and figure (key, label, value, definition, source, count) as they were';
COMMENT ON COLUMN yearly_report_version.narrative IS 'The narrative as it was, references unresolved (they resolve against the frozen figures)';
COMMENT ON COLUMN yearly_report_version.approvals IS 'The partners'' approvals it was published on: partner, who, when';
COMMENT ON COLUMN yearly_report_version.checksum IS 'SHA-256 (hex) of the canonical JSON of period, sections and narrative';
COMMENT ON COLUMN yearly_report_version.published_by IS 'Who published it';
COMMENT ON COLUMN yearly_report_version.published_at IS 'When';
