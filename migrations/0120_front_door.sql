-- The Family Front Door: multi-agency referrals (drafts and submitted), the front door's threshold
-- decisions with feedback to the referrer, strategy discussions and what follows them (section 47,
-- initial child protection conference, child protection plan, reviews), child and family
-- assessments, and the monthly referral audit programme. Deadlines are computed by the platform
-- calendar when a record is written and stored beside it, so lists of overdue work are queries.

CREATE TABLE front_door_referral (
  id serial PRIMARY KEY,
  source text NOT NULL DEFAULT 'form' CHECK (source IN ('form', 'encompass')),
  encompass_notice_id uuid UNIQUE,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'decided')),
  referrer_user_id uuid,
  referrer_name text NOT NULL,
  referrer_job_title text,
  referrer_email text,
  referrer_phone text,
  organisation_id integer,
  setting_id integer,
  team_id integer,
  agency_type text NOT NULL,
  district_id integer,
  family_and_household text,
  concerns text,
  referrer_level_of_need integer CHECK (referrer_level_of_need BETWEEN 1 AND 4),
  child_voice text,
  consent text CHECK (consent IN ('obtained', 'not_obtained', 'not_sought_risk')),
  consent_reason text,
  siblings_elsewhere text,
  existing_early_help text,
  setting_early_help_offer boolean,
  urgency text CHECK (urgency IN ('immediate', 'urgent', 'standard')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  received_at timestamptz,
  decision_due_on date,
  decided_at timestamptz,
  decided_by uuid,
  decision text CHECK (decision IN ('nfa_advice', 'signpost_universal', 'early_help_setting',
    'early_help_targeted', 'assessment_s17', 'strategy_discussion')),
  met_threshold boolean GENERATED ALWAYS AS (decision IN ('assessment_s17', 'strategy_discussion')) STORED,
  rationale text,
  decided_level_of_need integer CHECK (decided_level_of_need BETWEEN 1 AND 4),
  feedback_outcome text,
  feedback_next_steps text,
  feedback_contact text,
  feedback_recipient text CHECK (feedback_recipient IN ('referrer', 'safeguarding_lead')),
  feedback_email text,
  CHECK (status = 'draft' OR received_at IS NOT NULL),
  CHECK (status <> 'decided' OR (decision IS NOT NULL AND rationale IS NOT NULL AND feedback_outcome IS NOT NULL))
);
COMMENT ON TABLE front_door_referral IS 'A contact with the Family Front Door: a multi-agency referral (a draft until submitted) or an Operation Encompass notice routed there, and the front door''s threshold decision and feedback on it';
COMMENT ON COLUMN front_door_referral.id IS 'The referral''s number';
COMMENT ON COLUMN front_door_referral.source IS 'form: made on the multi-agency referral form; encompass: an Operation Encompass notice routed to the front door';
COMMENT ON COLUMN front_door_referral.encompass_notice_id IS 'The Operation Encompass notice it was made from (source encompass), read through encompass_front_door_notice';
COMMENT ON COLUMN front_door_referral.status IS 'draft (the referrer''s, not yet received), submitted (waiting for a decision), decided';
COMMENT ON COLUMN front_door_referral.referrer_user_id IS 'The account that made the referral (null for notices)';
COMMENT ON COLUMN front_door_referral.referrer_name IS 'The referrer''s name as they gave it';
COMMENT ON COLUMN front_door_referral.referrer_job_title IS 'The referrer''s role, e.g. Designated safeguarding lead';
COMMENT ON COLUMN front_door_referral.referrer_email IS 'Where feedback to the referrer goes';
COMMENT ON COLUMN front_door_referral.referrer_phone IS 'A number to call the referrer on';
COMMENT ON COLUMN front_door_referral.organisation_id IS 'The referrer''s organisation (registry), when not a setting';
COMMENT ON COLUMN front_door_referral.setting_id IS 'The referrer''s school or early-years setting (registry), when they work in one';
COMMENT ON COLUMN front_door_referral.team_id IS 'The referrer''s team (registry), when they work in one';
COMMENT ON COLUMN front_door_referral.agency_type IS 'The referring agency''s type: school, early_years, police, health, local_authority, other';
COMMENT ON COLUMN front_door_referral.district_id IS 'The district of the referrer''s setting or of the incident, for breakdowns';
COMMENT ON COLUMN front_door_referral.family_and_household IS 'Family and household: who lives with the child, who has parental responsibility';
COMMENT ON COLUMN front_door_referral.concerns IS 'The concerns, in the referrer''s own words';
COMMENT ON COLUMN front_door_referral.referrer_level_of_need IS 'The Level of Need (1 to 4) the referrer judges';
COMMENT ON COLUMN front_door_referral.child_voice IS 'What the child said, or why it is not known';
COMMENT ON COLUMN front_door_referral.consent IS 'obtained; not_obtained (with consent_reason); not_sought_risk (seeking it would increase the risk)';
COMMENT ON COLUMN front_door_referral.consent_reason IS 'Why consent was not obtained';
COMMENT ON COLUMN front_door_referral.siblings_elsewhere IS 'Siblings not at the referrer''s setting';
COMMENT ON COLUMN front_door_referral.existing_early_help IS 'Early help already in place, including the setting''s own offer';
COMMENT ON COLUMN front_door_referral.setting_early_help_offer IS 'Whether the setting''s own early-help offer has been used';
COMMENT ON COLUMN front_door_referral.urgency IS 'immediate (a child at risk of significant harm now), urgent (today), standard';
COMMENT ON COLUMN front_door_referral.created_at IS 'When the draft was started';
COMMENT ON COLUMN front_door_referral.updated_at IS 'When it last changed';
COMMENT ON COLUMN front_door_referral.received_at IS 'When the front door received it (submitted, or the notice sent)';
COMMENT ON COLUMN front_door_referral.decision_due_on IS 'The threshold decision is due by the end of this date: 1 working day after the day received (platform calendar)';
COMMENT ON COLUMN front_door_referral.decided_at IS 'When the threshold decision was recorded';
COMMENT ON COLUMN front_door_referral.decided_by IS 'The front door practitioner who decided';
COMMENT ON COLUMN front_door_referral.decision IS 'nfa_advice, signpost_universal, early_help_setting (the setting''s own offer), early_help_targeted (levels 2 to 3), assessment_s17 (child and family assessment), strategy_discussion (section 47 concerns)';
COMMENT ON COLUMN front_door_referral.met_threshold IS 'Whether it met the threshold for social care: an assessment or a strategy discussion';
COMMENT ON COLUMN front_door_referral.rationale IS 'Why the front door decided as it did';
COMMENT ON COLUMN front_door_referral.decided_level_of_need IS 'The Level of Need (1 to 4) the front door decided';
COMMENT ON COLUMN front_door_referral.feedback_outcome IS 'Feedback: the outcome, in words the referrer understands';
COMMENT ON COLUMN front_door_referral.feedback_next_steps IS 'Feedback: what happens next and what the referrer should do';
COMMENT ON COLUMN front_door_referral.feedback_contact IS 'Feedback: whom to contact';
COMMENT ON COLUMN front_door_referral.feedback_recipient IS 'Who the feedback went to: the referrer, or their organisation''s safeguarding lead';
COMMENT ON COLUMN front_door_referral.feedback_email IS 'The address the feedback email (without child details) went to';
CREATE INDEX front_door_referral_inbox ON front_door_referral (status, received_at);
CREATE INDEX front_door_referral_setting ON front_door_referral (setting_id, received_at);
CREATE INDEX front_door_referral_referrer ON front_door_referral (referrer_user_id);

