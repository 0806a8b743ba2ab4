/**
 * The WREN profile's period through the GOV.UK date input (issue 15): read from day, month and
 * year boxes, shown as "1 October 2026", and a half date or From later than To refused with the
 * Design System's message, the summary linking to the box at fault.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, TestClient, buildTestApp, createTestUser } from '../../platform/testing/app.ts';

describe('WREN profile: a period in day, month and year boxes', () => {
  let t: TestApp;
  let admin: TestClient;

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' } });
    const a = await createTestUser(t.db, 'partnership_admin');
    admin = new TestClient(t.app);
    await admin.signIn(a.email, a.password);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reads the period from its boxes and shows it in words', async () => {
    const page = await admin.get(
      '/health-screening/profile?from-day=1&from-month=10&from-year=2026&to-day=31&to-month=10&to-year=2026',
    );
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('from 1 October 2026 to 31 October 2026');
    expect(page.body).toMatch(/name="to-day"[^>]*value="31"/);
  });

  it('refuses a half date and a period that ends before it starts', async () => {
    const half = await admin.get(
      '/health-screening/profile?from-day=1&from-month=10&from-year=&to-day=31&to-month=10&to-year=2026',
    );
    expect(half.statusCode).toBe(400);
    expect(half.body).toContain('From must include a year');
    expect(half.body).toContain('href="#from-year"');
    expect(half.body).toMatch(/name="from-month"[^>]*value="10"/);
    const backwards = await admin.get(
      '/health-screening/profile?from-day=31&from-month=10&from-year=2026&to-day=1&to-month=10&to-year=2026',
    );
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('To must be the same as or after From');
    expect(backwards.body).toContain('href="#to-day"');
  });
});
