/**
 * `npm run bench [-- startup|rss|audited …] [--seconds=10 --warmup=2 --connections=20 --runs=3 …]`
 *
 * The machine is shared and noisy, so every figure is measured beside a baseline in the same run
 * and printed as a ratio to it:
 *   startup  – spawning `npm start` (embedded PGlite) to the first 200 of GET /sign-in,
 *              against a bare Fastify hello-world started with `node -e`;
 *   rss      – resident memory after ~5 s idle: the npm process tree and its largest process
 *              (the server), against the bare Fastify process;
 *   audited  – GET /registry/settings/:id (session lookup, setting queries, a hash-chained audit
 *              insert) under 20 connections on PostgreSQL, against GET /ping on the same server
 *              and against `pgbench -N` on the same PostgreSQL server;
 *   encompass – the Operation Encompass burst and crash runs (bench/encompass.ts);
 *   linkage  – FEBRL accuracy and speed, and a million synthetic children deduplicated
 *              (bench/linkage/index.ts).
 * Exit code: 0 when every figure was taken (goals missed are printed as MISSED), 1 when a
 * measurement failed or is invalid, 2 for a bad argument.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { runEncompassBench } from './encompass.ts';
import { runLinkageBench } from './linkage/index.ts';
import { sampleBackends, treeCpuMs } from './lib/cpu.ts';
import { type LoadOptions, type LoadResult, load } from './lib/load.ts';
import { type PgbenchResult, pgbench, recreateDatabase, withClient } from './lib/postgres.ts';
import {
  type ProcessGroup,
  freePort,
  installCleanupHandlers,
  run,
  spawnGroup,
  stopAll,
  stopGroup,
  waitFor200,
} from './lib/processes.ts';
import { type Row, type Status, fmt, median, printTable, ratio } from './lib/report.ts';
import { type TreeMemory, treeMemory } from './lib/rss.ts';
import { signIn } from './lib/sign-in.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const resultsDir = path.join(here, 'results');
const logFile = path.join(resultsDir, 'children.log');

const GOALS = {
  startupMs: 3_000,
  rssMb: 250,
  auditedRps: 1_000,
  auditedP99Ms: 50,
  shareOfPgbench: 0.4,
};

const ADMIN_EMAIL = 'partnership.admin@demo.safeguarding-hub.example';
const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'demo-password-not-for-real-use';

// ---------------------------------------------------------------------------------------------
// Arguments

const PARTS = ['startup', 'rss', 'audited', 'encompass', 'linkage'] as const;
type Part = (typeof PARTS)[number];

interface Options {
  parts: Set<Part>;
  runs: number;
  idleSeconds: number;
  seconds: number;
  warmupSeconds: number;
  connections: number;
  children: number;
  /** Synthetic children for the linkage scale run. */
  linkageRecords: number;
  pgUrl: string;
}

function usage(message?: string): never {
  if (message) console.error(`bench: ${message}`);
  console.error(
    'usage: npm run bench -- [startup] [rss] [audited] [encompass] [linkage] [--linkage-records=1000000] [--runs=3] [--idle=5] [--seconds=10] [--warmup=2] [--connections=20] [--children=3000] [--pg-url=postgres://app:app@127.0.0.1:5432/app]',
  );
  process.exit(2);
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    parts: new Set(),
    runs: 3,
    idleSeconds: 5,
    seconds: 10,
    warmupSeconds: 2,
    connections: 20,
    children: 3000,
    linkageRecords: 1_000_000,
    pgUrl: process.env.BENCH_PG_URL ?? 'postgres://app:app@127.0.0.1:5432/app',
  };
  const numeric = {
    runs: 'runs',
    idle: 'idleSeconds',
    seconds: 'seconds',
    warmup: 'warmupSeconds',
    connections: 'connections',
    children: 'children',
    'linkage-records': 'linkageRecords',
  } as const;
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') usage();
    if (arg === 'all') {
      for (const p of PARTS) options.parts.add(p);
      continue;
    }
    if ((PARTS as readonly string[]).includes(arg)) {
      options.parts.add(arg as Part);
      continue;
    }
    const flag = /^--([a-z-]+)=(.+)$/.exec(arg);
    if (!flag) usage(`unknown argument ${arg}`);
    const [, name, value] = flag as unknown as [string, string, string];
    if (name === 'pg-url') {
      options.pgUrl = value;
    } else if (name in numeric) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < (name === 'warmup' || name === 'children' ? 0 : 1))
        usage(`--${name} must be a whole number`);
      options[numeric[name as keyof typeof numeric]] = n;
    } else {
      usage(`unknown option --${name}`);
    }
  }
  if (options.parts.size === 0) for (const p of PARTS) options.parts.add(p);
  return options;
}

