-- The child's journey: every step (contact, referral, decision, assessment, strategy discussion,
-- section 47, conference, plan, CIN, looked after, care leaver) as one event with its source (this
-- system's front door, or an import of the local authority's returns). The KPIs read only events.

CREATE TABLE journey_event (
  id bigserial PRIMARY KEY,
  child_id uuid NOT NULL REFERENCES child(id),
  kind text NOT NULL CHECK (kind IN (
    'contact','referral','decision',
    'assessment_start','assessment_authorised',
    'strategy_discussion','section47','icpc',
    'cp_plan_start','cp_review','cp_plan_end',
    'cin_start','cin_end','cla_start','cla_end','care_leaver')),
  occurred_on date NOT NULL,
  source text NOT NULL,
  source_ref text NOT NULL,
  episode_ref text,
  district_id integer REFERENCES district(id),
  source_agency text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT journey_event_source_key UNIQUE (source, kind, source_ref)
);
COMMENT ON TABLE journey_event IS 'One step of a child''s journey through early help and child protection, from this system or an import';
COMMENT ON COLUMN journey_event.id IS 'Surrogate key';
COMMENT ON COLUMN journey_event.child_id IS 'The child in the child index';
COMMENT ON COLUMN journey_event.kind IS 'What happened: contact, referral, decision, assessment_start, assessment_authorised, strategy_discussion, section47, icpc, cp_plan_start, cp_review, cp_plan_end, cin_start, cin_end, cla_start, cla_end, care_leaver';
COMMENT ON COLUMN journey_event.occurred_on IS 'The civil date the KPIs count (e.g. the referral''s date, the plan''s start)';
COMMENT ON COLUMN journey_event.source IS 'Where it came from: front-door (this system), annex-a, cin-census, …';
COMMENT ON COLUMN journey_event.source_ref IS 'The source''s own reference; unique per source and kind, so recording again updates, never duplicates. A closing event (cp_plan_end, cin_end, cla_end, assessment_authorised) shares its opening event''s reference';
COMMENT ON COLUMN journey_event.episode_ref IS 'Ties one episode''s events: the referral for contact, referral, decision, assessment; the strategy discussion for section 47, ICPC and plan';
COMMENT ON COLUMN journey_event.district_id IS 'The district the child lived in, when known (for breakdowns and rates)';
COMMENT ON COLUMN journey_event.source_agency IS 'Contacts and referrals: the referring agency type (school, police, health, early_years, …)';
COMMENT ON COLUMN journey_event.details IS 'Facts of the kind: nfa, receivedAt, decidedAt, quorate, attendingAgencies, strategyDiscussionOn, resultedInPlan, category, previousPlans, startedOn, outcome';
COMMENT ON COLUMN journey_event.recorded_at IS 'When it was first recorded here';
COMMENT ON COLUMN journey_event.updated_at IS 'When it was last changed by recording it again';

-- Counting a kind in a period (every KPI), with the columns the breakdowns need.
CREATE INDEX journey_event_kind_date ON journey_event (kind, occurred_on) INCLUDE (child_id, district_id, source_agency);
-- A child's journey, and look-backs over a child's earlier events (re-referrals, repeat plans).
CREATE INDEX journey_event_child ON journey_event (child_id, kind, occurred_on);
-- Events of one episode (a referral's decision and assessment; a strategy discussion's ICPC).
CREATE INDEX journey_event_episode ON journey_event (episode_ref, kind) WHERE episode_ref IS NOT NULL;
