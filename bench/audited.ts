/**
 * audited – GET /registry/settings/:id (session look-up, the setting's query, a hash-chained audit
 * insert) under 20 connections on PostgreSQL, against GET /ping on the same server and against
 * `pgbench -N` on the same PostgreSQL server. Every page view writes exactly one audit row, and
 * every lane of the audit log stays gap-free: the run checks both.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Options, childEnv, logFile, progress, removeTempDir, root, tempDir } from './lib/context.ts';
import { sampleBackends, treeCpuMs } from './lib/cpu.ts';
import { type LoadOptions, type LoadResult, load } from './lib/load.ts';
import { type PgbenchResult, pgbench, recreateDatabase, withClient } from './lib/postgres.ts';
import { type ProcessGroup, freePort, spawnGroup, stopGroup, waitFor200 } from './lib/processes.ts';
import { type Row, type Status, fmt, ratio } from './lib/report.ts';
import { signIn } from './lib/sign-in.ts';

export const AUDITED_GOALS = {
  auditedRps: 1_000,
  auditedP99Ms: 50,
  shareOfPgbench: 0.4,
  /** The audited page's rate as a share of GET /ping's on the same server, in the same run. */
  shareOfPing: 0.1,
  /** Half the server CPU per page measured before the work on it (2.43 ms). */
  serverCpuMs: 1.2,
  /** PostgreSQL CPU per page, as a multiple of a pgbench -N transaction's. */
  databaseCpuVsPgbench: 2,
};

const ADMIN_EMAIL = 'partnership.admin@demo.safeguarding-hub.example';
const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'demo-password-not-for-real-use';

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

export interface AuditedResults {
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
  /**
   * Drawing the page (its template rendered and encoded), timed by the server itself over the run:
   * the part of the page's server CPU no database work or HTTP handling can remove.
   */
  render: { pages: number; msPerPage: number } | null;
  pgbench: PgbenchResult;
  /**
   * pgbench -N held to the audited page's rate. A backend's CPU per transaction depends on the
   * rate: at full speed it seldom sleeps between statements (and commits flush together), while
   * at the page's rate it wakes for each one. This is the like-for-like baseline; the goal stays
   * against the full-speed run.
   */
  pgbenchAtPageRate: PgbenchResult;
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

const SETTING_TEMPLATE = 'registry/views/setting.njk';

/** The server's own count and total time of drawing the setting page (its page_render_seconds metric). */
async function settingPageRenders(base: string, token: string): Promise<{ count: number; seconds: number }> {
  const response = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  const text = await response.text();
  const value = (series: string) => {
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`page_render_seconds_${series}{template="${SETTING_TEMPLATE}"} `));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  };
  return { count: value('count'), seconds: value('sum') };
}

/** How far the chains' last seqs moved between two counts. */
function seqAdvance(before: Map<string, number>, after: Map<string, number>): number {
  let advance = 0;
  for (const [chainId, last] of after) advance += last - (before.get(chainId) ?? 0);
  return advance;
}

export async function measureAudited(options: Options): Promise<AuditedResults> {
  const benchDb = await recreateDatabase(options.pgUrl, 'sgh_bench');
  progress(
    `audited: created database sgh_bench; starting the server (seeding ${options.children} children)…`,
  );
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = tempDir('sgh-bench-unused-');
  const metricsToken = randomBytes(24).toString('hex');
  let server: ProcessGroup | undefined;
  let results: Omit<AuditedResults, 'pgbench' | 'pgbenchAtPageRate'>;
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
          METRICS_TOKEN: metricsToken,
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
    const rendersBefore = await settingPageRenders(base, metricsToken);
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
    const rendersAfter = await settingPageRenders(base, metricsToken);
    const rendered = rendersAfter.count - rendersBefore.count;
    const render =
      rendered > 0
        ? { pages: rendered, msPerPage: ((rendersAfter.seconds - rendersBefore.seconds) * 1000) / rendered }
        : null;
    if (render)
      progress(
        `audited: the server drew the page ${fmt(render.pages)} times, ${fmt(render.msPerPage, 3)} ms each (render and encode)`,
      );
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
      render,
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
  const pageRate = results.audited.requestsPerSecond;
  progress(`pgbench: -N again, held to the audited page's rate (-R ${fmt(pageRate)})…`);
  const atPageRate = await pgbench(pgbenchDb, {
    scale: 1,
    clients: options.connections,
    threads: 2,
    seconds: options.seconds,
    logFile,
    rate: pageRate,
    initialised: true,
  });
  progress(
    `pgbench: ${fmt(atPageRate.tps)} tps held; PostgreSQL CPU ${fmt(atPageRate.backendCpuMsPerTransaction, 2)} ms per transaction`,
  );
  return { ...results, pgbench: pg, pgbenchAtPageRate: atPageRate };
}

