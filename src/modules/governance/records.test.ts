/**
 * The records behind the governance section's yearly-report figures: on a small fixture counted
 * by hand (meetings, versions and scrutiny on both edges of a year gone by), each count's page
 * lists as many records as it counts, the rates link to their inputs, and the budget's sums to
 * the statement; for those who see the governance pages.
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
import { governanceModule } from './index.ts';

const period = { from: '2024-04-01', to: '2025-03-31' };

const recordsOf = (body: string) => {
  const table = /<table[^>]*id="records"[\s\S]*?<\/table>/.exec(body)?.[0] ?? '';
  const tbody = /<tbody[\s\S]*?<\/tbody>/.exec(table)?.[0] ?? '';
  return {
    rows: (tbody.match(/<tr class="govuk-table__row"/g) ?? []).length,
    stated: Number(/id="records-count">(\d+)</.exec(body)?.[1]),
  };
};

describe('the records behind the governance figures', () => {
  let t: TestApp;
  let admin: TestClient;

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' }, logger: createLogger('error') });
    await seedSmallPartnership(t.db);
    const group = await t.db
      .insertInto('governanceGroup')
      .values({
        name: 'Executive group',
        kind: 'executive',
        purpose: 'Lead',
        chairName: 'Chair',
        chairAgency: 'Council',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const members = await t.db
      .insertInto('governanceMember')
      .values([
        { groupId: group.id, name: 'A', roleTitle: 'Director', agency: 'Council' },
        { groupId: group.id, name: 'B', roleTitle: 'Superintendent', agency: 'Police' },
      ])
      .returning('id')
      .execute();
    const meetings = await t.db
      .insertInto('governanceMeeting')
      .values([
        { groupId: group.id, heldOn: '2024-04-01' },
        { groupId: group.id, heldOn: '2025-03-31' },
        { groupId: group.id, heldOn: '2025-04-01' }, // after the year
      ])
      .returning('id')
      .execute();
    await t.db
      .insertInto('governanceAttendance')
      .values([
        { meetingId: meetings[0]!.id, memberId: members[0]!.id, present: true },
        { meetingId: meetings[0]!.id, memberId: members[1]!.id, present: false },
        { meetingId: meetings[1]!.id, memberId: members[0]!.id, present: true },
      ])
      .execute();
    await t.db
      .insertInto('governancePriority')
      .values([
        { financialYear: '2024-25', title: 'Neglect', description: 'D', ownerGroupId: group.id },
        { financialYear: '2024-25', title: 'Exploitation', description: 'D', ownerGroupId: group.id },
        { financialYear: '2023-24', title: 'Old', description: 'D', ownerGroupId: group.id },
      ])
      .execute();
    const docs = await t.db
      .insertInto('governanceDocument')
      .values([
        {
          slug: 'arrangements',
          title: 'Arrangements',
          kind: 'arrangements',
          owner: 'BU',
          reviewOn: '2025-03-30',
          status: 'published',
          summary: 'S',
        },
        {
          slug: 'toolkit',
          title: 'Neglect Toolkit',
          kind: 'toolkit',
          owner: 'BU',
          reviewOn: '2025-03-31',
          status: 'published',
          summary: 'S',
        },
        {
          slug: 'draft',
          title: 'Draft',
          kind: 'guidance',
          owner: 'BU',
          reviewOn: '2024-01-01',
          status: 'draft',
          summary: 'S',
        },
      ])
      .returning('id')
      .execute();
    await t.db
      .insertInto('governanceDocumentVersion')
      .values([
        { documentId: docs[0]!.id, version: '2.0', issuedOn: '2024-04-01', changes: 'C' },
        { documentId: docs[0]!.id, version: '2.1', issuedOn: '2025-04-01', changes: 'C' },
        { documentId: docs[1]!.id, version: '1.0', issuedOn: '2024-06-01', changes: 'C' },
      ])
      .execute();
    const scrutiny = await t.db
      .insertInto('governanceScrutiny')
      .values([
        { kind: 'rapid_review', title: 'Rapid reviews', heldOn: '2025-03-31', scrutineer: 'Scrutineer' },
        { kind: 'other', title: 'Old', heldOn: '2024-03-31', scrutineer: 'Scrutineer' },
      ])
      .returning('id')
      .execute();
    await t.db
      .insertInto('governanceScrutinyFinding')
      .values([
        {
          scrutinyId: scrutiny[0]!.id,
          finding: 'F1',
          response: 'R',
          respondedBy: 'Partners',
          respondedOn: '2025-03-31',
        },
        { scrutinyId: scrutiny[0]!.id, finding: 'F2' },
      ])
      .execute();
    const user = await createTestUser(t.db, 'partnership_admin');
    admin = new TestClient(t.app);
    await admin.signIn(user.email, user.password);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lists each count’s records (hand count), and links the rates to their inputs', async () => {
    const section = await governanceModule.reportSection!(t.services, period);
    const byLabel = Object.fromEntries(section.figures.map((f) => [f.label, f]));
    // [label, value, rows on the linked page]
    const hand: [string, number | string, number][] = [
      ['Meetings of the executive group and subgroups', 2, 2],
      ['Attendance at those meetings (%)', 66.7, 2], // 2 present of 3 recorded
      ['Priorities 2024-25', 2, 2],
      ['Published documents overdue for review', 1, 1], // reviewed by 30 March; the draft is not published
      ['Updates to the published arrangements', 1, 1],
      ['Independent scrutiny activities', 1, 1],
      ['Scrutiny findings with the partners’ response', '1 of 2', 1],
    ];
    for (const [label, value, rows] of hand) {
      const f = byLabel[label]!;
      expect(f.value, label).toEqual(value);
      const page = await admin.get(f.recordsHref!);
      expect(page.statusCode, label).toBe(200);
      expect(recordsOf(page.body), label).toEqual({ rows, stated: rows });
    }
    const stalled = byLabel['Priorities 2024-25 without evidence of progress for two quarters in a row']!;
    expect(recordsOf((await admin.get(stalled.recordsHref!)).body).rows).toBe(stalled.value);
    expect(byLabel['Attendance at those meetings (%)']!.recordsNote).toMatch(/2 meetings/);
  });

  it('is refused to roles outside governance', async () => {
    const href = (await governanceModule.reportSection!(t.services, period)).figures[0]!.recordsHref!;
    const user = await createTestUser(t.db, 'qa_lead');
    const client = new TestClient(t.app);
    await client.signIn(user.email, user.password);
    expect((await client.get(href)).statusCode).toBe(403);
  });
});
