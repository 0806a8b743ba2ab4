/**
 * The records behind the multi-agency audits' yearly-report figures: on a small fixture counted
 * by hand (audits starting on both edges of the year), each count's page lists as many records as
 * it counts; the rate and the actions link to their inputs; for the QA lead only.
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
import { qualityModule } from './index.ts';

const period = { from: '2025-04-01', to: '2026-03-31' };

const recordsOf = (body: string) => {
  const table = /<table[^>]*id="records"[\s\S]*?<\/table>/.exec(body)?.[0] ?? '';
  const tbody = /<tbody[\s\S]*?<\/tbody>/.exec(table)?.[0] ?? '';
  return {
    rows: (tbody.match(/<tr class="govuk-table__row"/g) ?? []).length,
    stated: Number(/id="records-count">(\d+)</.exec(body)?.[1]),
  };
};

describe('the records behind the multi-agency audit figures', () => {
  let t: TestApp;
  let lead: TestClient;

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' }, logger: createLogger('error') });
    const place = await seedSmallPartnership(t.db);
    const kids = (await t.db.insertInto('child').values(fillerChildren(3)).returning('id').execute()).map(
      (r) => r.id,
    );
    const programme = await t.db
      .insertInto('qaProgramme')
      .values({ year: '2025-26', title: 'Programme' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const audit = (title: string, startsOn: string, panelOn: string) => ({
      programmeId: programme.id,
      title,
      theme: 'other' as const,
      selectionRule: 'By hand',
      casesWanted: 3,
      startsOn,
      panelOn,
    });
    const audits = await t.db
      .insertInto('qaAudit')
      .values([
        audit('First day', '2025-04-01', '2025-05-01'),
        audit('Last day', '2026-03-31', '2026-04-30'),
        audit('Year before', '2025-03-31', '2025-04-30'),
      ])
      .returning('id')
      .execute();
    const kase = (
      a: number,
      k: number,
      ref: string,
      approached: boolean | null,
      responded: boolean | null,
      panelGrade: 'good' | null,
    ) => ({
      auditId: audits[a]!.id,
      reference: ref,
      childId: kids[k]!,
      selectedHow: 'hand' as const,
      selectedOn: '2025-04-01',
      familyApproached: approached,
      familyResponded: responded,
      panelGrade,
    });
    const cases = await t.db
      .insertInto('qaCase')
      .values([
        kase(0, 0, 'C1', true, true, 'good'),
        kase(0, 1, 'C2', true, false, null),
        kase(1, 0, 'C3', false, null, null), // the same child again: counted once among children
        kase(2, 2, 'C4', true, true, 'good'), // the year before
      ])
      .returning('id')
      .execute();
    const self = (c: number, organisationId: number, grade: 'good' | 'inadequate' | 'outstanding') => ({
      caseId: cases[c]!.id,
      organisationId,
      answers: JSON.stringify([]),
      grade,
      strengths: 'Some',
      learning: 'Some',
      completedOn: '2025-04-20',
    });
    const { police, council } = place.organisations;
    await t.db
      .insertInto('qaSelfAudit')
      .values([
        self(0, police, 'good'),
        self(0, council, 'inadequate'),
        self(1, police, 'outstanding'),
        self(3, police, 'good'),
      ])
      .execute();
    const user = await createTestUser(t.db, 'qa_lead');
    lead = new TestClient(t.app);
    await lead.signIn(user.email, user.password);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lists each count’s records (hand count), and links the rate and the actions to their inputs', async () => {
    const section = await qualityModule.reportSection!(t.services, period);
    // [label, value, rows on the linked page]
    const hand: [string, number | string, number][] = [
      ['Multi-agency audits', 2, 2],
      ['Children and young people whose experience was audited', 2, 2],
      ['Agencies’ self-audits completed', 3, 3],
      ['Self-audits graded outstanding', 1, 1],
      ['Self-audits graded good', 1, 1],
      ['Self-audits graded requires improvement', 0, 0],
      ['Self-audits graded inadequate', 1, 1],
      ['Families approached for feedback', 2, 2],
      ['Families who responded', 1, 1],
    ];
    const byLabel = Object.fromEntries(section.figures.map((f) => [f.label, f]));
    for (const [label, value, rows] of hand) {
      const f = byLabel[label]!;
      expect(f.value, label).toEqual(value);
      const page = await lead.get(f.recordsHref!);
      expect(page.statusCode, label).toBe(200);
      expect(recordsOf(page.body), label).toEqual({ rows, stated: rows });
    }
    const agreement = byLabel['Agencies’ grades agreeing with the panel’s (%)']!;
    expect(agreement.recordsNote).toMatch(/self-audits it compares/);
    expect(recordsOf((await lead.get(agreement.recordsHref!)).body).rows).toBe(3);
    expect(byLabel['Actions from the audits still open']!.recordsHref).toContain(
      '/quality/report-records/audits',
    );
  });

  it('is refused to an auditor and to figures-only roles', async () => {
    const href = (await qualityModule.reportSection!(t.services, period)).figures[1]!.recordsHref!;
    for (const role of ['auditor', 'executive'] as const) {
      const user = await createTestUser(t.db, role);
      const client = new TestClient(t.app);
      await client.signIn(user.email, user.password);
      expect((await client.get(href)).statusCode, role).toBe(403);
    }
  });
});
