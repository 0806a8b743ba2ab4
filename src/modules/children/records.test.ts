/**
 * The records behind the child index's yearly-report figures: on a small fixture counted by hand,
 * each figure's page lists exactly as many records as the figure says, for data quality only,
 * paged, and each child listed is in the audit log.
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
import { childrenModule } from './index.ts';

const period = { from: '2025-04-01', to: '2026-03-31' };

/** The rows of the records table on a page, and the count the page states. */
const recordsOf = (body: string) => {
  const table = /<table[^>]*id="records"[\s\S]*?<\/table>/.exec(body)?.[0] ?? '';
  const tbody = /<tbody[\s\S]*?<\/tbody>/.exec(table)?.[0] ?? '';
  return {
    rows: (tbody.match(/<tr class="govuk-table__row"/g) ?? []).length,
    stated: Number(/id="records-count">(\d+)</.exec(body)?.[1]),
  };
};

describe('the records behind the child index figures', () => {
  let t: TestApp;
  let officer: TestClient;
  let ids: string[];

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' }, logger: createLogger('error') });
    await seedSmallPartnership(t.db);
    // 130 children, of which 2 have been merged into another: 128 in use (two pages of records).
    const inserted = await t.db.insertInto('child').values(fillerChildren(130)).returning('id').execute();
    ids = inserted.map((r) => r.id);
    await t.db
      .updateTable('child')
      .set({ mergedInto: ids[0]!, mergedAt: '2025-06-01T10:00:00Z' })
      .where('id', 'in', [ids[1]!, ids[2]!])
      .execute();
    const pair = (
      a: number,
      b: number,
      status: 'open' | 'merged' | 'not_same',
      decidedAt: string | null,
    ) => ({
      // The pair's first child is the lower id (the table's check).
      childA: [ids[a]!, ids[b]!].sort()[0]!,
      childB: [ids[a]!, ids[b]!].sort()[1]!,
      probability: 0.9,
      matchWeight: 10,
      explanation: '[]',
      status,
      decidedAt,
    });
    await t.db
      .insertInto('childDuplicate')
      .values([
        pair(0, 1, 'merged', '2025-06-01T10:00:00Z'), // in the year
        pair(0, 2, 'merged', '2026-03-31T22:30:00Z'), // London: 31 March 2026, 11.30 pm (BST)
        pair(3, 4, 'merged', '2025-03-31T22:30:00Z'), // London: 31 March 2025, the year before
        pair(5, 6, 'not_same', '2026-03-31T22:59:00Z'), // London: 31 March, 11.59 pm: in the year
        pair(7, 8, 'not_same', '2026-03-31T23:30:00Z'), // London: 1 April, 0.30 am: after the year
        pair(9, 10, 'open', null),
        pair(11, 12, 'open', null),
        pair(13, 14, 'open', null),
      ])
      .execute();
    const user = await createTestUser(t.db, 'data_quality');
    officer = new TestClient(t.app);
    await officer.signIn(user.email, user.password);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lists, for each figure, as many records as the figure counts (hand count: 128, 2, 1, 3)', async () => {
    const section = await childrenModule.reportSection!(t.services, period);
    const hand = [128, 2, 1, 3];
    expect(section.figures.map((f) => f.value)).toEqual(hand);
    for (const [i, figure] of section.figures.entries()) {
      expect(figure.recordsHref).toBeTruthy();
      const page = await officer.get(figure.recordsHref!);
      expect(page.statusCode).toBe(200);
      const { rows, stated } = recordsOf(page.body);
      expect(stated).toBe(hand[i]);
      // The first page holds up to 100 rows; the rest are on the next.
      expect(rows).toBe(Math.min(hand[i]!, 100));
    }
    const second = await officer.get(`${section.figures[0]!.recordsHref!}&page=2`);
    expect(recordsOf(second.body).rows).toBe(28);
    expect(second.body).toContain('govuk-pagination');
    // A merged record is not listed among the children in use.
    const all = [
      ...(await officer.get(section.figures[0]!.recordsHref!)).body.matchAll(
        /href="\/children\/([0-9a-f-]{36})"/g,
      ),
      ...second.body.matchAll(/href="\/children\/([0-9a-f-]{36})"/g),
    ].map((m) => m[1]);
    expect(all).not.toContain(ids[1]);
    expect(new Set(all).size).toBe(128);
  });

  it('audits each child listed, in the same request', async () => {
    const href = (await childrenModule.reportSection!(t.services, period)).figures[1]!.recordsHref!;
    const before = await t.db
      .selectFrom('auditLog')
      .select('childId')
      .where('recordType', '=', 'child-report-records')
      .execute();
    await officer.get(href);
    const after = await t.db
      .selectFrom('auditLog')
      .select(['childId', 'action'])
      .where('recordType', '=', 'child-report-records')
      .execute();
    // Two merged pairs of the year, two children each.
    expect(after.length - before.length).toBe(4);
    expect(after.map((a) => a.childId)).toEqual(expect.arrayContaining([ids[0], ids[1], ids[2]]));
  });

  it('is refused to roles outside data quality and admins, and unknown figures or bad periods are 404', async () => {
    const dsl = await createTestUser(t.db, 'dsl');
    const client = new TestClient(t.app);
    await client.signIn(dsl.email, dsl.password);
    expect(
      (await client.get(`/children/report-records/children?from=${period.from}&to=${period.to}`)).statusCode,
    ).toBe(403);
    expect(
      (await officer.get(`/children/report-records/nothing?from=${period.from}&to=${period.to}`)).statusCode,
    ).toBe(404);
    expect(
      (await officer.get('/children/report-records/merged?from=2026-03-31&to=2025-04-01')).statusCode,
    ).toBe(404);
    expect(
      (await officer.get('/children/report-records/merged?from=2025-02-30&to=2026-03-31')).statusCode,
    ).toBe(404);
    const anonymous = new TestClient(t.app);
    expect((await anonymous.get('/children/report-records/merged')).statusCode).toBe(303);
  });
});
