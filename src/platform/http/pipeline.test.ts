import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/audit-log.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../testing/app.ts';

describe('sign-in, sessions and the request pipeline', () => {
  let t: TestApp;
  let place: Awaited<ReturnType<typeof seedSmallPartnership>>;
  beforeAll(async () => {
    t = await buildTestApp({ env: { LOGIN_MAX_FAILURES: '3', SIGN_IN_RATE_PER_MINUTE: '1000' } });
    place = await seedSmallPartnership(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  it('sends a signed-out visitor to sign in', async () => {
    const response = await new TestClient(t.app).get('/registry/settings');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/sign-in?returnTo=%2Fregistry%2Fsettings');
  });

  it('signs in, renews the session id, and signs out', async () => {
    const user = await createTestUser(t.db, 'partnership_admin');
    const client = new TestClient(t.app);
    const page = await client.get('/sign-in');
    expect(page.statusCode).toBe(200);
    const signIn = await client.post('/sign-in', {
      email: user.email.toUpperCase(),
      password: user.password,
    });
    expect(signIn.statusCode).toBe(303);
    const cookie = signIn.cookies.find((c) => c.name === 'sgh_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const home = await client.get('/');
    expect(home.body).toContain('Partnership business unit: your start page');

    // Signing in again gives a new session and ends the old one.
    await client.get('/sign-in');
    const again = await client.post('/sign-in', { email: user.email, password: user.password });
    const second = again.cookies.find((c) => c.name === 'sgh_session')!;
    expect(second.value).not.toBe(cookie.value);
    const sessions = await t.db
      .selectFrom('userSession')
      .select('id')
      .where('userId', '=', user.id)
      .execute();
    expect(sessions).toHaveLength(1);

    await client.get('/');
    const out = await client.post('/sign-out', {});
    expect(out.statusCode).toBe(303);
    expect((await client.get('/registry/settings')).statusCode).toBe(303);
  });

  it('shows the error summary for a wrong password and locks the account after repeated failures', async () => {
    const user = await createTestUser(t.db, 'police_officer', { organisationId: place.organisations.police });
    const client = new TestClient(t.app);
    await client.get('/sign-in');
    const wrong = await client.post('/sign-in', { email: user.email, password: 'not-the-password' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('There is a problem');
    expect(wrong.body).toContain('href="#email"');
    await client.post('/sign-in', { email: user.email, password: 'still-wrong' });
    const locked = await client.post('/sign-in', { email: user.email, password: 'wrong-again' });
    expect(locked.statusCode).toBe(429);
    expect(locked.body).toContain('locked');
    // Even the right password is refused while locked.
    const right = await client.post('/sign-in', { email: user.email, password: user.password });
    expect(right.statusCode).toBe(429);
    const row = await t.db
      .selectFrom('appUser')
      .select('lockedUntil')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
  });

  it('rejects an empty sign-in form with messages on both fields', async () => {
    const client = new TestClient(t.app);
    await client.get('/sign-in');
    const response = await client.post('/sign-in', { email: '', password: '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter your email address');
    expect(response.body).toContain('Enter your password');
  });

  it('refuses a form without its CSRF token', async () => {
    const user = await createTestUser(t.db, 'partnership_admin');
    const client = new TestClient(t.app);
    await client.get('/sign-in');
    const response = await client.post(
      '/sign-in',
      { email: user.email, password: user.password },
      { csrf: null },
    );
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Your form has expired');
    const forged = await client.post(
      '/sign-in',
      { email: user.email, password: user.password },
      { csrf: 'forged-token' },
    );
    expect(forged.statusCode).toBe(403);
  });

  it('ends a session after the idle timeout', async () => {
    const user = await createTestUser(t.db, 'partnership_admin');
    const client = new TestClient(t.app);
    await client.signIn(user.email, user.password);
    expect((await client.get('/registry/settings')).statusCode).toBe(200);
    await t.db
      .updateTable('userSession')
      .set({ lastSeenAt: new Date(Date.now() - 31 * 60_000) })
      .where('userId', '=', user.id)
      .execute();
    expect((await client.get('/registry/settings')).statusCode).toBe(303);
  });

  it('shows the access-denied page for a role that may not, audits it, and keeps the user signed in', async () => {
    const user = await createTestUser(t.db, 'dsl', { settingId: place.settings.oakfield });
    const client = new TestClient(t.app);
    await client.signIn(user.email, user.password);
    const denied = await client.get('/registry/users');
    expect(denied.statusCode).toBe(403);
    expect(denied.body).toContain('You do not have access to this page');
    expect(denied.body).toContain('Sign out');
    const entry = await t.db
      .selectFrom('auditLog')
      .selectAll()
      .where('userId', '=', user.id)
      .where('outcome', '=', 'denied')
      .executeTakeFirst();
    expect(entry).toMatchObject({ recordType: 'page', recordId: '/registry/users', role: 'dsl' });
    expect((await client.get('/')).statusCode).toBe(200);
  });

  it('sets security headers with a CSP nonce that matches the page script', async () => {
    const response = await new TestClient(t.app).get('/sign-in');
    const csp = String(response.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(response.body).toContain(`nonce="${nonce}"`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers /health, /metrics and a 404 page', async () => {
    const health = await t.app.inject({ url: '/health' });
    expect(health.json()).toEqual({ status: 'ok', database: t.database.kind });
    const metrics = await t.app.inject({ url: '/metrics' });
    expect(metrics.body).toContain('http_request_duration_seconds');
    const missing = await new TestClient(t.app).get('/no-such-page');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Page not found');
  });

  it('limits the rate of sign-in attempts from one address', async () => {
    const limited = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '3' } });
    try {
      const client = new TestClient(limited.app);
      await client.get('/sign-in');
      const codes: number[] = [];
      for (let i = 0; i < 5; i++)
        codes.push(
          (await client.post('/sign-in', { email: 'nobody@test.example', password: 'x' })).statusCode,
        );
      expect(codes).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('leaves an intact audit chain behind', async () => {
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
