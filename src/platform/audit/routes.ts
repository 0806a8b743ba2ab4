/** The audit log's search page: who viewed or changed which record, and when; in pages, and as CSV. */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { ROLES, isRole } from '../auth/roles.ts';
import type { Db } from '../db/client.ts';
import { foldDateParts, readDateInput } from '../http/fields.ts';
import { dateFormError, formError, noErrors } from '../http/forms.ts';
import { pagination, sendCsv } from '../http/route-helpers.ts';
import type { AuditEntry } from '../db/schema.ts';
import { countAuditLog, searchAuditLog, writeAudit } from './audit-log.ts';
import { actionInWords, partInWords } from './words.ts';

/**
 * The child index's names, as the children module's service gives them. The platform imports no
 * module (src/modules.test.ts): app.ts hands the service in, and its shape is all the audit
 * search knows of it. Without it the log shows children by record id.
 */
export interface ChildNames {
  childrenByIds(ids: readonly string[]): Promise<
    readonly {
      id: string;
      givenName: string | null;
      familyName: string | null;
      dateOfBirth: string | null;
    }[]
  >;
}

export interface AuditRouteDeps {
  db: Db;
  children?: ChildNames | undefined;
}

const PAGE_SIZE = 50;
/** A CSV export holds at most this many entries: a narrower search gets the rest. */
export const AUDIT_EXPORT_LIMIT = 100_000;

const auditSearch = z.object({
  user: z.string().trim().max(254).optional(),
  child: z.string().trim().optional(),
  page: z.string().optional(),
});

type Search = {
  userEmail?: string;
  userEmails?: string[];
  childId?: string;
  from?: string;
  to?: string;
};

/** The date filters: GOV.UK date inputs (from-day, from-month, from-year…), or YYYY-MM-DD in a link. */
const DATE_FILTERS = { from: 'The first date', to: 'The last date' } as const;

/**
 * The search, or the problems with it in words: a bad filter is never silently ignored. The user
 * is an email address or a name (any account whose name it is); a name no account has is refused.
 */
