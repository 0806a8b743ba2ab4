/**
 * WREN: the hospital's screening of emergency department attendances of children for words
 * that signal risk (reference report, section 8), the hospital safeguarding nurse's triage with
 * what the child index holds about each flagged child, and the monthly profile.
 */
import fs from 'node:fs';
import { SYSTEM_ACTOR, auditWriterFor } from '../../platform/audit/audit-log.ts';
import { defineModule } from '../../platform/modules/define-module.ts';
import { demoPartnership } from '../registry/index.ts';
import { AttendanceFileError, type ColumnMap, guessMapping, readHeader } from './attendance-file.ts';
import { partnerSources } from './crossref.ts';
import { looksLikeJson } from './fhir.ts';
import { seedDemoAttendances } from './demo.ts';
import { healthScreeningPolicy } from './policy.ts';
import {
  HEALTH_SCREENING_FIGURES,
  type HealthScreeningFigure,
  healthScreeningRecordsHref,
  healthScreeningRecordsRoutes,
} from './records.ts';
import { type HealthScreeningServices, healthScreeningRoutes } from './routes.ts';
import { HealthScreeningService } from './service.ts';

const lastYearText = (p: { from: string; to: string }) => `${p.from} to ${p.to}`;

export const healthScreeningModule = defineModule({
  name: 'health-screening',
  policy: healthScreeningPolicy,
  navigation: [
    {
      text: 'WREN triage',
      href: '/health-screening',
      permission: 'wren:triage',
      inMenu: true,
      hint: 'A&E attendances of children flagged by key words, with what the child index holds about each child',
    },
    {
      text: 'Import A&E attendances',
      href: '/health-screening/imports',
      permission: 'wren:import',
      hint: 'Upload the emergency department’s extract: only children’s attendances are kept, each screened and matched',
    },
    {
      text: 'WREN key words',
      href: '/health-screening/keywords',
      permission: 'wren:keywords',
      hint: 'The versioned list of key words and phrases, and what re-screening with a new version changed',
    },
    {
      text: 'WREN monthly profile',
      href: '/health-screening/profile',
      permission: 'wren:profile',
      hint: 'Attendances screened and flagged each month, ages, ethnicity and what was already known',
    },
  ],
  tables: [
    'wren_keyword_list',
    'wren_column_mapping',
    'wren_import',
    'wren_attendance',
    'wren_screening',
    'wren_triage',
  ],
  publishes: [],
  services: (deps: Omit<HealthScreeningServices, 'healthScreening'>) => ({
    // Partner modules built before this one (GET SAFE flags, referrals, CP plans) are optional sources.
    healthScreening: new HealthScreeningService(deps.db, partnerSources(deps as Record<string, unknown>)),
  }),
  routes: (app, services) => {
    healthScreeningRoutes(app, services);
    healthScreeningRecordsRoutes(app, services);
  },
  async seed(services, context) {
    const bar = context.progress('Seeding A&E attendances (WREN)');
    await seedDemoAttendances(
      services.db,
      services.healthScreening,
      demoPartnership(),
      context.children,
      (d, t) => bar.update(d, t),
    );
    bar.stop();
  },
  commands(cli) {
    cli
      .group('import', 'Import records from other systems')
      .command('wren')
      .description(
        'Import an emergency department file of attendances (CSV, or a FHIR R4 Bundle in JSON): children only, screened for the WREN key words and matched to the child index',
      )
      .argument(
        '<file>',
        'a CSV file with a header row (UTF-8), or a FHIR R4 Bundle (JSON) of Encounters and Patients',
      )
      .option('--team <id>', 'the hospital safeguarding team (its id) whose attendances these are')
      .option(
        '--map <field=column>',
        'our field from their column, e.g. attendance_id=AttendanceID (repeatable; unmapped fields are guessed from the header)',
        (value: string, previous: string[]) => [...previous, value],
        [] as string[],
      )
      .action(async (file: string, options: { team?: string; map: string[] }) => {
        let bytes: Buffer;
        try {
          bytes = fs.readFileSync(file);
        } catch (error) {
          cli.fail(
            `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
          );
        }
        const teamId = options.team ? Number(options.team) : null;
        if (options.team && !Number.isInteger(teamId)) cli.fail('--team takes the team’s id, a whole number');
        await cli.withServices(async (services) => {
          try {
            if (looksLikeJson(bytes)) {
              // A FHIR R4 Bundle names its own fields: no mapping.
              const summary = await services.healthScreening.importFhir(
                auditWriterFor(SYSTEM_ACTOR),
                { userId: null, teamId },
                file,
                bytes,
              );
              console.log(
                `Imported ${summary.kept} attendances of children from the FHIR Bundle (${summary.flagged} flagged, ${summary.matched} matched to the child index); ${summary.alreadyImported} imported before, ${summary.adultsDropped} adults left out, ${summary.rejected} entries not read.`,
              );
              for (const p of summary.problems.slice(0, 20)) console.log(`  ${p.column}: ${p.message}`);
              return;
            }
            const { header } = await readHeader(bytes);
            const mapping: ColumnMap = {
              ...guessMapping(header),
              ...((await services.healthScreening.savedMapping({ userId: null, teamId })) ?? {}),
            };
            for (const entry of options.map) {
              const at = entry.indexOf('=');
              if (at <= 0) cli.fail(`--map ${entry}: write it as field=column`);
              mapping[entry.slice(0, at) as keyof ColumnMap] = entry.slice(at + 1);
            }
            const bar = cli.progress('Importing');
            const summary = await services.healthScreening.importFile(
              auditWriterFor(SYSTEM_ACTOR),
              { userId: null, teamId },
              file,
              bytes,
              mapping,
            );
            bar.stop();
            console.log(
              `Imported ${summary.kept} attendances of children (${summary.flagged} flagged, ${summary.matched} matched to the child index); ${summary.alreadyImported} imported before, ${summary.adultsDropped} adults left out, ${summary.rejected} rows not read.`,
            );
            for (const p of summary.problems.slice(0, 20)) console.log(`  Row ${p.row}: ${p.message}`);
          } catch (error) {
            if (error instanceof AttendanceFileError)
              cli.fail(`${file}: nothing was imported.\n${error.message}`);
            throw error;
          }
        });
      });
  },
  async reportSection(services, period) {
    const profile = await services.healthScreening.profile(period);
    const t = profile.total;
    const source = `WREN attendances arriving ${lastYearText(period)} (UK time)`;
    return {
      title: 'WREN: A&E attendances screened for risk',
      figures: [
        { label: 'A&E attendances of children screened', value: t.screened, source },
        {
          label: 'Attendances flagged by key words',
          value: t.flagged,
          source: `${source}, latest screening flagged`,
        },
        {
          label: 'Flagged attendances of children aged 10 to 17',
          value: t.ages[2] ?? 0,
          source: `${source}, flagged, age on the day 10–17`,
        },
        {
          label: 'Flagged attendances with no prior safeguarding alert',
          value: t.noPriorAlert,
          source: `${source}, flagged, nothing known about the child when flagged`,
        },
        {
          label: 'Flagged attendances of children with an allocated social worker',
          value: t.socialWorker,
          source: `${source}, flagged, allocated social worker known when flagged`,
        },
        {
          label: 'Flagged attendances of children with a GET SAFE flag',
          value: t.getSafe,
          source: `${source}, flagged, current GET SAFE flag when flagged`,
        },
      ].map((f, i) => {
        const id = (
          [
            'screened',
            'flagged',
            'flagged-10-to-17',
            'no-prior-alert',
            'social-worker',
            'get-safe',
          ] as const satisfies HealthScreeningFigure[]
        )[i]!;
        return {
          ...f,
          definition: HEALTH_SCREENING_FIGURES[id].definition,
          recordsHref: healthScreeningRecordsHref(id, period),
        };
      }),
    };
  },
});

export { HealthScreeningService } from './service.ts';
export { FIRST_LIST, Screener, compileTerms } from './screening.ts';
// For the benchmark: synthetic attendances, as the demo makes them.
export { DEMO_MAPPING, attendancesCsv, generateAttendances } from './demo.ts';
