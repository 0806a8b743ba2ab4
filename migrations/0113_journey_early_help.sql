-- Annex A's List 2 (early help assessments) becomes events too: the journey starts before the
-- front door. Two kinds join the list; nothing else changes.

ALTER TABLE journey_event DROP CONSTRAINT journey_event_kind_check;
ALTER TABLE journey_event ADD CONSTRAINT journey_event_kind_check CHECK (kind IN (
  'contact','early_help_start','early_help_end','referral','decision',
  'assessment_start','assessment_authorised',
  'strategy_discussion','section47','icpc',
  'cp_plan_start','cp_review','cp_plan_end',
  'cin_start','cin_end','cla_start','cla_end','care_leaver'));
COMMENT ON COLUMN journey_event.kind IS 'What happened: contact, early_help_start, early_help_end, referral, decision, assessment_start, assessment_authorised, strategy_discussion, section47, icpc, cp_plan_start, cp_review, cp_plan_end, cin_start, cin_end, cla_start, cla_end, care_leaver';
