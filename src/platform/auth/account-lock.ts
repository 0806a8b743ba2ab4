/**
 * The account-wide sign-in lock. The throttle (throttle.ts) slows guesses per (email, address)
 * and per address; an attack spread over many addresses at one account meets this limit instead:
 * past ACCOUNT_FAILURES_PER_HOUR failures for one email in an hour, from any addresses, the
 * password alone no longer signs in. What still does (docs/security.md, "The account lock"):
 * - the password and a second-factor code (or recovery code) together, on the same form;
 * - a new password set with the "Forgotten your password?" link, which goes to the owner's inbox.
 * Failures are counted by the email as typed, so an unknown email locks and answers exactly as a
 * known one. Counted in the database, so every server process applies the same lock.
 */
import { sql } from 'kysely';
import { type AuditActor, writeAudit } from '../audit/audit-log.ts';
import * as clock from '../clock.ts';
import type { Db } from '../db/client.ts';

export interface SignInLockTable {
  email: string;
  lockedAt: Date;
}

declare module '../db/schema.ts' {
  interface Database {
    signInLock: SignInLockTable;
  }
}

/** Failures for one email, from any addresses, in ACCOUNT_WINDOW_MS that lock it. */
export const ACCOUNT_FAILURES_PER_HOUR = 20;
export const ACCOUNT_WINDOW_MS = 3_600_000;

async function accountFailures(db: Db, email: string): Promise<number> {
  const row = await db
    .selectFrom('signInFailure')
    .select(sql<string>`count(*)`.as('n'))
    .where('email', '=', email)
    .where('at', '>', new Date(clock.now().getTime() - ACCOUNT_WINDOW_MS))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function auditLockEvent(db: Db, actor: AuditActor, email: string, action: string, reason: string) {
  const user = await db
    .selectFrom('appUser')
    .select('id')
    .where(sql`lower(email)`, '=', email)
    .executeTakeFirst();
  await writeAudit(db, actor, {
    action,
    recordType: 'user',
    recordId: user?.id ?? null,
    reason: user ? reason : `${reason} (an email with no account)`,
  });
}

/**
 * Whether password-only sign-in is locked for this email now. A lock whose failures have aged out
 * of the window has expired: its end is audited once (by whichever process sees it first).
 */
export async function accountLocked(db: Db, email: string, actor: AuditActor): Promise<boolean> {
  const [failures, lock] = await Promise.all([
    accountFailures(db, email),
    db.selectFrom('signInLock').select('email').where('email', '=', email).executeTakeFirst(),
  ]);
  const locked = failures >= ACCOUNT_FAILURES_PER_HOUR;
  if (!locked && lock) {
    const ended = await db.deleteFrom('signInLock').where('email', '=', email).returning('email').execute();
    if (ended.length > 0) await auditLockEvent(db, actor, email, 'sign-in-unlock', 'expired');
  }
  return locked;
}

/**
 * After a failure has been recorded (throttle.ts): locks the email once its failures reach the
 * threshold. The insert that wins the race audits the lock; the others find it there.
 */
export async function noteAccountFailure(db: Db, email: string, actor: AuditActor): Promise<void> {
  if ((await accountFailures(db, email)) < ACCOUNT_FAILURES_PER_HOUR) return;
  const locked = await db
    .insertInto('signInLock')
    .values({ email, lockedAt: clock.now() })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('email')
    .execute();
  if (locked.length > 0)
    await auditLockEvent(
      db,
      actor,
      email,
      'sign-in-lock',
      `${ACCOUNT_FAILURES_PER_HOUR} failed sign-ins within an hour`,
    );
}

/**
 * Ends the lock after the owner has proved who they are beyond the password (password and second
 * factor, or a new password from the emailed link): the email's failures from every address are
 * forgotten, and the end of a lock is audited with how.
 */
export async function unlockAccount(db: Db, email: string, actor: AuditActor, how: string): Promise<void> {
  await db.deleteFrom('signInFailure').where('email', '=', email).execute();
  const ended = await db.deleteFrom('signInLock').where('email', '=', email).returning('email').execute();
  if (ended.length > 0) await auditLockEvent(db, actor, email, 'sign-in-unlock', how);
}

/** The one answer while locked: the same for a right or wrong password, a known or unknown email. */
export const ACCOUNT_LOCKED_MESSAGE =
  'Signing in to this account with a password alone is paused after many failed attempts. Enter your password and the code from your authenticator app (or a recovery code), or set a new password with “Forgotten your password?”.';
