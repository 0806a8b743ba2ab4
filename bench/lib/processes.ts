/**
 * Child processes for the benchmarks: each one is spawned as the leader of a process group of its
 * own (npm → sh → tsx → node → esbuild), so it can be stopped with everything it started, and is
 * stopped even when the benchmark fails or is interrupted.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { processesInGroup } from './rss.ts';

export interface ProcessGroup {
  name: string;
  /** The pid of the spawned process, which is also the process group id. */
  pid: number;
  child: ChildProcess;
  /** performance.now() just before the spawn. */
  spawnedAt: number;
  /** Set once the spawned process has exited (its descendants may still be running). */
  exitCode: number | null | undefined;
  exitSignal: NodeJS.Signals | null | undefined;
  /** The last lines of its output, for error messages. */
  tail(): string;
  /** performance.now() when a line of its output first matched, if one has. */
  firstLine(pattern: RegExp): number | undefined;
}

const live = new Set<ProcessGroup>();

export interface SpawnOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Where to copy the group's stdout and stderr (appended). */
  logFile?: string;
}

/** Starts a command in a process group of its own, with its output copied to the log file. */
function startDetached(name: string, command: string, args: string[], options: SpawnOptions) {
  const log = options.logFile ? fs.createWriteStream(options.logFile, { flags: 'a' }) : undefined;
  log?.write(`\n=== ${new Date().toISOString()} ${name}: ${command} ${args.join(' ')}\n`);
  const startedAt = performance.now();
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`Could not start ${name} (${command})`);
  return { child: child as typeof child & { pid: number }, log, startedAt };
}

export function spawnGroup(
  name: string,
  command: string,
  args: string[],
  options: SpawnOptions,
): ProcessGroup {
  const { child, log, startedAt: spawnedAt } = startDetached(name, command, args, options);
  const lines: string[] = [];
  const early: { at: number; text: string }[] = [];
  let partial = '';
  const collect = (chunk: Buffer) => {
    log?.write(chunk);
    const at = performance.now();
    const text = partial + chunk.toString('utf8');
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const part of parts) if (early.length < 500) early.push({ at, text: part });
    if (lines.length > 60) lines.splice(0, lines.length - 60);
  };
  const group: ProcessGroup = {
    name,
    pid: child.pid,
    child,
    spawnedAt,
    exitCode: undefined,
    exitSignal: undefined,
    tail: () => [...lines, partial].filter(Boolean).slice(-25).join('\n'),
    firstLine: (pattern) => early.find((line) => pattern.test(line.text))?.at,
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  child.on('error', (error) => collect(Buffer.from(`[spawn error] ${error.message}\n`)));
  child.on('exit', (code, signal) => {
    group.exitCode = code;
    group.exitSignal = signal;
  });
  child.on('close', () => log?.end());
  live.add(group);
  return group;
}

/** Members of the group still running (zombies excluded). */
function groupAlive(pgid: number): boolean {
  return processesInGroup(pgid).length > 0;
}

function signalGroup(pgid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** SIGTERM to the whole group (the server stops cleanly and closes PGlite); SIGKILL after the grace period. */
export async function stopGroup(group: ProcessGroup, graceMs = 15_000): Promise<void> {
  if (!live.has(group)) return;
  signalGroup(group.pid, 'SIGTERM');
  const deadline = performance.now() + graceMs;
  while (groupAlive(group.pid) && performance.now() < deadline) await sleep(50);
  if (groupAlive(group.pid)) {
    console.warn(
      `  ! ${group.name} (group ${group.pid}) did not stop within ${graceMs / 1000} s: killing it`,
    );
    signalGroup(group.pid, 'SIGKILL');
    const killDeadline = performance.now() + 5_000;
    while (groupAlive(group.pid) && performance.now() < killDeadline) await sleep(50);
  }
  live.delete(group);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((group) => stopGroup(group)));
}

/** Last resort on exit: nothing asynchronous can run any more, so SIGKILL whatever is left. */
function killAllNow() {
  for (const group of live) {
    try {
      process.kill(-group.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

let handlersInstalled = false;
export function installCleanupHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killAllNow);
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // Not once(): tsx relays the signal it gets too, and a second one without a handler would end
    // the process on the spot, skipping the clean-up.
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.error(`\nbench: ${signal}: stopping child processes…`);
      const force = setTimeout(() => process.exit(130), 20_000);
      force.unref();
      void stopAll().finally(() => process.exit(130));
    });
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** One GET without keep-alive: the status code, or null when nothing answered. */
function probe(url: string, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    const request = http.get(
      url,
      { agent: false, timeout: timeoutMs, headers: { accept: 'text/html' } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? null));
        response.on('error', () => resolve(null));
      },
    );
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(null));
  });
}

/**
 * Polls url every intervalMs until it answers 200; returns performance.now() at that answer.
 * Fails early, with the group's last output, if the process exits first.
 */
export async function waitFor200(
  url: string,
  group: ProcessGroup,
  options: { intervalMs?: number; timeoutMs: number },
): Promise<number> {
  const interval = options.intervalMs ?? 20;
  const deadline = performance.now() + options.timeoutMs;
  let lastStatus: number | null = null;
  for (;;) {
    const started = performance.now();
    lastStatus = await probe(url, Math.max(interval * 10, 1_000));
    if (lastStatus === 200) return performance.now();
    if (group.exitCode !== undefined) {
      throw new Error(
        `${group.name} exited (code ${group.exitCode}, signal ${group.exitSignal}) before ${url} answered 200\n--- its last output ---\n${group.tail()}`,
      );
    }
    if (performance.now() > deadline) {
      throw new Error(
        `${url} did not answer 200 within ${options.timeoutMs / 1000} s (last status: ${lastStatus ?? 'no answer'})\n--- ${group.name}'s last output ---\n${group.tail()}`,
      );
    }
    const wait = started + interval - performance.now();
    if (wait > 0) await sleep(wait);
  }
}

/** Runs a command to completion, capturing its output; throws with the output when it fails. */
export async function run(
  name: string,
  command: string,
  args: string[],
  options: SpawnOptions & { timeoutMs?: number },
): Promise<{ stdout: string; stderr: string; ms: number }> {
  const { child, log, startedAt: started } = startDetached(name, command, args, options);
  const group: ProcessGroup = {
    name,
    pid: child.pid,
    child,
    spawnedAt: started,
    exitCode: undefined,
    exitSignal: undefined,
    tail: () => '',
    firstLine: () => undefined,
  };
  live.add(group);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    log?.write(chunk);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    log?.write(chunk);
  });
  const timer = options.timeoutMs
    ? setTimeout(() => {
        stderr += `\n[bench] ${name} took longer than ${options.timeoutMs! / 1000} s: killed\n`;
        signalGroup(child.pid!, 'SIGKILL');
      }, options.timeoutMs)
    : undefined;
  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (c, s) => resolve([c, s]));
    });
    if (code !== 0) {
      const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-25).join('\n');
      throw new Error(`${name} failed (exit code ${code}, signal ${signal}):\n${tail}`);
    }
  } finally {
    if (timer) clearTimeout(timer);
    log?.end();
    await stopGroup(group, 2_000);
  }
  return { stdout, stderr, ms: performance.now() - started };
}
