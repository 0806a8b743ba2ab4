/**
 * rss – resident memory after ~5 s idle: the npm process tree and its largest process (the
 * server), against the bare Fastify process. On the embedded database it is taken in start-up's
 * runs (startup.ts); on PostgreSQL (no PGlite loaded) in runs of its own, on a seeded database.
 */
import { type Options, childEnv, logFile, progress, removeTempDir, root, tempDir } from './lib/context.ts';
import { dropDatabase, recreateDatabase } from './lib/postgres.ts';
import { run } from './lib/processes.ts';
import { type Row, fmt, median, ratio } from './lib/report.ts';
import { type StartRun, type StartupResults, startHello, startOnce } from './startup.ts';

export const RSS_GOALS = { rssMb: 250, rssPostgresMb: 150 };

export interface PostgresIdleResults {
  seedMs: number;
  app: StartRun[];
  hello: StartRun[];
}

/** `npm start` on a seeded PostgreSQL database, idle, beside the Fastify hello-world, run after run. */
export async function measurePostgresIdle(options: Options): Promise<PostgresIdleResults> {
  const database = 'sgh_bench_rss';
  const url = await recreateDatabase(options.pgUrl, database);
  const unused = tempDir('sgh-bench-unused-');
  try {
    progress(`rss (PostgreSQL): seeding database ${database} with ${options.children} children`);
    const seed = await run(
      'seed (PostgreSQL)',
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'seed', '--children', String(options.children)],
      { cwd: root, env: childEnv({ DATABASE_URL: url, DATA_DIR: unused }), logFile, timeoutMs: 600_000 },
    );
    progress(`rss (PostgreSQL): seeded in ${fmt(seed.ms / 1000, 1)} s`);
    const results: PostgresIdleResults = { seedMs: seed.ms, app: [], hello: [] };
    for (let i = 1; i <= options.runs; i++) {
      const hello = await startHello(options.idleSeconds);
      results.hello.push(hello);
      const app = await startOnce(
        'npm start (PostgreSQL)',
        'npm',
        ['start'],
        childEnv({ DATABASE_URL: url, DATA_DIR: unused }),
        '/sign-in',
        options.idleSeconds,
      );
      results.app.push(app);
      progress(
        `rss (PostgreSQL) run ${i}/${options.runs}: idle RSS: tree ${fmt(app.memory!.totalMb)} MB, server ${fmt(app.memory!.largest.rssMb)} MB, hello ${fmt(hello.memory!.totalMb)} MB (started in ${fmt(app.ms)} ms)`,
      );
    }
    return results;
  } finally {
    removeTempDir(unused);
    await dropDatabase(options.pgUrl, database);
  }
}

/** The same rows as on the embedded database, for the server on PostgreSQL. */
export function postgresMemoryRows(r: PostgresIdleResults): Row[] {
  // The goal is the server's; npm itself, the tree's root, weighs ~60 MB whatever the server does.
  return memoryRows(r, 'Idle RSS (PostgreSQL)', RSS_GOALS.rssPostgresMb, false);
}

export function memoryRows(
  r: Pick<StartupResults, 'app' | 'hello'>,
  part = 'Idle RSS',
  goalMb: number = RSS_GOALS.rssMb,
  treeGoal = true,
): Row[] {
  const tree = median(r.app.map((x) => x.memory!.totalMb));
  const server = median(r.app.map((x) => x.memory!.largest.rssMb));
  const hello = median(r.hello.map((x) => x.memory!.totalMb));
  const last = r.app.at(-1)!.memory!;
  const processes = last.processes
    .map((p) => `${(p.command.split(' ')[0] ?? '').split('/').pop()} ${fmt(p.rssMb)}`)
    .join(', ');
  return [
    {
      part,
      measure: 'server process (largest in the tree)',
      value: `${fmt(server)} MB`,
      baseline: `Fastify hello ${fmt(hello)} MB`,
      ratio: ratio(server, hello),
      goal: `< ${goalMb} MB`,
      status: server < goalMb ? 'PASS' : 'MISSED',
    },
    {
      part,
      measure: `whole npm start tree (${last.processes.length} processes)`,
      value: `${fmt(tree)} MB`,
      baseline: `Fastify hello ${fmt(hello)} MB`,
      ratio: ratio(tree, hello),
      goal: treeGoal ? `< ${goalMb} MB` : '',
      status: !treeGoal ? '' : tree < goalMb ? 'PASS' : 'MISSED',
    },
    {
      part,
      measure: 'tree, last run (MB)',
      value: '',
      baseline: processes,
      ratio: '',
      goal: '',
      status: '',
    },
  ];
}
