/**
 * The step-up: a review's case page, a list of children exported and a merge of children ask the
 * user to prove who they are again after STEP_UP_MINUTES. A GET goes to /confirm-identity and
 * back; a POST is refused with a page that explains and links to the check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../calendar/civil-date.ts';
import { londonDate } from '../calendar/index.ts';
import * as clock from '../clock.ts';
import {
  TestClient,
  type TestApp,
  buildTestApp,
  createTestUser,
  nextCode,
  seedSmallPartnership,
} from '../testing/app.ts';
import type { SignedInUser } from './permissions.ts';
import { stepUpDue } from './step-up.ts';

describe('stepUpDue', () => {
  const user = (verifiedAt: Date): SignedInUser => ({
    id: 'u',
    email: 'u@test.example',
    givenName: 'U',
    familyName: 'U',
    role: 'dsl',
    organisationId: null,
    teamId: null,
    teamDistrictId: null,
    settingId: null,
    session: { verifiedAt, secondFactor: false },
  });
  const now = new Date('2026-12-07T10:00:00Z');
  it('is due only after the configured minutes have passed since the last proof', () => {
    expect(stepUpDue(user(new Date('2026-12-07T09:50:00Z')), 10, now)).toBe(false);
    expect(stepUpDue(user(new Date('2026-12-07T09:49:59Z')), 10, now)).toBe(true);
    expect(stepUpDue(user(new Date('2026-12-07T09:31:00Z')), 30, now)).toBe(false);
  });
  it('is due when the session says nothing about the last proof', () => {
    const { session: _ignored, ...bare } = user(now);
    expect(stepUpDue(bare, 10, now)).toBe(true);
  });
});

describe('the step-up over HTTP', () => {
  let t: TestApp;
  let at = Date.now();
  const advance = (minutes: number) => {
    at += minutes * 60_000;
    clock.freezeClockAt(new Date(at));
  };

  beforeAll(async () => {
    clock.freezeClockAt(new Date(at));
    t = await buildTestApp({ env: { STEP_UP_MINUTES: '10' } });
    await seedSmallPartnership(t.db);
  });
  afterAll(async () => {
    clock.resetClock();
    await t.close();
  });

  it("asks a review group member for a fresh code before a review's case, and returns them to it", async () => {
    const member = await createTestUser(t.db, 'review_group_member');
    const client = new TestClient(t.app);
    expect((await client.signIn(member.email, member.password)).statusCode).toBe(303);
    const today = londonDate(clock.now());
    await client.get('/reviews/notifications/new');
    const created = await client.post('/reviews/notifications', {
      givenName: 'Kayden',
      familyName: 'Stepuptest',
      dateOfBirth: '2019-03-04',
      sex: 'male',
      incidentOn: addDays(today, -20),
      incidentSummary: 'Serious injury at home; neglect suspected.',
      becameAwareOn: addDays(today, -18),
    });
    expect(created.statusCode, created.body).toBe(303);
    const casePath = created.headers.location as string;
    // Just signed in with the second factor: the case opens.
    expect((await client.get(casePath)).statusCode).toBe(200);

    advance(11);
    const asked = await client.get(casePath);
    expect(asked.statusCode).toBe(303);
    expect(asked.headers.location).toBe(`/confirm-identity?returnTo=${encodeURIComponent(casePath)}`);
    const form = await client.get(asked.headers.location as string);
    expect(form.body).toContain('enter the code your authenticator app shows now');
    const wrong = await client.post('/confirm-identity', { code: '000000', returnTo: casePath });
    expect(wrong.statusCode).toBe(401);
    const confirmed = await client.post('/confirm-identity', {
      code: nextCode(member.email),
      returnTo: casePath,
    });
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toBe(casePath);
    const page = await client.get(casePath);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Stepuptest');

    const steps = await t.db
      .selectFrom('auditLog')
      .select('outcome')
      .where('action', '=', 'step-up')
      .where('userId', '=', member.id)
      .execute();
    expect(steps.map((s) => s.outcome).sort()).toEqual(['denied', 'success']);
  });

  it('asks a user without a second factor for the password again before a list of children is exported', async () => {
    const coordinator = await createTestUser(t.db, 'get_safe_coordinator');
    const client = new TestClient(t.app);
    await client.signIn(coordinator.email, coordinator.password);
    expect((await client.get('/exploitation/flags.csv')).statusCode).toBe(200);
    advance(11);
    const asked = await client.get('/exploitation/flags.csv');
    expect(asked.headers.location).toBe('/confirm-identity?returnTo=%2Fexploitation%2Fflags.csv');
    const form = await client.get(asked.headers.location as string);
    expect(form.body).toContain('enter your password again');
    expect(
      (await client.post('/confirm-identity', { password: 'not-it', returnTo: '/exploitation/flags.csv' }))
        .statusCode,
    ).toBe(401);
    const ok = await client.post('/confirm-identity', {
      password: coordinator.password,
      returnTo: '/exploitation/flags.csv',
    });
    expect(ok.headers.location).toBe('/exploitation/flags.csv');
    const csv = await client.get('/exploitation/flags.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
  });

  it('refuses a merge sent after the time has passed, with a page that links to the check; nothing is decided', async () => {
    const quality = await createTestUser(t.db, 'data_quality');
    const client = new TestClient(t.app);
    await client.signIn(quality.email, quality.password);
    await client.get('/children/duplicates');
    advance(11);
    const refused = await client.post('/children/duplicates/1/merge', { keep: 'a' });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Confirm it is you first');
    expect(refused.body).toContain('href="/confirm-identity?returnTo=');
    const denied = await t.db
      .selectFrom('auditLog')
      .select(['outcome', 'reason'])
      .where('userId', '=', quality.id)
      .where('reason', '=', 'step-up needed')
      .execute();
    expect(denied).toHaveLength(1);
    // After the check, the same form reaches the merge itself (here: no such pair, so 404).
    await client.get('/confirm-identity?returnTo=%2Fchildren%2Fduplicates');
    await client.post('/confirm-identity', {
      code: nextCode(quality.email),
      returnTo: '/children/duplicates',
    });
    await client.get('/children/duplicates');
    expect((await client.post('/children/duplicates/1/merge', { keep: 'a' })).statusCode).not.toBe(403);
  });
});