// ---------------------------------------------------------------------------------------------
// Progress

const benchStarted = performance.now();

/** Temporary directories, removed at exit even when the run is interrupted. */
const tempDirs = new Set<string>();
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}
function removeTempDir(dir: string) {
  fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}
process.on('exit', () => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});
function progress(message: string) {
  const elapsed = ((performance.now() - benchStarted) / 1000).toFixed(1).padStart(6);
  console.log(`[${elapsed} s] ${message}`);
}

/** The environment of a child: ours, minus whatever would change what is measured. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of [
    'DATABASE_URL',
    'DATABASE_POOL_SIZE',
    'LOG_LEVEL',
    'JOBS',
    'NODE_ENV',
    'VIEW_CACHE',
    'PORT',
    'DATA_DIR',
    'NODE_OPTIONS',
  ]) {
    delete env[key];
  }
  return { ...env, ...extra };
}

// ---------------------------------------------------------------------------------------------
// Parts 1 and 2: start-up and idle memory (embedded PGlite)

const HELLO = `
import Fastify from 'fastify';
const app = Fastify();
app.get('/', async () => 'hello');
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
`;

interface StartRun {
  ms: number;
  /** When the server logged that it listens, if it did (the rest is the first page's own cost). */
  listeningMs?: number;
  memory?: TreeMemory;
}

interface StartupResults {
  dataDir: string;
  seedMs: number;
  app: StartRun[];
  hello: StartRun[];
}

async function startOnce(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  urlPath: string,
  idleSeconds: number | null,
): Promise<StartRun> {
  const port = await freePort();
  let group: ProcessGroup | undefined;
  try {
    group = spawnGroup(name, command, args, { cwd: root, env: { ...env, PORT: String(port) }, logFile });
    const answeredAt = await waitFor200(`http://127.0.0.1:${port}${urlPath}`, group, {
      intervalMs: 20,
      timeoutMs: 60_000,
    });
    const result: StartRun = { ms: answeredAt - group.spawnedAt };
    const listening = group.firstLine(/Server listening at|is running at/);
    if (listening !== undefined) result.listeningMs = listening - group.spawnedAt;
    if (idleSeconds !== null) {
      await sleep(idleSeconds * 1000);
      result.memory = treeMemory(group.pid);
    }
    return result;
  } finally {
    if (group) await stopGroup(group);
  }
}

async function measureStartup(options: Options, withMemory: boolean): Promise<StartupResults> {
  const dataDir = tempDir('sgh-bench-');
  try {
    progress(`start-up: seeding an embedded database with ${options.children} children in ${dataDir}`);
    const seed = await run(
      'seed',
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'seed', '--children', String(options.children)],
      { cwd: root, env: childEnv({ DATA_DIR: dataDir }), logFile, timeoutMs: 600_000 },
    );
    progress(`start-up: seeded in ${fmt(seed.ms / 1000, 1)} s`);
    const results: StartupResults = { dataDir, seedMs: seed.ms, app: [], hello: [] };
    const idle = withMemory ? options.idleSeconds : null;
    for (let i = 1; i <= options.runs; i++) {
      // Interleaved, so a burst of noise from the neighbours hits both alike.
      const hello = await startOnce(
        'fastify hello',
        process.execPath,
        ['--input-type=module', '-e', HELLO],
        childEnv({}),
        '/',
        idle,
      );
      results.hello.push(hello);
      const app = await startOnce(
        'npm start',
        'npm',
        ['start'],
        childEnv({ DATA_DIR: dataDir }),
        '/sign-in',
        idle,
      );
      results.app.push(app);
      const memory =
        app.memory && hello.memory
          ? `; idle RSS: tree ${fmt(app.memory.totalMb)} MB, server ${fmt(app.memory.largest.rssMb)} MB, hello ${fmt(hello.memory.totalMb)} MB`
          : '';
      const listening =
        app.listeningMs === undefined ? '' : ` (logged “listening” at ${fmt(app.listeningMs)} ms)`;
      progress(
        `start-up run ${i}/${options.runs}: npm start ${fmt(app.ms)} ms${listening}, hello ${fmt(hello.ms)} ms${memory}`,
      );
    }
    return results;
  } finally {
    removeTempDir(dataDir);
  }
}

