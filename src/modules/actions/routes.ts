/**
 * The action tracker's pages. An action's page is open to the owning agency's people, the group
 * that owns its source and the business unit; outside that it does not exist (404).
 */
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../platform/http/errors.ts';
import { numericId } from '../../platform/http/route-helpers.ts';
import type { PlatformServices } from '../../platform/modules/define-module.ts';
import { ACTION_STATUS_LABELS } from './rules.ts';
import type { ActionSummary, ActionsService } from './service.ts';

export type ActionsServices = PlatformServices & { actions: ActionsService };

/** The record facts the policy reads: the owning agency and its teams. */
export function actionFacts(action: Pick<ActionSummary, 'owningOrganisationId' | 'owningTeamIds'>) {
  return {
    organisationIds: action.owningOrganisationId == null ? [] : [action.owningOrganisationId],
    teamIds: action.owningTeamIds ?? [],
  };
}

export function actionsRoutes(app: FastifyInstance, services: ActionsServices) {
  const { actions } = services;

  app.get(
    '/actions/:id',
    { config: { permission: 'action:view', audit: { action: 'view', recordType: 'action' } } },
    async (request, reply) => {
      const id = numericId(request.params);
      const action = await actions.action(id);
      await request.authorise('action:view', action ? actionFacts(action) : {}, { type: 'action', id });
      if (!action) throw new NotFoundError();
      await request.audit(services.db, { recordId: id });
      return reply.page('actions/views/action.njk', {
        title: `Action A-${action.id}`,
        action,
        statusLabel: ACTION_STATUS_LABELS[action.status],
      });
    },
  );
}
