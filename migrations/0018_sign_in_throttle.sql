-- Failed sign-ins, kept in the database so that every server process sees the same throttle.
-- Keyed by the email as typed (known or not) and the client's address: a stranger can slow their
-- own guesses at an account, never lock its owner out, and an unknown email is treated exactly as
-- a known one.
CREATE TABLE sign_in_failure (
  id bigserial PRIMARY KEY,
  email text NOT NULL,
  address text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_failure_email_address ON sign_in_failure (email, address, at);
CREATE INDEX sign_in_failure_address ON sign_in_failure (address, at);
COMMENT ON TABLE sign_in_failure IS 'A failed sign-in attempt, for the throttle (kept a day)';
COMMENT ON COLUMN sign_in_failure.id IS 'Surrogate key';
COMMENT ON COLUMN sign_in_failure.email IS 'The email address as typed, lower-cased: known or not, the same';
COMMENT ON COLUMN sign_in_failure.address IS 'The client address (the proxy-forwarded one only from a trusted proxy)';
COMMENT ON COLUMN sign_in_failure.at IS 'When the attempt failed';
