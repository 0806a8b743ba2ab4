/**
 * The platform's own tables, and the SQL functions it publishes: every other table belongs to
 * exactly one module, named in that module's manifest (`tables`).
 */
export const PLATFORM_TABLES = {
  audit: ['audit_log'],
  auth: [
    'app_user',
    'user_session',
    'sign_in_failure',
    'password_reset',
    'user_second_factor',
    'user_recovery_code',
    'sign_in_pending',
    'sso_sign_in_state',
    'sign_in_lock',
  ],
  calendar: ['bank_holiday'],
  email: ['email_delivery'],
} as const;

/** Views and functions any module's SQL may use: the audit log's append-only writers, user accounts. */
export const PLATFORM_PUBLISHES = {
  audit: ['audit_append', 'audit_append_many'],
  auth: ['auth_account'],
} as const;
