import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as clock from '../clock.ts';
import { type TestApp, TestClient, buildTestApp, createTestUser } from '../testing/app.ts';
import { RESETS_PER_EMAIL_PER_HOUR, RESET_LINK_MINUTES } from './password-reset.ts';
import { RESET_ANSWER_MS } from './routes.ts';

/** Every email queued for this address (pg-boss's email jobs, queued or done), oldest first. */
async function emailsTo(t: TestApp, email: string) {
  const rows = await sql<{ data: { to: string[]; subject: string; text: string } }>`
    SELECT data FROM (
      SELECT data, created_on FROM pgboss.job WHERE name = 'email'
      UNION ALL SELECT data, created_on FROM pgboss.archive WHERE name = 'email') e
    ORDER BY created_on`.execute(t.db);
  return rows.rows.map((r) => r.data).filter((d) => d.to.includes(email));
}

const tokenIn = (text: string) => /\/reset-password\?token=([A-Za-z0-9_-]{43})/.exec(text)?.[1];

async function askForLink(t: TestApp, email: string) {
  const client = new TestClient(t.app);
  await client.get('/forgotten-password');
  const started = Date.now();
  const response = await client.post('/forgotten-password', { email });
  return { response, ms: Date.now() - started };
}

async function signIn(t: TestApp, email: string, password: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  const response = await client.post('/sign-in', { email, password });
  return { client, response };
}

describe('forgotten your password', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ jobs: true });
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(() => clock.resetClock());

  it('the sign-in page links to it', async () => {
    const page = await new TestClient(t.app).get('/sign-in');
    expect(page.body).toContain('href="/forgotten-password"');
  });

  it('answers the same, after the same time, whether or not the email has an account', async () => {
    const user = await createTestUser(t.db, 'dsl');
    const known = await askForLink(t, user.email);
    const unknown = await askForLink(t, 'nobody.here@test.example');
    expect(known.response.statusCode).toBe(200);
    expect(unknown.response.statusCode).toBe(200);
    const main = (body: string, email: string) =>
      /<main[\s\S]*<\/main>/.exec(body)![0].replace(email, 'EMAIL');
    expect(main(known.response.body, user.email)).toBe(
      main(unknown.response.body, 'nobody.here@test.example'),
    );
    expect(known.response.body).toContain('Check your email');
    expect(known.ms).toBeGreaterThanOrEqual(RESET_ANSWER_MS - 5);
    expect(unknown.ms).toBeGreaterThanOrEqual(RESET_ANSWER_MS - 5);

    // Only the account's owner is sent a link, and only its hash is stored.
    const emails = await emailsTo(t, user.email);
    expect(emails).toHaveLength(1);
    const token = tokenIn(emails[0]!.text)!;
    expect(token).toBeDefined();
    expect(await emailsTo(t, 'nobody.here@test.example')).toEqual([]);
    const stored = await t.db.selectFrom('passwordReset').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored.find((r) => r.userId === user.id)?.tokenHash).toMatch(/^[0-9a-f]{64}$/);

    // Both requests are audited.
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'recordId', 'outcome', 'reason'])
      .where('action', '=', 'password-reset-request')
      .execute();
    expect(audit).toContainEqual({
      action: 'password-reset-request',
      recordId: user.id,
      outcome: 'success',
      reason: null,
    });
    expect(audit).toContainEqual({
      action: 'password-reset-request',
      recordId: null,
      outcome: 'denied',
      reason: 'unknown',
    });
  });

  it('sets a new password once, with the account rules, and ends every session of the account', async () => {
    const user = await createTestUser(t.db, 'health_visitor');
    const elsewhere = await signIn(t, user.email, user.password);
    expect(elsewhere.response.statusCode).toBe(303);
    expect((await elsewhere.client.get('/')).statusCode).toBe(200);

    await askForLink(t, user.email);
    const token = tokenIn((await emailsTo(t, user.email)).at(-1)!.text)!;
    const browser = new TestClient(t.app);
    const form = await browser.get(`/reset-password?token=${token}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Set a new password');

    const short = await browser.post('/reset-password', {
      token,
      password: 'too-short',
      confirmPassword: 'too-short',
    });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('Password must be at least 12 characters');
    const mismatch = await browser.post('/reset-password', {
      token,
      password: 'a-long-enough-new-password',
      confirmPassword: 'a-different-new-password',
    });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('The passwords do not match');

    const done = await browser.post('/reset-password', {
      token,
      password: 'kettle-orchard-lantern-47',
      confirmPassword: 'kettle-orchard-lantern-47',
    });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Your password has been changed');

    // The other browser is signed out; the old password no longer works, the new one does.
    expect((await elsewhere.client.get('/')).headers.location).toBe('/sign-in');
    expect((await signIn(t, user.email, user.password)).response.statusCode).toBe(401);
    expect((await signIn(t, user.email, 'kettle-orchard-lantern-47')).response.statusCode).toBe(303);

    // The link works once.
    expect((await browser.get(`/reset-password?token=${token}`)).statusCode).toBe(404);
    const again = await new TestClient(t.app).get('/sign-in');
    expect(again.statusCode).toBe(200);
    const reuse = new TestClient(t.app);
    await reuse.get('/forgotten-password');
    const replay = await reuse.post('/reset-password', {
      token,
      password: 'another-new-password-99',
      confirmPassword: 'another-new-password-99',
    });
    expect(replay.statusCode).toBe(404);
    expect((await signIn(t, user.email, 'another-new-password-99')).response.statusCode).toBe(401);

    const audit = await t.db
      .selectFrom('auditLog')
      .select(['recordId', 'outcome'])
      .where('action', '=', 'password-reset')
      .execute();
    expect(audit).toEqual([{ recordId: user.id, outcome: 'success' }]);
  });

  it(`a link expires after ${RESET_LINK_MINUTES} minutes`, async () => {
    const user = await createTestUser(t.db, 'police_officer');
    await askForLink(t, user.email);
    const token = tokenIn((await emailsTo(t, user.email)).at(-1)!.text)!;
    clock.freezeClockAt(new Date(Date.now() + (RESET_LINK_MINUTES - 1) * 60_000));
    expect((await new TestClient(t.app).get(`/reset-password?token=${token}`)).statusCode).toBe(200);
    clock.freezeClockAt(new Date(Date.now() + (RESET_LINK_MINUTES + 1) * 60_000));
    const late = await new TestClient(t.app).get(`/reset-password?token=${token}`);
    expect(late.statusCode).toBe(404);
    expect(late.body).toContain('This link does not work any more');
  });

  it('sends one email at most a few links an hour, answering the same', async () => {
    const user = await createTestUser(t.db, 'executive');
    for (let i = 0; i < RESETS_PER_EMAIL_PER_HOUR + 2; i++) {
      const { response } = await askForLink(t, user.email);
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('Check your email');
    }
    expect(await emailsTo(t, user.email)).toHaveLength(RESETS_PER_EMAIL_PER_HOUR);
  });

  it('refuses a badly formed email with a GOV.UK error', async () => {
    const client = new TestClient(t.app);
    await client.get('/forgotten-password');
    const response = await client.post('/forgotten-password', { email: 'not-an-email' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter an email address in the correct format');
    expect(response.body).toContain('govuk-error-summary');
  });
});
