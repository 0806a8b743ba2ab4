/**
 * The platform's own tables, and the SQL functions it publishes: every other table belongs to
 * exactly one module, named in that module's manifest (`tables`).
 */
export const PLATFORM_TABLES = {
  audit: ['audit_log'],
  auth: ['app_user', 'user_session'],
  calendar: ['bank_holiday'],
  email: ['email_delivery'],
} as const;

/** Functions any module's SQL may call: the audit log's append-only writers. */
export const PLATFORM_PUBLISHES = ['audit_append', 'audit_append_many'] as const;
