-- Another agency's extract (e.g. the police list of children flagged at risk of county lines),
-- reconciled against the child index: kept until its owner deletes it, so that the four lists
-- can be read and downloaded again. Only the person who uploaded it can open it.

CREATE TABLE reconciliation (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  created_by uuid NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  filename text NOT NULL,
  content text NOT NULL,
  header jsonb NOT NULL,
  row_count integer NOT NULL CHECK (row_count >= 0),
  mapping jsonb,
  result jsonb,
  reconciled_at timestamptz
);
COMMENT ON TABLE reconciliation IS 'An extract from another agency and its reconciliation against the child index';
COMMENT ON COLUMN reconciliation.id IS 'Surrogate key (unguessable: the address of its pages)';
COMMENT ON COLUMN reconciliation.created_by IS 'Who uploaded it; only they can open it';
COMMENT ON COLUMN reconciliation.created_at IS 'When it was uploaded';
COMMENT ON COLUMN reconciliation.name IS 'What the uploader called it, e.g. Police county lines flags, November';
COMMENT ON COLUMN reconciliation.filename IS 'The uploaded file''s name';
COMMENT ON COLUMN reconciliation.content IS 'The CSV as uploaded (UTF-8)';
COMMENT ON COLUMN reconciliation.header IS 'The file''s column names, in order';
COMMENT ON COLUMN reconciliation.row_count IS 'Data rows in the file';
COMMENT ON COLUMN reconciliation.mapping IS 'Their column for each standard field, and the flag column if any';
COMMENT ON COLUMN reconciliation.result IS 'The matches (their row, our child, probability, what disagrees) and their unmatched rows';
COMMENT ON COLUMN reconciliation.reconciled_at IS 'When the columns were mapped and the lists made';
CREATE INDEX reconciliation_owner ON reconciliation (created_by, created_at DESC);
