/**
 * The test app with the monitoring module: built as buildTestApp builds it, and the module's
 * routes registered before the app is ready unless MODULES in app.ts already holds it.
 */
import { createApp, createServices, stopServices } from '../../../app.ts';
import { loadConfig } from '../../../platform/config/index.ts';
import type { Mailer } from '../../../platform/email/mailer.ts';
import { createLogger } from '../../../platform/logging/logger.ts';
import type { TestApp } from '../../../platform/testing/app.ts';
import { createTestDatabase } from '../../../platform/testing/database.ts';
import { encompassMonitoringModule } from './routes.ts';

export async function buildMonitoringTestApp(options: { jobs?: boolean; mailer?: Mailer; env?: Record<string, string> } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JOBS: options.jobs ? 'on' : 'off', SIGN_IN_RATE_PER_MINUTE: '1000', ...options.env });
  const services = await createServices(config, database, createLogger('silent'), {
    jobs: options.jobs ?? false,
    ...(options.mailer ? { mailer: options.mailer } : {}),
  });
  const app = await createApp(services);
  if (!app.hasRoute({ method: 'GET', url: '/encompass/dashboard' })) {
    await encompassMonitoringModule.routes(app, services);
  }
  await app.ready();
  return {
    app,
    services,
    database,
    db: database.db,
    close: async () => {
      await app.close();
      await stopServices(services);
      await database.close();
    },
  };
}
