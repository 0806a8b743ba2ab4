/**
 * schools-audit – the Section 175/157 audit's results page for 271 schools and 150 questions,
 * this year against last (two full years, 81,300 answers), over HTTP on PostgreSQL: one client
 * asking again as soon as it is answered, so each time is one page's latency. The page keeps
 * the partnership-wide counts while the submitted returns stay the same, so two series are
 * timed: views in between submissions, and views just after a return is submitted (counted
 * again from the answers). Beside them, in the same run, the bare aggregate query the page counts
 * with, run from this process on the same database.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { auditAggregate, loadBenchAudit, resubmitOneForBench } from '../src/modules/schools-audit/index.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { type Options, childEnv, logFile, progress, root, tempDir } from './lib/context.ts';
import { recreateDatabase } from './lib/postgres.ts';
import { type ProcessGroup, freePort, spawnGroup, stopGroup, waitFor200 } from './lib/processes.ts';
import { type Row, fmt, ratio } from './lib/report.ts';
import { signIn } from './lib/sign-in.ts';

export const SCHOOLS_AUDIT_GOALS = { resultsP95Ms: 100 };

const OFFICER_EMAIL = 'education.safeguarding.officer@demo.safeguarding-hub.example';
const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'demo-password-not-for-real-use';
const QUESTIONS = 150;

export interface Timings {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Percentiles by the nearest-rank method. */
export function timingsOf(ms: number[]): Timings {
  const sorted = [...ms].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return { n: sorted.length, p50: rank(50), p95: rank(95), p99: rank(99), max: sorted[sorted.length - 1]! };
}

export interface SchoolsAuditResults {
  schools: number;
  questions: number;
  pageBytes: number;
  /** Views while the submitted returns stay the same (the counts are kept). */
  page: Timings;
  /** Views just after a return was submitted (the counts are taken again). */
  afterSubmission: Timings;
  query: Timings;
  groups: number;
}

async function timed(times: number, work: () => Promise<void>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await work();
    ms.push(performance.now() - started);
  }
  return ms;
}

