-- The police correct a child's details on a notice already sent (name, date of birth, NHS number):
-- the correction is an amendment of the incident that concerns one of its children. The child is
-- matched in the child index again and the notice re-routed if the match or the roll changed.
ALTER TABLE encompass_amendment ADD COLUMN encompass_child_id uuid REFERENCES encompass_child(id);
COMMENT ON COLUMN encompass_amendment.encompass_child_id IS 'For a correction of one child''s details: that child (its notice''s recipient is told); null when the incident itself was amended';
CREATE INDEX encompass_amendment_child ON encompass_amendment (encompass_child_id) WHERE encompass_child_id IS NOT NULL;
