/**
 * The Family Front Door's dates through the GOV.UK date input (issue 15): a DSL finds a child by a
 * date of birth typed in three boxes (the choice carries it on as a date), a half date is refused
 * with the Design System's message and the summary linking to the box at fault, and the dashboard
 * reads its period from boxes and refuses From later than To.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/audit/audit-log.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';

describe('Family Front Door: dates in day, month and year boxes', () => {
  let t: TestApp;
  let dsl: TestClient;
  let frontDoor: TestClient;

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' } });
    const place = await seedSmallPartnership(t.db);
    await t.services.children.findOrCreateChild(
      SYSTEM_ACTOR,
      { givenName: 'Amira', familyName: 'Testfamily', dateOfBirth: '2018-05-04', sex: 'female' },
      { districtId: place.districts.north },
    );
    const signedIn = async (...args: Parameters<typeof createTestUser>) => {
      const u = await createTestUser(...args);
      const c = new TestClient(t.app);
      await c.signIn(u.email, u.password);
      return c;
    };
    dsl = await signedIn(t.db, 'dsl', { settingId: place.settings.oakfield });
    const ffd = await t.db
      .selectFrom('registryTeam')
      .select('id')
      .where('kind', '=', 'family_front_door')
      .executeTakeFirstOrThrow();
    frontDoor = await signedIn(t.db, 'front_door_practitioner', {
      organisationId: place.organisations.council,
      teamId: ffd.id,
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds the child by a date of birth typed in three boxes', async () => {
    const form = await dsl.get('/front-door/referrals/new');
    expect(form.body).toContain('name="dateOfBirth-day"');
    expect(form.body).not.toMatch(/<input[^>]*name="dateOfBirth"[^>]*type="text"/);
    const found = await dsl.get(
      '/front-door/referrals/new?givenName=Amira&familyName=Testfamily&dateOfBirth-day=4&dateOfBirth-month=5&dateOfBirth-year=2018',
    );
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain('Amira Testfamily');
    // The choice carries the date found on, as a date.
    expect(found.body).toContain('name="dateOfBirth" value="2018-05-04"');
  });

  it('refuses a half date of birth with the GOV.UK message, and shows what was typed', async () => {
    const half = await dsl.get(
      '/front-door/referrals/new?givenName=Amira&familyName=Testfamily&dateOfBirth-day=4&dateOfBirth-month=&dateOfBirth-year=2018',
    );
    expect(half.statusCode).toBe(400);
    expect(half.body).toContain('Date of birth must include a month');
    expect(half.body).toContain('href="#dateOfBirth-month"');
    expect(half.body).toMatch(/name="dateOfBirth-day"[^>]*value="4"/);
    expect(half.body).not.toContain('Amira Testfamily</');
  });

  it('reads the dashboard period from its boxes and refuses From later than To', async () => {
    const ok = await frontDoor.get(
      '/front-door/dashboard?from-day=1&from-month=10&from-year=2026&to-day=31&to-month=10&to-year=2026',
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('The front door from 1 October 2026 to 31 October 2026');
    const backwards = await frontDoor.get(
      '/front-door/dashboard?from-day=1&from-month=11&from-year=2026&to-day=31&to-month=10&to-year=2026',
    );
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('To must be the same as or after from');
    expect(backwards.body).toContain('href="#to-day"');
    const unreal = await frontDoor.get('/front-door/dashboard?from-day=30&from-month=2&from-year=2026');
    expect(unreal.statusCode).toBe(400);
    expect(unreal.body).toContain('From must be a real date');
  });
});
