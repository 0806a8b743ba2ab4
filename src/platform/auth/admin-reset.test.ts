/**
 * The partnership admin resets another user's second factor: permission (403 for other roles, 404
 * for no such user, 403 for their own), a required reason, CSRF and the step-up, the audit with the
 * reason, the user's sessions ended, an email without any child detail, and the set-up asked again
 * at the next sign-in.
 */
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as clock from '../clock.ts';
import { TestClient, type TestApp, buildTestApp, createTestUser } from '../testing/app.ts';
import { resetPath } from './admin-reset.ts';

async function emailsTo(t: TestApp, email: string) {
  const rows = await sql<{ data: { to: string[]; subject: string; text: string } }>`
    SELECT data FROM (
      SELECT data, created_on FROM pgboss.job WHERE name = 'email'
      UNION ALL SELECT data, created_on FROM pgboss.archive WHERE name = 'email') e
    ORDER BY created_on`.execute(t.db);
  return rows.rows.map((r) => r.data).filter((d) => d.to.includes(email));
}

describe("resetting another user's second factor", () => {
  let t: TestApp;
  let at = Date.now();
  const tick = (seconds: number) => {
    at += seconds * 1000;
    clock.freezeClockAt(new Date(at));
  };

  beforeAll(async () => {
    t = await buildTestApp({ jobs: true });
    clock.freezeClockAt(new Date(at));
  });
  afterEach(() => tick(60));
  afterAll(async () => {
    clock.resetClock();
    await t.close();
  });

  const factorOf = (userId: string) =>
    t.db.selectFrom('userSecondFactor').select('userId').where('userId', '=', userId).executeTakeFirst();
  const codesOf = async (userId: string) =>
    (await t.db.selectFrom('userRecoveryCode').select('id').where('userId', '=', userId).execute()).length;

  const signedIn = async (role: 'partnership_admin' | 'data_quality' | 'qa_lead' | 'auditor') => {
    const user = await createTestUser(t.db, role);
    const client = new TestClient(t.app);
    expect((await client.signIn(user.email, user.password)).statusCode).toBe(303);
    // Recovery codes are made when their page is first shown after set-up.
    await client.get('/second-factor/recovery-codes');
    tick(60);
    return { user, client };
  };

  it('resets a user’s factor with a reason: audited, signed out, told by email, asked to set it up again', async () => {
    const admin = await signedIn('partnership_admin');
    const target = await signedIn('data_quality');
    expect(await factorOf(target.user.id)).toBeDefined();
    expect(await codesOf(target.user.id)).toBe(10);

    const form = await admin.client.get(resetPath(target.user.id));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(target.user.email);
    expect(form.body).toContain('name="reason"');

    // No reason: the error on the field, nothing removed.
    const blank = await admin.client.post(resetPath(target.user.id), { reason: '  ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('Enter why their second factor is being reset');
    expect(blank.body).toContain('href="#reason"');
    expect(await factorOf(target.user.id)).toBeDefined();

    // Without the form's CSRF token: refused, nothing removed.
    const forged = await admin.client.post(resetPath(target.user.id), { reason: 'x' }, { csrf: null });
    expect(forged.statusCode).toBe(403);
    expect(await factorOf(target.user.id)).toBeDefined();

    await admin.client.get(resetPath(target.user.id));
    const done = await admin.client.post(resetPath(target.user.id), { reason: 'New phone, old one lost' });
    expect(done.statusCode).toBe(303);
    const shown = await admin.client.get(done.headers.location as string);
    expect(shown.body).toContain('second factor was reset');
    expect(shown.body).toContain('Not set up');
    expect(await factorOf(target.user.id)).toBeUndefined();
    expect(await codesOf(target.user.id)).toBe(0);

    const audit = await t.db
      .selectFrom('auditLog')
      .select(['userId', 'reason', 'outcome'])
      .where('action', '=', 'second-factor-reset')
      .where('recordId', '=', target.user.id)
      .execute();
    expect(audit).toEqual([{ userId: admin.user.id, reason: 'New phone, old one lost', outcome: 'success' }]);

    // Their session ended; their next sign-in asks them to set the factor up again.
    expect((await target.client.get('/')).statusCode).toBe(303);
    const again = new TestClient(t.app);
    await again.get('/sign-in');
    const first = await again.post('/sign-in', { email: target.user.email, password: target.user.password });
    expect(first.headers.location).toBe('/second-factor/set-up');

    const emails = await emailsTo(t, target.user.email);
    expect(emails).toHaveLength(1);
    expect(emails[0]!.subject).toContain('second factor');
    expect(emails[0]!.text).toContain('set it up again');
    // The email names no one and no reason: only what happened to the account.
    expect(emails[0]!.text).not.toContain('New phone');
    expect(emails[0]!.to).toEqual([target.user.email]);
  });

  it('is refused to other roles (403), for no such user (404) and for the admin’s own account (403)', async () => {
    const admin = await signedIn('partnership_admin');
    const target = await signedIn('auditor');
    const other = await signedIn('qa_lead');

    expect((await other.client.get(resetPath(target.user.id))).statusCode).toBe(403);
    await other.client.get('/');
    expect((await other.client.post(resetPath(target.user.id), { reason: 'because' })).statusCode).toBe(403);
    expect(await factorOf(target.user.id)).toBeDefined();

    expect((await admin.client.get(resetPath('00000000-0000-4000-8000-000000000000'))).statusCode).toBe(404);

    const own = await admin.client.get(resetPath(admin.user.id));
    expect(own.statusCode).toBe(403);
    expect(own.body).not.toContain('name="reason"');
    await admin.client.get('/');
    const ownPost = await admin.client.post(resetPath(admin.user.id), { reason: 'mine' });
    expect(ownPost.statusCode).toBe(403);
    expect(await factorOf(admin.user.id)).toBeDefined();
    const denied = await t.db
      .selectFrom('auditLog')
      .select(['reason', 'outcome'])
      .where('action', '=', 'second-factor-reset')
      .where('recordId', '=', admin.user.id)
      .execute();
    expect(denied).toEqual([{ reason: 'own account', outcome: 'denied' }]);
  });

  it('asks the admin to prove who they are again first (step-up)', async () => {
    const admin = await signedIn('partnership_admin');
    const target = await signedIn('auditor');
    tick(11 * 60);
    const page = await admin.client.get(resetPath(target.user.id));
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toMatch(/^\/confirm-identity\?returnTo=/);
    await admin.client.get('/');
    const post = await admin.client.post(resetPath(target.user.id), { reason: 'lost phone' });
    expect(post.statusCode).toBe(403);
    expect(await factorOf(target.user.id)).toBeDefined();
  });
});
