/**
 * The JSON API through which police record systems send Operation Encompass incidents, as
 * documented in openapi.ts. Machine clients authenticate with a bearer token (clients.ts), so
 * these routes are 'public' to the session guard, carry no CSRF token, and answer only in JSON.
 */
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RouteShorthandOptions,
} from 'fastify';
import type { EncompassServices } from '../page-services.ts';
import { type AuditActor, writeAudit } from '../../../platform/audit/audit-log.ts';
import * as q from '../queries.ts';
import { incidentInput } from '../schema.ts';
import { type ApiClient, authenticateApiClient } from './clients.ts';
import { ENCOMPASS_OPENAPI, INCIDENTS_SCOPE } from './openapi.ts';
import { InputBoundaryError, humanField } from '../../../platform/http/input-boundary.ts';
import { errorForLog } from '../../../platform/logging/logger.ts';

export const API_PREFIX = '/api/v1';
const INCIDENTS = `${API_PREFIX}/encompass/incidents`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REALM = 'Bearer realm="safeguarding-hub"';

interface Authenticated {
  client: ApiClient;
  actor: AuditActor;
}

/** The client behind each authenticated request. */
const authenticated = new WeakMap<FastifyRequest, Authenticated>();

function authOf(request: FastifyRequest): Authenticated {
  const auth = authenticated.get(request);
  if (!auth) throw new Error('API route reached without authentication');
  return auth;
}

function problem(reply: FastifyReply, status: number, error: string, extra: Record<string, unknown> = {}) {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ error, ...extra, requestId: reply.request.id });
}

/**
 * Errors from Fastify itself (a body that is not JSON, too large, of another type) in words, as
 * JSON. A parser's message can quote the body, so it is never passed on.
 */
function apiErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode ?? 500;
  if (status >= 500) {
    request.log.error({ err: errorForLog(error) }, 'API request failed');
    return problem(reply, 500, 'Something went wrong; nothing was saved. Try again later.');
  }
  if (status === 413) return problem(reply, 413, 'The body is too large: at most 1 MB');
  if (status === 415)
    return problem(reply, 415, 'Send the body as JSON, with Content-Type: application/json');
  if (error instanceof InputBoundaryError) {
    return problem(reply, 400, 'The incident was not recorded: correct the problems and send it again', {
      problems: error.problems.map((p) => ({
        path: p.path.replace(/^(body|query|params)\./, ''),
        message: `${humanField(p.field)} ${p.message}: remove it and try again`,
      })),
    });
  }
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError || status === 400) {
    return problem(reply, 400, 'The body is not valid JSON', {
      problems: [{ path: '', message: 'Send the incident as a JSON object' }],
    });
  }
  return problem(reply, status, 'The request could not be handled');
}

