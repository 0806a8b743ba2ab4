/**
 * The records behind the registry's yearly-report figures: each phase's page lists as many
 * settings as the figure counts (the small partnership: one primary, one secondary, one early
 * years, plus two added here), for registry readers only.
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
import { registryModule } from './index.ts';

const period = { from: '2025-04-01', to: '2026-03-31' };

const recordsOf = (body: string) => {
  const table = /<table[^>]*id="records"[\s\S]*?<\/table>/.exec(body)?.[0] ?? '';
  const tbody = /<tbody[\s\S]*?<\/tbody>/.exec(table)?.[0] ?? '';
  return {
    rows: (tbody.match(/<tr class="govuk-table__row"/g) ?? []).length,
    stated: Number(/id="records-count">(\d+)</.exec(body)?.[1]),
  };
};

describe('the records behind the registry figures', () => {
  let t: TestApp;
  let reader: TestClient;

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' }, logger: createLogger('error') });
    await seedSmallPartnership(t.db);
    const districtId = (await t.db.selectFrom('district').select('id').executeTakeFirstOrThrow()).id;
    const school = (urn: string, name: string) => ({
      urn,
      name,
      phase: 'primary',
      districtId,
      schoolDayStartsAt: '08:45',
      safeguardingEmail: 'dsl@school.example',
    });
    await t.db
      .insertInto('setting')
      .values([school('990001', 'Brookside Primary'), school('990002', 'Hillview Primary')])
      .execute();
    const user = await createTestUser(t.db, 'data_quality');
    reader = new TestClient(t.app);
    await reader.signIn(user.email, user.password);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lists, for each phase, as many settings as the figure counts (hand count: 3 primary, 1 secondary, 1 early years)', async () => {
    const section = await registryModule.reportSection!(t.services, period);
    const byLabel = Object.fromEntries(section.figures.map((f) => [f.label, f]));
    const hand = { Primary: 3, 'Secondary or high school': 1, 'Early years': 1 };
    expect(Object.fromEntries(section.figures.map((f) => [f.label, f.value]))).toEqual(hand);
    for (const [label, n] of Object.entries(hand)) {
      const page = await reader.get(byLabel[label]!.recordsHref!);
      expect(page.statusCode).toBe(200);
      expect(recordsOf(page.body)).toEqual({ rows: n, stated: n });
    }
    expect(section.figures.every((f) => f.countOf === 'settings')).toBe(true);
    const primary = await reader.get(byLabel.Primary!.recordsHref!);
    expect(primary.body).toContain('Hillview Primary');
    expect(
      await t.db
        .selectFrom('auditLog')
        .select('recordId')
        .where('recordType', '=', 'setting-report-records')
        .execute(),
    ).not.toHaveLength(0);
  });

  it('is refused to a role that does not browse the registry', async () => {
    const section = await registryModule.reportSection!(t.services, period);
    const user = await createTestUser(t.db, 'trainer');
    const client = new TestClient(t.app);
    await client.signIn(user.email, user.password);
    expect((await client.get(section.figures[0]!.recordsHref!)).statusCode).toBe(403);
  });
});
