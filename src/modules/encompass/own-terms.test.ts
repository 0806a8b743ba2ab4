/**
 * A setting with its own term dates (an independent school): its notices fall due at the start of
 * its own next school day, not the local authority's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/audit/audit-log.ts';
import { freezeClockAt, resetClock } from '../../platform/clock.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import { recordThroughJourney } from './journey-testing.ts';

describe('a setting with its own term dates', () => {
  let t: TestApp;
  let admin: TestClient;
  let officer: TestClient;
  let riverside: number;

  beforeAll(async () => {
    t = await buildTestApp();
    const place = await seedSmallPartnership(t.db);
    riverside = place.settings.riverside;
    const found = await t.services.children.findOrCreateChild(
      SYSTEM_ACTOR,
      { givenName: 'Oscar', familyName: 'Owntermtest', dateOfBirth: '2012-03-04', sex: 'unknown' },
      { districtId: place.districts.south },
    );
    if (found.status === 'ambiguous') throw new Error('ambiguous');
    await t.db
      .insertInto('childEnrolment')
      .values({ childId: found.childId, settingId: riverside, onRollFrom: '2023-09-01' })
      .execute();
    const adminUser = await createTestUser(t.db, 'partnership_admin');
    admin = new TestClient(t.app);
    await admin.signIn(adminUser.email, adminUser.password);
    const police = await createTestUser(t.db, 'police_officer', {
      organisationId: place.organisations.police,
    });
    officer = new TestClient(t.app);
    await officer.signIn(police.email, police.password);
  });
  afterAll(async () => {
    resetClock();
    await t?.close();
  });

  it('is kept by the admin, refusing a term that ends before it starts or overlaps another', async () => {
    await admin.get(`/registry/settings/${riverside}/terms/new`);
    const add = (name: string, startsOn: string, endsOn: string) =>
      admin.post(`/registry/settings/${riverside}/terms`, { name, startsOn, endsOn });
    expect((await add('Michaelmas', '2026-09-08', '2026-12-11')).statusCode).toBe(303);
    expect((await add('Lent', '2027-01-11', '2027-03-26')).statusCode).toBe(303);
    const backwards = await add('Summer', '2027-07-10', '2027-04-20');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('The last day of the term must be the same as or after the first');
    const overlapping = await add('Extra', '2027-03-01', '2027-04-01');
    expect(overlapping.statusCode).toBe(400);
    expect(overlapping.body).toContain('The term overlaps Lent');
    const page = await admin.get(`/registry/settings/${riverside}`);
    expect(page.body).toContain('The setting keeps its own term dates');
    // The terms come back with the setting's page in its one audited statement.
    expect(page.body).toMatch(/Lent: 11 January 2027 to 26 March 2027/);
    expect(await t.db.selectFrom('settingTerm').select('id').execute()).toHaveLength(2);
  });

  it('routes a notice to the start of the setting’s own next school day', async () => {
    // Friday 11 December 2026, evening: the local authority's next school day is Monday 14th, but
    // this school's Michaelmas term has ended; its Lent term starts on Monday 11 January 2027.
    freezeClockAt(new Date('2026-12-11T21:00:00Z'));
    await officer.get('/encompass/incidents/new');
    const response = await recordThroughJourney(officer, {
      policeReference: 'OWN/2026/0001',
      occurredDate: '2026-12-11',
      occurredTime: '19:30',
      place: 'The family home',
      districtCode: 'SOUTH',
      circumstances: 'An argument between adults.',
      riskLevel: 'medium',
      officerName: 'PC Test',
      child0_givenName: 'Oscar',
      child0_familyName: 'Owntermtest',
      child0_dateOfBirth: '2012-03-04',
      child0_address: '4 Term Row',
      child0_presence: 'elsewhere_in_home',
      child0_spokenTo: 'no',
    });
    expect(response.statusCode, response.body.slice(0, 500)).toBe(303);
    const notice = await t.db
      .selectFrom('encompassNotice')
      .select(['recipient', 'settingId', 'dueAt'])
      .executeTakeFirstOrThrow();
    expect(notice).toMatchObject({ recipient: 'setting', settingId: riverside });
    expect(notice.dueAt.toISOString()).toBe('2027-01-11T08:30:00.000Z');
  });
});
