/**
 * The safety net for a route that declares an audit event: outside production, a response that
 * says the action succeeded — any 2xx, and a 3xx the handler answered (the redirect after a POST)
 * — fails with 500 when the route wrote no entry. A refusal, a form shown again or a 404 needs none.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissionTable } from '../../modules.ts';
import { loadConfig } from '../config/index.ts';
import { type TestDatabase, createTestDatabase } from '../testing/database.ts';
import { NotFoundError } from './errors.ts';
import { createMetrics } from './metrics.ts';
import { registerPipeline } from './plugins.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const audit = { action: 'update', recordType: 'probe' };

describe('the audit safety net', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    app = Fastify();
    await registerPipeline(app, {
      config,
      db: database.db,
      metrics: createMetrics(),
      navigation: [],
      permissions: permissionTable,
      viewDirs: [path.resolve(here, '../../modules')],
    });
    const open = { permission: 'public' as const, csrf: false as const, audit };
    app.post('/probe/saved-unaudited', { config: open }, async (_request, reply) =>
      reply.redirect('/probe', 303),
    );
    app.post('/probe/saved', { config: open }, async (request, reply) => {
      await request.audit(database.db, { recordId: 1 });
      return reply.redirect('/probe', 303);
    });
    app.post('/probe/saved-through-a-service', { config: open }, async (request, reply) => {
      await database.db.transaction().execute((trx) => request.auditWriter(trx, { ...audit, recordId: 2 }));
      return reply.redirect('/probe', 303);
    });
    app.get('/probe/shown-unaudited', { config: open }, async () => 'a record');
    app.post('/probe/invalid', { config: open }, async (_request, reply) =>
      reply.code(400).send('the form again, with its errors'),
    );
    app.get('/probe/missing', { config: open }, async () => {
      throw new NotFoundError();
    });
    app.get(
      '/probe/signed-in-only',
      { config: { permission: 'registry:browse', audit } },
      async () => 'never reached',
    );
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('fails a redirect after a POST that wrote no audit entry', async () => {
    const response = await app.inject({ method: 'POST', url: '/probe/saved-unaudited' });
    expect(response.statusCode).toBe(500);
    expect(response.body).toBe('Audit entry missing');
  });

  it('lets a redirect through once the entry is written, by request.audit or request.auditWriter', async () => {
    expect((await app.inject({ method: 'POST', url: '/probe/saved' })).statusCode).toBe(303);
    expect((await app.inject({ method: 'POST', url: '/probe/saved-through-a-service' })).statusCode).toBe(
      303,
    );
  });

  it('fails a page shown without its entry', async () => {
    expect((await app.inject({ method: 'GET', url: '/probe/shown-unaudited' })).statusCode).toBe(500);
  });

  it('asks nothing of a form shown again, a missing record, or the redirect to sign in', async () => {
    expect((await app.inject({ method: 'POST', url: '/probe/invalid' })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/probe/missing' })).statusCode).toBe(404);
    const signIn = await app.inject({
      method: 'GET',
      url: '/probe/signed-in-only',
      headers: { accept: 'text/html' },
    });
    expect(signIn.statusCode).toBe(303);
    expect(signIn.headers.location).toBe('/sign-in?returnTo=%2Fprobe%2Fsigned-in-only');
  });
});
