-- Imports started from the imports page were followed only in the memory of the server process
-- that received the file: with several processes behind one address, the progress or report page
-- answered by another process was "Page not found", and a restart forgot every run. Each run is
-- now a row: written when the file is accepted and again when the import ends (never during it,
-- since the import's own transaction may hold the embedded database's only connection); the
-- process doing the work shows its live progress from memory.
CREATE TABLE journey_import_run (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('annex-a','cin-census','population')),
  filename text NOT NULL,
  stored_as text NOT NULL,
  started_by uuid NOT NULL,
  started_at timestamptz NOT NULL,
  stage text NOT NULL CHECK (stage IN ('reading','writing','done','refused','failed')),
  rows_read integer NOT NULL DEFAULT 0,
  events_written integer NOT NULL DEFAULT 0,
  events_read integer NOT NULL DEFAULT 0,
  finished_at timestamptz,
  refusal text,
  report jsonb,
  population_rows integer
);
CREATE INDEX journey_import_run_person ON journey_import_run (started_by, started_at DESC);
COMMENT ON TABLE journey_import_run IS 'One import started from the imports page: its file, who started it, how far it got and its report';
COMMENT ON COLUMN journey_import_run.id IS 'The run''s id, in its page''s address';
COMMENT ON COLUMN journey_import_run.kind IS 'annex-a, cin-census or population';
COMMENT ON COLUMN journey_import_run.filename IS 'The name of the file the person chose, as shown to them';
COMMENT ON COLUMN journey_import_run.stored_as IS 'The name it was read under: its kind and the extension its first bytes showed';
COMMENT ON COLUMN journey_import_run.started_by IS 'The user who uploaded it (app_user.id); only they see the run';
COMMENT ON COLUMN journey_import_run.started_at IS 'When the file was accepted';
COMMENT ON COLUMN journey_import_run.stage IS 'reading or writing while it runs; done, refused (the file kept nothing) or failed at the end';
COMMENT ON COLUMN journey_import_run.rows_read IS 'Rows read (as of the last write of this row)';
COMMENT ON COLUMN journey_import_run.events_written IS 'Journey events written (as of the last write of this row)';
COMMENT ON COLUMN journey_import_run.events_read IS 'Journey events read from the file (as of the last write of this row)';
COMMENT ON COLUMN journey_import_run.finished_at IS 'When the import ended, however it ended; null while it runs, or if its server stopped';
COMMENT ON COLUMN journey_import_run.refusal IS 'Why the file was refused or the import failed (nothing was imported then)';
COMMENT ON COLUMN journey_import_run.report IS 'The import''s report as JSON: rows read and imported, each refused row with its place and reason, children and events';
COMMENT ON COLUMN journey_import_run.population_rows IS 'Population imports: district rows recorded';
