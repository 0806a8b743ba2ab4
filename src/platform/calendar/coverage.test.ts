import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freezeClockAt, resetClock } from '../clock.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { type TestApp, TestClient, buildTestApp, createTestUser } from '../testing/app.ts';
import { shippedBankHolidays } from './bank-holidays.ts';
import { coverageWarning, emailCoverageWarning } from './coverage.ts';
import { WorkingDayCalendar } from './working-days.ts';

const shipped = () => new WorkingDayCalendar(shippedBankHolidays().map((h) => h.date));

describe('coverageWarning', () => {
  it('is quiet until six months before the official list ends, then warns, then says it has ended', () => {
    expect(coverageWarning(shipped(), '2027-06-30')).toBeNull();
    expect(coverageWarning(shipped(), '2027-07-01')).toMatchObject({
      officialUntil: '2027-12-31',
      daysLeft: 183,
    });
    expect(coverageWarning(shipped(), '2027-07-01')?.message).toContain(
      'The official bank holidays end on 31 December 2027',
    );
    expect(coverageWarning(shipped(), '2028-01-04')?.message).toContain('ended on 31 December 2027');
  });
});

describe('emailCoverageWarning', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
    await createTestUser(t.db, 'partnership_admin');
    await createTestUser(t.db, 'dsl');
  });
  afterAll(async () => {
    resetClock();
    await t?.close();
  });

  it('emails the admins once a month, keyed so that every process sends it once', async () => {
    const sent: { key: string; to: string[] }[] = [];
    const jobs = {
      sendInTrx: async (_trx: unknown, _queue: string, email: { idempotencyKey: string; to: string[] }) => {
        sent.push({ key: email.idempotencyKey, to: email.to });
        return 'job';
      },
    } as unknown as JobQueue;
    expect(await emailCoverageWarning(t.db, jobs, shipped(), '2027-05-01', 'http://hub')).toBe(0);
    expect(await emailCoverageWarning(t.db, jobs, shipped(), '2027-08-01', 'http://hub')).toBe(1);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.key).toBe('bank-holidays-2027-12-31-2027-08');
    expect(sent[0]!.to).toHaveLength(1);
    expect(sent[0]!.to[0]).toMatch(/^partnership_admin\./);
  });

  it('warns the admin on the start page, not a DSL, and imports the official list in place', async () => {
    freezeClockAt(new Date('2027-08-01T09:00:00Z'));
    const admin = await createTestUser(t.db, 'partnership_admin');
    const client = new TestClient(t.app);
    await client.signIn(admin.email, admin.password);
    const home = await client.get('/');
    expect(home.body).toContain('The official bank holidays end on 31 December 2027');
    const dslUser = await createTestUser(t.db, 'dsl');
    const dsl = new TestClient(t.app);
    await dsl.signIn(dslUser.email, dslUser.password);
    expect((await dsl.get('/')).body).not.toContain('official bank holidays');

    const page = await client.get('/calendar/bank-holidays');
    expect(page.body).toContain('Provisional');
    const feed = {
      'england-and-wales': {
        division: 'england-and-wales',
        events: [
          ...shippedBankHolidays().map((h) => ({ title: h.title, date: h.date, notes: '', bunting: true })),
          { title: 'New Year’s Day', date: '2028-01-03', notes: 'Substitute day', bunting: true },
          { title: 'A one-off holiday', date: '2028-06-05', notes: '', bunting: true },
        ],
      },
    };
    const imported = await client.postMultipart(
      '/calendar/bank-holidays',
      {},
      { name: 'feed', filename: 'bank-holidays.json', content: JSON.stringify(feed) },
    );
    expect(imported.statusCode).toBe(303);
    expect(t.services.calendar.officialUntil).toBe('2028-12-31');
    expect(t.services.calendar.isBankHoliday('2028-06-05')).toBe(true);
    expect((await client.get('/')).body).not.toContain('The official bank holidays end');
    const bad = await client.postMultipart(
      '/calendar/bank-holidays',
      {},
      { name: 'feed', filename: 'x.json', content: '{"nope":1}' },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Not a valid gov.uk bank-holiday feed');
  });
});
