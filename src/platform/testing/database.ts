/**
 * A fresh, migrated database per test file, fast: on PGlite a migrated template is dumped once
 * per machine (keyed by the migrations' contents) and loaded in about a second; on PostgreSQL
 * (TEST_DATABASE_URL) a template database is migrated once and each file gets a copy.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../db/client.ts';
import { MIGRATIONS_DIR, migrateToLatest } from '../db/migrate.ts';

function migrationsKey(): string {
  const hash = createHash('sha256');
  for (const file of fs.readdirSync(MIGRATIONS_DIR).sort()) {
    hash.update(file).update(fs.readFileSync(path.join(MIGRATIONS_DIR, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

async function pgliteTemplate(): Promise<Blob> {
  const file = path.join(os.tmpdir(), `safeguarding-hub-template-${migrationsKey()}.tar.gz`);
  if (!fs.existsSync(file)) {
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(database.db);
    const dump = await database.pglite!.dumpDataDir('gzip');
    await database.close();
    // Written under a temporary name and renamed, so parallel test files never read half a file.
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(partial, file);
  }
  return new Blob([fs.readFileSync(file)]);
}

async function postgresCopy(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const template = `sgh_template_${migrationsKey()}`;
  try {
    // One test file at a time builds the template; the others wait on the lock.
    await admin.query('SELECT pg_advisory_lock(7341)');
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${template}`);
      const target = new URL(url);
      target.pathname = `/${template}`;
      const database = await openDatabase({ databaseUrl: target.toString(), poolSize: 2 });
      await migrateToLatest(database.db);
      await database.close();
    }
    const name = `sgh_test_${randomBytes(6).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    const copy = new URL(url);
    copy.pathname = `/${name}`;
    return {
      url: copy.toString(),
      drop: async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        try {
          await dropTestDatabase(c, name);
        } finally {
          await c.end();
        }
      },
    };
  } finally {
    await admin.query('SELECT pg_advisory_unlock(7341)');
    await admin.end();
  }
}

/**
 * Drops a test's database, ending its other connections. `WITH (FORCE)` refuses, for a role that is
 * not a superuser, when an autovacuum worker is in the database (a freshly restored or filled one
 * often has one): plain DROP DATABASE then stops the worker itself and waits for it.
 */
export async function dropTestDatabase(client: pg.Client, name: string): Promise<void> {
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } catch (error) {
    if ((error as { code?: string }).code !== '42501') throw error;
    await client.query(`DROP DATABASE IF EXISTS ${name}`);
  }
}

export interface TestDatabase extends DatabaseHandle {
  /** Which server the suite runs on this time. */
  server: 'pglite' | 'postgres';
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const copy = await postgresCopy(url);
    const database = await openDatabase({ databaseUrl: copy.url, poolSize: 10 });
    return {
      ...database,
      server: 'postgres',
      close: async () => {
        await database.close();
        await copy.drop();
      },
    };
  }
  const database = await openDatabase({ dataDir: 'memory://', loadDataDir: await pgliteTemplate() });
  return { ...database, server: 'pglite' };
}
