import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, createTestDatabase } from '../testing/database.ts';
import { preparedQuery, preparedStatementName } from './prepared.ts';

describe('prepared queries', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await sql`CREATE TABLE prepared_probe (id integer PRIMARY KEY, name text NOT NULL, flag boolean NOT NULL DEFAULT false)`.execute(
      database.db,
    );
    await sql`INSERT INTO prepared_probe (id, name) VALUES (1, 'one'), (2, 'two'), (3, 'three')`.execute(
      database.db,
    );
  });
  afterAll(async () => {
    await database.close();
  });

  // The probe table is not in the Database type: the queries below go through `sql`.
  const byRange = preparedQuery(
    (_db, from: number, to: number) =>
      sql<{
        id: number;
        name: string;
      }>`SELECT id, name FROM prepared_probe WHERE id BETWEEN ${from} AND ${to} AND name <> ${'none'} ORDER BY id`,
  );

  it('fills in each call’s arguments, keeps the build’s own constants, and maps columns to camelCase', async () => {
    expect(await byRange.execute(database.db, 1, 2)).toEqual([
      { id: 1, name: 'one' },
      { id: 2, name: 'two' },
    ]);
    expect(await byRange.execute(database.db, 3, 9)).toEqual([{ id: 3, name: 'three' }]);
    expect(await byRange.takeFirst(database.db, 7, 9)).toBeUndefined();
    const kysely = preparedQuery((db, userId: string) =>
      db.selectFrom('userSession').select(['userId', 'lastSeenAt']).where('userId', '=', userId),
    );
    expect(await kysely.execute(database.db, '00000000-0000-0000-0000-000000000000')).toEqual([]);
  });

  it('runs as a named statement, parsed once per connection, in a transaction too', async () => {
    const probe = preparedQuery(
      (_db, id: number) =>
        sql<{
          name: string;
          prepared: number;
        }>`SELECT name, (SELECT count(*) FROM pg_prepared_statements WHERE NOT from_sql)::int AS prepared FROM prepared_probe WHERE id = ${id}`,
    );
    await database.db.connection().execute(async (connection) => {
      const first = await probe.takeFirst(connection, 1);
      const second = await probe.takeFirst(connection, 2);
      expect(first?.name).toBe('one');
      expect(second?.name).toBe('two');
      // The statement itself is among the connection's prepared statements, once.
      expect(second!.prepared).toBe(first!.prepared);
      expect(first!.prepared).toBeGreaterThanOrEqual(1);
    });
    const inTransaction = await database.db.transaction().execute((trx) => probe.takeFirst(trx, 3));
    expect(inTransaction?.name).toBe('three');
  });

  it('prepares again when a migration changes what a statement returns', async () => {
    const all = preparedQuery(
      (_db, id: number) => sql<Record<string, unknown>>`SELECT * FROM prepared_probe WHERE id = ${id}`,
    );
    await database.db.connection().execute(async (connection) => {
      expect(Object.keys((await all.takeFirst(connection, 1))!)).toEqual(['id', 'name', 'flag']);
      const before = preparedStatementName(all.sqlFor(connection));
      await sql`ALTER TABLE prepared_probe ADD COLUMN extra text`.execute(connection);
      expect(Object.keys((await all.takeFirst(connection, 1))!)).toEqual(['id', 'name', 'flag', 'extra']);
      expect(preparedStatementName(all.sqlFor(connection))).not.toBe(before);
    });
  });

  it('refuses a build that does not use an argument as a value', async () => {
    const wrong = preparedQuery((_db, id: number) => sql<{ n: number }>`SELECT ${id > 0 ? 1 : 2} AS n`);
    await expect(wrong.execute(database.db, 1)).rejects.toThrow(/must use argument 1 as a value/);
  });
});
