-- What the KPIs are read beside: the child population (0–17) per district and year for rates,
-- comparator values (statistical neighbours, region, England) entered by an admin, the QA lead's
-- "strengths / areas of focus" note per KPI per period, and the imports' own record.

CREATE TABLE journey_population (
  district_id integer NOT NULL REFERENCES district(id),
  year integer NOT NULL CHECK (year BETWEEN 1990 AND 2100),
  children integer NOT NULL CHECK (children > 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES app_user(id),
  PRIMARY KEY (district_id, year)
);
COMMENT ON TABLE journey_population IS 'The child population (aged 0 to 17) of a district in a year, for the KPIs'' rates per 10,000 children';
COMMENT ON COLUMN journey_population.district_id IS 'The district';
COMMENT ON COLUMN journey_population.year IS 'The year of the estimate (e.g. the ONS mid-year estimate); a period uses the latest year on or before its end';
COMMENT ON COLUMN journey_population.children IS 'Children aged 0 to 17 living in the district';
COMMENT ON COLUMN journey_population.updated_at IS 'When it was last entered';
COMMENT ON COLUMN journey_population.updated_by IS 'Who entered it (null when imported from the command line)';

CREATE TABLE journey_comparator (
  kpi text NOT NULL,
  comparator text NOT NULL CHECK (comparator IN ('statistical_neighbours','region','england')),
  year integer NOT NULL CHECK (year BETWEEN 1990 AND 2100),
  value numeric NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES app_user(id),
  PRIMARY KEY (kpi, comparator, year)
);
COMMENT ON TABLE journey_comparator IS 'A published comparator value for a KPI (e.g. from the Children in Need statistics), entered by an admin';
COMMENT ON COLUMN journey_comparator.kpi IS 'The KPI''s id (e.g. cp_rate_per_10k)';
COMMENT ON COLUMN journey_comparator.comparator IS 'Whose value: statistical_neighbours, region or england';
COMMENT ON COLUMN journey_comparator.year IS 'The year the value is for; shown beside a period ending in that year';
COMMENT ON COLUMN journey_comparator.value IS 'The value, in the KPI''s own unit (a proportion 0–1, a count, or a rate per 10,000)';
COMMENT ON COLUMN journey_comparator.updated_at IS 'When it was last entered';
COMMENT ON COLUMN journey_comparator.updated_by IS 'Who entered it';

CREATE TABLE journey_kpi_note (
  id serial PRIMARY KEY,
  kpi text NOT NULL,
  period_from date NOT NULL,
  period_to date NOT NULL CHECK (period_to >= period_from),
  strengths text,
  areas_of_focus text,
  written_by uuid NOT NULL REFERENCES app_user(id),
  written_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kpi, period_from, period_to)
);
COMMENT ON TABLE journey_kpi_note IS 'The QA lead''s "strengths / areas of focus" note on a KPI for a period, kept for the yearly report';
COMMENT ON COLUMN journey_kpi_note.id IS 'Surrogate key';
COMMENT ON COLUMN journey_kpi_note.kpi IS 'The KPI''s id';
COMMENT ON COLUMN journey_kpi_note.period_from IS 'The first day of the period (inclusive)';
COMMENT ON COLUMN journey_kpi_note.period_to IS 'The last day of the period (inclusive)';
COMMENT ON COLUMN journey_kpi_note.strengths IS 'What is going well';
COMMENT ON COLUMN journey_kpi_note.areas_of_focus IS 'What needs attention';
COMMENT ON COLUMN journey_kpi_note.written_by IS 'The QA lead who wrote it';
COMMENT ON COLUMN journey_kpi_note.written_at IS 'When it was last written';

CREATE TABLE journey_import (
  id serial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('annex-a','cin-census','population')),
  filename text NOT NULL,
  sha256 text NOT NULL,
  rows_read integer NOT NULL,
  rows_refused integer NOT NULL,
  events_inserted integer NOT NULL,
  events_updated integer NOT NULL,
  children_added integer NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE journey_import IS 'One import of a local authority return that changed something (a file imported again unchanged leaves no row)';
COMMENT ON COLUMN journey_import.id IS 'Surrogate key';
COMMENT ON COLUMN journey_import.kind IS 'annex-a, cin-census or population';
COMMENT ON COLUMN journey_import.filename IS 'The file''s name as given';
COMMENT ON COLUMN journey_import.sha256 IS 'The file''s SHA-256, to recognise it again';
COMMENT ON COLUMN journey_import.rows_read IS 'Rows (or children) read';
COMMENT ON COLUMN journey_import.rows_refused IS 'Rows that could not be read, reported one by one';
COMMENT ON COLUMN journey_import.events_inserted IS 'Journey events added';
COMMENT ON COLUMN journey_import.events_updated IS 'Journey events changed';
COMMENT ON COLUMN journey_import.children_added IS 'Children added to the child index as imported records';
COMMENT ON COLUMN journey_import.imported_at IS 'When';
