/** A child's record in the child index, and the old registry address that now redirects to it. */
import type { FastifyInstance } from 'fastify';
import { ageInYears, londonDate } from '../../../platform/calendar/index.ts';
import { NotFoundError } from '../../../platform/http/errors.ts';
import { uuidId } from '../../../platform/http/route-helpers.ts';
import type { ChildrenServices } from '../deps.ts';
import * as clock from '../../../platform/clock.ts';

export function childRoutes(app: FastifyInstance, services: ChildrenServices) {
  const children = services.children;

  app.get(
    '/children/:id',
    { config: { permission: 'child:view', audit: { action: 'view', recordType: 'child' } } },
    async (request, reply) => {
      const id = uuidId(request.params);
      const [child, enrolments] = await Promise.all([children.child(id), children.childEnrolments(id)]);
      if (!child) {
        await request.authorise('child:view', {}, { type: 'child', id });
        throw new NotFoundError();
      }
      const today = londonDate(clock.now());
      const current = enrolments.filter((e) => !e.onRollTo || e.onRollTo >= today);
      await request.authorise(
        'child:view',
        {
          settingIds: current.map((e) => e.settingId),
          districtIds: child.districtId ? [child.districtId] : [],
          ageYears: ageInYears(child.dateOfBirth, today),
        },
        { type: 'child', id, childId: id },
      );
      const [merged, attended] = await Promise.all([
        children.childrenMergedInto(id),
        children.settingsAttended(id),
      ]);
      // The records merged into this one are shown too: each is a read of that record.
      await request.audit(services.db, [
        { action: 'view', recordType: 'child', recordId: id, childId: id },
        ...merged.map((m) => ({
          action: 'view',
          recordType: 'child',
          recordId: m.id,
          childId: m.id,
          reason: `merged into ${id}`,
        })),
      ]);
      return reply.page('children/views/child.njk', {
        title: `${child.givenName} ${child.familyName}`,
        child,
        // Named with their dates; a setting known only on a merged record says which.
        attended: attended.map((e) => ({
          ...e,
          onMerged: e.childId !== id ? merged.find((m) => m.id === e.childId) : undefined,
        })),
        merged,
      });
    },
  );

  // The child's page lived in the registry before the child index had its own module: old links still work.
  app.get('/registry/children/:id', { config: { permission: 'child:view' } }, async (request, reply) =>
    reply.redirect(`/children/${uuidId(request.params)}`, 301),
  );
}
