/**
 * The security suite, run with the tests (issue 13), in both passes (PGlite, then PostgreSQL). It
 * lives outside src/platform because it signs in to every module (the platform imports none).
 * Over every route the app registers:
 *  (a) route × role: each of the 17 roles gets the answer the route's declared permission says
 *      (refused with 401/403/404 when the role lacks it, never a 5xx), and a child of another
 *      district or setting is never shown to a scoped role;
 *  (b) a seeded random probe of 5,000 requests (random routes, methods, roles, ids, query strings,
 *      bodies with NUL, half emojis, direction overrides and huge values): never a 5xx, and the
 *      audit chain verifies after;
 *  (c) fast-check properties over every form the pages show and the incidents API: never a 5xx,
 *      and a refused input leaves every module table's row count as it was.
 */
import fc from 'fast-check';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MODULES, permissionTable } from '../modules.ts';
import { createApiClient } from '../modules/encompass/index.ts';
import { mulberry32 } from '../synthetic/random.ts';
import { verifyAuditChain } from '../platform/audit/audit-log.ts';
import { ROLE_NAMES, type Role } from '../platform/auth/roles.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../platform/testing/app.ts';
import { NASTY_PARAMS, NASTY_STRINGS, type RegisteredRoute, fillParams, formsOf } from './routes.ts';

// Every route as Fastify registers it: a hook on each new instance, before any route is added.
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

/** Routes that end the session the suite signs in with, or serve files: not requests to probe. */
const SKIPPED = (r: RegisteredRoute) =>
  r.url === '/sign-out' || r.url === '*' || /^\/(assets|static)\//.test(r.url) || r.method === 'HEAD';

const REFUSED = [401, 403, 404];

/**
 * Faults this suite found in other modules' routes, left to their owners (named in the report of
 * 7 December 2026). Each is still checked: the test fails if one stops failing, so that it is
 * taken off this list the day it is fixed.
 */
const KNOWN_FAULTS = new Set<string>([]);

