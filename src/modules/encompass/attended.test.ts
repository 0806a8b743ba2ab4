/**
 * When the police attended (or were told): a notice is due before the next school day after the
 * police learned of the incident, not after it was recorded here; the dashboard shows the police's
 * delay (attended → recorded) apart from the sending delay (recorded → sent).
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
import { createApiClient } from './index.ts';
import { EncompassMonitoring } from './monitoring/service.ts';
import { periodOf } from './monitoring/schema.ts';
import { recordThroughJourney } from './journey-testing.ts';

describe('when the police attended', () => {
  let t: TestApp;
  let token: string;
  let oakfield: number;
  let officer: TestClient;

  const child = {
    givenName: 'Amira',
    familyName: 'Attendedfamily',
    dateOfBirth: '2018-05-04',
    address: '3 Attended Row',
    presence: 'in_room',
    spokenTo: false,
  };
  const incident = (reference: string, extra: Record<string, unknown> = {}) => ({
    policeReference: reference,
    occurredAt: '2026-11-26T21:00:00Z',
    place: 'The family home',
    districtCode: 'NORTH',
    circumstances: 'A verbal argument between adults.',
    riskLevel: 'medium',
    officerName: 'PC 0001 Attended Officer',
    children: [child],
    ...extra,
  });
  const post = (payload: unknown) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/encompass/incidents',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      payload: JSON.stringify(payload),
    });

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' } });
    const place = await seedSmallPartnership(t.db);
    oakfield = place.settings.oakfield;
    const found = await t.services.children.findOrCreateChild(
      SYSTEM_ACTOR,
      { ...child, sex: 'unknown' },
      { districtId: place.districts.north },
    );
    if (found.status === 'ambiguous') throw new Error('test child is ambiguous');
    await t.db
      .insertInto('childEnrolment')
      .values({ childId: found.childId, settingId: oakfield, onRollFrom: '2024-09-01' })
      .execute();
    token = (
      await createApiClient(t.db, {
        name: 'Attended test force',
        organisationCode: 'POL',
        scopes: ['encompass:incidents'],
      })
    ).token;
    const user = await createTestUser(t.db, 'police_officer', { organisationId: place.organisations.police });
    officer = new TestClient(t.app);
    await officer.signIn(user.email, user.password);
  });
  afterAll(async () => {
    resetClock();
    await t?.close();
  });

  it('is due before the next school day after the police attended, not after recording', async () => {
    // Attended Thursday 26 November at 21:30; recorded here Friday at 10:00, after Friday's
    // school day started. The setting should have known by Friday 08:45, so it is late already.
    freezeClockAt(new Date('2026-11-27T10:00:00Z'));
    const response = await post(incident('ATT/2026/0001', { attendedAt: '2026-11-26T21:30:00Z' }));
    expect(response.statusCode, response.body).toBe(201);
    const { incidentId } = response.json() as { incidentId: string };
    const notice = await t.db
      .selectFrom('encompassNotice')
      .select(['recipient', 'settingId', 'dueAt', 'sendBy'])
      .where('incidentId', '=', incidentId)
      .executeTakeFirstOrThrow();
    expect(notice).toMatchObject({ recipient: 'setting', settingId: oakfield });
    expect(notice.dueAt.toISOString()).toBe('2026-11-27T08:45:00.000Z');
    expect(notice.sendBy.toISOString()).toBe('2026-11-27T08:45:00.000Z');

    const read = await t.app.inject({
      method: 'GET',
      url: `/api/v1/encompass/incidents/${incidentId}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(read.json()).toMatchObject({
      attendedAt: '2026-11-26T21:30:00.000Z',
      recordedAt: '2026-11-27T10:00:00.000Z',
    });
  });

  it('takes when it happened when an older client leaves attendedAt out', async () => {
    freezeClockAt(new Date('2026-11-27T10:05:00Z'));
    const response = await post(incident('ATT/2026/0002'));
    expect(response.statusCode, response.body).toBe(201);
    const { incidentId } = response.json() as { incidentId: string };
    const row = await t.db
      .selectFrom('encompassIncident')
      .select(['attendedAt', 'occurredAt'])
      .where('id', '=', incidentId)
      .executeTakeFirstOrThrow();
    expect(row.attendedAt.toISOString()).toBe('2026-11-26T21:00:00.000Z');
  });

  it('refuses a time before the incident, or after it is recorded, on attendedAt', async () => {
    freezeClockAt(new Date('2026-11-27T10:10:00Z'));
    const before = await post(incident('ATT/2026/0003', { attendedAt: '2026-11-26T20:00:00Z' }));
    expect(before.statusCode).toBe(400);
    expect(JSON.stringify(before.json())).toContain('before the incident happened');
    const after = await post(incident('ATT/2026/0004', { attendedAt: '2026-11-27T12:00:00Z' }));
    expect(after.statusCode).toBe(400);
    expect(JSON.stringify(after.json())).toContain('attendedAt');
    const saved = await t.db
      .selectFrom('encompassIncident')
      .select('policeReference')
      .where('policeReference', 'in', ['ATT/2026/0003', 'ATT/2026/0004'])
      .execute();
    expect(saved).toEqual([]);
  });

  it('asks for it on the officer’s form, and shows a bad one on its field', async () => {
    freezeClockAt(new Date('2026-11-27T10:15:00Z'));
    const form = await officer.get('/encompass/incidents/new');
    expect(form.body).toContain('name="attendedDate-day"');
    expect(form.body).toContain('name="attendedTime"');
    const response = await recordThroughJourney(officer, {
      policeReference: 'ATT/2026/0005',
      occurredDate: '2026-11-26',
      occurredTime: '21:00',
      attendedDate: '2026-11-26',
      attendedTime: '20:00',
      place: 'The family home',
      districtCode: 'NORTH',
      circumstances: 'A verbal argument.',
      riskLevel: 'medium',
      officerName: 'PC Test Officer',
      child0_givenName: child.givenName,
      child0_familyName: child.familyName,
      child0_dateOfBirth: child.dateOfBirth,
      child0_address: child.address,
      child0_presence: 'in_room',
      child0_spokenTo: 'no',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('href="#attendedDate-day"');
    expect(response.body).toContain('before the incident happened');
  });

  it('shows the police delay apart from the sending delay on the dashboard, as hand counted', async () => {
    // Two incidents recorded on 27 November: attended 12 h 30 min before (ATT/0001) and
    // 13 h 5 min before (ATT/0002, attended when it happened). Their notices were sent at once.
    // One notice is then said to have reached its setting 2 hours after recording.
    const sent = await t.db
      .selectFrom('encompassNotice as n')
      .innerJoin('encompassIncident as i', 'i.id', 'n.incidentId')
      .select(['n.id', 'i.recordedAt'])
      .where('i.policeReference', '=', 'ATT/2026/0002')
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable('encompassNotice')
      .set({ sentAt: new Date(sent.recordedAt.getTime() + 2 * 3600_000) })
      .where('id', '=', sent.id)
      .execute();
    const monitoring = new EncompassMonitoring(t.db, () => null, 'http://localhost');
    const dashboard = await monitoring.dashboard(
      periodOf('2026-11-27', '2026-11-27'),
      new Date('2026-11-28T00:00:00Z'),
    );
    const { police, sending } = dashboard.delays;
    expect(police.measured).toBe(2);
    expect(police.medianSeconds).toBe(((12.5 + 13 + 5 / 60) / 2) * 3600);
    expect(police.bands).toEqual([0, 0, 0, 2, 0]);
    expect(sending.measured).toBe(2);
    expect(sending.medianSeconds).toBe(3600);
    expect(sending.bands).toEqual([1, 1, 0, 0, 0]);

    const admin = await createTestUser(t.db, 'partnership_admin');
    const client = new TestClient(t.app);
    await client.signIn(admin.email, admin.password);
    const page = await client.get('/encompass/dashboard?from=2026-11-27&to=2026-11-27');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="chart-delays"');
    expect(page.body).toContain('id="table-delays"');
    expect(page.body).toContain('Police delay');
    expect(page.body).toContain('Sending delay');
  });
});
