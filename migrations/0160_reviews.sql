-- Practice reviews: serious incident notifications to the National Panel, rapid reviews, child
-- safeguarding practice reviews (CSPRs, some joint with a domestic homicide review), national
-- reviews and Panel briefings, and the recommendations of each. A review's case is seen only by its
-- named members (review_member).

CREATE TABLE review_case (
  id serial PRIMARY KEY,
  reference text NOT NULL UNIQUE,
  child_id uuid NOT NULL REFERENCES child(id),
  incident_summary text NOT NULL,
  incident_on date NOT NULL,
  became_aware_on date NOT NULL,
  notification_due_on date NOT NULL,
  notified_on date,
  rapid_review_due_on date,
  meeting_on date,
  decision text CHECK (decision IN ('cspr', 'no_cspr')),
  decision_reasons text,
  decided_on date,
  sent_to_panel_on date,
  panel_response text CHECK (panel_response IN ('agrees', 'disagrees')),
  panel_response_on date,
  panel_comment text,
  scrutineer_comment text,
  scrutineer_commented_on date,
  learning text,
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (notified_on IS NULL OR notified_on >= became_aware_on),
  CHECK (decision IS NULL OR (decision_reasons IS NOT NULL AND length(trim(decision_reasons)) > 0 AND decided_on IS NOT NULL)),
  CHECK (panel_response_on IS NULL OR (notified_on IS NOT NULL AND panel_response_on >= notified_on))
);
COMMENT ON TABLE review_case IS 'A serious incident notified (or to be notified) to the National Child Safeguarding Practice Review Panel, and its rapid review';
COMMENT ON COLUMN review_case.reference IS 'The review''s reference (e.g. RR-2026-03): the only thing lists show to people who are not its members';
COMMENT ON COLUMN review_case.child_id IS 'The child (child index) who died or was seriously harmed';
COMMENT ON COLUMN review_case.incident_summary IS 'What happened, briefly';
COMMENT ON COLUMN review_case.incident_on IS 'When the incident happened';
COMMENT ON COLUMN review_case.became_aware_on IS 'When the partnership became aware of the incident: the notification clock starts the next working day';
COMMENT ON COLUMN review_case.notification_due_on IS 'Computed: 5 working days after became_aware_on (platform/calendar)';
COMMENT ON COLUMN review_case.notified_on IS 'When the National Panel was notified, or null while not yet';
COMMENT ON COLUMN review_case.rapid_review_due_on IS 'Computed: 15 working days after notified_on';
COMMENT ON COLUMN review_case.meeting_on IS 'The rapid review meeting';
COMMENT ON COLUMN review_case.decision IS 'The rapid review''s decision: cspr (hold a child safeguarding practice review) or no_cspr';
COMMENT ON COLUMN review_case.decision_reasons IS 'Why: required with every decision';
COMMENT ON COLUMN review_case.decided_on IS 'When the decision was made';
COMMENT ON COLUMN review_case.sent_to_panel_on IS 'When the rapid review was sent to the National Panel (due by rapid_review_due_on)';
COMMENT ON COLUMN review_case.panel_response IS 'The National Panel''s response to the decision: agrees or disagrees';
COMMENT ON COLUMN review_case.panel_response_on IS 'When the Panel responded: never before the notification';
COMMENT ON COLUMN review_case.panel_comment IS 'What the Panel said';
COMMENT ON COLUMN review_case.scrutineer_comment IS 'The independent scrutineer''s comment on the decision';
COMMENT ON COLUMN review_case.scrutineer_commented_on IS 'When the scrutineer commented';
COMMENT ON COLUMN review_case.learning IS 'Learning the rapid review identified, followed up whether or not a CSPR is held';
COMMENT ON COLUMN review_case.created_by IS 'Who recorded the notification';
COMMENT ON COLUMN review_case.created_at IS 'When it was recorded';

CREATE TABLE review_member (
  case_id integer NOT NULL REFERENCES review_case(id),
  user_id uuid NOT NULL REFERENCES app_user(id),
  added_by uuid REFERENCES app_user(id),
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, user_id)
);
CREATE INDEX review_member_user ON review_member (user_id);
COMMENT ON TABLE review_member IS 'The review group''s named members for one review: the only people who see its case';
COMMENT ON COLUMN review_member.case_id IS 'The review';
COMMENT ON COLUMN review_member.user_id IS 'The member (a review group member''s account)';
COMMENT ON COLUMN review_member.added_by IS 'Who added them';
COMMENT ON COLUMN review_member.added_at IS 'When';

CREATE TABLE review_agency_request (
  id serial PRIMARY KEY,
  case_id integer NOT NULL REFERENCES review_case(id),
  organisation_id integer NOT NULL REFERENCES organisation(id),
  kind text NOT NULL CHECK (kind IN ('chronology', 'information')),
  requested_on date NOT NULL,
  received_on date,
  CHECK (received_on IS NULL OR received_on >= requested_on)
);
CREATE INDEX review_agency_request_case ON review_agency_request (case_id);
COMMENT ON TABLE review_agency_request IS 'A rapid review''s request to an agency for its chronology or other information';
COMMENT ON COLUMN review_agency_request.case_id IS 'The review';
COMMENT ON COLUMN review_agency_request.organisation_id IS 'The agency asked (registry organisation)';
COMMENT ON COLUMN review_agency_request.kind IS 'chronology (the agency''s involvement with the child) or information (anything else asked for)';
COMMENT ON COLUMN review_agency_request.requested_on IS 'When it was asked for';
COMMENT ON COLUMN review_agency_request.received_on IS 'When it arrived, or null while awaited';

