/**
 * The request pipeline every route shares, as small named steps assembled in order by app.ts:
 * security headers, cookies and forms, CSRF, sign-in state, the permission guard, audit checks.
 */
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { AuditActor, AuditEntryParameter, AuditEvent, AuditWriter } from '../audit/audit-log.ts';
import { appendAudit, appendAudits, auditEntryParameter, writeAudit } from '../audit/audit-log.ts';
import {
  type Permission,
  type PermissionTable,
  Permissions,
  type RecordFacts,
  type SignedInUser,
} from '../auth/permissions.ts';
import { ROLES } from '../auth/roles.ts';
import { cookieNames, findSessionUser, sessionId } from '../auth/sessions.ts';
import { registerStepUp } from '../auth/step-up.ts';
import type { Config } from '../config/index.ts';
import type { Db } from '../db/client.ts';
import type { Database } from '../db/schema.ts';
import { NotFoundError } from './errors.ts';
import type { Metrics } from './metrics.ts';
import { registerInputBoundary } from './input-boundary.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { createViewEnvironment, govukDist } from './views.ts';
import type { NavigationItem } from '../modules/define-module.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface RouteAudit {
  action: string;
  recordType: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every route declares who may reach it: a permission, or 'public'. Undeclared routes fail at start-up. */
    permission?: Permission | 'public';
    /** The audit event the route writes, declared where the route is registered. */
    audit?: RouteAudit;
    /** Routes for machine clients authenticate otherwise and carry no CSRF token. */
    csrf?: false;
  }
  interface FastifyRequest {
    user: SignedInUser | null;
    permissions: Permissions;
    auditActor: AuditActor;
    auditWritten: boolean;
    /** The route's handler ran: the guard and the other hooks let the request through. */
    handlerReached: boolean;
    /** Writes the route's declared audit event inside the action's transaction. */
    audit(trx: Kysely<Database>, event?: Partial<AuditEvent> | readonly AuditEvent[]): Promise<void>;
    /** The same writer, for services that open their own transaction: the one way a route's audit is written. */
    readonly auditWriter: AuditWriter;
    /**
     * Reads one record and appends the route's audit entry in the same statement: `read` puts
     * auditAppended(entry) in its select list and answers the row, or undefined when there is
     * none (and so no entry). One round trip where read-then-audit took two.
     */
    auditedRead<T>(
      event: Partial<AuditEvent>,
      read: (entry: AuditEntryParameter) => Promise<T | undefined>,
    ): Promise<T | undefined>;
    /**
     * For a service that appends the route's entries in its own statement, with the request's
     * actor (auditAppendCall): the number audit_append_many answered. None is not an audit.
     */
    noteAuditAppended(count: number): void;
    /** Loads nothing: checks a loaded record against the user's scope; 404 and an audit entry if outside it. */
    authorise(
      permission: Permission,
      facts: RecordFacts,
      record?: { type: string; id: string | number; childId?: string },
    ): Promise<void>;
  }
  interface FastifyReply {
    page(template: string, data?: Record<string, unknown>): FastifyReply;
  }
}

export interface PipelineOptions {
  config: Config;
  db: Db;
  metrics: Metrics;
  navigation: NavigationItem[];
  /** Every module's rules, merged. */
  permissions: PermissionTable;
  viewDirs: string[];
}

export { createViewEnvironment } from './views.ts';

/** The browser features no page here uses, turned off for every page. */
export const PERMISSIONS_POLICY =
  'accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()';

