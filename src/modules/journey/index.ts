/**
 * The child's journey: every step from contact to child protection, looked after and leaving care
 * as one event with its source (the front door here, or an import of the local authority's Annex A
 * and CIN census returns), and the partnership's KPIs computed from those events.
 */
import type { PlatformServices } from '../../platform/modules/define-module.ts';
import { defineModule } from '../../platform/modules/define-module.ts';
import { journeyPolicy } from './policy.ts';
import { JourneyService } from './service.ts';

export type JourneyServices = PlatformServices & { journey: JourneyService };

export const journeyModule = defineModule({
  name: 'journey',
  policy: journeyPolicy,
  tables: ['journey_event'],
  publishes: [],
  services: (deps: Omit<JourneyServices, 'journey'>) => ({ journey: new JourneyService({ db: deps.db }) }),
});

export { JourneyService } from './service.ts';
export {
  CP_PLAN_CATEGORIES,
  type CpPlanCategory,
  JOURNEY_EVENT_KINDS,
  type JourneyEvent,
  type JourneyEventDetails,
  type JourneyEventInput,
  type JourneyEventKind,
  type RecordSummary,
} from './types.ts';
