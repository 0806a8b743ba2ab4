/**
 * The TOTP second factor over HTTP: enrolment with a QR code and the key as text, recovery codes
 * shown once, the code asked after the password, replays refused, wrong codes throttled, and the
 * optional second factor turned on and off. Codes are computed here from the key the page shows.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as clock from '../clock.ts';
import { TestClient, type TestApp, buildTestApp, createTestUser } from '../testing/app.ts';
import { decryptSecret, timeStep, totpCode } from './totp.ts';

const secretOf = (body: string) => /data-secret="([A-Z2-7]+)"/.exec(body)?.[1] ?? '';
const recoveryCodesOf = (body: string) =>
  [...body.matchAll(/<li><code>([a-z2-7]{5}-[a-z2-7]{5})<\/code><\/li>/g)].map((m) => m[1]!);

describe('the second factor', () => {
  let t: TestApp;
  let at = Date.now();
  const tick = (seconds = 30) => {
    at += seconds * 1000;
    clock.freezeClockAt(new Date(at));
  };
  const codeNow = (secret: string, offset = 0) => totpCode(secret, timeStep(clock.now()) + offset);

  beforeAll(async () => {
    t = await buildTestApp();
    clock.freezeClockAt(new Date(at));
  });
  afterEach(() => tick(120));
  afterAll(async () => {
    clock.resetClock();
    await t.close();
  });

  const audits = async (userId: string) =>
    (
      await t.db
        .selectFrom('auditLog')
        .select(['action', 'outcome'])
        .where('recordId', '=', userId)
        .orderBy('at')
        .orderBy('seq')
        .execute()
    ).map((a) => `${a.action}:${a.outcome}`);

  it('sends a partnership admin to set one up after the password, and signs in only once it is confirmed', async () => {
    const admin = await createTestUser(t.db, 'partnership_admin');
    const client = new TestClient(t.app);
    await client.get('/sign-in');
    const first = await client.post('/sign-in', { email: admin.email, password: admin.password });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe('/second-factor/set-up');
    // Not signed in yet: nothing but the set-up opens.
    expect((await client.get('/')).headers.location).toBe('/sign-in');
    expect((await client.get('/registry/settings')).headers.location).toMatch(/^\/sign-in/);

    const page = await client.get('/second-factor/set-up');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<svg role="img" aria-label="QR code');
    const secret = secretOf(page.body);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // Reloading shows the same key (the app may already have it).
    expect(secretOf((await client.get('/second-factor/set-up')).body)).toBe(secret);

    // Stored encrypted, never in clear.
    const stored = await t.db
      .selectFrom('userSecondFactor')
      .selectAll()
      .where('userId', '=', admin.id)
      .executeTakeFirstOrThrow();
    expect(stored.secretEncrypted).not.toContain(secret);
    expect(decryptSecret(stored.secretEncrypted, t.services.config.secondFactorKey)).toBe(secret);
    expect(stored.confirmedAt).toBeNull();

    const wrong = await client.post('/second-factor/set-up', { code: codeNow(secret, 5) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('The code is not right');
    const right = await client.post('/second-factor/set-up', { code: codeNow(secret) });
    expect(right.statusCode).toBe(303);
    expect(right.headers.location).toBe('/second-factor/recovery-codes?returnTo=%2F');

    const shown = await client.get('/second-factor/recovery-codes?returnTo=%2F');
    const codes = recoveryCodesOf(shown.body);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    // Shown once: the next visit shows none of them.
    const again = await client.get('/second-factor/recovery-codes');
    expect(recoveryCodesOf(again.body)).toEqual([]);
    expect(again.body).toContain('You have 10 unused recovery codes left');
    const hashes = await t.db
      .selectFrom('userRecoveryCode')
      .select('codeHash')
      .where('userId', '=', admin.id)
      .execute();
    expect(hashes).toHaveLength(10);
    for (const code of codes)
      expect(hashes.map((h) => h.codeHash).join()).not.toContain(code.replace('-', ''));

    expect((await client.get('/')).body).toContain('your start page');
    expect(await audits(admin.id)).toEqual([
      'sign-in-first-step:success',
      'second-factor-enrol:denied',
      'second-factor-enrol:success',
      'sign-in:success',
      'recovery-codes-issued:success',
    ]);
  });

  it('asks for the code after the password; a code used once, or a wrong one, does not pass', async () => {
    const auditor = await createTestUser(t.db, 'auditor');
    const client = new TestClient(t.app);
    await client.get('/sign-in');
    await client.post('/sign-in', { email: auditor.email, password: auditor.password });
    const secret = secretOf((await client.get('/second-factor/set-up')).body);
    const enrolCode = codeNow(secret);
    expect((await client.post('/second-factor/set-up', { code: enrolCode })).statusCode).toBe(303);
    await client.post('/sign-out', {});

    const again = new TestClient(t.app);
    await again.get('/sign-in');
    const first = await again.post('/sign-in', { email: auditor.email, password: auditor.password });
    expect(first.headers.location).toBe('/second-factor');
    expect((await again.get('/')).headers.location).toBe('/sign-in');
    expect((await again.get('/second-factor')).body).toContain('Enter the code from your authenticator app');
    // The enrolment's code, replayed in the same 30 seconds: refused.
    const replay = await again.post('/second-factor', { code: enrolCode });
    expect(replay.statusCode).toBe(401);
    expect(replay.body).toContain('each code works once');
    // The next step's code (one step of drift is allowed) passes.
    const next = codeNow(secret, 1);
    const ok = await again.post('/second-factor', { code: next });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/');
    expect((await again.get('/')).body).toContain('Case auditor: your start page');
    const session = await t.db
      .selectFrom('userSession')
      .select('secondFactor')
      .where('userId', '=', auditor.id)
      .executeTakeFirstOrThrow();
    expect(session.secondFactor).toBe(true);

    // A code two steps away is outside the window.
    tick(90);
    const third = new TestClient(t.app);
    await third.get('/sign-in');
    await third.post('/sign-in', { email: auditor.email, password: auditor.password });
    await third.get('/second-factor');
    expect((await third.post('/second-factor', { code: codeNow(secret, -2) })).statusCode).toBe(401);
    expect((await third.post('/second-factor', { code: codeNow(secret, -1) })).statusCode).toBe(303);

    const log = await audits(auditor.id);
    expect(log.filter((a) => a === 'second-factor-verify:denied')).toHaveLength(2);
    expect(log.filter((a) => a === 'second-factor-verify:success')).toHaveLength(2);
  });

  it('counts wrong codes in the sign-in throttle', async () => {
    const quality = await createTestUser(t.db, 'data_quality');
    const client = new TestClient(t.app);
    await client.get('/sign-in');
    await client.post('/sign-in', { email: quality.email, password: quality.password });
    const secret = secretOf((await client.get('/second-factor/set-up')).body);
    await client.post('/second-factor/set-up', { code: codeNow(secret) });
    await client.post('/sign-out', {});
    tick();

    const guesser = new TestClient(t.app);
    await guesser.get('/sign-in');
    await guesser.post('/sign-in', { email: quality.email, password: quality.password });
    await guesser.get('/second-factor');
    const statuses: number[] = [];
    for (const guess of ['000000', '111111', '222222', '333333'])
      statuses.push(
        (await guesser.post('/second-factor', { code: guess === codeNow(secret) ? '444444' : guess }))
          .statusCode,
      );
    expect(statuses).toEqual([401, 401, 401, 429]);
    // Even the right code waits until the throttle allows another try.
    const waiting = await guesser.post('/second-factor', { code: codeNow(secret) });
    expect(waiting.statusCode).toBe(429);
    expect(waiting.body).toContain('Too many wrong codes');
    tick(16);
    expect((await guesser.post('/second-factor', { code: codeNow(secret) })).statusCode).toBe(303);
  });

  it('lets a recovery code sign in once, audited', async () => {
    const reviewer = await createTestUser(t.db, 'review_group_member');
    const client = new TestClient(t.app);
    await client.get('/sign-in');
    await client.post('/sign-in', { email: reviewer.email, password: reviewer.password });
    const secret = secretOf((await client.get('/second-factor/set-up')).body);
    await client.post('/second-factor/set-up', { code: codeNow(secret) });
    const [code] = recoveryCodesOf((await client.get('/second-factor/recovery-codes')).body);
    await client.post('/sign-out', {});

    const signIn = async (given: string) => {
      const c = new TestClient(t.app);
      await c.get('/sign-in');
      await c.post('/sign-in', { email: reviewer.email, password: reviewer.password });
      await c.get('/second-factor');
      return c.post('/second-factor', { code: given });
    };
    expect((await signIn(code!.toUpperCase())).statusCode).toBe(303);
    expect((await signIn(code!)).statusCode).toBe(401);
    const log = await audits(reviewer.id);
    expect(log.filter((a) => a === 'recovery-code-used:success')).toHaveLength(1);
  });

  it('is optional for other roles: on from the account page, off only with a code', async () => {
    const dsl = await createTestUser(t.db, 'dsl');
    const client = new TestClient(t.app);
    const signedIn = await client.signIn(dsl.email, dsl.password);
    expect(signedIn.headers.location).toBe('/');
    const account = await client.get('/account/second-factor');
    expect(account.body).toContain('Set up a second factor');
    expect(account.body).toContain('Optional');
    const secret = secretOf((await client.get('/second-factor/set-up')).body);
    expect((await client.post('/second-factor/set-up', { code: codeNow(secret) })).statusCode).toBe(303);
    expect((await client.get('/account/second-factor')).body).toContain(
      'On: a code from your authenticator app',
    );

    // Now the sign-in asks for it.
    const later = new TestClient(t.app);
    await later.get('/sign-in');
    expect(
      (await later.post('/sign-in', { email: dsl.email, password: dsl.password })).headers.location,
    ).toBe('/second-factor');

    await client.get('/account/second-factor');
    const wrong = await client.post('/account/second-factor/turn-off', { code: '000000' });
    expect(wrong.statusCode).toBe(401);
    tick();
    const off = await client.post('/account/second-factor/turn-off', { code: codeNow(secret) });
    expect(off.statusCode).toBe(303);
    expect(
      await t.db.selectFrom('userSecondFactor').select('userId').where('userId', '=', dsl.id).execute(),
    ).toEqual([]);
    expect((await audits(dsl.id)).at(-1)).toBe('second-factor-off:success');
  });

  it('cannot be turned off by a role that needs it', async () => {
    const admin = await createTestUser(t.db, 'partnership_admin');
    const client = new TestClient(t.app);
    expect((await client.signIn(admin.email, admin.password)).statusCode).toBe(303);
    const account = await client.get('/account/second-factor');
    expect(account.body).toContain('cannot be turned off');
    tick();
    const refused = await client.post('/account/second-factor/turn-off', { code: '123456' });
    expect(refused.statusCode).toBe(403);
    expect(
      await t.db.selectFrom('userSecondFactor').select('userId').where('userId', '=', admin.id).execute(),
    ).toHaveLength(1);
  });
});

describe('a copy without the requirement (SECOND_FACTOR_REQUIRED=off)', () => {
  it('signs an admin in with the password alone, and says so on the sign-in page; production refuses it', async () => {
    const t = await buildTestApp({ env: { SECOND_FACTOR_REQUIRED: 'off' } });
    try {
      const admin = await createTestUser(t.db, 'partnership_admin');
      const client = new TestClient(t.app);
      expect((await client.get('/sign-in')).body).toContain('SECOND_FACTOR_REQUIRED=off');
      const r = await client.post('/sign-in', { email: admin.email, password: admin.password });
      expect(r.headers.location).toBe('/');
    } finally {
      await t.close();
    }
    const { loadConfig } = await import('../config/index.ts');
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        SESSION_SECRET: 'x'.repeat(40),
        BASE_URL: 'https://hub.example',
        SECOND_FACTOR_REQUIRED: 'off',
      }),
    ).toThrow(/SECOND_FACTOR_REQUIRED is off only in a demo/);
    expect(
      loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), BASE_URL: 'https://hub.example' })
        .secondFactorRequired,
    ).toBe(true);
  });
});
