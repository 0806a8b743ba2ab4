/**
 * load – a mixed load of simulated users over HTTP on PostgreSQL (issue 13): for 60 s, 100 users
 * each sign in through the form, then act with a second or so between steps: DSLs open their
 * notices and acknowledge the ones waiting; staff browse the lists their start page links to; a
 * police system records Operation Encompass incidents through the API. Goals: no errors, p99
 * under 200 ms, and the audit chain intact after. GET /ping under the same 100 connections, on
 * the same server in the same run, is printed beside it, with the load average (the machine is
 * shared).
 *
 * The 90 people arrive one by one over the first 20 s (a partnership's staff do not all press
 * "Sign in" in the same millisecond); every request counts in the figures, sign-ins included,
 * overall and per kind. `LOAD_RAMP_SECONDS=0` starts everyone at once; `LOAD_USERS`,
 * `LOAD_SECONDS` make a smaller run; `LOAD_CPU_PROF=dir` writes the server's CPU profile there.
 * Each person signs in with two requests (the form, then the POST), printed apart.
 *
 * Beside the latencies, figures that hold on a busy machine: the server's CPU time per request and
 * its event-loop delay during the run, and after it each kind of request (each page the staff
 * browsed) again one at a time, with its CPU time and how long it held the event loop.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApiClient } from '../src/modules/encompass/index.ts';
import { verifyAuditChain } from '../src/platform/audit/audit-log.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { incidentBodies } from './encompass.ts';
import { type Options, childEnv, logFile, progress, root } from './lib/context.ts';
import { sampleBackends, treeCpuMs } from './lib/cpu.ts';
import { load } from './lib/load.ts';
import { recreateDatabase } from './lib/postgres.ts';
import { type ProcessGroup, freePort, run, spawnGroup, stopGroup, waitFor200 } from './lib/processes.ts';
import { type Row, fmt, ratio } from './lib/report.ts';

export const LOAD_GOALS = { users: 100, seconds: 60, rampSeconds: 20, p99Ms: 200, errors: 0 };

const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'demo-password-not-for-real-use';

interface Answer {
  status: number;
  body: string;
  cookies: string[];
  location?: string;
}

/** One request over a kept-alive agent (plain http: the users share the server's two cores). */
function request(
  agent: http.Agent,
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const r = http.request(
      url,
      {
        method: options.method ?? 'GET',
        agent,
        headers: {
          accept: 'text/html',
          ...options.headers,
          ...(options.body ? { 'content-length': String(Buffer.byteLength(options.body)) } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            cookies: response.headers['set-cookie'] ?? [],
            ...(response.headers.location ? { location: response.headers.location } : {}),
          }),
        );
        response.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(options.body);
  });
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? '';

/** A signed-in user: their cookies and the last CSRF token a page gave them. */
class User {
  private jar = new Map<string, string>();
  csrf = '';
  constructor(
    private readonly base: string,
    private readonly agent: http.Agent,
    private readonly record: (kind: string, ms: number, ok: boolean, what: string) => void,
  ) {}