async function readSearch(db: Db, query: unknown) {
  const folded = (foldDateParts(query ?? {}) ?? {}) as Record<string, unknown>;
  const raw = auditSearch.safeParse(folded);
  const values: Record<string, unknown> = { ...(query as object), ...(raw.success ? raw.data : {}) };
  const errors = noErrors();
  const search: Search = {};
  if (raw.success && raw.data.user) {
    const user = raw.data.user;
    if (user.includes('@')) {
      if (!/^[^@\s]+@[^@\s]+$/.test(user))
        formError('user', 'Enter the user’s email address, like name@example.org, or their name', errors);
      else search.userEmail = user;
    } else {
      const words = user.toLowerCase().split(/\s+/).filter(Boolean);
      let accounts = db.selectFrom('authAccount').select('email');
      for (const word of words)
        accounts = accounts.where(
          sql<string>`lower(given_name || ' ' || family_name)`,
          'like',
          `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
        );
      const found = await accounts.limit(50).execute();
      if (!found.length)
        formError(
          'user',
          `No user is called ${user}: enter their name or email address as on their account`,
          errors,
        );
      else search.userEmails = found.map((a) => a.email);
    }
  }
  if (raw.success && raw.data.child) {
    if (!z.uuid().safeParse(raw.data.child).success)
      formError(
        'child',
        'Enter the child’s record id as shown on their record, or find the child by name and date of birth',
        errors,
      );
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

/** Who did it and which child it was about, by name, for the entries shown. */
async function namesFor(
  db: Db,
  children: ChildNames | undefined,
  entries: readonly AuditEntry[],
  alsoChildId?: string,
) {
  const userIds = [...new Set(entries.map((e) => e.userId).filter((id): id is string => Boolean(id)))];
  const childIds = [
    ...new Set([...entries.map((e) => e.childId), alsoChildId].filter((id): id is string => Boolean(id))),
  ];
  const users = userIds.length
    ? await db
        .selectFrom('authAccount')
        .select(['id', 'givenName', 'familyName'])
        .where('id', 'in', userIds)
        .execute()
    : [];
  const found = children && childIds.length ? await children.childrenByIds(childIds) : [];
  return {
    users: new Map(users.map((u) => [u.id, `${u.givenName} ${u.familyName}`.trim()])),
    children: new Map(
      found.map((c) => [
        c.id,
        [c.givenName, c.familyName].filter(Boolean).join(' ') || 'A child without a name yet',
      ]),
    ),
  };
}
type Names = Awaited<ReturnType<typeof namesFor>>;

/** An entry in words: who by name, the role's name, the action, what it was about (a child by name). */
function described(e: AuditEntry, names: Names) {
  const userName = e.userId ? names.users.get(e.userId) : undefined;
  const childName = e.childId ? names.children.get(e.childId) : undefined;
  const record = `${partInWords(e.recordType)}${e.recordId && e.recordId !== e.childId ? ` ${e.recordId}` : ''}`;
  return {
    ...e,
    userName: userName ?? '',
    whoText: userName ? `${userName} (${e.userEmail})` : (e.userEmail ?? 'anonymous'),
    roleLabel: e.role ? (isRole(e.role) ? ROLES[e.role].label : e.role) : '',
    actionText: actionInWords(e.action),
    childName: childName ?? '',
    recordText: childName
      ? `${record === partInWords('child') ? '' : `${record}, about `}${childName}`
      : `${e.recordType.replace(/-/g, ' ')}${e.recordId ? ` ${e.recordId}` : ''}`,
    outcomeText: e.outcome === 'not_found' ? 'not found (out of scope)' : e.outcome,
  };
}

/** Each child named on the page is a read of the child index: audited with the page. */
const childrenNamed = (names: Names) =>
  [...names.children.keys()].map((childId) => ({
    action: 'view',
    recordType: 'child',
    recordId: childId,
    childId,
    reason: 'named in the audit log',
  }));

export function auditRoutes(app: FastifyInstance, deps: AuditRouteDeps): void {
  app.get('/audit', { config: { permission: 'audit:search' } }, async (request, reply) => {
    const { search, values, linkValues, errors, page } = await readSearch(deps.db, request.query);
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
    const names = await namesFor(deps.db, deps.children, entries, search.childId);
    await request.audit(deps.db, childrenNamed(names));
    const childFilterName = search.childId ? (names.children.get(search.childId) ?? '') : '';
    return reply.page('pages/audit.njk', {
      title: 'Audit log',
      entries: entries.map((e) => described(e, names)),
      search: values,
      childFilterName,
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
    const { search, errors } = await readSearch(deps.db, request.query);
    if (errors.summary.length) {
      reply.code(400);
      return reply.send({ error: errors.summary.map((e) => e.text).join('. ') });
    }
    const entries = await searchAuditLog(deps.db, { ...search, limit: AUDIT_EXPORT_LIMIT });
    const names = await namesFor(deps.db, deps.children, entries);
    await request.audit(deps.db, childrenNamed(names));
    // An export of the audit log is itself an event worth auditing.
    await writeAudit(deps.db, request.auditActor, {
      action: 'export',
      recordType: 'audit-log',
      recordId: null,
      reason: `${entries.length} entries, naming ${names.children.size} children`,
    });
    return sendCsv(reply, 'audit-log.csv', [
      [
        'entry',
        'when',
        'who',
        'name',
        'role',
        'action',
        'record type',
        'record',
        'child',
        'child name',
        'outcome',
        'reason',
        'from',
      ],
      ...entries.map((e) => {
        const d = described(e, names);
        return [
          `${e.lane}·${e.seq}`,
          e.at.toISOString(),
          e.userEmail ?? 'anonymous',
          d.userName,
          d.roleLabel,
          d.actionText,
          e.recordType,
          e.recordId ?? '',
          e.childId ?? '',
          d.childName,
          d.outcomeText,
          e.reason ?? '',
          e.ip ?? '',
        ];
      }),
    ]);
  });
}
