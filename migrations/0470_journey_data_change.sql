-- A row for every statement that writes journey events or the child population (statement
-- triggers, in the writer's own transaction). The KPIs read only those and the bank holidays; they
-- are kept per process under the number of these rows when they were computed, so every process
-- sees a change on its next read. A count, not a counter's value: an insert takes no lock another
-- writer waits for (an import holds its transaction open for the whole file, and the front door's
-- decisions write events meanwhile), and a count changes exactly when a writer's rows become
-- visible, whatever order writers commit in. Rows are never deleted.
CREATE TABLE journey_data_change (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  changed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  changed_table text NOT NULL
);

CREATE FUNCTION journey_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO journey_data_change (changed_table) VALUES (TG_TABLE_NAME);
  RETURN NULL;
END $$;

CREATE TRIGGER journey_event_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON journey_event
  FOR EACH STATEMENT EXECUTE FUNCTION journey_data_changed();
CREATE TRIGGER journey_population_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON journey_population
  FOR EACH STATEMENT EXECUTE FUNCTION journey_data_changed();

COMMENT ON TABLE journey_data_change IS 'A row per statement that wrote journey events or the child population: the KPIs are kept under their count';
COMMENT ON COLUMN journey_data_change.id IS 'In the order the statements ran (not the order they committed)';
COMMENT ON COLUMN journey_data_change.changed_at IS 'When the statement ran';
COMMENT ON COLUMN journey_data_change.changed_table IS 'journey_event or journey_population';