  private keep(answer: Answer) {
    for (const c of answer.cookies) {
      const pair = c.split(';', 1)[0]!;
      const eq = pair.indexOf('=');
      if (eq > 0) this.jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const token = csrfOf(answer.body);
    if (token) this.csrf = token;
    return answer;
  }

  private get cookie() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /**
   * A page is a 200 and a form a 303, unless said otherwise: a page redirecting (to the sign-in
   * page, say: a session lost) is an error, not a fast answer.
   */
  async send(
    kind: string,
    path: string,
    form?: Record<string, string>,
    expect = form ? [303] : [200],
    goesTo?: string,
  ) {
    const started = performance.now();
    let answer: Answer;
    try {
      answer = this.keep(
        await request(this.agent, `${this.base}${path}`, {
          method: form ? 'POST' : 'GET',
          headers: {
            cookie: this.cookie,
            ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          },
          ...(form ? { body: new URLSearchParams({ _csrf: this.csrf, ...form }).toString() } : {}),
        }),
      );
    } catch (error) {
      this.record(kind, performance.now() - started, false, `${path}: ${(error as Error).message}`);
      return null;
    }
    const ok =
      expect.includes(answer.status) &&
      (goesTo === undefined || answer.status !== 303 || answer.location === goesTo);
    this.record(
      kind,
      performance.now() - started,
      ok,
      `${form ? 'POST' : 'GET'} ${path}: ${answer.status}${answer.location ? ` to ${answer.location}` : ''}`,
    );
    return answer;
  }

  async signIn(email: string) {
    await this.send('sign-in form', '/sign-in');
    const answer = await this.send(
      'sign-in',
      '/sign-in',
      { email, password: DEMO_PASSWORD, returnTo: '/' },
      [303],
      '/', // signed in, not sent to a second factor or back to the form
    );
    return answer?.status === 303 && answer.location === '/';
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : Number.NaN;

export interface LoadBenchOptions extends Pick<Options, 'pgUrl' | 'children'> {
  users?: number;
  seconds?: number;
  /** The people (not the police systems) arrive one by one over this many seconds; 0: all at once. */
  rampSeconds?: number;
}

export async function runLoadBench(options: LoadBenchOptions): Promise<Row[]> {
  // LOAD_USERS / LOAD_SECONDS: smaller runs while looking into a cause; the goal is for the defaults.
  const users = options.users ?? (Number(process.env.LOAD_USERS) || LOAD_GOALS.users);
  const seconds = options.seconds ?? (Number(process.env.LOAD_SECONDS) || LOAD_GOALS.seconds);
  const rampSeconds =
    options.rampSeconds ??
    (process.env.LOAD_RAMP_SECONDS !== undefined
      ? Number(process.env.LOAD_RAMP_SECONDS)
      : LOAD_GOALS.rampSeconds);
  const databaseUrl = await recreateDatabase(options.pgUrl, 'sgh_bench_load');
  progress(`load: seeding the demo partnership (${fmt(options.children)} children) on PostgreSQL…`);
  await run(
    'seed',
    process.execPath,
    ['--import', 'tsx', 'src/cli.ts', 'seed', '--children', String(options.children)],
    {
      cwd: root,
      env: childEnv({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }),
      logFile,
      timeoutMs: 600_000,
    },
  );
  const setup = await openDatabase({ databaseUrl, poolSize: 2 });
  const police = await setup.db
    .selectFrom('organisation')
    .select('code')
    .where('kind', '=', 'police')
    .executeTakeFirstOrThrow();
  const { token } = await createApiClient(setup.db, {
    name: 'Load bench police system',
    organisationCode: police.code,
    scopes: ['encompass:incidents'],
  });
  const accounts = await setup.db
    .selectFrom('appUser')
    .select(['email', 'role'])
    .where('role', 'in', [
      'dsl',
      'partnership_admin',
      'encompass_coordinator',
      'front_door_practitioner',
      'data_quality',
    ])
    .orderBy('email')
    .execute();
  await setup.close();
  const dsls = accounts.filter((a) => a.role === 'dsl');
  const staff = accounts.filter((a) => a.role !== 'dsl');
  if (!dsls.length || !staff.length) throw new Error('The demo seed has no DSL or no staff accounts');
  const bodies = await incidentBodies(databaseUrl, 2_000, `LOAD-${Date.now()}`);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let server: ProcessGroup | undefined;
  const timings = new Map<string, number[]>();
  const errors: string[] = [];
  let loadOver = false;
  const record = (kind: string, ms: number, ok: boolean, what: string) => {
    if (loadOver) return; // the one-at-a-time pass after the load is not part of its figures
    const list = timings.get(kind) ?? [];
    list.push(ms);
    timings.set(kind, list);
    if (!ok) errors.push(what);
  };
  const metricsToken = randomBytes(24).toString('hex');
  let ping: Awaited<ReturnType<typeof load>>;
  let cpu = { server: 0, database: 0, generator: 0 };
  const lagMaxMs: number[] = [];
  // Pages seen in the run (by whom, to open them again one at a time after it), and their cost.
  const pages = new Map<string, User>();
  let noticePage: { user: User; path: string } | undefined;
  const costs: { label: string; cpuMs: number; loopMs: number }[] = [];
  let chain: Awaited<ReturnType<typeof verifyAuditChain>>;
  const loadBefore = os.loadavg();
  let loadAfter: number[];
  try {
    const profileDir = process.env.LOAD_CPU_PROF;
    const profileArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    server = spawnGroup(
      'server',
      process.execPath,
      [...profileArgs, '--import', 'tsx', 'src/cli.ts', 'serve'],
      {
        cwd: root,
        env: childEnv({
          DATABASE_URL: databaseUrl,
          PORT: String(port),
          LOG_LEVEL: 'warn',
          JOBS: 'on',
          SIGN_IN_RATE_PER_MINUTE: '100000',
          DATABASE_POOL_SIZE: '20',
          METRICS_TOKEN: metricsToken,
        }),
        logFile,
      },
    );
    await waitFor200(`${base}/health`, server, { timeoutMs: 120_000 });
    const agent = new http.Agent({ keepAlive: true, maxSockets: users + 10 });

    // Police: 10% of the users, each a police system recording an incident every second or so.
    const policeUsers = Math.max(1, Math.round(users / 10));
    const dslUsers = Math.round((users - policeUsers) / 2);
    const until = performance.now() + seconds * 1000;
    const think = () => sleep(500 + Math.random() * 1000);
    // The people arrive one after another over the first rampSeconds (a DSL, then a member of
    // staff, and so on), not all in the same millisecond; the police systems are running already.
    const people = users - policeUsers;
    const arrival = (n: number) => sleep((rampSeconds * 1000 * n) / Math.max(1, people));
    let nextBody = 0;
    let incidents = 0;
    let acknowledged = 0;
    let alreadyAcknowledged = 0;

    const policeLoop = async () => {
      await sleep(Math.random() * 1000); // running systems, not started in step
      while (performance.now() < until) {
        const body = JSON.stringify(bodies[nextBody++ % bodies.length]);
        const started = performance.now();
        try {
          const answer = await request(agent, `${base}/api/v1/encompass/incidents`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body,
          });
          const ok = answer.status === 201;
          if (ok) incidents++;
          record('incident (API)', performance.now() - started, ok, `POST incident: ${answer.status}`);
        } catch (error) {
          record('incident (API)', performance.now() - started, false, (error as Error).message);
        }
        await think();
      }
    };

    const dslLoop = async (k: number) => {
      await arrival(2 * k);
      const user = new User(base, agent, record);
      if (!(await user.signIn(dsls[k % dsls.length]!.email))) return;
      while (performance.now() < until) {
        const list = await user.send('notices list', '/encompass/notices');
        const ids = [...(list?.body.matchAll(/href="\/encompass\/notices\/([0-9a-f-]{36})"/g) ?? [])].map(
          (m) => m[1]!,
        );
        await think();
        if (ids.length) {
          const id = ids[Math.floor(Math.random() * ids.length)]!;
          noticePage ??= { user, path: `/encompass/notices/${id}` };
          const notice = await user.send('notice', `/encompass/notices/${id}`);
          await think();
          if (notice?.body.includes(`action="/encompass/notices/${id}/acknowledge"`)) {
            // Several simulated users share a demo DSL's account: when one of them (or a colleague
            // at the same school) acknowledged the notice first, the answer is 409, as it should be.
            const done = await user.send(
              'acknowledge',
              `/encompass/notices/${id}/acknowledge`,
              { action: 'monitoring', actionNote: 'Class teacher told; we will keep an eye.' },
              [303, 409],
            );
            if (done?.status === 303) acknowledged++;
            if (done?.status === 409) alreadyAcknowledged++;
            await think();
          }
        }
      }
    };

    const staffLoop = async (k: number) => {
      await arrival(2 * k + 1);
      const user = new User(base, agent, record);
      if (!(await user.signIn(staff[k % staff.length]!.email))) return;
      const home = await user.send('browse', '/');
      // The lists their own start page links to (no downloads, no sign-out).
      const links = [
        ...new Set(
          [...(home?.body.matchAll(/href="(\/[a-z][a-z0-9/-]*)"/g) ?? [])]
            .map((m) => m[1]!)
            .filter(
              (href) => !/sign-out|\/assets|\/static|\.csv|\.pdf|report|export|accessibility/.test(href),
            ),
        ),
      ];
      for (const link of links) if (!pages.has(link)) pages.set(link, user);
      while (performance.now() < until && links.length) {
        await user.send('browse', links[Math.floor(Math.random() * links.length)]!);
        await think();
      }
    };

    progress(
      `load: ${users} users for ${seconds} s (${dslUsers} DSLs, ${users - dslUsers - policeUsers} staff browsing, ${policeUsers} police systems); ${rampSeconds ? `the people arrive one by one over the first ${rampSeconds} s` : 'everyone starts at once'}…`,
    );
    // The server's event-loop delay, read from its own metrics each second (prom-client resets the
    // histogram at each read, so each figure is that second's).
    const lagTimer = setInterval(() => {
      void request(agent, `${base}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })
        .then((answer) => {
          const max = /^nodejs_eventloop_lag_max_seconds (\S+)/m.exec(answer.body)?.[1];
          if (max) lagMaxMs.push(Number(max) * 1000);
        })
        .catch(() => {});
    }, 1000);
    const backends = sampleBackends('sgh_bench_load');
    const server0 = treeCpuMs(server.pid);
    const self0 = process.cpuUsage();
    await Promise.all([
      ...Array.from({ length: policeUsers }, () => policeLoop()),
      ...Array.from({ length: dslUsers }, (_, k) => dslLoop(k)),
      ...Array.from({ length: users - dslUsers - policeUsers }, (_, k) => staffLoop(k)),
    ]);
    loadAfter = os.loadavg();
    clearInterval(lagTimer);
    const self = process.cpuUsage(self0);
    cpu = {
      server: treeCpuMs(server.pid) - server0,
      database: backends.stop(),
      generator: (self.user + self.system) / 1000,
    };
    progress(
      `load: ${incidents} incidents recorded, ${acknowledged} notices acknowledged (${alreadyAcknowledged} already acknowledged by another session: 409), ${errors.length} errors`,
    );
    progress(`load: GET /ping, ${users} connections, 10 s, on the same server…`);
    ping = await load(`${base}/ping`, { connections: users, seconds: 10 });

    // Each kind of request again, one at a time on the now quiet server: its CPU time (the
    // server's own process.cpuUsage, all threads) and the longest the event loop was held. A
    // steady figure on a busy machine, and the page that holds the loop for 100 ms holds every
    // other user's request with it.
    loadOver = true;
    progress(`load: each kind of request one at a time (${pages.size + 4} kinds, 3 times each)…`);
    const serverStats = async () => {
      const m = await request(agent, `${base}/metrics`, {
        headers: { authorization: `Bearer ${metricsToken}` },
      });
      const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(m.body)?.[1]) * 1000;
      return { cpuMs: value('process_cpu_seconds_total'), loopMs: value('nodejs_eventloop_lag_max_seconds') };
    };
    const oneAtATime = async (label: string, work: () => Promise<unknown>, times = 3) => {
      await work(); // warm: templates compiled, statements prepared
      const before = await serverStats();
      for (let i = 0; i < times; i++) await work();
      const after = await serverStats();
      costs.push({ label, cpuMs: (after.cpuMs - before.cpuMs) / times, loopMs: after.loopMs });
    };
    let k = 0;
    await oneAtATime('sign-in (form, then POST)', () =>
      new User(base, agent, record).signIn(dsls[k++ % dsls.length]!.email),
    );
    await oneAtATime('incident (API)', () =>
      request(agent, `${base}/api/v1/encompass/incidents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(bodies[nextBody++ % bodies.length]),
      }),
    );
    if (noticePage) {
      const { user, path } = noticePage;
      await oneAtATime('notices list (DSL)', () => user.send('notices list', '/encompass/notices'));
      await oneAtATime('notice (DSL)', () => user.send('notice', path));
    }
    for (const [path, user] of pages) await oneAtATime(`GET ${path}`, () => user.send('browse', path));
    agent.destroy();
  } finally {
    if (server) await stopGroup(server);
  }
  const check = await openDatabase({ databaseUrl, poolSize: 2 });
  try {
    chain = await verifyAuditChain(check.db);
  } finally {
    await check.close();
  }

  const all = [...timings.values()].flat().sort((a, b) => a - b);
  const loadText = (l: number[]) => l.map((v) => v.toFixed(2)).join(', ');
  const spread = (sorted: number[]) =>
    `p50 ${fmt(percentile(sorted, 50), 1)} / p95 ${fmt(percentile(sorted, 95), 1)} / p99 ${fmt(percentile(sorted, 99), 1)} / max ${fmt(sorted.at(-1) ?? 0, 1)} ms`;
  const rows: Row[] = [];
  const row = (
    measure: string,
    value: string,
    baseline: string,
    goal: string,
    ok: boolean | null,
    ratioText = '',
  ) =>
    rows.push({
      part: 'load',
      measure,
      value,
      baseline,
      ratio: ratioText,
      goal,
      status: ok === null ? '' : ok ? 'PASS' : 'MISSED',
    });
  const p99 = percentile(all, 99);
  const pingText = `GET /ping ×${users}: ${fmt(ping.requestsPerSecond)}/s, p50 ${ping.latencyMs.p50} / p99 ${ping.latencyMs.p99} ms`;
  row(
    `${users} users, ${seconds} s${rampSeconds ? `, arriving over ${rampSeconds} s` : ', all at once'}: every request`,
    `${fmt(all.length)} (${fmt(all.length / seconds, 1)}/s), ${spread(all)}`,
    pingText,
    `p99 < ${LOAD_GOALS.p99Ms} ms`,
    p99 < LOAD_GOALS.p99Ms,
    `p99 ${ratio(p99, ping.latencyMs.p99)} /ping's`,
  );
  for (const [kind, list] of [...timings].sort()) {
    const sorted = [...list].sort((a, b) => a - b);
    row(`  ${kind}`, `${fmt(sorted.length)}, ${spread(sorted)}`, '', '', null);
  }
  const byCost = [...costs].sort((a, b) => b.cpuMs - a.cpuMs);
  const always = new Set([
    'sign-in (form, then POST)',
    'incident (API)',
    'notices list (DSL)',
    'notice (DSL)',
  ]);
  const shown = byCost.filter((c, i) => i < 10 || always.has(c.label));
  row(
    'one at a time after the load: server CPU per request',
    `${costs.length} kinds; ${byCost.filter((c) => c.cpuMs >= 50).length} take ≥ 50 ms`,
    'event loop held at most',
    '',
    null,
  );
  for (const c of shown) row(`  ${c.label}`, `${fmt(c.cpuMs, 1)} ms`, `${fmt(c.loopMs, 0)} ms`, '', null);
  const lags = [...lagMaxMs].sort((a, b) => a - b);
  row(
    'server event-loop delay, worst in each second',
    lags.length ? `median ${fmt(percentile(lags, 50), 1)} / worst ${fmt(lags.at(-1)!, 1)} ms` : 'not read',
    '',
    '',
    null,
  );
  const n = Math.max(1, all.length);
  row(
    'CPU per request: server / PostgreSQL / load generator',
    `${fmt(cpu.server / n, 1)} / ${fmt(cpu.database / n, 1)} / ${fmt(cpu.generator / n, 1)} ms`,
    `server ${fmt(cpu.server / 1000 / seconds, 2)} cores busy, PostgreSQL ${fmt(cpu.database / 1000 / seconds, 2)}`,
    '',
    null,
  );
  row(
    'errors',
    `${errors.length}${errors.length ? ` (first: ${errors[0]})` : ''}`,
    '',
    '0',
    errors.length === 0,
  );
  row(
    'audit chain after',
    chain.ok ? `intact, ${fmt(chain.entries)} entries` : `BROKEN at ${chain.entries}`,
    '',
    'intact',
    chain.ok,
  );
  row(
    'load average (1, 5, 15 min)',
    `before ${loadText(loadBefore)}; after ${loadText(loadAfter!)}`,
    `${os.cpus().length} cores`,
    '',
    null,
  );
  return rows;
}