CREATE TABLE front_door_referral_child (
  id serial PRIMARY KEY,
  referral_id integer NOT NULL REFERENCES front_door_referral (id) ON DELETE CASCADE,
  child_id uuid NOT NULL,
  given_name text NOT NULL,
  family_name text NOT NULL,
  date_of_birth date NOT NULL,
  found_by text NOT NULL CHECK (found_by IN ('index', 'new')),
  UNIQUE (referral_id, child_id)
);
COMMENT ON TABLE front_door_referral_child IS 'A child a referral is about, as found in the child index (or added to it)';
COMMENT ON COLUMN front_door_referral_child.id IS 'Row number';
COMMENT ON COLUMN front_door_referral_child.referral_id IS 'The referral';
COMMENT ON COLUMN front_door_referral_child.child_id IS 'The child in the child index';
COMMENT ON COLUMN front_door_referral_child.given_name IS 'The child''s given name as the referral has it';
COMMENT ON COLUMN front_door_referral_child.family_name IS 'The child''s family name as the referral has it';
COMMENT ON COLUMN front_door_referral_child.date_of_birth IS 'The child''s date of birth as the referral has it';
COMMENT ON COLUMN front_door_referral_child.found_by IS 'index: chosen from the candidates find-a-child showed; new: added after the candidates were shown';
CREATE INDEX front_door_referral_child_child ON front_door_referral_child (child_id);

