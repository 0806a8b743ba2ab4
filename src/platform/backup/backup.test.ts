import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, appendAudits, verifyAuditChain } from '../audit/audit-log.ts';
import { type DatabaseHandle, openDatabase } from '../db/client.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { seedSmallPartnership } from '../testing/app.ts';
import { dropTestDatabase } from '../testing/database.ts';
import { inventory } from './inventory.ts';
import { BackupError, RestoreCheckError, backupDatabase, readBackupFile, restoreDatabase } from './index.ts';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A little of everything: the registry, users' audit trail, and entries on several lanes. */
async function seedALittle(database: DatabaseHandle) {
  await migrateToLatest(database.db);
  await seedSmallPartnership(database.db);
  for (let k = 0; k < 5; k++) {
    await appendAudits(database.db, SYSTEM_ACTOR, [
      { action: 'view', recordType: 'setting', recordId: k },
      { action: 'update', recordType: 'setting', recordId: k, reason: `change ${k}` },
    ]);
  }
}

const countsOf = async (database: DatabaseHandle) =>
  (await inventory(async (text) => (await database.pool.query(text)).rows)).rows;

/** Changes one byte of a copy of the file, at a fraction of its length. */
function tampered(file: string, at: number): string {
  const bytes = fs.readFileSync(file);
  const position = Math.floor(bytes.length * at);
  bytes[position] = bytes[position]! ^ 0x01;
  const copy = `${file}.tampered-${at}`;
  fs.writeFileSync(copy, bytes);
  return copy;
}

describe('backup and restore of the embedded database', () => {
  // Made in beforeAll, not here: a describe's body runs even when its tests are skipped.
  let work: string;
  let source: string;
  let file: string;
  let before: Record<string, number>;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'sgh-backup-'));
    source = path.join(work, 'source');
    file = path.join(work, 'hub.backup');
    const database = await openDatabase({ dataDir: source });
    await seedALittle(database);
    before = await countsOf(database);
    await database.close();
  }, 120_000);
  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('round-trips: every table’s rows and the audit chain are the same in a fresh data directory', async () => {
    const manifest = await backupDatabase({ dataDir: source }, file);
    expect(manifest.kind).toBe('pglite');
    expect(manifest.rows).toEqual(before);
    expect(manifest.auditEntries).toBe(10);
    expect(fs.statSync(file).mode & 0o077).toBe(0);

    const target = path.join(work, 'restored');
    const result = await restoreDatabase({ dataDir: target }, file, { force: false });
    expect(result.auditEntries).toBe(10);
    const restored = await openDatabase({ dataDir: target });
    try {
      expect(await countsOf(restored)).toEqual(before);
      expect(before.district).toBe(2);
      expect(before.setting).toBe(3);
      expect(await verifyAuditChain(restored.db)).toEqual({ ok: true, entries: 10 });
    } finally {
      await restored.close();
    }

    // A database that holds tables is replaced only with --force, and the old one is kept aside.
    await expect(restoreDatabase({ dataDir: target }, file, { force: false })).rejects.toThrow(
      /is not empty/,
    );
    const forced = await restoreDatabase({ dataDir: target }, file, { force: true });
    expect(forced.replacedMovedTo).toMatch(/restored\.before-restore-/);
    expect(fs.existsSync(path.join(forced.replacedMovedTo!, 'PG_VERSION'))).toBe(true);
  }, 120_000);

  it('refuses a backup with one byte changed, in the dump or in the manifest, before touching anything', async () => {
    if (!fs.existsSync(file)) await backupDatabase({ dataDir: source }, file);
    for (const at of [0.5, 0.9]) {
      const target = path.join(work, `tampered-${at}`);
      const error = await restoreDatabase({ dataDir: target }, tampered(file, at), { force: true }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(BackupError);
      expect((error as Error).message).toMatch(/does not match its checksum/);
      expect(fs.existsSync(target)).toBe(false);
    }
    // A byte of the manifest line (the third line).
    const bytes = fs.readFileSync(file);
    const manifestAt = bytes.indexOf('"kind"');
    bytes[manifestAt + 1] = 'K'.charCodeAt(0);
    fs.writeFileSync(`${file}.manifest`, bytes);
    await expect(readBackupFile(`${file}.manifest`, 'memory')).rejects.toThrow(/does not match its checksum/);
  }, 120_000);

  it('refuses to back up a data directory another process has open, or to restore over files that are not a database', async () => {
    const open = await openDatabase({ dataDir: source });
    try {
      await expect(backupDatabase({ dataDir: source }, path.join(work, 'while-open.backup'))).rejects.toThrow(
        /is open in another process/,
      );
    } finally {
      await open.close();
    }
    expect(fs.existsSync(path.join(work, 'while-open.backup'))).toBe(false);
    if (!fs.existsSync(file)) await backupDatabase({ dataDir: source }, file);
    const notADatabase = path.join(work, 'documents');
    fs.mkdirSync(notADatabase);
    fs.writeFileSync(path.join(notADatabase, 'minutes.txt'), 'keep me');
    await expect(restoreDatabase({ dataDir: notADatabase }, file, { force: true })).rejects.toThrow(
      /holds files but no database/,
    );
    expect(fs.readFileSync(path.join(notADatabase, 'minutes.txt'), 'utf8')).toBe('keep me');
  }, 120_000);

  it('fails loudly when the restored audit chain does not verify', async () => {
    const broken = path.join(work, 'broken-source');
    fs.cpSync(source, broken, { recursive: true });
    const database = await openDatabase({ dataDir: broken });
    // Only a superuser bypassing the trigger can do this: the backup then carries a broken chain.
    await database.pool.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await database.pool.query("UPDATE audit_log SET reason = 'rewritten' WHERE reason = 'change 3'");
    await database.close();
    const brokenFile = path.join(work, 'broken.backup');
    await backupDatabase({ dataDir: broken }, brokenFile);
    const error = await restoreDatabase({ dataDir: path.join(work, 'from-broken') }, brokenFile, {
      force: false,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestoreCheckError);
    expect((error as Error).message).toMatch(/audit log does not verify: Entry \d+ of lane \d+ was altered/);
  }, 120_000);

  it('is the CLI’s backup and restore, which refuse a tampered file with a non-zero exit', async () => {
    const env = { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'silent' };
    const cliFile = path.join(work, 'cli.backup');
    const backup = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'backup', cliFile], {
      cwd: root,
      env: { ...env, DATA_DIR: source },
    });
    expect(backup.stdout).toMatch(/Backed up the embedded database .* 10 audit entries/);
    const target = path.join(work, 'cli-restored');
    const restore = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'restore', cliFile], {
      cwd: root,
      env: { ...env, DATA_DIR: target },
    });
    expect(restore.stdout).toMatch(/the audit log is intact with 10 entries/);
    const refused = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'restore', '--force', tampered(cliFile, 0.7)],
      { cwd: root, env: { ...env, DATA_DIR: target } },
    ).catch((e: { code: number; stderr: string }) => e);
    expect((refused as { code: number }).code).toBe(2);
    expect((refused as { stderr: string }).stderr).toMatch(/does not match its checksum/);
  }, 120_000);
});

const serverUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!serverUrl)('backup and restore of PostgreSQL (pg_dump, pg_restore)', () => {
  let work: string;
  const names: string[] = [];
  const urlOf = (name: string) => {
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    return url.toString();
  };
  async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }
  async function createDatabase(): Promise<string> {
    const name = `sgh_backup_${randomBytes(5).toString('hex')}`;
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
    names.push(name);
    return urlOf(name);
  }
  let sourceUrl: string;
  let before: Record<string, number>;
  let file: string;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'sgh-pg-backup-'));
    file = path.join(work, 'hub.backup');
    sourceUrl = await createDatabase();
    const database = await openDatabase({ databaseUrl: sourceUrl, poolSize: 2 });
    await seedALittle(database);
    before = await countsOf(database);
    await database.close();
  }, 120_000);
  afterAll(async () => {
    await admin(async (c) => {
      for (const name of names) await dropTestDatabase(c, name);
    });
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('round-trips into a fresh database, refuses a non-empty one without --force, and replaces it with', async () => {
    const manifest = await backupDatabase({ databaseUrl: sourceUrl, dataDir: work }, file);
    expect(manifest.kind).toBe('postgres');
    expect(manifest.dumpedWith).toMatch(/pg_dump \(PostgreSQL\) \d+/);
    expect(manifest.rows).toEqual(before);

    const targetUrl = await createDatabase();
    const result = await restoreDatabase({ databaseUrl: targetUrl, dataDir: work }, file, { force: false });
    expect(result.auditEntries).toBe(10);
    const restored = await openDatabase({ databaseUrl: targetUrl, poolSize: 2 });
    try {
      expect(await countsOf(restored)).toEqual(before);
      expect(await verifyAuditChain(restored.db)).toEqual({ ok: true, entries: 10 });
      // The audit log is append-only again after the restore.
      await expect(restored.pool.query('DELETE FROM audit_log')).rejects.toThrow();
      // A change after the backup, which a forced restore must take away.
      await restored.pool.query(`INSERT INTO district (code, name) VALUES ('EAST', 'Eastbrook')`);
    } finally {
      await restored.close();
    }

    await expect(
      restoreDatabase({ databaseUrl: targetUrl, dataDir: work }, file, { force: false }),
    ).rejects.toThrow(/is not empty/);
    await restoreDatabase({ databaseUrl: targetUrl, dataDir: work }, file, { force: true });
    const replaced = await openDatabase({ databaseUrl: targetUrl, poolSize: 2 });
    try {
      expect(await countsOf(replaced)).toEqual(before);
    } finally {
      await replaced.close();
    }
  }, 120_000);

  it('refuses a tampered backup and leaves the database untouched', async () => {
    if (!fs.existsSync(file)) await backupDatabase({ databaseUrl: sourceUrl, dataDir: work }, file);
    const targetUrl = await createDatabase();
    await expect(
      restoreDatabase({ databaseUrl: targetUrl, dataDir: work }, tampered(file, 0.6), { force: true }),
    ).rejects.toThrow(/does not match its checksum/);
    const tables = await new Promise<number>((resolve, reject) => {
      const c = new pg.Client({ connectionString: targetUrl });
      c.connect()
        .then(() => c.query("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'"))
        .then((r) => resolve(Number(r.rows[0].n)))
        .catch(reject)
        .finally(() => void c.end());
    });
    expect(tables).toBe(0);
  }, 120_000);

  it('will not restore a PostgreSQL backup into the embedded database', async () => {
    if (!fs.existsSync(file)) await backupDatabase({ databaseUrl: sourceUrl, dataDir: work }, file);
    await expect(
      restoreDatabase({ dataDir: path.join(work, 'embedded') }, file, { force: false }),
    ).rejects.toThrow(/restores only into PostgreSQL/);
  }, 60_000);
});
