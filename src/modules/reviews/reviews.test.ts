import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, auditWriterFor } from '../../platform/audit/audit-log.ts';
import { addDays } from '../../platform/calendar/civil-date.ts';
import { londonDate } from '../../platform/calendar/index.ts';
import { addCalendarMonths } from '../../platform/calendar/months.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import { demoPartnership } from '../registry/index.ts';
import { notificationDue, rapidReviewDue } from './clocks.ts';
import { seedDemoSurveys } from '../surveys/index.ts';
import { seedDemoReviews } from './demo.ts';
import { reviewsModule } from './index.ts';

const today = londonDate(new Date());
const system = auditWriterFor(SYSTEM_ACTOR);

describe('practice reviews', () => {
  let t: TestApp;
  let place: Awaited<ReturnType<typeof seedSmallPartnership>>;
  let alice: TestClient; // review group member who records the notification
  let bob: TestClient; // review group member not named on it
  let bobId: string;
  let caseId: number;

  const notification = (extra: Record<string, string> = {}) => ({
    givenName: 'Kayden',
    familyName: 'Reviewtest',
    dateOfBirth: '2019-03-04',
    sex: 'male',
    incidentOn: addDays(today, -20),
    incidentSummary: 'Serious injury at home; neglect suspected.',
    becameAwareOn: addDays(today, -18),
    ...extra,
  });

  const countCases = async () =>
    Number(
      (
        await t.db
          .selectFrom('reviewCase')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await buildTestApp();
    place = await seedSmallPartnership(t.db);
    const a = await createTestUser(t.db, 'review_group_member');
    const b = await createTestUser(t.db, 'review_group_member');
    bobId = b.id;
    alice = new TestClient(t.app);
    await alice.signIn(a.email, a.password);
    bob = new TestClient(t.app);
    await bob.signIn(b.email, b.password);
  });
  afterAll(() => t.close());

  it('records a notification for a new child, with the 5-working-day clock computed', async () => {
    await alice.get('/reviews/notifications/new');
    const created = await alice.post('/reviews/notifications', notification());
    expect(created.statusCode, created.body).toBe(303);
    caseId = Number(/\/reviews\/(\d+)/.exec(created.headers.location as string)![1]);
    const c = await t.db
      .selectFrom('reviewCase')
      .selectAll()
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(c.notificationDueOn).toBe(notificationDue(t.services.calendar, addDays(today, -18)));
    expect(c.reference).toMatch(/^RR-\d{4}-01$/);
    const page = await alice.get(`/reviews/${caseId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Kayden Reviewtest');
    expect(page.body).toMatch(/Overdue by \d+ working days|Due in|Due today/);
    // The view is in the audit log with the child's id.
    const entry = await t.db
      .selectFrom('auditLog')
      .select(['childId', 'outcome'])
      .where('recordType', '=', 'review-case')
      .where('recordId', '=', String(caseId))
      .where('action', '=', 'view')
      .executeTakeFirstOrThrow();
    expect(entry.childId).toBe(c.childId);
  });

  it('offers the likely children of the index before recording a new one', async () => {
    await alice.get('/reviews/notifications/new');
    const similar = await alice.post(
      '/reviews/notifications',
      notification({ givenName: 'Kaydon', incidentSummary: 'Another incident.' }),
    );
    expect(similar.statusCode).toBe(200);
    expect(similar.body).toContain('Is the child one of these children already in the child index?');
    expect(similar.body).toContain('Kayden Reviewtest');
    expect(similar.body).toMatch(/Probability this is the child: \d+%/);
    const first = await t.db
      .selectFrom('reviewCase')
      .select('childId')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    const chosen = await alice.post(
      '/reviews/notifications',
      notification({ givenName: 'Kaydon', incidentSummary: 'Another incident.', childChoice: first.childId }),
    );
    expect(chosen.statusCode, chosen.body).toBe(303);
    const second = Number(/\/reviews\/(\d+)/.exec(chosen.headers.location as string)![1]);
    expect(
      (
        await t.db
          .selectFrom('reviewCase')
          .select('childId')
          .where('id', '=', second)
          .executeTakeFirstOrThrow()
      ).childId,
    ).toBe(first.childId);
  });

  it('a review group member not named on the review cannot see it (404, audited); the register shows references, never names', async () => {
    expect((await bob.get(`/reviews/${caseId}`)).statusCode).toBe(404);
    expect((await bob.get(`/reviews/${caseId}/decision`)).statusCode).toBe(404);
    await bob.get('/reviews');
    expect((await bob.post(`/reviews/${caseId}/recommendation`, { text: 'x' })).statusCode).toBe(404);
    const refused = await t.db
      .selectFrom('auditLog')
      .select('outcome')
      .where('recordType', '=', 'review-case')
      .where('recordId', '=', String(caseId))
      .where('userId', '=', bobId)
      .execute();
    expect(refused.length).toBeGreaterThanOrEqual(3);
    expect(refused.every((e) => e.outcome === 'not_found')).toBe(true);
    const register = await bob.get('/reviews');
    expect(register.statusCode).toBe(200);
    expect(register.body).toMatch(/RR-\d{4}-01/);
    expect(register.body).not.toContain('Reviewtest');
    expect(register.body).not.toContain(`href="/reviews/${caseId}"`);
    // The QA lead sees the register too, by reference only; executives see figures only.
    const qa = await createTestUser(t.db, 'qa_lead');
    const q = new TestClient(t.app);
    await q.signIn(qa.email, qa.password);
    expect((await q.get('/reviews')).body).not.toContain('Reviewtest');
    expect((await q.get(`/reviews/${caseId}`)).statusCode).toBe(403);
    const ex = await createTestUser(t.db, 'executive');
    const e = new TestClient(t.app);
    await e.signIn(ex.email, ex.password);
    expect((await e.get('/reviews')).statusCode).toBe(403);
    expect((await e.get('/reviews/national')).statusCode).toBe(403);
    const figures = await e.get('/reviews/figures');
    expect(figures.statusCode).toBe(200);
    // Figures only: no review's reference, no child, no words from a review.
    expect(figures.body).not.toMatch(/RR-\d{4}-\d{2}/);
    expect(figures.body).not.toContain('Reviewtest');
    expect(figures.body).not.toContain('neglect suspected');
  });

  it('refuses a rapid review decision without reasons, and a Panel response before the notification; nothing saved', async () => {
    const notifiedOn = addDays(today, -15);
    await alice.get(`/reviews/${caseId}/notified`);
    expect((await alice.post(`/reviews/${caseId}/notified`, { notifiedOn })).statusCode).toBe(303);
    const c = await t.db
      .selectFrom('reviewCase')
      .selectAll()
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(c.rapidReviewDueOn).toBe(rapidReviewDue(t.services.calendar, notifiedOn));

    await alice.get(`/reviews/${caseId}/decision`);
    const noReasons = await alice.post(`/reviews/${caseId}/decision`, {
      decision: 'cspr',
      decisionReasons: '  ',
      decidedOn: addDays(today, -5),
    });
    expect(noReasons.statusCode).toBe(400);
    expect(noReasons.body).toContain('Enter the reasons for the decision');
    expect(noReasons.body).toContain('href="#decisionReasons"');
    expect(
      (
        await t.db
          .selectFrom('reviewCase')
          .select('decision')
          .where('id', '=', caseId)
          .executeTakeFirstOrThrow()
      ).decision,
    ).toBeNull();

    await alice.get(`/reviews/${caseId}/panel`);
    const early = await alice.post(`/reviews/${caseId}/panel`, {
      panelResponse: 'agrees',
      panelResponseOn: addDays(notifiedOn, -1),
    });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('Date of the Panel’s response must be on or after the notification');
    expect(early.body).toContain('href="#panelResponseOn-day"');
    expect(
      (
        await t.db
          .selectFrom('reviewCase')
          .select('panelResponse')
          .where('id', '=', caseId)
          .executeTakeFirstOrThrow()
      ).panelResponse,
    ).toBeNull();
  });

  it('a decision to hold a CSPR commissions one, due 6 calendar months after; late publication needs its reason', async () => {
    const decidedOn = addDays(today, -5);
    await alice.get(`/reviews/${caseId}/decision`);
    const decided = await alice.post(`/reviews/${caseId}/decision`, {
      meetingOn: decidedOn,
      decision: 'cspr',
      decisionReasons: 'The criteria are met: multi-agency learning of national importance.',
      decidedOn,
      sentToPanelOn: decidedOn,
    });
    expect(decided.statusCode, decided.body).toBe(303);
    const cspr = await t.db
      .selectFrom('reviewCspr')
      .selectAll()
      .where('caseId', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(cspr.publicationDueOn).toBe(addCalendarMonths(decidedOn, 6));

    await alice.get(`/reviews/${caseId}/panel`);
    expect(
      (await alice.post(`/reviews/${caseId}/panel`, { panelResponse: 'agrees', panelResponseOn: today }))
        .statusCode,
    ).toBe(303);

    // Published (in a test, "late" by moving the due date back) without saying why: refused.
    await t.db
      .updateTable('reviewCspr')
      .set({ publicationDueOn: addDays(today, -2) })
      .where('id', '=', cspr.id)
      .execute();
    await alice.get(`/reviews/${caseId}/cspr`);
    const late = await alice.post(`/reviews/${caseId}/cspr`, {
      jointWithDhr: 'yes',
      publishedOn: today,
      reportUrl: 'https://example.org/r.pdf',
    });
    expect(late.statusCode).toBe(400);
    expect(late.body).toContain('Say why publication waited beyond the due date');
    expect(
      (
        await t.db
          .selectFrom('reviewCspr')
          .select('publishedOn')
          .where('id', '=', cspr.id)
          .executeTakeFirstOrThrow()
      ).publishedOn,
    ).toBeNull();
    const ok = await alice.post(`/reviews/${caseId}/cspr`, {
      jointWithDhr: 'yes',
      reviewerName: 'A. Reviewer',
      publicationWaitReason: 'Criminal proceedings',
      publishedOn: today,
      reportUrl: 'https://example.org/r.pdf',
    });
    expect(ok.statusCode, ok.body).toBe(303);

    await alice.get(`/reviews/${caseId}/recommendation`);
    expect(
      (await alice.post(`/reviews/${caseId}/recommendation`, { text: 'Think family: a newsletter.' }))
        .statusCode,
    ).toBe(303);
    const page = await alice.get(`/reviews/${caseId}`);
    expect(page.body).toContain('Recommendation 1');
    expect(page.body).toContain('joint with a domestic homicide review');
    expect(page.body).toContain('Published 2 days late');
  });

  it('a recommendation becomes an action in the tracker, traced back to its review; bad input saves nothing', async () => {
    const rec = await t.db
      .selectFrom('reviewRecommendation')
      .select('id')
      .where('caseId', '=', caseId)
      .executeTakeFirstOrThrow();
    const url = `/reviews/recommendations/${rec.id}/actions`;
    expect((await bob.get(url)).statusCode).toBe(404); // not named on the review
    await alice.get(url);
    const noAgency = await alice.post(url, {
      description: 'Publish a Think Family newsletter',
      dueOn: addDays(today, 30),
    });
    expect(noAgency.statusCode).toBe(400);
    expect(noAgency.body).toContain('Select the agency that owns the action');
    const past = await alice.post(url, {
      description: 'Publish a Think Family newsletter',
      owningOrganisationId: String(place.organisations.council),
      dueOn: addDays(today, -1),
    });
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('The due date must be on or after the date the action was agreed');
    expect(
      await t.services.actions.actionsForSource('reviews', 'recommendation', String(rec.id)),
    ).toHaveLength(0);

    const saved = await alice.post(url, {
      description: 'Publish a Think Family newsletter',
      owningOrganisationId: String(place.organisations.council),
      ownerName: 'Head of safeguarding',
      dueOn: addDays(today, 60),
      measurableOutcome: '80% of practitioners surveyed have read it',
    });
    expect(saved.statusCode, saved.body).toBe(303);
    expect(saved.headers.location).toBe(`/reviews/${caseId}#recommendations`);
    const [action] = await t.services.actions.actionsForSource('reviews', 'recommendation', String(rec.id));
    expect(action).toBeDefined();
    expect(action!.smart).toBe(true);
    expect(action!.source.label).toMatch(/^Recommendation 1 of practice review RR-\d{4}-01$/);
    expect(action!.source.label).not.toContain('Reviewtest');
    const page = await alice.get(`/reviews/${caseId}`);
    expect(page.body).toContain(`href="/actions/${action!.id}"`);
    expect(page.body).toContain('Publish a Think Family newsletter');
  });

  it('the action done, its impact judged by the review group, is shown on the review’s page and traces back to it', async () => {
    const rec = await t.db
      .selectFrom('reviewRecommendation')
      .select('id')
      .where('caseId', '=', caseId)
      .executeTakeFirstOrThrow();
    const [action] = await t.services.actions.actionsForSource('reviews', 'recommendation', String(rec.id));
    const actionUrl = `/actions/${action!.id}`;
    // The action's page leads back to the review's recommendations.
    const actionPage = await alice.get(actionUrl);
    expect(actionPage.statusCode).toBe(200);
    expect(actionPage.body).toContain(`href="/reviews/${caseId}#recommendations"`);
    // Before it is done there is no impact to judge, and the review page says so.
    expect((await alice.get(`/reviews/${caseId}`)).body).toContain('Judged once done');
    expect(
      (await alice.post(`${actionUrl}/done`, { doneNote: 'Newsletter sent to 1,200 practitioners.' }))
        .statusCode,
    ).toBe(303);
    expect((await alice.get(`/reviews/${caseId}`)).body).toContain('Not judged yet');

    // The QA lead does not own reviews' actions: the judgement is not theirs to make.
    const qa = await createTestUser(t.db, 'qa_lead');
    const q = new TestClient(t.app);
    await q.signIn(qa.email, qa.password);
    await q.get(actionUrl);
    expect(
      (await q.post(`${actionUrl}/impact`, { judgement: 'embedded', evidence: 'x', judgedOn: today }))
        .statusCode,
    ).toBe(404);

    await alice.get(actionUrl);
    const judged = await alice.post(`${actionUrl}/impact`, {
      judgement: 'partly',
      evidence: 'A re-audit found 6 of 10 case files used the Think Family prompts.',
      judgedOn: today,
    });
    expect(judged.statusCode, judged.body).toBe(303);
    const page = await alice.get(`/reviews/${caseId}`);
    expect(page.statusCode).toBe(200);
    const civil = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', dateStyle: 'long' }).format(
      new Date(`${today}T00:00:00Z`),
    );
    expect(page.body).toContain(`Partly evidenced, judged ${civil}`);
    expect(page.body).toContain('A re-audit found 6 of 10 case files used the Think Family prompts.');
    expect(page.body).not.toContain('Not judged yet');
    // The latest judgement is the one shown.
    await alice.get(actionUrl);
    expect(
      (
        await alice.post(`${actionUrl}/impact`, {
          judgement: 'embedded',
          evidence: 'The second re-audit found the prompts in every file.',
          judgedOn: today,
        })
      ).statusCode,
    ).toBe(303);
    const later = await alice.get(`/reviews/${caseId}`);
    expect(later.body).toContain(`Embedded, judged ${civil}`);
    expect(later.body).not.toContain('Partly evidenced');
    // The figures count it by hand: one action agreed today from a review, done, judged embedded
    // (its latest judgement; the earlier "partly" is not counted).
    const f = await t.services.reviews.figures({ from: today, to: today });
    expect(f.actions).toEqual({
      agreed: 1,
      open: 0,
      overdue: 0,
      done: 1,
      dropped: 0,
      embedded: 1,
      partly: 0,
      notEvidenced: 0,
      notJudged: 0,
    });
    const section = await reviewsModule.reportSection!(t.services, { from: today, to: today });
    expect(section.figures.find((x) => x.label === 'Of those done, learning judged embedded')?.value).toBe(1);
  });

  it('names another member: then they see the case; the last member cannot be removed', async () => {
    const admin = await createTestUser(t.db, 'partnership_admin');
    const a = new TestClient(t.app);
    await a.signIn(admin.email, admin.password);
    const members = await a.get(`/reviews/${caseId}/members`);
    expect(members.statusCode).toBe(200);
    expect(members.body).not.toContain('Reviewtest');
    expect((await a.get(`/reviews/${caseId}`)).statusCode).toBe(403);
    expect((await a.post(`/reviews/${caseId}/members`, { userId: admin.id })).statusCode).toBe(400); // not of the review group
    expect((await a.post(`/reviews/${caseId}/members`, { userId: bobId })).statusCode).toBe(303);
    expect((await bob.get(`/reviews/${caseId}`)).statusCode).toBe(200);
    await bob.get(`/reviews/${caseId}`);
    expect((await bob.post(`/reviews/${caseId}/members/${bobId}/remove`, {})).statusCode).toBe(303);
    expect((await bob.get(`/reviews/${caseId}`)).statusCode).toBe(404);
    const aliceId = (
      await t.db
        .selectFrom('reviewMember')
        .select('userId')
        .where('caseId', '=', caseId)
        .executeTakeFirstOrThrow()
    ).userId;
    expect((await t.services.reviews.removeMember(system, caseId, aliceId)).ok).toBe(false);
  });

  it('national reviews: recommendations and the partnership’s decision on each, with reasons', async () => {
    await alice.get('/reviews/national/new');
    const created = await alice.post('/reviews/national', {
      kind: 'panel_briefing',
      title: 'Safeguarding children at risk from online harm',
      publishedOn: addDays(today, -30),
    });
    expect(created.statusCode, created.body).toBe(303);
    const id = Number(/national\/(\d+)/.exec(created.headers.location as string)![1]);
    await alice.get(`/reviews/national/${id}`);
    expect(
      (
        await alice.post(`/reviews/national/${id}/recommendations`, {
          text: 'Partnerships should survey young people.',
        })
      ).statusCode,
    ).toBe(303);
    const rec = await t.db
      .selectFrom('reviewRecommendation')
      .select('id')
      .where('nationalReviewId', '=', id)
      .executeTakeFirstOrThrow();
    await alice.get(`/reviews/national/recommendations/${rec.id}/decision`);
    const noWhy = await alice.post(`/reviews/national/recommendations/${rec.id}/decision`, {
      decision: 'relevant',
      decidedOn: today,
    });
    expect(noWhy.statusCode).toBe(400);
    expect(noWhy.body).toContain('Enter why');
    const beforePublished = await alice.post(`/reviews/national/recommendations/${rec.id}/decision`, {
      decision: 'relevant',
      decisionReason: 'Yes',
      decidedOn: addDays(today, -40),
    });
    expect(beforePublished.statusCode).toBe(400);
    const decided = await alice.post(`/reviews/national/recommendations/${rec.id}/decision`, {
      decision: 'relevant',
      decisionReason: 'We have no survey yet.',
      decidedOn: today,
    });
    expect(decided.statusCode).toBe(303);
    const page = await alice.get(`/reviews/national/${id}`);
    expect(page.body).toContain('Relevant here: act on it');
    expect(page.body).toContain('We have no survey yet.');
  });

  it('figures equal a hand count on a small fixture', async () => {
    const child = (await t.db.selectFrom('reviewCase').select('childId').executeTakeFirstOrThrow()).childId;
    const base = {
      childId: child,
      incidentSummary: 'Fixture',
      incidentOn: '2030-04-01',
      becameAwareOn: '2030-04-01',
      notificationDueOn: '2030-04-08',
      rapidReviewDueOn: '2030-05-01',
    };
    // Period 2030-04-01 to 2031-03-31. A: notified on time, decided cspr, sent on time, agreed.
    // B: notified late, decided no_cspr, sent late, Panel disagreed. C: notified after the year.
    await t.db
      .insertInto('reviewCase')
      .values([
        {
          ...base,
          reference: 'FIX-A',
          notifiedOn: '2030-04-08',
          decision: 'cspr',
          decisionReasons: 'r',
          decidedOn: '2030-04-20',
          sentToPanelOn: '2030-04-30',
          panelResponse: 'agrees',
          panelResponseOn: '2030-05-10',
        },
        {
          ...base,
          reference: 'FIX-B',
          notifiedOn: '2030-04-09',
          decision: 'no_cspr',
          decisionReasons: 'r',
          decidedOn: '2030-04-25',
          sentToPanelOn: '2030-05-02',
          panelResponse: 'disagrees',
          panelResponseOn: '2031-03-31',
        },
        { ...base, reference: 'FIX-C', notifiedOn: '2031-04-01' },
      ])
      .execute();
    const a = await t.db
      .selectFrom('reviewCase')
      .select('id')
      .where('reference', '=', 'FIX-A')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('reviewCspr')
      .values({ caseId: a.id, decidedOn: '2030-04-20', publicationDueOn: '2030-10-20', jointWithDhr: true })
      .execute();
    const f = await t.services.reviews.figures({ from: '2030-04-01', to: '2031-03-31' });
    const section = await reviewsModule.reportSection!(t.services, { from: '2030-04-01', to: '2031-03-31' });
    const value = (label: string) => section.figures.find((x) => x.label === label)?.value;
    expect(value('Serious incidents notified to the National Panel')).toBe(2);
    expect(value('Rapid reviews sent to the Panel within 15 working days')).toBe(1);
    expect(value('Of them, joint with a domestic homicide review')).toBe(1);
    expect(f).toMatchObject({
      notified: 2,
      notifiedOnTime: 1,
      rapidReviews: 2,
      rapidReviewsOnTime: 1,
      csprDecisions: 1,
      panelResponses: 2,
      panelAgreed: 1,
      csprsInProgress: 1,
      jointInProgress: 1,
      csprsPublished: 0,
    });
  });

  it('the demo: eight rapid reviews in the year, one joint CSPR/DHR in progress, national decisions', async () => {
    const before = await countCases();
    const seeded = await seedDemoReviews(
      t.db,
      { calendar: t.services.calendar, children: t.services.children, actions: t.services.actions },
      demoPartnership(),
      60,
      today,
    );
    // 8 this year, and one older published CSPR (when the index gave a ninth child).
    expect(seeded.caseIds.length).toBeGreaterThanOrEqual(8);
    expect((await countCases()) - before).toBe(seeded.caseIds.length);
    const joint = await t.db
      .selectFrom('reviewCspr')
      .selectAll()
      .where('caseId', '=', seeded.jointCaseId!)
      .executeTakeFirstOrThrow();
    expect(joint.jointWithDhr).toBe(true);
    expect(joint.publishedOn).toBeNull();
    const f = await t.services.reviews.figures({ from: addDays(today, -365), to: today });
    expect(f.rapidReviews).toBeGreaterThanOrEqual(7);
    expect(f.jointInProgress).toBeGreaterThanOrEqual(1);
    expect(seeded.nationalRecommendationIds.length).toBeGreaterThan(0);
    // Each local recommendation has its action in the tracker.
    for (const id of seeded.recommendationIds)
      expect(await t.services.actions.actionsForSource('reviews', 'recommendation', String(id))).toHaveLength(
        1,
      );
    // A survey attached to a review shows its results on the review's page.
    const { lado } = await seedDemoSurveys(t.db, today);
    await alice.get(`/reviews/${caseId}/survey`);
    expect((await alice.post(`/reviews/${caseId}/survey`, { surveyId: String(lado) })).statusCode).toBe(303);
    const page = await alice.get(`/reviews/${caseId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Your experience of the LADO service (36 returns)');
    expect(page.body).toContain('For the yearly report');
    void place;
  });
});
