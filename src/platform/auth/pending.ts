/**
 * A sign-in between its two steps: the password (or the identity provider) has said who the user
 * is, and the second factor, or its enrolment, is awaited. Nothing is signed in yet: the pending
 * cookie opens only the second-factor pages, for PENDING_MINUTES. Only the token's SHA-256 is kept.
 */
import { randomBytes } from 'node:crypto';
import type { Timestamp } from '../db/schema.ts';
import * as clock from '../clock.ts';
import type { Db } from '../db/client.ts';
import { sessionId } from './sessions.ts';

export interface SignInPendingTable {
  id: string;
  userId: string;
  via: string;
  returnTo: string;
  createdAt: Timestamp;
  expiresAt: Date;
}

declare module '../db/schema.ts' {
  interface Database {
    signInPending: SignInPendingTable;
  }
}

export const PENDING_MINUTES = 10;
export const PENDING_COOKIE = 'sgh_pending';

export function pendingCookieName(secure: boolean): string {
  return `${secure ? '__Host-' : ''}${PENDING_COOKIE}`;
}

export interface PendingSignIn {
  userId: string;
  email: string;
  role: string;
  via: string;
  returnTo: string;
}

export async function startPendingSignIn(
  db: Db,
  userId: string,
  via: string,
  returnTo: string,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = clock.now();
  await db.deleteFrom('signInPending').where('expiresAt', '<', now).execute();
  await db
    .insertInto('signInPending')
    .values({
      id: sessionId(token),
      userId,
      via,
      returnTo,
      expiresAt: new Date(now.getTime() + PENDING_MINUTES * 60_000),
    })
    .execute();
  return token;
}

export async function findPendingSignIn(db: Db, token: string | undefined): Promise<PendingSignIn | null> {
  if (!token) return null;
  const row = await db
    .selectFrom('signInPending as p')
    .innerJoin('appUser as u', 'u.id', 'p.userId')
    .select(['p.userId', 'u.email', 'u.role', 'u.active', 'p.via', 'p.returnTo', 'p.expiresAt'])
    .where('p.id', '=', sessionId(token))
    .executeTakeFirst();
  if (!row?.active || row.expiresAt.getTime() < clock.now().getTime()) return null;
  return { userId: row.userId, email: row.email, role: row.role, via: row.via, returnTo: row.returnTo };
}

export async function endPendingSignIn(db: Db, token: string | undefined): Promise<void> {
  if (token) await db.deleteFrom('signInPending').where('id', '=', sessionId(token)).execute();
}
