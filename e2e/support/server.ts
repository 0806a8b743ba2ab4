/**
 * Starts the real product for a test file: `node --import tsx src/cli.ts serve --seed-if-empty`
 * as a child process, on a free port, with a fresh data directory (PGlite) or the PostgreSQL
 * server named by E2E_DATABASE_URL (or by the file's own `databaseUrl`). Stopping it kills the
 * process and removes the directory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD } from './accounts.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the app under test is: this repository, or a copy of it named by E2E_APP_DIR (e.g. to try a fix). */
export const APP_DIR = process.env.E2E_APP_DIR ? path.resolve(process.env.E2E_APP_DIR) : REPO_ROOT;

const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;
const OUTPUT_LINES_KEPT = 200;

export interface RunningServer {
  /** Like http://127.0.0.1:41234, without a trailing slash. */
  baseUrl: string;
  /** The last lines the server wrote to stdout and stderr, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** What a server is started with, for `beforeStart` and for running the CLI beside it. */
export interface ServerSetup {
  /** The PGlite data directory (created, empty; unused when `env.DATABASE_URL` is set). */
  dataDir: string;
  /** The server's whole environment: the CLI run with it opens the same database. */
  env: NodeJS.ProcessEnv;
}

export interface ServerOptions {
  /** Children in the demo partnership (the settings, users and teams are always all there). */
  children?: number;
  /** More environment for the server, like SMTP_URL or JOBS; applied last. */
  env?: Record<string, string>;
  /** A PostgreSQL database of this file's own, instead of E2E_DATABASE_URL or PGlite. */
  databaseUrl?: string;
  /**
   * Runs once the environment is ready and before the server starts: e.g. to seed the database
   * with the CLI and read it (PGlite can be opened by one process at a time).
   */
  beforeStart?: (setup: ServerSetup) => Promise<void>;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node --import tsx src/cli.ts …` in the app's directory with the given environment. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: APP_DIR,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A port nothing listens on now: the operating system's choice for port 0. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('No free port found'))));
    });
  });
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const host = '127.0.0.1';
  const port = await freePort(host);
  const baseUrl = `http://${host}:${port}`;
  const databaseUrl = options.databaseUrl ?? process.env.E2E_DATABASE_URL;
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'safeguarding-e2e-'));

  const env: NodeJS.ProcessEnv = { ...process.env };
  // Nothing from the developer's shell decides where the data goes or how cookies are sent.
  for (const name of ['DATABASE_URL', 'SESSION_SECRET', 'SMTP_URL', 'DEMO_PASSWORD', 'NODE_OPTIONS'])
    delete env[name];
  Object.assign(env, {
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: host,
    // An http://127.0.0.1 address: cookies without Secure, as a browser on plain http needs.
    BASE_URL: baseUrl,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    DEMO_PASSWORD,
    // The demo accounts sign in with the password alone, as in the demo (the tests of the second
    // factor, e2e/sign-in-mfa.e2e.ts, turn it on with their own env).
    SECOND_FACTOR_REQUIRED: 'off',
  });
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  Object.assign(env, options.env);

  if (options.beforeStart) {
    try {
      await options.beforeStart({ dataDir, env });
    } catch (error) {
      await fs.rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      throw error;
    }
  }

  const lines: string[] = [];
  const keep = (prefix: string) => (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      lines.push(`${prefix} ${line}`);
      if (lines.length > OUTPUT_LINES_KEPT) lines.shift();
    }
  };
  const output = () => lines.join('\n');

  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli.ts',
      'serve',
      '--seed-if-empty',
      '--children',
      String(options.children ?? 200),
    ],
    { cwd: APP_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', keep('[server]'));
  child.stderr?.on('data', keep('[server:err]'));
  // If the test process goes away without stopping the server, do not leave it behind.
  const killOnExit = () => {
    if (!exited(child)) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', killOnExit);
    if (!exited(child)) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5_000);
      }
    }
    await fs.rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };

  const started = Date.now();
  try {
    for (;;) {
      if (exited(child)) {
        throw new Error(
          `The server stopped before it was ready (exit code ${child.exitCode}, signal ${child.signalCode})`,
        );
      }
      try {
        const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2_000) });
        if (response.status === 200) break;
      } catch {
        // Not listening yet.
      }
      if (Date.now() - started > READY_TIMEOUT_MS) {
        throw new Error(`The server did not answer GET /health with 200 within ${READY_TIMEOUT_MS / 1000} s`);
      }
      await sleep(250);
    }
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- server output ---\n${output()}`);
  }

  return { baseUrl, output, stop };
}
