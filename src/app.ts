/**
 * The one composition root: data access → services → the app. Tests build the same app with a
 * database of their own.
 */
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { authRoutes } from './platform/auth/routes.ts';
import type { WorkingDayCalendar } from './platform/calendar/index.ts';
import type { Config } from './platform/config/index.ts';
import type { DatabaseHandle } from './platform/db/client.ts';
import { type Mailer, createMailer } from './platform/email/mailer.ts';
import { EMAIL_QUEUE, type EmailJob, deliverEmail } from './platform/email/outbox.ts';
import { createMetrics, type Metrics } from './platform/http/metrics.ts';
import type { AppModule, NavigationItem } from './platform/http/module.ts';
import { registerPipeline, requestId } from './platform/http/plugins.ts';
import { type JobQueue, startJobQueue } from './platform/jobs/queue.ts';
import { sql } from 'kysely';
import { encompassApiRoutes } from './modules/encompass/api/routes.ts';
import { encompassMonitoringModule } from './modules/encompass/monitoring/routes.ts';
import { encompassModule } from './modules/encompass/routes.ts';
import { ESCALATION_QUEUE, EncompassService } from './modules/encompass/service.ts';
import { registryModule } from './modules/registry/routes.ts';
import { childrenModule } from './modules/children/routes.ts';
import { ChildrenService } from './modules/children/service.ts';
import { RegistryService } from './modules/registry/service.ts';
import { loadWorkingDayCalendar } from './modules/registry/calendar.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface Services {
  config: Config;
  database: DatabaseHandle;
  db: DatabaseHandle['db'];
  logger: Logger;
  metrics: Metrics;
  mailer: Mailer;
  jobs: JobQueue | null;
  calendar: WorkingDayCalendar;
  registry: RegistryService;
  children: ChildrenService;
  encompass: EncompassService;
}

/** The modules, in the order their links appear. A new module is one line here. */
export const MODULES: AppModule<Services>[] = [registryModule, childrenModule, encompassModule, encompassMonitoringModule];

export const JOB_QUEUES = [EMAIL_QUEUE, ESCALATION_QUEUE] as const;

export async function createServices(
  config: Config,
  database: DatabaseHandle,
  logger: Logger,
  options: { jobs?: boolean; mailer?: Mailer } = {},
): Promise<Services> {
  const db = database.db;
  const mailer = options.mailer ?? createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, logger });
  const jobs = options.jobs ?? config.runJobs ? await startJobQueue(database, logger, JOB_QUEUES) : null;
  const calendar = await loadWorkingDayCalendar(db);
  const registry = new RegistryService(db);
  const services: Services = {
    config,
    database,
    db,
    logger,
    metrics: createMetrics(),
    mailer,
    jobs,
    calendar,
    registry,
    children: new ChildrenService(db),
    encompass: new EncompassService(
      db,
      registry,
      () => services.calendar,
      () => services.jobs,
      config.baseUrl,
    ),
  };
  if (jobs) {
    await jobs.work<EmailJob>(EMAIL_QUEUE, async (email) => {
      await deliverEmail(db, mailer, email);
    });
    await jobs.work<{ noticeId: string }>(ESCALATION_QUEUE, async ({ noticeId }) => {
      await services.encompass.escalateWhenDue(noticeId);
    });
  }
  return services;
}

export async function stopServices(services: Services): Promise<void> {
  // A duplicate search in progress finishes (or fails) before the database closes.
  await services.children.lastRun();
  await services.jobs?.stop();
  services.mailer.close();
}

export async function createApp(services: Services): Promise<FastifyInstance> {
  const { config, db } = services;
  const app: FastifyInstance = Fastify({
    loggerInstance: services.logger as FastifyBaseLogger,
    genReqId: () => requestId(),
    requestIdHeader: false,
    trustProxy: config.env === 'production',
    bodyLimit: 10 * 1024 * 1024,
  });
  const navigation: NavigationItem[] = MODULES.flatMap((module) => [...module.navigation]);
  const viewDirs = [path.join(here, 'modules')];
  await registerPipeline(app, { config, db, metrics: services.metrics, navigation, viewDirs });

  // A route that does nothing: the baseline the benchmarks compare real pages with.
  app.get('/ping', { config: { permission: 'public' } }, async () => 'ok');

  app.get('/health', { config: { permission: 'public' } }, async (_request, reply) => {
    try {
      await sql`SELECT 1`.execute(db);
      return { status: 'ok', database: services.database.kind };
    } catch {
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
  app.get('/metrics', { config: { permission: 'public' } }, async (_request, reply) => {
    reply.type(services.metrics.registry.contentType);
    return services.metrics.registry.metrics();
  });

  authRoutes(app, { db, config, navigation });
  for (const module of MODULES) {
    await module.routes(app, services);
  }
  // Machine clients (police record systems): bearer tokens, JSON only, described in OpenAPI.
  encompassApiRoutes(app, services);

  app.setNotFoundHandler({}, (request, reply) => {
    reply.code(404);
    if (!request.permissions) return reply.send({ error: 'Not found' });
    return reply.page('pages/error.njk', {
      title: 'Page not found',
      paragraphs: ['If you typed the web address, check it is correct.', 'If you pasted the web address, check you copied the entire address.'],
    });
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    reply.code(status);
    const wantsHtml = request.headers.accept?.includes('text/html') && request.permissions;
    if (!wantsHtml) {
      return reply.send({ error: status >= 500 ? 'Something went wrong' : error.message, requestId: request.id });
    }
    if (status === 404) {
      return reply.page('pages/error.njk', { title: 'Page not found', paragraphs: ['The page or record does not exist, or is not one you can see.'] });
    }
    if (status === 403 && error.code === 'FST_CSRF_INVALID_TOKEN') {
      return reply.page('pages/error.njk', {
        title: 'Your form has expired',
        paragraphs: ['For your security the form could not be accepted. Go back, refresh the page and try again.'],
      });
    }
    if (status === 403) {
      return reply.page('pages/error.njk', {
        title: 'You do not have access to this page',
        paragraphs: ['If you think you should, ask the partnership business unit.'],
      });
    }
    if (status === 429) {
      return reply.page('pages/error.njk', { title: 'Too many attempts', paragraphs: ['Wait a minute, then try again.'] });
    }
    if (status < 500) {
      return reply.page('pages/error.njk', { title: 'There is a problem with your request', paragraphs: [error.message] });
    }
    return reply.page('pages/error.njk', {
      title: 'Sorry, there is a problem with the service',
      paragraphs: ['Try again later. Nothing you entered on this page was saved.'],
      requestId: request.id,
    });
  });
  return app;
}