CREATE TABLE review_cspr (
  id serial PRIMARY KEY,
  case_id integer NOT NULL UNIQUE REFERENCES review_case(id),
  decided_on date NOT NULL,
  joint_with_dhr boolean NOT NULL DEFAULT false,
  reviewer_name text,
  terms_of_reference text,
  publication_due_on date NOT NULL,
  publication_wait_reason text,
  published_on date,
  report_url text,
  CHECK (published_on IS NULL OR published_on >= decided_on)
);
COMMENT ON TABLE review_cspr IS 'A child safeguarding practice review, commissioned when a rapid review decides one is needed';
COMMENT ON COLUMN review_cspr.case_id IS 'The rapid review that decided on it';
COMMENT ON COLUMN review_cspr.decided_on IS 'The date of the decision to hold it: the publication clock starts here';
COMMENT ON COLUMN review_cspr.joint_with_dhr IS 'Held jointly with a domestic homicide review';
COMMENT ON COLUMN review_cspr.reviewer_name IS 'The independent reviewer';
COMMENT ON COLUMN review_cspr.terms_of_reference IS 'The questions the review will answer';
COMMENT ON COLUMN review_cspr.publication_due_on IS 'Computed: 6 calendar months after decided_on (platform/calendar/months.ts)';
COMMENT ON COLUMN review_cspr.publication_wait_reason IS 'Why publication waits beyond the due date (e.g. criminal proceedings), or null';
COMMENT ON COLUMN review_cspr.published_on IS 'When the report was published, or null';
COMMENT ON COLUMN review_cspr.report_url IS 'Where the published report (or its learning) can be read';

CREATE TABLE review_milestone (
  id serial PRIMARY KEY,
  cspr_id integer NOT NULL REFERENCES review_cspr(id),
  title text NOT NULL,
  due_on date NOT NULL,
  done_on date
);
CREATE INDEX review_milestone_cspr ON review_milestone (cspr_id);
COMMENT ON TABLE review_milestone IS 'A step of a CSPR (e.g. practitioner event, first draft to the group)';
COMMENT ON COLUMN review_milestone.cspr_id IS 'The CSPR';
COMMENT ON COLUMN review_milestone.title IS 'What the step is';
COMMENT ON COLUMN review_milestone.due_on IS 'When it is planned';
COMMENT ON COLUMN review_milestone.done_on IS 'When it was done, or null';

CREATE TABLE national_review (
  id serial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('national_review', 'panel_briefing')),
  title text NOT NULL,
  published_on date NOT NULL,
  url text,
  summary text,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE national_review IS 'A national review or briefing paper of the Child Safeguarding Practice Review Panel, weighed for local action';
COMMENT ON COLUMN national_review.kind IS 'national_review or panel_briefing';
COMMENT ON COLUMN national_review.title IS 'Its title';
COMMENT ON COLUMN national_review.published_on IS 'When the Panel published it';
COMMENT ON COLUMN national_review.url IS 'Where it can be read';
COMMENT ON COLUMN national_review.summary IS 'What it is about';
COMMENT ON COLUMN national_review.created_at IS 'When it was added to the register';

CREATE TABLE review_recommendation (
  id serial PRIMARY KEY,
  case_id integer REFERENCES review_case(id),
  national_review_id integer REFERENCES national_review(id),
  number integer NOT NULL,
  text text NOT NULL,
  decision text CHECK (decision IN ('relevant', 'in_place', 'not_relevant')),
  decision_reason text,
  decided_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((case_id IS NULL) <> (national_review_id IS NULL)),
  CHECK (decision IS NULL OR (decision_reason IS NOT NULL AND decided_on IS NOT NULL))
);
CREATE INDEX review_recommendation_case ON review_recommendation (case_id);
CREATE INDEX review_recommendation_national ON review_recommendation (national_review_id);
COMMENT ON TABLE review_recommendation IS 'A recommendation of a local review (rapid review or CSPR) or of a national review; its actions live in the action tracker, with this as their source';
COMMENT ON COLUMN review_recommendation.case_id IS 'The local review it came from, or null';
COMMENT ON COLUMN review_recommendation.national_review_id IS 'The national review or briefing it came from, or null';
COMMENT ON COLUMN review_recommendation.number IS 'Its number within its review';
COMMENT ON COLUMN review_recommendation.text IS 'What it recommends';
COMMENT ON COLUMN review_recommendation.decision IS 'The partnership''s decision on a national recommendation: relevant (act on it here), in_place (already done here) or not_relevant';
COMMENT ON COLUMN review_recommendation.decision_reason IS 'Why';
COMMENT ON COLUMN review_recommendation.decided_on IS 'When the partnership decided';
COMMENT ON COLUMN review_recommendation.created_at IS 'When it was recorded';
COMMENT ON COLUMN review_case.id IS 'Surrogate key';
COMMENT ON COLUMN review_agency_request.id IS 'Surrogate key';
COMMENT ON COLUMN review_cspr.id IS 'Surrogate key';
COMMENT ON COLUMN review_milestone.id IS 'Surrogate key';
COMMENT ON COLUMN review_recommendation.id IS 'Surrogate key';
COMMENT ON COLUMN national_review.id IS 'Surrogate key';
