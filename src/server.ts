/** Starts the service: database, migrations, services, HTTP; stops cleanly on a signal. */
import { createApp, createServices, stopServices } from './app.ts';
import { startClockAt } from './platform/clock.ts';
import type { Config } from './platform/config/index.ts';
import { type DatabaseHandle, openDatabase } from './platform/db/client.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import { createLogger } from './platform/logging/logger.ts';

export async function startServer(
  config: Config,
  hooks: { beforeStart?: (database: DatabaseHandle) => Promise<void> } = {},
) {
  const logger = createLogger(config.logLevel);
  if (config.clockStart) {
    startClockAt(config.clockStart);
    logger.warn({ clockStart: config.clockStart }, 'a training copy: the clock was started at CLOCK_START');
  }
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    idleConnectionMs: 5 * 60_000,
    onIdleError: (error) =>
      logger.warn({ err: error }, 'an idle database connection failed; the pool will open another'),
  });
  await migrateToLatest(database.db);
  await hooks.beforeStart?.(database);
  const services = await createServices(config, database, logger);
  const app = await createApp(services);
  await app.listen({ port: config.port, host: config.host });
  console.log(
    `Safeguarding Hub is running at ${config.baseUrl} (database: ${database.kind === 'pglite' ? `embedded, in ${config.dataDir}` : 'PostgreSQL'})`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await app.close();
    await stopServices(services);
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  return { app, services, database };
}
