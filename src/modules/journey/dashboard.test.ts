import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, auditWriterFor } from '../../platform/audit/audit-log.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';

describe('the KPI dashboard', () => {
  let t: TestApp;
  let north: number;
  let childId: string;
  const as = async (role: Parameters<typeof createTestUser>[1]) => {
    const user = await createTestUser(t.db, role);
    const client = new TestClient(t.app);
    await client.signIn(user.email, user.password);
    return client;
  };

  beforeAll(async () => {
    t = await buildTestApp();
    await seedSmallPartnership(t.db);
    north = (
      await t.db.selectFrom('district').select('id').where('code', '=', 'NORTH').executeTakeFirstOrThrow()
    ).id;
    childId = (
      await t.db
        .insertInto('child')
        .values({
          givenName: 'Dash',
          familyName: 'Journeytest',
          dateOfBirth: '2016-02-02',
          sex: 'female',
          districtId: north,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await t.db.transaction().execute((trx) =>
      t.services.journey.recordEventsInTrx(trx, [
        {
          childId,
          kind: 'cp_plan_start',
          occurredOn: '2026-01-10',
          source: 'test',
          sourceRef: 'P1',
          districtId: north,
          details: { category: 'neglect' },
        },
        {
          childId,
          kind: 'referral',
          occurredOn: '2026-02-10',
          source: 'test',
          sourceRef: 'R1',
          districtId: north,
          sourceAgency: 'school',
        },
      ]),
    );
    await t.services.journey.setPopulation(auditWriterFor(SYSTEM_ACTOR), null, [
      { districtId: north, year: 2026, children: 2000 },
    ]);
  });
  afterAll(() => t.close());

  it('shows each KPI with the previous period, 1 in N children, a chart and a table, and audits the view', async () => {
    const analyst = await as('analyst');
    const page = await analyst.get('/journey/kpis?from=2026-01-01&to=2026-03-31');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="cp_plans_at_end"');
    expect(page.body).toContain('Previous period (3 October 2025 to 31 December 2025)');
    expect(page.body).toContain('about 1 in 2000 children');
    expect(page.body).toContain('role="img"');
    expect(page.body).toContain('/journey/kpis/cp_plans_at_end/records?from=2026-01-01&amp;to=2026-03-31');
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['recordType', 'recordId'])
      .where('recordType', '=', 'journey-kpis')
      .execute();
    expect(audit).toContainEqual({ recordType: 'journey-kpis', recordId: '2026-01-01..2026-03-31' });
  });

  it('opens the records behind a figure for the analyst, audited per child; executives see counts only', async () => {
    const analyst = await as('analyst');
    const records = await analyst.get('/journey/kpis/cp_plans_at_end/records?from=2026-01-01&to=2026-03-31');
    expect(records.statusCode).toBe(200);
    expect(records.body).toContain(`/children/${childId}`);
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['childId'])
      .where('recordType', '=', 'journey-kpi-records')
      .execute();
    expect(audit.map((a) => a.childId)).toContain(childId);

    const executive = await as('executive');
    const page = await executive.get('/journey/kpis?from=2026-01-01&to=2026-03-31');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('/records?');
    const refused = await executive.get(
      '/journey/kpis/cp_plans_at_end/records?from=2026-01-01&to=2026-03-31',
    );
    expect([403, 404]).toContain(refused.statusCode);
  });

  it('shows a clear error for a bad period', async () => {
    const analyst = await as('analyst');
    const page = await analyst.get('/journey/kpis?from=2026-04-01&to=2026-03-01');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('The last day must be on or after the first day');
  });

  it('keeps the QA lead’s note per KPI and period, and the admin’s comparators beside the figures', async () => {
    const qa = await as('qa_lead');
    await qa.get('/journey/kpis?from=2026-01-01&to=2026-03-31');
    const empty = await qa.post('/journey/kpis/referrals/note', {
      from: '2026-01-01',
      to: '2026-03-31',
      strengths: '',
      areasOfFocus: '',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Write the strengths, the areas of focus, or both');
    await qa.get('/journey/kpis?from=2026-01-01&to=2026-03-31');
    const saved = await qa.post('/journey/kpis/referrals/note', {
      from: '2026-01-01',
      to: '2026-03-31',
      strengths: 'Schools refer with the child’s voice',
      areasOfFocus: '',
    });
    expect(saved.statusCode).toBe(303);
    const notes = await t.services.journey.notesWithin({ from: '2026-01-01', to: '2026-12-31' });
    expect(notes).toEqual([
      expect.objectContaining({
        kpi: 'referrals',
        strengths: 'Schools refer with the child’s voice',
        areasOfFocus: null,
      }),
    ]);

    const admin = await as('partnership_admin');
    await admin.get('/journey/comparators?year=2026');
    const bad = await admin.post('/journey/comparators', { year: '2026', referrals_nfa__england: 'lots' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('England for Referrals with no further action must be a number, 0 or more');
    await admin.get('/journey/comparators?year=2026');
    const ok = await admin.post('/journey/comparators', { year: '2026', referrals_nfa__england: '33.5' });
    expect(ok.statusCode).toBe(303);
    const page = await admin.get('/journey/kpis?from=2026-01-01&to=2026-03-31');
    expect(page.body).toContain('33.5%');
  });

  it('exports the figures as CSV, beside the previous period, audited; a bad period is not found', async () => {
    const analyst = await as('analyst');
    const page = await analyst.get('/journey/kpis?from=2026-01-01&to=2026-03-31');
    expect(page.body).toContain('href="/journey/kpis.csv?from=2026-01-01&amp;to=2026-03-31"');
    const csv = await analyst.get('/journey/kpis.csv?from=2026-01-01&to=2026-03-31');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('journey-kpis-2026-01-01-to-2026-03-31.csv');
    const lines = parse(csv.body, { bom: true }) as string[][];
    expect(lines[0]!.join(',')).toBe(
      'kpi,label,breakdown,group,from,to,numerator,denominator,value,previous_from,previous_to,previous_numerator,previous_denominator,previous_value,definition',
    );
    const overall = (id: string) => lines.find((l) => l[0] === id && l[2] === '');
    // One plan open at the end (started 10 January 2026), none in the previous period.
    expect(overall('cp_plans_at_end')?.slice(4, 14)).toEqual([
      '2026-01-01',
      '2026-03-31',
      '1',
      '',
      '1',
      '2025-10-03',
      '2025-12-31',
      '0',
      '',
      '0',
    ]);
    // The rate: 1 child over a population of 2,000 is 5 per 10,000; by district, named.
    expect(overall('cp_rate_per_10k')?.slice(6, 9)).toEqual(['1', '2000', '5']);
    expect(
      lines.filter((l) => l[0] === 'cp_rate_per_10k' && l[2] === 'district').map((l) => [l[3], l[6], l[7]]),
    ).toContainEqual(['Northvale', '1', '2000']);
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'recordId'])
      .where('recordType', '=', 'journey-kpis')
      .where('action', '=', 'export')
      .execute();
    expect(audit).toEqual([{ action: 'export', recordId: '2026-01-01..2026-03-31' }]);
    expect((await analyst.get('/journey/kpis.csv?from=2026-04-01&to=2026-03-31')).statusCode).toBe(404);
  });
});
