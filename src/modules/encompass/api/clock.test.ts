/**
 * Incidents through the API under the product's test clock: a scenario at a given instant, past
 * the end of the shipped bank holidays (they end in 2027).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../platform/audit/audit-log.ts';
import { freezeClockAt, resetClock } from '../../../platform/clock.ts';
import { type TestApp, buildTestApp, seedSmallPartnership } from '../../../platform/testing/app.ts';
import { createApiClient } from '../index.ts';

describe('an incident recorded past the end of the bank-holiday data', () => {
  let t: TestApp;
  let token: string;
  let oakfield: number;

  beforeAll(async () => {
    t = await buildTestApp();
    const place = await seedSmallPartnership(t.db);
    oakfield = place.settings.oakfield;
    await t.db
      .insertInto('term')
      .values([
        { schoolYear: '2027-28', name: 'Autumn 2', startsOn: '2027-11-01', endsOn: '2027-12-17' },
        { schoolYear: '2027-28', name: 'Spring 1', startsOn: '2028-01-03', endsOn: '2028-02-11' },
      ])
      .execute();
    const found = await t.services.children.findOrCreateChild(
      SYSTEM_ACTOR,
      { givenName: 'Amira', familyName: 'Clocktestfamily', dateOfBirth: '2018-05-04', sex: 'unknown' },
      { districtId: place.districts.north },
    );
    if (found.status === 'ambiguous') throw new Error('test child is ambiguous');
    await t.db
      .insertInto('childEnrolment')
      .values({ childId: found.childId, settingId: oakfield, onRollFrom: '2024-09-01' })
      .execute();
    token = (
      await createApiClient(t.db, {
        name: 'Clock test force',
        organisationCode: 'POL',
        scopes: ['encompass:incidents'],
      })
    ).token;
  });
  afterAll(async () => {
    resetClock();
    await t?.close();
  });

  it('is accepted on Friday 17 December 2027 in the evening, due at the start of Tuesday 4 January 2028', async () => {
    // Monday 3 January 2028 is New Year's Day's substitute: a computed, provisional bank holiday.
    freezeClockAt(new Date('2027-12-17T20:15:00Z'));
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/encompass/incidents',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      payload: JSON.stringify({
        policeReference: 'CLOCK/2027/0001',
        occurredAt: '2027-12-17T19:00:00Z',
        place: 'The family home',
        districtCode: 'NORTH',
        circumstances: 'A verbal argument between adults.',
        riskLevel: 'medium',
        officerName: 'PC 0001 Clock Officer',
        children: [
          {
            givenName: 'Amira',
            familyName: 'Clocktestfamily',
            dateOfBirth: '2018-05-04',
            address: '3 Clock Row',
            presence: 'in_room',
            spokenTo: false,
          },
        ],
      }),
    });
    expect(response.statusCode, response.body).toBe(201);
    const notice = await t.db
      .selectFrom('encompassNotice')
      .select(['recipient', 'settingId', 'status', 'dueAt', 'createdAt'])
      .executeTakeFirstOrThrow();
    expect(notice).toMatchObject({ recipient: 'setting', settingId: oakfield, status: 'sent' });
    expect(notice.dueAt.toISOString()).toBe('2028-01-04T08:45:00.000Z');
  });
});
