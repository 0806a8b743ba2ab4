-- A GET SAFE triage that refers the child to the Family Front Door makes a front-door referral in
-- the same transaction (src/modules/front-door/from-get-safe.ts): the referral keeps the number of
-- the concern it came from, and the concern keeps the number of its referral, so each links to the
-- other. Neither is a foreign key: the two tables belong to different modules.

ALTER TABLE front_door_referral ADD COLUMN get_safe_concern_id integer UNIQUE;
ALTER TABLE front_door_referral DROP CONSTRAINT front_door_referral_source_check;
ALTER TABLE front_door_referral ADD CONSTRAINT front_door_referral_source_check
  CHECK (source IN ('form', 'encompass', 'get_safe'));
ALTER TABLE front_door_referral ADD CONSTRAINT front_door_referral_get_safe_concern_check
  CHECK ((source = 'get_safe') = (get_safe_concern_id IS NOT NULL));
COMMENT ON COLUMN front_door_referral.source IS 'form: made on the multi-agency referral form; encompass: an Operation Encompass notice routed to the front door; get_safe: the GET SAFE team''s triage of an exploitation concern referred the child';
COMMENT ON COLUMN front_door_referral.get_safe_concern_id IS 'The GET SAFE exploitation concern it was made from (source get_safe); exploitation_concern.front_door_referral_id points back';

ALTER TABLE exploitation_concern ADD COLUMN front_door_referral_id integer UNIQUE;
ALTER TABLE exploitation_concern ADD CONSTRAINT exploitation_concern_front_door_referral_check
  CHECK (front_door_referral_id IS NULL OR triage_outcome = 'front_door');
COMMENT ON COLUMN exploitation_concern.front_door_referral_id IS 'The Family Front Door referral the triage made (outcome front_door); front_door_referral.get_safe_concern_id points back';
