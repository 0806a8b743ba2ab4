-- "Forgotten your password?": each request for a one-time link, known email or not, so that the
-- throttle counts both alike. Only the SHA-256 of a link's token is kept: a copy of the database
-- cannot be used to reset anyone's password.
CREATE TABLE password_reset (
  id bigserial PRIMARY KEY,
  email text NOT NULL,
  address text NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  user_id uuid REFERENCES app_user(id) ON DELETE CASCADE,
  token_hash text UNIQUE,
  expires_at timestamptz,
  used_at timestamptz
);
CREATE INDEX password_reset_email ON password_reset (email, requested_at);
CREATE INDEX password_reset_address ON password_reset (address, requested_at);
CREATE INDEX password_reset_user ON password_reset (user_id) WHERE used_at IS NULL;
COMMENT ON TABLE password_reset IS 'A request for a one-time link to set a new password (kept a day after it expires)';
COMMENT ON COLUMN password_reset.id IS 'Surrogate key';
COMMENT ON COLUMN password_reset.email IS 'The email address as typed, lower-cased: known or not, the same';
COMMENT ON COLUMN password_reset.address IS 'The client address that asked (the proxy-forwarded one only from a trusted proxy)';
COMMENT ON COLUMN password_reset.requested_at IS 'When the link was asked for';
COMMENT ON COLUMN password_reset.user_id IS 'The account the link resets; null when no active account has the email, or the request was throttled';
COMMENT ON COLUMN password_reset.token_hash IS 'SHA-256 (hex) of the token in the emailed link; null when no link was sent';
COMMENT ON COLUMN password_reset.expires_at IS 'After this the link no longer works';
COMMENT ON COLUMN password_reset.used_at IS 'When the link set a new password (or was cancelled by a later reset): a link works once';
