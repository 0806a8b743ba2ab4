import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, createTestDatabase } from '../../platform/testing/database.ts';
import { JourneyService } from './service.ts';
import type { Db } from '../../platform/db/client.ts';
import type { JourneyEventInput } from './types.ts';

/** Adds `n` synthetic children straight into the child index (tests only) and returns their ids. */
async function addTestChildren(db: Db, n: number, districtId: number | null = null): Promise<string[]> {
  const rows = Array.from({ length: n }, (_, k) => ({
    givenName: ['Noah', 'Isla', 'Leo', 'Freya', 'Arlo', 'Maya'][k % 6]!,
    familyName: `Journeytest${String.fromCharCode(65 + (k % 26))}${Math.floor(k / 26)}`,
    dateOfBirth: `${2010 + (k % 8)}-0${1 + (k % 9)}-1${k % 10}`,
    sex: (k % 2 ? 'female' : 'male') as 'female' | 'male',
    districtId,
  }));
  // The child index is the children module's: only this test fixture writes it directly.
  const ids = await db.insertInto('child').values(rows).returning('id').execute();
  return ids.map((r) => r.id);
}

describe('recording journey events', () => {
  let database: TestDatabase;
  let journey: JourneyService;
  let amira: string;
  let ben: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    journey = new JourneyService({
      db: database.db,
      calendar: () => {
        throw new Error('no calendar here');
      },
    });
    [amira, ben] = (await addTestChildren(database.db, 2)) as [string, string];
  });
  afterAll(() => database.close());

  const referral = (child: string, ref: string, on: string, extra: Partial<JourneyEventInput> = {}) =>
    ({
      childId: child,
      kind: 'referral',
      occurredOn: on,
      source: 'front-door',
      sourceRef: ref,
      episodeRef: ref,
      sourceAgency: 'school',
      details: { receivedAt: `${on}T09:00:00Z` },
      ...extra,
    }) satisfies JourneyEventInput;

  it('inserts new events, and recording them again changes nothing', async () => {
    const events = [referral(amira, 'R1', '2026-03-02'), referral(ben, 'R2', '2026-03-03')];
    const first = await database.db.transaction().execute((trx) => journey.recordEventsInTrx(trx, events));
    expect(first).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    const before = await journey.eventsOfChild(amira);
    const again = await database.db.transaction().execute((trx) => journey.recordEventsInTrx(trx, events));
    expect(again).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
    const after = await journey.eventsOfChild(amira);
    expect(after).toEqual(before);
    expect(after[0]!.updatedAt).toEqual(before[0]!.updatedAt);
  });

  it('updates the event of the same source, kind and reference instead of duplicating it', async () => {
    const changed = referral(amira, 'R1', '2026-03-04', { details: { nfa: true } });
    const summary = await database.db
      .transaction()
      .execute((trx) => journey.recordEventsInTrx(trx, [changed]));
    expect(summary).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    const events = await journey.eventsOfChild(amira);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      occurredOn: '2026-03-04',
      details: { nfa: true },
      sourceAgency: 'school',
    });
  });

  it('keeps the same reference apart across kinds and sources, and the last of a batch wins', async () => {
    const decision: JourneyEventInput = {
      childId: amira,
      kind: 'decision',
      occurredOn: '2026-03-05',
      source: 'front-door',
      sourceRef: 'R1',
      episodeRef: 'R1',
    };
    const imported = referral(amira, 'R1', '2026-01-10', { source: 'annex-a' });
    const summary = await database.db
      .transaction()
      .execute((trx) =>
        journey.recordEventsInTrx(trx, [decision, imported, { ...imported, occurredOn: '2026-01-11' }]),
      );
    expect(summary).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    const events = await journey.eventsOfChild(amira);
    expect(events.map((e) => [e.occurredOn, e.source, e.kind])).toEqual([
      ['2026-01-11', 'annex-a', 'referral'],
      ['2026-03-04', 'front-door', 'referral'],
      ['2026-03-05', 'front-door', 'decision'],
    ]);
  });

  it('rolls back with the caller’s transaction, and refuses an unknown kind or a bad date', async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await journey.recordEventsInTrx(trx, [referral(ben, 'R9', '2026-04-01')]);
        throw new Error('the front door’s own write failed');
      }),
    ).rejects.toThrow('failed');
    expect((await journey.eventsOfChild(ben)).map((e) => e.sourceRef)).toEqual(['R2']);
    await expect(
      journey.recordEventsInTrx(database.db, [
        { ...referral(ben, 'R8', '2026-04-01'), kind: 'visit' as never },
      ]),
    ).rejects.toThrow('kind');
    await expect(journey.recordEventsInTrx(database.db, [referral(ben, 'R8', '1/4/2026')])).rejects.toThrow(
      'YYYY-MM-DD',
    );
  });
});
