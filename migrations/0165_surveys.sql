-- Surveys and the voice of the child: a builder (questions, audience, anonymous link or sign-in,
-- open and close dates), answers that never carry a respondent's identity, quotes marked for the
-- yearly report, and attachment to an audit, a review or a training course.

CREATE TABLE survey (
  id serial PRIMARY KEY,
  title text NOT NULL,
  introduction text,
  audience text NOT NULL CHECK (audience IN ('practitioners', 'referrers', 'young_people', 'families')),
  service_name text,
  access text NOT NULL CHECK (access IN ('anonymous', 'sign_in')),
  link_token text NOT NULL UNIQUE,
  opens_on date NOT NULL,
  closes_on date NOT NULL,
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (closes_on >= opens_on)
);
COMMENT ON TABLE survey IS 'A survey of practitioners, referrers to a service, young people or families';
COMMENT ON COLUMN survey.title IS 'What respondents see as its heading';
COMMENT ON COLUMN survey.introduction IS 'Why we ask, what happens to the answers (plain language for young people)';
COMMENT ON COLUMN survey.audience IS 'practitioners (of the agencies in survey_agency), referrers (to service_name), young_people or families';
COMMENT ON COLUMN survey.service_name IS 'For referrers: the service they referred to (e.g. the LADO service)';
COMMENT ON COLUMN survey.access IS 'anonymous (anyone with the link) or sign_in (signed-in users of the audience, once each)';
COMMENT ON COLUMN survey.link_token IS 'The random part of the survey''s link';
COMMENT ON COLUMN survey.opens_on IS 'First day answers are taken';
COMMENT ON COLUMN survey.closes_on IS 'Last day answers are taken';
COMMENT ON COLUMN survey.created_by IS 'Who built it';
COMMENT ON COLUMN survey.created_at IS 'When';

CREATE TABLE survey_agency (
  survey_id integer NOT NULL REFERENCES survey(id),
  organisation_id integer NOT NULL REFERENCES organisation(id),
  PRIMARY KEY (survey_id, organisation_id)
);
COMMENT ON TABLE survey_agency IS 'The agencies whose practitioners a practitioners'' survey asks';
COMMENT ON COLUMN survey_agency.survey_id IS 'The survey';
COMMENT ON COLUMN survey_agency.organisation_id IS 'The agency (registry organisation)';

CREATE TABLE survey_question (
  id serial PRIMARY KEY,
  survey_id integer NOT NULL REFERENCES survey(id),
  position integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('agreement', 'yes_no', 'choice', 'number', 'free_text')),
  prompt text NOT NULL,
  options text[],
  min_value integer,
  max_value integer,
  required boolean NOT NULL DEFAULT true,
  UNIQUE (survey_id, position),
  CHECK (kind <> 'choice' OR cardinality(options) >= 2),
  CHECK (kind <> 'number' OR (min_value IS NOT NULL AND max_value IS NOT NULL AND max_value >= min_value))
);
COMMENT ON TABLE survey_question IS 'A question of a survey';
COMMENT ON COLUMN survey_question.survey_id IS 'The survey';
COMMENT ON COLUMN survey_question.position IS 'Its order in the survey, from 1';
COMMENT ON COLUMN survey_question.kind IS 'agreement (a statement on a 5-point scale), yes_no, choice (one of options), number (min_value to max_value) or free_text';
COMMENT ON COLUMN survey_question.prompt IS 'The question, or the statement to agree with';
COMMENT ON COLUMN survey_question.options IS 'A choice question''s options';
COMMENT ON COLUMN survey_question.min_value IS 'A number question''s smallest answer';
COMMENT ON COLUMN survey_question.max_value IS 'A number question''s largest answer';
COMMENT ON COLUMN survey_question.required IS 'Must be answered';

CREATE TABLE survey_response (
  id serial PRIMARY KEY,
  survey_id integer NOT NULL REFERENCES survey(id),
  submitted_on date NOT NULL
);
CREATE INDEX survey_response_survey ON survey_response (survey_id);
COMMENT ON TABLE survey_response IS 'One return of a survey: no account, no time of day, nothing that says who answered';
COMMENT ON COLUMN survey_response.survey_id IS 'The survey';
COMMENT ON COLUMN survey_response.submitted_on IS 'The day it was returned (a day only: a time could be matched to a sign-in)';

CREATE TABLE survey_answer (
  id serial PRIMARY KEY,
  response_id integer NOT NULL REFERENCES survey_response(id),
  question_id integer NOT NULL REFERENCES survey_question(id),
  number_value integer,
  text_value text,
  quoted_for_report boolean NOT NULL DEFAULT false,
  UNIQUE (response_id, question_id)
);
CREATE INDEX survey_answer_question ON survey_answer (question_id);
COMMENT ON TABLE survey_answer IS 'An answer to one question of one return';
COMMENT ON COLUMN survey_answer.response_id IS 'The return';
COMMENT ON COLUMN survey_answer.question_id IS 'The question';
COMMENT ON COLUMN survey_answer.number_value IS 'agreement: 1 (strongly disagree) to 5 (strongly agree); yes_no: 1 yes, 0 no; number: the number';
COMMENT ON COLUMN survey_answer.text_value IS 'choice: the option chosen; free_text: what they wrote';
COMMENT ON COLUMN survey_answer.quoted_for_report IS 'A free-text answer marked by hand for quoting in the yearly report';

CREATE TABLE survey_respondent (
  survey_id integer NOT NULL REFERENCES survey(id),
  user_id uuid NOT NULL REFERENCES app_user(id),
  PRIMARY KEY (survey_id, user_id)
);
COMMENT ON TABLE survey_respondent IS 'Who has answered a sign-in survey, so that each answers once; kept apart from the returns and never linked to one';
COMMENT ON COLUMN survey_respondent.survey_id IS 'The survey';
COMMENT ON COLUMN survey_respondent.user_id IS 'The account that answered';

CREATE TABLE survey_attachment (
  survey_id integer NOT NULL REFERENCES survey(id),
  subject_module text NOT NULL,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  attached_by uuid REFERENCES app_user(id),
  attached_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (survey_id, subject_module, subject_type, subject_id)
);
CREATE INDEX survey_attachment_subject ON survey_attachment (subject_module, subject_type, subject_id);
COMMENT ON TABLE survey_attachment IS 'A survey attached to another module''s record (an audit, a review, a training course), whose page shows its results';
COMMENT ON COLUMN survey_attachment.survey_id IS 'The survey';
COMMENT ON COLUMN survey_attachment.subject_module IS 'The module that owns the subject (quality, reviews, training, …)';
COMMENT ON COLUMN survey_attachment.subject_type IS 'The kind of record (audit, review, course, …)';
COMMENT ON COLUMN survey_attachment.subject_id IS 'The record''s id, as text';
COMMENT ON COLUMN survey_attachment.attached_by IS 'Who attached it';
COMMENT ON COLUMN survey_attachment.attached_at IS 'When';
COMMENT ON COLUMN survey.id IS 'Surrogate key';
COMMENT ON COLUMN survey_question.id IS 'Surrogate key';
COMMENT ON COLUMN survey_response.id IS 'Surrogate key';
COMMENT ON COLUMN survey_answer.id IS 'Surrogate key';
