/** The coordinator's queue: notices waiting to be matched or routed by hand, and notices overdue. */
import type { FastifyInstance } from 'fastify';
import type { EncompassServices } from '../page-services.ts';
import { readableMoment } from './journey.ts';
import { auditListed } from './shared.ts';
import * as clock from '../../../platform/clock.ts';

export function coordinatorQueuePages(app: FastifyInstance, services: EncompassServices) {
  const { encompass } = services;

  app.get(
    '/encompass/queue',
    {
      config: {
        permission: 'encompass:coordinate',
        audit: { action: 'list', recordType: 'encompass-notice' },
      },
    },
    async (request, reply) => {
      const now = clock.now();
      const [queued, overdue] = await Promise.all([
        encompass.notices({ statuses: ['queued'] }),
        encompass.notices({ overdueAt: now }),
      ]);
      await auditListed(request, services, [...queued, ...overdue]);
      return reply.page('encompass/views/queue.njk', {
        // Times as the Design System writes them: 6 December 2026 at 10:30pm.
        when: readableMoment,
        title: 'Queue and overdue notices',
        queued,
        overdue,
      });
    },
  );
}
