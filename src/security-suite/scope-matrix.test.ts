/**
 * The route × role × in-scope / out-of-scope matrix (issue 13), generated from the registered
 * routes over the demo partnership's data. For every GET route with an id parameter that a role
 * with a place (a setting, a team, an organisation) may reach, and for each such role: a record in
 * the user's scope opens (not a 404), and a record out of it is a 404 whose body never carries the
 * record's identifying text. How to find the two records is the only hand-written part
 * (scope-matrix.ts); a route no family covers fails here.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MODULES, permissionTable } from '../modules.ts';
import type { Permission } from '../platform/auth/permissions.ts';
import { ROLES, ROLE_NAMES, type Role } from '../platform/auth/roles.ts';
import { storeShippedBankHolidays } from '../platform/calendar/store.ts';
import { type TestApp, TestClient, buildTestApp } from '../platform/testing/app.ts';
import { FAMILIES, KNOWN_FAULTS, KNOWN_UNCHECKED, NOT_PLACE_SCOPED, type Place } from './scope-matrix.ts';
import { fillParams } from './routes.ts';

const registered = vi.hoisted(() => [] as RouteOptions[]);
vi.mock('fastify', async (importOriginal) => {
  const original = await importOriginal<typeof import('fastify')>();
  const wrapped = ((options?: unknown) => {
    const app = (original.default as unknown as (o?: unknown) => FastifyInstance)(options);
    app.addHook('onRoute', (route) => {
      registered.push(route);
    });
    return app;
  }) as unknown as typeof original.default;
  return { ...original, default: wrapped, fastify: wrapped };
});

/** Roles whose records are kept by place: the roles this matrix is about. */
const PLACED_ROLES = ROLE_NAMES.filter((r) => ['setting', 'team', 'organisation'].includes(ROLES[r].scope));
/** Modules whose demo data no family reads (documents and figures only): not seeded, to keep the suite quick. */
const NOT_SEEDED = new Set(['training', 'governance', 'yearly-report']);
const DEMO_PASSWORD = 'demo-password-for-the-scope-matrix';

/**
 * The demo has one police force and one hospital team, so nothing is out of scope for them: copy
 * one incident (with a child and a notice) to a second force, and one attendance to another team.
 */
async function outOfScopeFixtures(t: TestApp) {
  await t.db.transaction().execute(async (trx) => {
    const [force] = (
      await sql<{
        id: number;
      }>`insert into organisation (code, name, kind) values ('POL-OTHER', 'Another Police Force', 'police') returning id`.execute(
        trx,
      )
    ).rows;
    await sql`create temp table other_incident on commit drop as select * from encompass_incident order by id limit 1`.execute(
      trx,
    );
    await sql`create temp table other_child on commit drop as select * from encompass_child where incident_id = (select id from other_incident) limit 1`.execute(
      trx,
    );
    await sql`create temp table other_notice on commit drop as select * from encompass_notice where encompass_child_id = (select id from other_child)`.execute(
      trx,
    );
    await sql`update other_incident set id = gen_random_uuid(), organisation_id = ${force!.id}, police_reference = 'OTHERFORCE/4242/26'`.execute(
      trx,
    );
    await sql`update other_child set id = gen_random_uuid(), incident_id = (select id from other_incident), child_id = null, given_name = 'Otherforce', family_name = 'Childname'`.execute(
      trx,
    );
    await sql`update other_notice set id = gen_random_uuid(), incident_id = (select id from other_incident), encompass_child_id = (select id from other_child), withdrawn_at = null`.execute(
      trx,
    );
    await sql`insert into encompass_incident select * from other_incident`.execute(trx);
    await sql`insert into encompass_child select * from other_child`.execute(trx);
    await sql`insert into encompass_notice select * from other_notice`.execute(trx);
    await sql`create temp table other_attendance on commit drop as select * from wren_attendance order by id limit 1`.execute(
      trx,
    );
    await sql`update other_attendance set id = nextval(pg_get_serial_sequence('wren_attendance', 'id')), team_id = (select min(id) from team where id is distinct from (select team_id from wren_attendance order by id limit 1)), given_name = 'Otherteam', family_name = 'Attender', attendance_ref = 'OTHER-TEAM-0001'`.execute(
      trx,
    );
    await sql`insert into wren_attendance select * from other_attendance`.execute(trx);
  });
}

/**
 * Records the demo lacks for a second place, made here from real rows: evidence files on actions'
 * updates, another team's WREN import, a reconciliation by the officer and one by someone else,
 * and a multi-agency audit the auditor is named on (running, their agency asked) beside one they
 * are not.
 */
