import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, auditWriterFor } from '../../platform/audit/audit-log.ts';
import { addDays } from '../../platform/calendar/civil-date.ts';
import { londonDate } from '../../platform/calendar/index.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import { seedDemoSurveys } from './demo.ts';
import { surveysModule } from './index.ts';

const today = londonDate(new Date());
const system = auditWriterFor(SYSTEM_ACTOR);

describe('surveys', () => {
  let t: TestApp;
  let place: Awaited<ReturnType<typeof seedSmallPartnership>>;
  let qaLead: TestClient;

  beforeAll(async () => {
    t = await buildTestApp();
    place = await seedSmallPartnership(t.db);
    const user = await createTestUser(t.db, 'qa_lead');
    qaLead = new TestClient(t.app);
    await qaLead.signIn(user.email, user.password);
  });
  afterAll(() => t.close());

  /** Builds a survey through the pages; answers its id. */
  async function build(form: Record<string, string>, questions: Record<string, string>[]) {
    await qaLead.get('/surveys/new');
    const created = await qaLead.post('/surveys', form);
    expect(created.statusCode, created.body).toBe(303);
    const id = Number(/\/surveys\/(\d+)/.exec(created.headers.location as string)![1]);
    for (const question of questions) {
      await qaLead.get(`/surveys/${id}`);
      const added = await qaLead.post(`/surveys/${id}/questions`, question);
      expect(added.statusCode, added.body).toBe(303);
    }
    return id;
  }

  const tokenOf = async (id: number) =>
    (await t.db.selectFrom('survey').select('linkToken').where('id', '=', id).executeTakeFirstOrThrow())
      .linkToken;

  it('refuses a survey form with the problems on their fields, and saves nothing', async () => {
    await qaLead.get('/surveys/new');
    const before = await t.db
      .selectFrom('survey')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const response = await qaLead.post('/surveys', {
      title: '',
      audience: 'young_people',
      access: 'sign_in',
      opensOn: '2026-10-10',
      closesOn: '2026-10-01',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter a title');
    expect(response.body).toContain('Closing date must be on or after the opening date');
    expect(response.body).toContain('Young people and families answer by link');
    const after = await t.db
      .selectFrom('survey')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('a young person answers by the anonymous link; answers out of range are refused and nothing is saved', async () => {
    const id = await build(
      {
        title: 'Staying safe online',
        audience: 'young_people',
        access: 'anonymous',
        opensOn: addDays(today, -1),
        closesOn: addDays(today, 7),
      },
      [
        { kind: 'agreement', prompt: 'I know where to get help online' },
        { kind: 'number', prompt: 'How old are you?', minValue: '10', maxValue: '19' },
        { kind: 'choice', prompt: 'What would you do?', options: 'Tell a friend\nTell school\nNothing' },
        { kind: 'free_text', prompt: 'Anything else?', required: 'no' },
      ],
    );
    const questions = await t.db
      .selectFrom('surveyQuestion')
      .select(['id', 'kind'])
      .where('surveyId', '=', id)
      .orderBy('position')
      .execute();
    const [agree, age, choice, text] = questions.map((q) => `q${q.id}`) as [string, string, string, string];
    const token = await tokenOf(id);
    const young = new TestClient(t.app); // signed out
    const page = await young.get(`/s/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Really agree');
    expect(page.body).toContain('Nobody will know which answers are yours');

    const bad = await young.post(`/s/${token}`, {
      [agree]: '7',
      [age]: '25',
      [choice]: 'Run away',
      [text]: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose one of the answers');
    expect(bad.body).toContain('Enter a whole number from 10 to 19');
    expect(bad.body).toContain(`href="#${age}"`);
    expect(
      await t.db.selectFrom('surveyResponse').selectAll().where('surveyId', '=', id).execute(),
    ).toHaveLength(0);

    for (const [a, n, c, x] of [
      ['5', '14', 'Tell school', 'Parents do random checks'],
      ['4', '15', 'Nothing', ''],
      ['2', '12', 'Tell school', ''],
    ] as const) {
      await young.get(`/s/${token}`);
      const ok = await young.post(`/s/${token}`, { [agree]: a, [age]: n, [choice]: c, [text]: x });
      expect(ok.statusCode, ok.body).toBe(303);
      expect(ok.headers.location).toBe(`/s/${token}/thanks`);
    }
    const thanks = await young.get(`/s/${token}/thanks`);
    expect(thanks.body).toContain('Thank you');

    const results = await qaLead.get(`/surveys/${id}/results`);
    expect(results.statusCode).toBe(200);
    expect(results.body).toContain('3 returns');
    expect(results.body).toContain('67% agree or strongly agree'); // 2 of 3
    expect(results.body).toContain('Parents do random checks');
    expect(results.body).toContain('role="img"');

    // A quote marked by hand for the yearly report.
    const answer = await t.db
      .selectFrom('surveyAnswer')
      .select('id')
      .where('textValue', '=', 'Parents do random checks')
      .executeTakeFirstOrThrow();
    const marked = await qaLead.post(`/surveys/${id}/answers/${answer.id}/quote`, { quoted: 'yes' });
    expect(marked.statusCode).toBe(303);
    expect(
      (
        await t.db
          .selectFrom('surveyAnswer')
          .select('quotedForReport')
          .where('id', '=', answer.id)
          .executeTakeFirstOrThrow()
      ).quotedForReport,
    ).toBe(true);

    const csv = await qaLead.get(`/surveys/${id}/results.csv`);
    expect(csv.statusCode).toBe(200);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain('Q1. I know where to get help online');
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(['Really agree', 'Agree', 'Disagree']);

    // Questions are fixed once answers have arrived.
    await qaLead.get(`/surveys/${id}`);
    const late = await qaLead.post(`/surveys/${id}/questions`, { kind: 'yes_no', prompt: 'Too late?' });
    expect(late.statusCode).toBe(400);
    expect(late.body).toContain('Questions cannot change once answers have come in');
  });

  it('a sign-in survey is answered once, only by practitioners of the chosen agencies, and the return names no one', async () => {
    const id = await build(
      {
        title: 'Multi-agency training',
        audience: 'practitioners',
        agencyIds: String(place.organisations.police),
        access: 'sign_in',
        opensOn: today,
        closesOn: addDays(today, 3),
      },
      [{ kind: 'yes_no', prompt: 'Was it useful?' }],
    );
    const token = await tokenOf(id);
    const [question] = await t.db
      .selectFrom('surveyQuestion')
      .select('id')
      .where('surveyId', '=', id)
      .execute();
    const officer = await createTestUser(t.db, 'police_officer', {
      organisationId: place.organisations.police,
    });
    const nurse = await createTestUser(t.db, 'hospital_safeguarding_nurse', {
      organisationId: place.organisations.community,
    });
    const police = new TestClient(t.app);
    await police.signIn(officer.email, officer.password);
    const other = new TestClient(t.app);
    await other.signIn(nurse.email, nurse.password);

    // The anonymous link does not open a sign-in survey.
    expect((await new TestClient(t.app).get(`/s/${token}`)).statusCode).toBe(404);
    expect((await other.get(`/surveys/respond/${token}`)).body).toContain('This survey is for other people');

    await police.get(`/surveys/respond/${token}`);
    expect((await police.post(`/surveys/respond/${token}`, { [`q${question!.id}`]: 'yes' })).statusCode).toBe(
      303,
    );
    await police.get(`/surveys/respond/${token}`);
    const again = await police.post(`/surveys/respond/${token}`, { [`q${question!.id}`]: 'no' });
    expect(again.body).toContain('You have already answered this survey');
    const responses = await t.db
      .selectFrom('surveyResponse')
      .selectAll()
      .where('surveyId', '=', id)
      .execute();
    expect(responses).toHaveLength(1);
    // What a return holds: its survey and its day, nothing that names the person.
    expect(Object.keys(responses[0]!).sort()).toEqual(['id', 'submittedOn', 'surveyId']);
  });

  it('a closed survey takes no answers', async () => {
    const id = await build(
      {
        title: 'Last year',
        audience: 'families',
        access: 'anonymous',
        opensOn: addDays(today, -30),
        closesOn: addDays(today, -1),
      },
      [{ kind: 'yes_no', prompt: 'Did we listen?' }],
    );
    const token = await tokenOf(id);
    const family = new TestClient(t.app);
    expect((await family.get(`/s/${token}`)).body).toContain('This survey has closed');
  });

  it('attaches to another module’s record and reads its results there', async () => {
    const { lado } = await seedDemoSurveys(t.db, today);
    const subject = { module: 'quality', type: 'audit', id: '42' };
    expect(await t.services.surveys.attachSurvey(system, null, lado, subject)).toBe(true);
    const attached = await t.services.surveys.surveysAttachedTo(subject);
    expect(attached).toHaveLength(1);
    expect(attached[0]!.returns).toBe(36);
    const yesNo = attached[0]!.results[1]!;
    const stored = await t.db
      .selectFrom('surveyAnswer as a')
      .innerJoin('surveyQuestion as q', 'q.id', 'a.questionId')
      .select(['a.numberValue'])
      .where('q.surveyId', '=', lado)
      .where('q.position', '=', 2)
      .execute();
    expect(yesNo.rows[0]!.count).toBe(stored.filter((s) => s.numberValue === 1).length);
    expect(yesNo.rows[0]!.count + yesNo.rows[1]!.count).toBe(36);
    expect(await t.services.surveys.surveysAttachedTo({ ...subject, id: '43' })).toHaveLength(0);
    // The demo's results page: its charts, tables and the quotes marked for the yearly report.
    const page = await qaLead.get(`/surveys/${lado}/results`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('36 returns');
    expect(page.body).toContain('For the yearly report');
    expect(await t.services.surveys.detachSurvey(system, lado, subject)).toBe(true);
    expect(await t.services.surveys.surveysAttachedTo(subject)).toHaveLength(0);
  });

  it('executives read results as figures only, never the words people wrote; they cannot build; a DSL cannot read results', async () => {
    const exec = await createTestUser(t.db, 'executive');
    const dsl = await createTestUser(t.db, 'dsl', { settingId: place.settings.oakfield });
    const e = new TestClient(t.app);
    await e.signIn(exec.email, exec.password);
    expect((await e.get('/surveys')).statusCode).toBe(200);
    expect((await e.get('/surveys/new')).statusCode).toBe(403);
    // The young people's survey: 3 returns, one free-text answer (marked for the yearly report).
    const survey = await t.db
      .selectFrom('survey')
      .select('id')
      .where('title', '=', 'Staying safe online')
      .executeTakeFirstOrThrow();
    const seen = await e.get(`/surveys/${survey.id}/results`);
    expect(seen.statusCode).toBe(200);
    expect(seen.body).toContain('3 returns');
    expect(seen.body).toContain('67% agree or strongly agree');
    expect(seen.body).toContain('1 written answer. What people wrote is not shown to your role');
    // Not in the page at all (not hidden by a style), quoted or not, and no way to mark one.
    expect(seen.body).not.toContain('Parents do random checks');
    expect(seen.body).not.toContain('For the yearly report');
    expect(seen.body).not.toContain('/quote"');
    expect((await e.get(`/surveys/${survey.id}/results.csv`)).statusCode).toBe(403);
    const { results } = await t.services.surveys.results(survey.id, 'young_people', { freeText: false });
    expect(results.some((r) => r.texts !== undefined)).toBe(false);
    // The review group (who read results with the words) still sees them.
    const member = await createTestUser(t.db, 'review_group_member');
    const m = new TestClient(t.app);
    await m.signIn(member.email, member.password);
    expect((await m.get(`/surveys/${survey.id}/results`)).body).toContain('Parents do random checks');
    const d = new TestClient(t.app);
    await d.signIn(dsl.email, dsl.password);
    expect((await d.get('/surveys')).statusCode).toBe(403);
  });

  it('the yearly report’s figures equal a hand count', async () => {
    // Period 2031-04-01 to 2032-03-31. Survey A (young people) open in it with 2 returns in it and
    // 1 after; survey B (families) closed before it; one of A's free-text answers is quoted.
    const [a, b] = await t.db
      .insertInto('survey')
      .values([
        {
          title: 'A',
          audience: 'young_people',
          access: 'anonymous',
          linkToken: 'fixture-a-2031',
          opensOn: '2031-03-01',
          closesOn: '2031-05-01',
        },
        {
          title: 'B',
          audience: 'families',
          access: 'anonymous',
          linkToken: 'fixture-b-2031',
          opensOn: '2031-01-01',
          closesOn: '2031-03-31',
        },
      ])
      .returning('id')
      .execute();
    const [question] = await t.db
      .insertInto('surveyQuestion')
      .values({ surveyId: a!.id, position: 1, kind: 'free_text', prompt: 'Anything else?' })
      .returning('id')
      .execute();
    const responses = await t.db
      .insertInto('surveyResponse')
      .values([
        { surveyId: a!.id, submittedOn: '2031-04-01' },
        { surveyId: a!.id, submittedOn: '2032-03-31' },
        { surveyId: a!.id, submittedOn: '2032-04-01' },
        { surveyId: b!.id, submittedOn: '2031-03-31' },
      ])
      .returning('id')
      .execute();
    await t.db
      .insertInto('surveyAnswer')
      .values([
        {
          responseId: responses[0]!.id,
          questionId: question!.id,
          textValue: 'Quoted',
          quotedForReport: true,
        },
        {
          responseId: responses[2]!.id,
          questionId: question!.id,
          textValue: 'After the year',
          quotedForReport: true,
        },
      ])
      .execute();
    const section = await surveysModule.reportSection!(t.services, { from: '2031-04-01', to: '2032-03-31' });
    const value = (label: string) => section.figures.find((f) => f.label === label)?.value;
    expect(value('Surveys open during the year')).toBe(1);
    expect(value('Survey returns from young people')).toBe(2);
    expect(value('Survey returns from families')).toBe(0);
    expect(value('Answers marked for quoting in the yearly report')).toBe(1);
    for (const f of section.figures) expect(f.source).toBeTruthy();
  });
});
