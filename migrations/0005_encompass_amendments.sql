-- Corrections by the police: what was amended on an incident, so its recipients can be told.

CREATE TABLE encompass_amendment (
  id serial PRIMARY KEY,
  incident_id uuid NOT NULL REFERENCES encompass_incident(id),
  amended_at timestamptz NOT NULL DEFAULT now(),
  amended_by uuid REFERENCES app_user(id),
  changed text[] NOT NULL,
  reason text NOT NULL
);
COMMENT ON TABLE encompass_amendment IS 'Each amendment the police made to an incident after its notices were sent';
COMMENT ON COLUMN encompass_amendment.id IS 'Surrogate key';
COMMENT ON COLUMN encompass_amendment.incident_id IS 'The incident';
COMMENT ON COLUMN encompass_amendment.amended_at IS 'When it was amended';
COMMENT ON COLUMN encompass_amendment.amended_by IS 'Who amended it';
COMMENT ON COLUMN encompass_amendment.changed IS 'What changed, in words the recipient understands (e.g. circumstances, place)';
COMMENT ON COLUMN encompass_amendment.reason IS 'Why the police amended it';
CREATE INDEX encompass_amendment_incident ON encompass_amendment (incident_id, amended_at);
