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
    t = await buildTestApp();
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
    // A role that needs no second factor: the password alone signs in (second-factor.test.ts has the rest).
    const user = await createTestUser(t.db, 'qa_lead');
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
    expect(home.body).toContain('Quality assurance lead: your start page');

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

  it('shows the error summary for a wrong password, then makes each further guess from that address wait', async () => {
    const user = await createTestUser(t.db, 'police_officer', { organisationId: place.organisations.police });
    const client = new TestClient(t.app);
    await client.get('/sign-in');
    const wrong = await client.post('/sign-in', { email: user.email, password: 'not-the-password' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('There is a problem');
    expect(wrong.body).toContain('href="#email"');
    await client.post('/sign-in', { email: user.email, password: 'still-wrong' });
    await client.post('/sign-in', { email: user.email, password: 'wrong-again' });
    // Three failures are free; the next try from this address must wait 15 seconds, whatever it sends.
    const waiting = await client.post('/sign-in', { email: user.email, password: user.password });
    expect(waiting.statusCode).toBe(429);
    expect(waiting.body).toContain('Too many failed attempts to sign in from here. Wait 15 seconds');
    expect(waiting.headers['retry-after']).toBe('15');
  });

  it('never lets a stranger lock the owner out: the owner signs in from their own address', async () => {
    const app = await buildTestApp({ env: { TRUST_PROXY: '127.0.0.1' } });
    try {
      const user = await createTestUser(app.db, 'partnership_admin');
      const stranger = new TestClient(app.app, { 'x-forwarded-for': '203.0.113.9' });
      await stranger.get('/sign-in');
      for (let i = 0; i < 8; i++)
        await stranger.post('/sign-in', { email: user.email, password: `guess-${i}` });
      expect((await stranger.post('/sign-in', { email: user.email, password: 'guess' })).statusCode).toBe(
        429,
      );
      const owner = new TestClient(app.app, { 'x-forwarded-for': '198.51.100.20' });
      expect((await owner.signIn(user.email, user.password)).statusCode).toBe(303);
      // The address the audit log keeps is the one the trusted proxy forwarded.
      const denied = await app.db
        .selectFrom('auditLog')
        .select('ip')
        .where('action', '=', 'sign-in')
        .where('outcome', '=', 'denied')
        .executeTakeFirstOrThrow();
      expect(denied.ip).toBe('203.0.113.9');
    } finally {
      await app.close();
    }
  });

  it('answers an unknown email exactly as a known one, throttle included', async () => {
    const user = await createTestUser(t.db, 'partnership_admin');
    const answers = async (email: string) => {
      const client = new TestClient(t.app);
      await client.get('/sign-in');
      const out: string[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await client.post('/sign-in', { email, password: `wrong-${i}` });
        // The page differs only in the CSRF token, the script nonce and the email typed back.
        const page = r.body
          .replace(/value="[^"]*"/g, '')
          .replace(/nonce="[^"]*"/g, '')
          .replaceAll(email, 'EMAIL');
        out.push(`${r.statusCode} ${page}`);
      }
      return out;
    };
    const known = await answers(user.email);
    const unknown = await answers('nobody.here@test.example');
    expect(known.map((a) => a.slice(0, 3))).toEqual(['401', '401', '401', '429', '429']);
    expect(unknown).toEqual(known);
  });

  it('limits failures from one address across accounts', async () => {
    const app = await buildTestApp({ env: { SIGN_IN_ADDRESS_FAILURES_PER_HOUR: '5' } });
    try {
      const client = new TestClient(app.app);
      await client.get('/sign-in');
      const codes: number[] = [];
      for (let i = 0; i < 7; i++)
        codes.push(
          (await client.post('/sign-in', { email: `person${i}@test.example`, password: 'x' })).statusCode,
        );
      expect(codes).toEqual([401, 401, 401, 401, 401, 429, 429]);
    } finally {
      await app.close();
    }
  });

  it('does not believe X-Forwarded-For unless the proxy is configured', async () => {
    const user = await createTestUser(t.db, 'partnership_admin');
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const client = new TestClient(t.app, { 'x-forwarded-for': `192.0.2.${i + 1}` });
      await client.get('/sign-in');
      codes.push((await client.post('/sign-in', { email: user.email, password: 'wrong' })).statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 429, 429]);
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

  it('answers /health and a 404 page, and /metrics to no one without its token', async () => {
    const health = await t.app.inject({ url: '/health' });
    expect(health.json()).toEqual({ status: 'ok', database: t.database.kind });
    expect((await t.app.inject({ url: '/metrics' })).statusCode).toBe(404);
    const missing = await new TestClient(t.app).get('/no-such-page');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Page not found');
  });

  it('binds each CSRF token to its session, and renews it at sign-in', async () => {
    const first = await createTestUser(t.db, 'qa_lead');
    const second = await createTestUser(t.db, 'partnership_admin');
    const a = new TestClient(t.app);
    const b = new TestClient(t.app);
    await a.get('/sign-in');
    const beforeSignIn = a.lastCsrf;
    await a.post('/sign-in', { email: first.email, password: first.password });
    await b.signIn(second.email, second.password);
    await a.get('/');
    // A token from before signing in, or from another session, is refused.
    expect((await a.post('/sign-out', {}, { csrf: beforeSignIn })).statusCode).toBe(403);
    expect((await a.post('/sign-out', {}, { csrf: b.lastCsrf })).statusCode).toBe(403);
    expect((await a.post('/sign-out', {})).statusCode).toBe(303);
  });

  it('keeps a user who is active every 40 seconds signed in with a 1-minute idle timeout', async () => {
    const app = await buildTestApp({ env: { SESSION_IDLE_MINUTES: '1' } });
    try {
      const user = await createTestUser(app.db, 'partnership_admin');
      const client = new TestClient(app.app);
      await client.signIn(user.email, user.password);
      for (let i = 0; i < 4; i++) {
        // 40 seconds pass since the last request.
        await app.db
          .updateTable('userSession')
          .set({ lastSeenAt: new Date(Date.now() - 40_000) })
          .where('userId', '=', user.id)
          .execute();
        expect((await client.get('/')).statusCode).toBe(200);
      }
      await app.db
        .updateTable('userSession')
        .set({ lastSeenAt: new Date(Date.now() - 61_000) })
        .where('userId', '=', user.id)
        .execute();
      expect((await client.get('/')).statusCode).toBe(303);
    } finally {
      await app.close();
    }
  });

  it('names its cookies with the __Host- prefix over HTTPS', async () => {
    const app = await buildTestApp({ env: { BASE_URL: 'https://hub.example.org' } });
    try {
      const user = await createTestUser(app.db, 'partnership_admin');
      const client = new TestClient(app.app);
      const page = await client.get('/sign-in');
      expect(page.cookies.map((c) => c.name)).toContain('__Host-sgh_csrf');
      const signIn = await client.post('/sign-in', { email: user.email, password: user.password });
      const session = signIn.cookies.find((c) => c.name === '__Host-sgh_session');
      expect(session).toMatchObject({ secure: true, path: '/', httpOnly: true });
      expect(session!.domain).toBeUndefined();
    } finally {
      await app.close();
    }
  });

  it('serves /metrics only with the configured token', async () => {
    const token = 'metrics-token-for-the-test-0123456789abcdef';
    const app = await buildTestApp({ env: { METRICS_TOKEN: token } });
    try {
      expect((await app.app.inject({ url: '/metrics' })).statusCode).toBe(401);
      const wrong = await app.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}x` } });
      expect(wrong.statusCode).toBe(401);
      const right = await app.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}` } });
      expect(right.statusCode).toBe(200);
      expect(right.body).toContain('http_request_duration_seconds');
      // Each page drawn is timed under its template.
      const drawn = (body: string) =>
        Number(/^page_render_seconds_count\{template="pages\/sign-in\.njk"\} (\d+)$/m.exec(body)?.[1] ?? 0);
      const before = drawn(right.body);
      for (let i = 0; i < 2; i++) expect((await app.app.inject({ url: '/sign-in' })).statusCode).toBe(200);
      const after = await app.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}` } });
      expect(drawn(after.body)).toBe(before + 2);
      expect(after.body).toMatch(/^page_render_seconds_sum\{template="pages\/sign-in\.njk"\} [\d.e-]+$/m);
    } finally {
      await app.close();
    }
  });

  it('tells browsers and proxies to keep no page, and turns off the browser features no page uses', async () => {
    const user = await createTestUser(t.db, 'partnership_admin');
    const client = new TestClient(t.app);
    await client.signIn(user.email, user.password);
    for (const url of ['/', '/registry/settings', '/sign-in']) {
      const page = await client.get(url);
      expect(page.headers['cache-control'], url).toBe('no-store');
      expect(page.headers['permissions-policy'], url).toContain('camera=()');
    }
    const api = await t.app.inject({ url: '/api/v1/encompass/incidents' });
    expect(api.headers['cache-control']).toBe('no-store');
    const asset = await t.app.inject({ url: '/assets/images/favicon.ico' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('max-age');
  });

  it('leaves an intact audit chain behind', async () => {
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
