/** The local PostgreSQL server: throwaway databases, direct queries, and pgbench as the baseline. */
import fs from 'node:fs';
import pg from 'pg';
import { sampleBackends } from './cpu.ts';
import { run } from './processes.ts';

/** The same server, another database: postgres://u:p@h:port/<name>?… */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Drops (forcing off any connection) and creates a database; serverUrl names any database one may connect to. */
export async function recreateDatabase(serverUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe database name: ${name}`);
  await withClient(serverUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  });
  return databaseUrl(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe database name: ${name}`);
  await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** pgbench from PATH, else PostgreSQL 15's own directory (Debian keeps it off PATH at times). */
export function findPgbench(): string {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && fs.existsSync(`${dir}/pgbench`)) return `${dir}/pgbench`;
  }
  for (const candidate of [
    '/usr/lib/postgresql/15/bin/pgbench',
    '/usr/lib/postgresql/16/bin/pgbench',
    '/usr/lib/postgresql/17/bin/pgbench',
  ]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error('pgbench not found on PATH nor in /usr/lib/postgresql/*/bin');
}

/** Connection flags and PGPASSWORD for pgbench, from a postgres:// URL. */
function libpqArgs(url: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const args = ['-h', u.hostname || '127.0.0.1', '-p', u.port || '5432'];
  if (u.username) args.push('-U', decodeURIComponent(u.username));
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  return { args: [...args, decodeURIComponent(u.pathname.slice(1))], env };
}

export interface PgbenchResult {
  tps: number;
  transactions: number;
  latencyAverageMs: number | null;
  failed: number;
  command: string;
  /** CPU time of the database's backends during the run, per transaction. */
  backendCpuMsPerTransaction: number;
}

/** pgbench -i -s <scale>, then the timed run; parses tps from its summary. */
export async function pgbench(
  url: string,
  options: {
    scale: number;
    clients: number;
    threads: number;
    seconds: number;
    logFile?: string;
    /** Transactions per second to hold to (pgbench -R); unset, as fast as it can. */
    rate?: number;
    /** The tables are already there (a second run on the same database). */
    initialised?: boolean;
  },
): Promise<PgbenchResult> {
  const bin = findPgbench();
  const { args: conn, env } = libpqArgs(url);
  const dbName = conn.pop()!;
  if (!options.initialised) {
    await run('pgbench -i', bin, ['-i', '-q', '-s', String(options.scale), ...conn, dbName], {
      cwd: process.cwd(),
      env,
      logFile: options.logFile,
      timeoutMs: 300_000,
    });
  }
  const runArgs = [
    '-N',
    '-c',
    String(options.clients),
    '-j',
    String(options.threads),
    '-T',
    String(options.seconds),
    ...(options.rate ? ['-R', String(Math.max(1, Math.round(options.rate)))] : []),
    ...conn,
    dbName,
  ];
  const cpu = sampleBackends(dbName, 200);
  let backendCpuMs: number;
  let stdout: string;
  try {
    ({ stdout } = await run('pgbench -N', bin, runArgs, {
      cwd: process.cwd(),
      env,
      logFile: options.logFile,
      timeoutMs: (options.seconds + 120) * 1000,
    }));
  } finally {
    backendCpuMs = cpu.stop();
  }
  // PostgreSQL 15: "tps = 1234.567890 (without initial connection time)"
  const tps = /^tps = ([\d.]+)/m.exec(stdout)?.[1];
  if (!tps) throw new Error(`Could not find tps in pgbench's output:\n${stdout}`);
  const transactions = /number of transactions actually processed: (\d+)/.exec(stdout)?.[1];
  const latency = /latency average = ([\d.]+) ms/.exec(stdout)?.[1];
  const failed = /number of failed transactions: (\d+)/.exec(stdout)?.[1];
  return {
    tps: Number(tps),
    transactions: Number(transactions ?? 0),
    latencyAverageMs: latency ? Number(latency) : null,
    failed: Number(failed ?? 0),
    command: `pgbench ${runArgs.join(' ')}`,
    backendCpuMsPerTransaction: transactions ? backendCpuMs / Number(transactions) : Number.NaN,
  };
}
