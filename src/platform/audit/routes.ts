/** The audit log's search page: who viewed or changed which record, and when; in pages, and as CSV. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ROLES, isRole } from '../auth/roles.ts';
import { isCivilDate } from '../calendar/index.ts';
import type { Db } from '../db/client.ts';
import { formError, noErrors } from '../http/forms.ts';
import { pagination, sendCsv } from '../http/route-helpers.ts';
import type { AuditEntry } from '../db/schema.ts';
import { countAuditLog, searchAuditLog, writeAudit } from './audit-log.ts';

const PAGE_SIZE = 50;
/** A CSV export holds at most this many entries: a narrower search gets the rest. */
export const AUDIT_EXPORT_LIMIT = 100_000;

const auditSearch = z.object({
  user: z.string().trim().max(254).optional(),
  child: z.string().trim().optional(),
  from: z.string().trim().optional(),
  to: z.string().trim().optional(),
  page: z.string().optional(),
});

type Search = { userEmail?: string; childId?: string; from?: string; to?: string };

/** The search, or the problems with it in words: a bad filter is never silently ignored. */
function readSearch(query: unknown) {
  const raw = auditSearch.safeParse(query ?? {});
  const values = raw.success ? raw.data : {};
  const errors = noErrors();
  const search: Search = {};
  if (values.user) {
    if (!/^[^@\s]+@[^@\s]+$/.test(values.user))
      formError('user', 'Enter the user’s email address, like name@example.org', errors);
    else search.userEmail = values.user;
  }
  if (values.child) {
    if (!z.uuid().safeParse(values.child).success)
      formError('child', 'Enter the child’s record id as shown on their record, like 3f2b…', errors);
    else search.childId = values.child;
  }
  for (const key of ['from', 'to'] as const) {
    const value = values[key];
    if (!value) continue;
    if (!isCivilDate(value))
      formError(
        key,
        `Enter the ${key === 'from' ? 'first' : 'last'} date as YYYY-MM-DD, a real date`,
        errors,
      );
    else search[key] = value;
  }
  if (search.from && search.to && search.from > search.to)
    formError('to', 'The last date must be the same as or after the first', errors);
  const page = Number(values.page ?? '1');
  return { search, values, errors, page: Number.isInteger(page) && page >= 1 ? page : 1 };
}

/** An entry in words: the role's name, the action, what it was about. */
function described(e: AuditEntry) {
  return {
    ...e,
    roleLabel: e.role ? (isRole(e.role) ? ROLES[e.role].label : e.role) : '',
    actionText: e.action.includes(':')
      ? `use ${e.action.replace(/[:-]/g, ' ')}`
      : e.action.replace(/-/g, ' '),
    recordText: `${e.recordType.replace(/-/g, ' ')}${e.recordId ? ` ${e.recordId}` : ''}`,
    outcomeText: e.outcome === 'not_found' ? 'not found (out of scope)' : e.outcome,
  };
}

export function auditRoutes(app: FastifyInstance, deps: { db: Db }): void {
  app.get('/audit', { config: { permission: 'audit:search' } }, async (request, reply) => {
    const { search, values, errors, page } = readSearch(request.query);
    if (errors.summary.length) {
      reply.code(400);
      return reply.page('pages/audit.njk', {
        title: 'Audit log',
        entries: [],
        search: values,
        errors,
        total: 0,
      });
    }
    const total = await countAuditLog(deps.db, search);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const params = (extra: Record<string, string>) =>
      new URLSearchParams({
        ...Object.fromEntries(Object.entries(values).filter(([k, v]) => v && k !== 'page')),
        ...extra,
      }).toString();
    const entries =
      page > pages
        ? []
        : await searchAuditLog(deps.db, { ...search, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    return reply.page('pages/audit.njk', {
      title: 'Audit log',
      entries: entries.map(described),
      search: values,
      total,
      page,
      pages,
      beyond: page > pages,
      firstShown: (page - 1) * PAGE_SIZE + 1,
      lastShown: (page - 1) * PAGE_SIZE + entries.length,
      csvHref: `/audit.csv?${params({})}`,
      pagination: pagination(Math.min(page, pages), pages, (p) => `/audit?${params({ page: String(p) })}`),
    });
  });

  app.get('/audit.csv', { config: { permission: 'audit:search' } }, async (request, reply) => {
    const { search, errors } = readSearch(request.query);
    if (errors.summary.length) {
      reply.code(400);
      return reply.send({ error: errors.summary.map((e) => e.text).join('. ') });
    }
    const entries = await searchAuditLog(deps.db, { ...search, limit: AUDIT_EXPORT_LIMIT });
    // An export of the audit log is itself an event worth auditing.
    await writeAudit(deps.db, request.auditActor, {
      action: 'export',
      recordType: 'audit-log',
      recordId: null,
    });
    return sendCsv(reply, 'audit-log.csv', [
      [
        'entry',
        'when',
        'who',
        'role',
        'action',
        'record type',
        'record',
        'child',
        'outcome',
        'reason',
        'from',
      ],
      ...entries.map((e) => {
        const d = described(e);
        return [
          `${e.lane}·${e.seq}`,
          e.at.toISOString(),
          e.userEmail ?? 'anonymous',
          d.roleLabel,
          d.actionText,
          e.recordType,
          e.recordId ?? '',
          e.childId ?? '',
          d.outcomeText,
          e.reason ?? '',
          e.ip ?? '',
        ];
      }),
    ]);
  });
}
