/**
 * "Forgotten your password?": a one-time link by email. The link's token is random; only its
 * SHA-256 is stored. A link expires after RESET_LINK_MINUTES, works once, and setting a new
 * password ends every session of the account (whoever knew the old password is signed out).
 * Asking answers the same whether or not the email has an account; asking is throttled per email
 * and per address, counted in the database so every server process applies the same limits.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type Generated, sql } from 'kysely';
import { appendAudit, type AuditActor } from '../audit/audit-log.ts';
import * as clock from '../clock.ts';
import type { Db } from '../db/client.ts';
import type { Timestamp } from '../db/schema.ts';
import { enqueueEmailInTrx } from '../email/outbox.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { hashPassword } from './passwords.ts';
import { unlockAccount } from './account-lock.ts';

export interface PasswordResetTable {
  id: Generated<string>;
  email: string;
  address: string;
  requestedAt: Generated<Date>;
  userId: string | null;
  tokenHash: string | null;
  expiresAt: Timestamp | null;
  usedAt: Timestamp | null;
}

declare module '../db/schema.ts' {
  interface Database {
    passwordReset: PasswordResetTable;
  }
}

export const RESET_LINK_MINUTES = 30;
/** Links one email may be sent in an hour: enough for a lost email, too few to flood an inbox. */
export const RESETS_PER_EMAIL_PER_HOUR = 3;
/** Requests one address may make in an hour, across all emails. */
export const RESETS_PER_ADDRESS_PER_HOUR = 20;
const HOUR_MS = 3_600_000;
const KEPT_MS = 24 * HOUR_MS;

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export type ResetRequestOutcome = 'sent' | 'unknown' | 'throttled';

/**
 * Records a request and, for an active account within the limits, enqueues the email with the
 * link in the same transaction (nothing is sent for a request that did not commit). The caller
 * answers the same whatever the outcome.
 */
export async function requestPasswordReset(
  db: Db,
  jobs: JobQueue | null,
  options: { email: string; address: string; baseUrl: string; serviceName: string; actor: AuditActor },
): Promise<ResetRequestOutcome> {
  const email = options.email.trim().toLowerCase();
  const now = clock.now();
  const hourAgo = new Date(now.getTime() - HOUR_MS);
  return db.transaction().execute(async (trx) => {
    const [forEmail, fromAddress, user] = await Promise.all([
      trx
        .selectFrom('passwordReset')
        .select(sql<string>`count(*)`.as('n'))
        .where('email', '=', email)
        .where('tokenHash', 'is not', null)
        .where('requestedAt', '>', hourAgo)
        .executeTakeFirstOrThrow(),
      trx
        .selectFrom('passwordReset')
        .select(sql<string>`count(*)`.as('n'))
        .where('address', '=', options.address)
        .where('requestedAt', '>', hourAgo)
        .executeTakeFirstOrThrow(),
      trx
        .selectFrom('appUser')
        .select(['id', 'email', 'active'])
        .where(sql`lower(email)`, '=', email)
        .executeTakeFirst(),
    ]);
    const throttled =
      Number(forEmail.n) >= RESETS_PER_EMAIL_PER_HOUR || Number(fromAddress.n) >= RESETS_PER_ADDRESS_PER_HOUR;
    const account = user?.active ? user : null;
    const outcome: ResetRequestOutcome = throttled ? 'throttled' : account ? 'sent' : 'unknown';
    const token = outcome === 'sent' ? randomBytes(32).toString('base64url') : null;
    const row = await trx
      .insertInto('passwordReset')
      .values({
        email,
        address: options.address,
        requestedAt: now,
        userId: token ? account!.id : null,
        tokenHash: token ? tokenHash(token) : null,
        expiresAt: token ? new Date(now.getTime() + RESET_LINK_MINUTES * 60_000) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Forget what no limit looks at any more.
    await trx
      .deleteFrom('passwordReset')
      .where('requestedAt', '<', new Date(now.getTime() - KEPT_MS))
      .execute();
    await appendAudit(trx, options.actor, {
      action: 'password-reset-request',
      recordType: 'user',
      recordId: token ? account!.id : null,
      childId: null,
      reason: outcome === 'sent' ? null : outcome,
      outcome: outcome === 'sent' ? 'success' : 'denied',
    });
    // Without a job queue (a copy with email off) the request is still recorded and audited.
    if (token && account && jobs) {
      await enqueueEmailInTrx(trx, jobs, {
        idempotencyKey: `password-reset:${row.id}`,
        to: [account.email],
        subject: `Set a new password for ${options.serviceName}`,
        text: [
          `Someone (we hope you) asked to set a new password for ${options.serviceName}.`,
          '',
          `Use this link within ${RESET_LINK_MINUTES} minutes. It works once:`,
          `${options.baseUrl}/reset-password?token=${token}`,
          '',
          'If you did not ask, ignore this email: your password has not changed. Tell the partnership business unit if it keeps happening.',
        ].join('\n'),
      });
    }
    return outcome;
  });
}

/** The account a link resets, or null when the link is unknown, used, expired or its account disabled. */
export async function findResetLink(db: Db, token: string): Promise<{ userId: string } | null> {
  if (!token) return null;
  const row = await db
    .selectFrom('passwordReset as r')
    .innerJoin('appUser as u', 'u.id', 'r.userId')
    .select(['r.userId'])
    .where('r.tokenHash', '=', tokenHash(token))
    .where('r.usedAt', 'is', null)
    .where('r.expiresAt', '>', clock.now())
    .where('u.active', '=', true)
    .executeTakeFirst();
  return row?.userId ? { userId: row.userId } : null;
}

/**
 * Sets the new password with a link: the link is used up (a second use finds nothing, even a
 * concurrent one), the account's other links are cancelled, every session of the account ends,
 * and the change is audited, all in one transaction. Null when the link no longer works.
 */
export async function resetPassword(
  db: Db,
  options: { token: string; password: string; actor: AuditActor },
): Promise<{ userId: string } | null> {
  const passwordHash = await hashPassword(options.password);
  const now = clock.now();
  return db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable('passwordReset')
      .set({ usedAt: now })
      .where('tokenHash', '=', tokenHash(options.token))
      .where('usedAt', 'is', null)
      .where('expiresAt', '>', now)
      .where('userId', 'in', (q) => q.selectFrom('appUser').select('id').where('active', '=', true))
      .returning('userId')
      .executeTakeFirst();
    const userId = used?.userId;
    if (!userId) return null;
    await trx.updateTable('appUser').set({ passwordHash, updatedAt: now }).where('id', '=', userId).execute();
    await trx
      .updateTable('passwordReset')
      .set({ usedAt: now })
      .where('userId', '=', userId)
      .where('usedAt', 'is', null)
      .execute();
    await trx.deleteFrom('userSession').where('userId', '=', userId).execute();
    // The owner proved the inbox is theirs: a lock from others' guesses ends (account-lock.ts).
    const { email } = await trx
      .selectFrom('appUser')
      .select('email')
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    await unlockAccount(trx, email.toLowerCase(), options.actor, 'new password set with the emailed link');
    await appendAudit(trx, options.actor, {
      action: 'password-reset',
      recordType: 'user',
      recordId: userId,
      childId: null,
      reason: null,
      outcome: 'success',
    });
    return { userId };
  });
}
