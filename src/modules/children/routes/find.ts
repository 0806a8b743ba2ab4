/**
 * Finding a child: every candidate the engine finds is shown with its probability and the
 * weights behind it, before anyone decides which child it is.
 */
import type { FastifyInstance } from 'fastify';
import { parseForm } from '../../../platform/http/forms.ts';
import { childSearchInput } from '../schema.ts';
import type { ChildrenServices } from '../deps.ts';
import { waterfallChart } from './waterfall.ts';

export function findRoutes(app: FastifyInstance, services: ChildrenServices) {
  const children = services.children;

  app.get(
    '/children/find',
    { config: { permission: 'children:find', audit: { action: 'candidate', recordType: 'child' } } },
    async (request, reply) => {
      const values = (request.query ?? {}) as Record<string, unknown>;
      const asked = [
        'givenName',
        'familyName',
        'dateOfBirth',
        'dateOfBirth-day',
        'dateOfBirth-month',
        'dateOfBirth-year',
      ];
      // The form not yet sent shows no errors; a form sent blank is asked to be filled in.
      if (!asked.some((name) => values[name] !== undefined)) {
        await request.audit(services.db, []); // the empty form shows no child
        return reply.page('children/views/find.njk', {
          title: 'Find a child',
          values: {},
          candidates: null,
        });
      }
      const form = parseForm(childSearchInput, values);
      if (!form.ok) {
        reply.code(400);
        await request.audit(services.db, []);
        return reply.page('children/views/find.njk', {
          title: 'Find a child',
          values,
          errors: form.errors,
          candidates: null,
        });
      }
      const candidates = await children.candidatesFor(form.value);
      await request.audit(
        services.db,
        candidates.map((c) => ({
          action: 'candidate',
          recordType: 'child',
          recordId: c.child.id,
          childId: c.child.id,
          reason: `p=${c.probability.toFixed(3)}`,
        })),
      );
      return reply.page('children/views/find.njk', {
        title: 'Find a child',
        values,
        candidates: await Promise.all(
          candidates.map(async (c, i) => ({
            ...c,
            chart: await waterfallChart(c.explanation, `candidate-${i + 1}`),
          })),
        ),
      });
    },
  );
}
