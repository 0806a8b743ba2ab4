/**
 * Case finding on a hand-counted fixture: the same events through the pure rule and through the
 * database (PGlite, or PostgreSQL when TEST_DATABASE_URL is set). Period 1 April – 30 June 2026.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../platform/db/client.ts';
import { type TestDatabase, createTestDatabase } from '../../platform/testing/database.ts';
import { type CaseFindingEvent, findCases, findCasesInJourney } from './case-finding.ts';
import { JourneyService } from './service.ts';
import type { JourneyEventInput, JourneyEventKind } from './types.ts';

const PERIOD = { from: '2026-04-01', to: '2026-06-30' };
const CHILDREN = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
type Letter = (typeof CHILDREN)[number];

/** The fixture, child by child; the comments are the hand count. */
const FIXTURE: {
  child: Letter;
  kind: JourneyEventKind;
  on: string;
  episode?: string;
  category?: 'neglect' | 'emotional';
}[] = [
  // A: discussion on the first day of the period, no section 47 → without s47 ✓. An earlier one
  // exactly 12 months before → repeat ✓. A plan on the first day (emotional) → plan ✓.
  { child: 'A', kind: 'strategy_discussion', on: '2026-04-01', episode: 'EA1' },
  { child: 'A', kind: 'strategy_discussion', on: '2025-04-01', episode: 'EA0' },
  { child: 'A', kind: 'cp_plan_start', on: '2026-04-01', category: 'emotional' },
  // B: discussion on the last day, with its section 47 → without s47 ✗. The earlier one is 12
  // months and a day before → repeat ✗. A neglect plan on the last day → plan ✓ (emotional ✗).
  { child: 'B', kind: 'strategy_discussion', on: '2026-06-30', episode: 'EB1' },
  { child: 'B', kind: 'section47', on: '2026-06-30', episode: 'EB1' },
  { child: 'B', kind: 'strategy_discussion', on: '2025-06-29', episode: 'EB0' },
  { child: 'B', kind: 'cp_plan_start', on: '2026-06-30', category: 'neglect' },
  // C: discussions the day before and the day after the period → ✗ everywhere; plan after → ✗.
  { child: 'C', kind: 'strategy_discussion', on: '2026-03-31', episode: 'EC1' },
  { child: 'C', kind: 'strategy_discussion', on: '2026-07-01', episode: 'EC2' },
  { child: 'C', kind: 'cp_plan_start', on: '2026-07-01', category: 'emotional' },
  // D: two discussions in the period, the first with its section 47, the second without →
  // without s47 ✓ (20 May only); repeat ✓ (20 May after 10 May).
  { child: 'D', kind: 'strategy_discussion', on: '2026-05-10', episode: 'ED1' },
  { child: 'D', kind: 'section47', on: '2026-05-11', episode: 'ED1' },
  { child: 'D', kind: 'strategy_discussion', on: '2026-05-20', episode: 'ED2' },
  // E: a discussion with no episode reference (its own reference is its episode) and a section 47
  // of another episode → without s47 ✓.
  { child: 'E', kind: 'strategy_discussion', on: '2026-06-15' },
  { child: 'E', kind: 'section47', on: '2026-06-16', episode: 'EX' },
  // F: a discussion whose episode reference another child's section 47 shares → without s47 ✓.
  { child: 'F', kind: 'strategy_discussion', on: '2026-05-01', episode: 'EF1' },
  { child: 'G', kind: 'section47', on: '2026-05-02', episode: 'EF1' },
  // G, H: early help and a plan before the period → ✗ (early help cannot be computed anyway).
  { child: 'G', kind: 'early_help_start', on: '2026-05-05' },
  { child: 'H', kind: 'cp_plan_start', on: '2026-03-31', category: 'emotional' },
];

const events = (ids: Record<Letter, string>): JourneyEventInput[] =>
  FIXTURE.map((e, i) => ({
    childId: ids[e.child],
    kind: e.kind,
    occurredOn: e.on,
    source: 'test',
    sourceRef: `${e.kind}-${i}`,
    episodeRef: e.episode ?? null,
    ...(e.category ? { details: { category: e.category } } : {}),
  }));

const asFound = (list: JourneyEventInput[]): CaseFindingEvent[] =>
  list.map((e) => ({
    childId: e.childId,
    kind: e.kind,
    occurredOn: e.occurredOn,
    sourceRef: e.sourceRef,
    episodeRef: e.episodeRef ?? null,
    ...(e.kind === 'cp_plan_start' ? { category: e.details?.category ?? null } : {}),
  }));

