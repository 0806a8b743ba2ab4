/**
 * Operation Encompass under load, on PostgreSQL, through the police API:
 *   burst – 1,000 incidents (about 1,800 children) from 20 concurrent clients: incidents/s, p95 and
 *           the server's RSS, beside GET /ping on the same server measured in the same run;
 *   crash – kill -9 the server in the middle of a burst and restart it, three times: every
 *           incident that got a 201 has all its notices and exactly one email job per sent
 *           notice, and no incident anywhere is half-saved or has a doubled job.
 */
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/platform/db/client.ts';
import { createApiClient } from '../src/modules/encompass/index.ts';
import { load } from './lib/load.ts';
import { recreateDatabase } from './lib/postgres.ts';
import { type ProcessGroup, freePort, run, spawnGroup, stopGroup, waitFor200 } from './lib/processes.ts';
import type { Row } from './lib/report.ts';
import { fmt, ratio } from './lib/report.ts';
import { treeMemory } from './lib/rss.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GOALS = { incidentsPerSecond: 200, p95Ms: 100, rssMb: 250 };

interface Body {
  policeReference: string;
  children: unknown[];
  [key: string]: unknown;
}

interface Sent {
  reference: string;
  status: number | 'error';
  ms: number;
  incidentId?: string;
}

function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Incidents of 1–3 children each (1.8 on average), children taken from the demo child index. */
export async function incidentBodies(databaseUrl: string, count: number, prefix: string): Promise<Body[]> {
  const database = await openDatabase({ databaseUrl, poolSize: 2 });
  try {
    const children = await database.db
      .selectFrom('child as c')
      .innerJoin('district as d', 'd.id', 'c.districtId')
      .select([
        'c.givenName',
        'c.familyName',
        'c.dateOfBirth',
        'c.address',
        'c.nhsNumber',
        'd.code as districtCode',
      ])
      .where('c.dateOfBirth', '>', '2009-01-01')
      .orderBy('c.id')
      .limit(Math.ceil(count * 1.8))
      .execute();
    if (!children.length) throw new Error('The demo child index has no children of school age');
    const bodies: Body[] = [];
    let next = 0;
    for (let i = 0; i < count; i++) {
      const size = [1, 2, 2, 3, 1][i % 5]!; // 9 children per 5 incidents: 1.8 on average
      // A child may be in many incidents: past the end of the index, the children come round again.
      const group = Array.from({ length: size }, (_, k) => children[(next + k) % children.length]!);
      next += size;
      bodies.push({
        policeReference: `${prefix}-${String(i).padStart(5, '0')}`,
        occurredAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
        place: 'The family home',
        districtCode: group[0]!.districtCode,
        circumstances: 'Officers attended a report of a verbal argument between two adults.',
        riskLevel: 'standard',
        officerName: 'PC Bench Officer',
        children: group.map((c) => ({
          givenName: c.givenName,
          familyName: c.familyName,
          dateOfBirth: c.dateOfBirth,
          address: c.address ?? 'Not known',
          ...(c.nhsNumber ? { nhsNumber: c.nhsNumber } : {}),
          presence: 'elsewhere_in_home',
          spokenTo: false,
        })),
      });
    }
    return bodies;
  } finally {
    await database.close();
  }
}

