/**
 * The audit log by a child's name and date of birth: the child is found through the index (every
 * candidate shown is audited, as on Find a child), then the audit search lists that child's
 * entries. For whoever may search the audit log; the log itself stays the platform's page.
 */
import type { FastifyInstance } from 'fastify';
import { parseForm } from '../../../platform/http/forms.ts';
import type { ChildrenServices } from '../deps.ts';
import { childAuditSearchInput } from '../schema.ts';

const ASKED = [
  'givenName',
  'familyName',
  'dateOfBirth',
  'dateOfBirth-day',
  'dateOfBirth-month',
  'dateOfBirth-year',
];

export function auditSearchRoutes(app: FastifyInstance, services: ChildrenServices) {
  app.get(
    '/children/audit',
    { config: { permission: 'audit:search', audit: { action: 'candidate', recordType: 'child' } } },
    async (request, reply) => {
      const values = (request.query ?? {}) as Record<string, unknown>;
      const page = (data: Record<string, unknown>) =>
        reply.page('children/views/audit-find.njk', { title: 'Audit log: find a child', values, ...data });
      if (!ASKED.some((name) => values[name] !== undefined)) {
        await request.audit(services.db, []);
        return page({ candidates: null });
      }
      const form = parseForm(childAuditSearchInput, values);
      if (!form.ok) {
        reply.code(400);
        await request.audit(services.db, []);
        return page({ errors: form.errors, candidates: null });
      }
      const candidates = await services.children.candidatesFor(form.value);
      // Each child shown is a read of the index, kept in the same request as the page.
      await request.audit(
        services.db,
        candidates.map((c) => ({
          action: 'candidate',
          recordType: 'child',
          recordId: c.child.id,
          childId: c.child.id,
          reason: `audit search p=${c.probability.toFixed(3)}`,
        })),
      );
      return page({
        candidates: candidates.map((c) => ({
          id: c.child.id,
          name: `${c.child.givenName} ${c.child.familyName}`,
          dateOfBirth: c.child.dateOfBirth,
          postcode: c.child.postcode,
          percent: Math.round(c.probability * 1000) / 10,
          strong: c.decision === 'link',
        })),
      });
    },
  );
}
