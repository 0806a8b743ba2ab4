/**
 * The child's journey: every step from contact to child protection, looked after and leaving care
 * as one event with its source (the front door here, or an import of the local authority's Annex A
 * and CIN census returns), and the partnership's KPIs computed from those events.
 */
import { defineModule } from '../../platform/modules/define-module.ts';
import { londonDate } from '../../platform/calendar/index.ts';
import { now } from '../../platform/clock.ts';
import { demoPartnership } from '../registry/index.ts';
import { seedDemoJourney } from './demo.ts';
import { KPI_BY_ID } from './kpi-definitions.ts';
import { journeyPolicy } from './policy.ts';
import { journeyCommands } from './commands.ts';
import { type JourneyServices, formatValue, journeyRoutes } from './routes.ts';
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
      text: 'Import returns',
      href: '/journey/imports',
      permission: 'journey:imports',
      hint: 'Upload the Ofsted Annex A return, the Children in Need census or the child population',
    },
    {
      text: 'KPI comparators and population',
      href: '/journey/comparators',
      permission: 'journey:comparators',
      hint: 'Statistical neighbours, region and England values, and the child population for rates',
    },
  ],
  tables: [
    'journey_event',
    'journey_population',
    'journey_comparator',
    'journey_kpi_note',
    'journey_import',
    'journey_import_run',
    'journey_data_change',
  ],
  publishes: [],
  services: (deps: Omit<JourneyServices, 'journey'>) => ({
    journey: new JourneyService({ db: deps.db, calendar: () => deps.calendar }),
  }),
  commands: journeyCommands,
  routes: journeyRoutes,
  async seed(services, context) {
    const bar = context.progress('Seeding journeys     ');
    await seedDemoJourney(
      services.db,
      services.journey,
      demoPartnership(),
      context.children,
      londonDate(now()),
      (done, total) => bar.update(done, total),
    );
    bar.stop();
  },
  async reportSection(services, period) {
    const figures = await services.journey.kpis(period, { breakdowns: false });
    const notes = await services.journey.notesWithin(period);
    return {
      title: 'The child’s journey: key performance indicators',
      figures: [
        ...figures.map((f) => {
          const kpi = KPI_BY_ID.get(f.id)!;
          return {
            label: kpi.label,
            value: formatValue(kpi, f.value),
            source: `journey events: ${kpi.definition} (${f.numerator}${f.denominator === null ? '' : ` of ${f.denominator}`})`,
            recordsHref: `/journey/kpis/${encodeURIComponent(f.id)}/records?from=${period.from}&to=${period.to}`,
          };
        }),
      ],
      // The QA lead's notes on each KPI become the section's strengths and areas of focus.
      notes: notes.flatMap((n) => {
        const about = `${KPI_BY_ID.get(n.kpi)?.label ?? n.kpi} (${n.periodFrom} to ${n.periodTo})`;
        const source = 'the QA lead’s note on the KPI for the period';
        return [
          ...(n.strengths ? [{ kind: 'strength' as const, about, text: n.strengths, source }] : []),
          ...(n.areasOfFocus
            ? [{ kind: 'area-of-focus' as const, about, text: n.areasOfFocus, source }]
            : []),
        ];
      }),
    };
  },
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
export { KPIS, type KpiDefinition } from './kpi-definitions.ts';
export type { KpiFigure, Period } from './kpis.ts';
// For the benchmark: the county generator and loader, the import and its reader, the KPIs.
export { ANNEX_A_LISTS } from './annex-a.ts';
export { importAnnexA } from './imports.ts';
export { computeKpis } from './kpis.ts';
export { XlsxReader } from './xlsx.ts';
export { loadSyntheticJourneys, syntheticJourneys } from './synthetic.ts';
export * as caseFinding from './case-finding.ts';
