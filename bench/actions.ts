/**
 * actions – the overdue-actions list and an agency's open actions with 50,000 actions held, on
 * PostgreSQL: p95 of each page over HTTP (signed in as the business unit, one request at a time), with
 * the same page's bare query time (the service calls its handler makes, straight to the
 * database, no HTTP, session or template) measured in the same run beside it. Goal: p95 < 50 ms.
 */
import { performance } from 'node:perf_hooks';
import { ActionsService, type HistoricalAction } from '../src/modules/actions/index.ts';
import { SYSTEM_ACTOR, auditWriterFor } from '../src/platform/audit/audit-log.ts';
import { addDays } from '../src/platform/calendar/civil-date.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { Random } from '../src/synthetic/random.ts';
import { type Options, childEnv, logFile, progress, root, tempDir } from './lib/context.ts';
import { recreateDatabase } from './lib/postgres.ts';
import { type ProcessGroup, freePort, spawnGroup, stopGroup, waitFor200 } from './lib/processes.ts';
import { type Row, fmt, ratio } from './lib/report.ts';
import { signIn } from './lib/sign-in.ts';

export const ACTIONS_GOALS = { actionsPageP95Ms: 50, actionsHeld: 50_000 };

const ADMIN_EMAIL = 'partnership.admin@demo.safeguarding-hub.example';
const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'demo-password-not-for-real-use';
const REQUESTS = 400;
// One request at a time: the latency of a page, not of a queue on a shared two-core machine.
const CONNECTIONS = 1;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Runs `work` REQUESTS times over `connections` concurrent loops; each call's milliseconds. */
async function timed(work: () => Promise<void>, requests = REQUESTS, connections = CONNECTIONS) {
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next++ < requests) {
        const t0 = performance.now();
        await work();
        times.push(performance.now() - t0);
      }
    }),
  );
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times) };
}

/** 50,000 actions over every agency and the last two years: ~45% open (about a third overdue), the rest done or dropped. */
function actionsToHold(organisationIds: number[], today: string, count: number): HistoricalAction[] {
  const random = new Random(50_000);
  return Array.from({ length: count }, (_, i) => {
    const createdOn = addDays(today, -random.int(1, 730));
    const dueOn = addDays(createdOn, random.int(14, 240));
    const state = random.weighted([
      ['open', 45],
      ['done', 45],
      ['dropped', 10],
    ] as const);
    const closedOn = addDays(createdOn, random.int(7, 200));
    const status = state !== 'open' && closedOn <= today ? state : 'open';
    return {
      description: `Bench action ${i + 1}: improve recording of strategy discussion outcomes`,
      owningOrganisationId: random.pick(organisationIds),
      ownerName: 'Named owner',
      dueOn: random.chance(0.05) ? null : dueOn,
      measurableOutcome: 'Re-audit shows the change',
      source: {
        module: 'quality',
        type: 'audit',
        id: String(random.int(1, 300)),
        label: 'Multi-agency audit',
      },
      createdOn,
      status,
      ...(status !== 'open' ? { closedOn } : {}),
    };
  });
}

export async function measureActions(options: Options): Promise<Row[]> {
  const benchDb = await recreateDatabase(options.pgUrl, 'sgh_bench_actions');
  progress('actions: created database sgh_bench_actions; starting the server (demo seed, 300 children)…');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let server: ProcessGroup | undefined;
  const database = await openDatabase({ databaseUrl: benchDb, poolSize: CONNECTIONS });
  try {
    server = spawnGroup('npm start (PostgreSQL)', 'npm', ['start', '--', '--children', '300'], {
      cwd: root,
      env: childEnv({
        PORT: String(port),
        DATA_DIR: tempDir('sgh-bench-actions-'),
        DATABASE_URL: benchDb,
        DATABASE_POOL_SIZE: '10',
        LOG_LEVEL: 'warn',
        JOBS: 'off',
      }),
      logFile,
    });
    await waitFor200(`${base}/ping`, server, { intervalMs: 100, timeoutMs: 600_000 });

    // Top the tracker up to 50,000 actions, through the module's own import (multi-row inserts).
    const actions = new ActionsService({ db: database.db });
    const organisations = (await actions.organisations()).map((o) => o.id);
    const already = (await actions.figures()).totals.total;
    const rows = actionsToHold(organisations, actions.today(), ACTIONS_GOALS.actionsHeld - already);
    const t0 = performance.now();
    for (let i = 0; i < rows.length; i += 2000) {
      await database.db
        .transaction()
        .execute((trx) =>
          actions.importActionsInTrx(trx, auditWriterFor(SYSTEM_ACTOR), rows.slice(i, i + 2000)),
        );
    }
    const { sql } = await import('kysely');
    await sql`VACUUM ANALYZE`.execute(database.db);
    const held = (await actions.figures()).totals;
    progress(
      `actions: ${fmt(held.total)} actions held (${fmt(held.open)} open, ${fmt(held.overdue)} overdue) after ${fmt((performance.now() - t0) / 1000, 1)} s`,
    );

    // The agency with the most open actions: its list is the longest to order.
    const busiest = (await actions.figures()).byAgency
      .filter((r) => r.organisationId != null)
      .sort((a, b) => Number(b.open) - Number(a.open))[0]!;
    const cookie = await signIn(base, ADMIN_EMAIL, DEMO_PASSWORD);
    const headers = { cookie, accept: 'text/html' };
    const pages = [
      {
        measure: 'overdue actions list (every agency)',
        url: `${base}/actions/overdue`,
        bare: async () => {
          await Promise.all([actions.overdueActions({ all: true }, 1), actions.organisations()]);
        },
      },
      {
        measure: `one agency’s open actions (${fmt(Number(busiest.open))} open)`,
        url: `${base}/actions?organisation=${busiest.organisationId}`,
        bare: async () => {
          await Promise.all([
            actions.organisations(),
            actions.openActionsOfAgency(busiest.organisationId!, 1),
          ]);
        },
      },
    ];
    const out: Row[] = [];
    for (const page of pages) {
      const get = async () => {
        const response = await fetch(page.url, { headers, redirect: 'manual' });
        const body = await response.text();
        if (response.status !== 200) throw new Error(`${page.url} answered ${response.status}`);
        if (!body.includes('A-')) throw new Error(`${page.url} shows no actions`);
      };
      await timed(get, 40); // warm-up
      await timed(page.bare, 40);
      const http = await timed(get);
      const bare = await timed(page.bare);
      progress(
        `actions: ${page.measure}: HTTP p50 ${fmt(http.p50, 1)} ms p95 ${fmt(http.p95, 1)} ms; bare queries p50 ${fmt(bare.p50, 1)} ms p95 ${fmt(bare.p95, 1)} ms`,
      );
      out.push({
        part: 'actions',
        measure: `${page.measure}: p95 over HTTP (${REQUESTS} requests, ${CONNECTIONS} connections, ${fmt(held.total)} actions)`,
        value: `${fmt(http.p95, 1)} ms`,
        baseline: `bare queries p95 ${fmt(bare.p95, 1)} ms`,
        ratio: ratio(http.p95, bare.p95),
        goal: `< ${ACTIONS_GOALS.actionsPageP95Ms} ms`,
        status: http.p95 < ACTIONS_GOALS.actionsPageP95Ms ? 'PASS' : 'MISSED',
      });
    }
    return out;
  } finally {
    if (server) await stopGroup(server);
    await database.close();
  }
}
