-- The account-wide sign-in lock. Failures are counted per email (across every address) from
-- sign_in_failure; this table only records that a lock was reached, so that exactly one server
-- process audits the lock and its end, however many processes see the same failures.
CREATE TABLE sign_in_lock (
  email text PRIMARY KEY,
  locked_at timestamptz NOT NULL
);
COMMENT ON TABLE sign_in_lock IS 'An email whose password-only sign-in is locked after too many failures from any address (known email or not, the same)';
COMMENT ON COLUMN sign_in_lock.email IS 'The email address as typed, lower-cased';
COMMENT ON COLUMN sign_in_lock.locked_at IS 'When the failures reached the lock''s threshold';
