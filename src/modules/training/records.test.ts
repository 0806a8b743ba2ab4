/**
 * The records behind the training's yearly-report figures: on a small fixture counted by hand
 * (sessions on both edges of the year in London time, a cancelled session, a cancelled booking),
 * each figure's page lists as many places as it counts; for the business unit only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../platform/logging/logger.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import { trainingModule } from './index.ts';

const period = { from: '2025-04-01', to: '2026-03-31' };

const recordsOf = (body: string) => {
  const table = /<table[^>]*id="records"[\s\S]*?<\/table>/.exec(body)?.[0] ?? '';
  const tbody = /<tbody[\s\S]*?<\/tbody>/.exec(table)?.[0] ?? '';
  return {
    rows: (tbody.match(/<tr class="govuk-table__row"/g) ?? []).length,
    stated: Number(/id="records-count">(\d+)</.exec(body)?.[1]),
  };
};

describe('the records behind the training figures', () => {
  let t: TestApp;
  let admin: TestClient;

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' }, logger: createLogger('error') });
    await seedSmallPartnership(t.db);
    const course = (code: string, title: string, core: boolean) => ({
      code,
      title,
      description: 'D',
      audience: 'All',
      learningOutcomes: 'L',
      core,
    });
    const courses = await t.db
      .insertInto('trainingCourse')
      .values([course('CORE', 'Working Together', true), course('EXTRA', 'Neglect toolkit', false)])
      .returning('id')
      .execute();
    const session = (c: number, startsAt: string, status: 'scheduled' | 'cancelled' = 'scheduled') => {
      const start = new Date(startsAt);
      return {
        courseId: courses[c]!.id,
        startsAt: start,
        endsAt: new Date(start.getTime() + 3_600_000),
        venue: 'Hall',
        capacity: 20,
        bookingDeadline: start,
        cancelDeadline: start,
        status,
      };
    };
    const sessions = await t.db
      .insertInto('trainingSession')
      .values([
        session(0, '2025-03-31T23:30:00Z'), // London 1 April 2025: in
        session(0, '2026-03-31T23:30:00Z'), // London 1 April 2026: after
        session(1, '2026-03-31T22:00:00Z'), // London 31 March 2026, 23:00: in
        session(1, '2025-06-01T09:00:00Z', 'cancelled'), // cancelled: never counted
      ])
      .returning('id')
      .execute();
    let n = 0;
    const booking = (
      s: number,
      attendance: 'attended' | 'did_not_attend' | 'cancelled_late' | null,
      status: 'booked' | 'cancelled' = 'booked',
    ) => ({
      sessionId: sessions[s]!.id,
      status,
      attendance,
      givenName: 'Pat',
      familyName: `Practitioner ${++n}`,
      email: `p${n}@example.org`,
      organisationName: 'Oakfield',
      agencyKind: 'school',
      linkSalt: 'salt',
    });
    await t.db
      .insertInto('trainingBooking')
      .values([
        booking(0, 'attended'),
        booking(0, 'attended'),
        booking(0, 'did_not_attend'),
        booking(0, null), // not marked
        booking(0, null, 'cancelled'),
        booking(1, 'attended'), // after the year
        booking(2, 'attended'),
        booking(2, 'cancelled_late'),
        booking(3, 'attended'), // cancelled session
      ])
      .execute();
    const user = await createTestUser(t.db, 'partnership_admin');
    admin = new TestClient(t.app);
    await admin.signIn(user.email, user.password);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lists, for each figure, the places it counts (hand count)', async () => {
    const section = await trainingModule.reportSection!(t.services, period);
    const byLabel = Object.fromEntries(section.figures.map((f) => [f.label, f]));
    // [label, value, rows on the linked page]
    const hand: [string, number | string, number][] = [
      ['Practitioners who attended the core training events', 2, 2],
      ['Neglect toolkit: attended (sessions)', '1 (1)', 1],
      ['Working Together: attended (sessions)', '2 (1)', 2],
      // 2 missed (did not attend, cancelled late) of 5 marked.
      [
        'Non-attendance: booked places not attended or cancelled late',
        byLabel['Non-attendance: booked places not attended or cancelled late']!.value,
        5,
      ],
    ];
    for (const [label, value, rows] of hand) {
      const f = byLabel[label]!;
      expect(f.value, label).toEqual(value);
      const page = await admin.get(f.recordsHref!);
      expect(page.statusCode, label).toBe(200);
      expect(recordsOf(page.body), label).toEqual({ rows, stated: rows });
    }
    expect(String(byLabel['Non-attendance: booked places not attended or cancelled late']!.value)).toMatch(
      /^40/,
    );
    expect(byLabel['Mean feedback rating (1 to 5)']!.recordsHref).toBeUndefined();
    expect(byLabel['Mean feedback rating (1 to 5)']!.recordsNote).toMatch(/Not a count/);
    expect(
      (await admin.get('/training/report-records/course-999999?from=2025-04-01&to=2026-03-31')).statusCode,
    ).toBe(404);
  });

  it('is refused to trainers and figures-only roles', async () => {
    const href = (await trainingModule.reportSection!(t.services, period)).figures[0]!.recordsHref!;
    for (const role of ['trainer', 'executive'] as const) {
      const user = await createTestUser(t.db, role);
      const client = new TestClient(t.app);
      await client.signIn(user.email, user.password);
      expect((await client.get(href)).statusCode, role).toBe(403);
    }
  });
});
