/**
 * The server's database, read with `pg` from the test: a PostgreSQL database made for one test
 * file (and dropped after it), or the server's PGlite data directory, opened in the test process
 * while the server is not running (PGlite allows one process at a time).
 */
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import pg from 'pg';

/** A PostgreSQL server on which the role may create databases (CI sets TEST_DATABASE_URL). */
export const POSTGRES_URL = process.env.E2E_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;

export interface SqlClient {
  query<T extends object = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

function clientOf(client: pg.Client, after: () => Promise<void> = async () => undefined): SqlClient {
  return {
    async query<T extends object>(text: string, values?: unknown[]) {
      return (await client.query(text, values)).rows as T[];
    },
    async close() {
      await client.end().catch(() => undefined);
      await after();
    },
  };
}

export async function connect(url: string): Promise<SqlClient> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return clientOf(client);
}

/** Opens a PGlite data directory in this process: only while no server has it open. */
export async function openPglite(dataDir: string): Promise<SqlClient> {
  const pglite = new PGlite(dataDir);
  await pglite.waitReady;
  const client = new pg.Client(createPgConfig(pglite) as unknown as pg.ClientConfig);
  await client.connect();
  return clientOf(client, () => pglite.close());
}

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** CREATE DATABASE e2e_<label>_<random> on the server of `serverUrl`; `drop` removes it. */
export async function createScratchDatabase(serverUrl: string, label: string): Promise<ScratchDatabase> {
  const name = `e2e_${label}_${randomBytes(4).toString('hex')}`;
  const admin = await connect(serverUrl);
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.close();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const again = await connect(serverUrl);
      try {
        // FORCE: a connection the server or the CLI left behind must not keep the database.
        await again.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await again.close();
      }
    },
  };
}
