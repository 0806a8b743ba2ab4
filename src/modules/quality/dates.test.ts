/**
 * Multi-agency audits' dates through the GOV.UK date input (issue 15): an audit's start and
 * panel dates typed in day, month and year boxes are saved as those dates; a half date is refused
 * with the Design System's message, the summary linking to the box at fault and what was typed
 * shown again; the child is found by a date of birth typed in boxes.
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

describe('multi-agency audits: dates in day, month and year boxes', () => {
  let t: TestApp;
  let place: Awaited<ReturnType<typeof seedSmallPartnership>>;
  let lead: TestClient;
  let programmeHref: string;

  beforeAll(async () => {
    t = await buildTestApp();
    place = await seedSmallPartnership(t.db);
    const user = await createTestUser(t.db, 'qa_lead');
    lead = new TestClient(t.app);
    await lead.signIn(user.email, user.password);
    await t.services.children.findOrCreateChild(SYSTEM_ACTOR, {
      givenName: 'Maisie',
      familyName: 'Datescase',
      dateOfBirth: '2016-02-03',
      sex: 'female',
    });
    await lead.get('/quality');
    const created = await lead.post('/quality/programmes', { year: '2026-27', title: 'Dates programme' });
    programmeHref = created.headers.location as string;
  });
  afterAll(() => t.close());

  /** The audit form, with the agencies ticked as a browser sends repeated checkboxes. */
  const postAudit = (dates: Record<string, string>) => {
    const body = new URLSearchParams({
      title: 'Dates audit',
      theme: 'cp_plan_domestic_abuse',
      selectionRule: 'Plans started April to June',
      casesWanted: '3',
      questions: 'What did your agency know?',
      ...dates,
      _csrf: lead.lastCsrf,
    });
    body.append('agencies', String(place.organisations.police));
    return t.app.inject({
      method: 'POST',
      url: `${programmeHref}/audits`,
      headers: {
        cookie: (lead as unknown as { cookieHeader(): string }).cookieHeader(),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: body.toString(),
    });
  };

  it('refuses a half date, then saves the dates the boxes hold', async () => {
    const form = await lead.get(`${programmeHref}/audits/new`);
    expect(form.body).toContain('name="startsOn-day"');
    const half = await postAudit({
      'startsOn-day': '1',
      'startsOn-month': '7',
      'startsOn-year': '',
      'panelOn-day': '1',
      'panelOn-month': '9',
      'panelOn-year': '2026',
    });
    expect(half.statusCode).toBe(400);
    expect(half.body).toContain('The start date must include a year');
    expect(half.body).toContain('href="#startsOn-year"');
    expect(half.body).toMatch(/name="startsOn-month"[^>]*value="7"/);
    const saved = await postAudit({
      'startsOn-day': '1',
      'startsOn-month': '7',
      'startsOn-year': '2026',
      'panelOn-day': '1',
      'panelOn-month': '9',
      'panelOn-year': '2026',
    });
    expect(saved.statusCode, saved.body).toBe(303);
    const audit = await t.db.selectFrom('qaAudit').select(['startsOn', 'panelOn']).executeTakeFirstOrThrow();
    expect(audit).toEqual({ startsOn: '2026-07-01', panelOn: '2026-09-01' });

    const id = Number(/\/quality\/audits\/(\d+)/.exec(saved.headers.location as string)![1]);
    const found = await lead.get(
      `/quality/audits/${id}?find=1&givenName=Maisie&familyName=Datescase&dateOfBirth-day=3&dateOfBirth-month=2&dateOfBirth-year=2016`,
    );
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain('Maisie Datescase');
    const wrong = await lead.get(
      `/quality/audits/${id}?find=1&givenName=Maisie&familyName=Datescase&dateOfBirth-day=30&dateOfBirth-month=2&dateOfBirth-year=2016`,
    );
    expect(wrong.body).toContain('Date of birth must be a real date');
    expect(wrong.body).toContain('href="#dateOfBirth-day"');
  });
});
