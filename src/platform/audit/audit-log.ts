/**
 * The audit log: append-only and hash-chained. Every entry is written inside the transaction of
 * the action it records, so an action and its audit entry commit together or not at all.
 * There are 64 chains (lanes); a transaction writes to the lane of its database connection,
 * under a transaction-scoped advisory lock on that lane, so a lane has no forks or gaps while
 * concurrent requests on other connections do not wait for each other's commits. The append
 * runs inside the database (audit_append), so the lock is never held across a round trip; the
 * hash it computes is the one auditEntryHash() computes here to verify.
 */
import { createHash } from 'node:crypto';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/client.ts';
import { preparedQuery } from '../db/prepared.ts';
import type { AuditEntry, Database } from '../db/schema.ts';

/** The number of chains; audit_append (migrations/0002) chooses a lane as pg_backend_pid() % 64. */
export const AUDIT_LANES = 64;
export const GENESIS_HASH = '0'.repeat(64);

export type AuditOutcome = 'success' | 'denied' | 'not_found';

/** Who acted, from where: taken from the request. */
export interface AuditActor {
  userId: string | null;
  userEmail: string | null;
  role: string | null;
  organisationId: number | null;
  ip: string | null;
  requestId: string | null;
}

export interface AuditEvent {
  action: string;
  recordType: string;
  recordId?: string | number | null;
  childId?: string | null;
  outcome?: AuditOutcome;
  reason?: string | null;
}

export const SYSTEM_ACTOR: AuditActor = {
  userId: null,
  userEmail: 'system',
  role: 'system',
  organisationId: null,
  ip: null,
  requestId: null,
};

type ChainedFields = Omit<AuditEntry, 'hash'>;

