/**
 * The sign-in throttle. Failed attempts are counted per (email as typed, address) and per address
 * across emails, in the database, so every server process applies the same limits:
 * - after `freeFailures` failures for one email from one address, each further attempt from that
 *   address waits twice as long as the last (15 s, 30 s, 1 min … at most 15 min): guessing slows
 *   to a crawl, while the account's owner, signing in from their own address, is never locked out;
 * - one address may fail at most `addressFailuresPerHour` times an hour across all emails;
 * - an unknown email is counted and answered exactly as a known one.
 */
import { sql } from 'kysely';
import * as clock from '../clock.ts';
import type { Db } from '../db/client.ts';

export interface ThrottlePolicy {
  freeFailures: number;
  addressFailuresPerHour: number;
}

const FIRST_DELAY_MS = 15_000;
const MAX_DELAY_MS = 15 * 60_000;
const HOUR_MS = 3_600_000;
const KEPT_MS = 24 * HOUR_MS;

/** How long one email from one address must wait after its nth failure (n counted from 1). */
export function delayAfterFailures(failures: number, freeFailures: number): number {
  if (failures < freeFailures) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (failures - freeFailures));
}

/** Milliseconds until this email may be tried again from this address (0 = now). */
export async function signInWait(
  db: Db,
  email: string,
  address: string,
  policy: ThrottlePolicy,
): Promise<number> {
  const now = clock.now().getTime();
  const since = new Date(now - KEPT_MS);
  const [mine, fromAddress] = await Promise.all([
    db
      .selectFrom('signInFailure')
      .select([sql<string>`count(*)`.as('n'), sql<Date | null>`max(at)`.as('last')])
      .where('email', '=', email)
      .where('address', '=', address)
      .where('at', '>', since)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('signInFailure')
      .select('at')
      .where('address', '=', address)
      .where('at', '>', new Date(now - HOUR_MS))
      .orderBy('at', 'desc')
      .limit(policy.addressFailuresPerHour)
      .execute(),
  ]);
  let wait = 0;
  const failures = Number(mine.n);
  if (mine.last)
    wait = new Date(mine.last).getTime() + delayAfterFailures(failures, policy.freeFailures) - now;
  if (fromAddress.length >= policy.addressFailuresPerHour) {
    // The oldest of the last hour's failures must age out before this address may try again.
    const oldest = fromAddress.at(-1)!.at.getTime();
    wait = Math.max(wait, oldest + HOUR_MS - now);
  }
  return Math.max(0, wait);
}

export async function recordSignInFailure(db: Db, email: string, address: string): Promise<void> {
  const now = clock.now();
  await db.insertInto('signInFailure').values({ email, address, at: now }).execute();
  // Forget what no limit looks at any more.
  await db
    .deleteFrom('signInFailure')
    .where('at', '<', new Date(now.getTime() - KEPT_MS))
    .execute();
}

/** A successful sign-in clears its email's failures from that address. */
export async function clearSignInFailures(db: Db, email: string, address: string): Promise<void> {
  await db.deleteFrom('signInFailure').where('email', '=', email).where('address', '=', address).execute();
}