export async function registerPipeline(app: FastifyInstance, options: PipelineOptions): Promise<void> {
  const { config, db, metrics, navigation, permissions: permissionTable } = options;

  // Default deny: a route that does not say who may reach it stops the app from starting.
  app.addHook('onRoute', (route) => {
    // Static files (the GOV.UK assets, our CSS and script) are the only routes public by location.
    if (!route.config?.permission && /^\/(assets|static)\//.test(route.url)) {
      route.config = { ...route.config, permission: 'public' };
    }
    const permission = route.config?.permission;
    if (!permission) {
      throw new Error(
        `Route ${route.method} ${route.url} declares no permission (use 'public' for open pages)`,
      );
    }
    if (permission !== 'public' && !permissionTable.has(permission)) {
      throw new Error(
        `Route ${route.method} ${route.url} names permission ${permission}, which no module declares`,
      );
    }
    // Noted when the handler itself runs, so that its redirects count as the action's success.
    const handler = route.handler;
    route.handler = function (request, reply) {
      request.handlerReached = true;
      return handler.call(this, request, reply);
    };
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const unsafe = methods.some((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m));
    if (unsafe && route.config?.csrf !== false) {
      const existing = route.preHandler
        ? Array.isArray(route.preHandler)
          ? route.preHandler
          : [route.preHandler]
        : [];
      route.preHandler = [app.csrfProtection.bind(app), ...existing];
    }
  });

  // Helmet's headers and a nonce'd Content-Security-Policy, written out once (security-headers.ts).
  registerSecurityHeaders(app, { secure: config.secureCookies });
  // Nothing a page or the API answers may be kept by a browser or a proxy: most of it is personal
  // data. Only the design system's files and our own static files are cached (they set their own).
  app.addHook('onRequest', (request, reply, done) => {
    const raw = reply.raw;
    raw.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    if (!/^\/(assets|static)\//.test(request.url)) raw.setHeader('Cache-Control', 'no-store');
    done();
  });
  await app.register(cookie, { secret: config.sessionSecret });
  await app.register(formbody, { bodyLimit: 1_048_576 });
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: 10 * 1024 * 1024, files: 1 },
    // Keeps the name of the file the user chose beside it (`file` → `fileName`), so a page can
    // say which file it read; without this the key-value body has the bytes only.
    async onFile(part) {
      (part as unknown as { value: Buffer }).value = await part.toBuffer();
      (part.fields as Record<string, unknown>)[`${part.fieldname}Name`] = { value: part.filename };
    },
  });
  // After multipart, whose own hook puts the uploaded fields and file into the body first.
  registerInputBoundary(app);
  const names = cookieNames(config.secureCookies);
  const csrfBinding = (request: FastifyRequest): string => {
    const token = request.cookies[names.session];
    return token ? sessionId(token) : 'signed-out';
  };
  await app.register(csrf, {
    cookieKey: names.csrf,
    // Each token is bound to the session it was made for: a token from another session, or from
    // before signing in, is refused.
    getUserInfo: csrfBinding,
    csrfOpts: { hmacKey: createHash('sha256').update(`csrf:${config.sessionSecret}`).digest() },
    cookieOpts: { httpOnly: true, sameSite: 'lax', secure: config.secureCookies, path: '/', signed: true },
    getToken: (request) =>
      (request.body as Record<string, string> | undefined)?._csrf ??
      (request.headers['x-csrf-token'] as string),
  });
  await app.register(rateLimit, { global: false });
  await app.register(fastifyStatic, {
    root: [path.join(govukDist, 'govuk'), path.join(govukDist, 'govuk/assets')],
    prefix: '/assets/',
    maxAge: '1d',
  });
  // accessible-autocomplete's built files, as govuk-frontend's are (a GOV.UK select made type-ahead).
  await app.register(fastifyStatic, {
    root: path.join(govukDist, '../../accessible-autocomplete/dist'),
    prefix: '/assets/accessible-autocomplete/',
    decorateReply: false,
    maxAge: '1d',
  });
  await app.register(fastifyStatic, {
    root: path.join(here, '../views/static'),
    prefix: '/static/',
    decorateReply: false,
  });
  const viewEnv = createViewEnvironment(options.viewDirs, { brand: config.brand });

  app.decorateRequest('user', null);
  app.decorateRequest('permissions', null as unknown as Permissions);
  app.decorateRequest('auditActor', null as unknown as AuditActor);
  app.decorateRequest('auditWritten', false);
  app.decorateRequest('handlerReached', false);

  app.decorateRequest(
    'audit',
    async function (
      this: FastifyRequest,
      trx: Kysely<Database>,
      event?: Partial<AuditEvent> | readonly AuditEvent[],
    ) {
      if (isEventList(event)) {
        await appendAudits(trx, this.auditActor, event);
        this.auditWritten = true;
        return;
      }
      const declared = this.routeOptions.config.audit;
      if (!declared && !event?.action)
        throw new Error(`Route ${this.routeOptions.url} writes an audit entry it does not declare`);
      await appendAudit(trx, this.auditActor, {
        action: event?.action ?? declared!.action,
        recordType: event?.recordType ?? declared!.recordType,
        recordId: event?.recordId ?? null,
        childId: event?.childId ?? null,
        reason: event?.reason ?? null,
        outcome: event?.outcome ?? 'success',
      });
      this.auditWritten = true;
    },
  );

  app.decorateRequest('auditedRead', async function <
    T,
  >(this: FastifyRequest, event: Partial<AuditEvent>, read: (entry: AuditEntryParameter) => Promise<T | undefined>) {
    const declared = this.routeOptions.config.audit;
    if (!declared && !event.action)
      throw new Error(`Route ${this.routeOptions.url} writes an audit entry it does not declare`);
    const entry = auditEntryParameter(this.auditActor, {
      action: event.action ?? declared!.action,
      recordType: event.recordType ?? declared!.recordType,
      recordId: event.recordId ?? null,
      childId: event.childId ?? null,
      reason: event.reason ?? null,
      outcome: event.outcome ?? 'success',
    });
    const row = await read(entry);
    if (row !== undefined) this.auditWritten = true;
    return row;
  });

  app.decorateRequest('noteAuditAppended', function (this: FastifyRequest, count: number) {
    if (count > 0) this.auditWritten = true;
  });

  app.decorateRequest('auditWriter', {
    getter(this: FastifyRequest): AuditWriter {
      return (executor, event) => this.audit(executor, event);
    },
  });

  app.decorateRequest(
    'authorise',
    async function (
      this: FastifyRequest,
      permission: Permission,
      facts: RecordFacts,
      record?: { type: string; id: string | number; childId?: string },
    ) {
      if (this.permissions.can(permission, facts)) return;
      // Outside the user's scope a record does not exist for them; the attempt is kept.
      await writeAudit(db, this.auditActor, {
        action: this.routeOptions.config.audit?.action ?? permission,
        recordType: record?.type ?? this.routeOptions.config.audit?.recordType ?? 'unknown',
        recordId: record?.id ?? null,
        childId: record?.childId ?? null,
        outcome: 'not_found',
      });
      throw new NotFoundError();
    },
  );

  app.decorateReply(
    'page',
    function (this: FastifyReply, template: string, data: Record<string, unknown> = {}) {
      const request = this.request;
      const user = request.user;
      const role = user?.role;
      const items = user
        ? navigation.filter((item) => item.inMenu && request.permissions.allows(item.permission))
        : [];
      const currentPath = request.url.split('?')[0] ?? '/';
      const context = {
        ...data,
        user,
        roleLabel: role ? ROLES[role].label : null,
        whatsNewCount: request.whatsNewCount,
        cspNonce: this.cspNonce?.script,
        csrfToken: this.generateCsrf({ userInfo: csrfBinding(request) }),
        navigation: user
          ? [
              { text: 'Home', href: '/', active: currentPath === '/' },
              ...items.map((item) => ({
                text: item.text,
                href: item.href,
                active: currentPath.startsWith(item.href),
              })),
            ]
          : [],
        errors: data.errors ?? { summary: [], byField: {} },
        values: data.values ?? {},
      };
      // Sent as bytes, encoded once: a string reply is measured (Buffer.byteLength) and then
      // encoded again when written, and a page is some 25 KB.
      const started = performance.now();
      const html = Buffer.from(viewEnv.render(template, context), 'utf8');
      metrics.pageRender.labels(template).observe((performance.now() - started) / 1000);
      return this.type('text/html; charset=utf-8').send(html);
    },
  );

  // Who is signed in, and the per-request permissions object.
  app.addHook('onRequest', async (request) => {
    // Static files and the bare route need no user: no session look-up for them.
    const open =
      request.routeOptions.config?.permission === 'public' &&
      /^\/(assets|static)\/|^\/ping$/.test(request.url);
    const token = open ? undefined : request.cookies[names.session];
    request.user = token ? await findSessionUser(db, token, config.sessionIdleMinutes) : null;
    request.permissions = new Permissions(request.user, permissionTable);
    request.auditActor = {
      userId: request.user?.id ?? null,
      userEmail: request.user?.email ?? null,
      role: request.user?.role ?? null,
      organisationId: request.user?.organisationId ?? null,
      ip: request.ip,
      requestId: request.id,
    };
  });

  // The guard: signed in, and a role that may ever do what the route does.
  app.addHook('preHandler', async (request, reply) => {
    const permission = request.routeOptions.config.permission;
    if (!permission || permission === 'public') return;
    if (!request.user) {
      if (request.method === 'GET' && request.headers.accept?.includes('text/html')) {
        return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(request.url)}`, 303);
      }
      return reply.code(401).send({ error: 'Sign in first' });
    }
    if (!request.permissions.allows(permission)) {
      await writeAudit(db, request.auditActor, {
        action: request.routeOptions.config.audit?.action ?? permission,
        recordType: request.routeOptions.config.audit?.recordType ?? 'page',
        recordId: request.url.slice(0, 200),
        outcome: 'denied',
      });
      reply.code(403);
      return reply.page('pages/error.njk', {
        title: 'You do not have access to this page',
        paragraphs: [
          'Your role does not allow this. If you think it should, ask the partnership business unit.',
        ],
      });
    }
  });

  // After the guard: the second factor a role needs, and the step-up some routes ask (step-up.ts).
  registerStepUp(app, { db, config });

  // A route that declares an audit event must write it whenever its action succeeded: any 2xx,
  // and any 3xx its handler answered (the redirect after a POST; not the guard's redirect to sign
  // in). A form shown again (400), a refusal or a 404 needs no entry. Catches the omission in tests.
  app.addHook('onSend', async (request, reply, payload) => {
    const declared = request.routeOptions.config?.audit;
    const status = reply.statusCode;
    const succeeded = status < 300 || (status < 400 && request.handlerReached);
    if (declared && succeeded && !request.auditWritten) {
      request.log.error(
        { route: request.routeOptions.url },
        'audited route answered without writing its audit entry',
      );
      if (config.env !== 'production') {
        reply.code(500);
        return 'Audit entry missing';
      }
    }
    return payload;
  });

  // The request id on every response, so a user's report can be found in the logs.
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  app.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration
      .labels(request.method, request.routeOptions.url ?? 'unmatched', String(reply.statusCode))
      .observe(reply.elapsedTime / 1000);
  });
}

function isEventList(
  event: Partial<AuditEvent> | readonly AuditEvent[] | undefined,
): event is readonly AuditEvent[] {
  return Array.isArray(event);
}

export function requestId(): string {
  return randomUUID();
}
