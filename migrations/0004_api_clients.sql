-- Machine clients: police record systems that send incidents through the JSON API.

CREATE TABLE api_client (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE,
  organisation_id integer NOT NULL REFERENCES organisation(id),
  token_hash text NOT NULL UNIQUE,
  scopes text[] NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);
COMMENT ON TABLE api_client IS 'A machine client of the JSON API (e.g. a police record system), authenticated by a bearer token';
COMMENT ON COLUMN api_client.id IS 'Surrogate key';
COMMENT ON COLUMN api_client.name IS 'What the client is, e.g. West Severn Police record system';
COMMENT ON COLUMN api_client.organisation_id IS 'The organisation it acts for (a police force)';
COMMENT ON COLUMN api_client.token_hash IS 'SHA-256 of the bearer token (the token itself is shown once and never stored)';
COMMENT ON COLUMN api_client.scopes IS 'What it may do, e.g. encompass:incidents';
COMMENT ON COLUMN api_client.active IS 'False when the client is revoked';
COMMENT ON COLUMN api_client.created_at IS 'When it was created';
COMMENT ON COLUMN api_client.last_used_at IS 'When it last made a request (to the minute)';
