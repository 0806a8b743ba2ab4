/**
 * What recipients and the police read (issue 15, "Notices"): the risk level on the notice, words
 * that fit the recipient (a health visitor has no school day), and after recording what happened
 * to each child (a child held for the coordinator was not "sent").
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
import { asDateInput, recordThroughJourney } from './journey-testing.ts';

describe('the words on notices', () => {
  let t: TestApp;
  let place: Awaited<ReturnType<typeof seedSmallPartnership>>;
  let officer: TestClient;
  let confirmation: string;
  let incidentPath: string;
  const notices = new Map<string, string>();
  const amira = { givenName: 'Amira', familyName: 'Wordfamily', dateOfBirth: '2018-05-04' };
  const cleo = { givenName: 'Cleo', familyName: 'Wordfamily', dateOfBirth: '2025-08-01' };

  const sign = async (role: 'police_officer' | 'dsl' | 'health_visitor', where: Record<string, number>) => {
    const user = await createTestUser(t.db, role, where);
    const client = new TestClient(t.app);
    await client.signIn(user.email, user.password);
    return client;
  };

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' } });
    place = await seedSmallPartnership(t.db);
    for (const [child, settingId] of [
      [amira, place.settings.oakfield],
      [cleo, null],
    ] as const) {
      const found = await t.services.children.findOrCreateChild(
        SYSTEM_ACTOR,
        { ...child, sex: 'unknown' },
        { districtId: place.districts.north },
      );
      if (found.status === 'ambiguous') throw new Error('ambiguous');
      if (settingId)
        await t.db
          .insertInto('childEnrolment')
          .values({ childId: found.childId, settingId, onRollFrom: '2024-09-01' })
          .execute();
    }
    officer = await sign('police_officer', { organisationId: place.organisations.police });
    await officer.get('/encompass/incidents/new');
    const form: Record<string, string> = {
      policeReference: 'WRD/2026/0001',
      occurredDate: '2026-11-27',
      occurredTime: '22:30',
      place: 'The family home',
      districtCode: 'NORTH',
      circumstances: 'A verbal argument between adults.',
      riskLevel: 'high',
      officerName: 'PC Test Officer',
    };
    [amira, cleo, { givenName: 'Nobody', familyName: 'Unknownfamily', dateOfBirth: '2015-01-01' }].forEach(
      (child, i) => {
        Object.assign(form, {
          [`child${i}_givenName`]: child.givenName,
          [`child${i}_familyName`]: child.familyName,
          [`child${i}_dateOfBirth`]: child.dateOfBirth,
          [`child${i}_address`]: '7 Word Row',
          [`child${i}_presence`]: 'in_room',
          [`child${i}_spokenTo`]: 'no',
        });
      },
    );
    const recorded = await recordThroughJourney(officer, form);
    expect(recorded.statusCode).toBe(303);
    incidentPath = String(recorded.headers.location).split('?')[0]!;
    confirmation = (await officer.get(String(recorded.headers.location))).body;
    for (const row of await t.db
      .selectFrom('encompassNotice as n')
      .innerJoin('encompassChild as c', 'c.id', 'n.encompassChildId')
      .select(['n.id', 'c.givenName'])
      .execute())
      notices.set(row.givenName, row.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('tells the officer what happened to each child, not "sent" for one held for the coordinator', () => {
    expect(confirmation).toContain('What happened to each child');
    expect(confirmation).toContain('Amira Wordfamily: sent to Oakfield');
    expect(confirmation).toContain('Cleo Wordfamily: sent to health visiting');
    expect(confirmation).toContain('Nobody Unknownfamily: held for the Operation Encompass coordinator');
    expect(confirmation).not.toContain('the notices have been sent');
  });

  it('shows the setting the risk level the police recorded, and its school day', async () => {
    const dsl = await sign('dsl', { settingId: place.settings.oakfield });
    const page = await dsl.get(`/encompass/notices/${notices.get('Amira')}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Risk level (DASH) the police recorded');
    expect(page.body).toMatch(/Risk level \(DASH\) the police recorded\s*<\/dt>\s*<dd[^>]*>\s*High/);
    expect(page.body).toContain('before the start of the next school day');
  });

  it('speaks to a health visitor of the next working day, never of the school day', async () => {
    const visitor = await sign('health_visitor', { teamId: place.teams.healthVisitingNorth });
    const list = await visitor.get('/encompass/notices');
    expect(list.body).toContain('by 9am on the next working day');
    expect(list.body).not.toContain('school day');
    const page = await visitor.get(`/encompass/notices/${notices.get('Cleo')}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('by 9am on the next working day');
    expect(page.body).not.toContain('school day');
  });

  it('asks a recipient who had read it to read it again after the police amend it, until they open it', async () => {
    const dsl = await sign('dsl', { settingId: place.settings.oakfield });
    const id = notices.get('Amira')!;
    await dsl.get(`/encompass/notices/${id}`);
    expect((await dsl.get('/encompass/notices')).body).not.toContain('Read again');

    await officer.get(`${incidentPath}/amend`);
    const amended = await officer.post(`${incidentPath}/amend`, {
      ...asDateInput('occurredDate', '2026-11-27'),
      occurredTime: '22:30',
      place: 'The family home',
      circumstances: 'A verbal argument between adults.',
      riskLevel: 'medium',
      reason: 'The risk assessment was reviewed',
    });
    expect(amended.statusCode, amended.body).toBe(303);

    expect((await dsl.get('/encompass/notices')).body).toContain('Read again');
    const page = await dsl.get(`/encompass/notices/${id}`);
    expect(page.body).toContain('Read it again');
    expect(page.body).toContain('the risk level');
    expect(page.body).toMatch(/Risk level \(DASH\) the police recorded\s*<\/dt>\s*<dd[^>]*>\s*Medium/);
    // Opened: read again no more.
    expect((await dsl.get('/encompass/notices')).body).not.toContain('Read again');
  });
});
