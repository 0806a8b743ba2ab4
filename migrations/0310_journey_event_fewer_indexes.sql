-- Every lookup of an episode's events (a referral's decision, a section 47's ICPC, an ICPC's
-- strategy discussion) also names the child and the kind, so journey_event_child (child_id, kind,
-- occurred_on) finds them among the child's few events. The episode index only cost every insert
-- (an Annex A import writes some 200,000 events): it goes.
DROP INDEX IF EXISTS journey_event_episode;
COMMENT ON INDEX journey_event_child IS 'A child''s journey; look-backs over a child''s earlier events (re-referrals, repeat plans); and the events of one episode of the child (its referral''s decision, its section 47''s ICPC)';
