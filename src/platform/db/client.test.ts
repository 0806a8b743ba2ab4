import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './client.ts';

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('the PostgreSQL pool', () => {
  it('has closed every connection when close() returns, so the database can be dropped at once', async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const name = `sgh_close_${process.pid}`;
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      for (let round = 0; round < 5; round++) {
        const target = new URL(url!);
        target.pathname = `/${name}`;
        const database = await openDatabase({ databaseUrl: target.toString(), poolSize: 6 });
        let opened = 0;
        let ended = 0;
        database.pool.on('connect', () => opened++);
        database.pool.on('remove', () => ended++);
        // Six connections at once, all idle when close() is called (pg-pool's end() then
        // resolves before they have closed); in odd rounds one is still busy.
        const busy = Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            sql`SELECT pg_sleep(${i === 5 && round % 2 ? 0.2 : 0.01})`.execute(database.db),
          ),
        );
        if (round % 2) await new Promise((resolve) => setTimeout(resolve, 50));
        else await busy;
        await database.close();
        // Every connection has ended by the time close() returns, not merely been asked to.
        expect(ended).toBe(opened);
        expect(opened).toBe(6);
        await busy;
        const open = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [
          name,
        ]);
        expect(open.rows[0].n).toBe(0);
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });

  it('reports an idle connection that the server ends, instead of crashing the process', async () => {
    const errors: Error[] = [];
    const database = await openDatabase({
      databaseUrl: url!,
      poolSize: 2,
      onIdleError: (error) => errors.push(error),
    });
    try {
      const pid = (await database.pool.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      await admin.end();
      await expect.poll(() => errors.length).toBe(1);
      // The pool opens a new connection for the next query.
      expect((await database.pool.query('SELECT 1 AS one')).rows[0].one).toBe(1);
    } finally {
      await database.close();
    }
  });
});