describe('the security suite', () => {
  let t: TestApp;
  let routes: RegisteredRoute[];
  const clients = new Map<Role, TestClient>();
  const children = { north: '', south: '' };
  let apiToken = '';
  /** Each form a page showed: where it posts, its fields, and a role that saw it. */
  const forms = new Map<string, { fields: string[]; role: Role }>();

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '100000' } });
    const place = await seedSmallPartnership(t.db);
    routes = registered.flatMap((route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const permission = (route.config as { permission?: RegisteredRoute['permission'] } | undefined)
        ?.permission;
      return methods.map((method) => ({ method, url: route.url, permission: permission ?? 'public' }));
    });
    // Two children under five: one in the health visitors' district, one in the other; neither on
    // the DSL's roll.
    const kids = await t.db
      .insertInto('child')
      .values([
        {
          givenName: 'Inscope',
          familyName: 'Northerner',
          dateOfBirth: '2024-02-02',
          sex: 'female',
          districtId: place.districts.north,
        },
        {
          givenName: 'Outofscope',
          familyName: 'Southerner',
          dateOfBirth: '2024-03-03',
          sex: 'male',
          districtId: place.districts.south,
        },
      ])
      .returning('id')
      .execute();
    children.north = kids[0]!.id;
    children.south = kids[1]!.id;
    const where: Partial<Record<Role, Parameters<typeof createTestUser>[2]>> = {
      police_officer: { organisationId: place.organisations.police },
      health_visitor: {
        organisationId: place.organisations.community,
        teamId: place.teams.healthVisitingNorth,
      },
      dsl: { settingId: place.settings.oakfield },
      head_teacher: { settingId: place.settings.oakfield },
    };
    for (const role of ROLE_NAMES) {
      const user = await createTestUser(
        t.db,
        role,
        where[role] ?? { organisationId: place.organisations.council },
      );
      const client = new TestClient(t.app);
      const signedIn = await client.signIn(user.email, user.password);
      expect(signedIn.statusCode).toBe(303);
      await client.get('/');
      clients.set(role, client);
    }
    apiToken = (
      await createApiClient(t.db, {
        name: 'Suite police',
        organisationCode: 'POL',
        scopes: ['encompass:incidents'],
      })
    ).token;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  /** A real record for a parameter where one fits (a child's id), otherwise 1. */
  const realParam = (url: string, name: string) =>
    /^\/children\/|child/i.test(`${url.split(':')[0]}${name}`) && /id$/i.test(name) ? children.north : '1';

  it('knows every registered route, each with a permission the modules declare', () => {
    expect(routes.length).toBeGreaterThan(200);
    for (const r of routes)
      expect(
        r.permission === 'public' || permissionTable.rule(r.permission) !== undefined,
        `${r.method} ${r.url}`,
      ).toBe(true);
  });

  it('(a) answers each route × 17 roles as its permission says, never a 5xx', async () => {
    const probed = routes.filter((r) => !SKIPPED(r));
    const seen = new Set<string>();
    const wrong: string[] = [];
    for (const route of probed) {
      seen.add(`${route.method} ${route.url}`);
      const url = fillParams(route.url, (name) => realParam(route.url, name));
      for (const role of ROLE_NAMES) {
        const client = clients.get(role)!;
        const allowed =
          route.permission === 'public' ||
          (permissionTable.rule(route.permission)?.roles.includes(role) ?? false);
        const response = route.method === 'GET' ? await client.get(url) : await client.post(url, {});
        const status = response.statusCode;
        if (status >= 500) wrong.push(`${role} ${route.method} ${url}: ${status}`);
        else if (!allowed && !REFUSED.includes(status))
          wrong.push(`${role} ${route.method} ${url}: ${status} though ${role} lacks ${route.permission}`);
        else if (allowed && route.permission !== 'public' && status === 403)
          wrong.push(`${role} ${route.method} ${url}: 403 though ${role} holds ${route.permission}`);
        if (
          allowed &&
          route.method === 'GET' &&
          status === 200 &&
          /text\/html/.test(String(response.headers['content-type']))
        )
          for (const form of formsOf(response.body))
            if (!form.multipart && form.fields.length && !forms.has(form.action))
              forms.set(form.action, { fields: form.fields, role });
      }
    }
    // Every route the app registered is in the matrix (or named as skipped, with the reason above).
    for (const r of routes)
      expect(seen.has(`${r.method} ${r.url}`) || SKIPPED(r), `${r.method} ${r.url}`).toBe(true);
    expect(wrong.filter((w) => !KNOWN_FAULTS.has(w))).toEqual([]);
    expect(
      [...KNOWN_FAULTS].filter((k) => !wrong.includes(k)),
      'fixed: take it off KNOWN_FAULTS',
    ).toEqual([]);
  }, 900_000);

  it('(a) never shows a scoped role a child of another district or setting', async () => {
    const byChild = routes.filter(
      (r) => r.method === 'GET' && !SKIPPED(r) && (r.url.match(/:/g) ?? []).length === 1,
    );
    const leaks: string[] = [];
    for (const role of ['dsl', 'health_visitor', 'head_teacher', 'police_officer'] as const) {
      for (const route of byChild) {
        const response = await clients.get(role)!.get(fillParams(route.url, () => children.south));
        if (response.statusCode >= 500) leaks.push(`${role} ${route.url}: ${response.statusCode}`);
        if (/Southerner|Outofscope/.test(response.body))
          leaks.push(`${role} ${route.url} shows the south child`);
      }
    }
    expect(leaks).toEqual([]);
    // And the check is not empty: the health visitor does see the child of their own district.
    const own = await clients.get('health_visitor')!.get(`/children/${children.north}`);
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('Northerner');
  }, 300_000);

  it('(b) answers 5,000 seeded random requests without a 5xx, and the audit chain verifies after', async () => {
    const random = mulberry32(13_2026);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const probed = routes.filter((r) => !SKIPPED(r));
    const encode = (s: string) => {
      try {
        return encodeURIComponent(s);
      } catch {
        return '%ED%A0%80'; // a lone surrogate cannot be URI-encoded: send its raw UTF-8 bytes
      }
    };
    const failures: string[] = [];
    for (let k = 0; k < 5_000; k++) {
      const route = pick(probed);
      const url = fillParams(route.url, () =>
        random() < 0.3 ? realParam(route.url, '') : pick(NASTY_PARAMS),
      );
      const query =
        random() < 0.5
          ? `?${pick(['q', 'page', 'from', 'to', 'status', 'id'])}=${encode(pick(NASTY_STRINGS))}`
          : '';
      const body: Record<string, string> = {};
      const fields = forms.get(route.url)?.fields ?? ['name', 'reason', 'note', 'date', 'q'];
      for (const field of fields) if (random() < 0.7) body[field] = pick(NASTY_STRINGS);
      const method = random() < 0.9 ? route.method : pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS']);
      const who = random() < 0.1 ? null : pick(ROLE_NAMES);
      let status: number;
      if (who && (method === 'GET' || method === 'POST')) {
        const client = clients.get(who)!;
        status = (method === 'GET' ? await client.get(url + query) : await client.post(url + query, body))
          .statusCode;
      } else {
        status = (
          await t.app.inject({
            method: method as 'GET',
            url: url + query,
            ...(method === 'GET' || method === 'OPTIONS' ? {} : { payload: body }),
          })
        ).statusCode;
      }
      // A known fault (above) is the same request whoever sends it and whatever the query.
      const known = [...KNOWN_FAULTS].some((k) => k.includes(` ${method} ${url}: `));
      if (status >= 500 && !known)
        failures.push(`${who ?? 'anonymous'} ${method} ${url}${query.slice(0, 80)}: ${status}`);
    }
    expect(failures).toEqual([]);
    const chain = await verifyAuditChain(t.db);
    expect(chain.ok).toBe(true);
  }, 900_000);

  /** Every module table's row count, in one query. */
  const moduleTables = MODULES.flatMap((m) => m.tables as readonly string[]);
  const rowCounts = async () => {
    const { sql } = await import('kysely');
    const row = await sql<Record<string, string>>`select ${sql.join(
      moduleTables.map((table) => sql`(select count(*) from ${sql.table(table)}) as ${sql.ref(table)}`),
    )}`.execute(t.db);
    return row.rows[0]!;
  };
  const text = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(...NASTY_STRINGS),
  );

  it('(c) every form: never a 5xx, and a refused input changes no module table', async () => {
    expect(forms.size).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const [action, { fields, role }] of forms) {
      const client = clients.get(role)!;
      await fc.assert(
        fc.asyncProperty(fc.record(Object.fromEntries(fields.map((f) => [f, text]))), async (values) => {
          const before = await rowCounts();
          const response = await client.post(action, values as Record<string, string>);
          if (response.statusCode >= 500) problems.push(`${role} POST ${action}: ${response.statusCode}`);
          if (response.statusCode >= 400) {
            const after = await rowCounts();
            const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
            if (changed.length)
              problems.push(
                `${role} POST ${action} refused (${response.statusCode}) yet changed ${changed.join(', ')}`,
              );
          }
          return true;
        }),
        { numRuns: 8, seed: 13 },
      );
    }
    expect(problems).toEqual([]);
  }, 900_000);

  it('(c) the incidents API: never a 5xx, and a refused incident changes no module table', async () => {
    const incident = fc.record(
      {
        policeReference: text,
        occurredAt: fc.oneof(
          text,
          fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'x' : d.toISOString())),
        ),
        place: text,
        children: fc.array(
          fc.record(
            { givenName: text, familyName: text, dateOfBirth: text, nhsNumber: text },
            { requiredKeys: [] },
          ),
          { maxLength: 3 },
        ),
      },
      { requiredKeys: [] },
    );
    const problems: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.oneof(incident, fc.jsonValue()), async (body) => {
        const before = await rowCounts();
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/v1/encompass/incidents',
          headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' },
          payload: JSON.stringify(body),
        });
        if (response.statusCode >= 500)
          problems.push(`API ${response.statusCode}: ${JSON.stringify(body).slice(0, 200)}`);
        if (response.statusCode >= 400) {
          const after = await rowCounts();
          const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
          if (changed.length)
            problems.push(`API refused (${response.statusCode}) yet changed ${changed.join(', ')}`);
        }
        return true;
      }),
      { numRuns: 150, seed: 13 },
    );
    expect(problems).toEqual([]);
  }, 600_000);
});
