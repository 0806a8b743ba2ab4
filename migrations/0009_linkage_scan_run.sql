-- A search of the child index for duplicates runs in the background (a worker thread); its
-- progress is kept here so that the page can show it, and so that two searches never overlap.

CREATE TABLE linkage_scan_run (
  id serial PRIMARY KEY,
  requested_by uuid REFERENCES app_user(id),
  requested_at timestamptz NOT NULL DEFAULT now(),
  stage text NOT NULL DEFAULT 'waiting',
  done bigint NOT NULL DEFAULT 0 CHECK (done >= 0),
  total bigint NOT NULL DEFAULT 0 CHECK (total >= 0),
  finished_at timestamptz,
  failure text
);
COMMENT ON TABLE linkage_scan_run IS 'Each requested search of the child index for duplicates, with its progress';
COMMENT ON COLUMN linkage_scan_run.id IS 'Surrogate key';
COMMENT ON COLUMN linkage_scan_run.requested_by IS 'Who asked for it; null for the system';
COMMENT ON COLUMN linkage_scan_run.requested_at IS 'When it was asked for';
COMMENT ON COLUMN linkage_scan_run.stage IS 'What it is doing: waiting, prepare, block, train, score, cluster, saving, or done';
COMMENT ON COLUMN linkage_scan_run.done IS 'Units of the stage done';
COMMENT ON COLUMN linkage_scan_run.total IS 'Units of the stage in all';
COMMENT ON COLUMN linkage_scan_run.finished_at IS 'When it finished (or failed); null while running';
COMMENT ON COLUMN linkage_scan_run.failure IS 'Why it failed, if it did';
CREATE INDEX linkage_scan_run_recent ON linkage_scan_run (requested_at DESC);
