/**
 * startup – spawning `npm start` (embedded PGlite, an existing data directory) to the first 200 of
 * GET /sign-in, against a bare Fastify hello-world started with `node -e`. The same runs, held idle
 * for a few seconds, give the embedded database's idle memory (rss.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  HELLO,
  type Options,
  childEnv,
  logFile,
  progress,
  removeTempDir,
  root,
  tempDir,
} from './lib/context.ts';
import { type ProcessGroup, freePort, run, spawnGroup, stopGroup, waitFor200 } from './lib/processes.ts';
import { type Row, fmt, median, ratio } from './lib/report.ts';
import { type TreeMemory, treeMemory } from './lib/rss.ts';

export const STARTUP_GOALS = { startupMs: 3_000 };

export interface StartRun {
  ms: number;
  /** When the server logged that it listens, if it did (the rest is the first page's own cost). */
  listeningMs?: number;
  memory?: TreeMemory;
}

export interface StartupResults {
  dataDir: string;
  seedMs: number;
  app: StartRun[];
  hello: StartRun[];
}

/** Starts a command, waits for the first 200 of urlPath, optionally idles and reads its memory, stops it. */
export async function startOnce(
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

/** The Fastify hello-world's run, the baseline measured beside each of the app's. */
export function startHello(idleSeconds: number | null): Promise<StartRun> {
  return startOnce(
    'fastify hello',
    process.execPath,
    ['--input-type=module', '-e', HELLO],
    childEnv({}),
    '/',
    idleSeconds,
  );
}

export async function measureStartup(options: Options, withMemory: boolean): Promise<StartupResults> {
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
      const hello = await startHello(idle);
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

export function startupRows(r: StartupResults): Row[] {
  const app = median(r.app.map((x) => x.ms));
  const hello = median(r.hello.map((x) => x.ms));
  return [
    {
      part: 'Start-up',
      measure: `npm start → first 200 of GET /sign-in (median of ${r.app.length})`,
      value: `${fmt(app)} ms`,
      baseline: `Fastify hello ${fmt(hello)} ms`,
      ratio: ratio(app, hello),
      goal: `< ${fmt(STARTUP_GOALS.startupMs)} ms`,
      status: app < STARTUP_GOALS.startupMs ? 'PASS' : 'MISSED',
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

export function startupJson(startup: StartupResults) {
  return {
    seedMs: startup.seedMs,
    appMs: startup.app.map((x) => x.ms),
    appListeningMs: startup.app.map((x) => x.listeningMs ?? null),
    helloMs: startup.hello.map((x) => x.ms),
    medianAppMs: median(startup.app.map((x) => x.ms)),
    medianHelloMs: median(startup.hello.map((x) => x.ms)),
  };
}