CREATE TABLE front_door_assessment (
  id serial PRIMARY KEY,
  referral_id integer NOT NULL REFERENCES front_door_referral (id),
  child_id uuid NOT NULL,
  started_on date NOT NULL,
  due_on date NOT NULL,
  authorised_on date,
  outcome text CHECK (outcome IN ('nfa', 'early_help', 'child_in_need', 'strategy_discussion')),
  UNIQUE (referral_id, child_id),
  CHECK (authorised_on IS NULL OR authorised_on >= started_on)
);
COMMENT ON TABLE front_door_assessment IS 'A child and family assessment (section 17) started by a threshold decision';
COMMENT ON COLUMN front_door_assessment.id IS 'The assessment''s number';
COMMENT ON COLUMN front_door_assessment.referral_id IS 'The referral it follows';
COMMENT ON COLUMN front_door_assessment.child_id IS 'The child assessed';
COMMENT ON COLUMN front_door_assessment.started_on IS 'When it started (the decision''s date)';
COMMENT ON COLUMN front_door_assessment.due_on IS 'Due: 45 working days after the referral was received (platform calendar)';
COMMENT ON COLUMN front_door_assessment.authorised_on IS 'When the manager authorised it';
COMMENT ON COLUMN front_door_assessment.outcome IS 'What the assessment concluded';

CREATE TABLE front_door_strategy_discussion (
  id serial PRIMARY KEY,
  referral_id integer REFERENCES front_door_referral (id),
  child_id uuid NOT NULL,
  held_on date NOT NULL,
  information_shared text NOT NULL,
  decision text NOT NULL CHECK (decision IN ('section47', 'none', 'further_discussion')),
  quorate boolean NOT NULL,
  recorded_by uuid,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE front_door_strategy_discussion IS 'A strategy discussion about a child (section 47 concerns)';
COMMENT ON COLUMN front_door_strategy_discussion.id IS 'The discussion''s number';
COMMENT ON COLUMN front_door_strategy_discussion.referral_id IS 'The referral that led to it, if any';
COMMENT ON COLUMN front_door_strategy_discussion.child_id IS 'The child discussed';
COMMENT ON COLUMN front_door_strategy_discussion.held_on IS 'When it was held';
COMMENT ON COLUMN front_door_strategy_discussion.information_shared IS 'The information the agencies shared';
COMMENT ON COLUMN front_door_strategy_discussion.decision IS 'section47 (enquiries begin), none, further_discussion';
COMMENT ON COLUMN front_door_strategy_discussion.quorate IS 'Children''s social care, police and health all attended (computed from the attendees when recorded)';
COMMENT ON COLUMN front_door_strategy_discussion.recorded_by IS 'Who recorded it';
COMMENT ON COLUMN front_door_strategy_discussion.recorded_at IS 'When it was recorded';
CREATE INDEX front_door_strategy_discussion_child ON front_door_strategy_discussion (child_id, held_on);

CREATE TABLE front_door_strategy_attendee (
  id serial PRIMARY KEY,
  strategy_discussion_id integer NOT NULL REFERENCES front_door_strategy_discussion (id) ON DELETE CASCADE,
  agency text NOT NULL CHECK (agency IN ('social_care', 'police', 'health', 'education', 'probation', 'youth_justice', 'other')),
  organisation_id integer,
  name text NOT NULL,
  minutes_shared_on date,
  UNIQUE (strategy_discussion_id, agency)
);
COMMENT ON TABLE front_door_strategy_attendee IS 'An agency that attended a strategy discussion, and when its minutes were shared with it';
COMMENT ON COLUMN front_door_strategy_attendee.id IS 'Row number';
COMMENT ON COLUMN front_door_strategy_attendee.strategy_discussion_id IS 'The discussion';
COMMENT ON COLUMN front_door_strategy_attendee.agency IS 'The agency: social_care, police, health, education, probation, youth_justice, other';
COMMENT ON COLUMN front_door_strategy_attendee.organisation_id IS 'The attending organisation (registry), if known';
COMMENT ON COLUMN front_door_strategy_attendee.name IS 'Who attended for it';
COMMENT ON COLUMN front_door_strategy_attendee.minutes_shared_on IS 'When the minutes were shared with this agency; null: not yet';

CREATE TABLE front_door_enquiry (
  strategy_discussion_id integer PRIMARY KEY REFERENCES front_door_strategy_discussion (id),
  started_on date NOT NULL,
  completed_on date,
  outcome text CHECK (outcome IN ('icpc', 'cin_plan', 'nfa')),
  CHECK (completed_on IS NULL OR completed_on >= started_on)
);
COMMENT ON TABLE front_door_enquiry IS 'A section 47 enquiry begun at a strategy discussion';
COMMENT ON COLUMN front_door_enquiry.strategy_discussion_id IS 'The strategy discussion at which it began';
COMMENT ON COLUMN front_door_enquiry.started_on IS 'When it began (the discussion''s date)';
COMMENT ON COLUMN front_door_enquiry.completed_on IS 'When its outcome was recorded';
COMMENT ON COLUMN front_door_enquiry.outcome IS 'icpc (concerns substantiated, conference), cin_plan (child in need plan), nfa';

CREATE TABLE front_door_icpc (
  id serial PRIMARY KEY,
  strategy_discussion_id integer NOT NULL UNIQUE REFERENCES front_door_strategy_discussion (id),
  child_id uuid NOT NULL,
  held_on date NOT NULL,
  due_on date NOT NULL,
  quorate boolean NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('cp_plan', 'no_plan'))
);
COMMENT ON TABLE front_door_icpc IS 'An initial child protection conference';
COMMENT ON COLUMN front_door_icpc.id IS 'The conference''s number';
COMMENT ON COLUMN front_door_icpc.strategy_discussion_id IS 'The strategy discussion at which the section 47 enquiry began';
COMMENT ON COLUMN front_door_icpc.child_id IS 'The child';
COMMENT ON COLUMN front_door_icpc.held_on IS 'When it was held (never before its strategy discussion)';
COMMENT ON COLUMN front_door_icpc.due_on IS 'Due: 15 working days after the strategy discussion (platform calendar)';
COMMENT ON COLUMN front_door_icpc.quorate IS 'Whether the conference was quorate';
COMMENT ON COLUMN front_door_icpc.outcome IS 'cp_plan (the child became subject of a plan) or no_plan';

