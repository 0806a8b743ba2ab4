/**
 * Machine clients of the JSON API (police record systems): created with a bearer token that is
 * shown once, stored only as its SHA-256, and checked on every request.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type AuditActor, SYSTEM_ACTOR, appendAudit } from '../../../platform/audit/audit-log.ts';
import type { Db } from '../../../platform/db/client.ts';
import * as q from '../queries.ts';
import * as clock from '../../../platform/clock.ts';

/** What a client may be allowed to do. */
export const API_SCOPES = {
  'encompass:incidents': 'Record Operation Encompass incidents and read how their notices stand',
} as const;
export type ApiScope = keyof typeof API_SCOPES;

export const TOKEN_PREFIX = 'sgh_';
/** 32 random bytes in base64url are 43 characters. */
const TOKEN_PATTERN = /^sgh_[A-Za-z0-9_-]{43}$/;
const BEARER = /^Bearer +(\S+) *$/i;
/** last_used_at is kept to the minute: a client making many requests does not write on each one. */
const TOUCH_INTERVAL_MS = 60_000;

export interface ApiClient {
  id: string;
  name: string;
  organisationId: number;
  scopes: string[];
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function generateApiToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/**
 * Creates a client acting for the organisation with the given code. The token is returned once;
 * only its hash is stored. The creation is audited (by the system unless an actor is given).
 */
export async function createApiClient(
  db: Db,
  input: { name: string; organisationCode: string; scopes: readonly string[] },
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<{ id: string; token: string }> {
  const name = input.name.trim();
  if (!name) throw new Error('Give the API client a name');
  const unknown = input.scopes.filter((scope) => !(scope in API_SCOPES));
  if (unknown.length)
    throw new Error(`Unknown scope: ${unknown.join(', ')} (known: ${Object.keys(API_SCOPES).join(', ')})`);
  const organisation = await q.organisationByCode(db, input.organisationCode);
  if (!organisation) throw new Error(`There is no organisation with the code ${input.organisationCode}`);
  if (input.scopes.includes('encompass:incidents') && organisation.kind !== 'police') {
    throw new Error('Only a police force can record Operation Encompass incidents');
  }
  const token = generateApiToken();
  const id = await db.transaction().execute(async (trx) => {
    const clientId = await q.insertApiClient(trx, {
      name,
      organisationId: organisation.id,
      tokenHash: hashApiToken(token),
      scopes: [...new Set(input.scopes)],
    });
    await appendAudit(trx, actor, { action: 'create', recordType: 'api-client', recordId: clientId });
    return clientId;
  });
  return { id, token };
}

/**
 * The active client whose token is in an `Authorization: Bearer …` header, or null when the
 * header is missing, malformed, unknown or revoked. Notes the use at most once a minute.
 */
export async function authenticateApiClient(
  db: Db,
  authorizationHeader: string | undefined,
  now = clock.now(),
): Promise<ApiClient | null> {
  if (!authorizationHeader) return null;
  const token = BEARER.exec(authorizationHeader)?.[1];
  if (!token || !TOKEN_PATTERN.test(token)) return null;
  const client = await q.activeApiClientByTokenHash(db, hashApiToken(token));
  if (!client) return null;
  const staleBefore = new Date(now.getTime() - TOUCH_INTERVAL_MS);
  // Concurrent requests race here: only the first in a minute writes.
  if (!client.lastUsedAt || client.lastUsedAt < staleBefore)
    await q.touchApiClient(db, client.id, now, staleBefore);
  return { id: client.id, name: client.name, organisationId: client.organisationId, scopes: client.scopes };
}