async function moreFixtures(t: TestApp, places: Map<Role, Place>) {
  const officer = places.get('police_officer')!;
  const auditor = places.get('auditor')!;
  await t.db.transaction().execute(async (trx) => {
    await sql`update action_update u set file_name = 'evidence.txt', file_type = 'text/plain',
      file_content = convert_to('Evidence for update ' || u.id || ' of action ' || u.action_item_id, 'UTF8')
      where u.id in (select min(id) from action_update group by action_item_id)`.execute(trx);
    await sql`create temp table other_import on commit drop as select * from wren_import order by id limit 1`.execute(
      trx,
    );
    await sql`update other_import set id = nextval(pg_get_serial_sequence('wren_import', 'id')), filename = 'another-hospital-team.csv',
      team_id = (select min(id) from team where id is distinct from (select team_id from wren_import order by id limit 1))`.execute(
      trx,
    );
    await sql`insert into wren_import select * from other_import`.execute(trx);
    const someoneElse = (
      await sql<{
        id: string;
      }>`select id from app_user where id <> ${officer.userId} order by id limit 1`.execute(trx)
    ).rows[0]!.id;
    for (const [by, filename] of [
      [officer.userId, 'officers-own-list.csv'],
      [someoneElse, 'someone-elses-list.csv'],
    ] as const)
      await sql`insert into exploitation_reconciliation (created_by, agency, filename, content, header, row_count)
        values (${by}, 'Suite agency', ${filename}, 'a,b', '["a","b"]'::jsonb, 0)`.execute(trx);
    const [audit] = (await sql<{ id: number }>`select id from qa_audit order by id limit 1`.execute(trx))
      .rows;
    await sql`update qa_audit set status = 'auditing' where id = ${audit!.id}`.execute(trx);
    await sql`insert into qa_auditor (audit_id, user_id) values (${audit!.id}, ${auditor.userId}) on conflict do nothing`.execute(
      trx,
    );
    await sql`insert into qa_audit_agency (audit_id, organisation_id) values (${audit!.id}, ${auditor.organisationId}) on conflict do nothing`.execute(
      trx,
    );
    await sql`create temp table other_audit on commit drop as select * from qa_audit where id = ${audit!.id}`.execute(
      trx,
    );
    await sql`update other_audit set id = nextval(pg_get_serial_sequence('qa_audit', 'id')), title = 'An audit the auditor is not named on'`.execute(
      trx,
    );
    await sql`insert into qa_audit select * from other_audit`.execute(trx);
    await sql`create temp table other_case on commit drop as select * from qa_case where audit_id = ${audit!.id} order by id limit 1`.execute(
      trx,
    );
    await sql`update other_case set id = nextval(pg_get_serial_sequence('qa_case', 'id')), audit_id = (select id from other_audit), reference = 'SUITE-OTHER-1'`.execute(
      trx,
    );
    await sql`insert into qa_case select * from other_case`.execute(trx);
  });
}

/**
 * The demo's MACE meetings list agencies, not the demo's accounts, as attendees: a meeting today,
 * agenda published, with one of the demo's items, that the placed users attend.
 */
async function maceFixture(t: TestApp, userIds: string[]) {
  await t.db.transaction().execute(async (trx) => {
    const [meeting] = (
      await sql<{
        id: number;
      }>`insert into exploitation_mace_meeting (meets_on, chair, agenda_published_at, access_days)
        values (current_date, 'Suite Chair', now() - interval '1 day', 7) returning id`.execute(trx)
    ).rows;
    await sql`create temp table suite_item on commit drop as select * from exploitation_mace_item order by id limit 1`.execute(
      trx,
    );
    await sql`update suite_item set id = nextval(pg_get_serial_sequence('exploitation_mace_item', 'id')), meeting_id = ${meeting!.id}`.execute(
      trx,
    );
    await sql`insert into exploitation_mace_item select * from suite_item`.execute(trx);
    for (const userId of userIds)
      await sql`insert into exploitation_mace_attendee (meeting_id, user_id, name, agency) values (${meeting!.id}, ${userId}, 'Suite attendee', 'Suite agency')`.execute(
        trx,
      );
  });
}

