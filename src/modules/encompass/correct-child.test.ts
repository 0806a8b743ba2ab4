/**
 * The police correct a child's details on a notice already made: the child is matched in the
 * index again and the notice re-routed (the old recipient loses it, the new one has it), with the
 * reason recorded and audited; the recipient sees that the child's details changed.
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

describe('correcting a child’s details on a notice', () => {
  let t: TestApp;
  let place: Awaited<ReturnType<typeof seedSmallPartnership>>;
  let officer: TestClient;
  let oakfieldDsl: TestClient;
  let riversideDsl: TestClient;
  let incidentId: string;
  let noticeId: string;

  const amira = { givenName: 'Amira', familyName: 'Correctfamily', dateOfBirth: '2018-05-04' };
  const zara = { givenName: 'Zara', familyName: 'Correctfamily', dateOfBirth: '2016-03-09' };

  const notice = () =>
    t.db
      .selectFrom('encompassNotice as n')
      .innerJoin('encompassChild as c', 'c.id', 'n.encompassChildId')
      .select(['n.id', 'n.recipient', 'n.settingId', 'n.status', 'c.givenName', 'c.childId', 'c.match'])
      .where('n.id', '=', noticeId)
      .executeTakeFirstOrThrow();
  /** The form as the officer fills it: the date of birth in the date input's three boxes. */
  const correct = async ({ dateOfBirth, ...fields }: Record<string, string>) => {
    await officer.get(`/encompass/notices/${noticeId}/correct`);
    return officer.post(`/encompass/notices/${noticeId}/correct`, {
      ...fields,
      ...asDateInput('dateOfBirth', dateOfBirth),
    });
  };

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' } });
    place = await seedSmallPartnership(t.db);
    for (const [child, settingId] of [
      [amira, place.settings.oakfield],
      [zara, place.settings.riverside],
    ] as const) {
      const found = await t.services.children.findOrCreateChild(
        SYSTEM_ACTOR,
        { ...child, sex: 'unknown' },
        { districtId: place.districts.north },
      );
      if (found.status === 'ambiguous') throw new Error('test child is ambiguous');
      await t.db
        .insertInto('childEnrolment')
        .values({ childId: found.childId, settingId, onRollFrom: '2024-09-01' })
        .execute();
    }
    const sign = async (role: 'police_officer' | 'dsl', extra: Record<string, number>) => {
      const user = await createTestUser(t.db, role, extra);
      const client = new TestClient(t.app);
      await client.signIn(user.email, user.password);
      return client;
    };
    officer = await sign('police_officer', { organisationId: place.organisations.police });
    oakfieldDsl = await sign('dsl', { settingId: place.settings.oakfield });
    riversideDsl = await sign('dsl', { settingId: place.settings.riverside });

    // The officer misspelt the name: no child in the index matches, the notice waits for the coordinator.
    await officer.get('/encompass/incidents/new');
    const recorded = await recordThroughJourney(officer, {
      policeReference: 'COR/2026/0001',
      occurredDate: '2026-11-27',
      occurredTime: '22:30',
      place: 'The family home',
      districtCode: 'NORTH',
      circumstances: 'A verbal argument between adults.',
      riskLevel: 'medium',
      officerName: 'PC Test Officer',
      child0_givenName: 'Amria',
      child0_familyName: amira.familyName,
      child0_dateOfBirth: amira.dateOfBirth,
      child0_address: '5 Correct Row',
      child0_presence: 'in_room',
      child0_spokenTo: 'no',
    });
    expect(recorded.statusCode).toBe(303);
    incidentId = String(recorded.headers.location).split('/')[3]!.split('?')[0]!;
    noticeId = (
      await t.db
        .selectFrom('encompassNotice')
        .select('id')
        .where('incidentId', '=', incidentId)
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('matches the child again and sends the held notice to their setting', async () => {
    expect(await notice()).toMatchObject({ recipient: 'coordinator', status: 'queued', match: 'none' });
    const incidentPage = await officer.get(`/encompass/incidents/${incidentId}`);
    expect(incidentPage.body).toContain(`/encompass/notices/${noticeId}/correct`);

    // The date of birth is a GOV.UK date input, filled in from the notice; a part left out is refused.
    const form = await officer.get(`/encompass/notices/${noticeId}/correct`);
    expect(form.body).toMatch(/name="dateOfBirth-day"[^>]*value="4"/);
    const partial = await officer.post(`/encompass/notices/${noticeId}/correct`, {
      ...amira,
      'dateOfBirth-day': '4',
      'dateOfBirth-month': '',
      'dateOfBirth-year': '2018',
      reason: 'The given name was misspelt',
    });
    expect(partial.statusCode).toBe(400);
    expect(partial.body).toContain('Date of birth must include a month');
    expect(partial.body).toContain('href="#dateOfBirth-month"');
    const response = await correct({ ...amira, reason: 'The given name was misspelt' });
    expect(response.statusCode, response.body).toBe(303);
    expect(response.headers.location).toBe(`/encompass/incidents/${incidentId}?corrected=moved`);
    expect(await notice()).toMatchObject({
      recipient: 'setting',
      settingId: place.settings.oakfield,
      status: 'sent',
      givenName: 'Amira',
      match: 'exact',
    });
    const page = await oakfieldDsl.get(`/encompass/notices/${noticeId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('the child’s name');
  });

  it('moves a sent notice to the right setting: the old recipient loses it, with the reason audited', async () => {
    const response = await correct({ ...zara, reason: 'We named the wrong sister' });
    expect(response.statusCode, response.body).toBe(303);
    const moved = await notice();
    expect(moved).toMatchObject({
      recipient: 'setting',
      settingId: place.settings.riverside,
      status: 'sent',
    });
    expect((await oakfieldDsl.get(`/encompass/notices/${noticeId}`)).statusCode).toBe(404);
    const page = await riversideDsl.get(`/encompass/notices/${noticeId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Zara Correctfamily');
    expect(page.body).toContain('the child’s date of birth');

    const amendments = await t.db
      .selectFrom('encompassAmendment')
      .select(['changed', 'reason', 'encompassChildId'])
      .where('incidentId', '=', incidentId)
      .orderBy('id')
      .execute();
    expect(amendments.at(-1)).toMatchObject({
      changed: ['the child’s name', 'the child’s date of birth', 'where the notice goes'],
      reason: 'We named the wrong sister',
    });
    expect(amendments.at(-1)!.encompassChildId).not.toBeNull();
    const audited = await t.db
      .selectFrom('auditLog')
      .select(['childId', 'reason'])
      .where('action', '=', 'correct')
      .where('recordId', '=', noticeId)
      .execute();
    // The first correction, then the second once for the new child and once for the one it was about.
    expect(audited).toHaveLength(3);
    expect(audited.every((a) => a.reason?.includes('corrected'))).toBe(true);
    expect(audited.map((a) => a.childId)).toContain(moved.childId);
  });

  it('refuses a correction that changes nothing, on the field, and saves nothing', async () => {
    const response = await correct({ ...zara, reason: 'Checking' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Nothing has changed');
    const count = await t.db
      .selectFrom('encompassAmendment')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
  });

  it('refuses to correct a withdrawn notice', async () => {
    await officer.get(`/encompass/notices/${noticeId}/withdraw`);
    await officer.post(`/encompass/notices/${noticeId}/withdraw`, { reason: 'Testing' });
    const response = await correct({ ...amira, reason: 'Too late' });
    expect(response.statusCode).toBe(409);
  });
});
