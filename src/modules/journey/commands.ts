/**
 * The journey's commands on the `safeguarding` command line:
 *   safeguarding kpi --from DATE --to DATE [--format json|table] [--no-breakdowns]
 *   safeguarding import annex-a FILE      (an Annex A workbook, or one list as .csv)
 *   safeguarding import cin-census FILE   (Children in Need census XML, checked against the schema)
 *   safeguarding import population FILE   (CSV: district, year, children)
 * A refused file exits with code 2 and changes nothing.
 */
import { isCivilDate } from '../../platform/calendar/index.ts';
import type { ModuleCommandLine, PlatformServices } from '../../platform/modules/define-module.ts';
import { KPI_BY_ID } from './kpi-definitions.ts';
import {
  FileRefused,
  type ImportReport,
  importAnnexA,
  importCinCensus,
  importPopulation,
} from './imports.ts';
import type { JourneyService } from './service.ts';

type Services = PlatformServices & { journey: JourneyService };

function printReport(report: ImportReport) {
  for (const p of report.problems) console.log(`${p.where}: ${p.reason}`);
  console.log(
    `${report.file}: ${report.rowsRead} rows read, ${report.rowsImported} imported, ${report.problems.length} not readable; ` +
      `children: ${report.childrenMatched} found in the child index, ${report.childrenAdded} added as imported records; ` +
      `events: ${report.eventsInserted} new, ${report.eventsUpdated} changed, ${report.eventsUnchanged} already recorded`,
  );
}

export function journeyCommands(cli: ModuleCommandLine<Services>) {
  cli.program
    .command('kpi')
    .description('The partnership’s KPIs for a period (both dates included), computed from journey events')
    .requiredOption('--from <date>', 'first day of the period, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day of the period, YYYY-MM-DD')
    .option('--format <format>', 'json or table', 'json')
    .option('--no-breakdowns', 'only the overall figure of each KPI')
    .action(async (options: { from: string; to: string; format: string; breakdowns: boolean }) => {
      if (!isCivilDate(options.from)) cli.fail(`--from must be a date as YYYY-MM-DD, not "${options.from}"`);
      if (!isCivilDate(options.to)) cli.fail(`--to must be a date as YYYY-MM-DD, not "${options.to}"`);
      if (options.to < options.from) cli.fail('--to must not be before --from');
      if (!['json', 'table'].includes(options.format)) cli.fail('--format must be json or table');
      const figures = await cli.withServices((s) =>
        s.journey.kpis({ from: options.from, to: options.to }, { breakdowns: options.breakdowns }),
      );
      if (options.format === 'json') {
        console.log(JSON.stringify(figures, null, 2));
        return;
      }
      for (const f of figures) {
        const label = f.by
          ? `  ${f.by} ${f.group ?? '(not recorded)'}`
          : (KPI_BY_ID.get(f.id)?.label ?? f.id);
        const value =
          f.value === null ? '–' : Number.isInteger(f.value) ? String(f.value) : f.value.toFixed(3);
        console.log(
          `${(f.by ? '' : f.id).padEnd(30)} ${label.padEnd(58)} ${String(f.numerator).padStart(8)} ${String(f.denominator ?? '').padStart(8)} ${value.padStart(10)}`,
        );
      }
    });

  const imports = cli.group('import', 'Import data into the platform');
  const run = (what: string, work: (s: Services, file: string) => Promise<void>) => async (file: string) => {
    try {
      await cli.withServices((s) => work(s, file));
    } catch (error) {
      if (error instanceof FileRefused) cli.fail(error.message);
      throw error;
    }
    void what;
  };
  imports
    .command('annex-a <file>')
    .description(
      'An Ofsted Annex A workbook (.xlsx, lists 1–9) or one list as .csv: the lists become journey events',
    )
    .action(
      run('annex-a', async (s, file) => {
        const reading = cli.progress('Reading rows  ');
        let writing: ReturnType<typeof cli.progress> | null = null;
        const report = await importAnnexA(s.db, file, {
          // Reading, then (once the first batch is written) events written out of those read so far.
          reading: (rows) => {
            if (!writing) reading.update(rows, Math.max(rows, 1));
          },
          writing: (done, total) => {
            if (!writing) {
              reading.stop();
              writing = cli.progress('Writing events');
            }
            writing.update(done, total);
          },
        }).finally(() => {
          reading.stop();
          (writing as ReturnType<typeof cli.progress> | null)?.stop();
        });
        printReport(report);
      }),
    );
  imports
    .command('cin-census <file>')
    .description(
      'A Children in Need census XML file, checked against the schema: its children’s journeys become events',
    )
    .action(
      run('cin-census', async (s, file) => {
        const bar = cli.progress('Writing events');
        const report = await importCinCensus(s.db, file, {
          reading: () => {},
          writing: (done, total) => bar.update(done, total),
        }).finally(() => bar.stop());
        printReport(report);
      }),
    );
  imports
    .command('population <file>')
    .description(
      'The child population (0–17) per district and year, from a CSV with columns district, year, children',
    )
    .action(
      run('population', async (s, file) => {
        const { rows } = await importPopulation(s.db, file);
        console.log(`${rows} district populations recorded`);
      }),
    );
}