export async function measureSchoolsAudit(options: Options): Promise<SchoolsAuditResults> {
  const url = await recreateDatabase(options.pgUrl, 'sgh_bench_schools_audit');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  progress(
    'schools-audit: created database sgh_bench_schools_audit; starting the server (the demo partnership, 200 children)…',
  );
  let server: ProcessGroup | undefined;
  const database = await openDatabase({ databaseUrl: url, poolSize: 2 });
  try {
    server = spawnGroup(
      'npm start (schools-audit, PostgreSQL)',
      'npm',
      ['start', '--', '--children', '200'],
      {
        cwd: root,
        env: childEnv({
          PORT: String(port),
          DATA_DIR: tempDir('sgh-bench-unused-'),
          DATABASE_URL: url,
          LOG_LEVEL: 'warn',
          JOBS: 'off',
        }),
        logFile,
      },
    );
    await waitFor200(`${base}/ping`, server, { intervalMs: 100, timeoutMs: 600_000 });
    const loaded = await loadBenchAudit(database.db, { questions: QUESTIONS });
    progress(
      `schools-audit: loaded two audit years of ${loaded.questions} questions with a submitted return from each of ${loaded.schools} schools`,
    );
    await sql`ANALYZE`.execute(database.db);

    const cookie = await signIn(base, OFFICER_EMAIL, DEMO_PASSWORD);
    const pageUrl = `${base}/schools-audit/years/${loaded.yearId}/results`;
    const headers = { cookie, accept: 'text/html' };
    const check = await fetch(pageUrl, { headers, redirect: 'manual' });
    const body = await check.text();
    if (check.status !== 200) throw new Error(`GET ${pageUrl} answered ${check.status}`);
    if (!body.includes(`From the ${loaded.schools} returns submitted by ${loaded.schools} schools`))
      throw new Error('The results page does not count every school’s return');
    const rows = (body.match(/<tr class="govuk-table__row">/g) ?? []).length;
    if (rows < loaded.questions)
      throw new Error(`The results page has ${rows} table rows, fewer than the questions`);

    const requests = Math.max(50, options.seconds * 20);
    const fetchPage = async () => {
      const response = await fetch(pageUrl, { headers, redirect: 'manual' });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`GET ${pageUrl} answered ${response.status}`);
    };
    const query = async () => {
      await auditAggregate(database.db, [loaded.yearId, loaded.lastYearId]);
    };
    progress(
      `schools-audit: warming up; then ${requests} pages and ${requests} bare queries, one at a time…`,
    );
    await timed(20, fetchPage);
    await timed(20, query);
    // Interleaved, a batch of each in turn, so both see the same load on the machine.
    const pageMs: number[] = [];
    const afterMs: number[] = [];
    const queryMs: number[] = [];
    for (let i = 0; i < requests; i += 10) {
      pageMs.push(...(await timed(10, fetchPage)));
      queryMs.push(...(await timed(10, query)));
      for (let k = 0; k < 5; k++) {
        await resubmitOneForBench(database.db, loaded.yearId);
        afterMs.push(...(await timed(1, fetchPage)));
      }
    }
    const groups = (await auditAggregate(database.db, [loaded.yearId, loaded.lastYearId])).length;
    const results = {
      schools: loaded.schools,
      questions: loaded.questions,
      pageBytes: body.length,
      page: timingsOf(pageMs),
      afterSubmission: timingsOf(afterMs),
      query: timingsOf(queryMs),
      groups,
    };
    progress(
      `schools-audit: results page p50 ${fmt(results.page.p50, 1)} ms, p95 ${fmt(results.page.p95, 1)} ms; just after a submission p95 ${fmt(results.afterSubmission.p95, 1)} ms; bare aggregate p50 ${fmt(results.query.p50, 1)} ms, p95 ${fmt(results.query.p95, 1)} ms (${groups} groups)`,
    );
    return results;
  } finally {
    await database.close();
    if (server) await stopGroup(server);
  }
}

export function schoolsAuditRows(r: SchoolsAuditResults): Row[] {
  const part = 'schools-audit';
  const goal = SCHOOLS_AUDIT_GOALS.resultsP95Ms;
  return [
    {
      part,
      measure: `results page p95, ${r.schools} schools × ${r.questions} questions, 2 years (${r.page.n} requests, 1 at a time)`,
      value: `${fmt(r.page.p95, 1)} ms`,
      baseline: `bare aggregate query p95 ${fmt(r.query.p95, 1)} ms`,
      ratio: ratio(r.page.p95, r.query.p95),
      goal: `< ${goal} ms`,
      status: r.page.p95 < goal ? 'PASS' : 'MISSED',
    },
    {
      part,
      measure: `results page p95 just after a return is submitted (counted again; ${r.afterSubmission.n} requests)`,
      value: `${fmt(r.afterSubmission.p95, 1)} ms`,
      baseline: `bare aggregate query p95 ${fmt(r.query.p95, 1)} ms`,
      ratio: ratio(r.afterSubmission.p95, r.query.p95),
      goal: '',
      status: '',
    },
    {
      part,
      measure: 'results page p50 / p99',
      value: `${fmt(r.page.p50, 1)} / ${fmt(r.page.p99, 1)} ms`,
      baseline: `query p50 / p99 ${fmt(r.query.p50, 1)} / ${fmt(r.query.p99, 1)} ms`,
      ratio: ratio(r.page.p50, r.query.p50),
      goal: '',
      status: '',
    },
    {
      part,
      measure: 'results page size; aggregate groups',
      value: `${fmt(r.pageBytes / 1024)} KiB`,
      baseline: `${fmt(r.groups)} groups`,
      ratio: '',
      goal: '',
      status: 'OK',
    },
  ];
}
