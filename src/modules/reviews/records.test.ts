/**
 * The records behind the reviews' yearly-report figures: on a small fixture counted by hand
 * (dates on both edges of the year), each figure's page lists as many records as the figure
 * says, by reference only; a role outside the review register is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../platform/logging/logger.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import { fillerChildren } from '../../synthetic/filler-children.ts';
import { reviewsModule } from './index.ts';

const period = { from: '2025-04-01', to: '2026-03-31' };

const recordsOf = (body: string) => {
  const table = /<table[^>]*id="records"[\s\S]*?<\/table>/.exec(body)?.[0] ?? '';
  const tbody = /<tbody[\s\S]*?<\/tbody>/.exec(table)?.[0] ?? '';
  return {
    rows: (tbody.match(/<tr class="govuk-table__row"/g) ?? []).length,
    stated: Number(/id="records-count">(\d+)</.exec(body)?.[1]),
  };
};

describe('the records behind the reviews figures', () => {
  let t: TestApp;
  let member: TestClient;

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' }, logger: createLogger('error') });
    const place = await seedSmallPartnership(t.db);
    const kids = await t.db.insertInto('child').values(fillerChildren(4)).returning('id').execute();
    const base = (k: number, reference: string) => ({
      reference,
      childId: kids[k]!.id,
      incidentSummary: 'Synthetic incident',
      incidentOn: '2025-01-01',
      becameAwareOn: '2025-01-02',
      notificationDueOn: '2025-04-02',
    });
    const cases = await t.db
      .insertInto('reviewCase')
      .values([
        // A: notified on time on the first day, decided CSPR, sent late, Panel agrees.
        {
          ...base(0, 'RR-A'),
          notifiedOn: '2025-04-01',
          decision: 'cspr',
          decisionReasons: 'Learning',
          decidedOn: '2025-05-01',
          rapidReviewDueOn: '2025-04-20',
          sentToPanelOn: '2025-05-02',
          panelResponse: 'agrees',
          panelResponseOn: '2025-06-01',
        },
        // B: notified late, the last day; decided no CSPR on the last day, sent on time.
        {
          ...base(1, 'RR-B'),
          notifiedOn: '2026-03-31',
          decision: 'no_cspr',
          decisionReasons: 'Learning known',
          decidedOn: '2026-03-31',
          rapidReviewDueOn: '2026-04-20',
          sentToPanelOn: '2026-03-31',
        },
        // C: notified the day before the year; Panel disagrees within it.
        {
          ...base(2, 'RR-C'),
          notifiedOn: '2025-03-31',
          panelResponse: 'disagrees',
          panelResponseOn: '2025-04-01',
        },
        // D: not yet notified.
        { ...base(3, 'RR-D') },
      ])
      .returning('id')
      .execute();
    await t.db
      .insertInto('reviewCspr')
      .values([
        // Decided in the year, unpublished: in progress, joint.
        { caseId: cases[0]!.id, decidedOn: '2025-05-01', jointWithDhr: true, publicationDueOn: '2025-11-01' },
        // Decided before, published on time within the year.
        {
          caseId: cases[2]!.id,
          decidedOn: '2024-10-01',
          publicationDueOn: '2025-04-01',
          publishedOn: '2025-04-01',
        },
        // Decided in the year, published after it: in progress at the year end.
        {
          caseId: cases[1]!.id,
          decidedOn: '2026-03-31',
          publicationDueOn: '2026-09-30',
          publishedOn: '2026-04-01',
        },
      ])
      .execute();
    const national = await t.db
      .insertInto('nationalReview')
      .values([
        { kind: 'national_review', title: 'Child protection in England', publishedOn: '2025-04-01' },
        {
          kind: 'panel_briefing',
          title: 'Safeguarding children with disabilities',
          publishedOn: '2026-04-01',
        },
      ])
      .returning('id')
      .execute();
    const rec = (extra: object, number: number) => ({ number, text: 'Recommendation', ...extra });
    await t.db
      .insertInto('reviewRecommendation')
      .values([
        rec(
          {
            nationalReviewId: national[0]!.id,
            decision: 'relevant',
            decisionReason: 'Act',
            decidedOn: '2025-05-01',
          },
          1,
        ),
        rec(
          {
            nationalReviewId: national[0]!.id,
            decision: 'in_place',
            decisionReason: 'Done',
            decidedOn: '2026-03-31',
          },
          2,
        ),
        rec(
          {
            nationalReviewId: national[0]!.id,
            decision: 'relevant',
            decisionReason: 'Act',
            decidedOn: '2026-04-01',
          },
          3,
        ),
        rec({ caseId: cases[0]!.id, createdAt: '2025-06-01T12:00:00Z' }, 1),
        rec({ caseId: cases[0]!.id, createdAt: '2025-06-01T12:00:00Z' }, 2),
        rec({ caseId: cases[1]!.id, createdAt: '2024-06-01T12:00:00Z' }, 1),
      ])
      .execute();
    const action = (createdOn: string, status: 'open' | 'done', sourceModule = 'reviews') => ({
      description: 'Learn',
      owningOrganisationId: place.organisations.police,
      ownerName: 'DI Test',
      measurableOutcome: 'Audit',
      dueOn: '2026-12-31',
      sourceModule,
      sourceType: 'recommendation',
      sourceId: '1',
      sourceLabel: 'RR-A 1',
      createdOn,
      status,
      doneOn: status === 'done' ? createdOn : null,
    });
    const acts = await t.db
      .insertInto('actionItem')
      .values([
        action('2025-06-01', 'done'),
        action('2025-06-01', 'open'),
        action('2025-06-01', 'done', 'quality'), // another module's: not counted here
        action('2025-03-01', 'done'), // before the year
      ])
      .returning('id')
      .execute();
    await t.db
      .insertInto('actionImpact')
      .values({
        actionItemId: acts[0]!.id,
        judgement: 'embedded',
        evidence: 'Seen',
        judgedOn: '2025-09-01',
        judgedByName: 'Group',
      })
      .execute();
    const user = await createTestUser(t.db, 'review_group_member');
    member = new TestClient(t.app);
    await member.signIn(user.email, user.password);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lists, for each figure, as many records as the figure counts (hand count)', async () => {
    const section = await reviewsModule.reportSection!(t.services, period);
    const hand = {
      'Serious incidents notified to the National Panel': 2, // A, B
      'Notified within 5 working days': 1, // A
      'Rapid reviews completed': 2, // A, B
      'Rapid reviews sent to the Panel within 15 working days': 1, // B
      'Decisions to hold a CSPR': 1, // A
      'Panel responses agreeing with the partnership': 1, // A
      'Panel responses': 2, // A, C
      'CSPRs in progress at the year end': 2, // A's, B's
      'Of them, joint with a domestic homicide review': 1,
      'CSPRs published': 1, // C's
      'CSPRs published within 6 months of the decision': 1,
      'National reviews and Panel briefings published': 1,
      'National recommendations decided on': 2,
      'National recommendations found relevant here': 1,
      'Recommendations of local reviews': 2,
      'Actions agreed from reviews’ recommendations': 2,
      'Of them, done': 1,
      'Of those done, learning judged embedded': 1,
    };
    expect(Object.fromEntries(section.figures.map((f) => [f.label, f.value]))).toEqual(hand);
    for (const f of section.figures) {
      const page = await member.get(f.recordsHref!);
      expect(page.statusCode, f.label).toBe(200);
      expect(recordsOf(page.body), f.label).toEqual({ rows: f.value, stated: f.value });
    }
    // By reference, never the child's name.
    const notified = await member.get(section.figures[0]!.recordsHref!);
    expect(notified.body).toContain('RR-A');
    expect(notified.body).not.toContain('Synthetic incident');
  });

  it('is refused to a role outside the review register', async () => {
    const section = await reviewsModule.reportSection!(t.services, period);
    const user = await createTestUser(t.db, 'executive');
    const client = new TestClient(t.app);
    await client.signIn(user.email, user.password);
    expect((await client.get(section.figures[0]!.recordsHref!)).statusCode).toBe(403);
  });
});
