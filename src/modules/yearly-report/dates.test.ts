/**
 * The yearly report's period through the GOV.UK date input (issue 15): typed in day, month and
 * year boxes and saved as those dates; a half date refused with the Design System's message, the
 * summary linking to the box at fault and what was typed shown again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';

describe('yearly report: the period in day, month and year boxes', () => {
  let t: TestApp;
  let admin: TestClient;

  beforeAll(async () => {
    t = await buildTestApp();
    await seedSmallPartnership(t.db);
    const a = await createTestUser(t.db, 'partnership_admin');
    admin = new TestClient(t.app);
    await admin.signIn(a.email, a.password);
  }, 60_000);
  afterAll(async () => t?.close());

  it('refuses a half date with the GOV.UK message, then saves the period the boxes hold', async () => {
    const form = await admin.get('/yearly-reports/new');
    expect(form.body).toContain('name="from-day"');
    const half = await admin.post('/yearly-reports', {
      title: 'Dates report',
      'from-day': '1',
      'from-month': '',
      'from-year': '2025',
      'to-day': '31',
      'to-month': '3',
      'to-year': '2026',
    });
    expect(half.statusCode).toBe(400);
    expect(half.body).toContain('The start of the period must include a month');
    expect(half.body).toContain('href="#from-month"');
    expect(half.body).toMatch(/name="to-day"[^>]*value="31"/);
    expect(await t.db.selectFrom('yearlyReport').selectAll().execute()).toEqual([]);

    const created = await admin.post('/yearly-reports', {
      title: 'Dates report',
      'from-day': '1',
      'from-month': '4',
      'from-year': '2025',
      'to-day': '31',
      'to-month': '3',
      'to-year': '2026',
    });
    expect(created.statusCode).toBe(303);
    const saved = await t.db
      .selectFrom('yearlyReport')
      .select(['periodFrom', 'periodTo'])
      .executeTakeFirstOrThrow();
    expect(saved).toEqual({ periodFrom: '2025-04-01', periodTo: '2026-03-31' });
  });
});
