/**
 * The one composition root: data access → services (from the module list, `modules.ts`) → the
 * app. Tests build the same app with a database of their own.
 */
import { timingSafeEqual } from 'node:crypto';
import { InputBoundaryError, humanField } from './platform/http/input-boundary.ts';
import { calendarRoutes } from './platform/calendar/routes.ts';
import { errorForLog, requestLoggerWhenUsed } from './platform/logging/logger.ts';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { auditRoutes } from './platform/audit/routes.ts';
import { authRoutes } from './platform/auth/routes.ts';
import { registerPipeline, requestId } from './platform/http/plugins.ts';
import { type Services, navigation, permissionTable, registerModuleRoutes } from './modules.ts';

export { type Services, createServices, stopServices } from './modules.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export async function createApp(services: Services): Promise<FastifyInstance> {
  const { config, db } = services;
  const app: FastifyInstance = Fastify({
    loggerInstance: services.logger as FastifyBaseLogger,
    genReqId: () => requestId(),
    childLoggerFactory: (logger, bindings, options) =>
      requestLoggerWhenUsed(logger as never, bindings, options) as unknown as FastifyBaseLogger,
    requestIdHeader: false,
    // Only the configured proxies may say who the client is: otherwise anyone could forge the
    // address the throttle and the audit log rely on.
    trustProxy: config.trustProxy.length ? config.trustProxy : false,
    bodyLimit: 10 * 1024 * 1024,
  });
  const viewDirs = [path.join(here, 'modules')];
  await registerPipeline(app, {
    config,
    db,
    metrics: services.metrics,
    navigation,
    permissions: permissionTable,
    viewDirs,
  });

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
  // For the scraper only, with its token; without METRICS_TOKEN configured there are no metrics.
  const metricsAuthorization = config.metricsToken ? Buffer.from(`Bearer ${config.metricsToken}`) : null;
  app.get('/metrics', { config: { permission: 'public' } }, async (request, reply) => {
    const given = Buffer.from(request.headers.authorization ?? '');
    if (!metricsAuthorization) return reply.code(404).send({ error: 'Not found' });
    if (given.length !== metricsAuthorization.length || !timingSafeEqual(given, metricsAuthorization)) {
      return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'A token is needed' });
    }
    reply.type(services.metrics.registry.contentType);
    return services.metrics.registry.metrics();
  });

  authRoutes(app, { db, config, navigation, calendar: services.calendar, jobs: services.jobs });
  auditRoutes(app, { db, children: services.children });
  calendarRoutes(app, { db, calendar: services.calendar });
  await registerModuleRoutes(app, services);

  app.setNotFoundHandler({}, (request, reply) => {
    reply.code(404);
    if (!request.permissions) return reply.send({ error: 'Not found' });
    return reply.page('pages/error.njk', {
      title: 'Page not found',
      paragraphs: [
        'If you typed the web address, check it is correct.',
        'If you pasted the web address, check you copied the entire address.',
      ],
    });
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: errorForLog(error) }, 'request failed');
    reply.code(status);
    const wantsHtml = request.headers.accept?.includes('text/html') && request.permissions;
    if (error instanceof InputBoundaryError) {
      const problems = error.problems.map((p) => ({
        path: p.path.replace(/^body\./, ''),
        message: `${humanField(p.field)} ${p.message}: remove it and try again`,
      }));
      if (!wantsHtml)
        return reply.send({
          error: 'Nothing was saved: correct the problems and send it again',
          problems,
          requestId: request.id,
        });
      return reply.page('pages/error.njk', {
        title: 'There is a problem with what you entered',
        paragraphs: [
          ...problems.map((p) => p.message),
          'Go back, correct it and try again. Nothing was saved.',
        ],
      });
    }
    if (!wantsHtml) {
      return reply.send({
        error: status >= 500 ? 'Something went wrong' : error.message,
        requestId: request.id,
      });
    }
    if (status === 404) {
      return reply.page('pages/error.njk', {
        title: 'Page not found',
        paragraphs: ['The page or record does not exist, or is not one you can see.'],
      });
    }
    if (status === 403 && error.code === 'FST_CSRF_INVALID_TOKEN') {
      return reply.page('pages/error.njk', {
        title: 'Your form has expired',
        paragraphs: [
          'For your security the form could not be accepted. Go back, refresh the page and try again.',
        ],
      });
    }
    if (status === 403) {
      return reply.page('pages/error.njk', {
        title: 'You do not have access to this page',
        paragraphs: ['If you think you should, ask the partnership business unit.'],
      });
    }
    if (status === 429) {
      return reply.page('pages/error.njk', {
        title: 'Too many attempts',
        paragraphs: ['Wait a minute, then try again.'],
      });
    }
    if (status < 500) {
      return reply.page('pages/error.njk', {
        title: 'There is a problem with your request',
        paragraphs: [error.message],
      });
    }
    return reply.page('pages/error.njk', {
      title: 'Sorry, there is a problem with the service',
      paragraphs: ['Try again later. Nothing you entered on this page was saved.'],
      requestId: request.id,
    });
  });
  return app;
}
