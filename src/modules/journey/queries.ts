/** The journey module's SQL (Kysely, and raw SQL only where a set-based statement needs it). */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { JourneyEvent, JourneyEventInput, RecordSummary } from './types.ts';

/** Rows per statement: each column goes as one array parameter, unnested by the database in one pass. */
const BATCH = 10_000;

/**
 * Inserts events, or updates the one already recorded under the same (source, kind, sourceRef).
 * A row whose facts are unchanged is not touched at all, so importing a file again changes nothing
 * (not even updated_at). Within one call the last event of a key wins.
 *
 * Set-based: a batch is one statement whose columns are arrays (`unnest`), the same on PostgreSQL
 * and PGlite; only the counts come back (a new row has xmax 0, an updated one does not).
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
    const n = batch.length;
    const childId = new Array<string>(n);
    const kind = new Array<string>(n);
    const occurredOn = new Array<string>(n);
    const source = new Array<string>(n);
    const sourceRef = new Array<string>(n);
    const episodeRef = new Array<string | null>(n);
    const districtId = new Array<number | null>(n);
    const sourceAgency = new Array<string | null>(n);
    const details = new Array<string>(n);
    for (let k = 0; k < n; k++) {
      const e = batch[k]!;
      childId[k] = e.childId;
      kind[k] = e.kind;
      occurredOn[k] = e.occurredOn;
      source[k] = e.source;
      sourceRef[k] = e.sourceRef;
      episodeRef[k] = e.episodeRef ?? null;
      districtId[k] = e.districtId ?? null;
      sourceAgency[k] = e.sourceAgency ?? null;
      details[k] = e.details ? JSON.stringify(e.details) : '{}';
    }
    const result = await sql<{ inserted: number; changed: number }>`
      WITH written AS (
      INSERT INTO journey_event
        (child_id, kind, occurred_on, source, source_ref, episode_ref, district_id, source_agency, details)
      SELECT child_id, kind, occurred_on, source, source_ref, episode_ref, district_id, source_agency, details::jsonb
      FROM unnest(${childId}::uuid[], ${kind}::text[], ${occurredOn}::date[], ${source}::text[],
        ${sourceRef}::text[], ${episodeRef}::text[], ${districtId}::int[], ${sourceAgency}::text[],
        ${details}::text[])
        AS i(child_id, kind, occurred_on, source, source_ref, episode_ref, district_id, source_agency, details)
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
    const inserted = Number(result.rows[0]?.inserted ?? 0);
    const changed = Number(result.rows[0]?.changed ?? 0);
    summary.inserted += inserted;
    summary.updated += changed - inserted;
    summary.unchanged += n - changed;
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
