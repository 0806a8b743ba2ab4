/**
 * Backups of a PostgreSQL server with its own tools: pg_dump -Fc, and pg_restore feeding psql in
 * one transaction (so a restore that fails half way leaves the database as it was). The tools come
 * from Debian's postgresql-client and must be at least the server's major version. The password
 * goes to them in PGPASSWORD, never on a command line other users can read.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { BackupError, type BackupManifest, readBackupFile, writeBackupFile } from './file.ts';
import { type Inventory, type Query, inventory, userTables } from './inventory.ts';

/** The URL without its password, and the environment that carries the password. */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (password) env.PGPASSWORD = password;
  return { dbname: parsed.toString(), env };
}

/** The tool's major version, or a clear error when it is not installed. */
export function toolVersion(tool: 'pg_dump' | 'pg_restore' | 'psql'): { line: string; major: number } {
  const result = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new BackupError(
      `${tool} was not found: install PostgreSQL's client tools (Debian: apt-get install postgresql-client) and put them on PATH`,
    );
  }
  const line = result.stdout.trim();
  const major = Number(/(\d+)(?:\.\d+)?/.exec(line)?.[1]);
  return { line, major };
}

async function withClient<T>(url: string, work: (client: pg.Client, query: Query) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client, async (text) => (await client.query(text)).rows);
  } finally {
    await client.end();
  }
}

/** Runs a command to the end; its stderr goes into the error when it fails. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(stdout)
        : reject(new BackupError(`${command} failed: ${stderr.trim() || `exit code ${code}`}`)),
    );
  });
}

export async function backupPostgres(url: string, file: string): Promise<BackupManifest> {
  const tool = toolVersion('pg_dump');
  const { dbname, env } = connection(url);
  const dump = `${file}.partial-${process.pid}.dump`;
  try {
    return await withClient(url, async (client, query) => {
      const serverVersion = String((await query('SHOW server_version'))[0]!.server_version);
      const serverMajor = Number((await query('SHOW server_version_num'))[0]!.server_version_num) / 10000;
      if (tool.major < Math.floor(serverMajor)) {
        throw new BackupError(
          `pg_dump is version ${tool.major} but the server is PostgreSQL ${Math.floor(serverMajor)}: pg_dump cannot back up a newer server. Install postgresql-client-${Math.floor(serverMajor)} and put its bin directory first on PATH.`,
        );
      }
      // The counts and the dump see the same snapshot, so the restore can be checked against them.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const snapshot = String((await query('SELECT pg_export_snapshot() AS s'))[0]!.s);
      const held: Inventory = await inventory(query);
      await run(
        'pg_dump',
        ['--format=custom', `--snapshot=${snapshot}`, `--file=${dump}`, `--dbname=${dbname}`],
        env,
      );
      await client.query('COMMIT');
      return writeBackupFile(
        file,
        {
          kind: 'postgres',
          createdAt: new Date().toISOString(),
          ...held,
          dumpedWith: tool.line,
          serverVersion,
        },
        { file: dump },
      );
    });
  } finally {
    fs.rmSync(dump, { force: true });
  }
}

/** Everything the product (and pg-boss) created, dropped in the restore's own transaction. */
const WIPE = `
SET lock_timeout = '10s';
SET client_min_messages = warning;
SET client_min_messages = warning;
DO $wipe$ DECLARE statements text[]; statement text; BEGIN
  -- Each list is made before anything in it is dropped: a cascade must not change what is listed.
  SELECT coalesce(array_agg(format('DROP SCHEMA %I CASCADE', nspname)), '{}') INTO statements FROM pg_namespace
    WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\\_%';
  FOREACH statement IN ARRAY statements LOOP EXECUTE statement; END LOOP;
  SELECT coalesce(array_agg(format('DROP %s IF EXISTS public.%I CASCADE',
      CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE'
        WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, c.relname)), '{}') INTO statements
    FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('e', 'i', 'a'));
  FOREACH statement IN ARRAY statements LOOP EXECUTE statement; END LOOP;
  SELECT coalesce(array_agg(format('DROP ROUTINE IF EXISTS public.%I(%s) CASCADE', p.proname,
      pg_get_function_identity_arguments(p.oid))), '{}') INTO statements
    FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e');
  FOREACH statement IN ARRAY statements LOOP EXECUTE statement; END LOOP;
  SELECT coalesce(array_agg(format('DROP %s IF EXISTS public.%I CASCADE',
      CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, t.typname)), '{}') INTO statements
    FROM pg_type t WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd', 'r', 'm')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype IN ('e', 'i'));
  FOREACH statement IN ARRAY statements LOOP EXECUTE statement; END LOOP;
END $wipe$;
`;

