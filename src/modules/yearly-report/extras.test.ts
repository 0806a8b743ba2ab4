/**
 * What the report draws besides its figures, on PGlite or PostgreSQL (TEST_DATABASE_URL): quotes
 * marked by hand in surveys reach the surveys section (unmarked ones never do), the QA lead's KPI
 * notes become the journey section's strengths and areas of focus, charts are drawn with a table
 * of the same rows, and a published version shows all three on its public page and in its PDF.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import { keyedSections } from './figures.ts';
import { printableHtml } from './pdf.ts';
import { sectionExtras } from './section-charts.ts';

const PERIOD = { from: '2024-04-01', to: '2025-03-31' };

describe('the report’s quotes, notes and charts', () => {
  let t: TestApp;
  let admin: TestClient;

  beforeAll(async () => {
    t = await buildTestApp();
    await seedSmallPartnership(t.db);
    const a = await createTestUser(t.db, 'partnership_admin');
    admin = new TestClient(t.app);
    await admin.signIn(a.email, a.password);

    const survey = await t.db
      .insertInto('survey')
      .values({
        title: 'What young people told us',
        introduction: null,
        audience: 'young_people',
        serviceName: null,
        access: 'anonymous',
        linkToken: 'extras-test-token',
        opensOn: '2024-05-01',
        closesOn: '2024-06-30',
        createdBy: null,
        createdAt: new Date('2024-04-20T09:00:00Z'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const question = await t.db
      .insertInto('surveyQuestion')
      .values({
        surveyId: survey.id,
        position: 1,
        kind: 'free_text',
        prompt: 'What helped?',
        options: null,
        minValue: null,
        maxValue: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const answer = async (submittedOn: string, text: string, quotedForReport: boolean) => {
      const r = await t.db
        .insertInto('surveyResponse')
        .values({ surveyId: survey.id, submittedOn })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.db
        .insertInto('surveyAnswer')
        .values({
          responseId: r.id,
          questionId: question.id,
          numberValue: null,
          textValue: text,
          quotedForReport,
        })
        .execute();
    };
    await answer('2024-05-10', 'My worker listened to me and did what she said.', true);
    await answer('2024-05-11', 'Not marked, so never in the report.', false);
    // Marked, but received after the period: not this year's.
    await answer('2025-04-01', 'Marked in the next year.', true);

    const qaLead = await createTestUser(t.db, 'qa_lead');
    await t.db
      .insertInto('journeyKpiNote')
      .values({
        kpi: 'referrals',
        periodFrom: '2024-04-01',
        periodTo: '2025-03-31',
        strengths: 'Referrals are steady and below the comparators.',
        areasOfFocus: 'Re-referrals within 12 months.',
        writtenBy: qaLead.id,
        writtenAt: new Date('2025-04-10T09:00:00Z'),
      })
      .execute();
  }, 60_000);
  afterAll(async () => t?.close());

  it('takes only the quotes marked in the period, and the KPI notes as strengths and areas of focus', async () => {
    const sections = keyedSections(await t.services.reportSections(PERIOD));
    const surveys = sections.find((s) => s.module === 'surveys')!;
    expect(surveys.quotes).toEqual([
      {
        text: 'My worker listened to me and did what she said.',
        who: 'A young person, What young people told us',
        source: 'a survey answer marked for the yearly report',
      },
    ]);
    expect(surveys.charts?.[0]?.rows).toEqual([{ label: 'Young people', value: 2 }]);

    const journey = sections.find((s) => s.module === 'journey')!;
    expect(journey.notes?.map((n) => [n.kind, n.text])).toEqual([
      ['strength', 'Referrals are steady and below the comparators.'],
      ['area-of-focus', 'Re-referrals within 12 months.'],
    ]);
    // The notes are no longer figures (text is not a count to check).
    expect(journey.figures.some((f) => String(f.value).includes('Referrals are steady'))).toBe(false);
    expect(journey.figures.every((f) => f.recordsHref?.startsWith('/journey/kpis/'))).toBe(true);

    const extras = await sectionExtras(sections);
    const drawn = extras[sections.indexOf(surveys)]!;
    expect(drawn.charts).toHaveLength(1);
    expect(drawn.charts[0]!.drawn.svg).toMatch(/^<svg[^>]*role="img"/);
    expect(drawn.charts[0]!.drawn.summary).toContain('the highest is Young people at 2');
    const notes = extras[sections.indexOf(journey)]!;
    expect(notes.strengths).toHaveLength(1);
    expect(notes.focus).toHaveLength(1);
  });

  it('shows quotes, notes and charts on the draft, and freezes them into the public page and the PDF', async () => {
    await admin.get('/yearly-reports/new');
    const created = await admin.post('/yearly-reports', { title: 'Report with voices', ...PERIOD });
    expect(created.statusCode).toBe(303);
    const id = Number(/\/yearly-reports\/(\d+)/.exec(created.headers.location as string)![1]);
    const draft = await admin.get(`/yearly-reports/${id}`);
    expect(draft.statusCode).toBe(200);
    expect(draft.body).toContain('In their words');
    expect(draft.body).toContain('My worker listened to me and did what she said.');
    expect(draft.body).not.toContain('Not marked, so never in the report.');
    expect(draft.body).not.toContain('Marked in the next year.');
    expect(draft.body).toContain('Areas of focus');
    expect(draft.body).toContain('Re-referrals within 12 months.');
    expect(draft.body).toContain('Survey returns by who answered: the chart’s values');

    // Freeze a version directly (the publication rules are tested in yearly-report.test.ts).
    const report = (await t.services.yearlyReport.get(id))!;
    const built = await t.services.yearlyReport.build(report, '2026-01-01');
    const version = await t.db
      .insertInto('yearlyReportVersion')
      .values({
        reportId: id,
        version: 1,
        title: report.title,
        periodFrom: report.periodFrom,
        periodTo: report.periodTo,
        sections: JSON.stringify(built.sections),
        narrative: '',
        approvals: JSON.stringify([]),
        checksum: built.checksum,
        publishedBy: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Published now, after the 30 September that followed its year: listed as late.
    const list = await admin.get('/yearly-reports');
    expect(list.body).toMatch(/first published \d{1,2} \w+ \d{4}, late \(due by 30 September 2025\)/);
    const visitor = new TestClient(t.app);
    const page = await visitor.get(`/reports/yearly/${version.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('My worker listened to me and did what she said.');
    expect(page.body).toContain('Strengths');
    expect(page.body).toMatch(/<svg[^>]*role="img"/);
    // The checksum still holds over the sections with their quotes, notes and charts.
    expect(page.body).not.toContain('does not match the data');

    const frozen = (await t.services.yearlyReport.version(version.id))!;
    const html = printableHtml(frozen, 'http://localhost', await sectionExtras(frozen.sections));
    expect(html).toContain('<h3>In their words</h3>');
    expect(html).toContain('Re-referrals within 12 months.');
    expect(html).toContain('<figure class="chart">');
    // Dates are London's: published and signed off at half past midnight on 1 October (BST), not
    // on the last day of September, the deadline for publishing.
    const lateNight = printableHtml(
      {
        ...frozen,
        publishedAt: new Date('2026-09-30T23:30:00Z'),
        approvals: [{ partner: 'police', name: 'A Signatory', approvedAt: '2026-09-30T23:15:00.000Z' }],
      },
      'http://localhost',
    );
    expect(lateNight).toContain('published 1 October 2026');
    expect(lateNight).toContain('A Signatory, 1 October 2026</li>');
  });
});
