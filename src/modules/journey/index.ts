/**
 * The child's journey: every step from contact to child protection, looked after and leaving care
 * as one event with its source (the front door here, or an import of the local authority's Annex A
 * and CIN census returns), and the partnership's KPIs computed from those events.
 */
import { defineModule } from '../../platform/modules/define-module.ts';
import { journeyPolicy } from './policy.ts';
import { journeyCommands } from './commands.ts';
import { type JourneyServices, journeyRoutes } from './routes.ts';
import { JourneyService } from './service.ts';

export const journeyModule = defineModule({
  name: 'journey',
  policy: journeyPolicy,
  navigation: [
    {
      text: 'Journey KPIs',
      href: '/journey/kpis',
      permission: 'journey:kpis',
      inMenu: true,
      hint: 'How children move from contact to child protection, care and leaving care: the partnership’s KPIs for any period',
    },
    {
      text: 'KPI comparators and population',
      href: '/journey/comparators',
      permission: 'journey:comparators',
      hint: 'Statistical neighbours, region and England values, and the child population for rates',
    },
  ],
  tables: ['journey_event', 'journey_population', 'journey_comparator', 'journey_kpi_note', 'journey_import'],
  publishes: [],
  services: (deps: Omit<JourneyServices, 'journey'>) => ({
    journey: new JourneyService({ db: deps.db, calendar: () => deps.calendar }),
  }),
  commands: journeyCommands,
  routes: journeyRoutes,
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
