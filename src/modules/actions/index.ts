/**
 * One action tracker for the partnership: every audit, review, recommendation, decision,
 * strategy discussion or MACE meeting that ends in something to be done records it here through
 * `services.actions.createActionsInTrx`, never in a table of its own.
 */
import { defineModule } from '../../platform/modules/define-module.ts';
import { actionsPolicy } from './policy.ts';
import { type ActionsServices, actionsRoutes } from './routes.ts';
import { ActionsService } from './service.ts';

export const actionsModule = defineModule({
  name: 'actions',
  policy: actionsPolicy,
  navigation: [],
  tables: ['action_item'],
  publishes: [],
  services: (deps: Omit<ActionsServices, 'actions'>) => ({ actions: new ActionsService({ db: deps.db }) }),
  routes: actionsRoutes,
});

export {
  ActionInputError,
  type ActionSource,
  type ActionSummary,
  ActionsService,
  type NewAction,
} from './service.ts';
export {
  ACTION_STATUS_LABELS,
  type ActionStatus,
  checkNewAction,
  isSmart,
  missingForSmart,
  statusOf,
} from './rules.ts';
export { actionFacts } from './routes.ts';
export { judgePermission } from './policy.ts';