/** Each rule's hand count: the children in order of their first matching date, with those dates. */
function expectHandCounts(
  find: (
    rule: Parameters<typeof findCases>[0],
    options?: Parameters<typeof findCases>[3],
  ) => Promise<ReturnType<typeof findCases>>,
  id: (letter: Letter) => string,
) {
  const summary = async (...args: Parameters<typeof find>) =>
    (await find(...args)).cases.map((c) => ({
      childId: c.childId,
      dates: c.events.map((e) => e.occurredOn),
    }));

  it('strategy discussions without a section 47: A, F, D, E (bounds inclusive; same child and episode)', async () => {
    expect(await summary('strategy_discussion_without_section47')).toEqual([
      { childId: id('A'), dates: ['2026-04-01'] },
      { childId: id('F'), dates: ['2026-05-01'] },
      { childId: id('D'), dates: ['2026-05-20'] },
      { childId: id('E'), dates: ['2026-06-15'] },
    ]);
  });

  it('repeat strategy discussions within 12 months: A (exactly 12 months) and D; not B (12 months and a day)', async () => {
    expect(await summary('repeat_strategy_discussions')).toEqual([
      { childId: id('A'), dates: ['2025-04-01', '2026-04-01'] },
      { childId: id('D'), dates: ['2026-05-10', '2026-05-20'] },
    ]);
  });

  it('child protection plans started: A and B; of them emotional abuse, A', async () => {
    expect(await summary('cp_plan_started')).toEqual([
      { childId: id('A'), dates: ['2026-04-01'] },
      { childId: id('B'), dates: ['2026-06-30'] },
    ]);
    expect(await summary('cp_plan_started', { category: 'emotional' })).toEqual([
      { childId: id('A'), dates: ['2026-04-01'] },
    ]);
    const found = await find('cp_plan_started');
    expect(found.held).toBe('partly');
    expect(found.cases[0]!.events[0]!.category).toBe('emotional');
  });

  it('early help after domestic abuse and child protection medicals are not held: none found, entered by hand', async () => {
    for (const rule of ['early_help_after_domestic_abuse', 'cp_medical'] as const) {
      const found = await find(rule);
      expect(found.held).toBe('no');
      expect(found.cases).toEqual([]);
      expect(found.definition).toMatch(/entered by hand/);
    }
  });
}

describe('case finding, the rule itself', () => {
  const ids = Object.fromEntries(
    CHILDREN.map((c, i) => [c, `00000000-0000-4000-8000-00000000000${i}`]),
  ) as Record<Letter, string>;
  const fixture = asFound(events(ids));
  expectHandCounts(
    async (rule, options) => findCases(rule, PERIOD, fixture, options),
    (l) => ids[l],
  );

  it('refuses a period that ends before it starts', () => {
    expect(() => findCases('cp_plan_started', { from: '2026-05-01', to: '2026-04-30' }, [])).toThrow(
      RangeError,
    );
  });

  it('a one-day period counts that day', () => {
    const found = findCases(
      'strategy_discussion_without_section47',
      { from: '2026-05-20', to: '2026-05-20' },
      fixture,
    );
    expect(found.cases.map((c) => c.childId)).toEqual([ids.D]);
  });

  it('12 months from 29 February is 28 February', () => {
    const leap = findCases('repeat_strategy_discussions', { from: '2025-02-28', to: '2025-02-28' }, [
      {
        childId: ids.A,
        kind: 'strategy_discussion',
        occurredOn: '2024-02-28',
        sourceRef: 'x1',
        episodeRef: null,
      },
      {
        childId: ids.A,
        kind: 'strategy_discussion',
        occurredOn: '2025-02-28',
        sourceRef: 'x2',
        episodeRef: null,
      },
      {
        childId: ids.B,
        kind: 'strategy_discussion',
        occurredOn: '2024-02-27',
        sourceRef: 'x3',
        episodeRef: null,
      },
      {
        childId: ids.B,
        kind: 'strategy_discussion',
        occurredOn: '2025-02-28',
        sourceRef: 'x4',
        episodeRef: null,
      },
    ]);
    expect(leap.cases.map((c) => c.childId)).toEqual([ids.A]);
  });
});

/** Children straight into the child index (a test fixture only; the index is the children module's). */
async function addChildren(db: Db): Promise<Record<Letter, string>> {
  const rows = await db
    .insertInto('child')
    .values(
      CHILDREN.map((letter, k) => ({
        givenName: 'Casefinding',
        familyName: `Fixture${letter}`,
        dateOfBirth: `2015-0${1 + k}-10`,
        sex: 'female' as const,
      })),
    )
    .returning('id')
    .execute();
  return Object.fromEntries(CHILDREN.map((c, i) => [c, rows[i]!.id])) as Record<Letter, string>;
}

describe('case finding in the journey (the database)', () => {
  let database: TestDatabase;
  const ids = {} as Record<Letter, string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    Object.assign(ids, await addChildren(database.db));
    const journey = new JourneyService({
      db: database.db,
      calendar: () => {
        throw new Error('no calendar here');
      },
    });
    await database.db.transaction().execute((trx) => journey.recordEventsInTrx(trx, events(ids)));
  });
  afterAll(() => database.close());

  expectHandCounts(
    (rule, options) => findCasesInJourney(database.db, rule, PERIOD, options),
    (l) => ids[l],
  );
});