CREATE TABLE front_door_cp_plan (
  id serial PRIMARY KEY,
  icpc_id integer NOT NULL UNIQUE REFERENCES front_door_icpc (id),
  child_id uuid NOT NULL,
  started_on date NOT NULL,
  category text NOT NULL CHECK (category IN ('neglect', 'physical', 'sexual', 'emotional', 'multiple')),
  previous_plans integer NOT NULL DEFAULT 0 CHECK (previous_plans >= 0),
  first_review_due_on date NOT NULL,
  ended_on date,
  end_reason text,
  CHECK (ended_on IS NULL OR ended_on >= started_on)
);
COMMENT ON TABLE front_door_cp_plan IS 'A child protection plan';
COMMENT ON COLUMN front_door_cp_plan.id IS 'The plan''s number';
COMMENT ON COLUMN front_door_cp_plan.icpc_id IS 'The conference that made it';
COMMENT ON COLUMN front_door_cp_plan.child_id IS 'The child';
COMMENT ON COLUMN front_door_cp_plan.started_on IS 'When it started (the conference''s date)';
COMMENT ON COLUMN front_door_cp_plan.category IS 'neglect, physical, sexual, emotional, multiple';
COMMENT ON COLUMN front_door_cp_plan.previous_plans IS 'How many earlier plans the child had';
COMMENT ON COLUMN front_door_cp_plan.first_review_due_on IS 'The first review conference is due within 3 months of the plan''s start';
COMMENT ON COLUMN front_door_cp_plan.ended_on IS 'When it ended';
COMMENT ON COLUMN front_door_cp_plan.end_reason IS 'Why it ended';

CREATE TABLE front_door_cp_review (
  id serial PRIMARY KEY,
  cp_plan_id integer NOT NULL REFERENCES front_door_cp_plan (id),
  held_on date NOT NULL,
  due_on date NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('continue', 'end'))
);
COMMENT ON TABLE front_door_cp_review IS 'A review child protection conference';
COMMENT ON COLUMN front_door_cp_review.id IS 'Row number';
COMMENT ON COLUMN front_door_cp_review.cp_plan_id IS 'The plan reviewed';
COMMENT ON COLUMN front_door_cp_review.held_on IS 'When it was held';
COMMENT ON COLUMN front_door_cp_review.due_on IS 'When it was due: 3 months after the plan started for the first, 6 months after the last review after that';
COMMENT ON COLUMN front_door_cp_review.outcome IS 'continue (the plan goes on) or end (the plan ends)';

