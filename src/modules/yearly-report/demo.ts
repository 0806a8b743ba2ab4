/**
 * The demo partnership's yearly report: a draft for the last year to 31 March, built from the demo
 * data every other module has just seeded, with narrative that places some of its figures as live
 * references. It is left as a draft for the business unit to check, and the partners to sign off.
 */
import { SYSTEM_ACTOR, auditWriterFor } from '../../platform/audit/audit-log.ts';
import type { SeedContext } from '../../platform/modules/define-module.ts';
import type { RegistryService } from '../registry/index.ts';
import { WORKING_TOGETHER_CONTENTS } from './checks.ts';
import { keyedSections } from './figures.ts';
import type { YearlyReportServices } from './routes.ts';
import { lastReportingYear } from './service.ts';

/** The executives who sign off for the police and for health (the registry's demo executive signs for the local authority). */
export const DEMO_PARTNER_EXECUTIVES = [
  {
    email: 'executive.police@demo.safeguarding-hub.example',
    familyName: 'Police Executive',
    worksIn: 'the police (safeguarding partner)',
  },
  {
    email: 'executive.health@demo.safeguarding-hub.example',
    familyName: 'Health Executive',
    worksIn: 'the integrated care board (safeguarding partner)',
  },
] as const;

export async function seedDemoYearlyReport(
  services: YearlyReportServices & { registry: RegistryService },
  context: SeedContext,
  today: string,
) {
  const audit = auditWriterFor(SYSTEM_ACTOR);
  for (const e of DEMO_PARTNER_EXECUTIVES) {
    const created = await services.registry.createUser(audit, {
      email: e.email,
      givenName: 'Demo',
      familyName: e.familyName,
      role: 'executive',
      organisationCode: undefined,
      teamCode: undefined,
      settingUrn: undefined,
      password: context.password,
    });
    if (created.ok) context.signIns.push({ role: 'executive', email: e.email, worksIn: e.worksIn });
  }
  const period = lastReportingYear(today);
  const sections = keyedSections(await services.reportSections(period));
  const paragraphs = sections
    .filter((s) => s.figures.length)
    .map((s) => {
      const f = s.figures[0]!;
      return `## ${s.title}\n\n${f.label}: {{figure:${f.key}}} in the year (${f.source}).`;
    });
  const covered = new Set(
    WORKING_TOGETHER_CONTENTS.filter((c) =>
      sections.some((s) => c.modules.includes(s.module) && s.figures.length),
    ).map((c) => c.n),
  );
  const narrative = [
    `This is the safeguarding partners’ report for ${period.from} to ${period.to}. Every figure below is counted from the partnership’s records when the page is drawn.`,
    ...paragraphs,
    ...(covered.has(2)
      ? []
      : ['## Priorities\n\nThe executive reviewed each area of focus every quarter. {{contents:2}}']),
  ].join('\n\n');
  await services.yearlyReport.create(null, {
    title: `Yearly report ${period.from.slice(0, 4)} to ${period.to.slice(0, 4)}`,
    from: period.from,
    to: period.to,
    narrative,
  });
}
