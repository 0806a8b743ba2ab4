/**
 * The Section 175/157 audit through its pages, on PGlite or PostgreSQL (TEST_DATABASE_URL):
 * a school's return saved as it goes, refused input (a number where yes or no is asked, a
 * submission with required answers missing) saving nothing, the head's submission and an
 * amendment, who sees which return, progress and reminders, follow-ups, and figures checked
 * against hand counts of a four-school fixture.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmailMessage, Mailer } from '../../platform/email/mailer.ts';
import { type TestApp, TestClient } from '../../platform/testing/app.ts';
import { waitFor } from '../../platform/testing/wait.ts';
import { schoolsAuditModule } from './index.ts';
import { getSafeNote } from './routes.ts';
import { SchoolsAuditService } from './service.ts';
import {
  answerForms,
  buildAuditTestApp,
  createTestUser,
  defineYears,
  seedSchools,
  submitReturn,
} from './testing.ts';

describe('the Section 175/157 audit', () => {
  let t: TestApp;
  let place: Awaited<ReturnType<typeof seedSchools>>;
  let years: Awaited<ReturnType<typeof defineYears>>;
  const sent: EmailMessage[] = [];
  const mailer: Mailer = {
    async send(message) {
      sent.push(message);
    },
    close() {},
  };
  const clients: Record<string, TestClient> = {};
  const ids: Record<string, string> = {};

  const signIn = async (
    name: string,
    role: Parameters<typeof createTestUser>[1],
    place: Parameters<typeof createTestUser>[2] = {},
  ) => {
    const user = await createTestUser(t.db, role, place);
    ids[name] = user.id;
    clients[name] = new TestClient(t.app);
    await clients[name].signIn(user.email, user.password);
  };
  const service = () => t.services.schoolsAudit;
  const returnRow = (yearId: number, settingId: number) =>
    t.db
      .selectFrom('schoolsAuditReturn')
      .selectAll()
      .where('yearId', '=', yearId)
      .where('settingId', '=', settingId)
      .executeTakeFirst();
  const tableOf = (html: string, id: string) =>
    new RegExp(`<table[^>]*id="${id}"[\\s\\S]*?</table>`).exec(html)?.[0] ?? '';
  const text = (html: string) =>
    html
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#39;|&rsquo;/g, '’')
      .replace(/\s+/g, ' ');

  beforeAll(async () => {
    t = await buildAuditTestApp({ jobs: true, mailer });
    place = await seedSchools(t);
    years = await defineYears(service());
    await signIn('officer', 'education_safeguarding_officer', {
      organisationId: place.organisations.council,
    });
    await signIn('oakDsl', 'dsl', { settingId: place.schools.oakfield });
    await signIn('oakHead', 'head_teacher', { settingId: place.schools.oakfield });
    await signIn('rivDsl', 'dsl', { settingId: place.schools.riverside });
    await signIn('rivHead', 'head_teacher', { settingId: place.schools.riverside });
    await signIn('executive', 'executive');

    // 2024-25, hand counted: early help offer yes at Oakfield only (1 of 3); children 30 + 90 + 10 = 130.
    const last = years['2024-25'];
    await submitReturn(service(), last, place.schools.oakfield, ids.oakHead!, {
      early_help_offer: 'yes',
      early_help_children: '30',
      coca_policy: 'yes',
      get_safe: 'yes',
    });
    await submitReturn(service(), last, place.schools.riverside, ids.rivHead!, {
      early_help_offer: 'no',
      early_help_children: '90',
      coca_policy: 'no',
      get_safe: 'no',
    });
    await submitReturn(service(), last, place.schools.hillside, ids.rivHead!, {
      early_help_offer: 'no',
      early_help_children: '10',
      coca_policy: 'yes',
      get_safe: 'yes',
    });
    await submitReturn(
      service(),
      last,
      place.schools.meadow,
      ids.rivHead!,
      { early_help_offer: 'yes' },
      { submit: false },
    );
    // 2025-26, except Oakfield (whose journey the tests below take through the pages).
    const now = years['2025-26'];
    await submitReturn(service(), now, place.schools.riverside, ids.rivHead!, {
      early_help_offer: 'yes',
      early_help_children: '120',
      coca_policy: 'no',
      coca_recording: 'Paper',
      get_safe: 'yes',
    });
    await submitReturn(service(), now, place.schools.hillside, ids.rivHead!, {
      early_help_offer: 'yes',
      early_help_children: '15',
      coca_policy: 'yes',
      coca_recording: 'Electronic',
      get_safe: 'yes',
    });
    await submitReturn(service(), now, place.schools.meadow, ids.rivHead!, {
      early_help_offer: 'no',
      early_help_children: '0',
      coca_policy: 'yes',
      coca_recording: 'Electronic',
      get_safe: 'no',
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('copies last year’s questions and marks the question added this year as new', async () => {
    const [before, now] = await Promise.all([
      service().definition(years['2024-25']),
      service().definition(years['2025-26']),
    ]);
    expect(before.questions.map((x) => x.code)).toEqual([
      'early_help_offer',
      'early_help_children',
      'early_help_note',
      'coca_policy',
      'get_safe',
    ]);
    expect(now.questions.map((x) => x.code)).toEqual([
      ...before.questions.map((x) => x.code).slice(0, 5),
      'coca_recording',
    ]);
    expect(now.questions.filter((x) => x.newThisYear).map((x) => x.code)).toEqual(['coca_recording']);
    expect(now.questions.find((x) => x.code === 'coca_policy')!.followUpAnswer).toBe('no');
    const page = await clients.officer!.get(`/schools-audit/years/${years['2025-26']}`);
    expect(page.statusCode).toBe(200);
    expect(text(page.body)).toContain('How does the school record incidents? New this year');
  });

  it('refuses a number where yes or no is asked, and saves nothing of the section', async () => {
    const yearId = years['2025-26'];
    const [first] = await answerForms(service(), yearId, {
      early_help_offer: '5',
      early_help_children: '40',
    });
    const url = `/schools-audit/years/${yearId}/schools/${place.schools.oakfield}/sections/${first!.sectionId}`;
    await clients.oakDsl!.get(url);
    const refused = await clients.oakDsl!.post(url, { ...first!.body, after: 'overview' });
    expect(refused.statusCode).toBe(400);
    expect(text(refused.body)).toContain('There is a problem');
    expect(text(refused.body)).toContain(
      'Answer “Does the school have its own early help offer?” with yes or no',
    );
    expect(await returnRow(yearId, place.schools.oakfield)).toBeUndefined();
  });

  it('saves the DSL’s answers as they go, with last year’s answer beside each question', async () => {
    const yearId = years['2025-26'];
    const forms = await answerForms(service(), yearId, {
      early_help_offer: 'yes',
      early_help_children: '40',
      coca_policy: 'yes',
      get_safe: 'yes',
    });
    const url = `/schools-audit/years/${yearId}/schools/${place.schools.oakfield}/sections/${forms[0]!.sectionId}`;
    const page = await clients.oakDsl!.get(url);
    expect(text(page.body)).toContain('Your answer in 2024-25: Yes');
    expect(text(page.body)).toContain('Your answer in 2024-25: 30');
    const saved = await clients.oakDsl!.post(url, { ...forms[0]!.body, after: 'next' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(
      `/schools-audit/years/${yearId}/schools/${place.schools.oakfield}/sections/${forms[1]!.sectionId}`,
    );
    const second = await clients.oakDsl!.get(saved.headers.location as string);
    // The question new this year has no answer from last year; GET SAFE cannot yet be checked.
    expect(text(second.body)).toContain('New this year');
    // No GET SAFE training is recorded for Oakfield's DSL or deputies (its "yes" will disagree).
    expect(text(second.body)).toContain(
      'Training records: no DSL with a GET SAFE record; no deputy with a GET SAFE record.',
    );
    // Saved without coca_recording (required): allowed while in progress.
    expect(
      (await clients.oakDsl!.post(saved.headers.location as string, { ...forms[1]!.body, after: 'overview' }))
        .statusCode,
    ).toBe(303);
    const overview = await clients.oakDsl!.get(
      `/schools-audit/years/${yearId}/schools/${place.schools.oakfield}`,
    );
    expect(text(overview.body)).toContain('Disagrees with training records');
    const record = await returnRow(yearId, place.schools.oakfield);
    expect(record?.status).toBe('in_progress');
    const answers = await t.db
      .selectFrom('schoolsAuditAnswer')
      .selectAll()
      .where('returnId', '=', record!.id)
      .execute();
    expect(answers).toHaveLength(4);
    expect(answers.filter((a) => a.yes === true)).toHaveLength(3);
    expect(
      answers
        .map((a) => a.number)
        .filter((n) => n != null)
        .map(Number),
    ).toEqual([40]);
  });

  it('keeps a return from another school: 404 for its DSL and head', async () => {
    const base = `/schools-audit/years/${years['2025-26']}/schools/${place.schools.oakfield}`;
    expect((await clients.rivDsl!.get(base)).statusCode).toBe(404);
    expect((await clients.rivHead!.get(`${base}/submit`)).statusCode).toBe(404);
    expect((await clients.executive!.get(base)).statusCode).toBe(403);
    expect((await clients.oakDsl!.get(base)).statusCode).toBe(200);
  });

  it('takes a school’s DSL to its return, and an early-years DSL nowhere (they answer another audit)', async () => {
    const mine = await clients.oakDsl!.get('/schools-audit/my-return');
    expect(mine.statusCode).toBe(303);
    expect(mine.headers.location).toMatch(
      new RegExp(`/schools-audit/years/\\d+/schools/${place.schools.oakfield}$`),
    );
    await signIn('acornsDsl', 'dsl', { settingId: place.settings.acorns });
    const none = await clients.acornsDsl!.get('/schools-audit/my-return');
    expect(none.statusCode).toBe(200);
    expect(text(none.body)).toContain('There is no Section 175/157 audit for you to see yet');
    expect(
      (
        await clients.acornsDsl!.get(
          `/schools-audit/years/${years['2025-26']}/schools/${place.settings.acorns}`,
        )
      ).statusCode,
    ).toBe(404);
  });

  it('lets only the head submit, and lists each required answer missing, changing nothing', async () => {
    const yearId = years['2025-26'];
    const base = `/schools-audit/years/${yearId}/schools/${place.schools.oakfield}`;
    expect((await clients.oakDsl!.get(`${base}/submit`)).statusCode).toBe(403);
    await clients.oakHead!.get(`${base}/submit`);
    const refused = await clients.oakHead!.post(`${base}/submit`, {});
    expect(refused.statusCode).toBe(400);
    const summary = text(/<div class="govuk-error-summary[\s\S]*?<\/ul>/.exec(refused.body)?.[0] ?? '');
    expect(summary).toContain('Answer “How does the school record incidents?” (Child-on-child abuse)');
    expect(summary).not.toContain('Describe the offer');
    expect((await returnRow(yearId, place.schools.oakfield))?.status).toBe('in_progress');

    const forms = await answerForms(service(), yearId, {
      coca_policy: 'yes',
      coca_recording: 'Electronic',
      get_safe: 'yes',
    });
    await clients.oakHead!.get(`${base}/sections/${forms[1]!.sectionId}`);
    expect(
      (await clients.oakHead!.post(`${base}/sections/${forms[1]!.sectionId}`, forms[1]!.body)).statusCode,
    ).toBe(303);
    await clients.oakHead!.get(`${base}/submit`);
    const submitted = await clients.oakHead!.post(`${base}/submit`, {});
    expect(submitted.statusCode).toBe(303);
    const record = await returnRow(yearId, place.schools.oakfield);
    expect(record?.status).toBe('submitted');
    expect(record?.submittedBy).toBe(ids.oakHead);
    // Read-only now: the section form is not there for the DSL.
    expect((await clients.oakDsl!.get(`${base}/sections/${forms[1]!.sectionId}`)).statusCode).toBe(404);
    const overview = await clients.oakDsl!.get(base);
    expect(text(overview.body)).toContain('Submitted');
  });

  it('reopens a submitted return only with a reason, kept in the audit log', async () => {
    const yearId = years['2025-26'];
    const base = `/schools-audit/years/${yearId}/schools/${place.schools.oakfield}`;
    const headline = async () =>
      text((await clients.officer!.get(`/schools-audit/years/${yearId}/results`)).body).match(
        /From the \d+ returns submitted by \d+ schools/,
      )?.[0];
    expect(await headline()).toBe('From the 4 returns submitted by 4 schools');
    await clients.oakHead!.get(`${base}/reopen`);
    const refused = await clients.oakHead!.post(`${base}/reopen`, { reason: '' });
    expect(refused.statusCode).toBe(400);
    expect((await returnRow(yearId, place.schools.oakfield))?.status).toBe('submitted');
    const reason = 'The number of children supported was for one term only';
    expect((await clients.oakHead!.post(`${base}/reopen`, { reason })).statusCode).toBe(303);
    const record = await returnRow(yearId, place.schools.oakfield);
    expect(record?.status).toBe('in_progress');
    const entry = await t.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'reopen-audit-return')
      .where('recordId', '=', String(record!.id))
      .executeTakeFirst();
    expect(entry?.reason).toBe(reason);
    expect(entry?.userId).toBe(ids.oakHead);
    // The figures leave the reopened return out at once (Oakfield said yes to an early help offer).
    expect(await headline()).toBe('From the 3 returns submitted by 4 schools');
    const offer = text((await clients.officer!.get(`/schools-audit/years/${yearId}/results`)).body);
    expect(offer).toContain('Schools with their own early help offer 67% yes (2 of 3)');
    // Submitted again, unchanged answers, and counted again.
    await clients.oakHead!.get(`${base}/submit`);
    expect((await clients.oakHead!.post(`${base}/submit`, {})).statusCode).toBe(303);
    expect(await headline()).toBe('From the 4 returns submitted by 4 schools');
    expect(text((await clients.oakDsl!.get(base)).body)).toContain(reason);
  });

  it('computes the figures from submitted returns, equal to hand counts, this year against last', async () => {
    const yearId = years['2025-26'];
    const page = await clients.officer!.get(`/schools-audit/years/${yearId}/results`);
    expect(page.statusCode).toBe(200);
    const report = text(tableOf(page.body, 'table-report'));
    // Early help offer: Oakfield, Riverside, Hillside yes; Meadow no. Last year: Oakfield only of three.
    expect(report).toContain('Schools with their own early help offer 75% yes (3 of 4) 33% yes (1 of 3)');
    // Children: 40 + 120 + 15 + 0 = 175, mean 43.75; last year 30 + 90 + 10 = 130, mean 43.3.
    expect(report).toContain('175 in all; mean 43.8 (4 schools) 130 in all; mean 43.3 (3 schools)');
    expect(report).toContain('Schools with a child-on-child abuse policy 75% yes (3 of 4) 67% yes (2 of 3)');
    expect(page.body).toMatch(
      /<svg role="img"[^>]*aria-label="Bar chart: share of schools answering yes, 2025-26 against 2024-25"/,
    );
    const questions = text(tableOf(page.body, 'table-questions'));
    expect(questions).toContain(
      'How does the school record incidents? New Electronic: 3; Paper: 1 Not asked',
    );

    const offer = (await service().definition(yearId)).questions.find((x) => x.code === 'early_help_offer')!;
    const detail = await clients.officer!.get(`/schools-audit/years/${yearId}/results/questions/${offer.id}`);
    expect(text(tableOf(detail.body, 'table-district'))).toContain(
      'Northvale 100% yes (2 of 2) 50% yes (1 of 2)',
    );
    expect(text(tableOf(detail.body, 'table-district'))).toContain(
      'Southmere 50% yes (1 of 2) 0% yes (0 of 1)',
    );
    expect(text(tableOf(detail.body, 'table-phase'))).toContain('Special school 0% yes (0 of 1) No answers');

    // The figure opens the schools behind it.
    const behind = await clients.officer!.get(
      `/schools-audit/years/${yearId}/results/questions/${offer.id}/schools?answer=yes&district=${place.districts.north}`,
    );
    const rows = text(tableOf(behind.body, 'table-behind'));
    expect(rows).toContain('Oakfield Primary School');
    expect(rows).toContain('Hillside First School');
    expect(rows).not.toContain('Riverside');
    const lastYear = await clients.officer!.get(
      `/schools-audit/years/${yearId}/results/questions/${offer.id}/schools?answer=yes&year=last`,
    );
    expect(text(tableOf(lastYear.body, 'table-behind'))).toContain('Oakfield Primary School');
    expect(text(lastYear.body)).toContain('1 school answering yes');
  });

  it('checks the GET SAFE answer against the training records where they are available', async () => {
    const yearId = years['2025-26'];
    const getSafe = (await service().definition(yearId)).questions.find((x) => x.code === 'get_safe')!;
    // The training module holds no GET SAFE training for any of the four schools' staff: the three
    // schools that said yes disagree with the records, Meadow (no) agrees.
    const page = await clients.officer!.get(`/schools-audit/years/${yearId}/results/questions/${getSafe.id}`);
    expect(text(page.body)).toContain('The answers of 1 school agree with the training records');
    const disagree = text(tableOf(page.body, 'table-get-safe'));
    for (const name of ['Oakfield Primary School', 'Riverside High School', 'Hillside First School'])
      expect(disagree).toContain(name);
    expect(disagree).not.toContain('Meadow');
    // With records where a DSL is in date and no deputy, each school's answer is checked.
    const records = new Map([
      [place.schools.riverside, { bothInDate: false, summary: 'DSL in date; no deputy in date' }],
      [place.schools.meadow, { bothInDate: false, summary: 'DSL expired; no deputy in date' }],
    ]);
    const checked = new SchoolsAuditService({
      db: t.db,
      calendar: () => t.services.calendar,
      jobs: () => null,
      baseUrl: 'http://test',
      actions: t.services.actions,
      getSafe: { statusBySetting: async (ids) => new Map([...records].filter(([id]) => ids.includes(id))) },
    });
    const year = (await checked.year(yearId))!;
    // Riverside said yes, the records say not both in date: a disagreement.
    const riverside = await checked.returnView(year, place.schools.riverside, '2026-01-15');
    expect(riverside.getSafe).toEqual(records.get(place.schools.riverside));
    expect(getSafeNote(riverside.getSafe, true, riverside.answers.get(getSafe.id)).disagrees).toBe(true);
    // Meadow said no, and the records agree.
    const meadow = await checked.returnView(year, place.schools.meadow, '2026-01-15');
    expect(getSafeNote(meadow.getSafe, true, meadow.answers.get(getSafe.id)).disagrees).toBe(false);
    const statuses = await checked.getSafeStatuses(
      [place.schools.riverside, place.schools.hillside],
      '2026-01-15',
    );
    expect([...statuses!.keys()]).toEqual([place.schools.riverside]);
  });

  it('shows the executive the figures, with no school named and no way to the schools', async () => {
    const yearId = years['2025-26'];
    const page = await clients.executive!.get(`/schools-audit/years/${yearId}/results`);
    expect(page.statusCode).toBe(200);
    expect(text(page.body)).toContain('75% yes (3 of 4)');
    expect(page.body).not.toContain('/schools?');
    const offer = (await service().definition(yearId)).questions.find((x) => x.code === 'early_help_offer')!;
    expect(
      (
        await clients.executive!.get(
          `/schools-audit/years/${yearId}/results/questions/${offer.id}/schools?answer=yes`,
        )
      ).statusCode,
    ).toBe(403);
    expect((await clients.executive!.get(`/schools-audit/years/${yearId}/progress`)).statusCode).toBe(403);
  });

  it('shows the team where returns stand by phase and district, and reminds those not submitted', async () => {
    const lastYear = years['2024-25'];
    const page = await clients.officer!.get(`/schools-audit/years/${lastYear}/progress`);
    expect(text(page.body)).toContain('3 of 4 schools have submitted; 1 in progress; 0 not started');
    expect(text(tableOf(page.body, 'table-progress-district'))).toContain('Southmere 0 1 1 2');
    const bogus = await clients.officer!.get(
      `/schools-audit/years/${lastYear}/progress?status=bogus&phase=nursery`,
    );
    expect(bogus.statusCode).toBe(400);
    expect(text(bogus.body)).toContain('Choose a return status from the list');
    expect(text(bogus.body)).toContain('Choose a phase from the list');
    await clients.officer!.get(`/schools-audit/years/${lastYear}/progress`);
    const reminded = await clients.officer!.post(`/schools-audit/years/${lastYear}/reminders`, {});
    expect(reminded.statusCode).toBe(303);
    expect(reminded.headers.location).toContain('reminded=1');
    const email = await waitFor(() => sent.find((m) => m.subject.includes('Meadow Special School')));
    expect(email.to).toEqual(['safeguarding@meadow.test.example']);
    expect(email.text).toContain(`/schools-audit/years/${lastYear}/schools/${place.schools.meadow}`);
    expect(sent.filter((m) => m.subject.includes('Oakfield'))).toHaveLength(0);
    expect(
      (
        await t.db.selectFrom('schoolsAuditReminder').selectAll().where('yearId', '=', lastYear).execute()
      ).map((r) => r.settingId),
    ).toEqual([place.schools.meadow]);
  });

  it('lists answers needing action and makes each a follow-up with an owner and a due date', async () => {
    const yearId = years['2025-26'];
    const page = await clients.officer!.get(`/schools-audit/years/${yearId}/follow-ups`);
    expect(text(page.body)).toContain('Riverside High School');
    expect(page.body).not.toContain(`candidate-${place.schools.hillside}`);
    const coca = (await service().definition(yearId)).questions.find((x) => x.code === 'coca_policy')!;
    const form = {
      settingId: String(place.schools.riverside),
      questionId: String(coca.id),
      ownerId: ids.officer!,
      description: 'Visit the DSL and agree the model policy',
      outcome: 'The governors have adopted a child-on-child abuse policy',
    };
    const raise = (extra: Record<string, string>) =>
      clients.officer!.post(`/schools-audit/years/${yearId}/follow-ups`, { ...form, ...extra });
    const refused = await raise({ dueOn: '2020-01-01' });
    expect(refused.statusCode).toBe(400);
    expect(text(refused.body)).toContain('The due date must be today or in the future');
    // A GOV.UK date input in each candidate's form: the summary links to its first box.
    expect(refused.body).toContain(`href="#dueOn-${place.schools.riverside}-${coca.id}-day"`);
    expect(refused.body).toContain(`id="dueOn-${place.schools.riverside}-${coca.id}-month"`);
    const noDay = await raise({ 'dueOn-day': '', 'dueOn-month': '3', 'dueOn-year': '2099' });
    expect(text(noDay.body)).toContain('The due date must include a day');
    const noOutcome = await raise({ outcome: '', dueOn: '2099-03-31' });
    expect(noOutcome.statusCode).toBe(400);
    expect(text(noOutcome.body)).toContain('Enter what will show it is done');
    expect(await t.db.selectFrom('schoolsAuditFollowUp').selectAll().execute()).toHaveLength(0);
    const source = `${yearId}-${place.schools.riverside}-${coca.id}`;
    expect(await t.services.actions.actionsForSource('schools-audit', 'follow-up', source)).toHaveLength(0);

    expect((await raise({ dueOn: '2099-03-31' })).statusCode).toBe(303);
    const rows = await t.db.selectFrom('schoolsAuditFollowUp').selectAll().execute();
    expect(rows).toMatchObject([
      { settingId: place.schools.riverside, questionId: coca.id, answerGiven: 'no', createdBy: ids.officer },
    ]);
    // The follow-up is an action of the partnership's tracker: owner, agency, due date, outcome.
    const action = await t.services.actions.action(rows[0]!.actionId);
    expect(action).toMatchObject({
      ownerUserId: ids.officer,
      owningOrganisationId: place.organisations.council,
      dueOn: '2099-03-31',
      status: 'open',
      smart: true,
      description: 'Visit the DSL and agree the model policy',
      source: { module: 'schools-audit', type: 'follow-up', id: source },
    });
    const list = await clients.officer!.get(`/schools-audit/years/${yearId}/follow-ups`);
    const table = text(tableOf(list.body, 'table-follow-ups'));
    expect(table).toContain('Riverside High School');
    expect(table).toContain('31 March 2099');
    expect(list.body).toContain(`href="/actions/${rows[0]!.actionId}"`);
    expect(text(list.body)).toContain('No submitted answer waits for a follow-up');
    // Not a second time for the same answer.
    expect((await raise({ dueOn: '2099-03-31' })).statusCode).toBe(400);
    expect(await t.services.actions.actionsForSource('schools-audit', 'follow-up', source)).toHaveLength(1);
    // The school sees it on its return.
    const school = await clients.rivDsl!.get(
      `/schools-audit/years/${yearId}/schools/${place.schools.riverside}`,
    );
    expect(text(school.body)).toContain('due by 31 March 2099');
  });

  it('exports every return as CSV, one row per question', async () => {
    const yearId = years['2025-26'];
    const response = await clients.officer!.get(`/schools-audit/years/${yearId}/returns.csv`);
    expect(response.headers['content-type']).toContain('text/csv');
    const rows = parse(response.body.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(4 * 6);
    const meadowChildren = rows.find(
      (r) => r.School === 'Meadow Special School' && r['Question code'] === 'early_help_children',
    );
    expect(meadowChildren).toMatchObject({
      Answer: '0',
      Status: 'Submitted',
      'Section rating': 'Green',
      Phase: 'Special school',
    });
    expect((await clients.oakDsl!.get(`/schools-audit/years/${yearId}/returns.csv`)).statusCode).toBe(403);
  });

  it('gives the yearly report its figures, each with a source', async () => {
    const section = await schoolsAuditModule.reportSection!(t.services as never, {
      from: '2025-04-01',
      to: '2026-03-31',
    });
    const figure = (label: string) => section.figures.find((f) => f.label === label);
    expect(figure('Schools that submitted their return')?.value).toBe('4 of 4');
    expect(figure('Schools with their own early help offer')?.value).toBe('75%');
    expect(figure('Children supported through schools’ early help')?.value).toBe(175);
    expect(figure('Schools followed up by the education safeguarding team')?.value).toBe(1);
    for (const f of section.figures) expect(f.source).toBeTruthy();
  });
});
