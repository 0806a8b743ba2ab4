/**
 * Multi-agency audits (the QAPP group's programme, JTAI method): a programme per year, its
 * audits and cases from the child index, each agency's self-audit, the panel's grades and the
 * families' feedback, findings → actions (through the action tracker) → learning briefings,
 * and the figures of each audit and year.
 */
import { defineModule } from '../../platform/modules/define-module.ts';
import type { ActionsService } from '../actions/index.ts';
import type { ChildrenService } from '../children/index.ts';
import type { JourneyService } from '../journey/index.ts';
import { seedDemoAudits } from './demo.ts';
import { qualityPolicy } from './policy.ts';
import { QUALITY_FIGURES, type QualityFigure, qualityRecordsHref, qualityRecordsRoutes } from './records.ts';
import { type QualityServices, qualityRoutes } from './routes.ts';
import { QualityService } from './service.ts';

type Needs = Omit<QualityServices, 'quality'> & {
  children: ChildrenService;
  journey: JourneyService;
  actions: ActionsService;
};

export const qualityModule = defineModule({
  name: 'quality',
  policy: qualityPolicy,
  navigation: [
    {
      text: 'Audits',
      href: '/quality',
      permission: 'quality:audits',
      inMenu: true,
      hint: 'Multi-agency case audits: the programme, self-audits, the panel, findings and actions',
    },
    {
      text: 'Audit figures',
      href: '/quality/figures',
      permission: 'quality:figures',
      hint: 'Audits, children covered, grades by agency, agreement with the panel, families and actions',
    },
    {
      text: 'Learning briefings',
      href: '/quality/briefings',
      permission: 'quality:briefings',
      hint: 'What the partnership’s audits found, and the key messages for practitioners',
    },
  ],
  tables: [
    'qa_programme',
    'qa_audit',
    'qa_audit_agency',
    'qa_audit_question',
    'qa_auditor',
    'qa_case',
    'qa_self_audit',
    'qa_finding',
    'qa_briefing',
    'qa_briefing_version',
  ],
  publishes: [],
  services: (deps: Needs) => ({
    quality: new QualityService({
      db: deps.db,
      children: deps.children,
      journey: deps.journey,
      actions: deps.actions,
    }),
  }),
  routes: (app, services) => {
    qualityRoutes(app, services);
    qualityRecordsRoutes(app, services);
  },
  async seed(services, context) {
    await seedDemoAudits(services.db, services, context.children);
  },
  async reportSection(services, period) {
    // The audits whose self-audits started in the period.
    const audits = (await services.quality.audits({})).filter(
      (a) => a.startsOn >= period.from && a.startsOn <= period.to,
    );
    const f = await services.quality.figures(audits.map((a) => a.id));
    const source = `multi-agency audits starting from ${period.from} to ${period.to}`;
    return {
      title: 'Multi-agency audits',
      figures: [
        { label: 'Multi-agency audits', value: f.audits, source },
        {
          label: 'Children and young people whose experience was audited',
          value: f.children,
          source: `distinct children in the cases of the ${source}`,
        },
        {
          label: 'Agencies’ self-audits completed',
          value: f.grades.selfAudits,
          source: `self-audits of the cases of the ${source}`,
        },
        ...(['outstanding', 'good', 'requires_improvement', 'inadequate'] as const).map((g) => ({
          label: `Self-audits graded ${g.replace('_', ' ')}`,
          value: f.grades.overall[g],
          source: `agencies’ own grades in the ${source}`,
        })),
        {
          label: 'Agencies’ grades agreeing with the panel’s (%)',
          value: f.grades.agreementPercent ?? 'none compared',
          source: `self-audits of cases the panel graded, in the ${source}: ${f.grades.agreed} of ${f.grades.compared}`,
        },
        {
          label: 'Families approached for feedback',
          value: f.familiesApproached,
          source: `cases of the ${source}`,
        },
        { label: 'Families who responded', value: f.familiesResponded, source: `cases of the ${source}` },
        {
          label: 'Actions from the audits still open',
          value: f.actions.open,
          source: `actions of the ${source}, as they stand today`,
        },
        {
          label: 'Actions from the audits done',
          value: f.actions.done,
          source: `actions of the ${source}, as they stand today`,
        },
      ].map((f, i) => {
        const id = QUALITY_ORDER[i];
        if (typeof id === 'string')
          return {
            ...f,
            definition: QUALITY_FIGURES[id].definition,
            recordsHref: qualityRecordsHref(id, period),
          };
        // The rate links to the self-audits it compares; the actions to the audits they came from.
        return { ...f, recordsHref: qualityRecordsHref(id!.href, period), recordsNote: id!.note };
      }),
    };
  },
});

const QUALITY_ORDER: (QualityFigure | { href: QualityFigure; note: string })[] = [
  'audits',
  'children',
  'self-audits',
  'outstanding',
  'good',
  'requires-improvement',
  'inadequate',
  {
    href: 'self-audits',
    note: 'the self-audits it compares, each with the agency’s grade beside the panel’s (those of cases the panel graded are compared)',
  },
  'families-approached',
  'families-responded',
  {
    href: 'audits',
    note: 'the audits the actions came from (each audit’s page lists its actions as they stand today)',
  },
  {
    href: 'audits',
    note: 'the audits the actions came from (each audit’s page lists its actions as they stand today)',
  },
];

export { QualityService } from './service.ts';
export { GRADES, agrees, gradeFigures } from './rules.ts';