function startupRows(r: StartupResults): Row[] {
  const app = median(r.app.map((x) => x.ms));
  const hello = median(r.hello.map((x) => x.ms));
  return [
    {
      part: 'Start-up',
      measure: `npm start → first 200 of GET /sign-in (median of ${r.app.length})`,
      value: `${fmt(app)} ms`,
      baseline: `Fastify hello ${fmt(hello)} ms`,
      ratio: ratio(app, hello),
      goal: `< ${fmt(GOALS.startupMs)} ms`,
      status: app < GOALS.startupMs ? 'PASS' : 'MISSED',
    },
    {
      part: 'Start-up',
      measure: 'each run',
      value: r.app.map((x) => fmt(x.ms)).join(' / '),
      baseline: r.hello.map((x) => fmt(x.ms)).join(' / '),
      ratio: '',
      goal: '',
      status: '',
    },
  ];
}

function memoryRows(r: StartupResults): Row[] {
  const tree = median(r.app.map((x) => x.memory!.totalMb));
  const server = median(r.app.map((x) => x.memory!.largest.rssMb));
  const hello = median(r.hello.map((x) => x.memory!.totalMb));
  const last = r.app.at(-1)!.memory!;
  const processes = last.processes
    .map((p) => `${(p.command.split(' ')[0] ?? '').split('/').pop()} ${fmt(p.rssMb)}`)
    .join(', ');
  return [
    {
      part: 'Idle RSS',
      measure: 'server process (largest in the tree)',
      value: `${fmt(server)} MB`,
      baseline: `Fastify hello ${fmt(hello)} MB`,
      ratio: ratio(server, hello),
      goal: `< ${GOALS.rssMb} MB`,
      status: server < GOALS.rssMb ? 'PASS' : 'MISSED',
    },
    {
      part: 'Idle RSS',
      measure: `whole npm start tree (${last.processes.length} processes)`,
      value: `${fmt(tree)} MB`,
      baseline: `Fastify hello ${fmt(hello)} MB`,
      ratio: ratio(tree, hello),
      goal: `< ${GOALS.rssMb} MB`,
      status: tree < GOALS.rssMb ? 'PASS' : 'MISSED',
    },
    {
      part: 'Idle RSS',
      measure: 'tree, last run (MB)',
      value: '',
      baseline: processes,
      ratio: '',
      goal: '',
      status: '',
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Part 3: the audited page under load on PostgreSQL

/** A load run with the CPU time it cost, per response: the server's process tree, its database backends, and this process (the load generator). */
interface MeasuredLoad extends LoadResult {
  cpuMsPerRequest: { server: number; database: number; loadGenerator: number };
}

async function measuredLoad(
  url: string,
  options: LoadOptions,
  serverPid: number,
  database: string,
): Promise<MeasuredLoad> {
  const backends = sampleBackends(database, 0);
  const server0 = treeCpuMs(serverPid);
  const self0 = process.cpuUsage();
  const result = await load(url, options);
  const self = process.cpuUsage(self0);
  const server = treeCpuMs(serverPid) - server0;
  const db = backends.stop();
  const n = Math.max(1, result.responses);
  return {
    ...result,
    cpuMsPerRequest: {
      server: server / n,
      database: db / n,
      loadGenerator: (self.user + self.system) / 1000 / n,
    },
  };
}

interface AuditedResults {
  settingId: number;
  pageBytes: number;
  ping: MeasuredLoad;
  audited: MeasuredLoad;
  auditRows: {
    before: number;
    after: number;
    written: number;
    forThisPage: number;
    /** One chain, or lanes; and how many lanes the run wrote to. */
    chains: string;
    lanesWritten: number;
    seqContiguous: boolean;
  };
  pgbench: PgbenchResult;
}

function clean(r: LoadResult): boolean {
  return (
    r.non2xx === 0 &&
    r.errors === 0 &&
    r.timeouts === 0 &&
    Object.keys(r.statusCodes).every((code) => code === '200')
  );
}

function describeLoad(r: LoadResult): string {
  const codes = Object.entries(r.statusCodes)
    .map(([code, n]) => `${code}×${n}`)
    .join(' ');
  return `${fmt(r.requestsPerSecond)} req/s over ${fmt(r.seconds, 1)} s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms [${codes}${r.errors ? `, ${r.errors} errors` : ''}${r.timeouts ? `, ${r.timeouts} timeouts` : ''}]`;
}

/**
 * The audit log's size, the entries for the benchmarked page, and the last seq of each chain. The
 * log is one chain, or several "lanes" (a lane column) each numbered 1, 2, 3…: either way, entries
 * appended without gaps raise the chains' last seqs by exactly the number of entries.
 */
async function auditCount(url: string, settingId: number) {
  return withClient(url, async (client) => {
    const lanes = await client.query(
      `SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'audit_log' AND column_name = 'lane'`,
    );
    const chain = lanes.rowCount ? 'lane' : '0';
    const { rows } = await client.query<{ n: string; page: string; heads: Record<string, number> | null }>(
      `SELECT count(*) AS n,
              count(*) FILTER (WHERE action = 'view' AND record_type = 'setting' AND record_id = $1 AND outcome = 'success') AS page,
              (SELECT json_object_agg(chain, last) FROM (SELECT ${chain} AS chain, max(seq) AS last FROM audit_log GROUP BY 1) AS c) AS heads
         FROM audit_log`,
      [String(settingId)],
    );
    const row = rows[0]!;
    const heads = new Map(Object.entries(row.heads ?? {}).map(([chainId, last]) => [chainId, Number(last)]));
    return {
      n: Number(row.n),
      page: Number(row.page),
      heads,
      chains: lanes.rowCount ? 'lanes' : 'one chain',
    };
  });
}

/** How far the chains' last seqs moved between two counts. */
function seqAdvance(before: Map<string, number>, after: Map<string, number>): number {
  let advance = 0;
  for (const [chainId, last] of after) advance += last - (before.get(chainId) ?? 0);
  return advance;
}

async function measureAudited(options: Options): Promise<AuditedResults> {
  const benchDb = await recreateDatabase(options.pgUrl, 'sgh_bench');
  progress(
    `audited: created database sgh_bench; starting the server (seeding ${options.children} children)…`,
  );
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = tempDir('sgh-bench-unused-');
  let server: ProcessGroup | undefined;
  let results: Omit<AuditedResults, 'pgbench'>;
  try {
    server = spawnGroup(
      'npm start (PostgreSQL)',
      'npm',
      ['start', '--', '--children', String(options.children)],
      {
        cwd: root,
        env: childEnv({
          PORT: String(port),
          DATA_DIR: dataDir,
          DATABASE_URL: benchDb,
          DATABASE_POOL_SIZE: String(options.connections),
          LOG_LEVEL: 'warn',
          JOBS: 'off',
        }),
        logFile,
      },
    );
    await waitFor200(`${base}/ping`, server, { intervalMs: 100, timeoutMs: 600_000 });
    progress(`audited: server up after ${fmt((performance.now() - server.spawnedAt) / 1000, 1)} s`);

    const settingId = await withClient(benchDb, async (client) => {
      const { rows } = await client.query<{ id: number }>('SELECT id FROM setting ORDER BY id LIMIT 1');
      if (!rows[0]) throw new Error('The seeded database has no settings');
      return rows[0].id;
    });
    const cookie = await signIn(base, ADMIN_EMAIL, DEMO_PASSWORD);
    const pageUrl = `${base}/registry/settings/${settingId}`;
    const headers = { cookie, accept: 'text/html' };
    const check = await fetch(pageUrl, { headers, redirect: 'manual' });
    const page = await check.text();
    if (check.status !== 200)
      throw new Error(`GET /registry/settings/${settingId} answered ${check.status} after sign-in`);
    progress(
      `audited: signed in as ${ADMIN_EMAIL}; /registry/settings/${settingId} answers 200 (${fmt(page.length)} bytes)`,
    );

    let calibration: LoadResult | undefined;
    if (options.warmupSeconds > 0) {
      progress(`audited: warming up (${options.warmupSeconds} s on each route)…`);
      calibration = await load(pageUrl, {
        connections: options.connections,
        seconds: options.warmupSeconds,
        headers,
      });
      await load(`${base}/ping`, { connections: options.connections, seconds: options.warmupSeconds });
      if (!clean(calibration))
        throw new Error(`The audited page failed during the warm-up: ${describeLoad(calibration)}`);
    }

    progress(`audited: GET /ping, ${options.connections} connections, ${options.seconds} s…`);
    const ping = await measuredLoad(
      `${base}/ping`,
      { connections: options.connections, seconds: options.seconds },
      server.pid,
      'sgh_bench',
    );
    progress(`audited: /ping ${describeLoad(ping)}`);

    // A fixed number of requests sized from the warm-up rate, rather than a duration: a timed run
    // abandons the requests in flight when it stops, which the server still answers and audits,
    // so the audit rows could not be matched one for one with the responses.
    const rate = Math.max(calibration?.requestsPerSecond ?? 200, calibration?.bestSecond ?? 0);
    // The warm-up still includes cold code, so it underestimates the rate a little.
    const amount = Math.max(options.connections * 20, Math.round(rate * options.seconds * 1.2));
    const before = await auditCount(benchDb, settingId);
    progress(
      `audited: GET /registry/settings/${settingId}, ${options.connections} connections, ${fmt(amount)} requests (~${options.seconds} s at the warm-up rate)…`,
    );
    const audited = await measuredLoad(
      pageUrl,
      { connections: options.connections, amount, headers },
      server.pid,
      'sgh_bench',
    );
    progress(`audited: /registry/settings/${settingId} ${describeLoad(audited)}`);
    await sleep(500);
    const after = await auditCount(benchDb, settingId);
    const written = after.n - before.n;
    const lanesWritten = [...after.heads].filter(
      ([chainId, last]) => last !== before.heads.get(chainId),
    ).length;
    const seqContiguous = seqAdvance(before.heads, after.heads) === written;
    results = {
      settingId,
      pageBytes: page.length,
      ping,
      audited,
      auditRows: {
        before: before.n,
        after: after.n,
        written,
        forThisPage: after.page - before.page,
        chains: after.chains,
        lanesWritten,
        seqContiguous,
      },
    };
    const chains = after.chains === 'lanes' ? ` across ${lanesWritten} lanes` : '';
    progress(
      `audited: ${fmt(written)} audit rows written during the run${chains} (${fmt(after.page - before.page)} for this page; seqs ${seqContiguous ? 'gap-free' : 'NOT gap-free'}), ${fmt(audited.ok2xx)} 2xx responses`,
    );
  } finally {
    if (server) await stopGroup(server);
    removeTempDir(dataDir);
  }

  // With the server stopped, so that nothing else competes with pgbench for the two cores.
  progress(
    `pgbench: initialising sgh_pgbench (-s 1), then -N -c ${options.connections} -j 2 -T ${options.seconds}…`,
  );
  const pgbenchDb = await recreateDatabase(options.pgUrl, 'sgh_pgbench');
  const pg = await pgbench(pgbenchDb, {
    scale: 1,
    clients: options.connections,
    threads: 2,
    seconds: options.seconds,
    logFile,
  });
  progress(
    `pgbench: ${fmt(pg.tps)} tps (${fmt(pg.transactions)} transactions, ${pg.failed} failed, latency average ${pg.latencyAverageMs} ms; PostgreSQL CPU ${fmt(pg.backendCpuMsPerTransaction, 2)} ms per transaction)`,
  );
  return { ...results, pgbench: pg };
}

function auditedRows(r: AuditedResults): Row[] {
  const a = r.audited;
  const valid = clean(a);
  const pingValid = clean(r.ping);
  const judge = (pass: boolean): Status => (!valid ? 'INVALID' : pass ? 'PASS' : 'MISSED');
  const share = a.requestsPerSecond / r.pgbench.tps;
  const rowsMatch =
    r.auditRows.written === a.ok2xx && r.auditRows.forThisPage === a.ok2xx && r.auditRows.seqContiguous;
  return [
    {
      part: 'Audited page',
      measure: `GET /registry/settings/${r.settingId}, ${a.connections} connections`,
      value: `${fmt(a.requestsPerSecond)} req/s`,
      baseline: `GET /ping ${fmt(r.ping.requestsPerSecond)} req/s${pingValid ? '' : ' (INVALID)'}`,
      ratio: ratio(a.requestsPerSecond, r.ping.requestsPerSecond),
      goal: `≥ ${fmt(GOALS.auditedRps)} req/s`,
      status: judge(a.requestsPerSecond >= GOALS.auditedRps),
    },
    {
      part: 'Audited page',
      measure: 'p99 latency',
      value: `${fmt(a.latencyMs.p99)} ms`,
      baseline: `GET /ping p99 ${fmt(r.ping.latencyMs.p99)} ms`,
      ratio: ratio(a.latencyMs.p99, r.ping.latencyMs.p99),
      goal: `< ${GOALS.auditedP99Ms} ms`,
      status: judge(a.latencyMs.p99 < GOALS.auditedP99Ms),
    },
    {
      part: 'Audited page',
      measure: 'share of pgbench -N (audited req/s ÷ tps)',
      value: `${fmt(a.requestsPerSecond)} req/s`,
      baseline: `pgbench -N ${fmt(r.pgbench.tps)} tps`,
      ratio: ratio(a.requestsPerSecond, r.pgbench.tps),
      goal: `≥ ${fmt(GOALS.shareOfPgbench, 2)}× (${fmt(GOALS.shareOfPgbench * 100)} %)`,
      status: judge(share >= GOALS.shareOfPgbench),
    },
    {
      part: 'Audited page',
      measure: 'responses not 200 / socket errors / timeouts',
      value: `${fmt(a.non2xx)} / ${fmt(a.errors)} / ${fmt(a.timeouts)}`,
      baseline: `of ${fmt(a.responses)} responses in ${fmt(a.seconds, 1)} s`,
      ratio: '',
      goal: '0 / 0 / 0',
      status: valid ? 'OK' : 'INVALID',
    },
    {
      part: 'Audited page',
      measure: 'audit rows written during the run',
      value: fmt(r.auditRows.written),
      baseline: `2xx responses ${fmt(a.ok2xx)}`,
      ratio: ratio(r.auditRows.written, a.ok2xx),
      goal:
        r.auditRows.chains === 'lanes'
          ? `equal, each lane gap-free (${r.auditRows.lanesWritten} lanes)`
          : 'equal, seq gap-free',
      status: rowsMatch ? 'OK' : 'MISMATCH',
    },
    {
      part: 'Audited page',
      measure: 'server CPU per request (npm start tree)',
      value: `${fmt(a.cpuMsPerRequest.server, 2)} ms`,
      baseline: `GET /ping ${fmt(r.ping.cpuMsPerRequest.server, 2)} ms`,
      ratio: ratio(a.cpuMsPerRequest.server, r.ping.cpuMsPerRequest.server),
      goal: `≤ ${fmt(1000 / GOALS.auditedRps, 2)} ms for ${fmt(GOALS.auditedRps)} req/s on 1 core`,
      status: '',
    },
    {
      part: 'Audited page',
      measure: 'PostgreSQL CPU per request (sgh_bench backends)',
      value: `${fmt(a.cpuMsPerRequest.database, 2)} ms`,
      baseline: `pgbench -N ${fmt(r.pgbench.backendCpuMsPerTransaction, 2)} ms per tx`,
      ratio: ratio(a.cpuMsPerRequest.database, r.pgbench.backendCpuMsPerTransaction),
      goal: '',
      status: '',
    },
    {
      part: 'Audited page',
      measure: 'latency p50 / p90 / max',
      value: `${a.latencyMs.p50} / ${a.latencyMs.p90} / ${a.latencyMs.max} ms`,
      baseline: `/ping ${r.ping.latencyMs.p50} / ${r.ping.latencyMs.p90} / ${r.ping.latencyMs.max} ms`,
      ratio: '',
      goal: '',
      status: '',
    },
  ];
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  installCleanupHandlers();
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(logFile, `bench started ${new Date().toISOString()}\n`);
  progress(
    `bench: parts ${[...options.parts].join(', ')} on ${os.cpus().length} cores (load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}); child output in ${path.relative(root, logFile)}`,
  );

  const rows: Row[] = [];
  const failures: { part: string; message: string }[] = [];
  const json: Record<string, unknown> = {
    startedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      loadAverageAtStart: os.loadavg(),
      node: process.version,
      totalMemMb: Math.round(os.totalmem() / 2 ** 20),
    },
    options: { ...options, parts: [...options.parts], pgUrl: options.pgUrl.replace(/:[^:@/]*@/, ':***@') },
    goals: GOALS,
  };

  if (options.parts.has('startup') || options.parts.has('rss')) {
    try {
      const startup = await measureStartup(options, options.parts.has('rss'));
      json.startup = {
        seedMs: startup.seedMs,
        appMs: startup.app.map((x) => x.ms),
        appListeningMs: startup.app.map((x) => x.listeningMs ?? null),
        helloMs: startup.hello.map((x) => x.ms),
        medianAppMs: median(startup.app.map((x) => x.ms)),
        medianHelloMs: median(startup.hello.map((x) => x.ms)),
      };
      if (options.parts.has('startup')) rows.push(...startupRows(startup));
      if (options.parts.has('rss')) {
        json.memory = { app: startup.app.map((x) => x.memory), hello: startup.hello.map((x) => x.memory) };
        rows.push(...memoryRows(startup));
      }
    } catch (error) {
      failures.push({ part: 'startup/rss', message: (error as Error).stack ?? String(error) });
      progress(`start-up: FAILED: ${(error as Error).message}`);
    }
  }

  if (options.parts.has('audited')) {
    try {
      const audited = await measureAudited(options);
      json.audited = audited;
      rows.push(...auditedRows(audited));
    } catch (error) {
      failures.push({ part: 'audited', message: (error as Error).stack ?? String(error) });
      progress(`audited: FAILED: ${(error as Error).message}`);
    }
  }

  if (options.parts.has('encompass')) {
    try {
      const encompassRows = await runEncompassBench({
        pgUrl: options.pgUrl,
        connections: options.connections,
        logFile,
        env: childEnv,
        progress,
      });
      json.encompass = encompassRows;
      rows.push(...encompassRows);
    } catch (error) {
      failures.push({ part: 'encompass', message: (error as Error).stack ?? String(error) });
      progress(`encompass: FAILED: ${(error as Error).message}`);
    }
  }

  if (options.parts.has('linkage')) {
    try {
      const linkageRows = await runLinkageBench({
        records: options.linkageRecords,
        logFile,
        env: childEnv,
        progress,
      });
      json.linkage = linkageRows;
      rows.push(...linkageRows);
    } catch (error) {
      failures.push({ part: 'linkage', message: (error as Error).stack ?? String(error) });
      progress(`linkage: FAILED: ${(error as Error).message}`);
    }
  }

  await stopAll();
  for (const failure of failures) {
    rows.push({
      part: failure.part,
      measure: 'could not be measured',
      value: '',
      baseline: (failure.message.split('\n')[0] ?? '').slice(0, 100),
      ratio: '',
      goal: '',
      status: 'FAILED',
    });
  }
  json.finishedAt = new Date().toISOString();
  json.loadAverageAtEnd = os.loadavg();
  json.rows = rows;
  json.failures = failures;
  const out = path.join(resultsDir, 'latest.json');
  fs.writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);

  console.log('');
  printTable(rows);
  console.log(
    `\nRatios are to a baseline measured in this run (load average now ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}). Written ${path.relative(root, out)}.`,
  );
  const bad = rows.filter((r) => r.status === 'FAILED' || r.status === 'INVALID' || r.status === 'MISMATCH');
  const missed = rows.filter((r) => r.status === 'MISSED');
  if (missed.length) console.log(`MISSED: ${missed.map((r) => `${r.part} – ${r.measure}`).join('; ')}`);
  if (bad.length) {
    console.log(
      `Not measured or not valid: ${bad.map((r) => `${r.part} – ${r.measure} (${r.status})`).join('; ')}`,
    );
    return 1;
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  async (error) => {
    console.error(error);
    await stopAll();
    process.exitCode = 1;
  },
);
