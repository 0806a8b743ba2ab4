/**
 * The demo's lived-in year: on first start the dashboard has a year of notices to show, routed and
 * timed by the real rules, some late, some escalated, feedback given, and the same every time.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, TestClient, buildTestApp, createTestUser } from '../../platform/testing/app.ts';
import type { SeedContext } from '../../platform/modules/define-module.ts';
import { childrenModule } from '../children/index.ts';
import { registryModule } from '../registry/index.ts';
import { encompassModule } from './index.ts';
import { londonDate } from '../../platform/calendar/index.ts';
import { INCIDENTS_PER_THOUSAND_CHILDREN } from './demo-year.ts';
import { addDays, periodOf } from './monitoring/schema.ts';
import { EncompassMonitoring } from './monitoring/service.ts';

const CHILDREN = 500;

/** The demo as first start loads it, as far as Operation Encompass needs: the registry, the child index, then its own. */
async function seedDemoEncompass(app: TestApp) {
  const context = {
    children: CHILDREN,
    password: 'demo-password-for-this-test',
    progress: () => ({ update() {}, stop() {} }),
    signIns: [],
  } as unknown as SeedContext;
  for (const module of [registryModule, childrenModule, encompassModule])
    await module.seed?.(app.services as never, context);
}

describe('the demo’s year of Operation Encompass', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' } });
    await seedDemoEncompass(t);
  }, 300_000);
  afterAll(async () => {
    await t.close();
  });

  const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(t.db)).rows[0]!;

  it('holds a year of incidents at the reference rate, with every kind of notice and outcome', async () => {
    const counts = await one(sql<Record<string, number>>`
      SELECT
        (SELECT count(*)::int FROM encompass_incident) AS incidents,
        (SELECT count(DISTINCT to_char(occurred_at, 'YYYY-MM'))::int FROM encompass_incident) AS months,
        count(*)::int AS notices,
        count(*) FILTER (WHERE n.recipient = 'setting')::int AS to_settings,
        count(*) FILTER (WHERE s.phase = 'earlyYears')::int AS early_years,
        count(*) FILTER (WHERE n.recipient = 'healthVisiting')::int AS health_visiting,
        count(*) FILTER (WHERE n.recipient = 'family_front_door')::int AS front_door,
        count(*) FILTER (WHERE n.status = 'queued')::int AS queued,
        count(*) FILTER (WHERE n.acknowledged_at > n.due_at)::int AS acknowledged_late,
        count(*) FILTER (WHERE n.escalated_at IS NOT NULL)::int AS escalated,
        count(*) FILTER (WHERE n.feedback IS NOT NULL)::int AS feedback,
        count(*) FILTER (WHERE n.routed_by_hand_at IS NOT NULL)::int AS routed_by_hand,
        count(*) FILTER (WHERE n.status = 'sent' AND n.due_at < now() - interval '1 hour' AND n.escalated_at IS NULL
          AND i.police_reference LIKE 'WMP/%')::int AS overdue_unescalated
      FROM encompass_notice n JOIN encompass_incident i ON i.id = n.incident_id
      LEFT JOIN setting s ON s.id = n.setting_id`);
    // The year's incidents (the two demo incidents for the demo DSL come on top).
    const expected = (CHILDREN * INCIDENTS_PER_THOUSAND_CHILDREN) / 1000;
    expect(counts.incidents).toBeGreaterThan(expected * 0.8);
    expect(counts.incidents).toBeLessThan(expected * 1.1);
    expect(counts.months).toBeGreaterThanOrEqual(12);
    for (const key of ['toSettings', 'queued', 'acknowledgedLate', 'escalated', 'feedback', 'routedByHand'])
      expect(counts[key], key).toBeGreaterThan(0);
    // (Health visiting and the Front Door get their share in the full demo: 374 and 123 of 3,000
    // children's notices, measured; this small demo may have no child under 5 on no roll.)
    // History as it ended: nothing of the year past its deadline was left without an escalation
    // (the two demo incidents recorded through the service just now are not history).
    expect(counts.overdueUnescalated).toBe(0);
    // Only the demo's synthetic children: each matched to the child index.
    const unmatched = await one(sql<{ n: number }>`
      SELECT count(*)::int AS n FROM encompass_child WHERE child_id IS NULL`);
    expect(unmatched.n).toBeLessThan(counts.notices! * 0.02);
  });

  it('shows the year on the coordinator’s dashboard, its count of incidents as hand counted', async () => {
    const coordinator = await createTestUser(t.db, 'encompass_coordinator');
    const client = new TestClient(t.app);
    await client.signIn(coordinator.email, coordinator.password);
    const to = londonDate(new Date());
    const from = addDays(to, -364);
    const page = await client.get(`/encompass/dashboard?from=${from}&to=${to}`);
    expect(page.statusCode).toBe(200);
    // Incidents recorded in the period (from ≤ date ≤ to, UK dates), counted by hand.
    const { n } = await one(sql<{ n: number }>`
      SELECT count(*)::int AS n FROM encompass_incident
      WHERE (recorded_at AT TIME ZONE 'Europe/London')::date BETWEEN ${from}::date AND ${to}::date`);
    expect(n).toBeGreaterThan(100);
    const { counts } = await new EncompassMonitoring(t.db, () => null, '').dashboard(periodOf(from, to));
    expect(counts.incidents).toBe(n);
    expect(page.body).toContain(new Intl.NumberFormat('en-GB').format(n));
  });

  it('is the same every time', async () => {
    const again = await buildTestApp();
    try {
      const ids = async (app: TestApp) =>
        (
          await sql<{ id: string; policeReference: string }>`
            SELECT id, police_reference AS "policeReference" FROM encompass_incident
            WHERE police_reference LIKE 'WMP/%' ORDER BY id LIMIT 20`.execute(app.db)
        ).rows;
      await seedDemoEncompass(again);
      // Ids and references are drawn from the seeded generator, so a second seed makes the same rows.
      const first = await ids(t);
      expect(first.length).toBe(20);
      expect(await ids(again)).toEqual(first);
    } finally {
      await again.close();
    }
  }, 300_000);
});
