-- Likely duplicate children, found by record linkage and resolved by a person: merged (the
-- absorbed record keeps its identifiers and history and points at the one that remains) or
-- "not the same child" (remembered, never proposed again). Nothing is deleted: a merge can be undone.

ALTER TABLE child ADD COLUMN merged_into uuid REFERENCES child(id);
ALTER TABLE child ADD COLUMN merged_at timestamptz;
ALTER TABLE child ADD CONSTRAINT child_not_merged_into_itself CHECK (merged_into IS NULL OR merged_into <> id);
ALTER TABLE child ADD CONSTRAINT child_merged_at_with_merged_into CHECK ((merged_into IS NULL) = (merged_at IS NULL));
COMMENT ON COLUMN child.merged_into IS 'The record this one was merged into; null for a record in use. Its identifiers and history still belong to the child';
COMMENT ON COLUMN child.merged_at IS 'When it was merged; null unless merged_into is set';
CREATE INDEX child_merged_into ON child (merged_into) WHERE merged_into IS NOT NULL;

CREATE TABLE child_duplicate (
  id serial PRIMARY KEY,
  child_a uuid NOT NULL REFERENCES child(id),
  child_b uuid NOT NULL REFERENCES child(id),
  probability double precision NOT NULL CHECK (probability >= 0 AND probability <= 1),
  match_weight double precision NOT NULL,
  explanation jsonb NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'merged', 'not_same')),
  found_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz,
  decided_by uuid REFERENCES app_user(id),
  reason text,
  CHECK (child_a < child_b),
  CHECK ((status = 'open') = (decided_at IS NULL)),
  UNIQUE (child_a, child_b)
);
COMMENT ON TABLE child_duplicate IS 'Pairs of child records the linkage engine found likely to be one child, and what a person decided';
COMMENT ON COLUMN child_duplicate.id IS 'Surrogate key';
COMMENT ON COLUMN child_duplicate.child_a IS 'One record of the pair (the smaller id)';
COMMENT ON COLUMN child_duplicate.child_b IS 'The other record (the larger id)';
COMMENT ON COLUMN child_duplicate.probability IS 'The probability that they are one child, when last found';
COMMENT ON COLUMN child_duplicate.match_weight IS 'The match weight (log2 odds) when last found';
COMMENT ON COLUMN child_duplicate.explanation IS 'Each comparison''s level and weight, the waterfall that sums to the match weight';
COMMENT ON COLUMN child_duplicate.status IS 'open (to look at), merged, or not_same (remembered: never proposed again)';
COMMENT ON COLUMN child_duplicate.found_at IS 'When the pair was last found by a scan';
COMMENT ON COLUMN child_duplicate.decided_at IS 'When a person decided; null while open';
COMMENT ON COLUMN child_duplicate.decided_by IS 'Who decided';
COMMENT ON COLUMN child_duplicate.reason IS 'Why, in the decider''s words (required for not the same child)';
CREATE INDEX child_duplicate_open ON child_duplicate (match_weight DESC) WHERE status = 'open';

CREATE TABLE linkage_scan (
  id serial PRIMARY KEY,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  started_by uuid REFERENCES app_user(id),
  records integer NOT NULL,
  comparisons bigint NOT NULL,
  pairs_found integer NOT NULL,
  model jsonb NOT NULL
);
COMMENT ON TABLE linkage_scan IS 'Each search of the child index for duplicates, with the model it estimated';
COMMENT ON COLUMN linkage_scan.id IS 'Surrogate key';
COMMENT ON COLUMN linkage_scan.started_at IS 'When the scan started';
COMMENT ON COLUMN linkage_scan.finished_at IS 'When it finished';
COMMENT ON COLUMN linkage_scan.started_by IS 'Who started it; null for the system';
COMMENT ON COLUMN linkage_scan.records IS 'Child records compared (merged ones left out)';
COMMENT ON COLUMN linkage_scan.comparisons IS 'Pairs compared after blocking';
COMMENT ON COLUMN linkage_scan.pairs_found IS 'Pairs at or above the review threshold';
COMMENT ON COLUMN linkage_scan.model IS 'The Fellegi–Sunter model (prior, m and u per level), used to score candidates until the next scan';
