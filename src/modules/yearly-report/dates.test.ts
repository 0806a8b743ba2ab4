/**
 * The yearly report's period through the GOV.UK date input (issue 15): typed in day, month and
 * year boxes and saved as those dates; a half date refused with the Design System's message, the
 * summary linking to the box at fault and what was typed shown again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freezeClockAt, resetClock } from '../../platform/clock.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import { publicationDueOn, publicationStanding } from './service.ts';

describe('yearly report: published by the end of September after its year', () => {
  it('is due on the first 30 September on or after the period’s end', () => {
    expect(publicationDueOn('2026-03-31')).toBe('2026-09-30');
    expect(publicationDueOn('2026-09-30')).toBe('2026-09-30');
    expect(publicationDueOn('2026-10-01')).toBe('2027-09-30');
  });
  it('is on time when first published on 30 September in London, late from midnight BST', () => {
    // 23:30 BST on 30 September, then 00:30 BST on 1 October (23:30 UTC on the 30th).
    expect(publicationStanding('2026-03-31', new Date('2026-09-30T22:30:00Z'), '2026-12-01')).toEqual({
      dueOn: '2026-09-30',
      publishedOn: '2026-09-30',
      onTime: true,
      overdue: false,
    });
    expect(publicationStanding('2026-03-31', new Date('2026-09-30T23:30:00Z'), '2026-12-01')).toMatchObject({
      publishedOn: '2026-10-01',
      onTime: false,
    });
    expect(publicationStanding('2026-03-31', null, '2026-09-30')).toMatchObject({
      onTime: null,
      overdue: false,
    });
    expect(publicationStanding('2026-03-31', null, '2026-10-01')).toMatchObject({
      onTime: null,
      overdue: true,
    });
  });
});

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

    // The list gives its deadline, and once it has passed unpublished, says so.
    freezeClockAt(new Date('2026-10-01T09:00:00Z'));
    try {
      const list = await admin.get('/yearly-reports');
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain('To be published by');
      expect(list.body).toMatch(
        /30 September 2026 <strong class="govuk-tag govuk-tag--red">Overdue<\/strong>/,
      );
    } finally {
      resetClock();
    }
  });
});
