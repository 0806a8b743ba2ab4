/**
 * The records behind WREN's yearly-report figures: on a small fixture counted by hand (arrivals on
 * both edges of the year in UK time, a later screening that changes the answer), each figure's page
 * lists as many attendances as the figure says; the nurse sees her own team's only.
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
import { healthScreeningModule } from './index.ts';

const period = { from: '2025-04-01', to: '2026-03-31' };

const recordsOf = (body: string) => {
  const table = /<table[^>]*id="records"[\s\S]*?<\/table>/.exec(body)?.[0] ?? '';
  const tbody = /<tbody[\s\S]*?<\/tbody>/.exec(table)?.[0] ?? '';
  return {
    rows: (tbody.match(/<tr class="govuk-table__row"/g) ?? []).length,
    stated: Number(/id="records-count">(\d+)</.exec(body)?.[1]),
  };
};

describe('the records behind the WREN figures', () => {
  let t: TestApp;
  let admin: TestClient;
  let teamId: number;

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' }, logger: createLogger('error') });
    const place = await seedSmallPartnership(t.db);
    teamId = place.teams.healthVisitingNorth;
    await t.db
      .insertInto('wrenKeywordList')
      .values({ version: 2, terms: JSON.stringify(['knife']) })
      .execute();
    const attendance = (
      ref: string,
      arrivedAt: string,
      ageYears: number,
      team: number | null,
      facts: string[],
    ) => ({
      attendanceRef: ref,
      teamId: team,
      arrivedAt,
      familyName: `Child ${ref}`,
      notes: '',
      dateOfBirth: '2012-01-01',
      ageYears,
      matchMethod: 'none' as const,
      knownFacts: JSON.stringify(facts.map((kind) => ({ kind, text: kind, since: null }))),
    });
    const a = await t.db
      .insertInto('wrenAttendance')
      .values([
        attendance('A1', '2025-03-31T23:30:00Z', 12, teamId, []), // UK: 1 April 2025, 00:30
        attendance('A2', '2025-06-01T10:00:00Z', 4, teamId, ['allocated_social_worker', 'get_safe_flag']),
        attendance('A3', '2025-07-01T10:00:00Z', 15, null, []),
        attendance('A4', '2026-03-31T23:30:00Z', 13, teamId, []), // UK: 1 April 2026: after the year
        attendance('A5', '2025-08-01T10:00:00Z', 10, null, ['cp_plan']),
        attendance('A6', '2025-09-01T10:00:00Z', 11, null, []), // never screened
      ])
      .returning('id')
      .execute();
    const screening = (i: number, listVersion: number, flagged: boolean) => ({
      attendanceId: a[i]!.id,
      listVersion,
      flagged,
      matches: JSON.stringify([]),
    });
    await t.db
      .insertInto('wrenScreening')
      .values([
        screening(0, 1, false),
        screening(0, 2, true), // the latest screening flags it
        screening(1, 1, true),
        screening(2, 1, true),
        screening(2, 2, false), // the latest does not
        screening(3, 1, true),
        screening(4, 1, true),
      ])
      .execute();
    const user = await createTestUser(t.db, 'partnership_admin');
    admin = new TestClient(t.app);
    await admin.signIn(user.email, user.password);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lists, for each figure, as many attendances as the figure counts (hand count)', async () => {
    const section = await healthScreeningModule.reportSection!(t.services, period);
    const hand = {
      'A&E attendances of children screened': 4, // A1, A2, A3, A5
      'Attendances flagged by key words': 3, // A1, A2, A5
      'Flagged attendances of children aged 10 to 17': 2, // A1, A5
      'Flagged attendances with no prior safeguarding alert': 1, // A1
      'Flagged attendances of children with an allocated social worker': 1, // A2
      'Flagged attendances of children with a GET SAFE flag': 1, // A2
    };
    expect(Object.fromEntries(section.figures.map((f) => [f.label, f.value]))).toEqual(hand);
    for (const f of section.figures) {
      const page = await admin.get(f.recordsHref!);
      expect(page.statusCode, f.label).toBe(200);
      expect(recordsOf(page.body), f.label).toEqual({ rows: f.value, stated: f.value });
    }
    const audited = await t.db
      .selectFrom('auditLog')
      .select('recordId')
      .where('recordType', '=', 'wren-report-records')
      .execute();
    // An entry for each attendance on each page: 4 + 3 + 2 + 1 + 1 + 1.
    expect(audited).toHaveLength(12);
  });

  it('shows the nurse her own team’s attendances only, and refuses the profile-only roles', async () => {
    const section = await healthScreeningModule.reportSection!(t.services, period);
    const user = await createTestUser(t.db, 'hospital_safeguarding_nurse', { teamId });
    const nurse = new TestClient(t.app);
    await nurse.signIn(user.email, user.password);
    const page = await nurse.get(section.figures[0]!.recordsHref!);
    expect(recordsOf(page.body)).toEqual({ rows: 2, stated: 4 });
    expect(page.body).not.toContain('Child A3');
    const analyst = await createTestUser(t.db, 'analyst');
    const client = new TestClient(t.app);
    await client.signIn(analyst.email, analyst.password);
    expect((await client.get(section.figures[0]!.recordsHref!)).statusCode).toBe(403);
  });
});
