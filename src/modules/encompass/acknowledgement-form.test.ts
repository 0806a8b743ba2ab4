/**
 * A browser sends each ticked "What did you do?" box as its own field (action=…&action=…): the
 * notice keeps them all. (The test client posts one value per field, so this posts by hand.)
 */
import { expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/audit/audit-log.ts';
import {
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import { recordThroughJourney } from './journey-testing.ts';
it('keeps every action ticked on the acknowledgement form', async () => {
  const t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' } });
  const place = await seedSmallPartnership(t.db);
  const child = {
    givenName: 'Amira',
    familyName: 'Tmpfamily',
    dateOfBirth: '2018-05-04',
    address: '1 Row',
    presence: 'in_room',
    spokenTo: 'no',
  };
  const found = await t.services.children.findOrCreateChild(
    SYSTEM_ACTOR,
    { ...child, sex: 'unknown' } as never,
    { districtId: place.districts.north },
  );
  if (found.status !== 'ambiguous')
    await t.db
      .insertInto('childEnrolment')
      .values({
        childId: (found as { childId: string }).childId,
        settingId: place.settings.oakfield,
        onRollFrom: '2024-09-01',
      })
      .execute();
  const police = await createTestUser(t.db, 'police_officer', { organisationId: place.organisations.police });
  const officer = new TestClient(t.app);
  await officer.signIn(police.email, police.password);
  const form: Record<string, string> = {
    policeReference: 'TMP/1',
    occurredDate: '2026-11-27',
    occurredTime: '22:30',
    place: 'Home',
    districtCode: 'NORTH',
    circumstances: 'x',
    riskLevel: 'medium',
    officerName: 'PC',
  };
  for (const [k, v] of Object.entries(child)) form[`child0_${k}`] = v;
  const r = await recordThroughJourney(officer, form);
  expect(r.statusCode).toBe(303);
  const n = await t.db.selectFrom('encompassNotice').select('id').executeTakeFirstOrThrow();
  const dslUser = await createTestUser(t.db, 'dsl', { settingId: place.settings.oakfield });
  const dsl = new TestClient(t.app);
  await dsl.signIn(dslUser.email, dslUser.password);
  await dsl.get(`/encompass/notices/${n.id}`);
  const c = dsl as unknown as {
    app: { inject(options: object): Promise<{ statusCode: number }> };
    cookieHeader(): string;
    lastCsrf: string;
  };
  const res = await c.app.inject({
    method: 'POST',
    url: `/encompass/notices/${n.id}/acknowledge`,
    headers: {
      cookie: c.cookieHeader(),
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'text/html',
    },
    payload: `_csrf=${encodeURIComponent(c.lastCsrf)}&action=monitoring&action=spoke_with_child&actionNote=x`,
  });
  expect(res.statusCode).toBe(303);
  const stored = await t.db
    .selectFrom('encompassNotice')
    .select(['action', 'status'])
    .where('id', '=', n.id)
    .executeTakeFirstOrThrow();
  expect(stored).toEqual({ action: 'monitoring,spoke_with_child', status: 'acknowledged' });
  const page = await dsl.get(`/encompass/notices/${n.id}`);
  expect(page.body).toContain('Monitoring, Spoke with the child');
  await t.close();
}, 120000);
