/**
 * The journey's service: other modules (the front door) record their events through it in their
 * own transaction; the imports add events the same way; the KPIs read only events.
 */
import type { Kysely } from 'kysely';
import type { Db } from '../../platform/db/client.ts';
import type { Database } from '../../platform/db/schema.ts';
import * as q from './queries.ts';
import {
  JOURNEY_EVENT_KINDS,
  type JourneyEvent,
  type JourneyEventInput,
  type RecordSummary,
} from './types.ts';

const CIVIL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const KINDS: ReadonlySet<string> = new Set(JOURNEY_EVENT_KINDS);

export interface JourneyDeps {
  db: Db;
}

export class JourneyService {
  constructor(private readonly deps: JourneyDeps) {}

  /**
   * Records events in the caller's transaction: an event already recorded under the same
   * (source, kind, sourceRef) is updated, never duplicated; one recorded exactly so is left alone.
   */
  async recordEventsInTrx(
    trx: Kysely<Database>,
    events: readonly JourneyEventInput[],
  ): Promise<RecordSummary> {
    for (const e of events) {
      if (!KINDS.has(e.kind)) throw new Error(`Unknown journey event kind: ${e.kind}`);
      if (!CIVIL_DATE.test(e.occurredOn))
        throw new Error(`A journey event's date must be YYYY-MM-DD: ${e.occurredOn}`);
      if (!e.source || !e.sourceRef) throw new Error('A journey event needs its source and sourceRef');
    }
    return q.upsertEvents(trx, events);
  }

  /** A child's events, oldest first. Read with the caller's executor to audit in the same transaction. */
  eventsOfChild(childId: string, executor: Kysely<Database> = this.deps.db): Promise<JourneyEvent[]> {
    return q.eventsOfChild(executor, childId);
  }
}