// The dump is restored without owners and privileges (it may come from another server, with
// other role names); the audit log's protection is then applied again, as migration 0001 does.
const PROTECT_AUDIT_LOG = `
REVOKE UPDATE, DELETE, TRUNCATE ON public.audit_log FROM PUBLIC;
DO $protect$ BEGIN
  EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON public.audit_log FROM %I', current_user);
END $protect$;
`;

/** pg_restore writes the script, psql runs it in one transaction, between our own SQL. */
function restoreScript(dump: string, dbname: string, env: NodeJS.ProcessEnv, before: string, after: string) {
  return new Promise<void>((resolve, reject) => {
    const restore = spawn('pg_restore', ['--no-owner', '--no-acl', '--file=-', dump], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const psql = spawn(
      'psql',
      ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-o', '/dev/null', `--dbname=${dbname}`],
      { env, stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let errors = '';
    restore.stderr.on('data', (c: Buffer) => {
      errors += c.toString('utf8');
    });
    psql.stderr.on('data', (c: Buffer) => {
      errors += c.toString('utf8');
    });
    psql.stdin.on('error', () => {}); // psql stopped at an error: its exit code tells
    psql.stdin.write(before);
    restore.stdout.pipe(psql.stdin, { end: false });
    restore.stdout.on('end', () => psql.stdin.end(after));
    let restoreCode: number | null = null;
    restore.on('error', reject);
    psql.on('error', reject);
    restore.on('close', (code) => {
      restoreCode = code;
    });
    psql.on('close', (code) => {
      // psql stopped at an error: pg_restore, blocked on a pipe nobody reads, must stop too.
      if (restoreCode === null) restore.kill('SIGTERM');
      const finish = () => {
        if (code === 0 && restoreCode === 0) resolve();
        else if (code === 0) reject(new BackupError(`pg_restore failed: ${errors.trim()}`));
        else
          reject(
            new BackupError(
              `The restore failed and was rolled back, so the database is as it was before: ${errors.trim()}`,
            ),
          );
      };
      if (restoreCode === null) restore.once('close', finish);
      else finish();
    });
  });
}

export async function restorePostgres(
  url: string,
  file: string,
  options: { force: boolean },
): Promise<BackupManifest> {
  const tool = toolVersion('pg_restore');
  toolVersion('psql');
  const { dbname, env } = connection(url);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sgh-restore-'));
  const dump = path.join(work, 'database.dump');
  try {
    const { manifest } = await readBackupFile(file, { file: dump });
    if (manifest.kind !== 'postgres') {
      throw new BackupError(
        `${file} is a backup of the embedded database (PGlite); it restores only into DATA_DIR, with DATABASE_URL unset`,
      );
    }
    try {
      await run('pg_restore', ['--list', dump], env);
    } catch (error) {
      throw new BackupError(
        `This pg_restore (${tool.line}) cannot read the backup, made by ${manifest.dumpedWith} from PostgreSQL ${manifest.serverVersion}: install the postgresql-client of that version or newer. ${(error as Error).message}`,
      );
    }
    await withClient(url, async (_client, query) => {
      const tables = await userTables(query);
      if (tables.length && !options.force) {
        throw new BackupError(
          `The database at DATABASE_URL is not empty (${tables.length} tables, e.g. ${tables.slice(0, 3).join(', ')}): nothing was restored. Restore into an empty database, or pass --force to replace everything in it.`,
        );
      }
    });
    await restoreScript(dump, dbname, env, options.force ? WIPE : '', PROTECT_AUDIT_LOG);
    return manifest;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
