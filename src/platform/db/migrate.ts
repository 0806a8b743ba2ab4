/**
 * Numbered SQL migrations from ./migrations, applied in order inside one transaction each,
 * through Kysely's Migrator (which keeps the ledger and a lock on PostgreSQL).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Migration, type MigrationProvider, type MigrationResultSet, Migrator, sql } from 'kysely';
import type { Db } from './client.ts';

export const MIGRATIONS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../migrations',
);

class SqlFileMigrationProvider implements MigrationProvider {
  constructor(private readonly dir: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    for (const name of await migrationNames(this.dir)) {
      const text = await fs.readFile(path.join(this.dir, `${name}.sql`), 'utf8');
      migrations[name] = {
        up: async (db) => {
          await sql.raw(text).execute(db);
        },
      };
    }
    return migrations;
  }
}

/** The migration files' names, in order (without .sql). */
async function migrationNames(dir: string): Promise<string[]> {
  return (await fs.readdir(dir))
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => f.replace(/\.sql$/, ''));
}

/**
 * True when every migration is already in the ledger: two queries, where Kysely's Migrator takes
 * its lock and runs about ten (a third of a second at every start on the embedded database).
 */
async function upToDate(db: Db, dir: string): Promise<boolean> {
  const ledger = await sql<{
    exists: boolean;
  }>`SELECT to_regclass('schema_migration') IS NOT NULL AS exists`.execute(db);
  if (!ledger.rows[0]?.exists) return false;
  const { rows } = await sql<{ name: string }>`SELECT name FROM schema_migration ORDER BY name`.execute(db);
  const applied = rows.map((r) => r.name);
  const names = await migrationNames(dir);
  return applied.length === names.length && names.every((name, i) => applied[i] === name);
}

export async function migrateToLatest(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  if (await upToDate(db, dir)) return [];
  const migrator = new Migrator({
    db,
    provider: new SqlFileMigrationProvider(dir),
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
  });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
