/** A health visitor sees the under-fives of their district: an older child there is not theirs to see. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/audit/audit-log.ts';
import { ageInYears, londonDate } from '../../platform/calendar/index.ts';
import * as clock from '../../platform/clock.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';

describe('a health visitor and the child index', () => {
  let t: TestApp;
  let visitor: TestClient;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await buildTestApp();
    const place = await seedSmallPartnership(t.db);
    const today = londonDate(clock.now());
    const bornYearsAgo = (years: number) => `${Number(today.slice(0, 4)) - years}-01-15`;
    for (const [name, years] of [
      ['Toddler', 3],
      ['Teenager', 14],
    ] as const) {
      const found = await t.services.children.findOrCreateChild(
        SYSTEM_ACTOR,
        { givenName: name, familyName: 'Scopetest', dateOfBirth: bornYearsAgo(years), sex: 'unknown' },
        { districtId: place.districts.north },
      );
      if (found.status === 'ambiguous') throw new Error('ambiguous');
      ids[name] = found.childId;
    }
    expect(ageInYears(bornYearsAgo(14), today)).toBeGreaterThanOrEqual(13);
    const user = await createTestUser(t.db, 'health_visitor', { teamId: place.teams.healthVisitingNorth });
    visitor = new TestClient(t.app);
    await visitor.signIn(user.email, user.password);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('opens an under-five of the district', async () => {
    expect((await visitor.get(`/children/${ids.Toddler}`)).statusCode).toBe(200);
  });

  it('does not open a 14-year-old of the same district, and audits the attempt', async () => {
    expect((await visitor.get(`/children/${ids.Teenager}`)).statusCode).toBe(404);
    const denied = await t.db
      .selectFrom('auditLog')
      .select(['outcome', 'recordId'])
      .where('recordId', '=', ids.Teenager!)
      .where('outcome', '=', 'not_found')
      .execute();
    expect(denied.length).toBeGreaterThan(0);
  });
});
