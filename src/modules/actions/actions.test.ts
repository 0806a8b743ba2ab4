import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditWriterFor, SYSTEM_ACTOR } from '../../platform/audit/audit-log.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import { ActionInputError, type NewAction } from './service.ts';

const source = {
  module: 'quality',
  type: 'audit',
  id: '7',
  label: 'Audit: repeat strategy discussions',
  href: '/quality/audits/7',
};

describe('the action tracker', () => {
  let t: TestApp;
  let place: Awaited<ReturnType<typeof seedSmallPartnership>>;

  beforeAll(async () => {
    t = await buildTestApp();
    place = await seedSmallPartnership(t.db);
  });
  afterAll(() => t.close());

  const audit = auditWriterFor(SYSTEM_ACTOR);
  const action = (extra: Partial<NewAction> = {}): NewAction => ({
    description: 'Police attend every strategy discussion for a child under 2',
    owningOrganisationId: place.organisations.police,
    ownerName: 'DI Test',
    dueOn: '2099-03-31',
    measurableOutcome: 'Attendance recorded in 100% of sampled discussions',
    source,
    ...extra,
  });

  it('creates actions in the caller’s transaction, and lists them for their source with status and SMART flag', async () => {
    const ids = await t.db
      .transaction()
      .execute((trx) =>
        t.services.actions.createActionsInTrx(trx, audit, null, [
          action(),
          action({ measurableOutcome: null }),
        ]),
      );
    expect(ids).toHaveLength(2);
    const listed = await t.services.actions.actionsForSource('quality', 'audit', '7');
    expect(listed.map((a) => [a.id, a.status, a.smart])).toEqual([
      [ids[0]!.id, 'open', true],
      [ids[1]!.id, 'open', false],
    ]);
    expect(listed[1]!.missing).toEqual(['a measurable outcome']);
    expect(listed[0]!.owningOrganisationName).toBe('Testshire Police');
    expect(listed[0]!.href).toBe(`/actions/${ids[0]!.id}`);
    const entries = await t.db
      .selectFrom('auditLog')
      .select('recordId')
      .where('recordType', '=', 'action')
      .where('action', '=', 'create')
      .execute();
    expect(entries.map((e) => e.recordId)).toEqual(expect.arrayContaining(ids.map((i) => String(i.id))));
  });

  it('refuses a due date before the day the action is agreed, and writes nothing', async () => {
    const before = await t.db
      .selectFrom('actionItem')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await expect(
      t.db
        .transaction()
        .execute((trx) =>
          t.services.actions.createActionsInTrx(trx, audit, null, [
            action(),
            action({ dueOn: '2020-01-01' }),
          ]),
        ),
    ).rejects.toBeInstanceOf(ActionInputError);
    const after = await t.db
      .selectFrom('actionItem')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('shows an action to its owning agency and partnership roles, and is 404 to another agency', async () => {
    const [created] = await t.db
      .transaction()
      .execute((trx) => t.services.actions.createActionsInTrx(trx, audit, null, [action()]));
    const href = `/actions/${created!.id}`;
    const officer = await createTestUser(t.db, 'police_officer', {
      organisationId: place.organisations.police,
    });
    const otherAuditor = await createTestUser(t.db, 'auditor', {
      organisationId: place.organisations.community,
    });
    const qaLead = await createTestUser(t.db, 'qa_lead');
    const executive = await createTestUser(t.db, 'executive');
    const page = async (user: { email: string; password: string }) => {
      const client = new TestClient(t.app);
      await client.signIn(user.email, user.password);
      return client.get(href);
    };
    const own = await page(officer);
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('Police attend every strategy discussion');
    expect(own.body).toContain('Audit: repeat strategy discussions');
    expect((await page(qaLead)).statusCode).toBe(200);
    expect((await page(otherAuditor)).statusCode).toBe(404);
    expect((await page(executive)).statusCode).toBe(403);
  });
});
