/**
 * The child index's pages, one file per job: the likely duplicates queue (the data quality
 * officer's), finding a child, reconciling another agency's extract, and a child's record.
 */
import type { FastifyInstance } from 'fastify';
import type { ChildrenServices } from '../deps.ts';
import { auditSearchRoutes } from './audit.ts';
import { childRoutes } from './child.ts';
import { duplicatesRoutes } from './duplicates.ts';
import { findRoutes } from './find.ts';
import { reconcileRoutes } from './reconcile.ts';

export type { ChildrenServices } from '../deps.ts';

export function childrenRoutes(app: FastifyInstance, services: ChildrenServices) {
  // The fixed addresses (/children/duplicates, /children/find, /children/reconcile) first, then
  // /children/:id; Fastify prefers a static segment to a parameter whatever the order.
  duplicatesRoutes(app, services);
  findRoutes(app, services);
  auditSearchRoutes(app, services);
  reconcileRoutes(app, services);
  childRoutes(app, services);
}
