/**
 * Operation Encompass's pages, by who uses them: the police's incidents (pages/incidents.ts), a
 * notice's recipients and the coordinator sending one on (pages/notices.ts), and the
 * coordinator's queue (pages/queue.ts). Monitoring and enrolment are in monitoring/routes.ts; the
 * police record systems' JSON API in api/routes.ts.
 */
import type { FastifyInstance } from 'fastify';
import { policeIncidentPages } from './pages/incidents.ts';
import { incidentJourneyPages } from './pages/journey.ts';
import { noticePages } from './pages/notices.ts';
import { coordinatorQueuePages } from './pages/queue.ts';

import type { EncompassServices } from './page-services.ts';

export type { EncompassServices };

export function encompassRoutes(app: FastifyInstance, services: EncompassServices) {
  incidentJourneyPages(app, services);
  policeIncidentPages(app, services);
  noticePages(app, services);
  coordinatorQueuePages(app, services);
}
