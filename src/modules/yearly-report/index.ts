/**
 * The statutory yearly report of the safeguarding partners (Working Together 2023, chapter 2):
 * built for a period from every module's `reportSection` (through `services.reportSections`),
 * narrative with live figure references, checks before publication, the ten contents checklist,
 * sign-off by the three partners, a frozen public version with its checksum, and its PDF.
 */
import { writeFile } from 'node:fs/promises';
import { londonDate } from '../../platform/calendar/index.ts';
import * as clock from '../../platform/clock.ts';
import { defineModule } from '../../platform/modules/define-module.ts';
import type { RegistryService } from '../registry/index.ts';
import { seedDemoYearlyReport } from './demo.ts';
import { ChromiumMissing, printPdf, printableHtml } from './pdf.ts';
import { yearlyReportPolicy } from './policy.ts';
import { type YearlyReportServices, yearlyReportRoutes } from './routes.ts';
import { YearlyReportService } from './service.ts';

export const yearlyReportModule = defineModule({
  name: 'yearly-report',
  policy: yearlyReportPolicy,
  navigation: [
    {
      text: 'Yearly report',
      href: '/yearly-reports',
      permission: 'yearly-report:view',
      inMenu: true,
      hint: 'Build, check, sign off and publish the safeguarding partners’ yearly report',
    },
  ],
  tables: ['yearly_report', 'yearly_report_waiver', 'yearly_report_approval', 'yearly_report_version'],
  publishes: [],
  services: (deps: Omit<YearlyReportServices, 'yearlyReport'> & { registry: RegistryService }) => ({
    yearlyReport: new YearlyReportService({
      db: deps.db,
      reportSections: (period) => deps.reportSections(period),
    }),
  }),
  routes: yearlyReportRoutes,
  commands(cli) {
    cli
      .group('report', 'The yearly report')
      .command('pdf')
      .description('Write the PDF of a published yearly report (by its version id) with Chromium')
      .requiredOption('--id <n>', 'the published version’s id (as in /reports/yearly/N)')
      .requiredOption('--out <file>', 'where to write the PDF')
      .action(async (options: { id: string; out: string }) => {
        if (!/^\d{1,9}$/.test(options.id)) cli.fail('--id must be a whole number, like 3');
        const outcome = await cli.withServices(async (services) => {
          const v = await services.yearlyReport.version(Number(options.id));
          if (!v) return 'missing' as const;
          try {
            return await printPdf(printableHtml(v, services.config.baseUrl));
          } catch (error) {
            if (error instanceof ChromiumMissing) return error;
            throw error;
          }
        });
        if (outcome === 'missing') return cli.fail(`No published yearly report has the id ${options.id}`);
        if (outcome instanceof ChromiumMissing) return cli.fail(outcome.message);
        await writeFile(options.out, outcome);
        console.log(`${options.out}: ${outcome.length} bytes`);
      });
  },
  async seed(services, context) {
    await seedDemoYearlyReport(services, context, londonDate(clock.now()));
  },
});

export { YearlyReportService, lastReportingYear } from './service.ts';
// The records behind a figure: every module's records pages are built with it (records-page.ts).
export {
  type RecordsFigure,
  type RecordsRow,
  RECORDS_PAGE_SIZE,
  recordsHref,
  reportRecordsRoutes,
} from './records-page.ts';
