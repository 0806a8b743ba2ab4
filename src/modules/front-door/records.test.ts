/**
 * The records behind the Family Front Door's yearly-report figures: on a small fixture counted by
 * hand (receipts on both edges of the year in London time, a draft, an undecided referral), each
 * count's page lists as many records as it counts, and each rate links to its denominator's
 * records; for the front door's practitioners only, each child listed audited.
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
import { frontDoorModule } from './index.ts';

const period = { from: '2025-04-01', to: '2026-03-31' };

const recordsOf = (body: string) => {
  const table = /<table[^>]*id="records"[\s\S]*?<\/table>/.exec(body)?.[0] ?? '';
  const tbody = /<tbody[\s\S]*?<\/tbody>/.exec(table)?.[0] ?? '';
  return {
    rows: (tbody.match(/<tr class="govuk-table__row"/g) ?? []).length,
    stated: Number(/id="records-count">(\d+)</.exec(body)?.[1]),
  };
};

describe('the records behind the front door figures', () => {
  let t: TestApp;
  let practitioner: TestClient;
  let kids: string[];

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' }, logger: createLogger('error') });
    await seedSmallPartnership(t.db);
    kids = (await t.db.insertInto('child').values(fillerChildren(3)).returning('id').execute()).map(
      (r) => r.id,
    );
    const base = { referrerName: 'A Teacher', agencyType: 'school' as const };
    const decided = (
      decidedAt: string,
      decisionDueOn: string,
      decision: 'assessment_s17' | 'nfa_advice',
      feedbackRecipient: 'referrer' | 'safeguarding_lead',
    ) => ({
      status: 'decided' as const,
      decidedAt: new Date(decidedAt),
      decisionDueOn,
      decision,
      rationale: 'Reasons',
      feedbackOutcome: 'Outcome',
      feedbackRecipient,
    });
    const r = await t.db
      .insertInto('frontDoorReferral')
      .values([
        // London 1 April 2025, 00:30: in; decided in time; met threshold; feedback to the referrer.
        {
          ...base,
          receivedAt: new Date('2025-03-31T23:30:00Z'),
          ...decided('2025-04-01T10:00:00Z', '2025-04-02', 'assessment_s17', 'referrer'),
        },
        // A notice, decided late; advice; feedback to the safeguarding lead.
        {
          ...base,
          source: 'encompass' as const,
          receivedAt: new Date('2025-06-02T09:00:00Z'),
          ...decided('2025-06-05T09:00:00Z', '2025-06-03', 'nfa_advice', 'safeguarding_lead'),
        },
        // London 31 March 2026, 23:30: in; not yet decided.
        { ...base, status: 'submitted' as const, receivedAt: new Date('2026-03-31T22:30:00Z') },
        // London 1 April 2026, 00:30: after the year.
        {
          ...base,
          receivedAt: new Date('2026-03-31T23:30:00Z'),
          ...decided('2026-04-01T10:00:00Z', '2026-04-02', 'assessment_s17', 'referrer'),
        },
        // A draft: never counted.
        { ...base },
      ])
      .returning('id')
      .execute();
    const child = (i: number, k: number) => ({
      referralId: r[i]!.id,
      childId: kids[k]!,
      givenName: 'A',
      familyName: 'Child',
      dateOfBirth: '2015-01-01',
      foundBy: 'index' as const,
    });
    await t.db
      .insertInto('frontDoorReferralChild')
      .values([child(0, 0), child(0, 1), child(1, 2), child(2, 0)])
      .execute();
    const sd = await t.db
      .insertInto('frontDoorStrategyDiscussion')
      .values([
        {
          childId: kids[0]!,
          heldOn: '2025-04-01',
          informationShared: 'Shared',
          decision: 'section47' as const,
          quorate: true,
        },
        {
          childId: kids[1]!,
          heldOn: '2026-03-31',
          informationShared: 'Shared',
          decision: 'section47' as const,
          quorate: false,
        },
        {
          childId: kids[2]!,
          heldOn: '2025-03-31',
          informationShared: 'Shared',
          decision: 'section47' as const,
          quorate: true,
        },
      ])
      .returning('id')
      .execute();
    await t.db
      .insertInto('frontDoorIcpc')
      .values([
        {
          strategyDiscussionId: sd[0]!.id,
          childId: kids[0]!,
          heldOn: '2025-05-01',
          dueOn: '2025-04-30',
          quorate: true,
          outcome: 'cp_plan' as const,
        },
        {
          strategyDiscussionId: sd[1]!.id,
          childId: kids[1]!,
          heldOn: '2026-03-31',
          dueOn: '2026-04-10',
          quorate: true,
          outcome: 'no_plan' as const,
        },
        {
          strategyDiscussionId: sd[2]!.id,
          childId: kids[2]!,
          heldOn: '2026-04-01',
          dueOn: '2026-04-10',
          quorate: true,
          outcome: 'no_plan' as const,
        },
      ])
      .execute();
    await t.db
      .insertInto('frontDoorAssessment')
      .values([
        {
          referralId: r[0]!.id,
          childId: kids[0]!,
          startedOn: '2025-04-01',
          dueOn: '2025-06-01',
          authorisedOn: '2025-05-01',
        },
        {
          referralId: r[1]!.id,
          childId: kids[2]!,
          startedOn: '2025-06-05',
          dueOn: '2025-08-01',
          authorisedOn: '2026-04-01',
        },
      ])
      .execute();
    const user = await createTestUser(t.db, 'front_door_practitioner');
    practitioner = new TestClient(t.app);
    await practitioner.signIn(user.email, user.password);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lists each count’s records and each rate’s denominator (hand count)', async () => {
    const section = await frontDoorModule.reportSection!(t.services, period);
    const byLabel = Object.fromEntries(section.figures.map((f) => [f.label, f]));
    // [label, value, rows on the linked page]
    const hand: [string, string | number, number | null][] = [
      ['Contacts received (referral forms and Operation Encompass notices)', 3, 3],
      ['Decided within 1 working day', '1 of 2 (50 %)', 2],
      ['Conversion: decided referrals meeting the threshold for social care', '1 of 2 (50 %)', 2],
      ['Feedback sent to the organisation’s safeguarding lead rather than the referrer', 1, 1],
      ['Strategy discussions', 2, 2],
      ['Strategy discussions quorate (social care, police and health)', '1 of 2 (50 %)', 2],
      ['Initial conferences within 15 working days of the strategy discussion', '1 of 2 (50 %)', 2],
      ['Assessments authorised within 45 working days of the referral', '1 of 1 (100 %)', 1],
      ['Referrals that did not meet threshold audited by the referral audit programme', 0, null],
    ];
    for (const [label, value, rows] of hand) {
      const f = byLabel[label]!;
      expect(f.value, label).toEqual(value);
      if (rows === null) {
        expect(f.recordsHref, label).toBeUndefined();
        expect(f.recordsNote, label).toBeTruthy();
        continue;
      }
      const page = await practitioner.get(f.recordsHref!);
      expect(page.statusCode, label).toBe(200);
      expect(recordsOf(page.body), label).toEqual({ rows, stated: rows });
    }
    // The denominator's page marks the numerator: one "Yes" under "Within 1 working day", one under "Met threshold".
    const decided = await practitioner.get(byLabel['Decided within 1 working day']!.recordsHref!);
    expect(decided.body).toContain(`Referral `);
    const conferences = await practitioner.get(
      byLabel['Initial conferences within 15 working days of the strategy discussion']!.recordsHref!,
    );
    expect((conferences.body.match(/>Yes</g) ?? []).length).toBe(1);
  });

  it('audits each child of the referrals listed, and refuses other roles', async () => {
    const href = (await frontDoorModule.reportSection!(t.services, period)).figures[0]!.recordsHref!;
    const count = async () =>
      (
        await t.db
          .selectFrom('auditLog')
          .select('childId')
          .where('recordType', '=', 'front-door-report-records')
          .execute()
      ).length;
    const before = await count();
    await practitioner.get(href);
    // Referral 1: two children; referral 2: one; referral 3: one (the first child again).
    expect((await count()) - before).toBe(4);
    const dsl = await createTestUser(t.db, 'dsl');
    const client = new TestClient(t.app);
    await client.signIn(dsl.email, dsl.password);
    expect((await client.get(href)).statusCode).toBe(403);
  });
});