CREATE TABLE front_door_audit_settings (
  id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  sample_size integer NOT NULL DEFAULT 10 CHECK (sample_size BETWEEN 1 AND 100),
  agency_types text[] NOT NULL DEFAULT ARRAY['school', 'early_years'],
  police_health_from date,
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE front_door_audit_settings IS 'How the monthly referral audit picks its sample (one row)';
COMMENT ON COLUMN front_door_audit_settings.id IS 'Always 1';
COMMENT ON COLUMN front_door_audit_settings.sample_size IS 'Referrals sampled each month (10 in the report)';
COMMENT ON COLUMN front_door_audit_settings.agency_types IS 'The referring agency types sampled (education settings: school, early_years)';
COMMENT ON COLUMN front_door_audit_settings.police_health_from IS 'From this date police and health referrals are sampled too (May 2023 in the report); null: never';
COMMENT ON COLUMN front_door_audit_settings.updated_at IS 'When it last changed';
INSERT INTO front_door_audit_settings (id) VALUES (1);

CREATE TABLE front_door_audit_sample (
  id serial PRIMARY KEY,
  month date NOT NULL UNIQUE CHECK (extract(day FROM month) = 1),
  proposed_at timestamptz NOT NULL DEFAULT now(),
  confirmed_at timestamptz,
  confirmed_by uuid
);
COMMENT ON TABLE front_door_audit_sample IS 'A month''s referral audit sample: proposed by the system, confirmed by the QA lead';
COMMENT ON COLUMN front_door_audit_sample.id IS 'The sample''s number';
COMMENT ON COLUMN front_door_audit_sample.month IS 'The month whose referrals it samples (its first day)';
COMMENT ON COLUMN front_door_audit_sample.proposed_at IS 'When the system proposed it';
COMMENT ON COLUMN front_door_audit_sample.confirmed_at IS 'When the QA lead confirmed it; null: still a proposal';
COMMENT ON COLUMN front_door_audit_sample.confirmed_by IS 'The QA lead who confirmed it';

CREATE TABLE front_door_audit_case (
  id serial PRIMARY KEY,
  sample_id integer NOT NULL REFERENCES front_door_audit_sample (id) ON DELETE CASCADE,
  referral_id integer NOT NULL UNIQUE REFERENCES front_door_referral (id),
  institution_key text NOT NULL,
  swapped_in boolean NOT NULL DEFAULT false,
  auditor_user_id uuid,
  why_made text,
  quality text CHECK (quality IN ('good', 'requires_improvement', 'inadequate')),
  child_voice_evidenced boolean,
  lower_level text CHECK (lower_level IN ('setting_offer', 'lower_level', 'neither')),
  learning_referrer text,
  learning_front_door text,
  feedback_specific boolean,
  feedback_right_person boolean,
  completed_at timestamptz,
  completed_by uuid
);
COMMENT ON TABLE front_door_audit_case IS 'A referral in a month''s audit sample, and the audit of it';
COMMENT ON COLUMN front_door_audit_case.id IS 'Row number';
COMMENT ON COLUMN front_door_audit_case.sample_id IS 'The month''s sample';
COMMENT ON COLUMN front_door_audit_case.referral_id IS 'The referral audited (a referral is audited at most once)';
COMMENT ON COLUMN front_door_audit_case.institution_key IS 'The referring institution: setting:<id> or organisation:<id>';
COMMENT ON COLUMN front_door_audit_case.swapped_in IS 'The QA lead swapped it in for a proposed case';
COMMENT ON COLUMN front_door_audit_case.auditor_user_id IS 'The auditor it is assigned to (null: the QA lead)';
COMMENT ON COLUMN front_door_audit_case.why_made IS 'Why the referral was made';
COMMENT ON COLUMN front_door_audit_case.quality IS 'The referral''s quality: good, requires_improvement, inadequate';
COMMENT ON COLUMN front_door_audit_case.child_voice_evidenced IS 'Whether the child''s voice was evidenced';
COMMENT ON COLUMN front_door_audit_case.lower_level IS 'Would the setting''s own early-help offer (setting_offer) or a lower level (lower_level) have met the need, or neither';
COMMENT ON COLUMN front_door_audit_case.learning_referrer IS 'Learning for the referrer';
COMMENT ON COLUMN front_door_audit_case.learning_front_door IS 'Learning for the front door';
COMMENT ON COLUMN front_door_audit_case.feedback_specific IS 'Whether the front door''s feedback was specific';
COMMENT ON COLUMN front_door_audit_case.feedback_right_person IS 'Whether the feedback went to the right person';
COMMENT ON COLUMN front_door_audit_case.completed_at IS 'When the audit was completed';
COMMENT ON COLUMN front_door_audit_case.completed_by IS 'Who completed it';