/** The hash covers every field in a fixed order, so changing any of them breaks it. */
export function auditEntryHash(entry: ChainedFields): string {
  const canonical = JSON.stringify([
    entry.lane,
    entry.seq,
    entry.at.toISOString(),
    entry.userId,
    entry.userEmail,
    entry.role,
    entry.organisationId,
    entry.action,
    entry.recordType,
    entry.recordId,
    entry.childId,
    entry.outcome,
    entry.ip,
    entry.requestId,
    entry.reason,
    entry.prevHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** audit_append's call, prepared: every audited page runs it. */
const appendOne = preparedQuery(
  (
    _db: Kysely<Database>,
    userId: string | null,
    userEmail: string | null,
    role: string | null,
    organisationId: number | null,
    action: string,
    recordType: string,
    recordId: string | null,
    childId: string | null,
    outcome: AuditOutcome,
    ip: string | null,
    requestId: string | null,
    reason: string | null,
  ) =>
    sql<{ lane: number; seq: number }>`SELECT lane, seq FROM audit_append(
      ${userId}::uuid, ${userEmail}::text, ${role}::text, ${organisationId}::integer,
      ${action}::text, ${recordType}::text, ${recordId}::text, ${childId}::uuid,
      ${outcome}::text, ${ip}::text, ${requestId}::text, ${reason}::text)`,
);

/**
 * Appends one entry in one statement (audit_append, in the migrations). Pass the transaction of the
 * action being audited; an action that writes nothing else (a view) may pass the database itself,
 * and the entry then commits on its own, with no BEGIN or COMMIT round trips.
 */
export async function appendAudit(
  db: Kysely<Database>,
  actor: AuditActor,
  event: AuditEvent,
): Promise<{ lane: number; seq: number }> {
  const recordId = event.recordId == null ? null : String(event.recordId);
  const [row] = await appendOne.execute(
    db,
    actor.userId,
    actor.userEmail,
    actor.role,
    actor.organisationId,
    event.action,
    event.recordType,
    recordId,
    event.childId ?? null,
    event.outcome ?? 'success',
    actor.ip,
    actor.requestId,
    event.reason ?? null,
  );
  return { lane: Number(row!.lane), seq: Number(row!.seq) };
}

/** The entries for audit_append_many: the actor's details on each event. */
function auditEntries(actor: AuditActor, events: readonly AuditEvent[]) {
  return events.map((event) => ({
    userId: actor.userId,
    userEmail: actor.userEmail,
    role: actor.role,
    organisationId: actor.organisationId,
    action: event.action,
    recordType: event.recordType,
    recordId: event.recordId == null ? null : String(event.recordId),
    childId: event.childId ?? null,
    outcome: event.outcome ?? 'success',
    ip: actor.ip,
    requestId: actor.requestId,
    reason: event.reason ?? null,
  }));
}

/**
 * The call appending these entries, to select in the statement that makes the audited change
 * (one round trip for both); it answers how many entries it appended.
 */
export function auditAppendCall(actor: AuditActor, events: readonly AuditEvent[]): RawBuilder<number> {
  return sql<number>`audit_append_many(${JSON.stringify(auditEntries(actor, events))}::jsonb)`;
}

/** One audit entry, as the single parameter of the statement that appends it (auditAppended). */
export type AuditEntryParameter = string & { readonly auditEntry: true };

export function auditEntryParameter(actor: AuditActor, event: AuditEvent): AuditEntryParameter {
  return JSON.stringify(auditEntries(actor, [event])[0]) as AuditEntryParameter;
}

/**
 * For the select list of a read of one record: appends the entry when the row is read, in the
 * read's own statement (one round trip, one transaction); answers 1. No row, no entry: the
 * subquery runs when the first row is produced, and once.
 */
export function auditAppended(entry: AuditEntryParameter): RawBuilder<number> {
  return sql<number>`(SELECT 1 FROM (SELECT ${entry}::jsonb AS e) AS x, LATERAL audit_append(
    (x.e->>'userId')::uuid, x.e->>'userEmail', x.e->>'role', (x.e->>'organisationId')::integer,
    x.e->>'action', x.e->>'recordType', x.e->>'recordId', (x.e->>'childId')::uuid,
    x.e->>'outcome', x.e->>'ip', x.e->>'requestId', x.e->>'reason'))`;
}

/** Appends several entries in one round trip (audit_append_many), in order. */
export async function appendAudits(
  db: Kysely<Database>,
  actor: AuditActor,
  events: readonly AuditEvent[],
): Promise<number> {
  if (!events.length) return 0;
  const { rows } = await sql<{ n: number }>`SELECT ${auditAppendCall(actor, events)} AS n`.execute(db);
  return Number(rows[0]!.n);
}

function isEventList(event: AuditEvent | readonly AuditEvent[]): event is readonly AuditEvent[] {
  return Array.isArray(event);
}

/** Writes entries with the executor it is given: a request's own, or one for the system. */
export type AuditWriter = (
  executor: Kysely<Database>,
  event: AuditEvent | readonly AuditEvent[],
) => Promise<unknown>;

export function auditWriterFor(actor: AuditActor): AuditWriter {
  return (executor, event) =>
    isEventList(event) ? appendAudits(executor, actor, event) : appendAudit(executor, actor, event);
}

/** Writes an entry that commits on its own: for refused attempts, where no action commits. */
export async function writeAudit(
  db: Db,
  actor: AuditActor,
  event: AuditEvent,
): Promise<{ lane: number; seq: number }> {
  return appendAudit(db, actor, event);
}

export type AuditVerification =
  | { ok: true; entries: number }
  | {
      ok: false;
      entries: number;
      lane: number;
      seq: number;
      problem: 'altered' | 'deleted' | 'out_of_order';
      message: string;
    };

/**
 * Walks every lane's chain from its start and names the first entry that was altered, deleted
 * or moved. Reads in pages so a long log does not need to fit in memory.
 */
export async function verifyAuditChain(
  db: Db,
  onProgress?: (checked: number, total: number) => void,
): Promise<AuditVerification> {
  const total = Number(
    (
      await db
        .selectFrom('auditLog')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  let checked = 0;
  const pageSize = 5000;
  for (let lane = 0; lane < AUDIT_LANES; lane++) {
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    for (;;) {
      const page = await db
        .selectFrom('auditLog')
        .selectAll()
        .where('lane', '=', lane)
        .where('seq', '>=', expectedSeq)
        .orderBy('seq')
        .limit(pageSize)
        .execute();
      for (const entry of page) {
        const name = `Entry ${entry.seq} of lane ${lane}`;
        const failure = (seq: number, problem: 'altered' | 'deleted' | 'out_of_order', message: string) =>
          ({ ok: false, entries: total, lane, seq, problem, message }) as const;
        if (entry.seq !== expectedSeq) {
          return failure(
            expectedSeq,
            'deleted',
            `Entry ${expectedSeq} of lane ${lane} is missing: the lane jumps from ${expectedSeq - 1} to ${entry.seq}`,
          );
        }
        const { hash, ...fields } = entry;
        if (auditEntryHash(fields) !== hash) {
          return failure(entry.seq, 'altered', `${name} was altered: its contents no longer match its hash`);
        }
        if (entry.prevHash !== prevHash) {
          return failure(
            entry.seq,
            'out_of_order',
            `${name} is out of order: it does not follow entry ${entry.seq - 1}`,
          );
        }
        prevHash = hash;
        expectedSeq += 1;
        checked += 1;
      }
      onProgress?.(checked, total);
      if (page.length < pageSize) break;
    }
  }
  return { ok: true, entries: checked };
}

export interface AuditSearch {
  userEmail?: string | undefined;
  /** Any of these accounts' email addresses (a user found by name may have more than one account). */
  userEmails?: readonly string[] | undefined;
  childId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit?: number;
  offset?: number;
}

function auditSearchQuery(db: Db, search: AuditSearch) {
  let query = db.selectFrom('auditLog');
  if (search.userEmail) query = query.where(sql`lower(user_email)`, '=', search.userEmail.toLowerCase());
  if (search.userEmails)
    query = query.where(
      sql`lower(user_email)`,
      'in',
      search.userEmails.length ? search.userEmails.map((e) => e.toLowerCase()) : [''],
    );
  if (search.childId) query = query.where('childId', '=', search.childId);
  if (search.from)
    query = query.where(
      'at',
      '>=',
      sql<Date>`(${search.from}::date)::timestamp AT TIME ZONE 'Europe/London'`,
    );
  if (search.to)
    query = query.where(
      'at',
      '<',
      sql<Date>`((${search.to}::date + 1)::timestamp) AT TIME ZONE 'Europe/London'`,
    );
  return query;
}

export async function searchAuditLog(db: Db, search: AuditSearch): Promise<AuditEntry[]> {
  return auditSearchQuery(db, search)
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('lane')
    .orderBy('seq', 'desc')
    .limit(search.limit ?? 100)
    .offset(search.offset ?? 0)
    .execute();
}

/** How many entries match a search (for its pages). */
export async function countAuditLog(db: Db, search: AuditSearch): Promise<number> {
  const row = await auditSearchQuery(db, search)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
