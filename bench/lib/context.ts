/** What every bench shares: the options, where output goes, progress lines, temporary directories, children's environment. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const benchDir = path.resolve(here, '..');
export const root = path.resolve(benchDir, '..');
export const resultsDir = path.join(benchDir, 'results');
export const logFile = path.join(resultsDir, 'children.log');

export const PARTS = [
  'startup',
  'rss',
  'audited',
  'encompass',
  'linkage',
  'actions',
  'training',
  'journey',
  'wren',
  'schools-audit',
  'yearly-report',
  'load',
] as const;
export type Part = (typeof PARTS)[number];

export interface Options {
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

const benchStarted = performance.now();

export function progress(message: string) {
  const elapsed = ((performance.now() - benchStarted) / 1000).toFixed(1).padStart(6);
  console.log(`[${elapsed} s] ${message}`);
}

/** Temporary directories, removed at exit even when the run is interrupted. */
const tempDirs = new Set<string>();
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}
export function removeTempDir(dir: string) {
  fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}
process.on('exit', () => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** The environment of a child: ours, minus whatever would change what is measured. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
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

/** A bare Fastify hello-world, run with `node -e`: the baseline for start-up and memory. */
export const HELLO = `
import Fastify from 'fastify';
const app = Fastify();
app.get('/', async () => 'hello');
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
`;
