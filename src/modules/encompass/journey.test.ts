/**
 * The officer's incident journey: the incident, one child per page with "Add another child",
 * "Check your answers" with change links, errors naming the child, GOV.UK date inputs, and
 * nothing recorded until the officer confirms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import { readDateBoxes } from './pages/shared.ts';
import { readableMoment } from './pages/journey.ts';

const incident = {
  policeReference: 'JRN/2026/0001',
  'occurredDate-day': '27',
  'occurredDate-month': '11',
  'occurredDate-year': '2026',
  occurredTime: '22:30',
  place: 'The family home',
  districtCode: 'NORTH',
  circumstances: 'A verbal argument between adults.',
  riskLevel: 'medium',
  officerName: 'PC Test Officer',
};

const child = (givenName: string, dob: [string, string, string], extra: Record<string, string> = {}) => ({
  givenName,
  familyName: 'Journeyfamily',
  'dateOfBirth-day': dob[0],
  'dateOfBirth-month': dob[1],
  'dateOfBirth-year': dob[2],
  address: '2 Journey Row',
  presence: 'in_room',
  spokenTo: 'no',
  ...extra,
});

describe('date input', () => {
  it('reads day, month and year with the platform’s date field and the Design System’s messages', () => {
    const boxes = (day: string, month: string, year: string) => ({
      'dateOfBirth-day': day,
      'dateOfBirth-month': month,
      'dateOfBirth-year': year,
    });
    const read = (day: string, month: string, year: string) =>
      readDateBoxes(boxes(day, month, year), 'dateOfBirth', 'Date of birth', 'Enter a date');
    expect(read('4', '5', '2018')).toEqual({ ok: true, value: '2018-05-04' });
    expect(read('', '', '')).toEqual({ ok: false, message: 'Enter a date', parts: ['day', 'month', 'year'] });
    expect(read('4', '', '2018')).toEqual({
      ok: false,
      message: 'Date of birth must include a month',
      parts: ['month'],
    });
    expect(read('31', '2', '2018')).toMatchObject({
      ok: false,
      message: 'Date of birth must be a real date',
    });
    expect(read('3', '2', '18')).toMatchObject({
      ok: false,
      message: 'Year must include 4 numbers',
      parts: ['year'],
    });
  });

  it('writes a time as the Design System does', () => {
    expect(readableMoment('2026-12-06T22:30:00Z')).toBe('6 December 2026 at 10:30pm');
    expect(readableMoment('2026-07-06T09:00:00Z')).toBe('6 July 2026 at 10am');
    expect(readableMoment('2026-12-06T12:00:00Z')).toBe('6 December 2026 at midday');
  });
});

describe('the officer’s incident journey', () => {
  let t: TestApp;
  let officer: TestClient;
  let userId: string;

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' } });
    const place = await seedSmallPartnership(t.db);
    const user = await createTestUser(t.db, 'police_officer', { organisationId: place.organisations.police });
    userId = user.id;
    officer = new TestClient(t.app);
    await officer.signIn(user.email, user.password);
  });
  afterAll(async () => {
    await t.close();
  });

  const incidents = async () =>
    (await t.db.selectFrom('encompassIncident').select('policeReference').execute()).map(
      (r) => r.policeReference,
    );

  it('takes two children one page at a time, checks the answers, and records only on confirming', async () => {
    const start = await officer.get('/encompass/incidents/new');
    expect(start.statusCode).toBe(200);
    expect(start.body).toContain('name="occurredDate-day"');
    expect(start.body).toContain('name="occurredDate-month"');
    expect(start.body).toContain('name="occurredDate-year"');
    // The incident page has no child's fields: each child has a page of their own.
    expect(start.body).not.toContain('name="givenName"');

    const saved = await officer.post('/encompass/incidents/new', incident);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/encompass/incidents/new/children/1');

    const first = await officer.get('/encompass/incidents/new/children/1');
    expect(first.body).toContain('Child 1');
    expect(first.body).toContain('name="dateOfBirth-day"');
    const one = await officer.post('/encompass/incidents/new/children/1', child('Ada', ['4', '5', '2018']));
    expect(one.headers.location).toBe('/encompass/incidents/new/children');

    const list = await officer.get('/encompass/incidents/new/children');
    expect(list.body).toContain('You have added 1 child');
    expect(list.body).toContain('Do you need to add another child?');
    const unanswered = await officer.post('/encompass/incidents/new/children', {});
    expect(unanswered.statusCode).toBe(400);
    expect(unanswered.body).toContain('Select yes if you need to add another child');
    const another = await officer.post('/encompass/incidents/new/children', { addAnother: 'yes' });
    expect(another.headers.location).toBe('/encompass/incidents/new/children/2');

    // The second child's date of birth is missing its month: the summary names the child.
    await officer.get('/encompass/incidents/new/children/2');
    const refused = await officer.post(
      '/encompass/incidents/new/children/2',
      child('Bo', ['10', '', '2012']),
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Child 2: Date of birth must include a month');
    expect(refused.body).toContain('href="#dateOfBirth-month"');
    expect(refused.body).toContain('value="10"');
    const bornAfter = await officer.post(
      '/encompass/incidents/new/children/2',
      child('Bo', ['28', '11', '2026']),
    );
    expect(bornAfter.body).toContain('Child 2: The child’s date of birth is after the incident');
    const blank = await officer.post('/encompass/incidents/new/children/2', {
      ...child('Bo', ['', '', '']),
      spokenTo: '',
    });
    expect(blank.body).toContain('Child 2: Enter the child’s date of birth');
    expect(blank.body).toContain('Child 2: Say whether an officer spoke with the child');

    const two = await officer.post('/encompass/incidents/new/children/2', child('Bo', ['10', '2', '2012']));
    expect(two.headers.location).toBe('/encompass/incidents/new/children');
    const done = await officer.post('/encompass/incidents/new/children', { addAnother: 'no' });
    expect(done.headers.location).toBe('/encompass/incidents/new/check');

    // Nothing recorded yet: only the draft.
    expect(await incidents()).toEqual([]);
    const check = await officer.get('/encompass/incidents/new/check');
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('Check your answers before recording the incident');
    expect(check.body).toContain('27 November 2026 at 10:30pm');
    expect(check.body).toContain('Child 1: Ada Journeyfamily');
    expect(check.body).toContain('Child 2: Bo Journeyfamily');
    expect(check.body).toContain('4 May 2018');
    expect(check.body).toContain('href="/encompass/incidents/new/children/2?return=check#dateOfBirth-day"');
    expect(check.body).toContain('href="/encompass/incidents/new?return=check#policeReference"');

    // A change link comes back to check your answers.
    const change = await officer.get('/encompass/incidents/new/children/1?return=check');
    expect(change.body).toContain('value="Ada"');
    const changed = await officer.post('/encompass/incidents/new/children/1', {
      ...child('Adah', ['4', '5', '2018']),
      return: 'check',
    });
    expect(changed.headers.location).toBe('/encompass/incidents/new/check');
    expect((await officer.get('/encompass/incidents/new/check')).body).toContain('Adah Journeyfamily');

    const recorded = await officer.post('/encompass/incidents', {});
    expect(recorded.statusCode).toBe(303);
    expect(recorded.headers.location).toMatch(/^\/encompass\/incidents\/[0-9a-f-]{36}\?recorded=1$/);
    expect(await incidents()).toEqual(['JRN/2026/0001']);
    const names = await t.db.selectFrom('encompassChild').select('givenName').orderBy('givenName').execute();
    expect(names.map((n) => n.givenName)).toEqual(['Adah', 'Bo']);
    // The draft is gone: a new journey starts empty.
    const draft = await t.db
      .selectFrom('encompassIncidentDraft')
      .select('userId')
      .where('userId', '=', userId)
      .execute();
    expect(draft).toEqual([]);
    expect((await officer.get('/encompass/incidents/new')).body).not.toContain('JRN/2026/0001');
    // Every save of the draft was audited.
    const audited = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('recordType', '=', 'encompass-incident-draft')
      .where('action', '=', 'draft')
      .execute();
    expect(audited.length).toBeGreaterThanOrEqual(4);
  });

  it('offers no eleventh child, removes a child, and refuses to confirm without one', async () => {
    await officer.get('/encompass/incidents/new');
    await officer.post('/encompass/incidents/new/discard', {});
    await officer.post('/encompass/incidents/new', { ...incident, policeReference: 'JRN/2026/0002' });
    for (let n = 1; n <= 10; n++) {
      const r = await officer.post(
        `/encompass/incidents/new/children/${n}`,
        child(`Kid${n}`, ['1', '1', '2015']),
      );
      expect(r.statusCode, `child ${n}`).toBe(303);
    }
    expect((await officer.get('/encompass/incidents/new/children/11')).statusCode).toBe(404);
    const list = await officer.get('/encompass/incidents/new/children');
    expect(list.body).not.toContain('Do you need to add another child?');
    expect(list.body).toContain('the most one incident can name');
    for (let n = 10; n >= 1; n--) {
      const removed = await officer.post(`/encompass/incidents/new/children/${n}/remove`, {});
      expect(removed.statusCode).toBe(303);
    }
    // No children left: confirming records nothing and asks for one.
    const refused = await officer.post('/encompass/incidents', {});
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Add at least one child');
    expect(await incidents()).not.toContain('JRN/2026/0002');
  });

  it('shows a police reference already recorded on the incident’s page when confirming', async () => {
    await officer.get('/encompass/incidents/new');
    await officer.post('/encompass/incidents/new/discard', {});
    await officer.post('/encompass/incidents/new', incident);
    await officer.post('/encompass/incidents/new/children/1', child('Cy', ['1', '1', '2016']));
    const refused = await officer.post('/encompass/incidents', {});
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('has already been recorded');
    expect(refused.body).toContain('href="#policeReference"');
    expect(refused.body).toContain('name="return" value="check"');
  });

  it('keeps a draft to the officer who started it', async () => {
    const place2 = await t.db
      .selectFrom('organisation')
      .select('id')
      .where('kind', '=', 'police')
      .executeTakeFirstOrThrow();
    const other = await createTestUser(t.db, 'police_officer', { organisationId: place2.id });
    const client = new TestClient(t.app);
    await client.signIn(other.email, other.password);
    const page = await client.get('/encompass/incidents/new');
    expect(page.body).not.toContain('JRN/2026/0001');
    expect((await client.get('/encompass/incidents/new/children/1')).statusCode).toBe(303);
  });

  it('sends a child’s answers posted before the incident’s back to the start, keeping nothing, audited', async () => {
    const other = await createTestUser(t.db, 'police_officer');
    const client = new TestClient(t.app);
    await client.signIn(other.email, other.password);
    await client.get('/encompass/incidents/new');
    const response = await client.post('/encompass/incidents/new/children/1', { givenName: 'Early' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/encompass/incidents/new');
    expect(
      await t.db.selectFrom('encompassIncidentDraft').selectAll().where('userId', '=', other.id).execute(),
    ).toEqual([]);
    const audited = await t.db
      .selectFrom('auditLog')
      .select('reason')
      .where('userId', '=', other.id)
      .where('recordType', '=', 'encompass-incident-draft')
      .execute();
    expect(audited).toEqual([{ reason: 'not saved: the incident comes first' }]);
  });
});
