/** The audit log's search page: who viewed or changed which record, and when; in pages, and as CSV. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ROLES, isRole } from '../auth/roles.ts';
import type { Db } from '../db/client.ts';
import { foldDateParts, readDateInput } from '../http/fields.ts';
import { dateFormError, formError, noErrors } from '../http/forms.ts';
import { pagination, sendCsv } from '../http/route-helpers.ts';
import type { AuditEntry } from '../db/schema.ts';
import { countAuditLog, searchAuditLog, writeAudit } from './audit-log.ts';

const PAGE_SIZE = 50;
/** A CSV export holds at most this many entries: a narrower search gets the rest. */
export const AUDIT_EXPORT_LIMIT = 100_000;

const auditSearch = z.object({
  user: z.string().trim().max(254).optional(),
  child: z.string().trim().optional(),
  page: z.string().optional(),
});

type Search = { userEmail?: string; childId?: string; from?: string; to?: string };

/** The date filters: GOV.UK date inputs (from-day, from-month, from-year…), or YYYY-MM-DD in a link. */
const DATE_FILTERS = { from: 'The first date', to: 'The last date' } as const;

/** The search, or the problems with it in words: a bad filter is never silently ignored. */
function readSearch(query: unknown) {
  const folded = (foldDateParts(query ?? {}) ?? {}) as Record<string, unknown>;
  const raw = auditSearch.safeParse(folded);
  const values: Record<string, unknown> = { ...(query as object), ...(raw.success ? raw.data : {}) };
  const errors = noErrors();
  const search: Search = {};
  if (raw.success && raw.data.user) {
    if (!/^[^@\s]+@[^@\s]+$/.test(raw.data.user))
      formError('user', 'Enter the user’s email address, like name@example.org', errors);
    else search.userEmail = raw.data.user;
  }
  if (raw.success && raw.data.child) {
    if (!z.uuid().safeParse(raw.data.child).success)
      formError('child', 'Enter the child’s record id as shown on their record, like 3f2b…', errors);
    else search.childId = raw.data.child;
  }
  for (const key of ['from', 'to'] as const) {
    const read = readDateInput(folded[key], DATE_FILTERS[key]);
    if ('problem' in read) formError(key, read.problem.message, errors, read.problem.parts);
    else if ('date' in read) search[key] = read.date;
  }
  if (search.from && search.to && search.from > search.to)
    dateFormError('to', 'The last date must be the same as or after the first', errors);
  const page = Number((raw.success && raw.data.page) || '1');
  // Links (pages, CSV) carry the dates as YYYY-MM-DD, whichever way they were typed.
  const linkValues: Record<string, string> = {};
  for (const key of ['user', 'child'] as const)
    if (raw.success && raw.data[key]) linkValues[key] = raw.data[key];
  for (const key of ['from', 'to'] as const) if (search[key]) linkValues[key] = search[key];
  return { search, values, linkValues, errors, page: Number.isInteger(page) && page >= 1 ? page : 1 };
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
    const { search, values, linkValues, errors, page } = readSearch(request.query);
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
      new URLSearchParams({ ...linkValues, ...extra }).toString();
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
