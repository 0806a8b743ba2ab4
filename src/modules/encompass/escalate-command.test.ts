/** `safeguarding encompass escalate --at … [--dry-run]`: the moment checked, and the dry run's list. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/audit/audit-log.ts';
import { type TestApp, buildTestApp, seedSmallPartnership } from '../../platform/testing/app.ts';
import { escalationMoment } from './index.ts';

describe('the moment escalate runs at', () => {
  const now = new Date('2026-12-07T09:00:00Z');
  it('is now when --at is not given', () => {
    expect(escalationMoment(undefined, now)).toEqual({ ok: true, at: now });
  });
  it('takes a past instant with its offset', () => {
    expect(escalationMoment('2026-12-01T09:00:00+00:00', now)).toEqual({
      ok: true,
      at: new Date('2026-12-01T09:00:00Z'),
    });
  });
  it('refuses a time in the future, a time without its offset, and a date that is not one', () => {
    const future = escalationMoment('2026-12-08T09:00:00Z', now);
    expect(future).toMatchObject({ ok: false });
    expect(!future.ok && future.message).toContain('in the future');
    expect(escalationMoment('2026-12-01T09:00', now)).toMatchObject({ ok: false });
    expect(escalationMoment('2026-02-30T09:00:00Z', now)).toMatchObject({ ok: false });
  });
});

describe('the dry run', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
    const place = await seedSmallPartnership(t.db);
    const found = await t.services.children.findOrCreateChild(
      SYSTEM_ACTOR,
      { givenName: 'Amira', familyName: 'Dryrunfamily', dateOfBirth: '2018-05-04', sex: 'unknown' },
      { districtId: place.districts.north },
    );
    if (found.status === 'ambiguous') throw new Error('ambiguous');
    await t.db
      .insertInto('childEnrolment')
      .values({ childId: found.childId, settingId: place.settings.oakfield, onRollFrom: '2024-09-01' })
      .execute();
    const result = await t.services.encompass.recordIncident(
      SYSTEM_ACTOR,
      { organisationId: place.organisations.police, userId: null },
      {
        policeReference: 'DRY/2026/0001',
        occurredAt: new Date('2026-11-26T21:00:00Z'),
        attendedAt: new Date('2026-11-26T21:00:00Z'),
        place: 'The family home',
        districtCode: 'NORTH',
        circumstances: 'A verbal argument.',
        riskLevel: 'medium',
        officerName: 'PC Dry Run',
        children: [
          {
            givenName: 'Amira',
            familyName: 'Dryrunfamily',
            dateOfBirth: '2018-05-04',
            address: '1 Dry Row',
            postcode: undefined,
            nhsNumber: undefined,
            presence: 'in_room',
            spokenTo: false,
            childVoice: undefined,
            demeanour: undefined,
            injuries: undefined,
          },
        ],
      },
      new Date('2026-11-26T22:00:00Z'),
    );
    if (!result.ok) throw new Error('not recorded');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists what would escalate at that moment and changes nothing', async () => {
    // Due at the start of Friday 27 November (08:45): not yet at 08:00, overdue at 09:00.
    expect(await t.services.encompass.dueForEscalation(new Date('2026-11-27T08:00:00Z'))).toEqual([]);
    const due = await t.services.encompass.dueForEscalation(new Date('2026-11-27T09:00:00Z'));
    expect(due).toHaveLength(1);
    expect(due[0]).toMatchObject({ policeReference: 'DRY/2026/0001', settingName: expect.any(String) });
    const escalated = await t.db
      .selectFrom('encompassNotice')
      .select('escalatedAt')
      .executeTakeFirstOrThrow();
    expect(escalated.escalatedAt).toBeNull();
    // And the real run escalates exactly what the dry run listed.
    expect(await t.services.encompass.escalateOverdue(new Date('2026-11-27T09:00:00Z'))).toBe(due.length);
  });
});
