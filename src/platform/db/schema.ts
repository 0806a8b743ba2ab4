/**
 * Kysely's view of the tables (camelCase; the CamelCasePlugin maps to the snake_case columns).
 * Kept by hand beside the migrations: a column added in a migration is added here too. The
 * platform's own tables are here; each module's are in its `tables.ts`.
 */
import type { ColumnType, Generated, Selectable } from 'kysely';

/** A timestamp column: read as a Date, written as a Date or ISO string, defaulted by the database. */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A civil date column 'YYYY-MM-DD'. */
export type CivilDate = string;

export interface BankHolidayTable {
  date: CivilDate;
  title: string;
  substitute: Generated<boolean>;
}

export interface AppUserTable {
  id: Generated<string>;
  email: string;
  givenName: string;
  familyName: string;
  role: string;
  organisationId: number | null;
  teamId: number | null;
  settingId: number | null;
  passwordHash: string;
  failedSignIns: Generated<number>;
  lockedUntil: Date | null;
  active: Generated<boolean>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  lastSignedInAt: Date | null;
}

export interface UserSessionTable {
  id: string;
  userId: string;
  createdAt: Timestamp;
  lastSeenAt: Timestamp;
  ip: string | null;
}

export interface AuditLogTable {
  lane: number;
  seq: number;
  at: Date;
  userId: string | null;
  userEmail: string | null;
  role: string | null;
  organisationId: number | null;
  action: string;
  recordType: string;
  recordId: string | null;
  childId: string | null;
  outcome: 'success' | 'denied' | 'not_found';
  ip: string | null;
  requestId: string | null;
  reason: string | null;
  prevHash: string;
  hash: string;
}

export interface EmailDeliveryTable {
  idempotencyKey: string;
  sentAt: Timestamp;
  recipients: number;
}

/**
 * The database as the platform knows it: its own tables. Each module adds its tables to this
 * interface from its own `tables.ts` (declaration merging), so no module edits this file.
 */
export interface SignInFailureTable {
  id: Generated<string>;
  email: string;
  address: string;
  at: Timestamp;
}

export interface Database {
  signInFailure: SignInFailureTable;
  /** A view (migration 0017): accounts without password hashes, for modules to read. */
  authAccount: AuthAccountView;
  emailDelivery: EmailDeliveryTable;
  bankHoliday: BankHolidayTable;
  appUser: AppUserTable;
  userSession: UserSessionTable;
  auditLog: AuditLogTable;
}

export interface AuthAccountView {
  id: string;
  email: string;
  givenName: string;
  familyName: string;
  role: string;
  organisationId: number | null;
  teamId: number | null;
  settingId: number | null;
  active: boolean;
  lastSignedInAt: Date | null;
}

export type AppUser = Selectable<AppUserTable>;
export type AuditEntry = Selectable<AuditLogTable>;