describe('the route × role × in-scope / out-of-scope matrix', () => {
  let t: TestApp;
  const clients = new Map<Role, TestClient>();
  const places = new Map<Role, Place>();
  let routes: { url: string; permission: Permission }[] = [];

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '100000' } });
    await storeShippedBankHolidays(t.db);
    const context = {
      children: 300,
      password: DEMO_PASSWORD,
      progress: () => ({ update() {}, stop() {} }),
      signIns: [] as { role: Role; email: string }[],
    };
    for (const module of MODULES)
      if (!NOT_SEEDED.has(module.name)) await module.seed?.(t.services as never, context as never);
    await outOfScopeFixtures(t);
    routes = registered
      .filter((r) => r.method === 'GET' && r.url.includes(':'))
      .map((r) => ({
        url: r.url,
        permission: (r.config as { permission?: Permission | 'public' } | undefined)?.permission ?? 'public',
      }))
      .filter((r): r is { url: string; permission: Permission } => r.permission !== 'public');
    // The demo's own account of each placed role, signed in as a person would.
    for (const role of PLACED_ROLES) {
      const account = context.signIns.find((s) => s.role === role);
      if (!account) continue;
      const row = await t.db
        .selectFrom('appUser as u')
        .leftJoin('team as tm', 'tm.id', 'u.teamId')
        .select(['u.id', 'u.settingId', 'u.teamId', 'u.organisationId', 'tm.districtId'])
        .where('u.email', '=', account.email)
        .executeTakeFirstOrThrow();
      places.set(role, {
        userId: row.id,
        role,
        settingId: row.settingId,
        teamId: row.teamId,
        districtId: row.districtId,
        organisationId: row.organisationId,
      });
      const client = new TestClient(t.app);
      expect((await client.signIn(account.email, DEMO_PASSWORD)).statusCode, role).toBe(303);
      clients.set(role, client);
    }
    await moreFixtures(t, places);
    await maceFixture(
      t,
      [...places.values()].map((p) => p.userId),
    );
  }, 600_000);
  afterAll(async () => {
    await t?.close();
  });

  /** A GET, and the page a permanent redirect points to (an old address of the same record). */
  const follow = async (client: TestClient, url: string) => {
    const response = await client.get(url);
    const location = response.headers.location;
    return response.statusCode === 301 && typeof location === 'string' ? client.get(location) : response;
  };

  const holders = (permission: Permission) =>
    PLACED_ROLES.filter((role) => permissionTable.rule(permission)?.roles.includes(role));

  it('has a family, or a reason, for every GET route with an id that a placed role may reach', () => {
    expect(places.size).toBe(PLACED_ROLES.length);
    const uncovered = routes
      .filter((r) => holders(r.permission).length > 0)
      .filter(
        (r) =>
          !FAMILIES.some((f) => f.routes.test(r.url)) &&
          !NOT_PLACE_SCOPED.some((n) => n.routes.test(r.url)) &&
          !KNOWN_UNCHECKED.some((k) => k.routes.test(r.url)),
      )
      .map((r) => `${r.url} (${r.permission}: ${holders(r.permission).join(', ')})`);
    expect(uncovered).toEqual([]);
    // A route that gains a family comes off KNOWN_UNCHECKED.
    for (const known of KNOWN_UNCHECKED)
      expect(
        routes.filter((r) => known.routes.test(r.url) && FAMILIES.some((f) => f.routes.test(r.url))),
        String(known.routes),
      ).toEqual([]);
    // Every table entry still matches a registered route: a renamed route is not silently unchecked.
    for (const entry of [...FAMILIES, ...NOT_PLACE_SCOPED, ...KNOWN_UNCHECKED])
      expect(
        routes.some((r) => entry.routes.test(r.url)),
        String(entry.routes),
      ).toBe(true);
  });

  it('opens each in-scope record and answers 404, without its text, for each out-of-scope one', async () => {
    const problems: string[] = [];
    const opened = new Map<string, number>();
    for (const family of FAMILIES) {
      for (const route of routes.filter((r) => family.routes.test(r.url))) {
        for (const role of holders(route.permission)) {
          if (family.seesAll?.[role]) continue;
          const place = places.get(role)!;
          const client = clients.get(role)!;
          const { inScope, outOfScope } = await family.find(t.db, place, route.url);
          if (!outOfScope) problems.push(`${role} ${route.url}: no out-of-scope record in the demo data`);
          else {
            const url = fillParams(route.url, (name) => outOfScope.params[name] ?? 'missing');
            const response = await follow(client, url);
            if (response.statusCode !== 404)
              problems.push(`${role} GET ${url} (out of scope): ${response.statusCode}, not 404`);
            if (response.body.includes(outOfScope.text))
              problems.push(`${role} GET ${url} (out of scope) shows “${outOfScope.text}”`);
          }
          if (inScope) {
            const url = fillParams(route.url, (name) => inScope.params[name] ?? 'missing');
            const response = await follow(client, url);
            if (response.statusCode === 404 || response.statusCode >= 500)
              problems.push(`${role} GET ${url} (in scope): ${response.statusCode}`);
            else opened.set(family.what, (opened.get(family.what) ?? 0) + 1);
          }
        }
      }
    }
    const known = (problem: string) => KNOWN_FAULTS.some((k) => k.problem.test(problem));
    expect(problems.filter((problem) => !known(problem))).toEqual([]);
    expect(
      KNOWN_FAULTS.filter((k) => !problems.some((problem) => k.problem.test(problem))).map((k) => k.why),
      'fixed: take it off KNOWN_FAULTS',
    ).toEqual([]);
    // Not vacuous: every family opened at least one record for a user whose scope holds it.
    expect(FAMILIES.filter((f) => !opened.get(f.what)).map((f) => f.what)).toEqual([]);
  }, 600_000);
});
