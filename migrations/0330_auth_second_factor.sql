-- A second factor at sign-in: a TOTP authenticator (RFC 6238) and one-time recovery codes, a
-- sign-in waiting for its second factor, and, on each session, when its user last proved who
-- they are (for the step-up asked before merging children, exporting lists of children or seeing
-- a review's case).
CREATE TABLE user_second_factor (
  user_id uuid PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
  secret_encrypted text NOT NULL,
  confirmed_at timestamptz,
  last_used_step bigint NOT NULL DEFAULT 0,
  recovery_codes_issued_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE user_second_factor IS 'A user''s TOTP authenticator (one per user)';
COMMENT ON COLUMN user_second_factor.user_id IS 'The account the authenticator belongs to';
COMMENT ON COLUMN user_second_factor.secret_encrypted IS 'The shared TOTP secret, AES-256-GCM encrypted with the second-factor key (never stored or logged in clear)';
COMMENT ON COLUMN user_second_factor.confirmed_at IS 'When the user proved the authenticator with a first code; null while enrolment is under way (not yet asked at sign-in)';
COMMENT ON COLUMN user_second_factor.last_used_step IS 'The 30-second time step of the last code accepted: a code of that step or an earlier one is refused (no replay)';
COMMENT ON COLUMN user_second_factor.recovery_codes_issued_at IS 'When the current recovery codes were made and shown (once); null before they are';
COMMENT ON COLUMN user_second_factor.created_at IS 'When enrolment started';

CREATE TABLE user_recovery_code (
  id bigserial PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  used_at timestamptz
);
CREATE INDEX user_recovery_code_user ON user_recovery_code (user_id) WHERE used_at IS NULL;
COMMENT ON TABLE user_recovery_code IS 'A one-time recovery code, for a user without their authenticator';
COMMENT ON COLUMN user_recovery_code.id IS 'Surrogate key';
COMMENT ON COLUMN user_recovery_code.user_id IS 'The account the code signs in';
COMMENT ON COLUMN user_recovery_code.code_hash IS 'HMAC-SHA-256 (hex) of the code under the second-factor key: a copy of the database cannot be used or guessed offline';
COMMENT ON COLUMN user_recovery_code.used_at IS 'When the code was used: each code works once';

CREATE TABLE sign_in_pending (
  id text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  via text NOT NULL,
  return_to text NOT NULL DEFAULT '/',
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sign_in_pending_expires ON sign_in_pending (expires_at);
COMMENT ON TABLE sign_in_pending IS 'A sign-in whose first step passed and whose second factor (or enrolment) is awaited';
COMMENT ON COLUMN sign_in_pending.id IS 'SHA-256 (hex) of the random token in the pending cookie';
COMMENT ON COLUMN sign_in_pending.user_id IS 'The account signing in';
COMMENT ON COLUMN sign_in_pending.via IS 'How the first step passed: password, or sso:<provider id>';
COMMENT ON COLUMN sign_in_pending.return_to IS 'The page on this site to go to once signed in';
COMMENT ON COLUMN sign_in_pending.created_at IS 'When the first step passed';
COMMENT ON COLUMN sign_in_pending.expires_at IS 'After this the first step must be done again';

ALTER TABLE user_session ADD COLUMN verified_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE user_session ADD COLUMN second_factor boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN user_session.verified_at IS 'When the user last proved who they are in this session (sign-in, or a step-up): the step-up asks again after STEP_UP_MINUTES';
COMMENT ON COLUMN user_session.second_factor IS 'Whether the session''s sign-in passed a second factor (our TOTP, or an identity provider''s MFA the organisation''s configuration trusts)';

CREATE TABLE sso_sign_in_state (
  state_hash text PRIMARY KEY,
  provider text NOT NULL,
  code_verifier text NOT NULL,
  nonce text NOT NULL,
  return_to text NOT NULL DEFAULT '/',
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE sso_sign_in_state IS 'An OpenID Connect sign-in sent to an identity provider and not yet back: used once, then deleted (a replayed state is refused)';
COMMENT ON COLUMN sso_sign_in_state.state_hash IS 'SHA-256 (hex) of the state sent to the provider';
COMMENT ON COLUMN sso_sign_in_state.provider IS 'The configured identity provider''s id';
COMMENT ON COLUMN sso_sign_in_state.code_verifier IS 'The PKCE code verifier for this sign-in (its challenge went to the provider)';
COMMENT ON COLUMN sso_sign_in_state.nonce IS 'The nonce the ID token must carry';
COMMENT ON COLUMN sso_sign_in_state.return_to IS 'The page on this site to go to once signed in';
COMMENT ON COLUMN sso_sign_in_state.created_at IS 'When the user was sent to the provider (a state older than 10 minutes is refused)';