export function encompassApiRoutes(app: FastifyInstance, services: EncompassServices): void {
  const { db } = services;

  /** Who the client is and whether it may record incidents: 401 or 403 otherwise. */
  async function authenticate(request: FastifyRequest, reply: FastifyReply) {
    const client = await authenticateApiClient(db, request.headers.authorization);
    if (!client) {
      const error = request.headers.authorization ? `${REALM}, error="invalid_token"` : REALM;
      reply.header('WWW-Authenticate', error);
      return problem(reply, 401, 'Send a valid API token: Authorization: Bearer <token>');
    }
    const actor: AuditActor = {
      userId: null,
      userEmail: `api:${client.name}`,
      role: 'api_client',
      organisationId: client.organisationId,
      ip: request.ip,
      requestId: request.id,
    };
    request.auditActor = actor;
    if (!client.scopes.includes(INCIDENTS_SCOPE)) {
      await writeAudit(db, actor, {
        action: request.method === 'POST' ? 'create' : 'view',
        recordType: 'encompass-incident',
        recordId: request.url.slice(0, 200),
        outcome: 'denied',
      });
      reply.header('WWW-Authenticate', `${REALM}, error="insufficient_scope", scope="${INCIDENTS_SCOPE}"`);
      return problem(reply, 403, `This API client does not have the scope ${INCIDENTS_SCOPE}`);
    }
    authenticated.set(request, { client, actor });
  }

  const machine = { permission: 'public', csrf: false } as const;
  // Authenticated as the request arrives, before its body is read: a stranger's body is never parsed.
  const guarded: RouteShorthandOptions = {
    config: machine,
    onRequest: authenticate,
    errorHandler: apiErrorHandler,
  };

  app.get(
    `${API_PREFIX}/openapi.json`,
    { config: machine, errorHandler: apiErrorHandler },
    async (_request, reply) => {
      reply.header('Cache-Control', 'public, max-age=300');
      return { ...ENCOMPASS_OPENAPI, servers: [{ url: services.config.baseUrl }] };
    },
  );

  app.post(INCIDENTS, { ...guarded, bodyLimit: 1024 * 1024 }, async (request, reply) => {
    const { client, actor } = authOf(request);
    if (!/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
      return problem(reply, 415, 'Send the body as JSON, with Content-Type: application/json');
    }
    const parsed = parseIncident(request.body);
    if (!parsed.success) {
      return problem(reply, 400, 'The incident was not recorded: correct the problems and send it again', {
        problems: parsed.error.issues.map((issue) => ({
          path: issue.path.join('.'),
          message: issue.message,
        })),
      });
    }
    let result: Awaited<ReturnType<typeof services.encompass.recordIncident>>;
    try {
      result = await services.encompass.recordIncident(
        actor,
        { organisationId: client.organisationId, userId: null },
        parsed.data,
      );
    } catch (error) {
      // Two requests with one reference at once: the unique index refuses the second.
      if (isUniqueViolation(error)) return duplicate(reply, client, parsed.data.policeReference, []);
      throw error;
    }
    if (!result.ok) {
      if (result.referenceTaken)
        return duplicate(reply, client, parsed.data.policeReference, result.problems);
      return problem(reply, 400, 'The incident was not recorded: correct the problems and send it again', {
        problems: result.problems,
      });
    }
    reply.header('Location', `${INCIDENTS}/${result.incidentId}`);
    return reply.code(201).send({
      incidentId: result.incidentId,
      notices: result.notices.map((n) => ({
        id: n.id,
        recipient: n.recipient,
        status: n.status,
        dueAt: n.dueAt.toISOString(),
      })),
    });
  });

  /** 409, naming the incident already recorded when it is the client's own force's. */
  async function duplicate(
    reply: FastifyReply,
    client: ApiClient,
    policeReference: string,
    problems: { path: string; message: string }[],
  ) {
    const existing = await q.incidentByReference(db, client.organisationId, policeReference);
    const listed = problems.length
      ? problems
      : [
          {
            path: 'policeReference',
            message: `An incident with police reference ${policeReference} has already been recorded`,
          },
        ];
    return problem(reply, 409, 'An incident with this police reference has already been recorded', {
      problems: listed,
      ...(existing ? { incidentId: existing.id } : {}),
    });
  }

  app.get<{ Params: { id: string } }>(`${INCIDENTS}/:id`, guarded, async (request, reply) => {
    const { client, actor } = authOf(request);
    const id = request.params.id;
    const incident = UUID.test(id) ? await q.incidentForApi(db, id) : undefined;
    if (!incident || incident.organisationId !== client.organisationId) {
      // Another force's incident does not exist for this client; the attempt is kept.
      if (incident)
        await writeAudit(db, actor, {
          action: 'view',
          recordType: 'encompass-incident',
          recordId: id,
          outcome: 'not_found',
        });
      return problem(reply, 404, 'There is no such incident for your force');
    }
    const notices = await q.noticesForApi(db, incident.id);
    await writeAudit(db, actor, { action: 'view', recordType: 'encompass-incident', recordId: incident.id });
    const iso = (d: Date | null) => (d ? d.toISOString() : null);
    return {
      id: incident.id,
      policeReference: incident.policeReference,
      occurredAt: incident.occurredAt.toISOString(),
      attendedAt: incident.attendedAt.toISOString(),
      recordedAt: incident.recordedAt.toISOString(),
      riskLevel: incident.riskLevel,
      notices: notices.map((n) => ({
        id: n.id,
        recipient: n.recipient,
        status: n.status,
        dueAt: n.dueAt.toISOString(),
        createdAt: n.createdAt.toISOString(),
        sentAt: iso(n.sentAt),
        firstViewedAt: iso(n.firstViewedAt),
        acknowledgedAt: iso(n.acknowledgedAt),
        escalatedAt: iso(n.escalatedAt),
        withdrawnAt: iso(n.withdrawnAt),
        action: n.action,
      })),
    };
  });

  // Anything else under the API's prefix: JSON, never the HTML page of the web service.
  app.all(`${API_PREFIX}/*`, { config: machine, errorHandler: apiErrorHandler }, async (_request, reply) =>
    problem(reply, 404, 'There is no such API endpoint; see /api/v1/openapi.json'),
  );
}

/**
 * incidentInput.safeParse, shielded from its cross-field check reading `occurredAt` as a Date
 * when the string was not a date (it throws a TypeError then). Parsed again without the time,
 * the check is skipped and the same problem is listed for occurredAt, with all the others.
 */
function parseIncident(body: unknown) {
  try {
    return incidentInput.safeParse(body);
  } catch (error) {
    if (!(error instanceof TypeError) || !body || typeof body !== 'object' || Array.isArray(body))
      throw error;
    return incidentInput.safeParse({ ...body, occurredAt: undefined });
  }
}

/** PostgreSQL's unique_violation on the police reference (the constraint is named where the driver says). */
function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' && (typeof constraint !== 'string' || constraint.includes('police_reference'));
}
