/**
 * The account-wide lock: a password-guessing attack spread over many addresses at one account
 * locks password-only sign-in, while the owner's password and second factor still sign in; an
 * unknown email is answered exactly as a known one, locked or not; the lock ends after a full
 * sign-in, a new password from the emailed link, or an hour without failures; each is audited.
 */
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as clock from '../clock.ts';
import { TestClient, type TestApp, buildTestApp, createTestUser, nextCode } from '../testing/app.ts';
import { ACCOUNT_FAILURES_PER_HOUR, ACCOUNT_LOCKED_MESSAGE } from './account-lock.ts';

const LOCKED_TEXT = 'Signing in to this account with a password alone is paused';

describe('the account-wide sign-in lock', () => {
  let t: TestApp;
  let at = Date.now();
  const tick = (seconds: number) => {
    at += seconds * 1000;
    clock.freezeClockAt(new Date(at));
  };
  let addressCounter = 0;
  /** A browser at an address no other test uses (behind the trusted proxy). */
  const fromNewAddress = () => {
    addressCounter++;
    return new TestClient(t.app, {
      'x-forwarded-for': `198.18.${Math.floor(addressCounter / 250)}.${(addressCounter % 250) + 1}`,
    });
  };

  beforeAll(async () => {
    t = await buildTestApp({ env: { TRUST_PROXY: '127.0.0.1' } });
    clock.freezeClockAt(new Date(at));
  });
  afterEach(() => tick(120));
  afterAll(async () => {
    clock.resetClock();
    await t.close();
  });

  /** One guess from each of `addresses` new addresses; answers each response. */
  const spreadAttack = async (email: string, addresses: number) => {
    const answers = [];
    for (let i = 0; i < addresses; i++) {
      const client = fromNewAddress();
      await client.get('/sign-in');
      answers.push(await client.post('/sign-in', { email, password: `guess-number-${i}` }));
    }
    return answers;
  };

  const auditOf = (action: string) =>
    t.db
      .selectFrom('auditLog')
      .select(['recordId', 'reason', 'outcome'])
      .where('action', '=', action)
      .orderBy('at')
      .execute();

  /** A partnership admin whose authenticator TestClient holds (enrolled at a first sign-in). */
  const enrolledAdmin = async () => {
    const user = await createTestUser(t.db, 'partnership_admin');
    expect((await fromNewAddress().signIn(user.email, user.password)).statusCode).toBe(303);
    tick(60);
    return user;
  };

  it('locks an account attacked from 50 addresses; the password alone is refused, the password and a code pass', async () => {
    const user = await enrolledAdmin();
    const answers = await spreadAttack(user.email, 50);
    // No address failed more than once, so only the account-wide limit can stop the guesses.
    expect(answers.slice(0, ACCOUNT_FAILURES_PER_HOUR).every((r) => r.statusCode === 401)).toBe(true);
    expect(answers[ACCOUNT_FAILURES_PER_HOUR - 1]!.body).not.toContain(LOCKED_TEXT);
    for (const r of answers.slice(ACCOUNT_FAILURES_PER_HOUR)) {
      expect(r.statusCode).toBe(401);
      expect(r.body).toContain(LOCKED_TEXT);
      expect(r.body).toContain('name="code"');
    }
    const locks = await auditOf('sign-in-lock');
    expect(locks.filter((a) => a.recordId === user.id)).toHaveLength(1);

    // The right password alone, from a fresh address: the locked answer, no session, no second-factor step.
    const owner = fromNewAddress();
    await owner.get('/sign-in');
    const alone = await owner.post('/sign-in', { email: user.email, password: user.password });
    expect(alone.statusCode).toBe(401);
    expect(alone.body).toContain(LOCKED_TEXT);
    expect(alone.headers.location).toBeUndefined();
    expect(alone.cookies.some((c) => c.name === 'sgh_session' && c.value)).toBe(false);
    // A right code with a wrong password does not pass either.
    tick(30);
    const wrongPassword = await owner.post('/sign-in', {
      email: user.email,
      password: 'guess-with-code',
      code: nextCode(user.email),
    });
    expect(wrongPassword.statusCode).toBe(401);
    expect(wrongPassword.body).toContain(LOCKED_TEXT);

    // The password and a current code together sign in, and end the lock.
    tick(30);
    const both = await owner.post('/sign-in', {
      email: user.email,
      password: user.password,
      code: nextCode(user.email),
    });
    expect(both.statusCode).toBe(303);
    expect((await owner.get('/')).body).toContain('your start page');
    const unlocks = (await auditOf('sign-in-unlock')).filter((a) => a.recordId === user.id);
    expect(unlocks.map((a) => a.reason)).toEqual(['password and second factor']);
    const session = await t.db
      .selectFrom('userSession')
      .select('secondFactor')
      .where('userId', '=', user.id)
      .orderBy('createdAt', 'desc')
      .executeTakeFirstOrThrow();
    expect(session.secondFactor).toBe(true);

    // Reset: the password leads to the second-factor step again, as for any sign-in.
    const later = fromNewAddress();
    await later.get('/sign-in');
    const again = await later.post('/sign-in', { email: user.email, password: user.password });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe('/second-factor');
  });

  it('answers an unknown email exactly as a known one, before, at and after the lock', async () => {
    const user = await enrolledAdmin();
    const unknown = 'nobody.at.all@test.example';
    const normalise = (body: string, email: string) =>
      body
        .replace(/value="[^"]*"/g, '')
        .replace(/nonce="[^"]*"/g, '')
        .replaceAll(email, 'EMAIL');
    const attempts = ACCOUNT_FAILURES_PER_HOUR + 3;
    const known = (await spreadAttack(user.email, attempts)).map(
      (r) => `${r.statusCode} ${normalise(r.body, user.email)}`,
    );
    const stranger = (await spreadAttack(unknown, attempts)).map(
      (r) => `${r.statusCode} ${normalise(r.body, unknown)}`,
    );
    expect(stranger).toEqual(known);
    expect(known.at(-1)).toContain(LOCKED_TEXT);
    // The owner's right password, while locked, answers as a guess at an unknown email does.
    const owner = fromNewAddress();
    await owner.get('/sign-in');
    const right = await owner.post('/sign-in', { email: user.email, password: user.password });
    const other = fromNewAddress();
    await other.get('/sign-in');
    const guess = await other.post('/sign-in', { email: unknown, password: 'another-guess' });
    expect(right.statusCode).toBe(guess.statusCode);
    expect(normalise(right.body, user.email)).toBe(normalise(guess.body, unknown));
    // The lock of an email with no account is audited too, with no account named.
    const locks = await auditOf('sign-in-lock');
    expect(locks.some((a) => a.recordId === null && a.reason?.includes('no account'))).toBe(true);
  });

  it('a user without a second factor gets back in with the emailed link; the lock also ends after an hour', async () => {
    const user = await createTestUser(t.db, 'police_officer');
    await spreadAttack(user.email, ACCOUNT_FAILURES_PER_HOUR);
    const owner = fromNewAddress();
    await owner.get('/sign-in');
    const alone = await owner.post('/sign-in', { email: user.email, password: user.password });
    expect(alone.statusCode).toBe(401);
    expect(alone.body).toContain(ACCOUNT_LOCKED_MESSAGE.replaceAll('“', '&#8220;').slice(0, 40));
    expect(alone.body).toContain('href="/forgotten-password"');

    // The link the owner's inbox receives (stored here as requestPasswordReset would store it).
    const token = 'x'.repeat(43);
    await t.db
      .insertInto('passwordReset')
      .values({
        email: user.email,
        address: '198.18.9.9',
        userId: user.id,
        tokenHash: createHash('sha256').update(token).digest('hex'),
        expiresAt: new Date(clock.now().getTime() + 600_000),
      })
      .execute();
    await owner.get(`/reset-password?token=${token}`);
    const newPassword = 'a-brand-new-long-password';
    const reset = await owner.post('/reset-password', {
      token,
      password: newPassword,
      confirmPassword: newPassword,
    });
    expect(reset.statusCode).toBe(200);
    await owner.get('/sign-in');
    expect((await owner.post('/sign-in', { email: user.email, password: newPassword })).statusCode).toBe(303);
    const unlocks = (await auditOf('sign-in-unlock')).filter((a) => a.recordId === user.id);
    expect(unlocks.map((a) => a.reason)).toEqual(['new password set with the emailed link']);

    // Locked again; an hour with no failures ends the lock by itself, audited as expired.
    await spreadAttack(user.email, ACCOUNT_FAILURES_PER_HOUR);
    const still = fromNewAddress();
    await still.get('/sign-in');
    expect((await still.post('/sign-in', { email: user.email, password: newPassword })).body).toContain(
      LOCKED_TEXT,
    );
    tick(61 * 60);
    const afterHour = fromNewAddress();
    await afterHour.get('/sign-in');
    expect((await afterHour.post('/sign-in', { email: user.email, password: newPassword })).statusCode).toBe(
      303,
    );
    const reasons = (await auditOf('sign-in-unlock'))
      .filter((a) => a.recordId === user.id)
      .map((a) => a.reason);
    expect(reasons).toEqual(['new password set with the emailed link', 'expired']);
  });
});
