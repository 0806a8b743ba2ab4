/** The Family Front Door's pages, by who uses them. */
import type { FastifyInstance } from 'fastify';
import { auditPages } from './pages/audits.ts';
import { caseworkPages } from './pages/casework.ts';
import { decisionPages } from './pages/decisions.ts';
import { referralPages } from './pages/referrals.ts';
import type { FrontDoorServices } from './pages/shared.ts';

export type { FrontDoorServices };

export function frontDoorRoutes(app: FastifyInstance, services: FrontDoorServices) {
  referralPages(app, services);
  decisionPages(app, services);
  caseworkPages(app, services);
  auditPages(app, services);
}
