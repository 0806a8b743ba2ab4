import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, TestClient, buildTestApp, createTestUser } from '../testing/app.ts';
import { auditWriterFor } from './audit-log.ts';

describe('the audit search', () => {
  let t: TestApp;
  let admin: TestClient;
  const email = 'paged.person@test.example';

  beforeAll(async () => {
    t = await buildTestApp();
    const user = await createTestUser(t.db, 'partnership_admin');
    admin = new TestClient(t.app);
    await admin.signIn(user.email, user.password);
    const write = auditWriterFor({
      userId: null,
      userEmail: email,
      role: 'dsl',
      organisationId: null,
      ip: '192.0.2.1',
      requestId: 'test',
    });
    await t.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 120; i++)
        await write(trx, { action: 'view', recordType: 'encompass-notice', recordId: `n${i}` });
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('pages through every matching entry, 50 a page, with page numbers', async () => {
    const first = await admin.get(`/audit?user=${encodeURIComponent(email)}`);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Entries 1 to 50 of 120');
    expect(first.body).toContain('Designated safeguarding lead');
    expect(first.body).toContain('encompass notice n119');
    const third = await admin.get(`/audit?user=${encodeURIComponent(email)}&page=3`);
    expect(third.body).toContain('Entries 101 to 120 of 120');
    expect(third.body).toContain('encompass notice n0<');
    expect(third.body).toMatch(/govuk-pagination__link[^>]*aria-current="page"[^>]*>\s*3/);
  });

  it('says so when asked for a page beyond the last', async () => {
    const page = await admin.get(`/audit?user=${encodeURIComponent(email)}&page=99`);
    expect(page.body).toContain('There is no page 99: the search found 120 entries, on 3 pages');
  });

  it('refuses bad filters with an error on the field, instead of ignoring them', async () => {
    const backwards = await admin.get('/audit?from=2026-12-05&to=2026-12-01');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('The last date must be the same as or after the first');
    // A name is looked up among the accounts: one that no account has is refused, not ignored.
    const name = await admin.get('/audit?user=Priya');
    expect(name.statusCode).toBe(400);
    expect(name.body).toContain('No user is called Priya');
    const badEmail = await admin.get('/audit?user=not-an-email@');
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.body).toContain('Enter the user’s email address');
    const date = await admin.get('/audit?from=2026-02-30');
    expect(date.body).toContain('The first date must be a real date');
    // The GOV.UK date input: the box at fault is named, and the summary links to it.
    const noMonth = await admin.get('/audit?from-day=5&from-month=&from-year=2026');
    expect(noMonth.statusCode).toBe(400);
    expect(noMonth.body).toContain('<a href="#from-month">The first date must include a month</a>');
    expect(noMonth.body).toMatch(/name="from-day" type="text" value="5"/);
    const typed = await admin.get(
      `/audit?user=${encodeURIComponent(email)}&from-day=1&from-month=1&from-year=2000&to-day=31&to-month=12&to-year=2099`,
    );
    expect(typed.statusCode).toBe(200);
    expect(typed.body).toContain('of 120');
    expect(typed.body).toContain('from=2000-01-01&amp;to=2099-12-31');
  });

  it('exports every matching entry as CSV, and audits the export', async () => {
    const csv = await admin.get(`/audit.csv?user=${encodeURIComponent(email)}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines).toHaveLength(121);
    expect(lines[1]).toContain('n119');
    const exported = await t.db.selectFrom('auditLog').select('seq').where('action', '=', 'export').execute();
    expect(exported).toHaveLength(1);
  });
});
