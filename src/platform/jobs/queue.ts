/**
 * The durable job queue: pg-boss, in the same database as everything else, so a job enqueued
 * in an action's transaction exists exactly when the action does. On PGlite it runs through the
 * same single-connection pool as the app, which queues its queries behind open transactions.
 */
import { CompiledQuery, type Transaction } from 'kysely';
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../db/client.ts';
import type { Database } from '../db/schema.ts';

export type JobHandler<T> = (data: T, job: { id: string; retryCount: number }) => Promise<void>;

export interface JobQueue {
  /** Enqueues inside the caller's transaction: the job commits or rolls back with it. */
  sendInTrx<T extends object>(
    trx: Transaction<Database>,
    name: string,
    data: T,
    options?: PgBoss.SendOptions,
  ): Promise<string | null>;
  send<T extends object>(name: string, data: T, options?: PgBoss.SendOptions): Promise<string | null>;
  /** Many jobs in one statement, inside the caller's transaction (singleton keys still apply). */
  insertInTrx(trx: Transaction<Database>, jobs: PgBoss.JobInsert[]): Promise<void>;
  work<T>(name: string, handler: JobHandler<T>): Promise<void>;
  boss: PgBoss;
  stop(): Promise<void>;
}

/** Jobs fetched at once by a worker (see work()). */
export const WORKER_BATCH_SIZE = 25;

/** Retries with exponential backoff: a failed email is tried again for about an hour. */
export const DEFAULT_JOB_OPTIONS: PgBoss.SendOptions = { retryLimit: 8, retryDelay: 15, retryBackoff: true };

export async function startJobQueue(
  database: DatabaseHandle,
  logger: Logger,
  queues: readonly string[],
): Promise<JobQueue> {
  // Loaded when the queue starts: a process run with JOBS=off, or a command, never needs it.
  const { default: Boss } = await import('pg-boss');
  const boss = new Boss({
    db: {
      executeSql: async (text: string, values: unknown[]) => {
        const result = await database.pool.query(text, values?.length ? values : undefined);
        // A multi-statement query returns one result per statement; pg-boss wants the last.
        const last = Array.isArray(result) ? result[result.length - 1] : result;
        return { rows: last?.rows ?? [] };
      },
    },
    schema: 'pgboss',
    supervise: true,
    schedule: false,
  });
  boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
  await boss.start();
  // Two processes starting together on a new database deadlock in createQueue: one creates the
  // queues at a time, under a lock held on a connection of its own. (The embedded database is
  // one connection and one process: nothing to wait for there.)
  const lock = database.kind === 'postgres' ? await database.pool.connect() : null;
  try {
    await lock?.query('SELECT pg_advisory_lock(7343)');
    for (const name of queues) {
      await boss.createQueue(name);
    }
  } finally {
    await lock?.query('SELECT pg_advisory_unlock(7343)').catch(() => undefined);
    lock?.release();
  }
  return {
    boss,
    async sendInTrx(trx, name, data, options) {
      return boss.send(name, data, {
        ...DEFAULT_JOB_OPTIONS,
        ...options,
        db: {
          executeSql: async (text: string, values: unknown[]) => {
            const result = await trx.executeQuery(CompiledQuery.raw(text, values));
            return { rows: result.rows as unknown[] };
          },
        },
      });
    },
    async insertInTrx(trx, jobs) {
      if (!jobs.length) return;
      await boss.insert(
        jobs.map((job) => ({
          retryLimit: DEFAULT_JOB_OPTIONS.retryLimit,
          retryDelay: DEFAULT_JOB_OPTIONS.retryDelay,
          retryBackoff: DEFAULT_JOB_OPTIONS.retryBackoff,
          ...job,
        })),
        {
          db: {
            executeSql: async (text: string, values: unknown[]) => {
              const result = await trx.executeQuery(CompiledQuery.raw(text, values));
              return { rows: result.rows as unknown[] };
            },
          },
        },
      );
    },
    send(name, data, options) {
      return boss.send(name, data, { ...DEFAULT_JOB_OPTIONS, ...options });
    },
    async work<T>(name: string, handler: JobHandler<T>) {
      // A worker waits a second between fetches, so a batch of one sent one email a second: a
      // burst of 1,000 incidents left half an hour of arrival emails queued. A batch of 25 sends
      // them in about a minute.
      await boss.work<T>(name, { pollingIntervalSeconds: 1, batchSize: WORKER_BATCH_SIZE }, async (jobs) => {
        for (const job of jobs) {
          try {
            await handler(job.data, { id: job.id, retryCount: 0 });
          } catch (error) {
            // One job's failure is its own: it is failed (and retried later); the rest of the
            // batch completes when this returns (pg-boss completes only jobs still active).
            logger.warn({ err: error, queue: name, jobId: job.id }, 'job failed; it will be retried');
            await boss.fail(name, job.id, {
              message: error instanceof Error ? error.message : String(error),
            });
          }
        }
      });
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 5_000 });
    },
  };
}
