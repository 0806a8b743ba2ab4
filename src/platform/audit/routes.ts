/** The audit log's search page: who viewed or changed which record, and when. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { searchAuditLog } from './audit-log.ts';

const auditSearch = z.object({
  user: z.string().trim().max(254).optional().catch(undefined),
  child: z.uuid().optional().catch(undefined),
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
});

export function auditRoutes(app: FastifyInstance, deps: { db: Db }): void {
  app.get('/audit', { config: { permission: 'audit:search' } }, async (request, reply) => {
    const search = auditSearch.parse(request.query ?? {});
    const entries = await searchAuditLog(deps.db, {
      userEmail: search.user || undefined,
      childId: search.child,
      from: search.from,
      to: search.to,
      limit: 200,
    });
    return reply.page('pages/audit.njk', { title: 'Audit log', entries, search });
  });
}
