-- The platform publishes user accounts for modules to read (the registry's list of users, the
-- demo's DSL): everything but the password hash and the lockout counters, which only sign-in reads.
CREATE VIEW auth_account AS
  SELECT id, email, given_name, family_name, role, organisation_id, team_id, setting_id, active, last_signed_in_at
  FROM app_user;
COMMENT ON VIEW auth_account IS 'Published by the platform: user accounts without their password hashes, for modules to read';
