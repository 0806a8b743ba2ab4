/**
 * `npm run bench [-- startup|rss|audited|encompass|linkage …] [--seconds=10 --warmup=2 --connections=20 --runs=3 …]`
 *
 * The machine is shared and noisy, so every figure is measured beside a baseline in the same run
 * and printed as a ratio to it. One file per bench:
 *   startup   – `npm start` to the first page, against a bare Fastify hello-world (startup.ts);
 *   rss       – idle memory on the embedded database and on PostgreSQL, against the same
 *               hello-world (rss.ts);
 *   audited   – the audited page under load on PostgreSQL, against GET /ping and pgbench -N (audited.ts);
 *   encompass – the Operation Encompass burst and crash runs (encompass.ts);
 *   linkage   – FEBRL accuracy and speed, and a million synthetic children deduplicated
 *               (linkage/index.ts);
 *   actions   – the overdue-actions list and an agency's open actions with 50,000 actions held,
 *               p95 over HTTP beside the same page's bare query time (actions.ts);
 *   training  – 100 practitioners booking the last 20 places of a session at once (training.ts);
 *   journey   – a synthetic county's five years of journeys, the KPI set for a year beside a raw
 *               scan, and a 150,000-row Annex A import beside a raw parse (journey.ts);
 *   wren      – WREN's screening speed and the A&E import against the child index (health-screening.ts);
 *   schools-audit – the Section 175/157 audit's results page (271 schools × 150 questions)
 *               against its bare aggregate query (schools-audit.ts);
 *   yearly-report – the demo report's web page and PDF, beside its sections' query time (yearly-report.ts).
 *   load      – 100 simulated users for 60 s (DSLs acknowledging, staff browsing, police recording
 *               incidents) beside GET /ping from the same run, audit chain checked after (load.ts).
 * This file reads the arguments, runs the parts asked for, prints the table and writes
 * bench/results/latest.json.
 * Exit code: 0 when every figure was taken (goals missed are printed as MISSED), 1 when a
 * measurement failed or is invalid, 2 for a bad argument.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ACTIONS_GOALS, measureActions } from './actions.ts';
import { AUDITED_GOALS, auditedRows, measureAudited } from './audited.ts';
import { runEncompassBench } from './encompass.ts';
import { JOURNEY_GOALS, runJourneyBench } from './journey.ts';
import { runWrenBench } from './health-screening.ts';
import { runLinkageBench } from './linkage/index.ts';
import { runLoadBench } from './load.ts';
import {
  type Options,
  PARTS,
  type Part,
  childEnv,
  logFile,
  progress,
  resultsDir,
  root,
} from './lib/context.ts';
import { installCleanupHandlers, stopAll } from './lib/processes.ts';
import { type Row, printTable } from './lib/report.ts';
import { RSS_GOALS, measurePostgresIdle, memoryRows, postgresMemoryRows } from './rss.ts';
import { SCHOOLS_AUDIT_GOALS, measureSchoolsAudit, schoolsAuditRows } from './schools-audit.ts';
import { STARTUP_GOALS, measureStartup, startupJson, startupRows } from './startup.ts';
import { runTrainingBench } from './training.ts';
import { YEARLY_REPORT_GOALS, measureYearlyReport } from './yearly-report.ts';

const GOALS = {
  ...STARTUP_GOALS,
  ...RSS_GOALS,
  ...AUDITED_GOALS,
  ...ACTIONS_GOALS,
  ...JOURNEY_GOALS,
  ...SCHOOLS_AUDIT_GOALS,
  ...YEARLY_REPORT_GOALS,
};

function usage(message?: string): never {
  if (message) console.error(`bench: ${message}`);
  console.error(
    'usage: npm run bench -- [startup] [rss] [audited] [encompass] [linkage] [actions] [training] [journey] [wren] [schools-audit] [yearly-report] [load] [--linkage-records=1000000] [--runs=3] [--idle=5] [--seconds=10] [--warmup=2] [--connections=20] [--children=3000] [--pg-url=postgres://app:app@127.0.0.1:5432/app]',
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

interface Failure {
  part: string;
  message: string;
}

/** Runs one part; a part that throws is reported as FAILED and the others still run. */
async function attempt(
  part: string,
  label: string,
  failures: Failure[],
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    failures.push({ part, message: (error as Error).stack ?? String(error) });
    progress(`${label}: FAILED: ${(error as Error).message}`);
  }
}

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
  const failures: Failure[] = [];
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
    // One set of runs: the start-up times, and (for rss) the idle memory of the same processes.
    await attempt('startup/rss', 'start-up', failures, async () => {
      const startup = await measureStartup(options, options.parts.has('rss'));
      json.startup = startupJson(startup);
      if (options.parts.has('startup')) rows.push(...startupRows(startup));
      if (options.parts.has('rss')) {
        json.memory = { app: startup.app.map((x) => x.memory), hello: startup.hello.map((x) => x.memory) };
        rows.push(...memoryRows(startup));
      }
    });
  }

  if (options.parts.has('rss')) {
    // The server on PostgreSQL, without PGlite loaded.
    await attempt('rss (PostgreSQL)', 'rss (PostgreSQL)', failures, async () => {
      const idle = await measurePostgresIdle(options);
      json.memoryPostgres = {
        seedMs: idle.seedMs,
        app: idle.app.map((x) => x.memory),
        hello: idle.hello.map((x) => x.memory),
      };
      rows.push(...postgresMemoryRows(idle));
    });
  }

  if (options.parts.has('audited')) {
    await attempt('audited', 'audited', failures, async () => {
      const audited = await measureAudited(options);
      json.audited = audited;
      rows.push(...auditedRows(audited));
    });
  }

  if (options.parts.has('encompass')) {
    await attempt('encompass', 'encompass', failures, async () => {
      const encompassRows = await runEncompassBench({
        pgUrl: options.pgUrl,
        connections: options.connections,
        logFile,
        env: childEnv,
        progress,
      });
      json.encompass = encompassRows;
      rows.push(...encompassRows);
    });
  }

  if (options.parts.has('linkage')) {
    await attempt('linkage', 'linkage', failures, async () => {
      const linkageRows = await runLinkageBench({
        records: options.linkageRecords,
        logFile,
        env: childEnv,
        progress,
      });
      json.linkage = linkageRows;
      rows.push(...linkageRows);
    });
  }

  if (options.parts.has('actions')) {
    await attempt('actions', 'actions', failures, async () => {
      const actionRows = await measureActions(options);
      json.actions = actionRows;
      rows.push(...actionRows);
    });
  }

  if (options.parts.has('training')) {
    await attempt('training', 'training', failures, async () => {
      const trainingRows = await runTrainingBench({ pgUrl: options.pgUrl, logFile, env: childEnv, progress });
      json.training = trainingRows;
      rows.push(...trainingRows);
    });
  }

  if (options.parts.has('load')) {
    await attempt('load', 'load', failures, async () => {
      const loadRows = await runLoadBench({ pgUrl: options.pgUrl, children: options.children });
      json.load = loadRows;
      rows.push(...loadRows);
    });
  }

  if (options.parts.has('journey')) {
    await attempt('journey', 'journey', failures, async () => {
      const journey = await runJourneyBench({ pgUrl: options.pgUrl, runs: options.runs, progress });
      json.journey = journey.json;
      rows.push(...journey.rows);
    });
  }

  if (options.parts.has('wren')) {
    await attempt('wren', 'wren', failures, async () => {
      const wrenRows = await runWrenBench({ pgUrl: options.pgUrl, logFile, env: childEnv, progress });
      json.wren = wrenRows;
      rows.push(...wrenRows);
    });
  }

  if (options.parts.has('schools-audit')) {
    await attempt('schools-audit', 'schools-audit', failures, async () => {
      const audit = await measureSchoolsAudit(options);
      json.schoolsAudit = audit;
      rows.push(...schoolsAuditRows(audit));
    });
  }

  if (options.parts.has('yearly-report')) {
    await attempt('yearly-report', 'yearly-report', failures, async () => {
      const reportRows = await measureYearlyReport(options);
      json['yearly-report'] = reportRows;
      rows.push(...reportRows);
    });
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
