/**
 * Each KPI on a small journey counted by hand. The period is 1 April to 30 June 2026 (both days
 * in); Good Friday (3 April), Easter Monday (6 April) and the early May bank holiday (4 May) fall
 * inside the working-day windows. Children A–H; districts North and South.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkingDayCalendar, shippedBankHolidays } from '../../platform/calendar/index.ts';
import { type TestDatabase, createTestDatabase } from '../../platform/testing/database.ts';
import { type KpiFigure, computeKpis, nineMonthsBefore, recordsBehind } from './kpis.ts';
import { JourneyService } from './service.ts';
import type { JourneyEventInput } from './types.ts';

const PERIOD = { from: '2026-04-01', to: '2026-06-30' };

describe('the KPIs on a hand-counted journey', () => {
  let database: TestDatabase;
  let calendar: WorkingDayCalendar;
  let figures: KpiFigure[];
  let north: number;
  let south: number;
  const child: Record<string, string> = {};

  const overall = (id: string) => figures.find((f) => f.id === id && f.by === undefined)!;
  const group = (id: string, by: string, g: string | null) =>
    figures.find((f) => f.id === id && f.by === by && f.group === g);

  beforeAll(async () => {
    database = await createTestDatabase();
    const db = database.db;
    calendar = new WorkingDayCalendar(shippedBankHolidays().map((h) => h.date));
    const districts = await db
      .insertInto('district')
      .values([
        { code: 'NORTH', name: 'Northvale' },
        { code: 'SOUTH', name: 'Southmere' },
      ])
      .returning('id')
      .execute();
    north = districts[0]!.id;
    south = districts[1]!.id;
    const names = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
    const ids = await db
      .insertInto('child')
      .values(
        names.map((n, k) => ({
          givenName: `Kpi${n}`,
          familyName: 'Journeytest',
          dateOfBirth: `2015-01-0${k + 1}`,
          sex: 'unknown' as const,
        })),
      )
      .returning('id')
      .execute();
    names.forEach((n, k) => {
      child[n] = ids[k]!.id;
    });
    await db
      .insertInto('journeyPopulation')
      .values([
        { districtId: north, year: 2024, children: 10_000 },
        { districtId: north, year: 2026, children: 20_000 },
        { districtId: south, year: 2025, children: 5_000 },
        { districtId: south, year: 2027, children: 99_999 },
      ])
      .execute();

    let n = 0;
    const ev = (
      who: string,
      kind: JourneyEventInput['kind'],
      on: string,
      extra: Partial<JourneyEventInput> = {},
    ): JourneyEventInput => ({
      childId: child[who]!,
      kind,
      occurredOn: on,
      source: 'front-door',
      sourceRef: `X${++n}`,
      ...extra,
    });
    const events: JourneyEventInput[] = [
      // Contacts: the first and last days are in; the days either side are not.
      ev('A', 'contact', '2026-04-01', { sourceAgency: 'school', districtId: north }),
      ev('A', 'contact', '2026-06-30', { sourceAgency: 'school', districtId: north }),
      ev('B', 'contact', '2026-03-31', { sourceAgency: 'school' }),
      ev('B', 'contact', '2026-07-01', { sourceAgency: 'school' }),
      ev('C', 'contact', '2026-05-10', { sourceAgency: 'police', districtId: south }),
      // Referrals. R1: NFA on the referral; another referral exactly 365 days before (a re-referral).
      ev('A', 'referral', '2026-04-01', {
        sourceRef: 'R1',
        sourceAgency: 'school',
        districtId: north,
        details: { nfa: true, receivedAt: '2026-04-01T09:00:00Z' },
      }),
      ev('A', 'decision', '2026-04-02', { sourceRef: 'R1', episodeRef: 'R1' }),
      ev('A', 'referral', '2025-04-01', { sourceRef: 'R2', sourceAgency: 'school' }),
      // R3: NFA by its decision, received the day before Easter: decided on the next working day (7 April).
      ev('B', 'referral', '2026-04-02', {
        sourceRef: 'R3',
        sourceAgency: 'police',
        districtId: south,
        details: { receivedAt: '2026-04-02T16:00:00Z' },
      }),
      ev('B', 'decision', '2026-04-07', { sourceRef: 'R3', episodeRef: 'R3', details: { nfa: true } }),
      // R4: 366 days before R3, so R3 is not a re-referral.
      ev('B', 'referral', '2025-04-01', { sourceRef: 'R4', sourceAgency: 'police' }),
      // R5 (received 00:30 London time on 30 June) decided two days later: late. R6 never decided.
      ev('C', 'referral', '2026-06-30', {
        sourceRef: 'R5',
        sourceAgency: 'school',
        districtId: south,
        details: { receivedAt: '2026-06-29T23:30:00Z' },
      }),
      ev('C', 'decision', '2026-07-02', { sourceRef: 'R5', episodeRef: 'R5' }),
      ev('C', 'referral', '2026-06-01', { sourceRef: 'R6', sourceAgency: 'school', districtId: south }),
      // Assessments. From Monday 2 March the 45th working day is 7 May (three bank holidays in between).
      ev('A', 'assessment_authorised', '2026-05-07', {
        sourceRef: 'AS1',
        details: { startedOn: '2026-03-02' },
      }),
      ev('B', 'assessment_authorised', '2026-05-08', {
        sourceRef: 'AS2',
        details: { startedOn: '2026-03-02' },
      }),
      ev('C', 'assessment_start', '2026-04-01', { sourceRef: 'AS3' }),
      ev('C', 'assessment_authorised', '2026-04-10', { sourceRef: 'AS3' }),
      ev('D', 'assessment_authorised', '2026-03-31', {
        sourceRef: 'AS4',
        details: { startedOn: '2026-03-02' },
      }),
      // Strategy discussions: SD1 quorate; SD2 without health, and another for E 363 days before.
      ev('D', 'strategy_discussion', '2026-04-09', {
        sourceRef: 'SD1',
        episodeRef: 'SD1',
        details: { quorate: true },
      }),
      ev('E', 'strategy_discussion', '2026-06-29', {
        sourceRef: 'SD2',
        episodeRef: 'SD2',
        details: { attendingAgencies: ['social_care', 'police'] },
      }),
      ev('E', 'strategy_discussion', '2025-07-01', {
        sourceRef: 'SD3',
        episodeRef: 'SD3',
        details: { quorate: true },
      }),
      // Section 47: one led to an ICPC, one did not (yet); one before the period.
      ev('D', 'section47', '2026-04-10', { sourceRef: 'S1', episodeRef: 'SD1' }),
      ev('E', 'section47', '2026-06-30', { sourceRef: 'S2', episodeRef: 'SD2' }),
      ev('E', 'section47', '2026-03-01', { sourceRef: 'S3', episodeRef: 'SD3' }),
      // ICPCs: I1 on the 15th working day after SD1 (30 April), resulting in a plan; I2 a day late
      // (from 27 April the 15th working day is 19 May, across the May bank holiday).
      ev('D', 'icpc', '2026-04-30', {
        sourceRef: 'I1',
        episodeRef: 'SD1',
        details: { resultedInPlan: true },
      }),
      ev('F', 'icpc', '2026-05-20', {
        sourceRef: 'I2',
        details: { strategyDiscussionOn: '2026-04-27', resultedInPlan: false },
      }),
      // Plans.
      ev('D', 'cp_plan_start', '2026-04-30', {
        sourceRef: 'P1',
        districtId: north,
        details: { category: 'neglect', previousPlans: 0 },
      }),
      ev('G', 'cp_plan_start', '2025-09-30', {
        sourceRef: 'P2',
        districtId: north,
        details: { category: 'physical' },
      }),
      ev('H', 'cp_plan_start', '2025-09-29', {
        sourceRef: 'P3',
        districtId: south,
        details: { category: 'emotional' },
      }),
      ev('F', 'cp_plan_start', '2025-01-10', {
        sourceRef: 'P4',
        districtId: south,
        details: { category: 'neglect' },
      }),
      ev('F', 'cp_plan_end', '2026-06-30', { sourceRef: 'P4', districtId: south }),
      ev('F', 'cp_plan_start', '2026-06-30', {
        sourceRef: 'P5',
        districtId: south,
        details: { category: 'sexual' },
      }),
      ev('E', 'cp_plan_start', '2026-05-01', {
        sourceRef: 'P6',
        districtId: south,
        details: { category: 'neglect', previousPlans: 2 },
      }),
      ev('E', 'cp_plan_end', '2026-07-01', { sourceRef: 'P6', districtId: south }),
      // Children in need, looked after, care leavers.
      ev('A', 'cin_start', '2026-01-01', { sourceRef: 'CIN1' }),
      ev('A', 'cin_end', '2026-06-30', { sourceRef: 'CIN1' }),
      ev('B', 'cin_start', '2026-06-30', { sourceRef: 'CIN2' }),
      ev('C', 'cin_start', '2020-05-01', { sourceRef: 'CIN3' }),
      ev('G', 'cla_start', '2026-07-01', { sourceRef: 'CLA1' }),
      ev('H', 'cla_start', '2024-01-01', { sourceRef: 'CLA2', districtId: south }),
      ev('H', 'cla_end', '2026-07-01', { sourceRef: 'CLA2' }),
      ev('A', 'care_leaver', '2025-05-01', { sourceRef: 'CL1' }),
      ev('B', 'care_leaver', '2026-07-01', { sourceRef: 'CL2' }),
      ev('C', 'care_leaver', '2020-01-01', { sourceRef: 'CL3', details: { endedOn: '2026-06-30' } }),
    ];
    await db
      .transaction()
      .execute((trx) => new JourneyService({ db, calendar: () => calendar }).recordEventsInTrx(trx, events));
    figures = await computeKpis(db, calendar, PERIOD);
  });
  afterAll(() => database.close());

  const expectFigure = (id: string, numerator: number, denominator: number | null, value: number | null) => {
    const f = overall(id);
    expect({ id: f.id, numerator: f.numerator, denominator: f.denominator }).toEqual({
      id,
      numerator,
      denominator,
    });
    if (value === null) expect(f.value).toBeNull();
    else expect(f.value).toBeCloseTo(value, 10);
  };

  it('counts contacts and referrals with both ends of the period in', () => {
    expectFigure('contacts', 3, null, 3);
    expectFigure('referrals', 4, null, 4);
    expectFigure('referral_rate_from_contacts', 4, 3, 4 / 3);
  });

  it('counts NFA on the referral or its decision, and re-referrals 365 days back but not 366', () => {
    expectFigure('referrals_nfa', 2, 4, 0.5);
    expectFigure('re_referrals_12m', 2, 4, 0.5);
  });

  it('counts the 45 working days of an assessment across Easter and the May bank holiday', () => {
    expectFigure('assessments_within_45wd', 2, 3, 2 / 3);
  });

  it('counts section 47 enquiries with an ICPC, and ICPCs within 15 working days and resulting in a plan', () => {
    expectFigure('s47_to_icpc', 1, 2, 0.5);
    expectFigure('icpc_within_15wd', 1, 2, 0.5);
    expectFigure('icpc_to_cp_plan', 1, 2, 0.5);
  });

  it('counts plans started, repeat plans, plans open at the end and over 9 months, and plans ended', () => {
    expectFigure('cp_plans_started', 3, null, 3);
    expectFigure('repeat_cp_plans', 2, 3, 2 / 3);
    expectFigure('cp_plans_at_end', 5, null, 5);
    expectFigure('cp_plans_open_over_9m', 1, 5, 0.2);
    expectFigure('cp_plans_ended', 1, null, 1);
  });

  it('gives rates per 10,000 children with the latest population on or before the period’s end', () => {
    expectFigure('cp_rate_per_10k', 5, 25_000, 2);
    expectFigure('cla_rate_per_10k', 1, 25_000, 0.4);
    expect(group('cp_rate_per_10k', 'district', String(north))).toMatchObject({
      numerator: 2,
      denominator: 20_000,
    });
    const southRate = group('cp_rate_per_10k', 'district', String(south))!;
    expect(southRate).toMatchObject({ numerator: 3, denominator: 5_000 });
    expect(southRate.value).toBeCloseTo(6, 10);
  });

  it('counts children in need, looked after and care leavers held at the end', () => {
    expectFigure('cin_at_end', 2, null, 2);
    expectFigure('cla_at_end', 1, null, 1);
    expectFigure('care_leavers', 1, null, 1);
  });

  it('counts decisions within the next working day of receipt, among the referrals decided', () => {
    expectFigure('decisions_within_1wd', 2, 3, 2 / 3);
  });

  it('counts quorate and repeat strategy discussions', () => {
    expectFigure('strategy_discussions_quorate', 1, 2, 0.5);
    expectFigure('repeat_strategy_discussions', 1, 2, 0.5);
  });

  it('breaks figures down by source agency, district and plan category under the same id', () => {
    expect(group('referrals', 'source_agency', 'school')).toMatchObject({ numerator: 3, value: 3 });
    expect(group('referrals', 'source_agency', 'police')).toMatchObject({ numerator: 1 });
    expect(group('referral_rate_from_contacts', 'source_agency', 'police')).toMatchObject({
      numerator: 1,
      denominator: 1,
      value: 1,
    });
    expect(group('contacts', 'district', String(north))).toMatchObject({ numerator: 2 });
    expect(group('contacts', 'district', String(south))).toMatchObject({ numerator: 1 });
    expect(group('contacts', 'district', null)).toBeUndefined();
    expect(group('cp_plans_at_end', 'category', 'neglect')).toMatchObject({ numerator: 2 });
    expect(group('cp_plans_at_end', 'category', 'sexual')).toMatchObject({ numerator: 1 });
    expect(group('cp_plans_started', 'district', String(south))).toMatchObject({ numerator: 2 });
    // Every id appears once without a breakdown, in the table's order.
    expect(figures.filter((f) => f.by === undefined).map((f) => f.id)).toHaveLength(23);
  });

  it('lists the records behind a figure, flagged numerator or not', async () => {
    const records = await recordsBehind(database.db, calendar, PERIOD, 'decisions_within_1wd');
    expect(records.map((r) => [r.occurredOn, r.num, r.dueOn])).toEqual([
      ['2026-04-01', true, '2026-04-02'],
      ['2026-04-02', true, '2026-04-07'],
      ['2026-06-30', false, '2026-07-01'],
    ]);
    const open = await recordsBehind(database.db, calendar, PERIOD, 'cp_plans_open_over_9m');
    expect(open.filter((r) => r.num).map((r) => r.childId)).toEqual([child.H]);
  });

  it('counts the same on the dashboard as in the records behind each figure', async () => {
    for (const f of figures.filter((x) => x.by === undefined)) {
      const records = await recordsBehind(database.db, calendar, PERIOD, f.id);
      const num = new Set(records.filter((r) => r.num).map((r) => r.unit)).size;
      const den = new Set(records.filter((r) => r.den).map((r) => r.unit)).size;
      expect({ id: f.id, num }).toEqual({ id: f.id, num: f.numerator });
      if (f.denominator !== null && !f.id.endsWith('_per_10k'))
        expect({ id: f.id, den }).toEqual({ id: f.id, den: f.denominator });
    }
  });

  it('gives null for a proportion with nothing to divide by, and 0 for a count', async () => {
    const empty = await computeKpis(
      database.db,
      calendar,
      { from: '2030-01-01', to: '2030-01-31' },
      { breakdowns: false },
    );
    const f = (id: string) => empty.find((x) => x.id === id)!;
    expect(f('referrals')).toEqual({ id: 'referrals', numerator: 0, denominator: null, value: 0 });
    expect(f('referrals_nfa')).toEqual({ id: 'referrals_nfa', numerator: 0, denominator: 0, value: null });
    expect(f('decisions_within_1wd')).toEqual({
      id: 'decisions_within_1wd',
      numerator: 0,
      denominator: 0,
      value: null,
    });
    // Plans still open in 2030 are counted, over the latest population entered (2026 and 2027).
    expect(f('cp_plans_at_end').numerator).toBe(4);
    expect(f('cp_rate_per_10k')).toMatchObject({ numerator: 4, denominator: 119_999 });
  });

  it('keeps the figures until the journey’s data changes, for every process', async () => {
    const db = database.db;
    const journey = new JourneyService({ db, calendar: () => calendar });
    const otherProcess = new JourneyService({ db, calendar: () => calendar });
    const period = { from: '2031-01-01', to: '2031-01-31' };
    const contacts = async (service: JourneyService) =>
      (await service.kpis(period, { breakdowns: false })).find((f) => f.id === 'contacts')!.numerator;
    const contact = (ref: string, on: string): JourneyEventInput => ({
      childId: child.A!,
      kind: 'contact',
      occurredOn: on,
      source: 'front-door',
      sourceRef: ref,
    });
    const record = (events: JourneyEventInput[]) =>
      db.transaction().execute((trx) => journey.recordEventsInTrx(trx, events));
    const version = async () =>
      Number(
        (await sql<{ n: string }>`SELECT count(*) AS n FROM journey_data_change`.execute(db)).rows[0]!.n,
      );

    expect(await contacts(journey)).toBe(0);
    expect(await contacts(otherProcess)).toBe(0);
    // A write that does not move the version is not seen: the figures were kept, not recomputed.
    await sql`ALTER TABLE journey_event DISABLE TRIGGER journey_event_changed`.execute(db);
    await record([contact('KEPT-1', '2031-01-10')]);
    await sql`ALTER TABLE journey_event ENABLE TRIGGER journey_event_changed`.execute(db);
    expect(await contacts(journey)).toBe(0);
    // Any write moves it, and every process counts afresh.
    await record([contact('KEPT-2', '2031-01-11')]);
    expect(await contacts(journey)).toBe(2);
    expect(await contacts(otherProcess)).toBe(2);
    // So do the population and a correction to an event.
    let before = await version();
    await db.updateTable('journeyPopulation').set({ children: 10_001 }).where('year', '=', 2024).execute();
    expect(await version()).toBeGreaterThan(before);
    before = await version();
    await db
      .updateTable('journeyEvent')
      .set({ occurredOn: '2031-02-01' })
      .where('sourceRef', '=', 'KEPT-2')
      .execute();
    expect(await version()).toBeGreaterThan(before);
    expect(await contacts(journey)).toBe(1);
    // New bank holidays (another calendar) are counted with, never the figures kept for the old one:
    // with a write the version does not see, the old calendar's figures are kept, the new one's fresh.
    await sql`ALTER TABLE journey_event DISABLE TRIGGER journey_event_changed`.execute(db);
    await record([contact('KEPT-3', '2031-01-12')]);
    await sql`ALTER TABLE journey_event ENABLE TRIGGER journey_event_changed`.execute(db);
    const withHolidays = new JourneyService({
      db,
      calendar: () => new WorkingDayCalendar([...shippedBankHolidays().map((h) => h.date), '2031-01-13']),
    });
    expect(await contacts(journey)).toBe(1);
    expect(await contacts(withHolidays)).toBe(2);
    // Each caller has its own copy.
    const first = await journey.kpis(period, { breakdowns: false });
    first[0]!.numerator = 999;
    expect((await journey.kpis(period, { breakdowns: false }))[0]!.numerator).not.toBe(999);
  });

  // Two connections: only a PostgreSQL server has them (the embedded database runs one at a time).
  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    'lets a writer of events go on while an import holds its transaction open',
    async () => {
      const db = database.db;
      const journey = new JourneyService({ db, calendar: () => calendar });
      const event = (ref: string): JourneyEventInput => ({
        childId: child.B!,
        kind: 'contact',
        occurredOn: '2031-03-01',
        source: 'front-door',
        sourceRef: ref,
      });
      let releaseImport!: () => void;
      const importHeld = new Promise<void>((resolve) => {
        releaseImport = resolve;
      });
      let importWrote!: () => void;
      const wrote = new Promise<void>((resolve) => {
        importWrote = resolve;
      });
      const importing = db.transaction().execute(async (trx) => {
        await journey.recordEventsInTrx(trx, [event('OPEN-IMPORT')]);
        importWrote();
        await importHeld;
      });
      await wrote;
      const decided = db.transaction().execute((trx) => journey.recordEventsInTrx(trx, [event('DECISION')]));
      const inTime = await Promise.race([
        decided.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000)),
      ]);
      releaseImport();
      await Promise.all([importing, decided]);
      expect(inTime).toBe(true);
    },
  );

  it('times assessments from the referral, and threshold decisions on every referral, as the front door records them', async () => {
    const db = database.db;
    const journey = new JourneyService({ db, calendar: () => calendar });
    const quarter = { from: '2027-01-01', to: '2027-03-31' };
    // As front-door/journey-events.ts records them: a contact per child on receipt; a decision; a
    // referral event too when the threshold was met, under the same episode.
    const form = (who: string, id: number, receivedAt: string) => ({
      childId: child[who]!,
      source: 'front-door',
      episodeRef: `referral:${id}`,
      sourceRef: `referral:${id}:${who}`,
      occurredOn: receivedAt.slice(0, 10),
      details: { receivedAt },
    });
    const decided = (who: string, id: number, decidedAt: string): JourneyEventInput => ({
      childId: child[who]!,
      kind: 'decision',
      source: 'front-door',
      episodeRef: `referral:${id}`,
      sourceRef: `referral:${id}:${who}`,
      occurredOn: decidedAt.slice(0, 10),
      details: { decidedAt },
    });
    await db.transaction().execute((trx) =>
      journey.recordEventsInTrx(trx, [
        // 91: received Monday 4 January 2027, met the threshold on the 5th; the assessment, started
        // on the 5th, authorised Tuesday 9 March. 45 working days from the referral end on Monday
        // 8 March (from the assessment's start they would end on the 9th): late.
        { ...form('G', 91, '2027-01-04T10:00:00.000Z'), kind: 'contact' },
        decided('G', 91, '2027-01-05T11:00:00.000Z'),
        { ...form('G', 91, '2027-01-04T10:00:00.000Z'), kind: 'referral' },
        {
          childId: child.G!,
          kind: 'assessment_start',
          source: 'front-door',
          episodeRef: 'referral:91',
          sourceRef: 'assessment:91',
          occurredOn: '2027-01-05',
        },
        {
          childId: child.G!,
          kind: 'assessment_authorised',
          source: 'front-door',
          episodeRef: 'referral:91',
          sourceRef: 'assessment:91',
          occurredOn: '2027-03-09',
          details: { startedOn: '2027-01-05' },
        },
        // 92: received Wednesday 6 January, no further action on the 7th: decided in time.
        { ...form('H', 92, '2027-01-06T15:00:00.000Z'), kind: 'contact' },
        decided('H', 92, '2027-01-07T11:00:00.000Z'),
        // 93: received Friday 8 January, no further action on Tuesday the 12th: late (due Monday).
        { ...form('G', 93, '2027-01-08T09:00:00.000Z'), kind: 'contact' },
        decided('G', 93, '2027-01-12T09:00:00.000Z'),
      ]),
    );
    const q = await computeKpis(db, calendar, quarter, { breakdowns: false });
    const f = (id: string) => q.find((x) => x.id === id)!;
    expect(f('assessments_within_45wd')).toMatchObject({ numerator: 0, denominator: 1 });
    const assessed = await recordsBehind(db, calendar, quarter, 'assessments_within_45wd');
    expect(assessed.map((r) => [r.occurredOn, r.num, r.dueOn])).toEqual([
      ['2027-03-09', false, '2027-03-08'],
    ]);
    // Every referral the front door decided, met or not, and referral 91 once.
    expect(f('decisions_within_1wd')).toMatchObject({ numerator: 2, denominator: 3 });
    const decisions = await recordsBehind(db, calendar, quarter, 'decisions_within_1wd');
    expect(decisions.map((r) => [r.occurredOn, r.num, r.dueOn])).toEqual([
      ['2027-01-04', true, '2027-01-05'],
      ['2027-01-06', true, '2027-01-07'],
      ['2027-01-08', false, '2027-01-11'],
    ]);
  });

  it('times CP reviews: the first 3 months after the plan starts, then 6 months after the last', async () => {
    const db = database.db;
    const journey = new JourneyService({ db, calendar: () => calendar });
    const year = { from: '2027-01-01', to: '2027-12-31' };
    const e = (
      who: string,
      kind: JourneyEventInput['kind'],
      on: string,
      sourceRef: string,
      episodeRef?: string,
    ): JourneyEventInput => ({
      childId: child[who]!,
      kind,
      occurredOn: on,
      source: 'front-door',
      sourceRef,
      ...(episodeRef ? { episodeRef } : {}),
    });
    await db.transaction().execute((trx) =>
      journey.recordEventsInTrx(trx, [
        // RP1 from 30 November 2026: first review due 28 February 2027 (held then: in time); the
        // next due 28 August (held the 29th: late).
        e('A', 'cp_plan_start', '2026-11-30', 'RP1'),
        e('A', 'cp_review', '2027-02-28', 'RP1:1', 'RP1'),
        e('A', 'cp_review', '2027-08-29', 'RP1:2', 'RP1'),
        // RP2 from 15 January 2027: first review due 15 April, held the 16th: late.
        e('B', 'cp_plan_start', '2027-01-15', 'RP2'),
        e('B', 'cp_review', '2027-04-16', 'RP2:1', 'RP2'),
        // A review whose plan is not on record: no due date, so late.
        e('C', 'cp_review', '2027-05-01', 'RP9:1', 'RP9'),
      ]),
    );
    const q = await computeKpis(db, calendar, year, { breakdowns: false });
    expect(q.find((x) => x.id === 'cp_reviews_in_time')).toMatchObject({ numerator: 1, denominator: 4 });
    const behind = await recordsBehind(db, calendar, year, 'cp_reviews_in_time');
    expect(behind.filter((r) => r.num).map((r) => r.occurredOn)).toEqual(['2027-02-28']);
    expect(behind.filter((r) => r.den)).toHaveLength(4);
  });

  it('takes 9 calendar months back from month ends', () => {
    expect(nineMonthsBefore('2026-06-30')).toBe('2025-09-30');
    expect(nineMonthsBefore('2026-11-30')).toBe('2026-02-28');
    expect(nineMonthsBefore('2024-11-30')).toBe('2024-02-29');
    expect(nineMonthsBefore('2026-12-31')).toBe('2026-03-31');
  });
});
