/**
 * Sign-in and sessions kept in the database. The cookie carries a random token; only its
 * SHA-256 is stored, so a copy of the database cannot be used to sign in.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type Generated, sql } from 'kysely';
import type { Db } from '../db/client.ts';
import { preparedQuery } from '../db/prepared.ts';
import { decoyPasswordHash, verifyPassword } from './passwords.ts';
import type { SignedInUser } from './permissions.ts';
import { isRole } from './roles.ts';
import * as clock from '../clock.ts';

export const SESSION_COOKIE = 'sgh_session';
export const CSRF_COOKIE = 'sgh_csrf';

/**
 * The cookies' names: over HTTPS with the `__Host-` prefix, which the browser only accepts from
 * this exact host, secure, for the whole site, so no sibling domain can plant or overwrite them.
 */
export function cookieNames(secure: boolean): { session: string; csrf: string } {
  const prefix = secure ? '__Host-' : '';
  return { session: `${prefix}${SESSION_COOKIE}`, csrf: `${prefix}${CSRF_COOKIE}` };
}

export function sessionId(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export type SignInResult = { ok: true; userId: string } | { ok: false; reason: 'invalid' };

/**
 * Checks a password. An unknown or disabled email costs the same password check as a known one,
 * so neither the answer nor its time tells which emails exist. Throttling is the caller's
 * (throttle.ts): no number of failures locks the owner out.
 */
export async function checkSignIn(db: Db, email: string, password: string): Promise<SignInResult> {
  const user = await db
    .selectFrom('appUser')
    .select(['id', 'passwordHash', 'active'])
    .where(sql`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
  if (!user?.active) {
    await verifyPassword(await decoyPasswordHash(), password);
    return { ok: false, reason: 'invalid' };
  }
  if (await verifyPassword(user.passwordHash, password)) {
    await db.updateTable('appUser').set({ lastSignedInAt: clock.now() }).where('id', '=', user.id).execute();
    return { ok: true, userId: user.id };
  }
  return { ok: false, reason: 'invalid' };
}

declare module '../db/schema.ts' {
  interface UserSessionTable {
    /** When the user last proved who they are in this session (migration 0330). */
    verifiedAt: Generated<Date>;
    /** Whether the sign-in passed a second factor. */
    secondFactor: Generated<boolean>;
  }
}

/**
 * Starts a new session (a new id at every sign-in, so a planted cookie is worthless), proved now;
 * `secondFactor` when the sign-in passed one.
 */
export async function startSession(
  db: Db,
  userId: string,
  ip: string | null,
  secondFactor = false,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('userSession')
    .values({ id: sessionId(token), userId, ip, secondFactor, verifiedAt: clock.now() })
    .execute();
  return token;
}

/** The user proved who they are again (the step-up): the sensitive pages open for a while. */
export async function markSessionVerified(db: Db, token: string, secondFactor: boolean): Promise<void> {
  await db
    .updateTable('userSession')
    .set(secondFactor ? { verifiedAt: clock.now(), secondFactor: true } : { verifiedAt: clock.now() })
    .where('id', '=', sessionId(token))
    .execute();
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('userSession').where('id', '=', sessionId(token)).execute();
}

/**
 * last_seen_at is written when it is at least a second old: the idle timeout is exact to the second
 * (a user active every 40 s with a 1-minute timeout stays signed in), while a burst of requests
 * from one page costs one write.
 */
const TOUCH_AFTER_MS = 1_000;

/**
 * The session and its user in one prepared statement (every signed-in request runs it). The team's
 * district comes from the registry's published view. How long the session has been idle is
 * measured by the database, on the clock that wrote last_seen_at.
 */
const sessionUser = preparedQuery((db: Db, id: string) =>
  db
    .selectFrom('userSession as s')
    .innerJoin('appUser as u', 'u.id', 's.userId')
    .leftJoin('registryTeam as t', 't.id', 'u.teamId')
    .select([
      sql<number>`(extract(epoch FROM clock_timestamp() - s.last_seen_at) * 1000)::float8`.as('idleMs'),
      'u.id',
      'u.email',
      'u.givenName',
      'u.familyName',
      'u.role',
      'u.organisationId',
      'u.teamId',
      't.districtId as teamDistrictId',
      'u.settingId',
      'u.active',
      's.verifiedAt',
      's.secondFactor',
    ])
    .where('s.id', '=', id),
);

/** The signed-in user of a session token, or null when unknown, idle too long or disabled. */
export async function findSessionUser(
  db: Db,
  token: string,
  idleMinutes: number,
): Promise<SignedInUser | null> {
  const id = sessionId(token);
  const row = await sessionUser.takeFirst(db, id);
  if (!row?.active || !isRole(row.role)) return null;
  if (row.idleMs > idleMinutes * 60_000) {
    await db.deleteFrom('userSession').where('id', '=', id).execute();
    return null;
  }
  if (row.idleMs > TOUCH_AFTER_MS) {
    await db
      .updateTable('userSession')
      .set({ lastSeenAt: sql`clock_timestamp()` })
      .where('id', '=', id)
      .execute();
  }
  return {
    id: row.id,
    email: row.email,
    givenName: row.givenName,
    familyName: row.familyName,
    role: row.role,
    organisationId: row.organisationId,
    teamId: row.teamId,
    teamDistrictId: row.teamDistrictId,
    settingId: row.settingId,
    session: { verifiedAt: new Date(row.verifiedAt), secondFactor: row.secondFactor },
  };
}
