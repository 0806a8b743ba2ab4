/**
 * The database: PGlite (the same PostgreSQL, in-process) by default, a PostgreSQL server when
 * DATABASE_URL is set. Both are reached through node-postgres, so Kysely, pg-boss and raw SQL
 * behave identically on either.
 */
import fs from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { preparedStatementName, renamePreparedStatement } from './prepared.ts';
import type { Database } from './schema.ts';

// Dates stay civil dates ('YYYY-MM-DD'): turning them into JS Dates at local midnight shifts them.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);
// bigint counts and sequence numbers fit a JS number for this service's volumes.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value: string) => Number(value));

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  pool: pg.Pool;
  /** Present on the embedded database only. */
  pglite: PGlite | undefined;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  /** A directory for PGlite's files, or 'memory://' for a throwaway database. */
  dataDir?: string | undefined;
  poolSize?: number | undefined;
  /** Load a dumped data directory (a migrated template) instead of creating a database. */
  loadDataDir?: Blob | File | undefined;
  /**
   * How long an idle connection is kept (pg's default, 10 s, when unset). The server keeps them
   * for minutes: between people's clicks its pool shrank and grew again, and each new connection's
   * SCRAM handshake (thousands of HMACs) ran on the event loop among the pages (seen in a CPU
   * profile of the mixed load). Commands and tests keep the default, so a pool left open ends soon.
   */
  idleConnectionMs?: number | undefined;
  /** Told when an idle connection fails (e.g. the server restarts); the pool replaces it. */
  onIdleError?: ((error: Error) => void) | undefined;
}

/**
 * Ends the pool and waits until every connection has really closed. pg-pool's end() resolves
 * once it has *asked* each connection to end; dropping the database straight after (as the
 * tests do) could then kill a connection still closing, an error nobody is listening for.
 */
async function endPool(pool: pg.Pool, destroy: () => Promise<void>): Promise<void> {
  // Every client the pool holds, connecting ones included, is removed once it has ended.
  let remaining = pool.totalCount;
  const closed = new Promise<void>((resolve) => {
    if (remaining === 0) resolve();
    pool.on('remove', () => {
      remaining -= 1;
      if (remaining === 0) resolve();
    });
  });
  await destroy();
  // Kysely ends the pool only if it ever used it; pg-boss and raw queries use it directly.
  if (!pool.ending) await pool.end();
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
}

type Query = (text: unknown, values?: unknown, callback?: unknown) => unknown;

/**
 * Runs the SQL of prepared queries (prepared.ts) as named statements on each of the pool's
 * connections; any other query is passed on as it is.
 */
function usePreparedStatements(pool: pg.Pool) {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as Query;
    const named = async (text: string, values: unknown) => {
      const name = preparedStatementName(text)!;
      try {
        return await query({ name, text, values });
      } catch (error) {
        // A migration changed what the statement returns: prepare it again, under a new name.
        if (
          (error as { code?: string }).code !== '0A000' ||
          !/cached plan must not change result type/.test(String(error))
        )
          throw error;
        try {
          return await query({ name: renamePreparedStatement(text), text, values });
        } catch {
          throw error; // inside a transaction, which the first error aborted
        }
      }
    };
    (client as unknown as { query: Query }).query = (text, values, callback) =>
      typeof text === 'string' &&
      callback === undefined &&
      typeof values !== 'function' &&
      preparedStatementName(text)
        ? named(text, values)
        : query(text, values, callback);
  });
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 20,
      ...(options.idleConnectionMs ? { idleTimeoutMillis: options.idleConnectionMs } : {}),
    });
    usePreparedStatements(pool);
    // Without a listener an idle connection's error would end the process.
    pool.on('error', (error) => options.onIdleError?.(error));
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool }),
      plugins: [new CamelCasePlugin()],
    });
    return { db, kind: 'postgres', pool, pglite: undefined, close: () => endPool(pool, () => db.destroy()) };
  }
  const dataDir = options.dataDir ?? 'memory://';
  if (!dataDir.startsWith('memory://')) fs.mkdirSync(dataDir, { recursive: true });
  // PostgreSQL's default 128 MB buffer cache is sized for a server; the embedded database serves
  // one process, and a small cache keeps its memory (and the service's) well down.
  // Imported here, not at the top: loading PGlite costs 40 MB of memory, which a server on
  // PostgreSQL would carry for nothing.
  const [{ PGlite }, { createPgConfig }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/node-postgres'),
  ]);
  const pglite = new PGlite(dataDir, {
    postgresqlconf: ['shared_buffers = 16MB'],
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  await pglite.waitReady;
  // PGlite has one connection: a pool of one queues every query behind an open transaction.
  const pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig);
  usePreparedStatements(pool);
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
  });
  return {
    db,
    kind: 'pglite',
    pool,
    pglite,
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}
