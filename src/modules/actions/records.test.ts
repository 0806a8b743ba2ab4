/**
 * The records behind the actions' yearly-report figures: on a small fixture counted by hand,
 * each figure's page lists as many actions as the figure says; an agency's officer sees only
 * their own agency's; a setting's DSL is refused.
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
import { actionsModule } from './index.ts';

const period = { from: '2025-04-01', to: '2026-03-31' };

const recordsOf = (body: string) => {
  const table = /<table[^>]*id="records"[\s\S]*?<\/table>/.exec(body)?.[0] ?? '';
  const tbody = /<tbody[\s\S]*?<\/tbody>/.exec(table)?.[0] ?? '';
  return {
    rows: (tbody.match(/<tr class="govuk-table__row"/g) ?? []).length,
    stated: Number(/id="records-count">(\d+)</.exec(body)?.[1]),
  };
};

describe('the records behind the actions figures', () => {
  let t: TestApp;
  let place: Awaited<ReturnType<typeof seedSmallPartnership>>;
  let admin: TestClient;

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' }, logger: createLogger('error') });
    place = await seedSmallPartnership(t.db);
    const base = {
      description: 'Police attend every strategy discussion',
      ownerName: 'DI Test',
      measurableOutcome: 'Attendance in every sampled discussion',
      sourceModule: 'quality',
      sourceType: 'audit',
      sourceId: '1',
      sourceLabel: 'Audit 1',
    };
    const { police, council } = place.organisations;
    const made = await t.db
      .insertInto('actionItem')
      .values([
        // In the year: 1 open overdue (police), 1 open not yet due, not SMART (council, no due date),
        // 2 done (police, one judged embedded then partly: latest counts), 1 dropped (council).
        { ...base, owningOrganisationId: police, dueOn: '2025-06-30', createdOn: '2025-04-01' },
        { ...base, owningOrganisationId: council, dueOn: null, createdOn: '2025-09-01' },
        {
          ...base,
          owningOrganisationId: police,
          dueOn: '2025-12-01',
          createdOn: '2025-10-01',
          status: 'done',
          doneOn: '2025-11-01',
        },
        {
          ...base,
          owningOrganisationId: police,
          dueOn: '2026-04-30',
          createdOn: '2026-03-31',
          status: 'done',
          doneOn: '2026-03-31',
        },
        {
          ...base,
          owningOrganisationId: council,
          dueOn: '2026-06-01',
          createdOn: '2026-01-15',
          status: 'dropped',
          droppedOn: '2026-02-01',
          droppedReason: 'Superseded',
        },
        // Outside the year: the day before and the day after.
        { ...base, owningOrganisationId: police, dueOn: '2025-06-30', createdOn: '2025-03-31' },
        { ...base, owningOrganisationId: police, dueOn: '2026-06-30', createdOn: '2026-04-01' },
      ])
      .returning('id')
      .execute();
    const judged = (id: number, judgement: 'embedded' | 'partly' | 'not_evidenced', judgedOn: string) => ({
      actionItemId: id,
      judgement,
      evidence: 'Sampled',
      judgedOn,
      judgedByName: 'QA lead',
    });
    await t.db
      .insertInto('actionImpact')
      .values([
        judged(made[2]!.id, 'embedded', '2025-11-10'),
        judged(made[2]!.id, 'partly', '2026-01-10'),
        judged(made[3]!.id, 'not_evidenced', '2026-03-31'),
      ])
      .execute();
    const user = await createTestUser(t.db, 'partnership_admin');
    admin = new TestClient(t.app);
    await admin.signIn(user.email, user.password);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lists, for each figure, as many actions as the figure counts (hand count)', async () => {
    const section = await actionsModule.reportSection!(t.services, period);
    // agreed, open, overdue, done, dropped, not SMART, embedded, partly, not evidenced
    const hand = [5, 2, 1, 2, 1, 1, 0, 1, 1];
    expect(section.figures.map((f) => f.value)).toEqual(hand);
    for (const [i, figure] of section.figures.entries()) {
      const page = await admin.get(figure.recordsHref!);
      expect(page.statusCode).toBe(200);
      expect(recordsOf(page.body)).toEqual({ rows: hand[i], stated: hand[i] });
    }
  });

  it('shows an agency officer only their own agency’s actions, and refuses a DSL', async () => {
    const section = await actionsModule.reportSection!(t.services, period);
    const officer = await createTestUser(t.db, 'police_officer', {
      organisationId: place.organisations.police,
    });
    const police = new TestClient(t.app);
    await police.signIn(officer.email, officer.password);
    const page = await police.get(section.figures[0]!.recordsHref!);
    expect(page.statusCode).toBe(200);
    // 3 of the year's 5 are the police's.
    expect(recordsOf(page.body)).toEqual({ rows: 3, stated: 5 });
    expect(page.body).toContain('3 of them are within what your role may see');
    const dsl = await createTestUser(t.db, 'dsl', { settingId: place.settings.oakfield });
    const client = new TestClient(t.app);
    await client.signIn(dsl.email, dsl.password);
    expect((await client.get(section.figures[0]!.recordsHref!)).statusCode).toBe(403);
  });

  it('writes an audit entry for the page', async () => {
    const href = (await actionsModule.reportSection!(t.services, period)).figures[2]!.recordsHref!;
    await admin.get(href);
    const entries = await t.db
      .selectFrom('auditLog')
      .select(['recordId', 'outcome'])
      .where('recordType', '=', 'action-report-records')
      .execute();
    expect(entries.map((e) => e.recordId)).toContain(`overdue ${period.from}..${period.to}`);
  });
});
