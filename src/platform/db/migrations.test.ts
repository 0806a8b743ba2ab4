import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, createTestDatabase } from '../testing/database.ts';
import { migrateToLatest } from './migrate.ts';

describe('migrations', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('are all applied, and applying again does nothing', async () => {
    expect(await migrateToLatest(database.db)).toEqual([]);
  });

  const uncommented = async (db: Kysely<Database> = database.db) => {
    const tables = await sql<{ name: string }>`
      SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname NOT LIKE 'schema_migration%'
        AND obj_description(c.oid, 'pg_class') IS NULL`.execute(db);
    const columns = await sql<{ name: string }>`
      SELECT c.relname || '.' || a.attname AS name FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname NOT LIKE 'schema_migration%'
        AND col_description(c.oid, a.attnum) IS NULL`.execute(db);
    return [...tables.rows, ...columns.rows].map((r) => r.name);
  };

  it('leave a comment on every table and every column of the application', async () => {
    expect(await uncommented()).toEqual([]);
  });

  it('would notice a column without a comment', async () => {
    await database.db.transaction().execute(async (trx) => {
      await sql`ALTER TABLE district ADD COLUMN probe text`.execute(trx);
      expect(await uncommented(trx)).toEqual(['district.probe']);
      await sql`ALTER TABLE district DROP COLUMN probe`.execute(trx);
    });
  });
});
