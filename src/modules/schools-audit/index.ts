/**
 * The Section 175/157 safeguarding audit of every school: the education safeguarding team defines
 * each year's questions, each school's DSL fills in its return and its head submits it, the team
 * follows up answers that need action, and the figures of the yearly report are computed from
 * the returns. Other modules import only this file.
 */
import { SYSTEM_ACTOR, auditWriterFor } from '../../platform/audit/audit-log.ts';
import { defineModule } from '../../platform/modules/define-module.ts';
import { seedDemoAudit } from './demo.ts';
import { getSafeFromTraining } from './get-safe.ts';
import { schoolsAuditPolicy } from './policy.ts';
import { behindAnswer, behindHref, reportValue } from './presentation.ts';
import { type SchoolsAuditServices, schoolsAuditRoutes } from './routes.ts';
import { SchoolsAuditService } from './service.ts';

export const schoolsAuditModule = defineModule({
  name: 'schools-audit',
  policy: schoolsAuditPolicy,
  navigation: [
    {
      text: 'Safeguarding audit',
      href: '/schools-audit/my-return',
      permission: 'schools-audit:own',
      inMenu: true,
      hint: 'Your school’s Section 175/157 safeguarding audit return',
    },
    {
      text: 'Section 175/157 audit',
      href: '/schools-audit/years',
      permission: 'schools-audit:manage',
      inMenu: true,
      hint: 'Each year’s questions, schools’ returns, reminders and follow-ups',
    },
    {
      text: 'Audit results',
      href: '/schools-audit/results',
      permission: 'schools-audit:results',
      inMenu: true,
      hint: 'The Section 175/157 audit’s figures, this year against last',
    },
  ],
  tables: [
    'schools_audit_year',
    'schools_audit_section',
    'schools_audit_question',
    'schools_audit_return',
    'schools_audit_answer',
    'schools_audit_rating',
    'schools_audit_amendment',
    'schools_audit_reminder',
    'schools_audit_follow_up',
  ],
  publishes: [],
  services: (deps: Omit<SchoolsAuditServices, 'schoolsAudit'>) => ({
    schoolsAudit: new SchoolsAuditService({
      db: deps.db,
      calendar: () => deps.calendar,
      jobs: () => deps.jobs,
      baseUrl: deps.config.baseUrl,
      // The training module's GET SAFE records, beside each school's own answer about them.
      getSafe: getSafeFromTraining(deps.training),
      actions: deps.actions,
    }),
  }),
  routes: schoolsAuditRoutes,
  async seed(services) {
    await seedDemoAudit(services, auditWriterFor(SYSTEM_ACTOR));
  },
  async reportSection(services, period) {
    // The audit whose returns were due in the reporting year (the latest, if more than one).
    const years = (await services.schoolsAudit.years()).filter(
      (y) => y.closesOn >= period.from && y.closesOn <= period.to,
    );
    const year = years[0];
    if (!year) return { title: 'Section 175/157 safeguarding audit', figures: [] };
    const results = await services.schoolsAudit.results(year);
    const followUps = await services.schoolsAudit.followUps(year.id);
    const source = `submitted returns to the ${year.title}`;
    return {
      title: 'Section 175/157 safeguarding audit',
      figures: [
        {
          label: 'Schools that submitted their return',
          value: `${results.progress.submitted} of ${results.progress.schools}`,
          source: `returns to the ${year.title}, of every school in the registry (early years excepted)`,
        },
        ...results.questions
          .filter((c) => c.question.reportLabel)
          .map((c) => ({
            label: c.question.reportLabel!,
            value: reportValue(c.question, c.now?.all ?? null),
            source: `${source}: answers to “${c.question.text}”`,
            recordsHref: behindHref(year.id, c.question.id, { answer: behindAnswer(c.question) }),
          })),
        {
          label: 'Schools followed up by the education safeguarding team',
          value: new Set(followUps.raised.map((f) => f.settingId)).size,
          source: `follow-ups raised from answers to the ${year.title}`,
          countOf: 'settings' as const,
        },
      ],
    };
  },
});

export { SchoolsAuditService } from './service.ts';
// For the benchmark (bench/schools-audit.ts): its two years of 150 questions, and the bare aggregate.
export { auditAggregate, loadBenchAudit, resubmitOneForBench } from './bench-data.ts';