export function auditedRows(r: AuditedResults): Row[] {
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
      goal: `≥ ${fmt(AUDITED_GOALS.auditedRps)} req/s, ≥ ${fmt(AUDITED_GOALS.shareOfPing, 2)}× /ping`,
      status: judge(
        a.requestsPerSecond >= AUDITED_GOALS.auditedRps &&
          a.requestsPerSecond >= AUDITED_GOALS.shareOfPing * r.ping.requestsPerSecond,
      ),
    },
    {
      part: 'Audited page',
      measure: 'p99 latency',
      value: `${fmt(a.latencyMs.p99)} ms`,
      baseline: `GET /ping p99 ${fmt(r.ping.latencyMs.p99)} ms`,
      ratio: ratio(a.latencyMs.p99, r.ping.latencyMs.p99),
      goal: `< ${AUDITED_GOALS.auditedP99Ms} ms`,
      status: judge(a.latencyMs.p99 < AUDITED_GOALS.auditedP99Ms),
    },
    {
      part: 'Audited page',
      measure: 'share of pgbench -N (audited req/s ÷ tps)',
      value: `${fmt(a.requestsPerSecond)} req/s`,
      baseline: `pgbench -N ${fmt(r.pgbench.tps)} tps`,
      ratio: ratio(a.requestsPerSecond, r.pgbench.tps),
      goal: `≥ ${fmt(AUDITED_GOALS.shareOfPgbench, 2)}× (${fmt(AUDITED_GOALS.shareOfPgbench * 100)} %)`,
      status: judge(share >= AUDITED_GOALS.shareOfPgbench),
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
      goal: `≤ ${fmt(AUDITED_GOALS.serverCpuMs, 2)} ms (half the 2.43 ms before)`,
      status: judge(a.cpuMsPerRequest.server <= AUDITED_GOALS.serverCpuMs),
    },
    {
      part: 'Audited page',
      measure: 'PostgreSQL CPU per request (sgh_bench backends)',
      value: `${fmt(a.cpuMsPerRequest.database, 2)} ms`,
      baseline: `pgbench -N ${fmt(r.pgbench.backendCpuMsPerTransaction, 2)} ms per tx`,
      ratio: ratio(a.cpuMsPerRequest.database, r.pgbench.backendCpuMsPerTransaction),
      goal: `≤ ${fmt(AUDITED_GOALS.databaseCpuVsPgbench, 2)}× pgbench -N`,
      status: judge(
        a.cpuMsPerRequest.database <=
          AUDITED_GOALS.databaseCpuVsPgbench * r.pgbench.backendCpuMsPerTransaction,
      ),
    },
    {
      part: 'Audited page',
      measure: 'PostgreSQL CPU per request, at the same rate',
      value: `${fmt(a.cpuMsPerRequest.database, 2)} ms`,
      baseline: `pgbench -N -R ${fmt(r.pgbenchAtPageRate.tps)} ${fmt(r.pgbenchAtPageRate.backendCpuMsPerTransaction, 2)} ms per tx`,
      ratio: ratio(a.cpuMsPerRequest.database, r.pgbenchAtPageRate.backendCpuMsPerTransaction),
      goal: '(for comparison: no goal)',
      status: '',
    },
    {
      part: 'Audited page',
      measure: 'of which drawing the page (render, encode)',
      value: r.render ? `${fmt(r.render.msPerPage, 2)} ms` : 'not measured',
      baseline: `server CPU per request ${fmt(a.cpuMsPerRequest.server, 2)} ms`,
      ratio: r.render ? ratio(r.render.msPerPage, a.cpuMsPerRequest.server) : '',
      goal: '(for information: time on the event loop)',
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