/** One POST over a kept-alive connection: the status, and the incident id of a 201. */
function postIncident(
  agent: http.Agent,
  url: URL,
  token: string,
  body: string,
): Promise<{ status: number; incidentId?: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          let incidentId: string | undefined;
          try {
            incidentId = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { incidentId?: string })
              .incidentId;
          } catch {
            incidentId = undefined;
          }
          resolve({ status: response.statusCode ?? 0, ...(incidentId ? { incidentId } : {}) });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * Sends bodies from `clients` concurrent loops, each on its own kept-alive connection (as a
 * police system's would be). Plain http, not fetch: the clients share the server's two cores,
 * and fetch spent 1.3 ms of CPU on each request that the server then did not have.
 */
export async function burst(
  baseUrl: string,
  token: string,
  bodies: Body[],
  clients: number,
  onSent?: (sent: Sent[]) => void,
): Promise<Sent[]> {
  const sent: Sent[] = [];
  const url = new URL('/api/v1/encompass/incidents', baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  let next = 0;
  const worker = async () => {
    for (;;) {
      const body = bodies[next++];
      if (!body) return;
      const started = performance.now();
      try {
        const answer = await postIncident(agent, url, token, JSON.stringify(body));
        sent.push({ reference: body.policeReference, ms: performance.now() - started, ...answer });
      } catch {
        sent.push({ reference: body.policeReference, status: 'error', ms: performance.now() - started });
      }
      onSent?.(sent);
    }
  };
  try {
    await Promise.all(Array.from({ length: clients }, worker));
  } finally {
    agent.destroy();
  }
  return sent;
}

interface Integrity {
  accepted: number;
  acceptedComplete: number;
  halfSaved: number;
  sentNotices: number;
  missingEmailJobs: number;
  doubledEmailJobs: number;
}

/** Checks every accepted incident, and the whole database, for lost or doubled work. */
async function integrity(databaseUrl: string, accepted: string[]): Promise<Integrity> {
  const database = await openDatabase({ databaseUrl, poolSize: 2 });
  try {
    const { sql } = await import('kysely');
    const complete = await sql<{ id: string }>`
      SELECT i.id FROM encompass_incident i
      WHERE i.police_reference = ANY(${accepted}::text[])
        AND (SELECT count(*) FROM encompass_child c WHERE c.incident_id = i.id)
          = (SELECT count(*) FROM encompass_notice n WHERE n.incident_id = i.id)
        AND (SELECT count(*) FROM encompass_child c WHERE c.incident_id = i.id) > 0`.execute(database.db);
    const halfSaved = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM encompass_incident i
      WHERE (SELECT count(*) FROM encompass_child c WHERE c.incident_id = i.id)
         <> (SELECT count(*) FROM encompass_notice n WHERE n.incident_id = i.id)
         OR NOT EXISTS (SELECT 1 FROM encompass_child c WHERE c.incident_id = i.id)`.execute(database.db);
    const jobs = await sql<{ sent: number; missing: number; doubled: number }>`
      WITH email AS (
        SELECT data->>'idempotencyKey' AS key FROM pgboss.job WHERE name = 'email'
        UNION ALL SELECT data->>'idempotencyKey' FROM pgboss.archive WHERE name = 'email'
      ), per_notice AS (
        SELECT n.id, (SELECT count(*) FROM email e WHERE e.key = 'encompass-notice-' || n.id) AS jobs
        FROM encompass_notice n JOIN encompass_incident i ON i.id = n.incident_id
        -- The bench's own incidents: the demo's were seeded without emails, by design.
        WHERE (n.status = 'sent' OR n.status = 'acknowledged') AND (i.police_reference LIKE 'BURST-%' OR i.police_reference LIKE 'CRASH%')
      )
      SELECT count(*)::int AS sent,
             count(*) FILTER (WHERE jobs = 0)::int AS missing,
             count(*) FILTER (WHERE jobs > 1)::int AS doubled
      FROM per_notice`.execute(database.db);
    return {
      accepted: accepted.length,
      acceptedComplete: complete.rows.length,
      halfSaved: halfSaved.rows[0]!.n,
      sentNotices: jobs.rows[0]!.sent,
      missingEmailJobs: jobs.rows[0]!.missing,
      doubledEmailJobs: jobs.rows[0]!.doubled,
    };
  } finally {
    await database.close();
  }
}

export interface EncompassBenchOptions {
  pgUrl: string;
  connections: number;
  logFile: string;
  env: (extra: Record<string, string>) => NodeJS.ProcessEnv;
  progress: (message: string) => void;
  incidents?: number;
  crashRounds?: number;
}

export async function runEncompassBench(options: EncompassBenchOptions): Promise<Row[]> {
  const { progress } = options;
  const databaseUrl = await recreateDatabase(options.pgUrl, 'sgh_bench_encompass');
  progress('encompass: seeding the demo partnership (3,000 children) on PostgreSQL…');
  await run('seed', process.execPath, ['--import', 'tsx', 'src/cli.ts', 'seed', '--children', '3000'], {
    cwd: root,
    env: options.env({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }),
    logFile: options.logFile,
    timeoutMs: 300_000,
  });
  const setup = await openDatabase({ databaseUrl, poolSize: 2 });
  const { token } = await createApiClient(setup.db, {
    name: 'Bench police system',
    organisationCode: 'WSP',
    scopes: ['encompass:incidents'],
  }).catch(async () => {
    const police = await setup.db
      .selectFrom('organisation')
      .select('code')
      .where('kind', '=', 'police')
      .executeTakeFirstOrThrow();
    return createApiClient(setup.db, {
      name: 'Bench police system',
      organisationCode: police.code,
      scopes: ['encompass:incidents'],
    });
  });
  await setup.close();

  const startServer = async (port: number): Promise<ProcessGroup> => {
    const server = spawnGroup('server', process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], {
      cwd: root,
      env: options.env({
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        JOBS: 'on',
      }),
      logFile: options.logFile,
    });
    await waitFor200(`http://127.0.0.1:${port}/health`, server, { timeoutMs: 60_000 });
    return server;
  };

  const rows: Row[] = [];
  // --- burst
  const incidents = options.incidents ?? 1000;
  // A server that has been running has compiled its hot paths; a fresh one has not, and V8 takes
  // about a thousand incidents to finish. So a first burst of the same size warms the server up
  // (its figures are reported, for information), and the second is the one measured.
  const warmUp = incidents;
  const bodies = await incidentBodies(databaseUrl, incidents + warmUp, `BURST-${Date.now()}`);
  const port = await freePort();
  const server = await startServer(port);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    progress(`encompass: first burst after start (warm-up) of ${warmUp} incidents…`);
    const coldStarted = performance.now();
    const cold = await burst(baseUrl, token, bodies.slice(incidents), options.connections);
    const coldSeconds = (performance.now() - coldStarted) / 1000;
    const coldOk = cold.filter((s) => s.status === 201);
    const coldRate = coldOk.length / coldSeconds;
    const coldP95 = percentile(
      coldOk.map((s) => s.ms),
      95,
    );
    progress(`encompass: warm-up: ${fmt(coldRate)} incidents/s, p95 ${fmt(coldP95)} ms`);
    let peakRss = 0;
    const sampler = setInterval(() => {
      // The server process itself (the largest in its group), as in the idle-RSS figure.
      peakRss = Math.max(peakRss, treeMemory(server.pid).largest.rssMb);
    }, 100);
    progress(`encompass: burst of ${incidents} incidents from ${options.connections} clients…`);
    const started = performance.now();
    const sent = await burst(baseUrl, token, bodies.slice(0, incidents), options.connections);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    // The bare route after the burst, not before: 50,000 pings in 5 s leave the heap grown by
    // 70 MB of garbage V8 has not yet collected, which the burst's RSS would otherwise carry.
    const ping = await load(`${baseUrl}/ping`, { connections: options.connections, seconds: 5 });
    progress(`encompass: /ping ${fmt(ping.requestsPerSecond)} req/s`);
    const ok = sent.filter((s) => s.status === 201);
    const children = bodies.slice(0, incidents).reduce((sum, b) => sum + b.children.length, 0);
    const rate = ok.length / seconds;
    const p95 = percentile(
      ok.map((s) => s.ms),
      95,
    );
    progress(
      `encompass: ${ok.length} of ${incidents} accepted (${children} children) in ${seconds.toFixed(1)} s: ${fmt(rate)} incidents/s, p95 ${fmt(p95)} ms, peak RSS ${fmt(peakRss)} MB`,
    );
    const check = await integrity(
      databaseUrl,
      ok.map((s) => s.reference),
    );
    rows.push(
      {
        part: 'Encompass',
        measure: `first burst after start (warm-up, for information): ${warmUp} incidents`,
        value: `${fmt(coldRate)} incidents/s, p95 ${fmt(coldP95)} ms`,
        baseline: '',
        ratio: '',
        goal: '',
        status: '',
      },
      {
        part: 'Encompass',
        measure: `burst: ${incidents} incidents (${children} children), ${options.connections} clients`,
        value: `${fmt(rate)} incidents/s`,
        baseline: `GET /ping ${fmt(ping.requestsPerSecond)} req/s`,
        ratio: ratio(rate, ping.requestsPerSecond),
        goal: `≥ ${GOALS.incidentsPerSecond}/s`,
        status: rate >= GOALS.incidentsPerSecond ? 'PASS' : 'MISSED',
      },
      {
        part: 'Encompass',
        measure: 'burst: p95 latency',
        value: `${fmt(p95)} ms`,
        baseline: `GET /ping p99 ${fmt(ping.latencyMs.p99)} ms`,
        ratio: '',
        goal: `< ${GOALS.p95Ms} ms`,
        status: p95 < GOALS.p95Ms ? 'PASS' : 'MISSED',
      },
      {
        part: 'Encompass',
        measure: 'burst: peak RSS of the server',
        value: `${fmt(peakRss)} MB`,
        baseline: '',
        ratio: '',
        goal: `< ${GOALS.rssMb} MB`,
        status: peakRss < GOALS.rssMb ? 'PASS' : 'MISSED',
      },
      {
        part: 'Encompass',
        measure: 'burst: accepted / all notices and one email job each',
        value: `${ok.length} / ${check.acceptedComplete}`,
        baseline: `${check.sentNotices} sent notices, ${check.missingEmailJobs} missing, ${check.doubledEmailJobs} doubled jobs`,
        ratio: '',
        goal: 'all, 0, 0',
        status:
          ok.length === incidents &&
          check.acceptedComplete === ok.length &&
          check.missingEmailJobs === 0 &&
          check.doubledEmailJobs === 0
            ? 'OK'
            : 'FAILED',
      },
    );
  } finally {
    await stopGroup(server);
  }

  // --- crash
  const rounds = options.crashRounds ?? 3;
  for (let round = 1; round <= rounds; round++) {
    const crashBodies = await incidentBodies(databaseUrl, 300, `CRASH${round}-${Date.now()}`);
    const crashPort = await freePort();
    let victim = await startServer(crashPort);
    const url = `http://127.0.0.1:${crashPort}`;
    let killed = false;
    const sent = await burst(url, token, crashBodies, options.connections, (done) => {
      if (!killed && done.filter((s) => s.status === 201).length >= 100) {
        killed = true;
        process.kill(-victim.pid, 'SIGKILL');
      }
    });
    await sleep(200);
    victim = await startServer(crashPort);
    await stopGroup(victim);
    const accepted = sent.filter((s) => s.status === 201).map((s) => s.reference);
    const failed = sent.filter((s) => s.status !== 201).length;
    const check = await integrity(databaseUrl, accepted);
    const good =
      killed &&
      check.acceptedComplete === accepted.length &&
      check.halfSaved === 0 &&
      check.missingEmailJobs === 0 &&
      check.doubledEmailJobs === 0;
    progress(
      `encompass: crash round ${round}: killed after 100 accepted; ${accepted.length} accepted, ${failed} cut off; complete ${check.acceptedComplete}; half-saved ${check.halfSaved}; missing jobs ${check.missingEmailJobs}; doubled ${check.doubledEmailJobs}`,
    );
    rows.push({
      part: 'Encompass',
      measure: `crash ${round}: kill -9 mid-burst, restart`,
      value: `${accepted.length} accepted, ${failed} cut off`,
      baseline: `${check.acceptedComplete} complete, ${check.halfSaved} half-saved, ${check.missingEmailJobs} lost / ${check.doubledEmailJobs} doubled email jobs`,
      ratio: '',
      goal: 'none lost, none doubled',
      status: good ? 'OK' : 'FAILED',
    });
  }
  return rows;
}
