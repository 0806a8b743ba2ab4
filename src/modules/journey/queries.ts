/** The journey module's SQL (Kysely, and raw SQL only where a set-based statement needs it). */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { JourneyEvent, JourneyEventInput, RecordSummary } from './types.ts';

/** Rows per statement: one JSON parameter each, parsed by PostgreSQL in one pass. */
const BATCH = 5000;

/**
 * Inserts events, or updates the one already recorded under the same (source, kind, sourceRef).
 * A row whose facts are unchanged is not touched at all, so importing a file again changes nothing
 * (not even updated_at). Within one call the last event of a key wins.
 */
export async function upsertEvents(
  executor: Kysely<Database>,
  events: readonly JourneyEventInput[],
): Promise<RecordSummary> {
  const byKey = new Map<string, JourneyEventInput>();
  for (const e of events) byKey.set(`${e.source}\u0000${e.kind}\u0000${e.sourceRef}`, e);
  const unique = [...byKey.values()];
  const summary: RecordSummary = { inserted: 0, updated: 0, unchanged: 0 };
  for (let i = 0; i < unique.length; i += BATCH) {
    const batch = unique.slice(i, i + BATCH);
    const rows = JSON.stringify(
      batch.map((e) => ({
        child_id: e.childId,
        kind: e.kind,
        occurred_on: e.occurredOn,
        source: e.source,
        source_ref: e.sourceRef,
        episode_ref: e.episodeRef ?? null,
        district_id: e.districtId ?? null,
        source_agency: e.sourceAgency ?? null,
        details: e.details ?? {},
      })),
    );
    const result = await sql<{ inserted: number; changed: number }>`
      WITH written AS (
      INSERT INTO journey_event
        (child_id, kind, occurred_on, source, source_ref, episode_ref, district_id, source_agency, details)
      SELECT child_id, kind, occurred_on, source, source_ref, episode_ref, district_id, source_agency, details
      FROM jsonb_to_recordset(${rows}::jsonb) AS i(
        child_id uuid, kind text, occurred_on date, source text, source_ref text,
        episode_ref text, district_id integer, source_agency text, details jsonb)
      ON CONFLICT (source, kind, source_ref) DO UPDATE SET
        child_id = excluded.child_id,
        occurred_on = excluded.occurred_on,
        episode_ref = excluded.episode_ref,
        district_id = excluded.district_id,
        source_agency = excluded.source_agency,
        details = excluded.details,
        updated_at = now()
      WHERE (journey_event.child_id, journey_event.occurred_on, journey_event.episode_ref,
             journey_event.district_id, journey_event.source_agency, journey_event.details)
        IS DISTINCT FROM
            (excluded.child_id, excluded.occurred_on, excluded.episode_ref,
             excluded.district_id, excluded.source_agency, excluded.details)
      RETURNING (xmax = 0) AS inserted)
      SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) AS changed FROM written`.execute(
      executor,
    );
    // Only the counts come back: a new row has xmax 0, an updated one does not.
    const inserted = Number(result.rows[0]?.inserted ?? 0);
    const changed = Number(result.rows[0]?.changed ?? 0);
    summary.inserted += inserted;
    summary.updated += changed - inserted;
    summary.unchanged += batch.length - changed;
  }
  return summary;
}

/** A child's events in the order they happened. */
export async function eventsOfChild(executor: Kysely<Database>, childId: string): Promise<JourneyEvent[]> {
  return executor
    .selectFrom('journeyEvent')
    .selectAll()
    .where('childId', '=', childId)
    .orderBy('occurredOn')
    .orderBy('id')
    .execute();
}
